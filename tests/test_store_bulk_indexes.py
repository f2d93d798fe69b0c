"""A run that rewrites most of the store drops the mention and quote lookup indexes while it
writes their rows and builds them again at the end; a store opened after such a run died in
between gets them back. Real runs on the bundled demo corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline
from linimasa.store.database import Store

BULK = {"ix_mentions_entity", "ix_quotes_speaker"}


def _indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[Path, int]:
    tmp = tmp_path_factory.mktemp("bulk")
    db = tmp / "s.db"
    summary = run_pipeline([str(corpus_path())], tmp / "out", str(db), workers=1)
    return db, summary.read


def test_a_run_leaves_the_indexes_built_and_used(stored) -> None:
    db, n = stored
    assert n >= 10
    assert BULK <= _indexes(db)
    with sqlite3.connect(db) as conn:
        entity, mentioned = conn.execute(
            "SELECT entity_id, count(*) FROM mentions GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT 1"
        ).fetchone()
        assert mentioned >= 2
        plan = " ".join(
            r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM mentions WHERE entity_id = ?", (entity,))
        )
        assert "ix_mentions_entity" in plan
        # the rebuilt index holds every row: the look-up finds what a full scan finds
        by_index = conn.execute(
            "SELECT count(*) FROM mentions INDEXED BY ix_mentions_entity WHERE entity_id = ?", (entity,)
        )
        by_scan = conn.execute("SELECT count(*) FROM mentions NOT INDEXED WHERE entity_id = ?", (entity,))
        assert by_index.fetchone() == by_scan.fetchone() == (mentioned,)
        speakers = conn.execute("SELECT count(*) FROM quotes INDEXED BY ix_quotes_speaker WHERE speaker_id IS NOT NULL")
        assert (
            speakers.fetchone()
            == conn.execute("SELECT count(*) FROM quotes NOT INDEXED WHERE speaker_id IS NOT NULL").fetchone()
        )


def test_dropped_for_most_of_the_store_kept_for_a_small_part(stored) -> None:
    db, n = stored
    store = Store(str(db))
    try:
        with store.bulk_final_rows(n):
            assert not BULK & _indexes(db)
        assert BULK <= _indexes(db)
        with store.bulk_final_rows(n // 2 - 1):  # under half of the stored documents
            assert BULK <= _indexes(db)
        with pytest.raises(RuntimeError), store.bulk_final_rows(n):
            raise RuntimeError("the run failed while writing")
        assert BULK <= _indexes(db)
    finally:
        store.close()


def test_a_store_opened_after_a_run_died_gets_them_back(stored) -> None:
    db, n = stored
    store = Store(str(db))
    writes = store.bulk_final_rows(n)
    writes.__enter__()  # the run dies here: its context never exits
    try:
        assert not BULK & _indexes(db)
        Store(str(db), restore_indexes=False).close()  # the run's own workers leave them alone
        assert not BULK & _indexes(db)
        Store(str(db)).close()  # any other opening (a new run, the server) builds them
        assert BULK <= _indexes(db)
    finally:
        writes.__exit__(None, None, None)
        store.close()
    assert BULK <= _indexes(db)
