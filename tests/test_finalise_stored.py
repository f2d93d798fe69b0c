"""A continued run finalises the members it keeps from their ``doc_inputs`` rows
(jobs/finalise_stored.py): the store it leaves is the one finalising every member of the touched
stories from its analysis leaves, a store without rows (schema 7) works and gets them, and the
rows go with the final objects they were written with."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures_incremental import run_into as _run
from fixtures_incremental import seed_folder as _folder
from sqlalchemy import text

from linimasa.store.database import Store

pytest_plugins = ["fixtures_incremental"]


def _state(db: Path) -> dict:
    store = Store(str(db))
    try:
        with store.engine.connect() as conn:
            docs = {i: (s, json.loads(d)) for i, s, d in conn.execute(text("SELECT id, story, data FROM documents"))}
            stories = {i: json.loads(d) for i, d in conn.execute(text("SELECT id, data FROM stories"))}
            mentions = sorted(conn.execute(text("SELECT document_id, entity_id, n FROM mentions")).all())
            quotes = sorted(conn.execute(text("SELECT document_id, idx, speaker_id, text FROM quotes")).all())
    finally:
        store.close()
    for _s, obj in docs.values():
        obj.pop("source")
    return {"documents": docs, "stories": stories, "mentions": mentions, "quotes": quotes}


def _three_runs(seeds: list[Path], tmp: Path, name: str) -> tuple[dict, int]:
    """Seeds 000-002, then 003, then 004 into one store (the first run writes its rows); the store,
    and how many rows it holds."""
    from linimasa.jobs.finalise_stored import backfill_inputs

    db = tmp / f"{name}.db"
    _run(_folder(tmp, name + "a", seeds[:3]), tmp, db, name + "o1")
    store = Store(str(db))
    assert store.count("doc_inputs") > 0 and backfill_inputs(store) == 0  # (the full run wrote them)
    store.close()
    for k, part in enumerate((seeds[3:4], seeds[4:])):
        summary = _run(_folder(tmp, f"{name}b{k}", part), tmp, db, f"{name}o{k + 2}")
        assert summary["continued"]
    store = Store(str(db))
    n = store.count("doc_inputs")
    store.close()
    return _state(db), n


def test_kept_members_leave_the_store_of_finalising_from_analyses(seeds, tmp_path, monkeypatch) -> None:
    from linimasa.jobs import finalise, finalise_stored, local

    kept: list[str] = []
    keep = finalise_stored.kept_rows

    def kept_rows(task, finals, rows):
        out = keep(task, finals, rows)
        kept.extend(out)
        return out

    monkeypatch.setattr(finalise_stored, "kept_rows", kept_rows)
    stored, n_rows = _three_runs(seeds, tmp_path, "stored")
    assert kept and n_rows >= len(set(kept))  # (members kept from their rows)

    def from_analyses(task, shown, store=None):  # (every member from its analysis: no row used)
        store = store or finalise._worker_store()
        if task.kept is None:
            return finalise.finalise_loaded(task, store.load_analysis_json(task.ids), shown)
        analyses, finals = store.analyses_and_finals(task.ids)
        before = store.load_objects("stories", [s.id for s in task.stories])
        return finalise.finalise_loaded(task, analyses, shown, finals, before)

    monkeypatch.setattr(local, "finalise_task", from_analyses)
    analysed, _ = _three_runs(seeds, tmp_path, "analysed")
    assert stored == analysed


def test_rows_go_with_their_final_objects(seeds, tmp_path) -> None:
    """A full run writes the rows the backfill would (a store of version 7 gets them from it); a row
    whose final object was rewritten since (another run's finalisation) is not used, and the backfill
    writes it again; a store without the table is migrated and its runs continue."""
    from linimasa.jobs.finalise_stored import VERSION, backfill_inputs, checksum

    db = tmp_path / "s.db"
    _run(_folder(tmp_path, "a", seeds[:3]), tmp_path, db, "o1")
    store = Store(str(db))
    with store.engine.begin() as conn:
        written = dict(conn.execute(text("SELECT id, data FROM doc_inputs")).all())
        conn.execute(text("DELETE FROM doc_inputs"))
    n = backfill_inputs(store)
    assert n > 0 and backfill_inputs(store) == 0  # (written once: they go with the final objects)
    with store.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, data FROM doc_inputs")).all()) == written
    with store.engine.begin() as conn:
        some = conn.execute(text("SELECT id FROM doc_inputs LIMIT 1")).scalar_one()
        conn.execute(text("UPDATE documents SET data = data || ' ' WHERE id = :i"), {"i": some})
    assert backfill_inputs(store) == 1
    finals, rows = store.finals_and_inputs([some])
    row = json.loads(rows[some])
    assert row["v"] == VERSION and row["h"] == checksum(finals[some])
    store.close()
