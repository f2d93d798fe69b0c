"""``linimasa run --engine spark``: the per-document stages and each story's finalisation as Spark tasks.

The session and the file listing come from the executor (:mod:`linimasa.engines.spark`);
this job decides what the tasks do, with the same functions as the local run:

1. Inputs are listed through Spark (any path Spark can read: local folders, ``hdfs://``,
   ``s3a://``; folders recursively), in the local engine's order. Each file is read by
   linimasa's own readers inside a task (the same detection and the same ids), one task per file.
2. Documents are numbered by (file, record) so that their input order survives the
   shuffle; repeated ids are renamed on the driver in input order (:class:`RunIds`).
3. The per-document stages run in ``mapPartitions`` after a repartition (a big JSON Lines
   or WARC file is spread over every executor), and each task emits what the local
   engine's workers return (:func:`linimasa.jobs.analyse.analyse_entries`).
4. The analyses stream back to the driver in input order (``toLocalIterator``), which
   stores them with their compact records (:mod:`linimasa.corpus.records`).
5. Duplicates: MinHash banding, candidate pairs per bucket and their confirmation on the
   shingle sets are Spark operations (:func:`spark_duplicates`); the driver's pass over the
   confirmed pairs groups them as the local engine does.
6. Entity links and story clustering are taken on the driver from the records (the same
   code as the local run); each story's members are then joined with their analyses and
   finalised in Spark tasks (:func:`linimasa.jobs.finalise.finalise_loaded`).

``documents``, duplicates and stories are identical between the engines (tested). Spark
does not reuse stored analyses (``--force`` is implied): a cluster run is a batch job.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from linimasa.corpus.duplicates import DuplicateStage, normalised_tokens, shingles
from linimasa.corpus.plan import CorpusBuilder, plan_corpus
from linimasa.engines.pool import chunks
from linimasa.engines.spark import list_files
from linimasa.jobs.analyse import analyse_entries
from linimasa.jobs.finalise import FinalCollector, StreamResult, analysis_row, finalise_loaded, stream_result
from linimasa.jobs.hashing import content_hash
from linimasa.jobs.incremental import mark_planned, plan_fingerprint, record_row
from linimasa.jobs.inputs import RunIds
from linimasa.jobs.local import ShingleFile
from linimasa.jobs.spark_store import plan_over_store
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import BATCH_SIZE, timer
from linimasa.jsontext import loads
from linimasa.model import RawDocument
from linimasa.pipeline import Pipeline
from linimasa.readers import ReadError, read_file
from linimasa.readers.inputs import ignored_name

# Documents per partition after the read: small enough to balance executors, large
# enough that building the stages once per partition costs nothing.
DOCS_PER_PARTITION = 2000


def _read_one(uri: str, source: str, content: bytes) -> list[tuple[str, Any]]:
    """Records of one file, read by linimasa's readers: ``("doc", RawDocument)`` or ``("error", (source, reason))``."""
    out: list[tuple[str, Any]] = []
    name = PurePosixPath(source).name or "input"
    with tempfile.TemporaryDirectory(prefix="linimasa-spark-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        tmp_source = str(path)
        for item in read_file(path):
            if isinstance(item, ReadError):
                out.append(("error", (item.source.replace(tmp_source, source, 1), item.reason)))
            else:
                item.source = item.source.replace(tmp_source, source, 1)
                out.append(("doc", item))
    return out


def _read_inputs(spark: Any, inputs: list[str], summary: Any, on_error: Any = None) -> tuple[Any, int, Any]:
    """The raw documents of ``inputs`` as an RDD of ``(order, RawDocument)``, a partition count,
    and the cached RDD behind it (to unpersist when done)."""
    sc = spark.sparkContext
    files = list_files(spark, inputs, ignored_name)
    if not files:
        return sc.emptyRDD(), 1, None
    sources = sc.broadcast({uri: (i, src) for i, (uri, src) in enumerate(files)})
    binary = (
        spark.read.format("binaryFile")
        .load([uri for uri, _ in files])
        .select("path", "content")
        .rdd.map(lambda r: (r.path, bytes(r.content)))
    )

    def read(row: tuple[str, bytes]) -> list[tuple[tuple[int, int], tuple[str, Any]]]:
        uri, content = row
        index, source = sources.value[uri]
        return [((index, k), rec) for k, rec in enumerate(_read_one(uri, source, content))]

    records = binary.repartition(max(1, min(len(files), sc.defaultParallelism * 4))).flatMap(read).cache()
    # errors and ids to the driver (small): skipped inputs, and the local engine's renaming of repeated ids
    meta = records.map(
        lambda kv: (kv[0], kv[1][0], kv[1][1] if kv[1][0] == "error" else (kv[1][1].id, kv[1][1].source))
    ).collect()
    meta.sort(key=lambda m: m[0])
    ids = RunIds(summary)  # the local engine's renaming of repeated ids, in input order
    renames: dict[tuple[int, int], str] = {}
    for order, kind, value in meta:
        if kind == "error":
            summary.skip(*value)
            if on_error:
                on_error(*value)
            continue
        summary.read += 1
        doc_id, source = value
        new_id = ids.assign(doc_id, source)
        if new_id != doc_id:
            renames[order] = new_id
    renamed = sc.broadcast(renames)

    def fix_id(kv: tuple[tuple[int, int], tuple[str, Any]]) -> tuple[tuple[int, int], RawDocument]:
        order, (_kind, raw) = kv
        new_id = renamed.value.get(order)
        if new_id:
            raw.id = new_id
        return order, raw

    docs = records.filter(lambda kv: kv[1][0] == "doc").map(fix_id)
    return docs, max(sc.defaultParallelism, summary.read // DOCS_PER_PARTITION + 1), records


_STAGES: Any = None


def _analyse_partition(rows: Iterator[tuple[tuple[int, int], RawDocument]]) -> Iterator[tuple[tuple[int, int], tuple]]:
    """Task: the per-document stages over one partition.

    Yields ``(order, (content hash, analysis JSON, record, search row))``: what the local
    engine's workers return (:func:`linimasa.jobs.analyse.analyse_entries`).
    """
    global _STAGES
    if _STAGES is None:  # once per Python worker: the stages' resources are read-only
        _STAGES = Pipeline(default_stages())
    for batch in chunks(rows, BATCH_SIZE):  # stage by stage over a batch, as the local engine's workers
        analysed = analyse_entries([raw for _, raw in batch], 0, _STAGES)  # (the driver numbers the records)
        for (order, raw), a in zip(batch, analysed, strict=True):
            yield order, (content_hash(raw), a.analysis, a.record, a.search)


def _bucket_pairs(members: Any) -> list[tuple[str, str]]:
    """Candidate pairs ``(earlier id, later id)`` of one LSH bucket (members: ``(sort key, id)``)."""
    ordered = sorted(members)
    return [(a[1], b[1]) for k, a in enumerate(ordered) for b in ordered[k + 1 :]]


def _shingle_set(analysis: str) -> set[int]:
    return shingles(normalised_tokens(loads(analysis)["text"]), DuplicateStage().shingle_size)


def spark_duplicates(analysed: Any, items: list[Any], partitions: int) -> dict[str, str]:
    """Duplicate groups with MinHash banding and pair confirmation as Spark operations.

    Exact copies come from the records on the driver; every other document is keyed by its
    LSH buckets (the bands of its MinHash signature), each bucket's members pair up
    (candidate blocking), the pairs are confirmed against the real shingle sets in Spark
    tasks, and the driver's pass over the confirmed pairs decides the groups exactly as
    the local engine's LSH index does (:meth:`DuplicateStage.find_from_pairs`).
    """
    stage = DuplicateStage()
    sc = analysed.context
    skip = sc.broadcast(frozenset(stage.exact_roots(items)))

    def buckets(kv: tuple) -> list[tuple[tuple[int, bytes], tuple[Any, str]]]:
        rec = kv[1][2]
        if rec.id in skip.value or rec.dup.minhash is None or rec.dup.exact is None:
            return []
        return [(b, (rec.dup.key, rec.id)) for b in stage.band_keys(rec.dup)]

    pairs = analysed.flatMap(buckets).groupByKey(partitions).flatMap(lambda kv: _bucket_pairs(kv[1])).distinct()
    shingled = analysed.map(lambda kv: (kv[1][2].id, kv[1][1])).mapValues(_shingle_set)
    first = pairs.join(shingled).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))  # (b, (a, shingles of a))
    both = first.join(shingled)  # (b, ((a, shingles of a), shingles of b))
    confirmed_pairs = both.filter(lambda kv: stage.confirmed(kv[1][0][1], kv[1][1])).map(
        lambda kv: (kv[1][0][0], kv[0])
    )
    confirmed: dict[str, list[str]] = {}
    for a, b in confirmed_pairs.collect():
        confirmed.setdefault(b, []).append(a)
    skip.unpersist()
    return stage.find_from_pairs(items, confirmed)


