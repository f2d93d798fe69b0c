"""The store: an embedded SQLite file by default, any SQLAlchemy URL otherwise.

Writes go through small transactions (one per batch of documents) so an interrupted run
leaves every finished batch stored and the next run skips it (documents are keyed by id
and content hash: same id and same content means nothing to do).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, bindparam, create_engine, delete, event, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from linimasa.jsontext import dumps, loads
from linimasa.model import Document, Entity, Story
from linimasa.store import schema
from linimasa.store.incremental import IncrementalReads, clear_plan
from linimasa.store.indexing import (
    document_columns,
    entity_columns,
    execute_many,
    index_documents,
    index_pending,
    index_search,
    replace_mentions_quotes,
    stage_search,
    story_columns,
    thread_columns,
)
from linimasa.store.migrations import SchemaError, ensure_schema
from linimasa.store.sqlite_connect import (
    sqlite_functions,
    sqlite_new_store_pragmas,
    sqlite_no_autocheckpoint,
    sqlite_pragmas,
    sqlite_wal,
)


class StoreError(Exception):
    """The store cannot be opened or written (bad path, read-only, corrupt file)."""


def store_url(db: str) -> str:
    """A SQLAlchemy URL for ``--db``: a path as a SQLite file, ``postgresql://`` through psycopg 3."""
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix) :]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def store_files(db: str) -> list[str]:
    """The files of the store ``db`` when it is SQLite (the database and its ``-wal``, ``-shm`` and
    ``-journal`` siblings), for a run to leave out of its inputs; none for a server URL."""
    url = store_url(db)
    if not url.startswith("sqlite:///"):
        return []
    path = url[len("sqlite:///") :].split("?", 1)[0]
    return [path, *(path + suffix for suffix in ("-wal", "-shm", "-journal"))] if path else []


