"""Phase 3 of a run: each story's members, loaded again in full, finalised (the corpus plan
applied, dates from the story, timeline, summary), and what the store and the outputs need
of them.

:func:`finalise_task` runs in a pool worker (set up by :func:`init_finaliser`) or in this
process; :func:`finalise_loaded` also in Spark tasks. :class:`FinalCollector` writes the
results to the store in input order and keeps what the outputs need (:class:`StreamResult`).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.duplicates import canonical_key
from linimasa.corpus.features import sentence_vectors
from linimasa.corpus.kept_dates import KeptDates, kept_dates
from linimasa.corpus.plan import CorpusPlan, StoryTask
from linimasa.corpus.records import DocRecord
from linimasa.corpus.summary import Summarizer
from linimasa.corpus.threads import refresh_threads
from linimasa.engines.pool import tune_worker_gc
from linimasa.jsontext import loads
from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml
from linimasa.model import Document, Story, TimelineEvent
from linimasa.store.database import Store
from linimasa.store.indexing import day_of, derived_rows
from linimasa.time import resolve_document

_STATE: dict[str, Any] = {}


@dataclass
class Finalised:
    """A worker's answer for one task of phase 3."""

    rows: list[dict[str, Any]]  # documents columns: _id, data, story, published, day, title, duplicate_of
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    stories: list[Story]
    texts: list[tuple[str, str]] = field(default_factory=list)  # (id, data) of members the report shows
    bags: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # story id -> its events' terms
    inputs: list[dict[str, Any]] = field(default_factory=list)  # doc_inputs rows (jobs.finalise_stored)

    def add(self, doc: Document, data: str, obj: dict[str, Any], title: str | None) -> None:
        """The final row of ``doc`` (its JSON text ``data`` of ``obj``), with its mention and quote rows."""
        self.rows.append(
            {
                "_id": doc.id,
                "data": data,
                "story": doc.story,
                "published": doc.published,
                "day": day_of(doc.published),
                "title": title,
                "duplicate_of": doc.duplicate_of,
            }
        )
        mentions, quotes = derived_rows(obj)
        self.mentions += mentions
        self.quotes += quotes


def init_finaliser(db: str) -> None:
    """A phase-3 worker: what finalising loads on first use (the time resolver's lexicons, the
    stemmer, the IDF background), loaded now, while the parent plans on the other core."""
    _STATE["db"] = db
    tune_worker_gc()
    try:
        warm_finaliser()
    except Exception:  # only a warm-up: finalising loads the same on first use (and reports what fails there)
        pass
    gc.freeze()  # loaded once and never freed: out of the collector's view


def warm_finaliser() -> None:
    """Load the resources of :func:`finalise_task` for every language (on its pack's ``sample`` line)."""
    for lang in SUPPORTED_LANGUAGES:
        line = load_toml(lang, "corpus").get("sample")
        if line:
            resolve_document(Document(id="", source="", raw="", text=line, lang=lang), dt.date(2017, 4, 3), "story")
            sentence_vectors([line], lang)


def _worker_store() -> Store:
    store = _STATE.get("store")
    if store is None:
        store = _STATE["store"] = Store(_STATE["db"], restore_indexes=False)
    return store



def finalise_task(task: StoryTask, shown: frozenset[str], store: Store | None = None) -> Finalised:
    """Phase 3 for one task: the final objects of its members (read from the store) and its stories.
    A task of a continued plan (``task.kept`` set) reads its members' stored final objects too: a
    member whose final object comes out the same is not written again."""
    store = store or _worker_store()
    if task.kept is not None:
        from linimasa.jobs.finalise_stored import finalise_stored  # (it builds on this module)

        return finalise_stored(task, shown, store)
    return finalise_loaded(task, store.load_analysis_json(task.ids), shown)


