"""What story clustering needs of one document: its terms, entities and the dates that place it.

A :class:`StoryItem` holds no text and no layers: term keys with counts, entity ids, its
dates (publication day and the dates it talks about near it), the days its lead names (the
day of the happening it reports) and the dates it refers back to (for threads).
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linimasa.corpus.features import (
    document_terms,
    has_cue,
    interval_gap,
    publication_date,
    series_cues,
    value_interval,
)
from linimasa.model import Document

Interval = tuple[dt.date, dt.date]
FOCUS_DAYS = 30  # dates a document talks about within this distance of its publication
CENTRAL_BY_COUNT = (0.15, 0.35, 0.6)  # centrality of an entity its lead does not name, by mentions (1, 2, 3+)
LEAD_WORDS = 15  # words of an untitled story's first sentence kept for its title (one more than shown)


@dataclass(slots=True)
class StoryItem:
    """What clustering and story assembly need of one document (no text, no layers).

    ``terms`` are the document's term keys in first-seen order (strings, or integers
    standing for ``names[key]`` when the caller interns them) with their ``counts``;
    ``entities`` its final entity ids with mention counts, in first-seen order.
    """

    id: str
    lang: str | None
    pub: date | None  # (a plain name: mypyc resolves a compiled dataclass's field types by name)
    terms: Sequence[Any]
    counts: Sequence[int]
    entities: Sequence[tuple[str, int]]
    points: list[Interval]
    dated: bool
    title: str | None = None  # the stripped headline, None when there is none
    lead: str = ""  # the first words of the first sentence (story titles of untitled stories)
    duplicate_of: str | None = None
    # the days its first sentences name (the day of the happening it reports: "Sabtu (23/12)", "kemarin")
    events: list[Interval] = field(default_factory=list)
    # dates it refers back to, long before it (background: "setelah pertemuan ... pada 2019"), for threads
    refs: list[Interval] = field(default_factory=list)
    series: bool = False  # its lead reports one of a series of repeated happenings (a match, a hearing)
    # its time when it has no publication date: the latest concrete day its lead names (the day of
    # the happening it reports, "Kamis (18/8/2016)"); None when it has a publication date or no such day
    anchor: date | None = None
    # without a publication date or an anchor: the candidate days of the year-less weekday+dates its
    # lead names ("Jumat (2/6)": 2 June of the years it is a Friday); a story near one of them places it
    lead_candidates: list[date] = field(default_factory=list)
    cue: bool = False  # its lead holds a series cue, whether or not it names a day
    # how central each entity is to it (0..1: named in its title or lead, or often), for threads;
    # a name met once in its last sentence (a source credit, a byline) is not central
    central: list[tuple[str, float]] = field(default_factory=list)
    # what ``central`` is computed from (entity id, mentions, in the title or lead, before the last
    # sentence): the corpus plan recomputes it once entity ids are linked across documents
    central_facts: list[tuple[str, int, bool, bool]] = field(default_factory=list)

    def canonical_key(self) -> tuple[str, str]:
        return (self.pub.isoformat() if self.pub else "9999-99-99", self.id)

    @property
    def time(self) -> date | None:
        """Its publication date, else its lead's day (the ``anchor``)."""
        return self.pub or self.anchor

    @property
    def evidence(self) -> bool:
        """Whether it has date evidence: a publication date, or a day its lead names."""
        return self.pub is not None or self.anchor is not None

    def processing_key(self) -> tuple[int, str, str]:
        day = self.pub or self.anchor
        if day:
            return (0, day.isoformat(), self.id)
        return (1 if self.points else 2, "", self.id)


