"""The Spark engine (``linimasa run --engine spark``): the per-document stages as Spark tasks.

Why Spark: when one machine is not enough, the per-document stages (all but a few percent
of the work) are embarrassingly parallel and Spark is the distributed engine users
already run. The stages are the same picklable objects the local engine uses; this module
only decides how documents reach them:

1. Inputs are listed with Spark's ``binaryFile`` source (any path Spark can read: local
   folders, ``hdfs://``, ``s3a://``; folders recursively), in the local engine's order
   (path components sorted). Each file is read by linimasa's own readers inside a task
   (text, HTML, JSON Lines, WARC: the same detection and the same ids), one task per file.
2. Documents are numbered by (file, record) so that their input order survives the
   shuffle; repeated ids get ``~2``, ``~3`` exactly as in the local engine.
3. The per-document stages run in ``mapPartitions`` after a repartition (a big JSON Lines
   or WARC file is spread over every executor), and each task emits the document's
   analysis as JSON (the store's ``analysis`` column).
4. The analyses stream back to the driver in input order (``toLocalIterator``), which
   stores them with their compact records (:mod:`linimasa.corpus.records`; a few KB per
   document, never the documents).
5. Duplicates: MinHash banding, candidate pairs per bucket and their confirmation on the
   shingle sets are Spark operations (:func:`spark_duplicates`); the driver's pass over the
   confirmed pairs groups them as the local engine does.
6. Entity links and story clustering are taken on the driver from the records (one pass
   over compact data, the same code as the local engine); each story's members are then
   joined with their analyses and finalised in Spark tasks (dates from the story,
   timeline, summary), and the final documents come back to the driver for the store.

``documents``, duplicates and stories are identical between the engines (tested).
Outputs are the same JSON Lines files; ``--format parquet`` also writes
``documents.parquet``, ``stories.parquet`` and ``entities.parquet`` with Spark. Spark does
not reuse stored analyses (``--force`` is implied): a cluster run is a batch job.

How to submit it to a cluster (``spark-submit``, wheel, ``--conf``) is in ``docs/scale.md``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from linimasa.engines.hashing import content_hash
from linimasa.jsontext import loads
from linimasa.model import RawDocument
from linimasa.readers.ids import UniqueIds, renamed_warning

DEFAULT_CONF = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
}
# Documents per partition after the read: small enough to balance executors, large
# enough that building the stages once per partition costs nothing.
DOCS_PER_PARTITION = 2000


class SparkUnavailable(Exception):
    """PySpark (or Java) is missing, or no session could be started."""


def get_session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """The active SparkSession, or a new one (``master`` default: spark-submit's, else ``local[*]``)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable("PySpark is not installed: pip install 'linimasa[spark]'") from exc
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = SparkSession.builder.appName("linimasa")
    if master:
        builder = builder.master(master)
    elif "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", "") and not os.environ.get("SPARK_HOME"):
        builder = builder.master("local[*]")
    settings = dict(DEFAULT_CONF)
    if (master or "local").startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable  # local mode: the workers use this interpreter
    for k, v in {**settings, **(conf or {})}.items():
        builder = builder.config(k, v)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # no Java, bad master URL...
        raise SparkUnavailable(f"cannot start Spark: {type(exc).__name__}: {str(exc).splitlines()[0]}") from exc


# ------------------------------------------------------------------ inputs


def _local_path(uri: str) -> str:
    """``file:/a/b`` -> ``/a/b``; other URIs unchanged."""
    if uri.startswith("file://"):
        return uri[len("file://") :]
    if uri.startswith("file:"):
        return uri[len("file:") :]
    return uri


def _is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:")


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(PurePosixPath(_local_path(path)).parts)


def list_files(spark: Any, inputs: list[str]) -> list[tuple[str, str]]:
    """``(uri, source)`` of every file of ``inputs`` in the local engine's order.

    ``source`` is what the local engine would call the file (the user's path joined with
    the file's place under it), so documents carry the same ``source`` in both engines.
    """
    from linimasa.readers.inputs import _ignored

    out: list[tuple[str, str]] = []
    for item in inputs:
        is_dir = not _is_uri(item) and Path(item).is_dir()
        base = item if _is_uri(item) else str(Path(item).resolve())
        df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(base).select("path")
        uris = sorted((r.path for r in df.collect()), key=_sort_key)
        root = _local_path(base if _is_uri(base) else "file:" + base).rstrip("/")
        for uri in uris:
            local = _local_path(uri)
            rel = local[len(root) :].lstrip("/") if local.startswith(root) else PurePosixPath(local).name
            if is_dir and any(_ignored(part) for part in PurePosixPath(rel).parts):
                continue
            source = str(Path(item) / rel) if is_dir else (item if not _is_uri(item) else uri)
            out.append((uri, source))
    return out


