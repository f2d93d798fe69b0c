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


def execute_many(conn: Connection, stmt: Any, rows: list[dict[str, Any]]) -> None:
    """``conn.execute(stmt, rows)``: one statement for many parameter sets (``rows`` have the same keys).

    On SQLite the statement is compiled once and the rows go to the driver as tuples.
    Through ``conn.execute`` SQLAlchemy builds every row's parameters in Python, about
    2 µs a row, a third of the cost of storing a mention. The store's columns are
    strings and integers, which need no conversion on the way to SQLite.
    """
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(stmt, rows)
        return
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(rows[0]))
    names = compiled.positiontup or []
    conn.exec_driver_sql(compiled.string, [tuple(r[n] for n in names) for r in rows])


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
        "thread": obj.get("thread"),
    }


def thread_columns(obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": obj.get("title"),
        "start_date": obj.get("start"),
        "end_date": obj.get("end"),
        "n_stories": len(obj.get("stories") or []),
    }


def entity_columns(obj: dict[str, Any]) -> dict[str, Any]:
    return {"name": obj.get("name"), "type": obj.get("type"), "n_documents": int(obj.get("documents") or 0)}


def index_documents(conn: Connection, dialect: str, objs: list[dict[str, Any]]) -> None:
    """Replace the mentions, quotes and full-text rows of ``objs`` (document objects)."""
    for i in range(0, len(objs), CHUNK):
        _index_chunk(conn, dialect, objs[i : i + CHUNK])


def _index_chunk(conn: Connection, dialect: str, objs: list[dict[str, Any]]) -> None:
    ids = [o["id"] for o in objs]
    mentions: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    for o in objs:
        m, q = derived_rows(o)
        mentions += m
        quotes += q
    replace_mentions_quotes(conn, ids, mentions, quotes)
    index_search(
        conn, dialect, [(o["id"], *index_fields(o.get("title"), o.get("text") or "", o.get("lang"))) for o in objs]
    )


def derived_rows(o: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The ``mentions`` and ``quotes`` rows of one document object."""
    counts = Counter(m.get("id") for m in o.get("entities") or [] if m.get("id"))
    mentions = [{"document_id": o["id"], "entity_id": e, "n": n} for e, n in counts.items()]
    quotes = [
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
    return mentions, quotes


def replace_mentions_quotes(
    conn: Connection, ids: list[str], mentions: list[dict[str, Any]], quotes: list[dict[str, Any]]
) -> None:
    """Replace the mention and quote rows of the documents ``ids``."""
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        conn.execute(delete(schema.mentions).where(schema.mentions.c.document_id.in_(chunk)))
        conn.execute(delete(schema.quotes).where(schema.quotes.c.document_id.in_(chunk)))
    execute_many(conn, insert(schema.mentions), mentions)
    execute_many(conn, insert(schema.quotes), quotes)


def index_search(conn: Connection, dialect: str, rows: list[tuple[str, str, str]]) -> None:
    """Replace the full-text rows of documents given as ``(id, words, stems)`` (see ``index_fields``)."""
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        keys = _search_keys(conn, [r[0] for r in chunk])
        params = [{"id": keys[d], "w": w, "s": s} for d, w, s in chunk]
        key_list = [p["id"] for p in params]
        if dialect == "postgresql":
            conn.execute(delete(schema.search_tsv).where(schema.search_tsv.c.id.in_(key_list)))
            conn.execute(
                text(
                    "INSERT INTO search_tsv (id, tsv) "
                    "VALUES (:id, to_tsvector('simple', :w) || to_tsvector('simple', :s))"
                ),
                params,
            )
        else:
            conn.execute(delete(SQLITE_FTS).where(SQLITE_FTS.c.rowid.in_(key_list)))
            execute_many(conn, text("INSERT INTO search_fts (rowid, words, stems) VALUES (:id, :w, :s)"), params)


def stage_search(conn: Connection, rows: list[tuple[str, str, str]]) -> None:
    """Keep full-text rows ``(id, words, stems)`` for :func:`index_pending` (SQLite), replacing
    a document's earlier staged row (the tuples go to the driver as they are)."""
    conn.exec_driver_sql("INSERT OR REPLACE INTO search_pending (document_id, words, stems) VALUES (?, ?, ?)", rows)


def index_pending(conn: Connection, limit: int) -> int:
    """Move up to ``limit`` staged full-text rows into ``search_fts`` (SQLite); returns how many.

    Four statements that SQLite runs on its own (the text never comes into Python, so a
    thread doing this leaves the interpreter to the others): a key for each new document,
    its old full-text row out, the new one in, the staged rows gone.
    """
    last = conn.execute(
        text("SELECT rowid FROM search_pending ORDER BY rowid LIMIT 1 OFFSET :k"), {"k": limit - 1}
    ).scalar()
    if last is None:
        last = conn.execute(text("SELECT max(rowid) FROM search_pending")).scalar()
        if last is None:
            return 0
    chunk = {"last": last}
    conn.execute(
        text(
            "INSERT OR IGNORE INTO search_docs (document_id) "
            "SELECT document_id FROM search_pending WHERE rowid <= :last ORDER BY rowid"
        ),
        chunk,
    )
    conn.execute(
        text(
            "DELETE FROM search_fts WHERE rowid IN (SELECT d.id FROM search_pending p "
            "JOIN search_docs d ON d.document_id = p.document_id WHERE p.rowid <= :last)"
        ),
        chunk,
    )
    conn.execute(
        text(
            "INSERT INTO search_fts (rowid, words, stems) SELECT d.id, p.words, p.stems FROM search_pending p "
            "JOIN search_docs d ON d.document_id = p.document_id WHERE p.rowid <= :last ORDER BY p.rowid"
        ),
        chunk,
    )
    return int(conn.execute(text("DELETE FROM search_pending WHERE rowid <= :last"), chunk).rowcount)


def _search_keys(conn: Connection, ids: list[str]) -> dict[str, int]:
    """The integer full-text key of each document id, creating the missing ones."""
    t = schema.search_docs
    keys: dict[str, int] = dict(conn.execute(select(t.c.document_id, t.c.id).where(t.c.document_id.in_(ids))).all())
    missing = [i for i in ids if i not in keys]
    if missing:
        execute_many(conn, insert(t), [{"document_id": i} for i in missing])
        keys.update(conn.execute(select(t.c.document_id, t.c.id).where(t.c.document_id.in_(missing))).all())
    return keys
