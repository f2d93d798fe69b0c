"""Phase 1 of a run, what a worker does with one batch: the per-document stages, then what
the rest of the run needs of each document (its analysis as JSON text, its full-text row,
its :class:`~linimasa.corpus.records.DocRecord`).

The same functions serve every executor: the process pool's workers (set up by
:func:`init_worker`), this process (the pipeline passed in), Spark tasks
(:mod:`linimasa.jobs.spark`). :func:`analyse_documents` is the in-memory variant (the API's
ingest, tests): whole :class:`Document` objects back, Sastrawi stems merged into this process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from linimasa.corpus.features import document_terms
from linimasa.corpus.records import DocRecord, document_record
from linimasa.engines.executor import InProcess
from linimasa.engines.pool import OrderedPool, chunks, freeze_resources_once, tune_worker_gc
from linimasa.jobs.hashing import content_hash
from linimasa.jobs.inputs import read_inputs
from linimasa.jobs.summary import BATCH_SIZE, RunSummary
from linimasa.jsontext import dumps, loads
from linimasa.lang.stemmers import exchange_stems, merge_stems, new_stems, stems_indexed
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline, Stage
from linimasa.store.database import Store
from linimasa.store.search import index_fields

SearchRow = tuple[str, str, str]


@dataclass
class Analysed:
    """A worker's answer for one document of phase 1."""

    analysis: str | None  # JSON text to store; None when the stored analysis was reused
    record: DocRecord
    search: SearchRow


_STATE: dict[str, Any] = {}


def init_worker(stages: list[Stage], db: str | None) -> None:
    _STATE["pipeline"] = Pipeline(stages)
    _STATE["db"] = db
    tune_worker_gc()


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
        try:
            exchange_stems()  # the stems of this batch for the run's other workers, theirs for this one
        except Exception:  # only a cache: each worker can stem alone
            pass
    return out


def annotate_entries(raws: list[RawDocument], pipeline: Pipeline | None = None) -> list[tuple[str, str, list[str]]]:
    """``linimasa annotate`` for one batch: ``(document JSON, source, warnings)`` per document."""
    pipeline = pipeline or _STATE["pipeline"]
    out = []
    for doc in pipeline.process_batch([Document.from_raw(raw) for raw in raws]):
        doc.raw = ""
        out.append((dumps(doc.to_json()), doc.source, doc.warnings))
    return out



# ------------------------------------------------------------------ in memory


def _warm_stems(doc: Document) -> None:
    """Stem the document's words the way the corpus stages and the search index will."""
    if not stems_indexed(doc.lang) and doc.lang is not None:
        return
    document_terms(doc)
    index_fields(doc.title, doc.text, doc.lang)


def analyse_batch(raws: list[RawDocument], pipeline: Pipeline | None = None) -> tuple[list[Document], dict[str, str]]:
    """One batch through the stages, in order, with the Sastrawi stems its worker computed
    (the parent merges them into its own cache: the corpus stages and the search index then
    find every word already stemmed instead of stemming the whole vocabulary again on one core)."""
    in_worker = pipeline is None
    pipeline = pipeline or _STATE["pipeline"]
    out = []
    for doc in pipeline.process_batch([Document.from_raw(raw) for raw in raws]):
        doc.raw = ""
        if in_worker:
            try:
                _warm_stems(doc)
            except Exception:  # only a cache warm-up; the corpus stages will stem it themselves
                pass
        out.append(doc)
    if in_worker:
        freeze_resources_once()
    return out, new_stems() if in_worker else {}


def analyse_stream(
    inputs: list[str],
    pipeline: Pipeline,
    summary: RunSummary,
    store: Store | None = None,
    run_id: int = 0,
    force: bool = False,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    stdin: Any = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> list[Document]:
    """Per-document analysis of every input, through the store when one is given.

    ``workers`` > 1 runs the stages in a process pool (:mod:`linimasa.engines.pool`); the
    documents, their order and the store are the same as with one worker. Each batch is
    committed to the store before the next result is taken (the resume checkpoint).
    """
    docs: list[Document] = []

    def prepared() -> Iterator[tuple[tuple, list[RawDocument]]]:
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error), batch_size):
            hashes = {raw.id: content_hash(raw) for raw in batch}
            known = store.known_hashes(hashes) if store is not None and not force else {}
            reuse_ids = [i for i, h in hashes.items() if known.get(i) == h]
            reused = store.load_analyses(reuse_ids) if store is not None and reuse_ids else {}
            yield (batch, hashes, reused), [raw for raw in batch if raw.id not in reused]

    def on_result(tag: tuple, analysed: list[Document]) -> None:
        batch, hashes, reused = tag
        fresh = iter(analysed)
        new: list[tuple[Document, str]] = []
        for raw in batch:
            doc = reused.get(raw.id)
            if doc is None:
                doc = next(fresh)
                doc.raw = ""  # no later stage reads the raw input; stored analyses never have it
                new.append((doc, hashes[raw.id]))
                summary.analysed += 1
            else:
                summary.reused += 1
            for w in doc.warnings:
                summary.warnings.append((doc.source, w))
            docs.append(doc)
            if on_document:
                on_document()
        if store is not None:
            store.save_analysis_objects([(d.to_json(), h) for d, h in new], run_id)

    def on_batch(tag: tuple, out: tuple[list[Document], dict[str, str]]) -> None:
        docs_, stems = out
        merge_stems(stems)
        on_result(tag, docs_)

    tasks = ((tag, (raws,)) for tag, raws in prepared())
    if workers > 1:
        with OrderedPool(workers, init_worker, (list(pipeline.stages), None)) as pool:
            pool.map(analyse_batch, tasks, on_batch)
    else:
        InProcess().map(lambda raws: analyse_batch(raws, pipeline), tasks, on_batch)
    return docs
