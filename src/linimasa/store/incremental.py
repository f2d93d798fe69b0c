"""What a run that adds to a store reads of it (docs/incremental.md): the stored documents'
corpus records, the last run's decisions, the entities' links and names, the stories' event
terms, and the plan marker that lets an unchanged re-run read its result back.

A mixin of :class:`linimasa.store.database.Store` (its ``engine``), kept apart so that each
module stays small.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

import orjson
from sqlalchemy import Engine, delete, func, literal_column, select

from linimasa.jsontext import dumps, loads
from linimasa.store import schema
from linimasa.store.indexing import execute_many
from linimasa.store.state_shards import (
    DELTA,
    LAYOUT_KEY,
    PackedState,
    StateError,
    fold_delta,
    group_keys,
    layout_of,
    layout_text,
    parse_shard,
    prefix_of,
    token_of,
)

PLAN_KEY = "plan"  # store_info key of the plan marker


def _shard_text(shard: dict[str, Any], new: Mapping[str, str]) -> str:
    """A shard's JSON text, its ``new`` values (JSON text, ``orjson.Fragment`` in it) embedded as given."""
    try:
        return orjson.dumps(shard, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:  # (what orjson refuses goes the standard library's way, parsed)
        return dumps({k: loads(new[k]) if k in new else v for k, v in shard.items()})


STATE_CHUNK = 500
# the (table, key column, value column) triples _by_key may read: its statement is formatted from these
# names and from "?" marks only, never from a value
_BY_KEY = {("plan_state", "key", "data"), ("doc_records", "id", "data")}


def _by_key(conn: Any, table: str, key: str, column: str, keys: list[str]) -> list[tuple[Any, Any]] | None:
    """``(key, column)`` of the rows of ``table`` whose ``key`` is one of ``keys`` (at most
    ``STATE_CHUNK``), read on SQLite through the driver's own cursor: a continued plan reads some
    thousands of state shards and records in a few hundred such reads, and SQLAlchemy's statement
    building and row wrapping cost more than SQLite's lookups. None on another database (the
    caller reads them with SQLAlchemy). ``table``, ``key`` and ``column`` are this module's names."""
    if (table, key, column) not in _BY_KEY:
        raise ValueError(f"_by_key reads {sorted(_BY_KEY)}, not {(table, key, column)}")
    if conn.dialect.name != "sqlite" or not keys:
        return None
    marks = ",".join("?" * len(keys))
    cursor = conn.connection.driver_connection.cursor()
    try:
        return cursor.execute(f"SELECT {key}, {column} FROM {table} WHERE {key} IN ({marks})", keys).fetchall()
    finally:
        cursor.close()


def _replace_state_rows(conn: Any, rows: list[tuple[str, str | None]]) -> None:
    """Write the ``(row key, JSON text)`` rows of :func:`_state_rows` (None: delete the row), on SQLite
    through the driver's cursor in the connection's transaction (as :func:`_by_key` reads)."""
    t = schema.plan_state
    if conn.dialect.name != "sqlite":
        conn.execute(delete(t).where(t.c.key.in_([k for k, _ in rows])))
        conn.execute(t.insert(), [{"key": k, "data": d} for k, d in rows if d is not None])
        return
    cursor = conn.connection.driver_connection.cursor()
    try:
        keys = [k for k, _ in rows]
        cursor.execute(f"DELETE FROM plan_state WHERE key IN ({','.join('?' * len(keys))})", keys)
        cursor.executemany("INSERT INTO plan_state (key, data) VALUES (?, ?)", [r for r in rows if r[1] is not None])
    finally:
        cursor.close()


def _state_rows(
    conn: Any, chunk: list[str], want: dict[str, list[str]], state: Mapping[str, str]
) -> list[tuple[str, str | None]]:
    """The rows that write ``state``'s values of the shards ``chunk`` (``want``: each one's keys), as
    ``(row key, JSON text)``, None for a row to delete. A key without a prefix is its shard's only key:
    the shard is written whole without reading it. The others go into their shard's delta row (read,
    updated, written), or, once it holds enough keys (``fold_delta``), the delta and the shard are read
    and the shard written whole with them, its delta deleted. Raises StateError on a damaged row."""
    t = schema.plan_state.c
    shared = [n for n in chunk if ":" in want[n][0]]
    read: dict[str, dict[str, Any]] = {}
    if shared:
        keys = [n + DELTA for n in shared]
        got = _by_key(conn, "plan_state", "key", "data", keys)
        for name, data in got if got is not None else conn.execute(select(t.key, t.data).where(t.key.in_(keys))):
            read[name] = parse_shard(name, data)
    folded = [n for n in shared if fold_delta(n, len(set(read.get(n + DELTA, ())).union(want[n])))]
    if folded:
        got = _by_key(conn, "plan_state", "key", "data", folded)
        for name, data in got if got is not None else conn.execute(select(t.key, t.data).where(t.key.in_(folded))):
            read[name] = parse_shard(name, data)
    fold = set(folded)
    out: list[tuple[str, str | None]] = []
    for name in chunk:
        new = {key: orjson.Fragment(state[key]) for key in want[name]}
        if ":" not in want[name][0]:
            out.append((name, _shard_text(new, state)))
            continue
        delta = read.get(name + DELTA, {})
        delta.update(new)
        if name in fold:
            shard = read.get(name, {})
            shard.update(delta)
            out += [(name, _shard_text(shard, state)), (name + DELTA, None)]
        else:
            out.append((name + DELTA, _shard_text(delta, state)))
    return out


def clear_plan(conn: Any) -> None:
    """Remove the plan marker (in the caller's transaction): the final rows are changing."""
    conn.execute(delete(schema.store_info).where(schema.store_info.c.key == PLAN_KEY))


class IncrementalReads:
    """The reads (and the plan marker) of :mod:`linimasa.jobs.incremental`."""

    engine: Engine

    def record_ids(self) -> set[str]:
        """The ids of the documents whose corpus record is stored."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(schema.doc_records.c.id))}

    def document_ids(self) -> list[str]:
        """The ids of every stored document."""
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(schema.documents.c.id))]

    def iter_records(self, exclude: set[str]) -> Iterator[str]:
        """The stored corpus records (JSON text) of every document not in ``exclude``, by id.

        The ids are read first and only the wanted records' text after them: a run over a fresh
        store excludes every record (its own), and reading them (a few kilobytes each, most of a
        100,000-document store's records table) cost the plan seconds for nothing."""
        r = schema.doc_records
        with self.engine.connect() as conn:
            ids = [i for (i,) in conn.execute(select(r.c.id).order_by(r.c.id)) if i not in exclude]
            for k in range(0, len(ids), 500):
                q = select(r.c.data).where(r.c.id.in_(ids[k : k + 500])).order_by(r.c.id)
                for (data,) in conn.execute(q):
                    yield data

    def final_state(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """``{id: (story, duplicate_of, published)}`` of every stored document with a final object
        (what the last run decided; an incremental run compares its plan with it)."""
        c = schema.documents.c
        with self.engine.connect() as conn:
            q = select(c.id, c.story, c.duplicate_of, c.published).where(c.data.is_not(None))
            return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(q)}

    def entity_refs(self, ids: list[str]) -> dict[str, set[str]]:
        """The entity ids each of the documents ``ids`` holds in the store (its mentions and
        quote speakers, as its final object was written)."""
        m, q = schema.mentions.c, schema.quotes.c
        out: dict[str, set[str]] = {i: set() for i in ids}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for doc_id, entity in conn.execute(select(m.document_id, m.entity_id).where(m.document_id.in_(chunk))):
                    out[doc_id].add(entity)
                q_rows = select(q.document_id, q.speaker_id).where(q.document_id.in_(chunk), q.speaker_id.is_not(None))
                for doc_id, entity in conn.execute(q_rows):
                    out[doc_id].add(entity)
        return out

    def entity_names(self) -> dict[str, str | None]:
        """``{id: display name}`` of every stored entity."""
        e = schema.entities.c
        with self.engine.connect() as conn:
            return dict(conn.execute(select(e.id, e.name)).all())

    def load_story_terms(self, ids: list[str]) -> dict[str, list[frozenset[str]]]:
        """The stored timeline event terms of the stories ``ids`` (those that have them)."""
        t = schema.story_terms.c
        out: dict[str, list[frozenset[str]]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for sid, data in conn.execute(select(t.id, t.data).where(t.id.in_(ids[i : i + 500]))):
                    out[sid] = [frozenset(b) for b in loads(data)]
        return out

    def plan_marker(self) -> str | None:
        """What the last complete run wrote once its plan was applied to the whole store (JSON
        text: the fingerprint it was taken over, the stories' and entities' order), or None
        when final rows were written since (:meth:`save_final_rows` clears it)."""
        info = schema.store_info.c
        with self.engine.connect() as conn:
            return conn.execute(select(info.value).where(info.key == PLAN_KEY)).scalar_one_or_none()

    def set_plan_marker(self, value: str) -> None:
        with self.engine.begin() as conn:
            clear_plan(conn)
            conn.execute(schema.store_info.insert().values(key=PLAN_KEY, value=value))

    def document_rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The plain columns of the documents ``ids`` (``id, title, outlet, published, lang, story,
        duplicate_of``), as the run's report rows hold them."""
        c = schema.documents.c
        cols = (c.id, c.title, c.outlet, c.published, c.lang, c.story, c.duplicate_of)
        out: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for row in conn.execute(select(*cols).where(c.id.in_(ids[i : i + 500]))):
                    out[row[0]] = dict(row._mapping)
        return out

    def load_objects(self, table: str, ids: list[str]) -> dict[str, str]:
        """The JSON text of the stored ``stories`` or ``threads`` of ``ids`` (those that exist)."""
        t = getattr(schema, table)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                out.update(conn.execute(select(t.c.id, t.c.data).where(t.c.id.in_(ids[i : i + 500]))).all())
        return out

    # -- the plan state (corpus.increment): keyed JSON values, packed in shards (store/state_shards.py)

    def state_layout(self) -> dict[str, int] | None:
        """The stored plan state's shard counts by key prefix (None: no state of this format)."""
        return self.state_head()[0]

    def state_head(self) -> tuple[dict[str, int] | None, str | None]:
        """:meth:`state_layout` and the token of the whole write of the state that stands."""
        t = schema.plan_state.c
        with self.engine.connect() as conn:
            text = conn.execute(select(t.data).where(t.key == LAYOUT_KEY)).scalar_one_or_none()
        return layout_of(text), token_of(text)

    def load_state_shards(
        self, names: list[str], sizes: dict[str, int] | None = None
    ) -> dict[str, dict[str, Any]]:
        """The stored shards ``names`` (row keys; those that exist), each ``{key: value}`` with its delta
        row's values over its own (state_shards.DELTA), and, into ``sizes`` when given, the length of
        their JSON text."""
        t = schema.plan_state.c
        out: dict[str, dict[str, Any]] = {}
        deltas: dict[str, dict[str, Any]] = {}
        with self.engine.connect() as conn:
            half = STATE_CHUNK // 2  # (each name and its delta's)
            for i in range(0, len(names), half):
                chunk = names[i : i + half]
                keys = chunk + [n + DELTA for n in chunk]
                got = _by_key(conn, "plan_state", "key", "data", keys)
                for name, data in got if got is not None else conn.execute(select(t.key, t.data).where(t.key.in_(keys))):
                    shard = parse_shard(name, data)
                    if name.endswith(DELTA):
                        name = name[: -len(DELTA)]
                        deltas[name] = shard
                    else:
                        out[name] = shard
                    if sizes is not None:
                        sizes[name] = sizes.get(name, 0) + len(data)
        for name, delta in deltas.items():
            base = out.get(name)
            if base is None:
                out[name] = delta
            else:
                base.update(delta)
        return out

    def load_state(self, keys: list[str]) -> dict[str, Any]:
        """The stored plan state values of ``keys`` (those that exist)."""
        layout = self.state_layout()
        if layout is None:
            return {}
        want = group_keys(keys, layout)
        out: dict[str, Any] = {}
        for name, shard in self.load_state_shards(sorted(want)).items():
            for key in want[name]:
                if key in shard:
                    out[key] = shard[key]
        return out

    def save_state(self, state: PackedState | Mapping[str, str], token: str | None = None) -> None:
        """Write the plan state: a :class:`PackedState` is the whole state (every other row deleted);
        a mapping gives the new values (JSON text) of some keys: they are written into their shards'
        delta rows, or their shards written whole with their deltas once those are large enough
        (:func:`_state_rows`), the new values embedded as they are (not parsed); a key without a prefix
        (``meta``, ``entities``) is its shard's only key, which is written without reading it.
        The plan marker is removed in the same transaction: the state and the final rows agree
        again only once the run that wrote it is complete (it sets the marker then).

        ``token`` (with a mapping): the whole write the values continue (:meth:`state_head`); when
        another run has written the state anew since, the state is deleted instead (the values
        continue a state that is gone; the next run plans over the whole store)."""
        t = schema.plan_state
        with self.engine.begin() as conn:
            clear_plan(conn)
            if isinstance(state, PackedState):
                conn.execute(delete(t))
                rows = state.rows()
                for i in range(0, len(rows), 10000):  # (compiled once, the rows to the driver as tuples)
                    execute_many(conn, t.insert(), [{"key": k, "data": d} for k, d in rows[i : i + 10000]])
            else:
                text = conn.execute(select(t.c.data).where(t.c.key == LAYOUT_KEY)).scalar_one_or_none()
                if token is not None and token_of(text) != token:
                    conn.execute(delete(t))
                    return
                layout = layout_of(text) or {}
                for key in state:
                    layout.setdefault(prefix_of(key), 1)  # (a prefix the state did not have: one shard)
                want = group_keys(state, layout)
                names = sorted(want)
                conn.execute(delete(t).where(t.c.key == LAYOUT_KEY))
                conn.execute(t.insert(), [{"key": LAYOUT_KEY, "data": layout_text(layout, token_of(text))}])
                for i in range(0, len(names), STATE_CHUNK):  # (a chunk of shards at a time)
                    try:
                        rows = _state_rows(conn, names[i : i + STATE_CHUNK], want, state)
                    except StateError:  # (a damaged shard: the state goes whole, the next run plans again)
                        conn.execute(delete(t))
                        return
                    _replace_state_rows(conn, rows)

    def story_members(self, story_ids: list[str]) -> dict[str, list[str]]:
        """The stored documents of each of the stories ``story_ids``."""
        c = schema.documents.c
        out: dict[str, list[str]] = {s: [] for s in story_ids}
        with self.engine.connect() as conn:
            for i in range(0, len(story_ids), STATE_CHUNK):
                for doc_id, sid in conn.execute(select(c.id, c.story).where(c.story.in_(story_ids[i : i + STATE_CHUNK]))):
                    out[sid].append(doc_id)
        return out

    def documents_with_entities(self, entity_ids: list[str]) -> set[str]:
        """The stored documents that mention (or quote) one of ``entity_ids``."""
        m, q = schema.mentions.c, schema.quotes.c
        out: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(entity_ids), STATE_CHUNK):
                chunk = entity_ids[i : i + STATE_CHUNK]
                out.update(r[0] for r in conn.execute(select(m.document_id).where(m.entity_id.in_(chunk))))
                out.update(r[0] for r in conn.execute(select(q.document_id).where(q.speaker_id.in_(chunk))))
        return out

    def load_records(self, ids: list[str]) -> dict[str, str]:
        """The stored corpus records (JSON text) of the documents ``ids`` (those that have one)."""
        r = schema.doc_records.c
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                chunk = ids[i : i + STATE_CHUNK]
                got = _by_key(conn, "doc_records", "id", "data", chunk)
                out.update(got if got is not None else conn.execute(select(r.id, r.data).where(r.id.in_(chunk))).all())
        return out

    def load_record_parts(self, ids: list[str]) -> dict[str, tuple[str, str | None]] | None:
        """The ``story`` and ``speakers`` parts (JSON text) of the stored corpus records of ``ids``
        (those that have one), picked out by SQLite (3.38 or later; None elsewhere): what a
        continued plan reads of the members of the stories it touches, about half of each record's
        text (the mentions, shingles and MinHash signature left unparsed)."""
        if self.engine.dialect.name != "sqlite" or sqlite3.sqlite_version_info < (3, 38):
            return None
        out: dict[str, tuple[str, str | None]] = {}
        with self.engine.connect() as conn:
            cursor = conn.connection.driver_connection.cursor()
            try:
                for i in range(0, len(ids), STATE_CHUNK):
                    chunk = ids[i : i + STATE_CHUNK]
                    q = "SELECT id, data -> '$.story', data -> '$.speakers' FROM doc_records WHERE id IN ({})"
                    for doc_id, story, speakers in cursor.execute(q.format(",".join("?" * len(chunk))), chunk):
                        if story is not None:
                            out[doc_id] = (story, speakers)
            finally:
                cursor.close()
        return out

    def story_scores(self, ids: list[str]) -> dict[str, float | None]:
        """The ``story_score`` each of the documents ``ids`` was finalised with (None: a founder)."""
        c = schema.documents.c
        out: dict[str, float | None] = {}
        # on SQLite (3.38 or later), the score's JSON text picked out of the final object by SQLite
        # itself: not the whole object (the document's text with it) parsed here for one number
        picked = self.engine.dialect.name == "sqlite" and sqlite3.sqlite_version_info >= (3, 38)
        score = literal_column("data -> '$.features.story_score'") if picked else c.data
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                q = select(c.id, score, c.data.is_(None)).where(c.id.in_(ids[i : i + STATE_CHUNK]))
                for doc_id, value, unfinalised in conn.execute(q):
                    if unfinalised:
                        continue
                    if picked:
                        out[doc_id] = loads(value) if value is not None else None
                    else:
                        out[doc_id] = (loads(value).get("features") or {}).get("story_score")
        return out

    def story_ids(self) -> list[str]:
        """The ids of every stored story."""
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(schema.stories.c.id))]

    # -- what a run that adds to a store reads of it, by id (never every row) -------------------

    def final_of(self, ids: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """:meth:`final_state` of the documents ``ids`` only (those with a final object)."""
        c = schema.documents.c
        out: dict[str, tuple[str | None, str | None, str | None]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                chunk = ids[i : i + STATE_CHUNK]
                q = select(c.id, c.story, c.duplicate_of, c.published).where(c.id.in_(chunk), c.data.is_not(None))
                out.update((r[0], (r[1], r[2], r[3])) for r in conn.execute(q))
        return out

    def analyses_and_finals(self, ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """The stored analyses of ``ids`` and the final objects of those that have one (JSON text)."""
        c = schema.documents.c
        analyses: dict[str, str] = {}
        finals: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                for doc_id, analysis, data in conn.execute(
                    select(c.id, c.analysis, c.data).where(c.id.in_(ids[i : i + STATE_CHUNK]))
                ):
                    analyses[doc_id] = analysis
                    if data is not None:
                        finals[doc_id] = data
        return analyses, finals

    def final_ids(self) -> list[str]:
        """The ids of the stored documents that have a final object."""
        c = schema.documents.c
        with self.engine.connect() as conn:
            return [i for (i,) in conn.execute(select(c.id).where(c.data.is_not(None)).order_by(c.id))]

    def finals_and_inputs(self, ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
        """The stored final objects of ``ids`` (those that have one) and their ``doc_inputs`` rows
        (those that have one), JSON text by id."""
        c, r = schema.documents.c, schema.doc_inputs.c
        finals: dict[str, str] = {}
        inputs: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                chunk = ids[i : i + STATE_CHUNK]
                q = select(c.id, c.data).where(c.id.in_(chunk), c.data.is_not(None))
                finals.update(conn.execute(q).all())
                inputs.update(conn.execute(select(r.id, r.data).where(r.id.in_(chunk))).all())
        return finals, inputs

    def records_of(self, ids: list[str]) -> set[str]:
        """Those of the documents ``ids`` whose corpus record is stored."""
        r = schema.doc_records.c
        out: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), STATE_CHUNK):
                out.update(x for (x,) in conn.execute(select(r.id).where(r.id.in_(ids[i : i + STATE_CHUNK]))))
        return out

    def stories_in_threads(self, thread_ids: list[str]) -> dict[str, str]:
        """The JSON text of every stored story of the threads ``thread_ids``, by story id."""
        s = schema.stories.c
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(thread_ids), STATE_CHUNK):
                q = select(s.id, s.data).where(s.thread.in_(thread_ids[i : i + STATE_CHUNK]))
                out.update(conn.execute(q).all())
        return out

    def count_duplicates(self) -> int:
        """How many stored documents are a copy of another (``duplicate_of`` set)."""
        c = schema.documents.c
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(schema.documents).where(c.duplicate_of.is_not(None))
            return int(conn.execute(q).scalar_one())
