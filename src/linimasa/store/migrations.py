"""Schema migrations, run when a store is opened.

``store_info.schema_version`` says which version a store is at. A new store is created
directly at the current version (the tables of :mod:`linimasa.store.schema` plus the
dialect's full-text index); an older store is brought forward by the ordered functions in
:data:`MIGRATIONS`, one transaction each, the version stamped after each one. A store newer
than this linimasa is refused (it may hold data this version would damage).

Hand-written rather than Alembic: a handful of additive steps that must run unattended
inside ``linimasa run`` and ``linimasa serve`` on SQLite and PostgreSQL, with no
migration scripts folder to ship. Tests check that a migrated version-1 store and a new
store end up with the same tables and columns.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, inspect, select, text, update
from sqlalchemy.schema import CreateColumn

from linimasa.jsontext import loads
from linimasa.store import schema
from linimasa.store.indexing import document_columns, entity_columns, index_documents, story_columns


class SchemaError(Exception):
    """The store's schema version cannot be used by this linimasa."""


def _add_missing_columns(conn: Connection, table: str) -> None:
    have = {c["name"] for c in inspect(conn).get_columns(table)}
    t = schema.metadata.tables[table]
    for col in t.columns:
        if col.name not in have:
            ddl = CreateColumn(col).compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE {conn.dialect.identifier_preparer.quote(table)} ADD COLUMN {ddl}"))


def create_search_index(conn: Connection) -> None:
    """The dialect's full-text table (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        schema.pg_metadata.create_all(conn)
    else:
        conn.execute(text(schema.SQLITE_FTS_DDL))


def _v2_serving(conn: Connection) -> None:
    """Version 2: columns for filtering and sorting, mentions, quotes, full-text search."""
    for table in ("documents", "stories", "entities"):
        _add_missing_columns(conn, table)
    new = [schema.mentions, schema.quotes, schema.search_docs]
    schema.metadata.create_all(conn, tables=new)
    for table in (schema.documents, schema.stories, schema.entities):
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    create_search_index(conn)
    # Back-fill from the stored JSON objects.
    d = schema.documents
    batch: list[dict] = []
    for doc_id, data, analysis in conn.execute(select(d.c.id, d.c.data, d.c.analysis)).all():
        obj = loads(data or analysis)
        conn.execute(update(d).where(d.c.id == doc_id).values(**document_columns(obj)))
        batch.append(obj)
    index_documents(conn, conn.dialect.name, batch)
    for t, columns in ((schema.stories, story_columns), (schema.entities, entity_columns)):
        for row_id, data in conn.execute(select(t.c.id, t.c.data)).all():
            conn.execute(update(t).where(t.c.id == row_id).values(**columns(loads(data))))


def _v3_pending_search(conn: Connection) -> None:
    """Version 3: the staging table of full-text rows (``search_pending``)."""
    schema.metadata.create_all(conn, tables=[schema.search_pending])


def _v4_threads(conn: Connection) -> None:
    """Version 4: the ``threads`` table and the stories' ``thread`` column (back-filled from their JSON)."""
    _add_missing_columns(conn, "stories")
    schema.metadata.create_all(conn, tables=[schema.threads])
    for index in schema.stories.indexes:
        index.create(conn, checkfirst=True)
    s = schema.stories
    for row_id, data in conn.execute(select(s.c.id, s.c.data)).all():
        thread = loads(data).get("thread")
        if thread:
            conn.execute(update(s).where(s.c.id == row_id).values(thread=thread))


def _v5_doc_records(conn: Connection) -> None:
    """Version 5: the ``doc_records`` table (left empty: the next run that adds to the store
    builds the records of the documents it does not read from their stored analyses) and
    ``story_terms`` (empty: the stories' event terms are computed again when missing)."""
    schema.metadata.create_all(conn, tables=[schema.doc_records, schema.story_terms])


def _v6_plan_state(conn: Connection) -> None:
    """Version 6: the ``plan_state`` table (left empty: the next run plans over the whole store
    and writes it)."""
    schema.metadata.create_all(conn, tables=[schema.plan_state])


def _v7_packed_plan_state(conn: Connection) -> None:
    """Version 7: the plan state packed in shards (store/state_shards.py). The rows of version 6
    (one a key) are deleted, not converted: the next run plans over the whole store and writes
    the state in the new format."""
    conn.execute(delete(schema.plan_state))


