"""The Spark executor: a Spark session, and the listing of input files through Spark.

Why Spark: when one machine is not enough, the per-document stages (all but a few percent
of the work) are embarrassingly parallel and Spark is the distributed engine users already
run. What the tasks do (read the files with linimasa's readers, analyse, finalise stories)
is the job's: :mod:`linimasa.jobs.spark`. How to submit a run to a cluster
(``spark-submit``, wheel, ``--conf``) is in ``docs/scale.md``.

``pyspark`` is imported here only, inside :func:`get_session` (it is an optional dependency:
``pip install 'linimasa[spark]'``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

DEFAULT_CONF = {
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
}


class SparkUnavailable(Exception):
    """PySpark (or Java) is missing, or no session could be started."""


def get_session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """The active SparkSession, or a new one (``master`` default: spark-submit's, else ``local[*]``)."""
    try:
        from pyspark.sql import SparkSession  # (an optional dependency: linimasa[spark])
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


def _local_path(uri: str) -> str:
    """``file:/a/b`` -> ``/a/b``; other URIs unchanged."""
    if uri.startswith("file://"):
        return uri[len("file://") :]
    if uri.startswith("file:"):
        return uri[len("file:") :]
    return uri


def is_uri(path: str) -> bool:
    return "://" in path or path.startswith("file:")


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(PurePosixPath(_local_path(path)).parts)


def list_files(spark: Any, inputs: list[str], ignored: Callable[[str], bool]) -> list[tuple[str, str]]:
    """``(uri, source)`` of every file of ``inputs`` in the local engine's order.

    ``source`` is what the local engine would call the file (the user's path joined with
    the file's place under it), so documents carry the same ``source`` in both engines. A
    file inside an input folder is left out when ``ignored`` says so of one of its path parts.
    """
    out: list[tuple[str, str]] = []
    for item in inputs:
        is_dir = not is_uri(item) and Path(item).is_dir()
        base = item if is_uri(item) else str(Path(item).resolve())
        df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(base).select("path")
        uris = sorted((r.path for r in df.collect()), key=_sort_key)
        root = _local_path(base if is_uri(base) else "file:" + base).rstrip("/")
        for uri in uris:
            local = _local_path(uri)
            rel = local[len(root) :].lstrip("/") if local.startswith(root) else PurePosixPath(local).name
            if is_dir and any(ignored(part) for part in PurePosixPath(rel).parts):
                continue
            source = str(Path(item) / rel) if is_dir else (item if not is_uri(item) else uri)
            out.append((uri, source))
    return out

