"""``--format csv``: the run's JSON Lines outputs as CSV tables, one row per object.

``documents.csv``, ``stories.csv``, ``entities.csv``, ``threads.csv`` and ``timeline.csv``
beside their ``.jsonl``: the scalar fields as they are, a list field (ids, aliases) as a
JSON array in its cell, and for the documents the number of each annotation layer rather
than the layer (the JSON Lines file keeps the offsets). UTF-8, a header row, RFC 4180
quoting (a text's newlines stay inside its quoted cell). Columns in ``docs/output-contract.md``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from linimasa.jsontext import loads
from linimasa.outputs.files import write_file

_DOCUMENT_SCALARS = (
    "id", "url", "lang", "title", "outlet", "dateline", "published", "published_from", "story", "duplicate_of",
    "source",
)  # fmt: skip
_DOCUMENT_COUNTS = ("sentences", "timexes", "entities", "quotes", "warnings")


def _document(obj: dict[str, Any]) -> list[Any]:
    return [
        *(obj.get(k) for k in _DOCUMENT_SCALARS),
        *(len(obj.get(k) or ()) for k in _DOCUMENT_COUNTS),
        obj.get("text", ""),
    ]


def _columns(*names: str) -> tuple[tuple[str, ...], Callable[[dict[str, Any]], list[Any]]]:
    def row(obj: dict[str, Any]) -> list[Any]:
        return [json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in (obj.get(n) for n in names)]

    return names, row


TABLES: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], list[Any]]]] = {
    "documents": (_DOCUMENT_SCALARS + tuple(f"n_{k}" for k in _DOCUMENT_COUNTS) + ("text",), _document),
    "stories": _columns("id", "title", "start", "end", "thread", "documents", "entities"),
    "entities": _columns("id", "name", "type", "documents", "aliases"),
    "threads": _columns("id", "title", "start", "end", "stories", "entities"),
    "timeline": _columns("date", "granularity", "status", "placement", "text", "documents"),
}


def _objects(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield loads(line)


def write_table(out: Path, name: str) -> str:
    """``out/name.csv`` from ``out/name.jsonl`` (streamed: one object in memory at a time)."""
    header, row = TABLES[name]

    def write(fh: Any) -> None:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for obj in _objects(out / f"{name}.jsonl"):
            writer.writerow(row(obj))

    return str(write_file(out / f"{name}.csv", write))
