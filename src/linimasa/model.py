"""The document and story types every stage reads and writes.

A :class:`Document` is the one object that travels through the pipeline (like spaCy's
``Doc``): the cleaned ``text`` plus standoff annotation layers whose ``start``/``end`` are
character offsets into that text. Stages add layers; they never rewrite ``text`` after the
cleaning stage has produced it, so offsets stay valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: the article as found, before any analysis.

    ``text`` is the raw plain text (for HTML, the main text Trafilatura extracted);
    ``meta`` carries metadata given by the input (JSON Lines fields) or found in the page
    (``html_title``, ``html_published``, ``html_outlet``...), and ``source`` says where it
    came from (path, path:line, or WARC record) for error messages. ``extra`` holds the input
    fields the contract does not name (IndoSum's ``category``, a feed's ``tags``), written out
    as the document's ``meta`` (:meth:`Document.to_json`).
    """

    id: str
    text: str
    source: str
    url: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Removed:
    """A piece of the original text that cleaning dropped, and why."""

    text: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Span:
    """A plain standoff span (sentences, paragraphs)."""

    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(slots=True)
class Timex:
    """A temporal expression: TIMEX3 ``type`` and ``value`` at ``text[start:end]``.

    ``anchor`` says what the value was resolved against (``published``, ``previous``,
    ``story``, ``explicit``...), ``candidates`` lists candidate values when the year could
    not be decided (a year-less weekday+date without an anchor).
    """

    text: str
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None
    anchor: str | None = None
    candidates: list[str] = field(default_factory=list)
    # For a DURATION anchored in time ("tiga hari ke depan" = P3D): the interval it covers,
    # "start/end" as a TIMEX3 range value, so timelines can place it.
    interval: str | None = None

    def to_json(self) -> dict[str, Any]:
        # Built by hand, not with dataclasses.asdict: it deep-copies generically and was most
        # of the cost of writing a document (every document is written twice: store, output).
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "anchor": self.anchor,
        }
        if self.candidates:
            out["candidates"] = list(self.candidates)
        if self.interval:
            out["interval"] = self.interval
        return out


@dataclass(slots=True)
class EntityMention:
    """A named-entity mention; ``id``/``name`` link it to the corpus-wide entity."""

    text: str
    start: int
    end: int
    type: str
    id: str | None = None
    name: str | None = None
    role: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "id": self.id,
            "name": self.name,
            "role": self.role,
        }


