"""A Spark run that adds to a store: the plan over everything the store holds.

When the store already held documents before a Spark run (yesterday's local run, an API
ingest, an earlier Spark run), the run's documents are analysed in Spark as usual
(:func:`linimasa.jobs.spark.run_spark`), and then the plan is taken over the union, as the
local engine does when it cannot continue the last plan (:mod:`linimasa.jobs.local`, phase
2): the stored documents' compact records join the run's, duplicates are confirmed on the
driver on their shingle sets (the stored ones are not in the run's RDD), the stored stories
keep their ids (:func:`~linimasa.jobs.incremental.reconcile`), and only the stories the new
documents touch are finalised, in Spark tasks that receive their members' analyses from the
driver (read from the store a round of tasks at a time: executors need no access to the
store). The plan state, the threads and the plan marker are written as a local run writes
them, so the next local run or API ingest continues this plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linimasa.corpus.duplicates import DuplicateStage
from linimasa.corpus.plan import CorpusBuilder, plan_corpus
from linimasa.engines.pool import chunks
from linimasa.jobs.finalise import FinalCollector, StreamResult, finalise_loaded, stream_result
from linimasa.jobs.incremental import (
    add_stored_records,
    keep_stories,
    mark_planned,
    plan_fingerprint,
    reconcile_whole,
)

# story tasks (about a batch of documents each) whose analyses go out in one Spark job, per executor slot
TASKS_PER_SLOT = 4


def plan_over_store(
    spark: Any,
    store: Any,
    run_id: int,
    summary: Any,
    builder: CorpusBuilder,
    ids: list[str],
    changed: set[str],
    state: dict[str, tuple[str | None, str | None, str | None]],
    shingles: Any,
    batch_size: int,
    report_documents: int,
    clock: Callable[[], float],
) -> StreamResult:
    """Phases 2 and 3 of a Spark run over the union of its documents (``builder``'s records,
    ``ids`` in input order) and those the store held (``state``: their final rows before the
    run; ``changed``: the run's documents that were new or had another content; ``shingles``:
    a :class:`~linimasa.jobs.local.ShingleFile` holding the run's shingle sets)."""
    fingerprint = plan_fingerprint(store)
    have = {r.id for r in builder.records}
    run_set = set(ids)
    stored_ids = [i for i in add_stored_records(store, builder, have, shingles.add) if i not in run_set]
    dup_stage = DuplicateStage()
    plan = plan_corpus(builder, lambda items: dup_stage.find_items(items, shingles.get))
    shingles.close()
    records = builder.records
    recon = reconcile_whole(plan, store, changed, state, records, builder.terms.names, dup_stage.last_buckets, summary)
    summary.phases["plan"] = clock() - summary.phases["analyse"]
    every = stored_ids + ids  # the whole store: what the outputs hold
    summary.stored = len(stored_ids)
    summary.refinalised = len(plan.stories)
    shown = frozenset(every[:report_documents])
    collect = FinalCollector(store, run_id)
    touched = sum(len(s.documents) for s in plan.stories)
    with store.bulk_final_rows(touched):
        finalise_rounds(spark, store, plan.tasks(batch_size), shown, collect.add)
        collect.flush()
        keep_stories(recon, collect, state, store, run_id)
        result = stream_result(records, plan, every, collect)
        result.added = list(ids)
    summary.phases["finalise"] = clock() - summary.phases["analyse"] - summary.phases["plan"]
    store.save_entities(plan.entities.entities, run_id)
    store.save_threads(result.threads, run_id)
    mark_planned(store, fingerprint, result, summary.duplicates, True)
    return result


def finalise_rounds(
    spark: Any, store: Any, tasks: Any, shown: frozenset[str], on_final: Callable[[Any, Any], None]
) -> None:
    """Finalise story tasks in Spark, a round of tasks per job, each with its members' analyses
    read from the store on the driver; ``on_final(k, finalised)`` in task order."""
    sc = spark.sparkContext
    slots = max(1, sc.defaultParallelism)
    for round_ in chunks(enumerate(tasks), TASKS_PER_SLOT * slots):
        loaded = [(k, (t, store.load_analysis_json(t.ids))) for k, t in round_]
        done = (
            sc.parallelize(loaded, min(len(loaded), slots))
            .map(lambda kv: (kv[0], finalise_loaded(kv[1][0], kv[1][1], shown)))
            .collect()
        )
        for k, fin in sorted(done, key=lambda kf: kf[0]):
            on_final(k, fin)
