"""``POST /api/documents`` continues the last plan reading only what the new documents touch
(docs/incremental.md, "What the API's ingest reads"): the store it leaves is the store ``linimasa
run`` of the same documents leaves, and a later run of them reads that store back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import linimasa.store.database as database
import linimasa.store.incremental as store_incremental
from linimasa.api import create_app
from linimasa.jobs.run import run_pipeline
from linimasa.store.database import Store

STORED, ADDED = 70, 14  # the oldest IndoSum articles stored, the next ones added


def _lines(shared_dir: Path) -> list[str]:
    with open(shared_dir / "data" / "indosum" / "indosum-dev.jsonl", encoding="utf-8") as f:
        rows = sorted(f, key=lambda line: json.loads(line)["id"])  # (ids start with the publication time)
    return rows[: STORED + ADDED]


def _near_copy(line: str) -> str:
    """A stored article republished by another outlet with its last sentence cut."""
    obj = json.loads(line)
    obj["id"] += "-copy"
    obj["outlet"] = "salinan"
    obj["text"] = obj["text"].rsplit(" . ", 1)[0] + " ."
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _run(path: Path, tmp: Path, db: Path, name: str) -> dict:
    return run_pipeline([str(path)], tmp / name, str(db), workers=1).to_json()


def _store(db: Path) -> dict:
    """Every final object (without its source), story, thread and entity the store holds."""
    with sqlite3.connect(db) as conn:
        docs = {}
        for i, story, dup, data in conn.execute("SELECT id, story, duplicate_of, data FROM documents"):
            obj = json.loads(data)
            obj.pop("source")
            docs[i] = (story, dup, obj)
        tables = {
            t: {i: json.loads(d) for i, d in conn.execute(f"SELECT id, data FROM {t}")}  # noqa: S608
            for t in ("stories", "threads", "entities")
        }
    return {"documents": docs, **tables}


@pytest.fixture(scope="module")
def stored(shared_dir, tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """A store of the oldest articles (one run) and the JSON Lines of the next ones and a near copy."""
    tmp = tmp_path_factory.mktemp("ingest")
    lines = _lines(shared_dir)
    old = tmp / "old.jsonl"
    old.write_text("".join(lines[:STORED]), encoding="utf-8")
    _run(old, tmp, tmp / "old.db", "o0")
    return tmp, tmp / "old.db", [*lines[STORED:], _near_copy(lines[STORED - 3])]


def test_ingest_leaves_the_store_a_run_leaves_and_reads_no_whole_table(stored, tmp_path, monkeypatch) -> None:
    tmp, old_db, new_lines = stored
    new = tmp_path / "new.jsonl"
    new.write_text("".join(new_lines), encoding="utf-8")
    by_run, by_api = tmp_path / "run.db", tmp_path / "api.db"
    shutil.copy(old_db, by_run)
    shutil.copy(old_db, by_api)
    summary = _run(new, tmp_path, by_run, "o1")
    assert summary["continued"] and summary["refinalised"] < summary["stories"]

    # the ingest reads no table whole: the reads that list every document, record or story fail here
    def refused(*_a, **_k):
        raise AssertionError("a whole-store read on an ingest")

    for name in ("final_state", "record_ids", "document_ids", "story_ids", "count_duplicates"):
        monkeypatch.setattr(store_incremental.IncrementalReads, name, refused)
    monkeypatch.setattr(Store, "iter_objects", refused)  # (every story, entity or thread)
    monkeypatch.setattr(database, "prune_unreferenced", refused)  # (every story, entity and thread checked)
    with TestClient(create_app(str(by_api)), base_url="http://127.0.0.1") as client:
        r = client.post(
            "/api/documents", content="".join(new_lines).encode(), headers={"content-type": "application/x-ndjson"}
        )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["analysed"] == len(new_lines)
    monkeypatch.undo()

    a, b = _store(by_run), _store(by_api)
    assert b == a
    copy = json.loads(new_lines[-1])["id"]
    assert b["documents"][copy][1] == copy.removesuffix("-copy")  # the near copy: duplicate_of its stored original
    before = _store(old_db)["stories"]
    assert any(d["story"] in before for d in answer["documents"])  # new articles joined stored stories
    assert {d["id"]: (d["story"], d["duplicate_of"]) for d in answer["documents"]} == {
        i: b["documents"][i][:2] for i in (json.loads(x)["id"] for x in new_lines)
    }

    # the unchanged re-run after the ingest reads the store back, and writes what the run wrote (the
    # ingest keeps no order: stories by start and id, entities by documents)
    again = _run(new, tmp_path, by_api, "o2")
    assert "read back" in again["phases"], again["phases"]
    for name in ("stories", "entities", "documents", "threads", "timeline"):
        got = sorted((tmp_path / "o2" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())
        want = sorted((tmp_path / "o1" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines())
        if name == "documents":
            got = sorted(json.dumps({**json.loads(x), "source": None}) for x in got)
            want = sorted(json.dumps({**json.loads(x), "source": None}) for x in want)
        assert got == want, name
