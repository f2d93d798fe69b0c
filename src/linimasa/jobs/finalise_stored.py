"""Phase 3 of a run that adds to a store, from what the store keeps of each member (docs/incremental.md).

A story a continued run touches is finalised again over all its members, most of which it leaves
as they were: a stored member keeps its analysis, and most keep their entity links and their date.
Finalising such a member from its analysis again (parsed, its entities relinked, its events taken
again for the story's timeline, its final object written out and compared with the stored one) was
most of a continued run's phase 3. The ``doc_inputs`` row written with a member's final object
keeps what its story's finalisation needs of it instead (:func:`inputs_row`): its timeline events,
its summary candidate sentences, the links its entities got, whether its date is its own, and the
final object's fields the kept dates and summaries compare. A member is finalised from that row
(*kept*: its final object is the stored one, with only its story, copy and story score set anew)
when the row goes with its stored final object (a checksum of it, this linimasa's version), its date
is its own (set by its text, page or input: no story or run window changes it) and its entities
link to the same ids and names as when the row was written (only such members have a row). When a
story chooses the date of one of its undated members again (a new dated member joined it), the
kept members it compares are read from their analyses for that choice.

The result is the same as finalising every member from its analysis (:func:`finalise_members` with
nothing kept, a test compares them); a member without a row (a store from before version 8) is
finalised from its analysis, and its row written. Every run finalises by :func:`finalise_members`:
a run that plans over everything (and a Spark run) writes the row of every member it finalises, so
a store a full run made is kept from its rows from its first ingest on.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from typing import Any

from linimasa import __version__
from linimasa.corpus.dating import OVERRULED_BASES
from linimasa.corpus.duplicates import canonical_key
from linimasa.corpus.entities import EntityTable
from linimasa.corpus.features import parse_day, publication_date
from linimasa.corpus.kept_dates import KeepingDater
from linimasa.corpus.plan import StoryTask, apply_and_date
from linimasa.corpus.summary import Summarizer
from linimasa.corpus.timeline import EventMerger, document_events, event_terms, story_events, story_span
from linimasa.jobs.finalise import Finalised, kept_of, kept_summary, kept_timeline
from linimasa.jsontext import dumps, loads
from linimasa.model import Document, TimelineEvent
from linimasa.store.database import Store

ROW_FORMAT = 2
VERSION = f"{__version__}/{ROW_FORMAT}"  # rows of another linimasa are not used


def checksum(text: str) -> int:
    """The checksum of a final object's JSON text that a ``doc_inputs`` row names."""
    return zlib.crc32(text.encode("utf-8"))


Analysed = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


def analysed_links(doc: Document) -> Analysed:
    """The ``(id, name, type)`` of a document's mentions and ``(id, name)`` of its quote speakers, as
    analysed (before :meth:`EntityTable.apply` rewrites them)."""
    return [(m.id, m.name, m.type) for m in doc.entities], [(q.speaker_id, q.speaker) for q in doc.quotes]


def entity_links(analysis: Analysed, final: dict[str, Any]) -> list[list[Any]] | None:
    """What :meth:`EntityTable.apply` made of a document's linked mentions and quote speakers: for
    each distinct ``(id, name, type)`` of a mention of its analysis, the ``(id, name, type)`` of that
    mention in its final object ``final`` (``["m", ...6 values]``), and for each ``(id, name)`` of a
    quote speaker its final ``(id, name)`` (``["q", ...4 values]``). None when the final object does
    not hold the analysis's mentions and quotes one for one (a correction blocked some)."""
    ents, quotes = final.get("entities") or [], final.get("quotes") or []
    if len(ents) != len(analysis[0]) or len(quotes) != len(analysis[1]):
        return None
    out: dict[tuple[Any, ...], list[Any]] = {}
    for m, f in zip(analysis[0], ents, strict=True):
        if m[0] is not None:
            out.setdefault(("m", *m), ["m", *m, f["id"], f["name"], f["type"]])
    for q, g in zip(analysis[1], quotes, strict=True):
        if q[0] is not None:
            out.setdefault(("q", *q), ["q", *q, g["speaker_id"], g["speaker"]])
    return list(out.values())


