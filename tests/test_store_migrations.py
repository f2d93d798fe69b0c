"""Schema migrations: a version-1 store (as linimasa wrote it before the serving layer) is
upgraded on open, back-filled, and ends with the same schema as a new store; on SQLite and
PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, inspect, text

from linimasa.store.database import Store, StoreError, store_url
from linimasa.store.queries import Catalog, Filters
from linimasa.store.state_shards import LAYOUT_KEY, group_keys, pack_state

pytest_plugins = ["fixtures_pg"]

# The version-1 tables exactly as src/linimasa/store/schema.py defined them (frozen here).
V1 = MetaData()
Table(
    "documents",
    V1,
    Column("id", String(512), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("lang", String(8)),
    Column("published", String(32)),
    Column("outlet", String(256)),
    Column("story", String(64)),
    Column("analysis", Text, nullable=False),
    Column("data", Text),
    Column("updated_run", Integer),
)
Table(
    "stories",
    V1,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
)
Table(
    "entities",
    V1,
    Column("id", String(256), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
)
Table(
    "runs",
    V1,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("command", Text),
    Column("summary", Text),
)
Table("store_info", V1, Column("key", String(64), primary_key=True), Column("value", Text, nullable=False))

TEXT = (
    'Warga Desa Tanjung Harapan kebanjiran sejak Rabu (6/3/2024). "Air masuk rumah," kata Siti Rahma. '
    "Camat Tanjung Ahmad Fauzi meninjau lokasi."
)
DOC = {
    "id": "tanjung-1",
    "lang": "id",
    "title": "Desa Tanjung Harapan Kebanjiran",
    "outlet": "Kabar Uji",
    "published": "2024-03-07T08:00+07:00",
    "text": TEXT,
    "timexes": [],
    "entities": [
        {
            "text": "Siti Rahma",
            "start": TEXT.index("Siti"),
            "end": TEXT.index("Siti") + 10,
            "type": "PER",
            "id": "PER:siti-rahma",
            "name": "Siti Rahma",
        }
    ],
    "quotes": [
        {
            "text": "Air masuk rumah,",
            "start": TEXT.index("Air"),
            "end": TEXT.index("Air") + 16,
            "speaker": "Siti Rahma",
            "speaker_id": "PER:siti-rahma",
        }
    ],
    "story": "story-1",
    "duplicate_of": None,
    "sentences": [],
}
STORY = {
    "id": "story-1",
    "title": "Banjir Tanjung",
    "documents": ["tanjung-1"],
    "start": "2024-03-06",
    "end": "2024-03-07",
    "entities": ["PER:siti-rahma"],
    "summary": [],
    "timeline": [],
}
ENTITY = {"id": "PER:siti-rahma", "name": "Siti Rahma", "type": "PER", "aliases": ["Siti Rahma"], "documents": 1}


def _write_v1_store(db: str) -> None:
    engine = create_engine(store_url(db))
    V1.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO store_info (key, value) VALUES ('schema_version', '1')"))
        conn.execute(
            text(
                "INSERT INTO documents (id, content_hash, source, lang, published, outlet, story, analysis, data) "
                "VALUES (:id, 'h', 'x.txt', 'id', :pub, 'Kabar Uji', 'story-1', :a, :d)"
            ),
            {"id": DOC["id"], "pub": DOC["published"], "a": json.dumps({**DOC, "story": None}), "d": json.dumps(DOC)},
        )
        conn.execute(text("INSERT INTO stories (id, data) VALUES ('story-1', :d)"), {"d": json.dumps(STORY)})
        conn.execute(text("INSERT INTO entities (id, data) VALUES ('PER:siti-rahma', :d)"), {"d": json.dumps(ENTITY)})
    engine.dispose()


def _as_version(db: str, version: int, dropped: str) -> Store:
    """The store ``db`` put back to schema ``version`` (the table ``dropped``, added after it, gone),
    then opened again: migrated on open."""
    store = Store(db)
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {dropped}"))
        conn.execute(text(f"UPDATE store_info SET value = '{version}' WHERE key = 'schema_version'"))
    store.close()
    return Store(db)


def _schema(store: Store) -> dict[str, set[str]]:
    insp = inspect(store.engine)
    return {
        t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names() if not t.startswith("search_fts")
    }


def test_version_1_store_is_migrated_and_back_filled(empty_db, tmp_path, backend, request) -> None:
    _write_v1_store(empty_db)
    store = Store(empty_db)
    assert store.migrated_from == 1
    cat = Catalog(store)
    assert cat.stats()["schema_version"] == 8
    docs = cat.documents(Filters(date_from="2024-03-07", entity="PER:siti-rahma")).items
    assert [d["id"] for d in docs] == ["tanjung-1"] and docs[0]["day"] == "2024-03-07"
    assert docs[0]["title"] == "Desa Tanjung Harapan Kebanjiran"
    quotes = cat.entity_quotes("PER:siti-rahma").items
    assert quotes[0]["text"] == "Air masuk rumah," and quotes[0]["index"] == 0
    assert [h["id"] for h in cat.search("banjir", Filters()).items] == ["tanjung-1"]  # stem of "kebanjiran"
    assert cat.stories().items[0]["documents"] == 1
    assert cat.entities().items[0]["name"] == "Siti Rahma"
    migrated = _schema(store)
    store.close()
    # Opening again changes nothing, and a new store has exactly the migrated schema.
    assert Store(empty_db).migrated_from == 8
    from fixtures_pg import new_store

    fresh = Store(new_store(backend, request, tmp_path))
    assert fresh.migrated_from == 0
    assert _schema(fresh) == migrated
    fresh.close()


def test_a_newer_store_is_refused(empty_db) -> None:
    Store(empty_db).close()
    engine = create_engine(store_url(empty_db))
    with engine.begin() as conn:
        conn.execute(text("UPDATE store_info SET value = '99' WHERE key = 'schema_version'"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 99, newer than this linimasa"):
        Store(empty_db)


def test_postgres_urls_use_psycopg_and_hide_passwords() -> None:
    assert store_url("postgresql://u:pw@h/db") == "postgresql+psycopg://u:pw@h/db"
    assert store_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError) as info:
        Store("postgresql://user:hunter2@127.0.0.1:1/nodb")
    assert "hunter2" not in str(info.value) and "***" in str(info.value)


def test_version_3_store_gets_threads(tmp_path) -> None:
    """Version 4 adds the threads table and the stories' thread column, back-filled from their JSON."""
    from linimasa.store import schema

    db = str(tmp_path / "v3.db")
    store = Store(db)
    with store.engine.begin() as conn:
        conn.execute(text("DROP TABLE threads"))
        conn.execute(text("DROP INDEX ix_stories_thread"))
        conn.execute(text("ALTER TABLE stories DROP COLUMN thread"))
        conn.execute(text("UPDATE store_info SET value = '3' WHERE key = 'schema_version'"))
        conn.execute(
            text("INSERT INTO stories (id, data) VALUES ('story-a', :d)"),
            {"d": '{"id": "story-a", "title": "A", "documents": [], "thread": "thread-x"}'},
        )
    store.close()
    store = Store(db)
    assert store.migrated_from == 3
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT thread FROM stories WHERE id = 'story-a'")).scalar_one() == "thread-x"
        assert conn.execute(text("SELECT count(*) FROM threads")).scalar_one() == 0
    assert schema.SCHEMA_VERSION == 8
    store.close()


