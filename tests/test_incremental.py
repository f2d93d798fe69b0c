"""Runs that add to a store (docs/incremental.md): the seeds run as 000-002 then 003-004 into one
store give what one run of all five gives; a near-copy added later is ``duplicate_of`` its
stored original; stories keep their ids; an interrupted incremental run resumes; an unchanged
re-run changes nothing; a store without records (schema 4) gets them."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fixtures_incremental import run_into as _run
from fixtures_incremental import seed_folder as _folder
from sqlalchemy import text

from linimasa.store.database import Store

pytest_plugins = ["fixtures_pg", "fixtures_incremental"]


def _state(db: Path | str) -> dict:
    """What the store holds: documents (story, date, copy, final object without its source), stories, threads."""
    store = Store(str(db))
    try:
        with store.engine.connect() as conn:
            docs = {}
            for i, story, pub, dup, data in conn.execute(
                text("SELECT id, story, published, duplicate_of, data FROM documents")
            ):
                obj = json.loads(data)
                obj.pop("source")
                docs[i] = (story, pub, dup, obj)
            stories = {i: json.loads(d) for i, d in conn.execute(text("SELECT id, data FROM stories"))}
            threads = {i: json.loads(d) for i, d in conn.execute(text("SELECT id, data FROM threads"))}
    finally:
        store.close()
    return {"documents": docs, "stories": stories, "threads": threads}


def _decisions(state: dict) -> dict:
    """What a run that continues the last plan gives as one run over everything does: every final
    object but its members' ``story_score`` and the stories' ``why`` (corpus-wide term weights the
    new documents move, docs/incremental.md), threads with their links' endpoints (not their scores)."""
    docs = {}
    for i, (story, pub, dup, obj) in state["documents"].items():
        obj = json.loads(json.dumps(obj))
        obj.get("features", {}).pop("story_score", None)
        docs[i] = (story, pub, dup, obj)
    stories = {i: {k: v for k, v in s.items() if k != "why"} for i, s in state["stories"].items()}
    threads = {
        i: {**t, "links": sorted((x["story"], x["to"]) for x in t["links"])} for i, t in state["threads"].items()
    }
    return {"documents": docs, "stories": stories, "threads": threads}