def _redact(db: str) -> str:
    """The store name for messages, without a password (``postgresql://u:***@host/db``)."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", db)


def _first_line(exc: Exception) -> str:
    msg = str(exc.args[0]) if exc.args else str(exc)
    return msg.strip().splitlines()[0] if msg.strip() else type(exc).__name__


def sqlite_is_read_only(db: str) -> bool:
    """Whether ``db`` is an existing SQLite store that this process cannot write: the file or
    its folder is not writable (a read-only mount, permissions). WAL mode writes next to the
    file (``-wal``, ``-shm``), so a writable file in a read-only folder cannot be opened
    for writing either. ``os.access`` asks the kernel, so a read-only mount counts even for
    root."""
    url = store_url(db)
    if not url.startswith("sqlite:///"):
        return False
    path = Path(url[len("sqlite:///") :])
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def sqlite_read_only_engine(path: Path) -> Engine:
    """An engine over the SQLite file ``path`` that never writes.

    ``mode=ro`` first: it reads a store in WAL mode, the last committed writes included, as
    long as its ``-shm`` file exists or can be made. On a read-only folder with no ``-shm``
    (a store copied or closed cleanly and mounted read-only) SQLite cannot open it that way,
    so it is opened ``immutable=1``: no locks, no WAL, the file read as it is - right for a
    store that nothing can change, and a cleanly closed store has everything in the file.
    """
    uri = "file:" + quote(str(path), safe="/")

    def probe(query: str) -> bool:
        try:
            con = sqlite3.connect(f"{uri}?{query}", uri=True)
            try:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                con.close()
        except sqlite3.Error:
            return False
        return True

    query = "mode=ro" if probe("mode=ro") else "mode=ro&immutable=1"

    def connect() -> sqlite3.Connection:
        con = sqlite3.connect(f"{uri}?{query}", uri=True, check_same_thread=False)
        con.execute("PRAGMA busy_timeout=10000")
        con.execute("PRAGMA query_only=1")
        sqlite_functions(con)
        return con

    return create_engine("sqlite://", creator=connect, future=True, pool_pre_ping=True)


def _operational_errors_as_store_errors(db: str) -> Any:
    """A ``handle_error`` hook: the database failing (disk full, read-only, I/O error, locked)
    becomes a :class:`StoreError` with a one-line reason, which the commands print as a clear
    error (exit 1) instead of a traceback. Programming errors are left as they are."""

    def handle(ctx: Any) -> None:
        if ctx.is_pre_ping or not isinstance(ctx.sqlalchemy_exception, OperationalError):
            return
        reason = _first_line(ctx.original_exception)
        if reason == "database is locked":  # (SQLite, after the busy timeout)
            reason += ": another process (a run, an API ingest) is writing it; try again when it has finished"
        raise StoreError(f"cannot use store {_redact(db)}: {reason}")

    return handle


def _upsert(conn: Any, table: Any, rows: list[dict[str, Any]], dialect: str) -> None:
    """INSERT ... ON CONFLICT(id) DO UPDATE of ``rows`` (same keys each), for SQLite and PostgreSQL.

    One single-row statement executed for many parameter sets: SQLAlchemy compiles it once
    and caches it. (A multi-row VALUES statement was compiled anew for every batch, which
    cost more than the database's work.)
    """
    if not rows:
        return
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(table)
    keys = [c.name for c in table.columns if c.name != "id" and c.name in rows[0]]
    execute_many(
        conn, stmt.on_conflict_do_update(index_elements=["id"], set_={k: stmt.excluded[k] for k in keys}), rows
    )


def _drop_stale_finals(conn: Any, rows: list[dict[str, Any]]) -> None:
    """A stored document analysed again with a new text (another content hash) loses its final
    object and the plan marker goes, in the transaction of its new analysis: a run stopped before
    it finalises leaves it as not yet planned, so the next run plans it again instead of keeping
    the final object of the old text (docs/incremental.md)."""
    c = schema.documents.c
    hashes = {r["id"]: r["content_hash"] for r in rows}
    ids = list(hashes)
    stale = []
    for i in range(0, len(ids), 500):
        q = select(c.id, c.content_hash).where(c.id.in_(ids[i : i + 500]), c.data.is_not(None))
        stale += [d for d, h in conn.execute(q) if h != hashes[d]]
    if stale:
        for i in range(0, len(stale), 500):
            conn.execute(schema.documents.update().where(c.id.in_(stale[i : i + 500])).values(data=None))
        clear_plan(conn)


class Store(IncrementalReads):
    """Documents, stories, entities and runs of one linimasa store."""

    def __init__(self, db: str, restore_indexes: bool = True, read_only: bool = False) -> None:
        """Open (create, migrate) the store ``db``; ``restore_indexes=False`` for a run's own
        worker processes, which must not rebuild the indexes their run dropped on purpose.

        ``read_only`` (SQLite): open an existing store without writing anything to it or
        next to it, for a store whose file or folder cannot be written (see
        :func:`sqlite_read_only_engine`); it must be at the current schema version."""
        url = store_url(db)
        self.read_only = read_only
        if url.startswith("sqlite:///"):
            path = Path(url[len("sqlite:///") :])
            if not path.parent.exists():
                raise StoreError(f"cannot create store {path}: folder {path.parent} does not exist")
            if path.is_dir():  # (SQLite would say "unable to open database file")
                how = " read-only" if read_only else ""
                raise StoreError(f"cannot open store {path}{how}: it is a folder, not a store file")
            if read_only and not path.is_file():
                raise StoreError(f"cannot open store {path} read-only: it does not exist")
        elif read_only:
            raise StoreError(f"cannot open store {_redact(db)} read-only: only a SQLite file can be")
        try:
            if read_only:
                self.engine: Engine = sqlite_read_only_engine(path)
            else:
                self.engine = create_engine(url, future=True, pool_pre_ping=True)
                if self.engine.dialect.name == "sqlite":
                    file = Path(url[len("sqlite:///") :].split("?", 1)[0]) if url.startswith("sqlite:///") else None
                    new = file is None or not file.is_file() or file.stat().st_size == 0  # (sqlite:// is memory)
                    event.listen(self.engine, "connect", sqlite_new_store_pragmas if new else sqlite_pragmas)
            event.listen(self.engine, "handle_error", _operational_errors_as_store_errors(db))
            self.migrated_from = ensure_schema(self.engine, f"store {_redact(db)}", read_only=read_only)
            if self.engine.dialect.name == "sqlite" and not read_only:
                sqlite_wal(self.engine)
        except SchemaError as exc:
            self.engine.dispose()
            raise StoreError(str(exc)) from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {_redact(db)}: {exc.__class__.__name__}: {_first_line(exc)}") from exc
        self.dialect = self.engine.dialect.name
        if restore_indexes and not read_only:
            self.restore_indexes()

    def close(self) -> None:
        self.engine.dispose()

    def defer_checkpoints(self) -> bool:
        """SQLite: this store's commits no longer checkpoint the WAL (SQLite's automatic checkpoint
        copies it into the file and syncs it, in the commit that grows it past 1,000 pages: about
        0.4 s of a 100-document ingest); the owner calls :meth:`checkpoint` when nothing waits on
        it (the API, after it answered). False (nothing changed) for another database."""
        if self.read_only or self.engine.dialect.name != "sqlite":
            return False
        event.listen(self.engine, "connect", sqlite_no_autocheckpoint)
        self.engine.dispose()  # (the pooled connections are opened again, with it)
        return True

    def checkpoint(self) -> None:
        """Copy the WAL into the store's file as far as no reader needs it (SQLite's PASSIVE
        checkpoint: it waits on no reader or writer)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    # -- bulk writes ------------------------------------------------------------------
    def restore_indexes(self) -> None:
        """Build the :data:`~linimasa.store.schema.BULK_INDEXES` that are missing and index the
        staged full-text rows (a run that dropped the one or staged the other died before it
        was done). When a run is writing right now and keeps the store locked past the busy
        timeout, this gives up: that run does both itself (they only speed look-ups up)."""
        try:
            self._build_bulk_indexes()
            self.index_pending_search()
        except StoreError:
            pass

    def _build_bulk_indexes(self) -> None:
        with self.engine.begin() as conn:
            for index in schema.BULK_INDEXES:
                index.create(conn, checkfirst=True)

    @contextmanager
    def bulk_final_rows(self, documents: int) -> Iterator[None]:
        """Around a run's final-row writes for ``documents`` documents.

        When they are at least half of the stored documents, the mention and quote lookup
        indexes (:data:`~linimasa.store.schema.BULK_INDEXES`) are dropped for the writes and
        built again at the end: one sorted build instead of an insertion at a random place
        of the index for every mention (1.5 million at 100,000 articles, where the index
        cost a third of the final rows' writing time). A run over a small part of a large
        store keeps them (rebuilding would cost more than it saves).
        """
        with self.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
        if documents * 2 < stored:
            yield
            return
        with self.engine.begin() as conn:
            for index in schema.BULK_INDEXES:
                index.drop(conn, checkfirst=True)
        try:
            yield
        finally:
            self._build_bulk_indexes()

    # -- runs -------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        with self.engine.begin() as conn:
            res = conn.execute(schema.runs.insert().values(started=_now(), command=command))
            return int(res.inserted_primary_key[0])

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                schema.runs.update()
                .where(schema.runs.c.id == run_id)
                .values(finished=_now(), summary=json.dumps(summary))
            )

    # -- documents --------------------------------------------------------------------
    def known_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """``{id: content_hash}`` for those of ``ids`` already stored."""
        ids = list(ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                q = select(schema.documents.c.id, schema.documents.c.content_hash).where(
                    schema.documents.c.id.in_(chunk)
                )
                out.update({r[0]: r[1] for r in conn.execute(q)})
        return out

    def load_analyses(self, ids: list[str]) -> dict[str, Document]:
        """Stored per-document analyses for ``ids`` (those that exist)."""
        out: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                q = select(schema.documents.c.id, schema.documents.c.analysis).where(
                    schema.documents.c.id.in_(ids[i : i + 500])
                )
                for rid, analysis in conn.execute(q):
                    out[rid] = Document.from_json(loads(analysis))
        return out

    def save_analyses(self, docs: list[tuple[Document, str]], run_id: int) -> None:
        """Store per-document analyses (document, content hash) in one transaction."""
        self.save_analysis_objects([(d.to_json(), h) for d, h in docs], run_id)

    def save_analysis_objects(self, docs: list[tuple[dict[str, Any], str]], run_id: int) -> None:
        """:meth:`save_analyses` for documents already as their JSON objects (engines serialise them fast)."""
        if not docs:
            return
        rows = [
            {
                "id": d["id"],
                "content_hash": h,
                "source": d["source"],
                "lang": d["lang"],
                "published": d["published"],
                "outlet": d["outlet"],
                "analysis": dumps(d),
                "updated_run": run_id,
            }
            for d, h in docs
        ]
        with self.engine.begin() as conn:
            _drop_stale_finals(conn, rows)  # (a changed document clears the plan marker, as in save_analysis_rows)
            _upsert(conn, schema.documents, rows, self.dialect)

    def save_analysis_rows(
        self,
        rows: list[dict[str, Any]],
        search: list[tuple[str, str, str]],
        run_id: int,
        stage: bool = False,
        records: list[dict[str, Any]] | None = None,
    ) -> None:
        """Per-document analyses already serialised (``id, content_hash, source, lang, published,
        outlet, analysis``) and their full-text rows ``(id, words, stems)``, in one transaction.

        ``stage``: on SQLite the full-text rows are kept for :meth:`index_pending_search`
        instead of indexed now (elsewhere they are indexed now in any case). ``records``: the
        documents' corpus records (``id, data``: JSON text), kept for later runs.
        """
        if not rows and not search and not records:
            return
        with self.engine.begin() as conn:
            if rows:
                _drop_stale_finals(conn, rows)
                _upsert(conn, schema.documents, [{**r, "updated_run": run_id} for r in rows], self.dialect)
            if records:
                _upsert(conn, schema.doc_records, records, self.dialect)
            if search and stage and self.dialect == "sqlite":
                stage_search(conn, search)
            elif search:
                index_search(conn, self.dialect, search)

    def index_pending_search(self, chunk: int = 2000) -> int:
        """Index the full-text rows staged by :meth:`save_analysis_rows`, ``chunk`` documents per
        transaction (other writers wait for one chunk at most); returns how many."""
        if self.dialect != "sqlite":
            return 0
        total = 0
        while True:
            with self.engine.begin() as conn:
                done = index_pending(conn, chunk)
            if not done:
                return total
            total += done

    def save_records(self, records: list[dict[str, Any]]) -> None:
        """Store corpus records (``id, data``) in one transaction."""
        if records:
            with self.engine.begin() as conn:
                _upsert(conn, schema.doc_records, records, self.dialect)

    def save_doc_inputs(self, rows: list[dict[str, Any]]) -> None:
        """Store ``doc_inputs`` rows (``id, data``) in one transaction (jobs/finalise_stored.py)."""
        with self.engine.begin() as conn:
            _upsert(conn, schema.doc_inputs, rows, self.dialect)

    def load_analysis_json(self, ids: list[str]) -> dict[str, str]:
        """The stored analyses of ``ids`` as their JSON text (those that exist)."""
        out: dict[str, str] = {}
        c = schema.documents.c
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out.update(conn.execute(select(c.id, c.analysis).where(c.id.in_(ids[i : i + 500]))).all())
        return out

    def save_final_rows(
        self,
        docs: list[dict[str, Any]],
        mentions: list[dict[str, Any]],
        quotes: list[dict[str, Any]],
        stories: list[Story],
        run_id: int,
        story_terms: dict[str, list[frozenset[str]]] | None = None,
        inputs: list[dict[str, Any]] | None = None,
    ) -> None:
        """Final documents (``id, data, story, published, day, title, duplicate_of``), their
        mention and quote rows, and stories (with their timeline events' terms), in one
        transaction (the streaming engine's writer); ``inputs``: ``doc_inputs`` rows (``id, data``)
        of finalised documents. The store's plan marker is cleared: the
        final rows are no longer those of the plan it names (:meth:`plan_marker`)."""
        d = schema.documents
        stmt = (
            d.update()
            .where(d.c.id == bindparam("_id"))
            .values(
                data=bindparam("data"),
                story=bindparam("story"),
                published=bindparam("published"),
                day=bindparam("day"),
                title=bindparam("title"),
                duplicate_of=bindparam("duplicate_of"),
            )
        )
        with self.engine.begin() as conn:
            if docs:
                execute_many(conn, stmt, docs)
                replace_mentions_quotes(conn, [r["_id"] for r in docs], mentions, quotes)
            self._save_stories(conn, stories, run_id)
            if story_terms:
                rows = [{"id": i, "data": dumps([sorted(b) for b in bags])} for i, bags in story_terms.items()]
                _upsert(conn, schema.story_terms, rows, self.dialect)
            if inputs:
                _upsert(conn, schema.doc_inputs, inputs, self.dialect)
            clear_plan(conn)

    def save_entities(self, entities: list[Entity], run_id: int, only: Iterable[str] | None = None) -> None:
        """A run's entities, its last corpus result: with them, in the same transaction, the stories
        and entities of earlier runs that no stored document references any more are deleted
        (:func:`prune_unreferenced`), so a reader never sees the one without the other.

        ``only``: a run that continued the last plan (no stored story lost a member, no thread a
        story) names the entities that may have lost their last mention; only those are checked."""
        with self.engine.begin() as conn:
            self._save_entities(conn, entities, run_id)
            if only is None:
                prune_unreferenced(conn)
            else:
                prune_entities(conn, sorted(set(only)))

    def iter_data(self, ids: list[str]) -> Iterator[str]:
        """The final JSON text of each document in ``ids``, in that order (the analysis when no final)."""
        c = schema.documents.c
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                # only the final text crosses over; the analysis only for a document without one
                q = select(c.id, func.coalesce(c.data, c.analysis)).where(c.id.in_(chunk))
                rows = dict(conn.execute(q).all())
                for doc_id in chunk:
                    yield rows[doc_id]

    def save_results(self, docs: list[Document], stories: list[Story], entities: list[Entity], run_id: int) -> None:
        """Store the final documents, stories and entities of a run in one transaction.

        Also replaces the documents' derived rows (mentions, quotes, full-text index).
        """
        self.save_result_objects([d.to_json() for d in docs], stories, entities, run_id)

    def save_result_objects(
        self, documents: list[dict[str, Any]], stories: list[Story], entities: list[Entity], run_id: int
    ) -> None:
        """:meth:`save_results` for documents already as their JSON objects (engines serialise them fast)."""
        objs = {d["id"]: d for d in documents}
        with self.engine.begin() as conn:
            for obj in objs.values():
                conn.execute(
                    schema.documents.update()
                    .where(schema.documents.c.id == obj["id"])
                    .values(
                        data=dumps(obj),
                        story=obj["story"],
                        published=obj["published"],
                        **document_columns(obj),
                    )
                )
            index_documents(conn, self.dialect, list(objs.values()))
            self._save_stories(conn, stories, run_id)
            clear_plan(conn)
            self._save_entities(conn, entities, run_id)
            prune_unreferenced(conn)

    def _save_stories(self, conn: Any, stories: list[Story], run_id: int) -> None:
        self._upsert_objects(conn, schema.stories, stories, story_columns, run_id)

    def save_threads(self, threads: list[Any], run_id: int) -> None:
        """Upsert the run's threads (the objects of threads.jsonl)."""
        with self.engine.begin() as conn:
            for i in range(0, len(threads), 500):
                self._upsert_objects(conn, schema.threads, threads[i : i + 500], thread_columns, run_id)

    def _save_entities(self, conn: Any, entities: list[Entity], run_id: int) -> None:
        self._upsert_objects(conn, schema.entities, entities, entity_columns, run_id)

    def _upsert_objects(self, conn: Any, table: Any, items: list[Any], columns: Any, run_id: int) -> None:
        """Upsert stories or entities: their JSON and the plain columns derived from it."""
        rows = []
        for item in items:
            obj = item.to_json()
            rows.append({"id": item.id, "data": dumps(obj), "updated_run": run_id, **columns(obj)})
        _upsert(conn, table, rows, self.dialect)

    def prune(self) -> tuple[int, int]:
        """Delete what no stored document references any more (:func:`prune_unreferenced`), in one
        transaction; ``(stories, entities)`` deleted. The result writes of a run and of an API
        ingest (:meth:`save_entities`, :meth:`save_result_objects`) do it in their own transaction."""
        with self.engine.begin() as conn:
            return prune_unreferenced(conn)

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for data, analysis in conn.execute(
                select(schema.documents.c.data, schema.documents.c.analysis).order_by(schema.documents.c.id)
            ):
                yield loads(data or analysis)

    def iter_objects(self, table: str) -> Iterator[str]:
        """The JSON text of every object of ``table`` (``documents``: the final object, else the
        analysis; ``stories``, ``entities``, ``threads``), by id."""
        t = getattr(schema, table)
        data = func.coalesce(t.c.data, t.c.analysis) if table == "documents" else t.c.data
        with self.engine.connect() as conn:
            for (text,) in conn.execute(select(data).order_by(t.c.id)):
                yield text

    def count(self, table: str) -> int:
        t = getattr(schema, table)
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t)).scalar_one())


