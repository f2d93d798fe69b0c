"""Runs that add to a store, attacked as a hostile user would (docs/incremental.md): a changed
document whose run is interrupted, the same document twice in one input, a subset re-run, an
older store. Each test is a defect found (and fixed) or a promise checked on real runs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

import linimasa.jobs.local as local
from linimasa.jobs.run import run_pipeline


@pytest.fixture(scope="module")
def seeds(shared_dir) -> list[Path]:
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(files) == 5
    return files


def _folder(tmp: Path, name: str, files: list[Path]) -> Path:
    folder = tmp / name
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _run(inputs: Path, tmp: Path, db: Path, name: str) -> dict:
    return run_pipeline([str(inputs)], tmp / name, str(db), workers=1, batch_size=1).to_json()


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
    changed = _folder(tmp_path, "b", seeds[:3])
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