def test_version_4_store_gets_doc_records(empty_db) -> None:
    """Version 5 adds the documents' corpus records (``doc_records``), left empty: the next run
    builds those of the stored documents from their analyses (tests/test_incremental.py)."""
    store = _as_version(empty_db, 4, "doc_records")
    assert store.migrated_from == 4
    assert "doc_records" in inspect(store.engine).get_table_names()
    store.save_records([{"id": "a", "data": "{}"}])
    assert store.record_ids() == {"a"}
    assert list(store.iter_records(set())) == ["{}"] and list(store.iter_records({"a"})) == []
    store.close()
    assert Store(empty_db).migrated_from == 8


def test_version_5_store_gets_plan_state(empty_db) -> None:
    """Version 6 adds the plan state (``plan_state``), left empty: the next run plans over the whole
    store and writes it (tests/test_incremental.py)."""
    store = _as_version(empty_db, 5, "plan_state")
    assert store.migrated_from == 5
    assert store.load_state(["meta"]) == {}  # (empty: no layout row)
    store.save_state(pack_state([{"d:banjir": 3}, {"meta": {}}]))
    store.save_state({"d:banjir": "4", "d:hujan": "1"})
    assert store.load_state(["d:banjir", "meta", "d:absent"]) == {"d:banjir": 4, "meta": {}}
    store.save_state(pack_state([{"meta": []}]))
    assert store.load_state(["d:banjir", "meta"]) == {"meta": []}
    store.close()
    assert Store(empty_db).migrated_from == 8


def test_version_6_plan_state_is_not_misread(empty_db) -> None:
    """Version 7 packs the plan state in shards: the rows of version 6 (one JSON text a key) are
    deleted on opening, so the next run plans over the whole store (``can_continue`` finds no
    state); and rows of that format that reach a newer store (no layout row) read as no state."""
    from linimasa.jobs.incremental import can_continue

    store = Store(empty_db)
    old = {"meta": '{"version":1,"n":3,"n_stories":1}', "d:banjir": "3", "s:0": '{"id":"story-a"}'}
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE store_info SET value = '6' WHERE key = 'schema_version'"))
        for k, v in old.items():
            conn.execute(text("INSERT INTO plan_state (key, data) VALUES (:k, :v)"), {"k": k, "v": v})
    store.close()
    store = Store(empty_db)
    assert store.migrated_from == 6
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_state")).scalar_one() == 0
    with store.engine.begin() as conn:  # (version 6 rows written into the new schema all the same)
        for k, v in old.items():
            conn.execute(text("INSERT INTO plan_state (key, data) VALUES (:k, :v)"), {"k": k, "v": v})
    assert store.state_layout() is None
    assert store.load_state(list(old)) == {}
    store.set_plan_marker(json.dumps({"config": None}))
    assert not can_continue(store)
    store.close()


