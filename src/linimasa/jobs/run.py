"""``linimasa run``: inputs in, the store and the output folder out.

One function, :func:`run_pipeline`, composes the rest: the store (:class:`Store`, a run
record, the resume checkpoints), the engine's phases (:func:`linimasa.jobs.local.run_stream`
on this machine, :func:`linimasa.jobs.spark.run_spark` on Spark), and the outputs
(:mod:`linimasa.outputs`). With more than one worker the two longest outputs start as soon
as the last final document is committed, each in a process of its own (``documents.jsonl``
copied out of the store, ``report.html`` rendered), while this process writes the others.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linimasa import interrupt
from linimasa.engines.pool import OrderedPool, fewer_collections, frozen_heap
from linimasa.engines.spark import get_session
from linimasa.interrupt import Interrupted
from linimasa.jobs.finalise import StreamResult
from linimasa.jobs.local import run_stream
from linimasa.jobs.spark import run_spark
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import BATCH_SIZE, RunSummary, timer
from linimasa.outputs.corpus import write_corpus_files
from linimasa.outputs.documents import export_documents
from linimasa.outputs.files import (
    OutputJob,
    check_targets,
    discard_temporary,
    prepare_dir,
    remove_stale,
    write_text,
)
from linimasa.outputs.parquet import PARQUET_FILES, write_parquet
from linimasa.outputs.report import REPORT_DOCUMENTS, start_report, warm_renderer
from linimasa.outputs.tables import TABLES, write_table, written_table
from linimasa.pipeline import Pipeline
from linimasa.store.database import Store, store_files

ENGINES = ("local", "spark")
# --format: what each name adds to the JSON Lines files (always written)
FORMATS = {
    "jsonl": "jsonl",
    "csv": "csv (the JSON Lines files as CSV tables too)",
    "parquet": "parquet (with --engine spark)",
}
# What run writes into --out (left out of its input walk, with --out and the store's files).
OUTPUT_FILES = (
    "documents.jsonl",
    "stories.jsonl",
    "entities.jsonl",
    "threads.jsonl",
    "timeline.jsonl",
    "report.html",
    *(f"{name}.csv" for name in TABLES),
)


@dataclass
class RunCallbacks:
    """What a caller (the command line's progress bars) hears of a run as it goes."""

    on_document: Callable[[], None] | None = None  # one document analysed or reused
    on_error: Callable[[str, str], None] | None = None  # (source, reason) of a skipped input
    on_phase: Callable[[str, int | None], None] | None = None  # a phase starts: (name, its task count)
    on_story_task: Callable[[int], None] | None = None  # a finalised task of this many stories


@dataclass
class _Outputs:
    """A run's output objects, and the jobs making its two longest outputs."""

    streamed: StreamResult
    stories: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    documents: OutputJob  # -> the path of documents.jsonl
    report: OutputJob  # -> the HTML of report.html


def _start_outputs(
    out: Path, db: str, streamed: StreamResult, summary: RunSummary, pool: OrderedPool | None
) -> _Outputs:
    """Start the two longest outputs of a run from its engine's result: ``documents.jsonl``
    copied out of the store and ``report.html`` rendered, each by a process of ``pool`` when
    given, else here when awaited."""
    story_objs = [s.to_json() for s in streamed.stories]
    entity_objs = [e.to_json() for e in streamed.entities]
    doc_objs = [streamed.shown.get(r["id"], r) for r in streamed.rows]
    report = start_report(doc_objs, story_objs, entity_objs, summary.to_json(), pool=pool)
    documents = out / "documents.jsonl"
    summary.outputs["documents"] = str(documents)  # (listed first; awaited last)
    summary.listed = len(streamed.ids)  # (the whole store after the run, not only the run's documents)
    return _Outputs(
        streamed,
        story_objs,
        entity_objs,
        OutputJob(str(documents), export_documents, db, streamed.ids, documents, pool=pool),
        report,
    )


def _write_outputs(out: Path, summary: RunSummary, started: _Outputs) -> None:
    """The outputs written by this process (stories, entities, threads, the corpus timeline),
    then the two started ones awaited and the report written."""
    streamed = started.streamed
    summary.outputs.update(
        write_corpus_files(
            out,
            streamed.stories,
            started.stories,
            started.entities,
            streamed.threads,
            streamed.langs,
            streamed.bags,
        )
    )
    started.documents.result()
    summary.outputs["report"] = str(write_text(out / "report.html", started.report.result()))


def _count_commits(store: Store) -> list[int]:
    """Count the store's batch commits of phase 1 (the resume checkpoints) in ``[n]``, for the
    line an interrupted run prints."""
    count = [0]
    save = store.save_analysis_rows

    def counted(*args: Any, **kwargs: Any) -> None:
        save(*args, **kwargs)
        count[0] += 1

    store.save_analysis_rows = counted  # type: ignore[method-assign]
    return count


def run_pipeline(
    inputs: list[str],
    out: Path,
    db: str,
    force: bool = False,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
    engine: str = "local",
    master: str | None = None,
    fmt: str = "jsonl",
    follow_symlinks: bool = False,
    callbacks: RunCallbacks | None = None,
    summary: RunSummary | None = None,
) -> RunSummary:
    """The whole pipeline (what ``linimasa run`` does), returning the run summary.

    ``workers`` processes run the per-document stages (1: this process only); the outputs
    are the same for any number of workers. The walk of the inputs leaves out ``out`` and the
    store's files (a run never reads its own outputs); ``follow_symlinks`` follows symbolic
    links that lead out of the input folders. ``engine="spark"`` runs on a Spark session
    (``master``; :class:`linimasa.engines.spark.SparkUnavailable` when there is none).
    ``summary`` (a new one by default) is filled as the run goes.
    """
    calls = callbacks or RunCallbacks()
    elapsed = timer()
    summary = summary if summary is not None else RunSummary()
    out = prepare_dir(out)
    written = [name for name in OUTPUT_FILES if fmt == "csv" or not name.endswith(".csv")]
    check_targets(out / name for name in written)  # (a folder of their name: said before the work, not after)
    store = Store(db)
    committed = _count_commits(store)

    def kept() -> str:
        n = committed[0]
        return f"the store keeps the {n} batch{'' if n == 1 else 'es'} committed"

    interrupt.describe(kept)  # (also for the line printed should the clean-up outlast the grace period)
    interrupt.on_forced_exit(lambda: discard_temporary(out / "documents.jsonl"))
    run_id = store.start_run("run " + " ".join(inputs))
    summary.run_id = run_id
    pools: list[OrderedPool] = []
    started: list[_Outputs] = []
    failed = True

    def start_outputs(streamed: StreamResult) -> None:
        # With workers, two processes take the longest outputs: one copies documents.jsonl out
        # of the store, the other renders report.html. The local engine calls this as soon as
        # its final documents are in the store (it still rebuilds indexes and stores entities).
        if workers > 1:
            pools.append(OrderedPool(2, warm_renderer).start())
        started.append(_start_outputs(out, db, streamed, summary, pools[0] if pools else None))

    try:
        spark = None
        if engine == "spark":
            spark = get_session(master)
            streamed = run_spark(
                spark,
                inputs,
                store,
                run_id,
                summary,
                batch_size=batch_size,
                on_error=calls.on_error,
                report_documents=REPORT_DOCUMENTS,
            )
        else:
            own = [str(out), *(str(out / name) for name in OUTPUT_FILES), *store_files(db)]
            streamed = run_stream(
                inputs,
                Pipeline(default_stages()),
                store,
                db,
                run_id,
                summary,
                force=force,
                workers=workers,
                batch_size=batch_size,
                stdin=sys.stdin.buffer if "-" in inputs else None,
                on_document=calls.on_document,
                on_error=calls.on_error,
                on_phase=calls.on_phase,
                on_story_task=calls.on_story_task,
                report_documents=REPORT_DOCUMENTS,
                on_finalised=start_outputs,
                exclude=own,
                follow_symlinks=follow_symlinks,
            )
        with fewer_collections(), frozen_heap():
            if not started:  # (the Spark engine)
                start_outputs(streamed)
            if fmt != "csv":
                remove_stale(out, TABLES, (".csv",), "an earlier run's", written_table)
            _write_outputs(out, summary, started[0])
        summary.elapsed = elapsed()
        summary.outputs["store"] = db
        if fmt == "csv":
            for name in TABLES:
                summary.outputs[f"{name} (csv)"] = write_table(out, name)
        if spark is not None and fmt == "parquet":
            for name in PARQUET_FILES:
                summary.outputs[f"{name} (parquet)"] = write_parquet(spark, out, name, out / f"{name}.jsonl")
        store.finish_run(run_id, summary.to_json())
        failed = False
    except Interrupted as exc:
        exc.detail = kept()
        raise
    finally:
        interrupt.describe(None)
        for pool in pools:  # (a run that failed before awaiting its outputs leaves no process behind)
            pool.close(kill=failed)
        if failed and pools:  # its worker was killed copying documents.jsonl out: no temporary left
            discard_temporary(out / "documents.jsonl")
        interrupt.on_forced_exit(None)
        store.close()
    return summary
