"""``linimasa run`` on this machine: memory bounded by a batch and the compact records,
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
   With more than one worker, one of phase 3's workers (started meanwhile, idle until phase 3)
   runs the duplicate pass while this process links the entities. Meanwhile another thread
   has SQLite index the staged full-text rows: SQLite works without the interpreter lock, on a
   core this phase leaves idle.
3. **Finalise**: stories in groups of about a batch; a worker loads the members' analyses
   from the store, applies the plan, dates undated members from their story, builds the
   timelines and summaries, and returns the final JSON and derived rows, which are written
   to the store a few tasks per transaction. The workers are new ones, started while the
   parent plans: phase 1's workers hold the per-document stages' models and lexicons
   (about 370 MB each), which phase 3 does not need, and they are gone before the plan
   phase, where this process's own memory peaks.
4. **Write** (:mod:`linimasa.jobs.run` with :mod:`linimasa.outputs`): ``documents.jsonl`` is copied from the store in input
   order; stories, entities and the corpus timeline from what phase 3 returned. With more
   than one worker the two longest outputs start as soon as the last final row is committed
   (``on_finalised``), each in a process of its own: the copy of ``documents.jsonl``
   (:mod:`linimasa.outputs.documents`) and the report (:mod:`linimasa.outputs.report`), while this
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
from functools import partial
from typing import Any

from linimasa.corpus.duplicates import DupItem, DuplicateStage
from linimasa.corpus.increment import plan_increment
from linimasa.corpus.plan import CorpusBuilder, plan_corpus
from linimasa.corpus.plan_state import dup_blocks
from linimasa.engines.executor import Executor, InProcess
from linimasa.engines.pool import OrderedPool, chunks, fewer_collections
from linimasa.jobs.analyse import Analysed, analyse_entries, init_worker
from linimasa.jobs.finalise import (
    FinalCollector,
    StreamResult,
    analysis_row,
    finalise_task,
    init_finaliser,
    stream_result,
)
from linimasa.jobs.hashing import content_hash
from linimasa.jobs.incremental import (
    StoreReader,
    add_stored_records,
    can_continue,
    continued,
    continued_result,
    keep_stories,
    mark_planned,
    plan_fingerprint,
    planned_duplicates,
    read_back,
    reconcile_whole,
    record_row,
)
from linimasa.jobs.inputs import read_inputs
from linimasa.jobs.summary import RunSummary, timer
from linimasa.jsontext import loads
from linimasa.lang.stemmers import shared_stems_file
from linimasa.model import RawDocument
from linimasa.pipeline import Pipeline
from linimasa.readers.ids import changed_fields, replaced_warning
from linimasa.store.database import Store
from linimasa.store.state_shards import PackedState, StateError, pack_state


@fewer_collections()
@shared_stems_file()  # (the workers of phases 1 and 3 stem each word once between them)
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
    whole: bool = True,
    analyse: Callable[[list[Any], int], list[Analysed]] | None = None,
    finalise_executor: Executor | None = None,
) -> StreamResult:
    """Phases 1-3 (see the module doc); the caller writes the outputs from the result.

    ``whole``: the result holds the whole store (``linimasa run``'s output folder); without it,
    a run that continues the last plan returns only its own documents and the stories and
    threads it finalised, and reads no more of the store than its decisions need (the API's
    ingest, which writes no output folder; docs/incremental.md).

    ``on_finalised(result)`` is called with that result as soon as every final document is
    committed, before the mention indexes are rebuilt and the entities stored: a caller can
    start on its outputs meanwhile (the CLI has ``documents.jsonl`` copied out of the store
    and the report rendered by other processes).

    ``analyse(entries, first)``: phase 1 of a batch with one worker, instead of
    ``analyse_entries`` in this process; ``finalise_executor``: what runs phase 3's tasks with one
    worker (``finalise_task`` with this process's store), instead of this process alone (the API's
    ingest: ``api/helper.py``).
    """
    builder = CorpusBuilder()
    ids: list[str] = []  # the run's documents, in input order
    order = ids  # (filled as the inputs are read: some are neither analysed nor reused in full)
    changed: set[str] = set()  # analysed by this run (new or changed)
    shingle_file = ShingleFile()
    # what the last plan decided; when its state stands, the mentions of the documents it did not
    # see are kept, to continue it (docs/incremental.md). A run that can continue it reads the
    # decisions of its own documents only (each batch's, before its analyses are stored), and the
    # plan those of the stored documents it looks at
    continuable = not force and can_continue(store)
    # the documents the plan continued is over, and those this run inserts: another process's
    # documents stored meanwhile make the count differ (the plan then goes over the whole store)
    planned_count = store.count("documents") if continuable else 0
    state_token = store.state_head()[1] if continuable else None  # (which whole write it continues)
    marker = store.plan_marker() if continuable else None  # (another run completing meanwhile replaces it)
    inserted: set[str] = set()
    state = {} if continuable else store.final_state()
    have_records: set[str] = set() if continuable else store.record_ids()
    new_mentions: dict[str, list] = {}

    def analysis_tasks() -> Iterator[tuple[Any, tuple]]:
        first = 0
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error, exclude, follow_symlinks), batch_size):
            hashes = {raw.id: content_hash(raw) for raw in batch}
            known = store.known_hashes(hashes) if not force else {}
            reuse = [i for i, h in hashes.items() if known.get(i) == h]
            # a stored document given another text is replaced: say so (an id-less feed's line numbers,
            # read day after day), or which kept input fields changed when they did (read for those only)
            replaced = [raw for raw in batch if known.get(raw.id, hashes[raw.id]) != hashes[raw.id]]
            stored = store.load_analysis_json([raw.id for raw in replaced]) if replaced else {}
            for raw in replaced:
                before = loads(stored[raw.id]).get("meta") or {} if raw.id in stored else raw.extra
                fields = changed_fields(before, raw.extra)
                summary.warnings.append((raw.source, replaced_warning(raw.id, fields)))
            order.extend(raw.id for raw in batch)
            if continuable:
                inserted.update(i for i in hashes if i not in known)
                state.update(store.final_of(list(hashes)))
                have_records.update(store.records_of(list(hashes)))
                # stored unchanged with its record, and planned: neither its analysis nor its record is needed
                # (the plan is read back or continued; docs/incremental.md)
                skip = {i for i in reuse if i in state and i in have_records}
                if skip:
                    summary.reused += len(skip)
                    for _ in skip:
                        if on_document:
                            on_document()
                    batch = [raw for raw in batch if raw.id not in skip]
                    reuse = [i for i in reuse if i not in skip]
            if batch:
                stored = store.load_analysis_json(reuse) if reuse else {}
                entries: list[RawDocument | str] = [stored.get(raw.id) or raw for raw in batch]
                yield (batch, hashes), (entries, first)
            first += len(hashes)

    def on_analysed(tag: tuple, analysed: list[Analysed]) -> None:
        batch, hashes = tag
        rows, records = [], []
        for raw, a in zip(batch, analysed, strict=True):
            rec = a.record
            if a.analysis is not None:
                rows.append(analysis_row(rec, hashes[raw.id], a.analysis))
                changed.add(rec.id)
                summary.analysed += 1
            else:
                summary.reused += 1
            if a.analysis is not None or rec.id not in have_records:
                records.append(record_row(rec))
            summary.warnings.extend((rec.source, w) for w in rec.warnings)
            shingle_file.add(rec.id, rec.shingles)
            if continuable and (a.analysis is not None or rec.id not in state):
                new_mentions[rec.id] = list(rec.mentions or ())
            builder.add(rec)
            if on_document:
                on_document()
        store.save_analysis_rows(rows, [a.search for a in analysed], run_id, stage=True, records=records)
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
            pool = None
        else:
            InProcess().map(analyse or partial(analyse_entries, pipeline=pipeline), analysis_tasks(), on_analysed)
        summary.phases["analyse"] = clock()

        # nothing new, and the store's final rows are the plan over what it holds: read them back
        fingerprint = plan_fingerprint(store)
        if continuable and (
            int(fingerprint.partition(":")[0]) != planned_count + len(inserted) or store.plan_marker() != marker
        ):
            # another run stored documents since this one found the last plan continuable: its plan
            # does not hold them, so continuing it would leave them unplanned under a marker whose
            # count names them. Or another run continued the plan meanwhile, with documents this one
            # also inserted (two runs of one folder): its state holds them already, and continuing
            # it made each of them a copy of itself. Plan over the whole store instead
            continuable = False
            state = {**store.final_state(), **state}  # (the run's ones as they were before it)
        if not changed:
            store.index_pending_search()
            kept = read_back(store, ids, fingerprint, report_documents)
            if kept is not None:
                if on_phase:
                    on_phase("grouping", None)
                summary.stories, summary.entities = len(kept.stories), len(kept.entities)
                summary.duplicates = sum(1 for r in kept.rows if r["duplicate_of"])
                summary.stored = len(kept.ids) - len(ids)
                summary.phases["read back"] = clock() - summary.phases["analyse"]
                if on_finalised:
                    on_finalised(kept)
                return kept
        if workers > 1:
            # phase 3 starts workers of its own (see the module doc), spawned while this process plans
            pool = OrderedPool(workers, init_finaliser, (db,)).start()
        if on_phase:
            on_phase("grouping", None)

        # the full-text rows staged in phase 1 go into the index while this thread plans
        # (SQLite does that work on its own, a core that would be idle otherwise)
        backfill = ThreadPoolExecutor(1, thread_name_prefix="linimasa-search-index")
        indexed = backfill.submit(store.index_pending_search)
        dup_stage = DuplicateStage()
        packed_dups: list[PackedState] = []  # (the duplicate blocks of the plan state, when a worker packed them)
        state_rows: dict[str, str] = {}  # (a continued plan's, written once the run is complete)
        try:
            run_set = set(ids)
            new_ids = {i for i in ids if i in changed or i not in state}
            if continuable and changed & set(state):
                continuable = False  # a stored document changed: plan again
                state = {**store.final_state(), **state}  # (the changed ones as they were before the run)
            if continuable:
                reader = StoreReader(store, state_token)
                try:
                    inc = plan_increment(
                        [r for r in builder.records if r.id in new_ids],
                        new_mentions,
                        builder.terms.names,
                        reader,
                        shingle_file.get,
                    )
                except StateError as e:  # a damaged state row: plan over the whole store (which writes it anew)
                    summary.warnings.append((db, f"{e}: planning over the whole store"))
                    continuable = False
                    state = {**store.final_state(), **state}  # (the run's ones as they were before it)
                reader.close()  # (its parsed shards: the pass's closures keep it past the frozen plan)
            if continuable:
                plan = inc.plan
                stored_ids = sorted(set(store.document_ids()) - run_set) if whole else []
            else:
                # the stored documents this run did not read join the plan (docs/incremental.md)
                have = {r.id for r in builder.records}  # (without the run's skipped ones: read with the store's)
                stored_ids = [i for i in add_stored_records(store, builder, have, shingle_file.add) if i not in run_set]
                plan = plan_corpus(builder, partial(_duplicates, dup_stage, shingle_file, pool, packed_dups))
        finally:
            backfill.shutdown(wait=True)
        indexed.result()  # before phase 3 writes (and with its error, if it failed)
        shingle_file.close()
        records = builder.records
        names = builder.terms.names
        builder = None  # type: ignore[assignment]  # the records live on in `records` only
        added = ids
        if continuable:
            recon = continued(store, inc, whole)
            state_rows = inc.rows
            summary.continued = True
            summary.stories = store.count("stories") + inc.new_stories
            summary.duplicates = planned_duplicates(store) + sum(
                1 for d in new_ids if d in plan.members and plan.members[d].duplicate_of
            )
            # (the untouched stories' members' dates, as stored)
            state = store.final_of([d for s in recon.kept for d in s.documents])
        else:
            # the state written now (the plan marker set again once the run is complete), so that it
            # is not held while the stories are finalised
            buckets = packed_dups[0] if packed_dups else dup_stage.last_buckets
            recon = reconcile_whole(plan, store, changed, state, records, names, buckets, summary)
        ids = stored_ids + ids  # the whole store: what the outputs hold
        summary.stored = len(stored_ids)
        summary.refinalised = len(plan.stories)
        summary.phases["plan"] = clock() - summary.phases["analyse"]
        gc.freeze()  # the plan lives until the end of the run, like the records

        if on_phase:
            on_phase("stories", len(plan.stories))  # (the touched ones)
        shown = frozenset(ids[:report_documents])
        collect = FinalCollector(store, run_id, on_story_task, flush_documents=4 * batch_size)
        on_final = collect.add

        tasks = ((None, (t, shown)) for t in plan.tasks(batch_size))
        executor: Executor = pool if pool is not None else finalise_executor or InProcess()
        finalise = finalise_task if pool is not None else partial(finalise_task, store=store)
        touched = sum(len(s.documents) for s in plan.stories)
        with store.bulk_final_rows(touched):
            executor.map(finalise, tasks, on_final)
            if pool is not None:
                pool.__exit__(None, None, None)  # its processes are gone before the caller starts others
                pool = None
            collect.flush()
            keep_stories(recon, collect, state, store, run_id)
            if continuable:
                result = continued_result(store, ids, added, plan, collect, report_documents, whole, inc.gone_entities)
            else:
                result = stream_result(records, plan, ids, collect)
                result.added = added
            if on_finalised:
                on_finalised(result)
    finally:
        if pool is not None:  # an error or an interruption: nobody will read its results
            pool.close(kill=True)
        shingle_file.close()
        gc.unfreeze()  # what was frozen above is the collector's again once the run's phases are over

    summary.phases["finalise"] = clock() - summary.phases["analyse"] - summary.phases["plan"]
    if continuable:  # (the others are stored as they are)
        # (the entities a name left: the only ones that can have lost their last mention)
        store.save_entities(
            [e for e in plan.entities.entities if e.id in inc.changed_entities],
            run_id,
            only=inc.relinked_entities | inc.gone_entities,
        )
        summary.entities = store.count("entities")
    else:
        store.save_entities(plan.entities.entities, run_id)
    store.save_threads(result.threads, run_id)
    if state_rows:
        store.save_state(state_rows, state_token)
    mark_planned(store, fingerprint, result, summary.duplicates, whole or not continuable)
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
        # (named: a pool worker reads it too, see _duplicates)
        self._file = tempfile.NamedTemporaryFile(prefix="linimasa-shingles-")
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

    def shared(self) -> tuple[str, dict[str, tuple[int, int]]]:
        """The file's path and the offsets of its sets, for a reader in another process."""
        self._file.flush()
        return self._file.name, self._at

    def close(self) -> None:
        self._file.close()
        self._at = {}


def _duplicates(
    stage: DuplicateStage,
    shingle_file: ShingleFile,
    pool: OrderedPool | None,
    packed_dups: list[PackedState],
    items: list[DupItem],
) -> dict[str, str] | Callable[[], dict[str, str]]:
    """The duplicate pass of the plan (:meth:`DuplicateStage.find_items`). With a pool (phase 3's
    workers, idle while this process plans), one of its workers runs it while this process links
    the entities: returns the function that waits for its result. The worker also packs the plan
    state's duplicate blocks (from its own buckets, the same as ``stage.last_buckets`` would be
    here), appended to ``packed_dups``; without a pool ``stage.last_buckets`` is set."""
    if pool is None:
        return stage.find_items(items, shingle_file.get)
    rows = [(it.id, it.key, it.exact, it.minhash) for it in items]  # (plain tuples pickle at C speed)
    future = pool.submit(duplicates_task, rows, *shingle_file.shared())

    def result() -> dict[str, str]:
        try:
            found, packed = future.result()
        except Exception:  # (the worker failed: the pass is this process's again, as without a pool)
            return stage.find_items(items, shingle_file.get)
        stage.last_buckets = []
        packed_dups.append(packed)  # (the plan state's duplicate blocks: see reconcile_whole)
        return found

    return result


def duplicates_task(rows: list[tuple], path: str, at: dict[str, tuple[int, int]]) -> tuple[dict[str, str], PackedState]:
    """:meth:`DuplicateStage.find_items` in a worker over the items given as ``rows`` (their fields),
    the shingle sets read from the run's :class:`ShingleFile` at ``path`` (``at``: its offsets);
    with the plan state's duplicate blocks packed (:func:`~linimasa.corpus.plan_state.dup_blocks`
    of the items and the pass's buckets: this process would build the same from the records)."""
    items = [DupItem(*row) for row in rows]
    stage = DuplicateStage()
    with open(path, "rb") as f:
        fd = f.fileno()

        def shingles(doc_id: str) -> set[int]:
            where = at.get(doc_id)
            return set(array("I", os.pread(fd, where[1], where[0]))) if where is not None else set()

        found = stage.find_items(items, shingles)
    return found, pack_state(dup_blocks(items, stage.last_buckets))
