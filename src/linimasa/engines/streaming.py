"""The local engine of ``linimasa run``: memory bounded by a batch and the compact records,
never by the corpus.

Four phases, the first and third on every core (a process pool; in this process with one worker):

1. **Analyse**: batches of input go through the per-document stages, stage by stage over
   the batch (:meth:`Pipeline.process_batch`: each stage's tables stay in the processor's
   caches from one document to the next). A worker returns, per
   document, its analysis as JSON text (stored as it is, the resume checkpoint), its
   full-text row (staged in the store on SQLite, see phase 2), and its
   :class:`~linimasa.corpus.records.DocRecord` (a few KB). Documents already in the store
   with the same content hash are not analysed again: their stored analysis only goes
   through the record step.
2. **Plan**: entity links, duplicate groups and stories from the records alone
   (:func:`linimasa.corpus.plan.plan_corpus`); a near-duplicate candidate is confirmed on
   the shingle sets the workers computed, kept in a temporary file (:class:`ShingleFile`).
   Meanwhile another thread has SQLite index the staged full-text rows: SQLite works
   without the interpreter lock, on a core this phase leaves idle.
3. **Finalise**: stories in groups of about a batch; a worker loads the members' analyses
   from the store, applies the plan, dates undated members from their story, builds the
   timelines and summaries, and returns the final JSON and derived rows, which are written
   to the store a few tasks per transaction. The workers are new ones, started while the
   parent plans: phase 1's workers hold the per-document stages' models and lexicons
   (about 370 MB each), which phase 3 does not need, and they are gone before the plan
   phase, where this process's own memory peaks.
4. **Write** (in ``linimasa.cli``): ``documents.jsonl`` is copied from the store in input
   order; stories, entities and the corpus timeline from what phase 3 returned. With more
   than one worker the two longest outputs start as soon as the last final row is committed
   (``on_finalised``), each in a process of its own: the copy of ``documents.jsonl``
   (:mod:`linimasa.store.export`) and the report (:mod:`linimasa.report.render`), while this
   process rebuilds the mention indexes, stores the entities and writes the rest.

The outputs are those of the in-memory corpus stages (:meth:`Pipeline.process_corpus`),
byte for byte (tested), for any number of workers.
"""

from __future__ import annotations

import gc
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.duplicates import DupItem, DuplicateStage
from linimasa.corpus.plan import CorpusBuilder, CorpusPlan, StoryTask, finalise_stories, plan_corpus
from linimasa.corpus.records import DocRecord, document_record
from linimasa.corpus.threads import refresh_threads
from linimasa.corpus.timeline import event_terms
from linimasa.engines.hashing import content_hash
from linimasa.engines.local import RunSummary, read_inputs, timer
from linimasa.engines.pool import OrderedPool, chunks, fewer_collections, freeze_resources_once, tune_worker_gc
from linimasa.jsontext import dumps, loads
from linimasa.model import Document, RawDocument, Story
from linimasa.pipeline import Pipeline, Stage
from linimasa.store.database import Store
from linimasa.store.indexing import day_of, derived_rows
from linimasa.store.search import index_fields

SearchRow = tuple[str, str, str]


@dataclass
class Analysed:
    """A worker's answer for one document of phase 1."""

    analysis: str | None  # JSON text to store; None when the stored analysis was reused
    record: DocRecord
    search: SearchRow


@dataclass
class Finalised:
    """A worker's answer for one task of phase 3."""

    rows: list[dict[str, Any]]  # documents columns: _id, data, story, published, day, title, duplicate_of
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    stories: list[Story]
    texts: list[tuple[str, str]] = field(default_factory=list)  # (id, data) of members the report shows
    bags: dict[str, list[frozenset[str]]] = field(default_factory=dict)  # story id -> its events' terms


# ------------------------------------------------------------------ worker side

_STATE: dict[str, Any] = {}