def links_hold(links: list[list[Any]], table: EntityTable) -> bool:
    """Whether ``table`` links the mentions and speakers of :func:`entity_links` as they were (so
    that applying it to the analysis gives the stored final object's mentions and quotes; a name the
    corrections block is blocked again, by its analysed text and name alone: the links were taken
    where none was)."""
    remap, display = table.remap, table.display
    for item in links:
        if item[0] == "m":
            _, i, name, kind, *was = item
            if i in remap:
                i, name = remap[i]
                kind = i.split(":", 1)[0]
            if [i, display.get(i, name), kind] != was:
                return False
        else:
            _, i, name, *was = item
            if i in remap:
                i, name = remap[i]
            if [i, display.get(i, name)] != was:
                return False
    return True


def own_date(doc: Document) -> bool:
    """Whether a document's date (its analysis) is its own for good: dated, and not by a lead date
    whose year the run window may overrule (corpus.dating's ``StoryDatingStage``), so finalising
    never changes it."""
    if publication_date(doc) is None:
        return False
    basis = (doc.features.get("time") or {}).get("year_basis")
    return not (doc.published_from == "text" and basis in OVERRULED_BASES)


def free_date(doc: Document) -> bool:
    """Whether a document (its analysis) is undated and its lead names no date (no candidate of a
    year-less weekday+date): the run window never dates it, and its story only when the story's
    dated members lie within ``tight_days`` of each other (``StoryDater.choose``) or it is a copy."""
    return publication_date(doc) is None and not (doc.features.get("time") or {}).get("lead_dates")


def final_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """What the kept dates, timelines and summaries read of a member's final object (corpus.kept_dates,
    :func:`~linimasa.jobs.finalise.kept_timeline`, :func:`~linimasa.jobs.finalise.kept_summary`)."""
    feats = obj.get("features") or {}
    out = {
        "id": obj.get("id"),
        "lang": obj.get("lang"),
        "story": obj.get("story"),
        "duplicate_of": obj.get("duplicate_of"),
        "published": obj.get("published"),
        "published_from": obj.get("published_from"),
        "features": {k: feats[k] for k in ("story_dating", "story_score") if k in feats},
    }
    return out


@dataclass
class Analysis:
    """What a member's ``doc_inputs`` row keeps of its analysis (taken before it is finalised)."""

    date: str | None  # "own" (own_date), "free" (free_date) or None
    links: Analysed
    score: list[Any]  # the story score the analysis holds (one value), or none
    candidates: list[tuple[int, str]]  # Summarizer.candidates


def analysis_of(doc: Document, summarizer: Summarizer) -> Analysis:
    score = [doc.features["story_score"]] if "story_score" in doc.features else []
    kind = "own" if own_date(doc) else "free" if free_date(doc) else None
    return Analysis(kind, analysed_links(doc), score, summarizer.candidates(doc))


def inputs_row(
    doc_id: str, data: str, obj: dict[str, Any], a: Analysis, events: list[TimelineEvent]
) -> dict[str, Any] | None:
    """The ``doc_inputs`` row of a finalised member (``data``/``obj``: its final object, ``a`` what its
    analysis said, ``events`` its timeline events), or None when it cannot be kept from one."""
    links = entity_links(a.links, obj)
    if links is None or a.date is None or (a.date == "free" and obj.get("published") is not None):
        return None  # (a free one that its story dated: dated by the story again, when it is kept)
    row: dict[str, Any] = {
        "v": VERSION,
        "date": a.date,
        "h": checksum(data),
        "links": links,
        "cands": [list(c) for c in a.candidates],
        "events": [e.to_json() for e in events],
        "final": final_fields(obj),
    }
    if a.score:
        row["score"] = a.score[0]
    return {"id": doc_id, "data": dumps(row)}


