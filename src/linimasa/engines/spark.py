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
   stores them and runs the corpus stages on them exactly as the local engine does, so
   ``documents``, duplicates and stories are identical between the engines (tested).
   Outputs are the same JSON Lines files; ``--format parquet`` also writes
   ``documents.parquet``, ``stories.parquet`` and ``entities.parquet`` with Spark.

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
from linimasa.model import Document, RawDocument

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


# ------------------------------------------------------------------ tasks

_STAGES: Any = None


def _analyse_partition(rows: Iterator[tuple[tuple[int, int], RawDocument]]) -> Iterator[tuple[tuple[int, int], str]]:
    """Task: the per-document stages over one partition; yields (order, analysis JSON, content hash)."""
    import json

    from linimasa.pipeline import Pipeline, default_stages

    global _STAGES
    if _STAGES is None:  # once per Python worker: the stages' resources are read-only
        _STAGES = Pipeline(default_stages())
    for order, raw in rows:
        h = content_hash(raw)
        doc = _STAGES.process(Document.from_raw(raw))
        yield order, json.dumps({"hash": h, "doc": doc.to_json()}, ensure_ascii=False)


def analyse_spark(spark: Any, inputs: list[str], summary: Any, on_error: Any = None) -> Iterator[tuple[Document, str]]:
    """Per-document analysis of ``inputs`` on Spark; yields ``(document, content hash)`` in input order."""
    import json

    sc = spark.sparkContext
    files = list_files(spark, inputs)
    if not files:
        return
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
    seen: dict[str, int] = {}
    renames: dict[tuple[int, int], str] = {}
    for order, kind, value in meta:
        if kind == "error":
            summary.skipped.append(value)
            if on_error:
                on_error(*value)
            continue
        summary.read += 1
        doc_id, source = value
        n = seen.get(doc_id, 0)
        seen[doc_id] = n + 1
        if n:
            new_id = f"{doc_id}~{n + 1}"
            renames[order] = new_id
            summary.warnings.append((source, f"id {doc_id!r} already used in this run; stored as {new_id!r}"))
    renamed = sc.broadcast(renames)

    def fix_id(kv: tuple[tuple[int, int], tuple[str, Any]]) -> tuple[tuple[int, int], RawDocument]:
        order, (_kind, raw) = kv
        new_id = renamed.value.get(order)
        if new_id:
            raw.id = new_id
        return order, raw

    docs = records.filter(lambda kv: kv[1][0] == "doc").map(fix_id)
    n_parts = max(sc.defaultParallelism, summary.read // DOCS_PER_PARTITION + 1)
    analysed = docs.repartition(n_parts).mapPartitions(_analyse_partition).sortByKey(numPartitions=n_parts)
    try:
        for _order, payload in analysed.toLocalIterator():
            obj = json.loads(payload)
            yield Document.from_json(obj["doc"]), obj["hash"]
    finally:
        records.unpersist()


def write_parquet(spark: Any, out: Path, name: str, jsonl: Path) -> str:
    """``out/name.parquet`` from a JSON Lines output file (the same objects, as Spark rows)."""
    target = out / f"{name}.parquet"
    df = spark.read.json("file:" + str(jsonl.resolve()) if not _is_uri(str(jsonl)) else str(jsonl))
    df.write.mode("overwrite").parquet("file:" + str(target.resolve()))
    return str(target)
