"""Runs that add to a store, attacked as a hostile user would (docs/incremental.md): a changed
document whose run is interrupted, the same document twice in one input, a subset re-run, an
older store. Each test is a defect found (and fixed) or a promise checked on real runs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fixtures_incremental import run_into as _run
from fixtures_incremental import seed_folder as _folder

import linimasa.jobs.local as local

pytest_plugins = ["fixtures_incremental"]


def _final(db: Path, doc_id: str) -> dict:
    with sqlite3.connect(db) as conn:
        (data,) = conn.execute("SELECT data FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return json.loads(data)


class Stop(Exception):
    pass


def test_changed_document_interrupted_then_rerun_is_not_left_stale(seeds, tmp_path, monkeypatch) -> None:
    """A stored document changed in a later run, the run stopped after its new analysis was
    committed (before the plan): the re-run must not keep the final object of the old text."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    changed = Path(_folder(tmp_path, "b", seeds[:3]))
    target = changed / seeds[2].name
    added = "Presiden Joko Widodo menerima Perdana Menteri Jepang Shinzo Abe di Istana Bogor pada Senin."
    target.write_text(added + "\n" + seeds[2].read_text(encoding="utf-8"), encoding="utf-8")

    def stop(*args, **kwargs):
        raise Stop

    monkeypatch.setattr(local, "add_stored_records", stop)  # the plan over the union, after phase 1
    with pytest.raises(Stop):
        _run(changed, tmp_path, db, "o2")
    monkeypatch.undo()
    _run(changed, tmp_path, db, "o3")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, data FROM documents").fetchall()
    texts = [json.loads(d) for _, d in rows]
    assert any("Shinzo Abe" in json.dumps(t, ensure_ascii=False) for t in texts), "changed text's final object is stale"


def _indosum(shared_dir: Path, folder: Path, ids: list[str]) -> Path:
    folder.mkdir()
    lines = {}
    with open(shared_dir / "data" / "indosum" / "indosum-dev.jsonl", encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if obj["id"] in ids:
                lines[obj["id"]] = line
    assert len(lines) == len(ids)
    (folder / "in.jsonl").write_text("".join(lines[i] for i in ids), encoding="utf-8")
    return folder


# "Joshua" (a PON athlete) is linked to Joshua Kimmich (football) while he is the only Joshua;
# a later article names Joshua Matulessy, and the bare "Joshua" is linked to neither any more
JOSHUA_STORED = [
    "1474574439-pon-2016-dua-atlet-terjun-payung-alami-insiden",
    "1475172957-kalahkan-bayern-muenchen-atletico-kokoh-di-puncak-",
]
JOSHUA_ADDED = ["1477674000-salawaku-akan-bersaing-di-festival-film-internatio"]


def test_entity_unlinked_by_a_continued_run_is_stored_and_rerun_reads_back(shared_dir, tmp_path) -> None:
    """A continued run that unlinks a stored given name from its full name (another full name
    with it arrives) lists the given name's entity: the store must hold it too (its mentions
    point at it), and the unchanged re-run then reads the plan back."""
    db = tmp_path / "s.db"
    _run(_indosum(shared_dir, tmp_path / "a", JOSHUA_STORED), tmp_path, db, "o1")
    b = _indosum(shared_dir, tmp_path / "b", JOSHUA_ADDED)
    assert _run(b, tmp_path, db, "o2")["continued"]
    listed = {json.loads(line)["id"] for line in (tmp_path / "o2" / "entities.jsonl").open(encoding="utf-8")}
    with sqlite3.connect(db) as conn:
        stored = {r[0] for r in conn.execute("SELECT id FROM entities")}
        mentioned = {r[0] for r in conn.execute("SELECT DISTINCT entity_id FROM mentions")}
    assert "PER:joshua" in listed
    assert listed == stored, listed ^ stored
    assert mentioned <= stored, mentioned - stored
    again = _run(b, tmp_path, db, "o3")
    assert "read back" in again["phases"], again["phases"]
    for name in ("stories", "entities", "documents", "threads"):
        assert (tmp_path / "o3" / f"{name}.jsonl").read_bytes() == (tmp_path / "o2" / f"{name}.jsonl").read_bytes()


def test_unlinked_given_name_does_not_take_the_full_names_count(shared_dir, tmp_path) -> None:
    """The continued run's entity counts after the unlinking above: the full name keeps the
    documents that name it (one run of the three gives Joshua Kimmich 1)."""
    db = tmp_path / "s.db"
    _run(_indosum(shared_dir, tmp_path / "a", JOSHUA_STORED), tmp_path, db, "o1")
    _run(_indosum(shared_dir, tmp_path / "b", JOSHUA_ADDED), tmp_path, db, "o2")
    counts = {}
    for line in (tmp_path / "o2" / "entities.jsonl").open(encoding="utf-8"):
        obj = json.loads(line)
        counts[obj["id"]] = obj["documents"]
    _run(_indosum(shared_dir, tmp_path / "all", JOSHUA_STORED + JOSHUA_ADDED), tmp_path, tmp_path / "one.db", "one")
    one = {}
    for line in (tmp_path / "one" / "entities.jsonl").open(encoding="utf-8"):
        obj = json.loads(line)
        one[obj["id"]] = obj["documents"]
    joshua = sorted(e for e in one if e.startswith("PER:joshua"))
    assert len(joshua) == 3
    assert {e: counts.get(e) for e in joshua} == {e: one[e] for e in joshua}


def test_subset_rerun_keeps_every_stored_document_and_reads_back(seeds, tmp_path) -> None:
    """A later run given only one of the stored documents: the others stay stored and in the
    outputs (the whole store), nothing is planned again, and the stories are the same bytes."""
    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    again = _run(_folder(tmp_path, "b", seeds[:1]), tmp_path, db, "o2")
    assert "read back" in again["phases"] and again["stored"] == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents WHERE data IS NOT NULL").fetchone()[0] == 3
    ids = [json.loads(line)["id"] for line in (tmp_path / "o2" / "documents.jsonl").open(encoding="utf-8")]
    assert sorted(ids) == sorted(f.stem for f in seeds[:3])
    assert (tmp_path / "o2" / "stories.jsonl").read_bytes() == (tmp_path / "o1" / "stories.jsonl").read_bytes()
