"""Runs that add to a store, attacked again (session 19, helper attack2): the plan state packed in
shards (docs/incremental.md, *The plan state's format*) found corrupt, and runs interleaved. Each
test is a defect found (and fixed) or a promise checked on real runs over the seeds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixtures_incremental import run_into as _run
from fixtures_incremental import seed_folder as _folder

pytest_plugins = ["fixtures_incremental"]


def _decisions(db: Path) -> dict:
    """Each document's story, date and copy, and each mention's entity id (what a continued run
    must decide as one run over everything does)."""
    with sqlite3.connect(db) as conn:
        docs = {i: (s, p, d) for i, s, p, d in conn.execute("SELECT id, story, published, duplicate_of FROM documents")}
        mentions = sorted(conn.execute("SELECT document_id, entity_id FROM mentions"))
        names = dict(conn.execute("SELECT id, name FROM entities"))
    return {"documents": docs, "mentions": mentions, "names": names}


@pytest.fixture(scope="module")
def one_run(seeds, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("one")
    _run(_folder(tmp, "all", seeds), tmp, tmp / "one.db", "out")
    return _decisions(tmp / "one.db")


CORRUPTIONS = {
    "meta shard truncated": "UPDATE plan_state SET data = substr(data, 1, 50) WHERE key = 'meta#0'",
    "bucket shard truncated": "UPDATE plan_state SET data = substr(data, 1, 50) WHERE key LIKE 'b#%'",
    "story shard not an object": "UPDATE plan_state SET data = '[1, 2]' WHERE key LIKE 's#%'",
    "layout row invalid JSON": "UPDATE plan_state SET data = '{\"format\": 2' WHERE key = '#layout'",
    "layout row without counts": "UPDATE plan_state SET data = '{\"format\": 2}' WHERE key = '#layout'",
}


@pytest.mark.parametrize("sql", list(CORRUPTIONS.values()), ids=list(CORRUPTIONS))
def test_corrupt_plan_state_falls_back_to_a_full_plan(seeds, one_run, tmp_path, sql) -> None:
    """A plan state row that does not parse (a truncated shard, one of another shape, a broken
    layout row) is no state: the adding run plans over the whole store (the result of one run)
    instead of stopping with a traceback, and leaves a state the next run can continue."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    with sqlite3.connect(db) as conn:
        assert conn.execute(sql).rowcount >= 1  # (every bucket shard: the seeds fill a few)
    second = _run(_folder(tmp_path, "b", seeds[3:]), tmp_path, db, "o2")
    assert second["continued"] is False
    assert _decisions(db) == one_run
    with sqlite3.connect(db) as conn:  # the state was written anew: every shard parses
        for key, data in conn.execute("SELECT key, data FROM plan_state"):
            assert isinstance(json.loads(data), dict), key


class Stop(Exception):
    pass


def test_document_stored_by_another_run_meanwhile_is_planned(seeds, one_run, tmp_path, monkeypatch) -> None:
    """Two runs on one store: run A (adding seed 003) continues the last plan; while its documents
    are analysed, run B stores seed 004's analysis and is stopped before it plans. The store's
    document count is then the one A's marker gives (the plan marker is a count), though A's plan
    never saw 004: A must not leave a marker that says 004 is planned, else the next runs read
    back or continue a plan without it (004 left with no story, no date)."""
    import linimasa.jobs.local as local

    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    real_fingerprint, real_add = local.plan_fingerprint, local.add_stored_records
    other = _folder(tmp_path, "b", seeds[4:])

    def stop(*args, **kwargs):
        raise Stop

    def run_b_meanwhile(store):
        monkeypatch.setattr(local, "plan_fingerprint", real_fingerprint)
        monkeypatch.setattr(local, "add_stored_records", stop)  # (B plans over the union: A's 003 is new to it)
        with pytest.raises(Stop):
            _run(other, tmp_path, db, "ob")
        monkeypatch.setattr(local, "add_stored_records", real_add)
        return real_fingerprint(store)

    monkeypatch.setattr(local, "plan_fingerprint", run_b_meanwhile)
    _run(_folder(tmp_path, "c", seeds[3:4]), tmp_path, db, "oa")
    monkeypatch.undo()
    _run(_folder(tmp_path, "d", seeds[3:4]), tmp_path, db, "od")  # a run that adds nothing new
    got = _decisions(db)
    assert got["documents"] == one_run["documents"]
    assert got["mentions"] == one_run["mentions"] and got["names"] == one_run["names"]


def _state_values(db: Path, prefix: str) -> dict:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(  # (a shard, then its delta row: store/state_shards.py)
            "SELECT key, data FROM plan_state WHERE key LIKE ? ORDER BY key", (prefix + "#%",)
        ).fetchall()
    out: dict = {}
    for _key, data in rows:
        out.update(json.loads(data))
    return out


def test_continued_run_does_not_write_into_a_state_another_run_planned_anew(seeds, tmp_path, monkeypatch) -> None:
    """Two runs on one store: A (seed 003) starts while the last plan stands and continues it; B
    (seed 004), started once A's documents are stored, plans over the whole store (003 in it) and
    writes the state anew; A then writes its continued values into B's state and B, last, sets the
    marker. A later run would continue that state: it must be that of one run over the five seeds
    (found: a thread profile of a story with an empty id, ``p:``, A's profiles over B's), or there
    must be none (the next run plans over the whole store)."""
    import threading

    import linimasa.jobs.local as local

    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    a_in, b_in = _folder(tmp_path, "b", seeds[3:4]), _folder(tmp_path, "c", seeds[4:])
    real_increment, real_mark = local.plan_increment, local.mark_planned
    a_stored, b_planned, a_done = threading.Event(), threading.Event(), threading.Event()

    def a_increment(*args, **kwargs):  # (A, after its documents are stored and counted)
        a_stored.set()
        assert b_planned.wait(60)
        return real_increment(*args, **kwargs)

    def mark(store, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():  # (B: waits for A to end first)
            b_planned.set()
            assert a_done.wait(60)
        return real_mark(store, *args, **kwargs)

    monkeypatch.setattr(local, "plan_increment", a_increment)
    monkeypatch.setattr(local, "mark_planned", mark)
    errors: list[BaseException] = []

    def run_a() -> None:
        try:
            _run(a_in, tmp_path, db, "oa")  # (continued, or planned over the store once it finds B's state)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
            b_planned.set()
        finally:
            a_done.set()

    thread = threading.Thread(target=run_a)
    thread.start()
    assert a_stored.wait(60)
    monkeypatch.setattr(local, "plan_increment", real_increment)  # (B's own, if it continued)
    _run(b_in, tmp_path, db, "ob")
    thread.join(60)
    monkeypatch.undo()
    assert not errors, errors

    one = tmp_path / "one.db"
    _run(_folder(tmp_path, "all", seeds), tmp_path, one, "oone")
    with sqlite3.connect(db) as conn:
        has_marker = conn.execute("SELECT count(*) FROM store_info WHERE key = 'plan'").fetchone()[0]
    got = _state_values(db, "d")
    stories = set(_state_values(db, "p"))  # (the thread profiles: one a story)
    assert not (has_marker and got) or (got == _state_values(one, "d") and stories == set(_state_values(one, "p")))