def prune_unreferenced(conn: Any) -> tuple[int, int]:
    """Delete the stories no stored document belongs to and the entities no stored document
    mentions or quotes; ``(stories, entities)`` deleted.

    A run or an ingest regroups its documents: stories and entities of earlier results that
    the new ones replaced would otherwise stay, listed by the API with documents that no
    longer hold them (issue 20, finding 7). Nothing else references a story or an entity
    (mentions and quotes belong to documents), so no dependent row is left behind.
    """
    d, s, e, m, q = schema.documents, schema.stories, schema.entities, schema.mentions, schema.quotes
    held = select(d.c.id).where(d.c.story == s.c.id).exists()
    n_s = conn.execute(delete(s).where(~held)).rowcount
    mentioned = select(m.c.entity_id).where(m.c.entity_id == e.c.id).exists()
    quoted = select(q.c.speaker_id).where(q.c.speaker_id == e.c.id).exists()
    n_e = conn.execute(delete(e).where(~mentioned, ~quoted)).rowcount
    t = schema.threads  # and the threads none of whose stories is left
    conn.execute(delete(t).where(~select(s.c.id).where(s.c.thread == t.c.id).exists()))
    st = schema.story_terms  # and the event terms of deleted stories
    conn.execute(delete(st).where(~select(s.c.id).where(s.c.id == st.c.id).exists()))
    return int(n_s), int(n_e)


def prune_entities(conn: Any, ids: list[str]) -> int:
    """Delete those of the entities ``ids`` no stored document mentions or quotes."""
    e, m, q = schema.entities, schema.mentions, schema.quotes
    mentioned = select(m.c.entity_id).where(m.c.entity_id == e.c.id).exists()
    quoted = select(q.c.speaker_id).where(q.c.speaker_id == e.c.id).exists()
    n = 0
    for i in range(0, len(ids), 500):
        n += conn.execute(delete(e).where(e.c.id.in_(ids[i : i + 500]), ~mentioned, ~quoted)).rowcount
    return int(n)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
