"""Derived rows of the store: the columns, mentions, quotes and full-text rows that are
computed from a document's (or story's, entity's) JSON object.

One module for both writers: :meth:`Store.save_results` calls it for every run and the
version-2 migration calls it to back-fill a store written by an older linimasa, so the two
can never index differently.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import Connection, column, delete, insert, select, table, text

from linimasa.store import schema
from linimasa.store.search import index_fields

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
CHUNK = 500
# The FTS5 virtual table, for SQLAlchemy expressions (created by raw DDL in migrations).
SQLITE_FTS = table("search_fts", column("rowid"), column("words"), column("stems"))


def day_of(published: str | None) -> str | None:
    """``YYYY-MM-DD`` of a publication date or date-time (None for month-only or missing)."""
    if published and _ISO_DAY.match(published):
        return published[:10]
    return None


def document_columns(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "day": day_of(obj.get("published")),
        "title": obj.get("title"),
        "duplicate_of": obj.get("duplicate_of"),
    }


def story_columns(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": obj.get("title"),
        "start_date": obj.get("start"),
        "end_date": obj.get("end"),
        "n_documents": len(obj.get("documents") or []),
    }


def entity_columns(obj: dict[str, Any]) -> dict[str, Any]:
    return {"name": obj.get("name"), "type": obj.get("type"), "n_documents": int(obj.get("documents") or 0)}


def index_documents(conn: Connection, dialect: str, objs: list[dict[str, Any]]) -> None:
    """Replace the mentions, quotes and full-text rows of ``objs`` (document objects)."""
    for i in range(0, len(objs), CHUNK):
        _index_chunk(conn, dialect, objs[i : i + CHUNK])


def _index_chunk(conn: Connection, dialect: str, objs: list[dict[str, Any]]) -> None:
    ids = [o["id"] for o in objs]
    conn.execute(delete(schema.mentions).where(schema.mentions.c.document_id.in_(ids)))
    conn.execute(delete(schema.quotes).where(schema.quotes.c.document_id.in_(ids)))
    mention_rows = []
    quote_rows = []
    for o in objs:
        counts = Counter(m.get("id") for m in o.get("entities") or [] if m.get("id"))
        mention_rows += [{"document_id": o["id"], "entity_id": e, "n": n} for e, n in counts.items()]
        quote_rows += [
            {
                "document_id": o["id"],
                "idx": k,
                "speaker": q.get("speaker"),
                "speaker_id": q.get("speaker_id"),
                "text": q.get("text") or "",
                "kind": q.get("kind"),
            }
            for k, q in enumerate(o.get("quotes") or [])
        ]
    if mention_rows:
        conn.execute(insert(schema.mentions), mention_rows)
    if quote_rows:
        conn.execute(insert(schema.quotes), quote_rows)

    keys = _search_keys(conn, ids)
    rows = []
    for o in objs:
        words, stems = index_fields(o.get("title"), o.get("text") or "", o.get("lang"))
        rows.append({"id": keys[o["id"]], "w": words, "s": stems})
    key_list = [keys[i] for i in ids]
    if dialect == "postgresql":
        conn.execute(delete(schema.search_tsv).where(schema.search_tsv.c.id.in_(key_list)))
        conn.execute(
            text(
                "INSERT INTO search_tsv (id, tsv) VALUES (:id, to_tsvector('simple', :w) || to_tsvector('simple', :s))"
            ),
            rows,
        )
    else:
        conn.execute(delete(SQLITE_FTS).where(SQLITE_FTS.c.rowid.in_(key_list)))
        conn.execute(text("INSERT INTO search_fts (rowid, words, stems) VALUES (:id, :w, :s)"), rows)


def _search_keys(conn: Connection, ids: list[str]) -> dict[str, int]:
    """The integer full-text key of each document id, creating the missing ones."""
    t = schema.search_docs
    keys = dict(conn.execute(select(t.c.document_id, t.c.id).where(t.c.document_id.in_(ids))).all())
    missing = [i for i in ids if i not in keys]
    if missing:
        conn.execute(insert(t), [{"document_id": i} for i in missing])
        keys.update(conn.execute(select(t.c.document_id, t.c.id).where(t.c.document_id.in_(missing))).all())
    return keys