def story_item(doc: Document, focus_days: int = FOCUS_DAYS) -> StoryItem:
    """The :class:`StoryItem` of a document (entity ids as its mentions have them)."""
    counts = document_terms(doc)
    ents: dict[str, int] = {}
    for e in doc.entities:
        if e.id:
            ents[e.id] = ents.get(e.id, 0) + 1
    lead_end = doc.sentences[min(2, len(doc.sentences)) - 1].end if doc.sentences else 300
    pub = publication_date(doc)
    anchor = None if pub is not None else lead_day(doc, lead_end)
    points, dated = document_points(doc, focus_days, anchor)
    cands = lead_candidates(doc, lead_end) if pub is None and anchor is None else []
    events, refs = lead_and_background_dates(doc, focus_days, anchor=anchor)
    lead_text = doc.text[:lead_end]
    cue = has_cue(lead_text, series_cues(doc.lang or ""))
    series = bool(events) and cue
    title = doc.title.strip() if doc.title and doc.title.strip() else None
    lead = ""
    if title is None:
        text = doc.text[doc.sentences[0].start : doc.sentences[0].end] if doc.sentences else doc.text
        lead = " ".join(text.split()[:LEAD_WORDS])
    return StoryItem(
        id=doc.id,
        lang=doc.lang,
        pub=pub,
        terms=list(counts.keys()),
        counts=list(counts.values()),
        entities=list(ents.items()),
        points=points,
        dated=dated,
        title=title,
        lead=lead,
        duplicate_of=doc.duplicate_of,
        events=events,
        refs=refs,
        series=series,
        cue=cue,
        anchor=anchor,
        lead_candidates=cands,
        central=centrality(facts := entity_facts(doc, lead_end)),
        central_facts=facts,
    )


_WEEKEND = re.compile(r"^(\d{4})-W(\d{2})-WE$")


def day_interval(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """:func:`value_interval`, and a weekend ("akhir pekan ini", "this weekend": TIMEX3
    ``2017-W14-WE``) as the Saturday and Sunday of its ISO week (a "range"): the days of the
    race or match a preview announces."""
    if value and (m := _WEEKEND.match(value)):
        try:
            sat = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6)
        except ValueError:
            return None
        return sat, sat + dt.timedelta(days=1), "range"
    return value_interval(value)


def lead_day(doc: Document, lead_end: int) -> date | None:
    """The latest concrete day (with its year) that the document's first sentences name: the time of
    an article without a publication date (the day of the happening it reports). None when its lead
    names no such day (a year-less "Sabtu (23/12)" left open does not count)."""
    days = []
    for t in doc.timexes:
        if t.start >= lead_end or t.type not in ("DATE", "TIME"):
            continue
        iv = value_interval(t.value)
        if iv and iv[2] in ("day", "range") and (iv[1] - iv[0]).days <= 3:
            days.append(iv[1])
    return max(days) if days else None


def lead_candidates(doc: Document, lead_end: int) -> list[date]:
    """The candidate days of the year-less day expressions (a weekday and a date) of the first sentences."""
    out: list[date] = []
    for t in doc.timexes:
        if t.start >= lead_end or t.type not in ("DATE", "TIME"):
            continue
        for c in t.candidates[:12]:
            civ = value_interval(c)
            if civ and civ[2] == "day" and civ[0] not in out:
                out.append(civ[0])
    return out


def document_points(doc: Document, focus_days: int, anchor: date | None = None) -> tuple[list[Interval], bool]:
    """The dates that place a document in time, and whether it has a publication date.

    Dated: the publication day and the concrete dates of its expressions within
    ``focus_days`` of it (background dates years back are left out); an undated document
    with an ``anchor`` (its lead's day) is placed the same way around that day. Otherwise:
    the candidate dates of its year-less expressions and its concrete day-level dates.
    """
    pub = publication_date(doc)
    if pub is None and anchor is not None:
        pub = anchor
        dated = False
    else:
        dated = pub is not None
    points: list[Interval] = []
    if pub:
        points.append((pub, pub))
    for t in doc.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        iv = day_interval(t.value)
        if iv and iv[2] in ("day", "range", "week"):
            if pub is None or interval_gap((iv[0], iv[1]), (pub, pub)) <= focus_days:
                points.append((iv[0], iv[1]))
        elif pub is None:
            for c in t.candidates[:12]:
                civ = value_interval(c)
                if civ and civ[2] in ("day", "range", "week"):
                    points.append((civ[0], civ[1]))
    return points, dated


