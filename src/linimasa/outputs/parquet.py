"""``--format parquet`` (with ``--engine spark``): the JSON Lines outputs as Parquet, written by Spark.

The session comes from :func:`linimasa.engines.spark.get_session`; this module only calls its
methods (no ``pyspark`` import).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PARQUET_FILES = ("documents", "stories", "entities")


def write_parquet(spark: Any, out: Path, name: str, jsonl: Path) -> str:
    """``out/name.parquet`` from a JSON Lines output file (the same objects, as Spark rows)."""
    target = out / f"{name}.parquet"
    source = str(jsonl)
    df = spark.read.json(source if "://" in source or source.startswith("file:") else "file:" + str(jsonl.resolve()))
    df.write.mode("overwrite").parquet("file:" + str(target.resolve()))
    return str(target)
