"""Found by the hostile test of session 20 (attack3): two runs at once that add the same new
documents to one store.

Measured: ``run c1/`` and, half a second later, ``run c1/ c2/`` on a store of 78 articles (61 +
60 IndoSum articles): both continued the last plan; the second found the first one's documents in
the duplicate index it continued and marked each of the 61 ``duplicate_of`` itself, with the story
id '' (empty); a re-run with nothing new read that back. Here the same order is forced on the
seeds: A (seed 003) and B (seeds 003 and 004, a batch each) both find 003 new; A stores it,
continues the plan and completes; B stores 004, finds the count its plan expects (the last plan's
three, plus the two it inserted) and continues A's state.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from fixtures_incremental import run_into as _run
from fixtures_incremental import seed_folder as _folder

from linimasa.store.database import Store

pytest_plugins = ["fixtures_incremental"]


def _documents(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return {i: (s, d) for i, s, d in conn.execute("SELECT id, story, duplicate_of FROM documents")}


def test_two_runs_adding_the_same_documents_leave_no_self_copy(seeds, tmp_path, monkeypatch) -> None:
    one = tmp_path / "one.db"
    _run(_folder(tmp_path, "all", seeds), tmp_path, one, "one")
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    a_in, b_in = _folder(tmp_path, "ina", seeds[3:4]), _folder(tmp_path, "inb", seeds[3:])
    a_thread: list[threading.Thread] = []
    b_read, a_saved, b_saved, a_done = (threading.Event() for _ in range(4))
    real_known, real_save = Store.known_hashes, Store.save_analysis_rows

    def known(self, hashes):  # (each run reads whether its batch is stored before either stores it)
        out = real_known(self, hashes)
        if threading.current_thread() is not a_thread[0]:
            b_read.set()
        return out

    def save(self, rows, *args, **kwargs):
        ids = {r["id"] for r in rows}
        if threading.current_thread() is a_thread[0]:
            assert b_read.wait(60)
            real_save(self, rows, *args, **kwargs)
            a_saved.set()
            return
        if seeds[3].stem in ids:  # B's first batch: after A's, before A plans
            assert a_saved.wait(60)
            real_save(self, rows, *args, **kwargs)
            b_saved.set()
            return
        if seeds[4].stem in ids:  # B's second batch: once A has completed
            assert a_done.wait(60)
        real_save(self, rows, *args, **kwargs)

    import linimasa.jobs.local as local

    real_fingerprint = local.plan_fingerprint

    def fingerprint(store):
        if threading.current_thread() is a_thread[0]:
            assert b_saved.wait(60)
        return real_fingerprint(store)

    monkeypatch.setattr(Store, "known_hashes", known)
    monkeypatch.setattr(Store, "save_analysis_rows", save)
    monkeypatch.setattr(local, "plan_fingerprint", fingerprint)
    errors: list[BaseException] = []
    results: dict = {}

    def run_a() -> None:
        try:
            results["a"] = _run(a_in, tmp_path, db, "oa")
        except BaseException as e:  # noqa: BLE001
            errors.append(e)
        finally:
            a_done.set()

    a_thread.append(threading.Thread(target=run_a))
    a_thread[0].start()
    results["b"] = _run(b_in, tmp_path, db, "ob")
    a_thread[0].join(60)
    monkeypatch.undo()
    assert not errors, errors
    got = _documents(db)
    assert not [i for i, (_s, d) in got.items() if d == i]
    assert all(s for s, _d in got.values())
    assert results["a"]["continued"]  # (the race this test forces: A continues the last plan, then B...)
    assert not results["b"]["continued"]  # (...plans over the whole store, not on from A's state)
    _run(b_in, tmp_path, db, "oc")  # (nothing new: read back)
    assert _documents(db) == _documents(one)
