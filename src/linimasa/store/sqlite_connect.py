"""SQLite connection set-up for the store: per-connection pragmas, the ``unicode_lower`` function,
and WAL journal mode once a file is known to be a store (store/database.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine


def _unicode_lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


def sqlite_functions(dbapi_conn: Any) -> None:
    """SQLite's own lower() folds ASCII letters only: ``unicode_lower`` folds every letter, as
    PostgreSQL's lower() does (an entity name filter finds "Ōita" from "ōita" on both backends)."""
    dbapi_conn.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """Per connection: nothing here writes the file (WAL mode is set once the file is known to
    be a store: :func:`sqlite_wal`)."""
    sqlite_functions(dbapi_conn)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def sqlite_new_store_pragmas(dbapi_conn: Any, record: Any) -> None:
    """:func:`sqlite_pragmas` and WAL mode from the first connection, for a new or empty file
    (nobody's data): in WAL mode before anything is written, whoever else opens it meanwhile."""
    sqlite_pragmas(dbapi_conn, record)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def sqlite_wal(engine: Engine) -> None:
    """WAL journal mode (readers, the API, see consistent data while a run writes), set once the
    schema check has accepted the file: it is written into the file's header, and another
    program's database given as ``--db`` must be refused with not a byte changed. (A store
    linimasa created is in WAL mode already: this changes nothing and takes no lock.)"""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")


def sqlite_no_autocheckpoint(dbapi_conn: Any, _record: Any) -> None:
    """Per connection of a store whose owner checkpoints the WAL itself (``Store.defer_checkpoints``):
    a commit that grows the WAL past 1,000 pages no longer copies it into the file and syncs it."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA wal_autocheckpoint=0")
    cur.close()
