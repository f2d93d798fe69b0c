"""The API's ingests leave the WAL to a checkpoint after their answer (store: defer_checkpoints,
checkpoint; api.ingest.Checkpointer): their commits do not checkpoint, the checkpoint after them
copies the whole WAL into the store's file, and what was ingested reads back."""

from __future__ import annotations

import sqlite3

from fastapi.testclient import TestClient
from test_api_ingest import TOKEN, _article, _jsonl

from linimasa.api import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}", "content-type": "application/x-ndjson"}


def test_ingest_checkpoints_after_its_answer(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    app = create_app(db, token=TOKEN)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        store = app.state.store
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 0
        for k in range(2):
            r = client.post("/api/documents", content=_jsonl(_article(f"longsor-{k}", 6 + k)), headers=AUTH)
            assert r.status_code == 200, r.text
        app.state.checkpointer.close()  # (the last one done)
        with store.engine.connect() as conn:
            busy, log, done = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
        assert busy == 0 and log == done  # (nothing left in the WAL that is not in the file)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