def init_worker(stages: list[Stage], db: str | None) -> None:
    _STATE["pipeline"] = Pipeline(stages)
    _STATE["db"] = db
    tune_worker_gc()


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
    """Load the resources of :func:`finalise_task` for Indonesian and English (on a line of text)."""
    import datetime as dt

    from linimasa.corpus.features import sentence_vectors
    from linimasa.time import resolve_document

    lines = {
        "id": "Menteri itu meresmikan jembatan pada Senin (3/4/2017) di Jakarta, katanya.",
        "en": "The minister opened the bridge on Monday, April 3, 2017 in Jakarta, he said.",
    }
    for lang, line in lines.items():
        resolve_document(Document(id="", source="", raw="", text=line, lang=lang), dt.date(2017, 4, 3), "story")
        sentence_vectors([line], lang)


def _worker_store() -> Store:
    store = _STATE.get("store")
    if store is None:
        store = _STATE["store"] = Store(_STATE["db"], restore_indexes=False)
    return store


def analyse_entries(entries: list[RawDocument | str], first: int, pipeline: Pipeline | None = None) -> list[Analysed]:
    """Phase 1 for one batch: raw documents are analysed, a stored analysis (JSON text) is reused.

    Each step runs over the whole batch before the next (:meth:`Pipeline.process_batch`), so
    that its tables stay in the processor's caches from one document to the next.
    """
    in_worker = pipeline is None
    pipeline = pipeline or _STATE["pipeline"]
    fresh = iter(pipeline.process_batch([Document.from_raw(e) for e in entries if not isinstance(e, str)]))
    docs: list[Document] = []
    analyses: list[str | None] = []
    for entry in entries:
        if isinstance(entry, str):
            docs.append(Document.from_json(loads(entry)))
            analyses.append(None)
        else:
            doc = next(fresh)
            doc.raw = ""  # no later stage reads the raw input; stored analyses never have it
            docs.append(doc)
            analyses.append(dumps(doc.to_json()))
    searches = [(doc.id, *index_fields(doc.title, doc.text, doc.lang)) for doc in docs]
    records = [document_record(doc, first + k, with_shingles=True) for k, doc in enumerate(docs)]
    out = [Analysed(a, r, s) for a, r, s in zip(analyses, records, searches, strict=True)]
    if in_worker:
        freeze_resources_once()
    return out


def annotate_entries(raws: list[RawDocument], pipeline: Pipeline | None = None) -> list[tuple[str, str, list[str]]]:
    """``linimasa annotate`` for one batch: ``(document JSON, source, warnings)`` per document."""
    pipeline = pipeline or _STATE["pipeline"]
    out = []
    for doc in pipeline.process_batch([Document.from_raw(raw) for raw in raws]):
        doc.raw = ""
        out.append((dumps(doc.to_json()), doc.source, doc.warnings))
    return out


def annotate_stream(
    inputs: list[str],
    pipeline: Pipeline,
    summary: RunSummary,
    workers: int = 1,
    batch_size: int = 256,
    stdin: Any = None,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
) -> Iterator[str]:
    """The per-document stages only, as JSON lines in input order (memory bounded by the batches in flight)."""

    def batches() -> Iterator[tuple]:
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error, exclude, follow_symlinks), batch_size):
            yield (batch,)

    def lines(results: list[tuple[str, str, list[str]]]) -> Iterator[str]:
        for line, source, warnings in results:
            summary.analysed += 1
            summary.warnings.extend((source, w) for w in warnings)
            if on_document:
                on_document()
            yield line

    if workers > 1:
        with OrderedPool(workers, init_worker, (list(pipeline.stages), None)) as pool:
            for results in pool.imap(annotate_entries, batches()):
                yield from lines(results)
    else:
        for (batch,) in batches():
            yield from lines(annotate_entries(batch, pipeline))


def finalise_task(task: StoryTask, shown: frozenset[str], store: Store | None = None) -> Finalised:
    """Phase 3 for one task: the final objects of its members (read from the store) and its stories."""
    store = store or _worker_store()
    return finalise_loaded(task, store.load_analysis_json(task.ids), shown)