def _read_one(uri: str, source: str, content: bytes) -> list[tuple[str, Any]]:
    """Records of one file, read by linimasa's readers: ``("doc", RawDocument)`` or ``("error", (source, reason))``."""
    from linimasa.readers import ReadError, read_file

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
    files = list_files(spark, inputs)
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
    ids = UniqueIds()  # the local engine's renaming of repeated ids, in input order
    renames: dict[tuple[int, int], str] = {}
    for order, kind, value in meta:
        if kind == "error":
            summary.skip(*value)
            if on_error:
                on_error(*value)
            continue
        summary.read += 1
        doc_id, source = value
        new_id = ids.assign(doc_id)
        if new_id != doc_id:
            renames[order] = new_id
            summary.warnings.append((source, renamed_warning(doc_id, new_id)))
    renamed = sc.broadcast(renames)

    def fix_id(kv: tuple[tuple[int, int], tuple[str, Any]]) -> tuple[tuple[int, int], RawDocument]:
        order, (_kind, raw) = kv
        new_id = renamed.value.get(order)
        if new_id:
            raw.id = new_id
        return order, raw

    docs = records.filter(lambda kv: kv[1][0] == "doc").map(fix_id)
    return docs, max(sc.defaultParallelism, summary.read // DOCS_PER_PARTITION + 1), records


# ------------------------------------------------------------------ tasks

_STAGES: Any = None


def _analyse_partition(rows: Iterator[tuple[tuple[int, int], RawDocument]]) -> Iterator[tuple[tuple[int, int], tuple]]:
    """Task: the per-document stages over one partition.

    Yields ``(order, (content hash, analysis JSON, record, search row))``: what the local
    engine's workers return (:func:`linimasa.engines.streaming.analyse_entries`).
    """
    from linimasa.engines.local import BATCH_SIZE
    from linimasa.engines.pool import chunks
    from linimasa.engines.streaming import analyse_entries
    from linimasa.pipeline import Pipeline, default_stages

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
    from linimasa.corpus.duplicates import DuplicateStage, normalised_tokens, shingles

    return shingles(normalised_tokens(loads(analysis)["text"]), DuplicateStage().shingle_size)


def spark_duplicates(analysed: Any, items: list[Any], partitions: int) -> dict[str, str]:
    """Duplicate groups with MinHash banding and pair confirmation as Spark operations.

    Exact copies come from the records on the driver; every other document is keyed by its
    LSH buckets (the bands of its MinHash signature), each bucket's members pair up
    (candidate blocking), the pairs are confirmed against the real shingle sets in Spark
    tasks, and the driver's pass over the confirmed pairs decides the groups exactly as
    the local engine's LSH index does (:meth:`DuplicateStage.find_from_pairs`).
    """
    from linimasa.corpus.duplicates import DuplicateStage

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
    from linimasa.engines.streaming import finalise_loaded

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
) -> Any:
    """``linimasa run`` on Spark; returns what the write phase needs (a ``StreamResult``).

    The per-document stages and records, the duplicate candidate pairs and their
    confirmation, and each story's finalisation (dates from the story, timeline, summary)
    run as Spark tasks; the driver stores the analyses and final documents and takes the
    corpus-wide decisions (entity links, story clustering) from the compact records.
    """
    from linimasa.corpus.plan import CorpusBuilder, plan_corpus
    from linimasa.engines.local import timer
    from linimasa.engines.pool import chunks
    from linimasa.engines.streaming import FinalCollector, analysis_row, stream_result

    clock = timer()
    sc = spark.sparkContext
    docs, n_parts, cached = _read_inputs(spark, inputs, summary, on_error)
    analysed = docs.repartition(n_parts).mapPartitions(_analyse_partition).sortByKey(numPartitions=n_parts)
    analysed = analysed.persist()
    builder = CorpusBuilder()
    ids: list[str] = []
    try:
        for batch in chunks(analysed.toLocalIterator(), batch_size):
            rows, search = [], []
            for _order, (h, analysis, rec, search_row) in batch:
                rec.index = len(ids)
                rows.append(analysis_row(rec, h, analysis))
                search.append(search_row)
                summary.analysed += 1
                summary.warnings.extend((rec.source, w) for w in rec.warnings)
                ids.append(rec.id)
                builder.add(rec)
            store.save_analysis_rows(rows, search, run_id)
        summary.phases["analyse"] = clock()

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
    store.save_entities(plan.entities.entities, run_id)
    return stream_result(records, plan, ids, collect)


def write_parquet(spark: Any, out: Path, name: str, jsonl: Path) -> str:
    """``out/name.parquet`` from a JSON Lines output file (the same objects, as Spark rows)."""
    target = out / f"{name}.parquet"
    df = spark.read.json("file:" + str(jsonl.resolve()) if not _is_uri(str(jsonl)) else str(jsonl))
    df.write.mode("overwrite").parquet("file:" + str(target.resolve()))
    return str(target)