def lead_and_background_dates(
    doc: Document, focus_days: int, lead_sentences: int = 2, anchor: date | None = None
) -> tuple[list[Interval], list[Interval]]:
    """The day-level dates of the document's first sentences near its publication (the day of
    the happening it reports, or of the one a preview announces), and the concrete dates it
    names long before its publication (references back: a year, a month, a day). Without a
    publication date, ``anchor`` (its lead's day) stands for it."""
    pub = publication_date(doc) or anchor
    if pub is None:
        return [], []
    lead_end = doc.sentences[min(lead_sentences, len(doc.sentences)) - 1].end if doc.sentences else 300
    events: list[Interval] = []
    refs: list[Interval] = []
    for t in doc.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        iv = day_interval(t.value)
        if not iv:
            continue
        a, b, kind = iv
        gap = interval_gap((a, b), (pub, pub))
        if (pub - b).days > 1 and _WEEKEND.match(t.value or ""):
            continue  # "last weekend" written days later looks back; "this weekend" announces the race
        if t.start < lead_end and kind in ("day", "range") and (b - a).days <= 3 and gap <= focus_days:
            if (a, b) not in events:
                events.append((a, b))
        elif b < pub and gap > focus_days and (a, b) not in refs:
            refs.append((a, b))
    return events[:3], refs[:8]


def capped_counts(counts: Sequence[int]) -> array:
    """Term counts as an ``array('H')``, capped at 65,535 (a C-level copy when nothing needs capping)."""
    if max(counts, default=0) <= 65535:
        return array("H", counts)
    return array("H", (min(c, 65535) for c in counts))


def entity_centrality(doc: Document, lead_end: int) -> list[tuple[str, float]]:
    """How central each entity is to a document, in first-seen order: 1.0 when its title or lead
    (``text[:lead_end]``) names it, else growing with its mentions (``CENTRAL_BY_COUNT``); 0 for
    a name met once in the last sentence only (a source credit, a photo credit, a byline)."""
    return centrality(entity_facts(doc, lead_end))


def entity_facts(doc: Document, lead_end: int) -> list[tuple[str, int, bool, bool]]:
    """``(entity id, mentions, named in the title or lead, named before the last sentence)`` per
    entity of a document, in first-seen order: what :func:`centrality` needs."""
    title = (doc.title or "").lower()
    last_start = doc.sentences[-1].start if len(doc.sentences) > 2 else len(doc.text) + 1
    facts: dict[str, list] = {}
    for e in doc.entities:
        if not e.id:
            continue
        f = facts.setdefault(e.id, [0, False, False])
        f[0] += 1
        if e.start < lead_end or (title and e.text.lower() in title):
            f[1] = True
        if e.start < last_start:
            f[2] = True
    return [(eid, int(n), bool(lead), bool(early)) for eid, (n, lead, early) in facts.items()]


def centrality(
    facts: list[tuple[str, int, bool, bool]], final_id: Callable[[str], str] | None = None
) -> list[tuple[str, float]]:
    """:func:`entity_centrality` from :func:`entity_facts`, the ids mapped by ``final_id`` first
    (entities linked across documents after the facts were taken count as one)."""
    merged: dict[str, list] = {}
    for eid, n, lead, early in facts:
        f = merged.setdefault(final_id(eid) if final_id else eid, [0, False, False])
        f[0] += n
        f[1] = f[1] or lead
        f[2] = f[2] or early
    out: list[tuple[str, float]] = []
    for eid, (n, lead, early) in merged.items():
        if lead:
            w = 1.0
        elif not early and n == 1:
            w = 0.0
        else:
            w = CENTRAL_BY_COUNT[min(n, len(CENTRAL_BY_COUNT)) - 1]
        out.append((eid, w))
    return out