def _stub(row: dict[str, Any]) -> Document:
    """A kept member as the story's dating and ordering read it (its date is its own: nothing else),
    with the story score its analysis holds, if any (``apply_and_date`` sets or removes it)."""
    fields = row["final"]
    return Document(
        id=fields["id"],
        source="",
        raw="",
        lang=fields.get("lang"),
        published=fields.get("published"),
        published_from=fields.get("published_from"),
        features={"story_score": row["score"]} if "score" in row else {},
    )


def _patched(text: str, doc: Document) -> str:
    """A kept member's final object with the story, copy and story score ``doc`` now has (what
    ``apply_and_date`` sets on its analysis: the score set, removed, or as the analysis had it)."""
    obj = loads(text)
    obj["story"], obj["duplicate_of"] = doc.story, doc.duplicate_of
    feats = obj["features"]
    if "story_score" in doc.features:
        feats["story_score"] = doc.features["story_score"]
    else:
        feats.pop("story_score", None)
    return dumps(obj)


def _same(fields: dict[str, Any], doc: Document) -> bool:
    """Whether a kept member's stored story, copy and story score are those ``doc`` now has."""
    was, now = fields["features"], doc.features
    return (
        fields.get("story") == doc.story
        and fields.get("duplicate_of") == doc.duplicate_of
        and ("story_score" in was) == ("story_score" in now)
        and was.get("story_score") == now.get("story_score")
    )