def finalise_loaded(
    task: StoryTask,
    stored: dict[str, str],
    shown: frozenset[str],
    finals: dict[str, str] | None = None,
    before: dict[str, str] | None = None,
) -> Finalised:
    """Phase 3 for one task whose members' analyses (JSON text by id) are at hand (a run that plans
    over everything, a Spark task): :func:`~linimasa.jobs.finalise_stored.finalise_members` over
    every member's analysis, with each member's ``doc_inputs`` row. ``finals``: the members' stored
    final objects (JSON text) in a continued run: the dates they hold are kept where their stories'
    dated members are the same (``task.kept``), and a member whose final object is the same text is
    left out of the rows to write (its document, mention and quote rows stand as they are);
    ``before``: the stored objects of the task's stories, whose timelines and summaries are kept
    where finalising again would give them (:func:`kept_timeline`, :func:`kept_summary`)."""
    from linimasa.jobs.finalise_stored import final_fields, finalise_members  # (it builds on this module)

    docs = {i: Document.from_json(loads(stored[i])) for i in task.ids}
    if finals is None:
        return finalise_members(task, docs, shown)
    parsed = {i: final_fields(loads(t)) for i, t in finals.items()}
    task.kept = kept_of(task, parsed)
    return finalise_members(task, docs, shown, None, finals, parsed, before)


def kept_timeline(
    ordered: list[Document], old: dict[str, Any] | None, finals: dict[str, dict[str, Any]]
) -> list[TimelineEvent] | None:
    """The stored timeline of a story (``old``: its stored object, parsed) when taking it again gives it,
    else None: a timeline is merged from its members' events, each a function of the member's text,
    sentences, time expressions (resolved against its date) and date, and of the members' canonical
    order; when the story holds the same members as stored and each has the date (``published``,
    ``published_from``) its stored final object has, so is the timeline (a story touched by a
    relinked entity, or whose thread or copies changed nothing of its members). The events'
    placements are taken again by ``story_span``."""
    if old is None:
        return None
    if sorted(old.get("documents") or ()) != sorted(d.id for d in ordered):
        return None
    for d in ordered:
        obj = finals.get(d.id)
        if obj is None or obj.get("published") != d.published or obj.get("published_from") != d.published_from:
            return None
    return [TimelineEvent(**e) for e in old.get("timeline") or ()]


def kept_summary(
    originals: list[Document], old: dict[str, Any] | None, finals: dict[str, dict[str, Any]], summarizer: Summarizer
) -> list[dict[str, str]] | None:
    """The stored summary of a story (``old``: its stored object, parsed) when summarising its ``originals``
    (its members that are no copy, in canonical order) again gives it, else None: the summary is taken
    from the first ``max_documents`` originals (their texts and sentences, which a continued run never
    changes), their language and how many there are (the number of sentences wanted); when those are
    the same as when the story was last finalised (its stored members' final objects: dates and
    ``duplicate_of`` as they were), so is the summary."""
    if old is None:
        return None
    objs = [finals.get(i) for i in old.get("documents") or ()]
    if not objs or any(o is None for o in objs):
        return None
    prev = sorted((o for o in objs if o is not None and not o.get("duplicate_of")), key=_final_key)
    n = summarizer.max_documents
    if [o.get("id") for o in prev[:n]] != [d.id for d in originals[:n]]:
        return None

    def wanted(k: int) -> int:
        return min(summarizer.max_sentences, max(summarizer.min_sentences, k + 2))

    if wanted(len(prev)) != wanted(len(originals)):
        return None
    if next((o.get("lang") for o in prev if o.get("lang")), None) != next((d.lang for d in originals if d.lang), None):
        return None
    return [dict(x) for x in old.get("summary") or ()]


def _final_key(obj: dict[str, Any]) -> tuple[str, str]:
    """:func:`canonical_key` of a stored final object."""
    doc = Document(
        id=obj.get("id") or "", source="", raw="", published=obj.get("published"), published_from=obj.get("published_from")
    )
    return canonical_key(doc)


def kept_of(task: StoryTask, finals: dict[str, dict[str, Any]]) -> KeptDates:
    """The dates the task's stories gave their stored members when last finalised
    (:mod:`linimasa.corpus.kept_dates`), from the members' stored final objects (those still in
    the same story, with the same ``duplicate_of``)."""
    got: dict[str, tuple[str, str | None, str | None, str | None, dict[str, Any] | None]] = {}
    for m in task.members:
        obj = finals.get(m.id)
        if obj is None:
            continue
        if obj.get("story") != m.story or obj.get("duplicate_of") != m.duplicate_of:
            continue
        evidence = (obj.get("features") or {}).get("story_dating")
        got[m.id] = (m.story, m.duplicate_of, obj.get("published"), obj.get("published_from"), evidence)
    return kept_dates(got)