def _finalise_group(kv: tuple) -> tuple[int, Any]:
    k, (members, (task, shown)) = kv
    return k, finalise_loaded(task, dict(members), shown)


def run_spark(
    spark: Any,
    inputs: list[str],
    store: Any,
    run_id: int,
    summary: Any,
    batch_size: int = 256,
    on_error: Any = None,
    report_documents: int = 200,
) -> StreamResult:
    """``linimasa run`` on Spark; returns what the write phase needs.

    The per-document stages and records, the duplicate candidate pairs and their
    confirmation, and each story's finalisation (dates from the story, timeline, summary)
    run as Spark tasks; the driver stores the analyses and final documents and takes the
    corpus-wide decisions (entity links, story clustering) from the compact records.
    """
    clock = timer()
    sc = spark.sparkContext
    # a store that already holds documents: the plan goes over the union (jobs.spark_store)
    held = store.count("documents") > 0
    state = store.final_state() if held else {}  # (the stored decisions, before this run's rows replace any)
    changed: set[str] = set()
    shingle_file = ShingleFile() if held else None
    docs, n_parts, cached = _read_inputs(spark, inputs, summary, on_error)
    analysed = docs.repartition(n_parts).mapPartitions(_analyse_partition).sortByKey(numPartitions=n_parts)
    analysed = analysed.persist()
    builder = CorpusBuilder()
    ids: list[str] = []
    try:
        for batch in chunks(analysed.toLocalIterator(), batch_size):
            rows, search, recs = [], [], []
            known = store.known_hashes([v[2].id for _order, v in batch]) if held else {}
            for _order, (h, analysis, rec, search_row) in batch:
                rec.index = len(ids)
                rows.append(analysis_row(rec, h, analysis))
                recs.append(record_row(rec))
                search.append(search_row)
                summary.analysed += 1
                summary.warnings.extend((rec.source, w) for w in rec.warnings)
                ids.append(rec.id)
                if known.get(rec.id) != h:
                    changed.add(rec.id)
                if shingle_file is not None:
                    shingle_file.add(rec.id, rec.shingles)
                builder.add(rec)
            # (the records too: a later local run or API ingest plans from them)
            store.save_analysis_rows(rows, search, run_id, records=recs)
        summary.phases["analyse"] = clock()
        if shingle_file is not None and store.count("documents") > len(ids):
            return plan_over_store(
                spark,
                store,
                run_id,
                summary,
                builder,
                ids,
                changed,
                state,
                shingle_file,
                batch_size,
                report_documents,
                clock,
            )

        plan = plan_corpus(builder, lambda items: spark_duplicates(analysed, items, n_parts))
        records = builder.records
        summary.entities = len(plan.entities.entities)
        summary.stories = len(plan.stories)
        summary.duplicates = plan.duplicates
        summary.phases["plan"] = clock() - summary.phases["analyse"]

        shown = frozenset(ids[:report_documents])
        tasks = sc.parallelize([(k, (t, shown)) for k, t in enumerate(plan.tasks(batch_size))], n_parts)
        membership = tasks.flatMap(lambda kv: [(i, kv[0]) for i in kv[1][0].ids])
        texts = analysed.map(lambda kv: (kv[1][2].id, kv[1][1]))
        grouped = membership.join(texts).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).groupByKey(n_parts)
        finals = grouped.join(tasks).map(_finalise_group).sortByKey(numPartitions=n_parts)
        collect = FinalCollector(store, run_id)
        with store.bulk_final_rows(len(plan.members)):
            for k, fin in finals.toLocalIterator():
                collect.add(k, fin)
            collect.flush()
        summary.phases["finalise"] = clock() - summary.phases["analyse"] - summary.phases["plan"]
    finally:
        analysed.unpersist()
        if cached is not None:
            cached.unpersist()
        if shingle_file is not None:
            shingle_file.close()
    store.save_entities(plan.entities.entities, run_id)
    result = stream_result(records, plan, ids, collect)
    store.save_threads(result.threads, run_id)  # (the API serves them)
    mark_planned(store, plan_fingerprint(store), result, summary.duplicates)  # (a re-run reads it back)
    return result