def kept_rows(task: StoryTask, finals: dict[str, str], rows: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The members of ``task`` kept from their ``doc_inputs`` rows (parsed, by id)."""
    kept: dict[str, dict[str, Any]] = {}
    for i in task.ids:
        text, row_text = finals.get(i), rows.get(i)
        if text is None or row_text is None:
            continue
        row = loads(row_text)
        if row.get("v") == VERSION and row.get("h") == checksum(text) and links_hold(row["links"], task.entities):
            kept[i] = row
    return kept


def undated_kept(task: StoryTask, kept: dict[str, dict[str, Any]], docs: dict[str, Document]) -> list[str]:
    """Those of the ``kept`` members whose row is of an undated one (``free_date``: no run window
    dates it) that finalising may date: ``StoryDatingStage`` dates an undated member as a copy of a
    member dated before the stories' choices, or by its story's choice (``KeepingDater.choose``). A
    member stays undated when it is no such copy and its story's members dated then (those dated on
    their own: the kept ones and the analyses ``docs`` that ``own_date`` holds, copies aside) are
    none, or lie more than ``tight_days`` apart (no date is chosen for an undated member without a
    lead date: more dated members only spread them more), or are those of its story's last
    finalisation, which left it undated (``task.kept``). A member that the run window may date
    (neither own nor free) makes its story's dated members unknown."""
    dater = KeepingDater()
    if not dater.require_own_evidence:
        return [i for i, r in kept.items() if r.get("date") == "free"]
    dated: dict[str, set[tuple[str, str]]] = {}  # story -> its members dated on their own (id, day)
    unknown: set[str] = set()  # stories with a member the run window may date
    state: dict[str, str] = {}  # member -> "dated", "undated" (before the stories' choices) or "unknown"
    for m in task.members:
        row, doc = kept.get(m.id), docs.get(m.id)
        if row is not None:
            day = parse_day(row["final"].get("published")) if row.get("date") == "own" else None
            state[m.id] = "dated" if day is not None else "undated"
        elif doc is not None and own_date(doc):
            day = publication_date(doc)
            state[m.id] = "dated"
        elif doc is not None and free_date(doc):
            day, state[m.id] = None, "undated"
        else:
            day, state[m.id] = None, "unknown"
            if m.duplicate_of is None:
                unknown.add(m.story)
        if day is not None and m.duplicate_of is None:
            dated.setdefault(m.story, set()).add((m.id, day.isoformat()))
    out = []
    for m in task.members:
        row = kept.get(m.id)
        if row is None or row.get("date") != "free":
            continue
        if m.duplicate_of is not None and state.get(m.duplicate_of, "undated") != "undated":
            out.append(m.id)  # (a copy of a member that is, or may be, dated)
            continue
        days = sorted(day for _, day in dated.get(m.story, ()))
        if days and (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days > dater.tight_days:
            continue  # (no date is chosen)
        if m.story in unknown:
            out.append(m.id)
            continue
        was = task.kept.dated.get(m.story) if task.kept is not None else None
        chosen = task.kept.chosen.get(m.id) if task.kept is not None else None
        if not days or (was == frozenset(dated.get(m.story, ())) and chosen == (None, None)):
            continue  # (no dated member: no choice; or the choice of the last finalisation, none)
        out.append(m.id)
    return out


def finalise_stored(task: StoryTask, shown: frozenset[str], store: Store) -> Finalised:
    """:func:`~linimasa.jobs.finalise.finalise_task` for a task of a continued plan, from the
    members' ``doc_inputs`` rows where they can be used (see the module doc)."""
    ids = task.ids
    finals, rows = store.finals_and_inputs(ids)
    before = store.load_objects("stories", [s.id for s in task.stories])
    kept = kept_rows(task, finals, rows)
    docs = {
        i: Document.from_json(loads(t)) for i, t in store.load_analysis_json([i for i in ids if i not in kept]).items()
    }
    parsed = {i: kept[i]["final"] if i in kept else final_fields(loads(t)) for i, t in finals.items()}
    task.kept = kept_of(task, parsed)
    free = undated_kept(task, kept, docs)
    docs.update((i, Document.from_json(loads(t))) for i, t in store.load_analysis_json(free).items())
    for i in free:
        del kept[i]
    full: dict[str, Document] = {}

    def load(doc: Document, dated: list[Document]) -> list[Document]:
        """The dated members a story's choice of a date compares (kept ones: their analyses; for
        a kept undated member, whose choice is none by their dates alone, as they are)."""
        if doc.id in kept:
            return dated
        want = [d.id for d in dated if d.id in kept and d.id not in full]
        full.update((i, Document.from_json(loads(t))) for i, t in store.load_analysis_json(want).items())
        return [full.get(d.id, d) if d.id in kept else d for d in dated]

    return finalise_members(task, docs, shown, kept, finals, parsed, before, load)


def finalise_members(
    task: StoryTask,
    docs: dict[str, Document],
    shown: frozenset[str],
    kept: dict[str, dict[str, Any]] | None = None,
    finals: dict[str, str] | None = None,
    parsed: dict[str, dict[str, Any]] | None = None,
    before: dict[str, str] | None = None,
    load: Any = None,
) -> Finalised:
    """Phase 3 for one task, every run's way (a full run's, Spark's, a continued run's): the plan
    applied to the members, the stories' dates, timelines and summaries, and the rows to write,
    with each member's ``doc_inputs`` row (:func:`inputs_row`). ``docs``: the members' analyses
    (parsed) but for those ``kept`` from their rows (:func:`kept_rows`); ``finals``: the members'
    stored final objects (JSON text) in a continued run, ``parsed`` their :func:`final_fields`
    (``task.kept`` set from them), ``before`` the stored objects of the task's stories: a stored
    timeline, summary, final object or row that finalising again would give is kept as it is;
    ``load``: see :class:`~linimasa.corpus.kept_dates.KeepingDater`. With no ``finals`` (a run that
    plans over everything) every member is finalised from its analysis and every row written."""
    kept, finals, parsed, before = kept or {}, finals or {}, parsed or {}, before or {}
    summarizer = Summarizer()
    analysed = {i: analysis_of(d, summarizer) for i, d in docs.items()}
    docs = {**docs, **{i: _stub(row) for i, row in kept.items()}}
    members = apply_and_date(task, docs, load).documents
    by_id = {d.id: d for d in members}
    events: dict[str, list[TimelineEvent]] = {}
    for i in task.ids:
        if i in kept:
            events[i] = [TimelineEvent(**e) for e in kept[i]["events"]]
        else:
            events[i] = document_events(by_id[i])
    merger = EventMerger()
    for story in task.stories:
        ordered = sorted((by_id[i] for i in story.documents if i in by_id), key=canonical_key)
        text = before.get(story.id)
        old = loads(text) if text is not None else None
        timeline = kept_timeline(ordered, old, parsed)
        story.timeline = timeline if timeline is not None else list(story_events(ordered, merger, events))
        start, end = story_span(story.timeline, ordered)
        story.start, story.end = start or story.start, end or story.end
        originals = [d for d in ordered if not d.duplicate_of]
        summary = kept_summary(originals, old, parsed, summarizer)
        if summary is None:
            lang = next((d.lang for d in originals if d.lang), None)
            found = [(d.id, _candidates(d.id, kept, analysed)) for d in originals[: summarizer.max_documents]]
            summary = summarizer.pick(found, lang, len(originals))
        story.summary = summary
    langs = {d.id: d.lang for d in members}
    out = Finalised([], [], [], task.stories, bags={s.id: event_terms(s, langs) for s in task.stories})
    for doc in members:
        stored = finals.get(doc.id)
        row = kept.get(doc.id)
        obj = None
        if row is not None:
            data = stored if _same(row["final"], doc) else _patched(stored or "", doc)
        else:
            obj = doc.to_json()
            data = dumps(obj)
        if doc.id in shown:
            out.texts.append((doc.id, data))
        if data == stored and row is not None:
            continue  # (stored as it is, its row too)
        obj = obj if obj is not None else loads(data)
        if row is not None:
            out.inputs.append({"id": doc.id, "data": dumps({**row, "h": checksum(data), "final": final_fields(obj)})})
        else:
            new_row = inputs_row(doc.id, data, obj, analysed[doc.id], events[doc.id])
            if new_row is not None:
                out.inputs.append(new_row)
        if data == stored:
            continue  # (stored as it is)
        out.add(doc, data, obj, obj.get("title"))
    return out


def _candidates(i: str, kept: dict[str, dict[str, Any]], analysed: dict[str, Analysis]) -> list[tuple[int, str]]:
    if i in kept:
        return [(int(p), str(t)) for p, t in kept[i]["cands"]]
    return analysed[i].candidates


def backfill_inputs(store: Store, batch: int = 500, progress: Any = None) -> int:
    """Write the ``doc_inputs`` row of every stored final object that has none that goes with it (a
    store from before version 8, or finalised by a full run since): what a continued run would write
    when it finalises the document. Returns how many rows were written."""
    ids = store.final_ids()
    summarizer = Summarizer()
    written = 0
    for k in range(0, len(ids), batch):
        chunk = ids[k : k + batch]
        finals, rows = store.finals_and_inputs(chunk)
        stale = [i for i in chunk if i in finals and not _goes_with(rows.get(i), finals[i])]
        out = []
        for i, t in store.load_analysis_json(stale).items():
            a = analysis_of(Document.from_json(loads(t)), summarizer)
            obj = loads(finals[i])
            row = inputs_row(i, finals[i], obj, a, document_events(Document.from_json(obj)))
            if row is not None:
                out.append(row)
        store.save_doc_inputs(out)
        written += len(out)
        if progress is not None:
            progress(k + len(chunk), len(ids))
    return written


def _goes_with(row_text: str | None, final: str) -> bool:
    if row_text is None:
        return False
    row = loads(row_text)
    return bool(row.get("v") == VERSION and row.get("h") == checksum(final))
