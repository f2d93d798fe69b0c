"""``--format csv``: the JSON Lines outputs as flat tables, one row per object.

``documents.csv``, ``stories.csv``, ``entities.csv``, ``threads.csv`` and ``timeline.csv``
beside their ``.jsonl`` (and ``quotes.csv`` for ``linimasa export``): the columns a
spreadsheet user expects. Scalar fields as they are; a list field (ids, aliases, entity
names) joined with ``"; "`` in its cell; for the documents the number of each annotation
layer, the names of the entities mentioned, one ``meta.KEY`` column per kept input field
(``meta``), and the text last. The JSON Lines files keep everything (offsets, evidence).

The files are written with the :mod:`csv` module as spreadsheet programs read them: UTF-8
with a byte-order mark (Excel then reads the text as UTF-8), CRLF line ends, a header row,
RFC 4180 quoting (a text's newlines, quotes and commas stay inside its quoted cell). The same
column definitions give the Parquet tables (:mod:`linimasa.outputs.parquet_tables`), where a
list is a list of strings and a count an integer. Columns in ``docs/export.md``.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linimasa.jsontext import dumps, loads
from linimasa.outputs.files import write_file

LIST_SEPARATOR = "; "
META_PREFIX = "meta."
MAX_META_COLUMNS = 100


@dataclass(frozen=True)
class Column:
    """One column: its ``name``, its ``kind`` (``text``, ``int`` or ``list``) and how a row's
    value is taken from the JSON object."""

    name: str
    kind: str
    get: Callable[[dict[str, Any]], Any]


def _field(name: str, kind: str = "text", key: str | None = None) -> Column:
    key = key or name
    return Column(name, kind, lambda o: o.get(key))


def _count(name: str, key: str) -> Column:
    return Column(name, "int", lambda o: len(o.get(key) or ()))


def _entity_names(obj: dict[str, Any]) -> list[str]:
    names: dict[str, None] = {}
    for m in obj.get("entities") or ():
        names.setdefault(str(m.get("name") or m.get("text") or ""), None)
    return [n for n in names if n]


def _summary(obj: dict[str, Any]) -> str:
    return " ".join(str(s.get("text") or "") for s in obj.get("summary") or ())


@dataclass(frozen=True)
class Table:
    """The columns of one table; ``meta``: a ``meta.KEY`` column per kept input field is inserted
    before the last column (the documents' text)."""

    columns: tuple[Column, ...]
    meta: bool = False

    def with_meta(self, keys: list[str]) -> tuple[Column, ...]:
        if not self.meta or not keys:
            return self.columns
        extra = tuple(Column(META_PREFIX + k, "text", _meta_getter(k)) for k in keys)
        return self.columns[:-1] + extra + self.columns[-1:]


def _meta_getter(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda o: meta_text((o.get("meta") or {}).get(key))


def meta_text(value: Any) -> str | None:
    """A kept input field as one cell: a list joined with ``"; "``, an object as JSON text,
    ``true``/``false`` for a boolean."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(meta_text(v) or "" for v in value)
    if isinstance(value, dict):
        return dumps(value)
    return str(value)


DOCUMENTS = Table(
    (
        *(_field(n) for n in ("id", "url", "lang", "title", "outlet", "dateline", "published", "published_from")),
        _field("story"),
        _field("duplicate_of"),
        _field("source"),
        *(_count(f"n_{k}", k) for k in ("sentences", "timexes", "entities", "quotes", "warnings")),
        Column("entities", "list", _entity_names),
        _field("credits", "list"),
        _field("warnings", "list"),
        _field("text"),
    ),
    meta=True,
)

TABLES: dict[str, Table] = {
    "documents": DOCUMENTS,
    "stories": Table(
        (
            *(_field(n) for n in ("id", "title", "start", "end", "thread")),
            _count("n_documents", "documents"),
            _field("documents", "list"),
            _field("entities", "list"),
            Column("summary", "text", _summary),
        )
    ),
    "entities": Table(
        (_field("id"), _field("name"), _field("type"), _field("documents", "int"), _field("aliases", "list"))
    ),
    "threads": Table(
        (
            *(_field(n) for n in ("id", "title", "start", "end")),
            _count("n_stories", "stories"),
            _field("stories", "list"),
            _field("entities", "list"),
        )
    ),
    "timeline": Table(
        (
            *(_field(n) for n in ("story", "date", "granularity", "status", "placement", "text")),
            _field("documents", "list"),
        )
    ),
}
"""The tables of ``linimasa run --format csv`` (the run's JSON Lines files)."""

QUOTES = Table(
    (
        _field("document"),
        _field("index", "int"),
        *(_field(n) for n in ("published", "outlet", "story", "speaker", "speaker_id", "kind", "text")),
        _field("start", "int"),
        _field("end", "int"),
    )
)

EXPORT_TABLES: dict[str, Table] = {**TABLES, "quotes": QUOTES}
"""The tables of ``linimasa export`` (``quotes.jsonl`` too)."""


def written_table(path: Path, name: str) -> bool:
    """Whether ``path`` (``NAME.csv`` or ``NAME.parquet``) is a table linimasa wrote, which a run or
    export that writes no such table removes: its header (a byte-order mark aside) or its Parquet
    schema names three columns or more, all columns of that table (``meta.KEY`` for documents; an
    earlier version wrote some of them: columns are only added). ``entities.csv`` of a person's own
    (``id,name``), in a folder given as ``--out``, is not one: it is left alone."""
    table = EXPORT_TABLES.get(name)
    if table is None:
        return False
    known = {c.name for c in table.columns}
    try:
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq  # (only with a Parquet file to look at)

            header = list(pq.read_schema(path).names)
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader([fh.readline(1 << 16)]), [])
    except (OSError, ValueError):  # (unreadable, not UTF-8, not Parquet: not one of its tables)
        return False
    return len(header) >= 3 and all(h in known or (table.meta and h.startswith("meta.")) for h in header)


def iter_objects(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file, one at a time."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield loads(line)


def meta_keys(path: Path) -> tuple[list[str], int]:
    """The kept input fields (``meta``) of the documents of a JSON Lines file that get a
    ``meta.KEY`` column, sorted, and how many different ones there are: at most
    :data:`MAX_META_COLUMNS`, those most documents have (the key's order breaks ties). Without
    the bound, documents each with their own 150 keys made a table of 150 columns per document
    (200 documents: 30,000 columns, the CSV eleven times the JSON Lines file)."""
    counts: Counter[str] = Counter()
    for obj in iter_objects(path):
        counts.update(list(obj.get("meta") or ()))  # the keys (a dict would add its values)
    chosen = sorted(counts, key=lambda k: (-counts[k], k))[:MAX_META_COLUMNS]
    return sorted(chosen), len(counts)


def table_columns(out: Path, name: str) -> tuple[Column, ...]:
    """The columns of table ``name`` for the JSON Lines file ``out/name.jsonl``."""
    table = EXPORT_TABLES[name]
    return table.with_meta(meta_keys(out / f"{name}.jsonl")[0] if table.meta else [])


def cell(column: Column, obj: dict[str, Any]) -> Any:
    """The CSV cell of ``column`` for ``obj``: a list joined with ``"; "``, None as empty."""
    value = column.get(obj)
    if value is None:
        return ""
    if column.kind == "list":
        return LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    return value


def write_table(out: Path, name: str) -> str:
    """``out/name.csv`` from ``out/name.jsonl`` (streamed: one object in memory at a time)."""
    columns = table_columns(out, name)

    def write(fh: Any) -> None:
        fh.write("\ufeff")
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        for obj in iter_objects(out / f"{name}.jsonl"):
            writer.writerow([cell(c, obj) for c in columns])

    return str(write_file(out / f"{name}.csv", write))