def finalise_loaded(task: StoryTask, stored: dict[str, str], shown: frozenset[str]) -> Finalised:
    """Phase 3 for one task whose members' analyses (JSON text by id) are at hand."""
    docs = {i: Document.from_json(loads(stored[i])) for i in task.ids}
    members = finalise_stories(task, docs)
    langs = {d.id: d.lang for d in members}
    out = Finalised([], [], [], task.stories, bags={s.id: event_terms(s, langs) for s in task.stories})
    for doc in members:
        obj = doc.to_json()
        data = dumps(obj)
        out.rows.append(
            {
                "_id": doc.id,
                "data": data,
                "story": doc.story,
                "published": doc.published,
                "day": day_of(doc.published),
                "title": doc.title,
                "duplicate_of": doc.duplicate_of,
            }
        )
        mentions, quotes = derived_rows(obj)
        out.mentions += mentions
        out.quotes += quotes
        if doc.id in shown:
            out.texts.append((doc.id, data))
    return out


# ------------------------------------------------------------------ parent side


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
        self.published: dict[str, str | None] = {}
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
        if len(buf.rows) >= self.flush_documents:
            self.flush()
        for r in fin.rows:
            self.published[r["_id"]] = r["published"]
        self.texts.update((i, loads(d)) for i, d in fin.texts)
        self.stories.extend(fin.stories)
        self.bags.update(fin.bags)
        if self.on_story_task:
            self.on_story_task(len(fin.stories))

    def flush(self) -> None:
        """Write what is buffered (also called once every task is in)."""
        buf = self._buffer
        if buf.rows or buf.stories:
            self.store.save_final_rows(buf.rows, buf.mentions, buf.quotes, buf.stories, self.run_id)
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


@fewer_collections()
def run_stream(
    inputs: list[str],
    pipeline: Pipeline,
    store: Store,
    db: str,
    run_id: int,
    summary: RunSummary,
    force: bool = False,
    workers: int = 1,
    batch_size: int = 256,
    stdin: Any = None,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    on_phase: Callable[[str, int | None], None] | None = None,
    on_story_task: Callable[[int], None] | None = None,
    report_documents: int = 200,
    on_finalised: Callable[[StreamResult], None] | None = None,
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
) -> StreamResult:
    """Phases 1-3 (see the module doc); the caller writes the outputs from the result.

    ``on_finalised(result)`` is called with that result as soon as every final document is
    committed, before the mention indexes are rebuilt and the entities stored: a caller can
    start on its outputs meanwhile (the CLI has ``documents.jsonl`` copied out of the store
    and the report rendered by other processes).
    """
    builder = CorpusBuilder()
    ids: list[str] = []
    shingle_file = ShingleFile()

    def analysis_tasks() -> Iterator[tuple[Any, tuple]]:
        first = 0
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error, exclude, follow_symlinks), batch_size):
            hashes = {raw.id: content_hash(raw) for raw in batch}
            known = store.known_hashes(hashes) if not force else {}
            reuse = [i for i, h in hashes.items() if known.get(i) == h]
            stored = store.load_analysis_json(reuse) if reuse else {}
            entries: list[RawDocument | str] = [stored.get(raw.id) or raw for raw in batch]
            yield (batch, hashes), (entries, first)
            first += len(batch)

    def on_analysed(tag: tuple, analysed: list[Analysed]) -> None:
        batch, hashes = tag
        rows = []
        for raw, a in zip(batch, analysed, strict=True):
            rec = a.record
            if a.analysis is not None:
                rows.append(analysis_row(rec, hashes[raw.id], a.analysis))
                summary.analysed += 1
            else:
                summary.reused += 1
            summary.warnings.extend((rec.source, w) for w in rec.warnings)
            ids.append(rec.id)
            shingle_file.add(rec.id, rec.shingles)
            builder.add(rec)
            if on_document:
                on_document()
        store.save_analysis_rows(rows, [a.search for a in analysed], run_id, stage=True)
        # The records stay until the end of the run: out of the collector's view, full
        # collections do not walk every earlier record again (they grow with the corpus).
        gc.freeze()

    clock = timer()
    stages = list(pipeline.stages)
    pool = OrderedPool(workers, init_worker, (stages, db)) if workers > 1 else None
    try:
        if pool is not None:
            with pool:
                pool.map(analyse_entries, analysis_tasks(), on_analysed)
            # phase 3 starts workers of its own (see the module doc), spawned while this process plans
            pool = OrderedPool(workers, init_finaliser, (db,)).start()
        else:
            for tag, (entries, first) in analysis_tasks():
                on_analysed(tag, analyse_entries(entries, first, pipeline))

        summary.phases["analyse"] = clock()
        if on_phase:
            on_phase("grouping", None)
        # the full-text rows staged in phase 1 go into the index while this thread plans
        # (SQLite does that work on its own, a core that would be idle otherwise)
        backfill = ThreadPoolExecutor(1, thread_name_prefix="linimasa-search-index")
        indexed = backfill.submit(store.index_pending_search)
        try:
            plan = plan_corpus(builder, lambda items: _find_duplicates(items, shingle_file))
        finally:
            backfill.shutdown(wait=True)
        indexed.result()  # before phase 3 writes (and with its error, if it failed)
        shingle_file.close()
        records = builder.records
        builder = None  # type: ignore[assignment]  # the records live on in `records` only
        summary.entities = len(plan.entities.entities)
        summary.stories = len(plan.stories)
        summary.duplicates = plan.duplicates
        summary.phases["plan"] = clock() - summary.phases["analyse"]
        gc.freeze()  # the plan lives until the end of the run, like the records

        if on_phase:
            on_phase("stories", len(plan.stories))
        shown = frozenset(ids[:report_documents])
        collect = FinalCollector(store, run_id, on_story_task, flush_documents=4 * batch_size)
        on_final = collect.add

        tasks = ((None, (t, shown)) for t in plan.tasks(batch_size))
        with store.bulk_final_rows(len(plan.members)):
            if pool is not None:
                pool.map(finalise_task, tasks, on_final)
                pool.__exit__(None, None, None)  # its processes are gone before the caller starts others
                pool = None
            else:
                for _, (t, sh) in tasks:
                    on_final(None, finalise_task(t, sh, store))
            collect.flush()
            result = stream_result(records, plan, ids, collect)
            if on_finalised:
                on_finalised(result)
    finally:
        if pool is not None:  # an error or an interruption: nobody will read its results
            pool.close(kill=True)
        shingle_file.close()
        gc.unfreeze()  # what was frozen above is the collector's again once the run's phases are over

    summary.phases["finalise"] = clock() - summary.phases["analyse"] - summary.phases["plan"]
    store.save_entities(plan.entities.entities, run_id)
    store.save_threads(result.threads, run_id)
    return result