def test_plan_state_shards_round_trip(empty_db) -> None:
    """Keys packed in several shards read back one by one; an update rewrites only the shards of
    its keys, keeps the others' values, and adds a prefix the state did not have."""
    store = Store(empty_db)
    terms = {f"d:kata{i}": i for i in range(90)}  # (three shards of 32 keys)
    buckets = {f"b:{i % 16}:{i:032x}": [[f"doc-{i}", "2024-03-07"]] for i in range(12)}  # (three of 4)
    packed = pack_state([terms, buckets, {"meta": {"version": 2}}])
    assert packed.layout == {"d": 3, "b": 3, "meta": 1}
    store.save_state(packed)
    with store.engine.connect() as conn:
        keys = {r[0] for r in conn.execute(text("SELECT key FROM plan_state"))}
    assert keys == {LAYOUT_KEY, "d#0", "d#1", "d#2", "b#0", "b#1", "b#2", "meta#0"}
    want = ["d:kata0", "d:kata89", "b:3:" + f"{3:032x}", "meta", "d:absent", "q:absent"]
    assert store.load_state(want) == {
        "d:kata0": 0,
        "d:kata89": 89,
        "b:3:" + f"{3:032x}": [["doc-3", "2024-03-07"]],
        "meta": {"version": 2},
    }
    store.save_state({"d:kata5": "50", "d:baru": "1", "q:PER:siti": '["story-a"]', "meta": '{"version":3}'})
    got = store.load_state([*terms, "d:baru", "q:PER:siti", "meta"])
    assert got == {**terms, "d:kata5": 50, "d:baru": 1, "q:PER:siti": ["story-a"], "meta": {"version": 3}}
    assert store.state_layout() == {"d": 3, "b": 3, "meta": 1, "q": 1}
    assert len(store.load_state(list(buckets))) == 12
    # the changed values went into the shards' delta rows (the shards stay as written), and a delta
    # that holds half a shard's keys is folded into its shard
    def rows() -> dict[str, dict]:
        with store.engine.connect() as conn:
            return {k: json.loads(d) for k, d in conn.execute(text("SELECT key, data FROM plan_state"))}

    deltas = {k: v for k, v in rows().items() if k.endswith("+")}
    assert {k for v in deltas.values() for k in v} == {"d:kata5", "d:baru", "q:PER:siti"}
    assert rows()[group_keys(["d:kata5"], store.state_layout()).popitem()[0]]["d:kata5"] == 5
    store.save_state({k: str(v + 1) for k, v in terms.items()})
    assert store.load_state([*terms, "d:baru"]) == {**{k: v + 1 for k, v in terms.items()}, "d:baru": 1}
    assert not [k for k in rows() if k.startswith("d#") and k.endswith("+")]
    store.close()


def test_plan_state_of_format_2_is_read_and_written_as_format_3(empty_db) -> None:
    """A state without delta rows (format 2, sessions 20-22) reads as it is; its first continued write
    makes its layout row say format 3 (with delta rows), which a linimasa of format 2 does not read."""
    from linimasa.store.state_shards import layout_of

    store = Store(empty_db)
    store.save_state(pack_state([{f"d:kata{i}": i for i in range(90)}, {"meta": {"version": 2}}]))
    with store.engine.begin() as conn:
        head = json.loads(conn.execute(text("SELECT data FROM plan_state WHERE key = '#layout'")).scalar_one())
        conn.execute(
            text("UPDATE plan_state SET data = :d WHERE key = '#layout'"), {"d": json.dumps({**head, "format": 2})}
        )
    assert store.load_state(["d:kata7", "meta"]) == {"d:kata7": 7, "meta": {"version": 2}}
    store.save_state({"d:kata7": "70"})
    with store.engine.connect() as conn:
        head = json.loads(conn.execute(text("SELECT data FROM plan_state WHERE key = '#layout'")).scalar_one())
    assert head["format"] == 3 and store.load_state(["d:kata7"]) == {"d:kata7": 70}
    assert layout_of(json.dumps({**head, "format": 4})) is None
    store.close()


def test_version_7_store_gets_doc_inputs(empty_db) -> None:
    """Version 8 adds the members' story inputs (``doc_inputs``), left empty: a continued run
    finalises members without a row from their analyses and writes their rows
    (tests/test_finalise_stored.py)."""
    store = _as_version(empty_db, 7, "doc_inputs")
    assert store.migrated_from == 7
    store.save_doc_inputs([{"id": "a", "data": "{}"}])
    assert store.finals_and_inputs(["a"]) == ({}, {"a": "{}"})
    store.close()
    assert Store(empty_db).migrated_from == 8