def _v8_doc_inputs(conn: Connection) -> None:
    """Version 8: the ``doc_inputs`` table (left empty: a run that adds to the store finalises a
    story whose members have no row the way it did before, from their analyses, and writes their
    rows; ``linimasa`` fills it for every final object with ``store.doc_inputs.backfill``)."""
    schema.metadata.create_all(conn, tables=[schema.doc_inputs])


MIGRATIONS: list[tuple[int, Callable[[Connection], None]]] = [
    (2, _v2_serving),
    (3, _v3_pending_search),
    (4, _v4_threads),
    (5, _v5_doc_records),
    (6, _v6_plan_state),
    (7, _v7_packed_plan_state),
    (8, _v8_doc_inputs),
]


def _version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("store_info"):
        return None
    row = conn.execute(select(schema.store_info.c.value).where(schema.store_info.c.key == "schema_version")).first()
    return int(row[0]) if row else None


def _foreign_tables(conn: Connection) -> list[str]:
    """The tables that make a database without a schema version another program's, not a store to
    create or migrate (``--db app.db`` by mistake: linimasa's tables would be added beside the
    program's, or its ``documents`` table "migrated" half-way): on SQLite, any table linimasa does
    not make; on both backends, a ``documents`` table without a stored analysis."""
    insp = inspect(conn)
    tables = insp.get_table_names()
    foreign = []
    if "documents" in tables and not {"id", "content_hash", "analysis"} <= {
        c["name"] for c in insp.get_columns("documents")
    }:
        foreign.append("documents")
    if conn.dialect.name == "sqlite":  # (a team's PostgreSQL database may hold other programs' tables)
        ours = set(schema.metadata.tables)
        foreign += sorted(t for t in tables if t not in ours and not t.startswith(("search_fts", "sqlite_")))
    return foreign


def _not_a_store(name: str, foreign: list[str]) -> SchemaError:
    shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
    return SchemaError(
        f"{name} is not a linimasa store: it holds tables linimasa does not make ({shown}); "
        "give a new file (or an empty database) or a store that linimasa wrote"
    )


def _stamp(conn: Connection, version: int) -> None:
    info = schema.store_info
    if conn.execute(select(info.c.key).where(info.c.key == "schema_version")).first():
        conn.execute(update(info).where(info.c.key == "schema_version").values(value=str(version)))
    else:
        conn.execute(info.insert().values(key="schema_version", value=str(version)))


def _too_new(name: str, version: int) -> SchemaError:
    return SchemaError(
        f"{name} has schema version {version}, newer than this linimasa ({schema.SCHEMA_VERSION}); "
        "upgrade linimasa to use it"
    )


def ensure_schema(engine: Engine, name: str = "store", read_only: bool = False) -> int:
    """Create or migrate the store's schema; returns the version it was at before (0 if new).

    ``read_only``: only check that the store is at the current version (nothing can be
    created or migrated in a store that cannot be written)."""
    if read_only:
        with engine.connect() as conn:
            version = _version(conn)
            legacy = version is None and inspect(conn).has_table("documents") and not _foreign_tables(conn)
        if version is not None and version > schema.SCHEMA_VERSION:
            raise _too_new(name, version)
        if version is None and not legacy:
            raise SchemaError(f"{name} is not a linimasa store (no run or API ingest has written it)")
        if version != schema.SCHEMA_VERSION:
            found = "has no schema version" if version is None else f"has schema version {version}"
            raise SchemaError(
                f"{name} {found} and is read-only; this linimasa reads version {schema.SCHEMA_VERSION} "
                "(open it once where it can be written to upgrade it)"
            )
        return version
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes opening the same new store (a run and the server) must not race.
            conn.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
        version = _version(conn)
        if version is None:
            foreign = _foreign_tables(conn)
            if foreign:
                raise _not_a_store(name, foreign)
            has_documents = inspect(conn).has_table("documents")
            schema.metadata.create_all(conn)
            if has_documents:  # a store from before store_info existed is a version-1 store
                version = 1
            else:
                create_search_index(conn)
                _stamp(conn, schema.SCHEMA_VERSION)
                return 0
        if version > schema.SCHEMA_VERSION:
            raise _too_new(name, version)
        before = version
        for target, migrate in MIGRATIONS:
            if version < target:
                migrate(conn)
                _stamp(conn, target)
                version = target
    return before