def analysis_row(rec: DocRecord, content_hash: str, analysis: str) -> dict[str, Any]:
    """The store's ``documents`` row of a freshly analysed document."""
    return {
        "id": rec.id,
        "content_hash": content_hash,
        "source": rec.source,
        "lang": rec.lang,
        "published": rec.published,
        "outlet": rec.outlet,
        "analysis": analysis,
    }


class FinalCollector:
    """Writes the finalised tasks to the store and keeps what the write phase needs.

    Tasks are written about ``flush_documents`` documents per transaction (four input
    batches in a run): the mention and quote rows land all over their entity and speaker
    indexes, and a larger transaction writes each touched index page once for several tasks
    (the final rows are not the resume checkpoint: an interrupted run finalises again from
    the stored analyses).
    """

    def __init__(
        self,
        store: Store,
        run_id: int,
        on_story_task: Callable[[int], None] | None = None,
        flush_documents: int = 1024,
    ) -> None:
        self.store, self.run_id, self.on_story_task = store, run_id, on_story_task
        self.flush_documents = flush_documents
        self.published_by_id: dict[str, str | None] = {}
        self.texts: dict[str, dict[str, Any]] = {}
        self.stories: list[Story] = []
        self.bags: dict[str, list[frozenset[str]]] = {}
        self._buffer = Finalised([], [], [], [])

    def add(self, _tag: Any, fin: Finalised) -> None:
        buf = self._buffer
        buf.rows += fin.rows
        buf.mentions += fin.mentions
        buf.quotes += fin.quotes
        buf.stories += fin.stories
        buf.bags.update(fin.bags)
        buf.inputs += fin.inputs
        if len(buf.rows) >= self.flush_documents:
            self.flush()
        for r in fin.rows:
            self.published_by_id[r["_id"]] = r["published"]
        self.texts.update((i, loads(d)) for i, d in fin.texts)
        self.stories.extend(fin.stories)
        self.bags.update(fin.bags)
        if self.on_story_task:
            self.on_story_task(len(fin.stories))

    def flush(self) -> None:
        """Write what is buffered (also called once every task is in)."""
        buf = self._buffer
        if buf.rows or buf.stories or buf.inputs:
            self.store.save_final_rows(
                buf.rows, buf.mentions, buf.quotes, buf.stories, self.run_id, buf.bags, buf.inputs
            )
        self._buffer = Finalised([], [], [], [])


@dataclass
class StreamResult:
    """What the write phase needs after the store holds every final document."""

    ids: list[str]  # in input order
    stories: list[Story]
    entities: list[Any]
    langs: dict[str, str | None]
    rows: list[dict[str, Any]]  # report rows, input order
    shown: dict[str, dict[str, Any]]  # full objects of the first documents (the report shows their text)
    bags: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # the stories' event terms (by story id)
    threads: list[Any] = field(default_factory=list)  # the plan's threads (spans refreshed from the final stories)
    added: list[str] = field(default_factory=list)  # the run's own documents (``ids`` also holds the stored ones)


def stream_result(records: list[DocRecord], plan: CorpusPlan, ids: list[str], collect: FinalCollector) -> StreamResult:
    """The write phase's input, once every final document is in the store."""
    published = collect.published_by_id
    rows = []
    for r in records:
        m = plan.members[r.id]
        rows.append(
            {
                "id": r.id,
                "title": r.title,
                "outlet": r.outlet,
                "published": published.get(r.id, r.published),
                "lang": r.lang,
                "story": m.story,
                "duplicate_of": m.duplicate_of,
            }
        )
    return StreamResult(
        ids=ids,
        stories=collect.stories,
        entities=plan.entities.entities,
        langs={r.id: r.lang for r in records},
        rows=rows,
        shown=collect.texts,
        bags=collect.bags,
        threads=refresh_threads(plan.threads, collect.stories),
    )