@pytest.fixture(scope="module")
def one_run(seeds, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("one")
    _run(_folder(tmp, "all", seeds), tmp, tmp / "one.db", "out")
    return _state(tmp / "one.db")


def _story_of(state: dict, prefix: str) -> str:
    return next(v[0] for k, v in state["documents"].items() if k.startswith(prefix))


def test_two_runs_equal_one_run(seeds, one_run, tmp_path, empty_db) -> None:
    db = empty_db  # (SQLite and PostgreSQL)
    first = _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    before = _state(db)
    second = _run(_folder(tmp_path, "b", seeds[3:]), tmp_path, db, "o2")
    after = _state(db)
    assert first["stored"] == 0 and second["stored"] == 3 and second["stories"] == len(one_run["stories"])
    assert _decisions(after) == _decisions(one_run)  # stories, dates, threads, every final object
    # seed 004 (September 2023) joins seed 001's story, not the January 2024 one (seed 003)
    assert _story_of(after, "004_") == _story_of(after, "001_") != _story_of(after, "003_")
    assert after["documents"]["004_2984a5a1f204c9a9"][1].startswith("2023-09")
    # stories keep their ids: the one 004 joined keeps the id of its earliest (stored) member's story
    assert _story_of(after, "001_") == _story_of(before, "001_")
    assert _story_of(after, "000_") == _story_of(before, "000_")
    # the output folder holds the whole store after the run
    out = [json.loads(line)["id"] for line in (tmp_path / "o2" / "documents.jsonl").read_text().splitlines()]
    assert sorted(out) == sorted(one_run["documents"])


def test_unchanged_rerun_changes_nothing(seeds, tmp_path) -> None:
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    b = _folder(tmp_path, "b", seeds[3:])
    _run(b, tmp_path, db, "o2")
    before = _state(db)
    again = _run(b, tmp_path, db, "o3")
    assert again["analysed"] == 0 and again["refinalised"] == 0
    assert "plan" not in again["phases"] and "read back" in again["phases"]  # the store's result read back
    assert _state(db) == before
    for name in ("documents.jsonl", "stories.jsonl", "threads.jsonl", "entities.jsonl", "timeline.jsonl"):
        assert (tmp_path / "o3" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes(), name


def test_untouched_story_is_read_back_with_its_id(seeds, tmp_path) -> None:
    """A new article that joins no stored story leaves the stored stories as they were."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", [seeds[0], seeds[1], seeds[2], seeds[4]]), tmp_path, db, "o1")
    before = _state(db)
    summary = _run(_folder(tmp_path, "b", [seeds[3]]), tmp_path, db, "o2")
    after = _state(db)
    assert set(before["stories"]) <= set(after["stories"])  # every stored story kept its id
    assert summary["refinalised"] < summary["stories"]  # and not every one was finalised again
    untouched = [s for s in before["stories"] if not {"003_86ab6c33f251c52c"} & set(after["stories"][s]["documents"])]
    assert untouched
    for sid in untouched:
        old, new = dict(before["stories"][sid]), dict(after["stories"][sid])
        old.pop("thread"), new.pop("thread")  # (threads are taken again over every story)
        assert new == old


def test_near_copy_added_later_is_duplicate_of_stored_original(seeds, tmp_path) -> None:
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds), tmp_path, db, "o1")
    original = seeds[2]
    text = original.read_text(encoding="utf-8")
    lines = text.rstrip().split("\n")
    assert len(lines) > 5
    later = tmp_path / "later"
    later.mkdir()
    (later / "copy_of_002.txt").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # its last line dropped
    _run(str(later), tmp_path, db, "o2")
    state = _state(db)
    copy = state["documents"]["copy_of_002"]
    assert copy[2] == original.stem  # duplicate_of the stored original
    assert copy[0] == state["documents"][original.stem][0]  # and in its story


def test_interrupted_incremental_run_resumes(seeds, one_run, tmp_path, monkeypatch) -> None:
    """Stopped after its first committed batch, then after finalising: each time the next run
    ends with what one run gives."""
    import linimasa.jobs.local as local

    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    b = _folder(tmp_path, "b", seeds[3:])

    class Stop(Exception):
        pass

    calls = [0]
    save = Store.save_analysis_rows

    def stop_after_one(self, *args, **kwargs):
        if calls[0] == 1:
            raise Stop
        calls[0] += 1
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_analysis_rows", stop_after_one)
    with pytest.raises(Stop):
        _run(b, tmp_path, db, "o2")
    monkeypatch.undo()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4  # one of two committed
    resumed = _run(b, tmp_path, db, "o3")
    assert resumed["analysed"] == 1 and resumed["reused"] == 1
    assert _decisions(_state(db)) == _decisions(one_run)

    # again, from the first store, stopped after the final documents are written
    db2 = tmp_path / "s2.db"
    _run(_folder(tmp_path, "a2", seeds[:3]), tmp_path, db2, "o4")

    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setattr(local, "keep_stories", stop)
    with pytest.raises(Stop):
        _run(b, tmp_path, db2, "o5")
    monkeypatch.undo()
    _run(b, tmp_path, db2, "o6")
    assert _decisions(_state(db2)) == _decisions(one_run)


def test_store_without_records_gets_them(seeds, one_run, tmp_path) -> None:
    """A store written before schema 5 holds no records: the next run builds them from the stored analyses."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM doc_records")
    _run(_folder(tmp_path, "b", seeds[3:]), tmp_path, db, "o2")
    assert _decisions(_state(db)) == _decisions(one_run)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM doc_records").fetchone()[0] == 5


def test_incremental_run_killed_at_random_points_resumes(seeds, one_run, tmp_path) -> None:
    """The black-box check of tests/test_faults_kill_resume.py on a run that adds to a store:
    ``linimasa run`` of 003-004 into the store of 000-002, SIGKILLed at delays spread over its
    run time; after each kill the store opens, and the run to completion gives one run's store."""
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    b = _folder(tmp_path, "b", seeds[3:])
    env = {**os.environ, "NO_COLOR": "1"}

    def cmd(out: str) -> list[str]:
        return [sys.executable, "-m", "linimasa", "run", b, "--db", str(db), "--out", str(tmp_path / out), "-q"]

    # the run's length: the shorter of two probes on copies of the store (the first one can be slowed by
    # cold caches or a busy machine, and kill points past the real length kill nothing)
    span = float("inf")
    for p in ("p1", "p2"):
        probe_db = tmp_path / f"{p}.db"
        shutil.copy(db, probe_db)
        t0 = time.perf_counter()
        probe = [sys.executable, "-m", "linimasa", "run", b, "--db", str(probe_db), "--out", str(tmp_path / p), "-q"]
        assert subprocess.run(probe, capture_output=True, env=env, timeout=300).returncode == 0
        span = min(span, time.perf_counter() - t0)
    rng = random.Random(25)
    before = tmp_path / "before.db"
    shutil.copy(db, before)
    kills = 0
    for k in range(18):  # kill points spread over the run, until six kills (a run that ends unkilled starts over)
        if kills >= 6:
            break
        delay = 0.3 + (span - 0.3) * (k % 6 + rng.random()) / 6
        proc = subprocess.Popen(
            cmd(f"k{k}"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True
        )
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            kills += 1
        else:
            shutil.copy(before, db)  # it ran to its end before the kill point: the documents are new again
            continue
        Store(str(db)).close()  # opens (and repairs) like any command would
    assert kills >= 3
    done = subprocess.run(cmd("final"), capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _decisions(_state(db)) == _decisions(one_run)


def _no_replanning(monkeypatch) -> None:
    """A run that continues the last plan never plans the store again (nor reads every record)."""
    import linimasa.jobs.local as local

    def refuse(*args, **kwargs):
        raise AssertionError("planned over the whole store")

    monkeypatch.setattr(local, "plan_corpus", refuse)
    monkeypatch.setattr(local, "add_stored_records", refuse)


def test_new_document_joins_stored_story_without_replanning(seeds, one_run, tmp_path, monkeypatch) -> None:
    """Seed 004 (September 2023) added to a store of the other four joins the story of seed 001
    (its stored story, by id), the run continues the stored plan, and the stories it does not
    touch, and their documents, are left as they were."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:4]), tmp_path, db, "o1")
    before = _state(db)
    _no_replanning(monkeypatch)
    summary = _run(_folder(tmp_path, "b", [seeds[4]]), tmp_path, db, "o2")
    after = _state(db)
    assert summary["continued"] and summary["stored"] == 4 and summary["analysed"] == 1
    story_001 = _story_of(before, "001_")
    assert _story_of(after, "004_") == _story_of(after, "001_") == story_001  # the stored story, its id kept
    assert after["stories"][story_001]["documents"] == ["001_1cb966e1a36f34cb", "004_2984a5a1f204c9a9"]
    assert after["documents"]["004_2984a5a1f204c9a9"][1].startswith("2023-09")  # dated by the story
    assert summary["refinalised"] < len(after["stories"])
    untouched = [s for s in before["stories"] if s != story_001]
    assert untouched
    for sid in untouched:
        old, new = dict(before["stories"][sid]), dict(after["stories"][sid])
        old.pop("thread"), new.pop("thread")
        assert new == old
        for d in new["documents"]:
            assert after["documents"][d] == before["documents"][d]
    # the same decisions as one run over the five (but the scores, docs/incremental.md)
    assert _decisions(after)["documents"] == _decisions(one_run)["documents"]
    assert {k: v["documents"] for k, v in after["stories"].items()} == {
        k: v["documents"] for k, v in one_run["stories"].items()
    }


def _by_membership(state: dict) -> tuple:
    """Stories as sets of documents, each document's date, threads as sets of stories (as sets) and their links."""
    members = {sid: frozenset(s["documents"]) for sid, s in state["stories"].items()}
    dates = {d: (v[1], v[3].get("published_from")) for d, v in state["documents"].items()}
    threads = {
        (frozenset(members[x] for x in t["stories"]), frozenset((members[x["story"]], members[x["to"]]) for x in t["links"]))
        for t in state["threads"].values()
    }
    return set(members.values()), dates, threads


def test_seeds_in_reverse_order_equal_one_run(seeds, one_run, tmp_path) -> None:
    """003-004 then 000-002: seed 004 (no year of its own) is stored alone in an undated story;
    seed 001, dated, joins that stored story (one run puts 004 in 001's story), and 004 is dated
    from it (issue 25, corpus/undated_join.py)."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[3:]), tmp_path, db, "o1")
    before = _state(db)
    assert before["documents"]["004_2984a5a1f204c9a9"][1] is None  # (alone: no date)
    _run(_folder(tmp_path, "b", seeds[:3]), tmp_path, db, "o2")
    after = _state(db)
    assert _story_of(after, "004_") == _story_of(after, "001_") == _story_of(before, "004_")  # its id kept
    assert after["documents"]["004_2984a5a1f204c9a9"][1].startswith("2023-09")
    assert _by_membership(after) == _by_membership(one_run)


def test_plan_state_in_many_shards_continues_alike(seeds, tmp_path, monkeypatch) -> None:
    """The plan state packed one key a shard (every key its own row, the shard counts kept in the
    layout) gives a continued run exactly what the usual few shards give."""
    from linimasa.store import state_shards

    def two_runs(name: str) -> dict:
        db = tmp_path / f"{name}.db"
        _run(_folder(tmp_path, name + "a", seeds[:3]), tmp_path, db, name + "o1")
        summary = _run(_folder(tmp_path, name + "b", seeds[3:]), tmp_path, db, name + "o2")
        assert summary["continued"]
        store = Store(str(db))
        layout = store.state_layout()
        store.close()
        return {"state": _state(db), "layout": layout}

    usual = two_runs("usual")
    for prefix in state_shards.PER_SHARD:
        monkeypatch.setitem(state_shards.PER_SHARD, prefix, 1)
    sharded = two_runs("sharded")
    assert usual["layout"]["d"] < 20 and sharded["layout"]["d"] > 100  # (one shard a term)
    assert sharded["state"] == usual["state"]


def test_kept_dates_and_unwritten_members_leave_the_store_of_finalising_all(seeds, tmp_path, monkeypatch) -> None:
    """A continued run keeps the dates stored members' stories gave them and does not write a member
    whose final object is unchanged (corpus/kept_dates.py, jobs/finalise.py): the store it leaves is
    the one that finalising every member of the touched stories again leaves."""
    from linimasa.jobs import finalise, incremental

    written: list[str] = []
    save = finalise.FinalCollector.add

    def add(self, tag, fin) -> None:
        written.extend(r["_id"] for r in fin.rows)
        save(self, tag, fin)

    monkeypatch.setattr(finalise.FinalCollector, "add", add)

    def two_runs(name: str) -> dict:
        db = tmp_path / f"{name}.db"
        _run(_folder(tmp_path, name + "a", seeds[:3]), tmp_path, db, name + "o1")
        written.clear()
        summary = _run(_folder(tmp_path, name + "b", seeds[3:]), tmp_path, db, name + "o2")
        assert summary["continued"]
        return {"state": _state(db), "written": sorted(written)}

    kept = two_runs("kept")
    monkeypatch.setattr(incremental, "KeptDates", lambda: None)  # (tasks without it: every member finalised and written)
    every = two_runs("every")
    assert kept["state"] == every["state"]
    assert set(kept["written"]) < set(every["written"])  # (the stored members of touched stories not rewritten)
    assert {f.name.split("_")[0] for f in seeds[3:]} <= {i.split("_")[0] for i in kept["written"]}


def test_near_copy_continues_the_plan_as_duplicate_of_stored_original(seeds, tmp_path, monkeypatch) -> None:
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds), tmp_path, db, "o1")
    original = seeds[1]
    lines = original.read_text(encoding="utf-8").rstrip().split("\n")
    later = tmp_path / "later"
    later.mkdir()
    (later / "copy_of_001.txt").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    (later / "exact_of_001.txt").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    _no_replanning(monkeypatch)
    summary = _run(str(later), tmp_path, db, "o2")
    state = _state(db)
    assert summary["continued"]
    for copy in ("copy_of_001", "exact_of_001"):
        assert state["documents"][copy][2] == original.stem
        assert state["documents"][copy][0] == state["documents"][original.stem][0]


def test_interrupted_continued_run_resumes(seeds, one_run, tmp_path, monkeypatch) -> None:
    """A continued run stopped after its final rows, before its plan state is written: the next
    run plans the store again (the marker is gone) and ends with what one run gives; the run after
    continues again."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")

    class Stop(Exception):
        pass

    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setattr(Store, "save_state", stop)
    b = _folder(tmp_path, "b", [seeds[3]])
    with pytest.raises(Stop):
        _run(b, tmp_path, db, "o2")
    monkeypatch.undo()
    resumed = _run(b, tmp_path, db, "o3")
    assert not resumed["continued"] and resumed["analysed"] == 0  # (its analysis was stored)
    last = _run(_folder(tmp_path, "c", [seeds[4]]), tmp_path, db, "o4")
    assert last["continued"]
    assert _decisions(_state(db)) == _decisions(one_run)


def test_record_text_is_the_text_of_the_record_object(seeds) -> None:
    # the run writes each record with record_text (orjson on the record's own tuples and dates): the same
    # JSON text as the general way, record_to_json then dumps; a title orjson refuses (a lone surrogate)
    # goes the general way
    from linimasa.corpus.records import document_record, record_to_json
    from linimasa.jobs.incremental import record_text
    from linimasa.jobs.stages import default_stages
    from linimasa.jsontext import dumps
    from linimasa.model import Document, RawDocument
    from linimasa.pipeline import Pipeline

    raws = [RawDocument(id=f.stem, source=str(f), text=f.read_text(encoding="utf-8")) for f in seeds]
    docs = Pipeline(default_stages()).process_batch([Document.from_raw(r) for r in raws])
    recs = [document_record(d, k, with_shingles=True) for k, d in enumerate(docs)]
    assert any(r.story.points and r.mentions and r.shingles for r in recs)
    for r in recs:
        assert record_text(r) == dumps(record_to_json(r))
    recs[0].title = "judul \ud800"
    assert record_text(recs[0]) == dumps(record_to_json(recs[0]))
    assert json.loads(record_text(recs[0]))["title"] == "judul \ud800"