class ShingleFile:
    """Each analysed document's shingle hashes (computed by the worker that analysed it, for its
    MinHash) in a temporary file, for the duplicate pass's confirmations.

    The pass confirms an LSH candidate on the two documents' shingle sets. Reading a set
    back here (1-2 KB of packed 32-bit hashes) replaces reading the document's text from the
    store and tokenising and hashing it again in this process, while the workers are idle;
    the file keeps them off the heap, which holds only the records.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="linimasa-shingles-")
        self._at: dict[str, tuple[int, int]] = {}  # id -> (offset, length)
        self._end = 0

    def add(self, doc_id: str, packed: bytes | None) -> None:
        """``packed``: the hashes as ``array("I")`` bytes (None for a text too short to compare)."""
        if packed:
            self._file.write(packed)
            self._at[doc_id] = (self._end, len(packed))
            self._end += len(packed)

    def get(self, doc_id: str) -> set[int]:
        """The document's shingle set (empty when it has none)."""
        where = self._at.get(doc_id)
        if where is None:
            return set()
        self._file.flush()  # writes all come before the reads: a no-op after the first
        offset, length = where
        return set(array("I", os.pread(self._file.fileno(), length, offset)))

    def close(self) -> None:
        self._file.close()
        self._at = {}


def _find_duplicates(items: list[DupItem], shingle_file: ShingleFile) -> dict[str, str]:
    return DuplicateStage().find_items(items, shingle_file.get)


def stream_result(records: list[DocRecord], plan: CorpusPlan, ids: list[str], collect: FinalCollector) -> StreamResult:
    """The write phase's input, once every final document is in the store."""
    published = collect.published
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