@dataclass(slots=True)
class Quote:
    """A direct or indirect quotation and its speaker (``speaker`` null when unknown)."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_id: str | None = None
    kind: str = "direct"
    cue: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "kind": self.kind,
            "cue": self.cue,
        }


@dataclass(slots=True)
class Document:
    """One article as it goes through the pipeline and as it is written out."""

    id: str
    source: str
    raw: str
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    lang: str | None = None
    title: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_from: str | None = None
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    story: str | None = None
    duplicate_of: str | None = None
    # Evidence for later (corpus) stages: candidate publication years, explicit dates...
    features: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # the input fields the contract does not name, written out as ``meta`` (absent when empty);
    # ``meta`` above is the internal metadata the stages read (title, published, html_*...)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: RawDocument) -> Document:
        meta = dict(raw.meta)
        warnings = [str(w) for w in meta.pop("warnings", [])]
        return cls(
            id=raw.id, source=raw.source, raw=raw.text, url=raw.url, meta=meta, warnings=warnings, extra=dict(raw.extra)
        )

    def to_json(self) -> dict[str, Any]:
        """The contract's document object (``docs/output-contract.md``), plus extra fields;
        ``meta`` (the kept input fields) only when there are some."""
        out = {
            "id": self.id,
            "url": self.url,
            "lang": self.lang,
            "title": self.title,
            "outlet": self.outlet,
            "dateline": self.dateline,
            "published": self.published,
            "published_from": self.published_from,
            "text": self.text,
            "removed": [r.to_json() for r in self.removed],
            "credits": list(self.credits),
            "timexes": [t.to_json() for t in self.timexes],
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "story": self.story,
            "duplicate_of": self.duplicate_of,
            "sentences": [s.to_json() for s in self.sentences],
            "source": self.source,
            "features": self.features,
            "warnings": list(self.warnings),
        }
        if self.extra:
            out["meta"] = dict(self.extra)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Rebuild a document from :meth:`to_json` output (used by the store)."""
        return cls(
            id=data["id"],
            source=data.get("source", ""),
            raw="",
            url=data.get("url"),
            lang=data.get("lang"),
            title=data.get("title"),
            outlet=data.get("outlet"),
            dateline=data.get("dateline"),
            published=data.get("published"),
            published_from=data.get("published_from"),
            text=data.get("text", ""),
            removed=[Removed(**r) for r in data.get("removed", [])],
            credits=list(data.get("credits", [])),
            sentences=[Span(**s) for s in data.get("sentences", [])],
            timexes=[Timex(**t) for t in data.get("timexes", [])],
            entities=[EntityMention(**e) for e in data.get("entities", [])],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            story=data.get("story"),
            duplicate_of=data.get("duplicate_of"),
            features=dict(data.get("features", {})),
            warnings=list(data.get("warnings", [])),
            extra=dict(data.get("meta") or {}),
        )

    def check_offsets(self) -> list[str]:
        """Every layer's ``text[start:end]`` must equal the annotation's text."""
        problems: list[str] = []
        for layer in (self.timexes, self.entities, self.quotes):
            for a in layer:
                if not (0 <= a.start <= a.end <= len(self.text)) or self.text[a.start : a.end] != a.text:
                    problems.append(f"{type(a).__name__} {a.text!r} at {a.start}:{a.end}")
        for s in self.sentences + self.paragraphs:
            if not (0 <= s.start <= s.end <= len(self.text)):
                problems.append(f"span {s.start}:{s.end} outside text")
        return problems


@dataclass(slots=True)
class TimelineEvent:
    """A dated event: ``date`` a TIMEX3 date value at its real granularity (``day``,
    ``week``, ``month``, ``year``, ``range``), ``evidence`` the supporting sentences as
    ``{document, text, start, end}`` (offsets into that document's text)."""

    date: str
    text: str
    documents: list[str]
    status: str = "reported"
    granularity: str = "day"
    evidence: list[dict[str, Any]] = field(default_factory=list)
    placement: str = "span"  # span | background | scheduled (docs/time.md)

    def to_json(self) -> dict[str, Any]:
        # built by hand: dataclasses.asdict deep-copies recursively, a hot spot on big corpora
        return {
            "date": self.date,
            "text": self.text,
            "documents": list(self.documents),
            "status": self.status,
            "granularity": self.granularity,
            "evidence": [dict(e) for e in self.evidence],  # flat {document, text, start, end}
            "placement": self.placement,
        }


@dataclass(slots=True)
class Story:
    id: str
    title: str
    documents: list[str]
    start: str | None = None
    end: str | None = None
    entities: list[str] = field(default_factory=list)
    summary: list[dict[str, str]] = field(default_factory=list)
    timeline: list[TimelineEvent] = field(default_factory=list)
    thread: str | None = None  # the thread (a longer history) it belongs to, None when alone
    # why its members are together: {terms, entities, dates, score} (see docs/stories.md)
    why: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "documents": list(self.documents),
            "start": self.start,
            "end": self.end,
            "entities": list(self.entities),
            "summary": [dict(x) for x in self.summary],  # flat {text, document}
            "timeline": [e.to_json() for e in self.timeline],
            "thread": self.thread,
            "why": dict(self.why),
        }


@dataclass
class Thread:
    """A longer history: stories that share their central actors and subject, in time order.

    ``links`` say why each story after the first is in the thread:
    ``{story, to, score, entities, terms, reference}`` (``to`` the story it follows).
    """

    id: str
    title: str
    stories: list[str]
    entities: list[str] = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    links: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "stories": list(self.stories),
            "entities": list(self.entities),
            "start": self.start,
            "end": self.end,
            "links": [dict(x) for x in self.links],
        }


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str]
    documents: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "documents": self.documents,
        }
