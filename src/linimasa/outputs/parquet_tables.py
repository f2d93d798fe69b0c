"""``linimasa export --format parquet``: the CSV tables' columns as Parquet files, by pyarrow.

No Spark: ``out/name.parquet`` is written from ``out/name.jsonl`` in row groups of
:data:`ROWS_PER_GROUP` rows (only their flat values held: memory stays bounded), with the columns of
:mod:`linimasa.outputs.tables`: a text column is a string, a count an int64, a list a list
of strings (not joined as in a CSV cell). Written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from linimasa.outputs.files import OutputError
from linimasa.outputs.tables import Column, iter_objects, table_columns

ROWS_PER_GROUP = 2000


def _value(column: Column, obj: dict[str, Any]) -> Any:
    value = column.get(obj)
    if value is None:
        return None
    if column.kind == "list":
        return [None if v is None else str(v) for v in value]
    if column.kind == "int":
        return int(value)
    return str(value)


def write_parquet_table(out: Path, name: str) -> str:
    """``out/name.parquet`` from ``out/name.jsonl``."""
    # pyarrow is imported here, not at the top: only --format parquet loads it (about 0.2 s)
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = table_columns(out, name)
    types = {"text": pa.string(), "int": pa.int64(), "list": pa.list_(pa.string())}
    schema = pa.schema([pa.field(c.name, types[c.kind]) for c in columns])
    target = out / f"{name}.parquet"
    tmp = target.with_name(f".{target.name}.tmp")

    def flush(writer: Any, values: list[list[Any]]) -> None:
        arrays = [pa.array(v, type=types[c.kind]) for c, v in zip(columns, values, strict=True)]
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

    try:
        with pq.ParquetWriter(str(tmp), schema) as writer:
            values: list[list[Any]] = [[] for _ in columns]  # the flat values only, not the objects
            n = 0
            for obj in iter_objects(out / f"{name}.jsonl"):
                for column, vs in zip(columns, values, strict=True):
                    vs.append(_value(column, obj))
                n += 1
                if n % ROWS_PER_GROUP == 0:
                    flush(writer, values)
                    values = [[] for _ in columns]
            if n % ROWS_PER_GROUP:
                flush(writer, values)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return str(target)
