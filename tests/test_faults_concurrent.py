"""Readers while a run writes: the API, in this process, reads the SQLite store (WAL mode) as
often as it can while ``linimasa run`` writes it from another process. Every answer must be
a success and consistent: counts never go down, no list shows a document the document
endpoint cannot return, and every document returned is whole (its annotations match its
text). A second writer (API ingest) during the run must not corrupt anything either.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import warnings

from fixtures_trust import write_corpus

from linimasa.store.database import Store

N_DOCS = 300

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from linimasa.api import create_app


def _whole(doc: dict) -> None:
    assert isinstance(doc["text"], str) and doc["id"]
    for key in ("timexes", "entities", "quotes", "sentences"):
        for a in doc.get(key) or []:
            assert 0 <= a["start"] <= a["end"] <= len(doc["text"]), (doc["id"], a)
            if "text" in a:
                assert doc["text"][a["start"] : a["end"]] == a["text"], (doc["id"], a)


def test_api_reads_consistent_data_while_a_run_writes(tmp_path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, N_DOCS, seed=5)
    db = tmp_path / "store.db"
    Store(str(db)).close()  # the server opens an existing store; the run writes into it
    help_text = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", "--help"], capture_output=True, text=True
    ).stdout
    extra = ["--batch-size", "20"] if "--batch-size" in help_text else []
    cmd = [sys.executable, "-m", "linimasa", "run", str(corpus), "--out", str(tmp_path / "out"), "--db", str(db)]
    reads = docs_checked = 0
    counts: list[int] = []
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        proc = subprocess.Popen([*cmd, "-q", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ingested = False
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            done = proc.poll() is not None
            health = client.get("/api/health")
            assert health.status_code == 200, health.text
            n = health.json()["documents"]
            assert not counts or n >= counts[-1], (counts[-5:], n)  # never goes down
            counts.append(n)
            page = client.get("/api/documents", params={"per_page": 50, "page": 1 + reads % 3})
            assert page.status_code == 200, page.text
            body = page.json()
            assert body["total"] >= n or body["total"] >= counts[-1]
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # the newest rows, whatever their stage
            try:
                newest = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY rowid DESC LIMIT 5")]
            finally:
                con.close()
            for doc_id in [item["id"] for item in body["items"][:5]] + newest:
                r = client.get(f"/api/documents/{doc_id}")
                assert r.status_code == 200, (doc_id, r.text[:300])
                _whole(r.json())
                docs_checked += 1
            search = client.get("/api/search", params={"q": "warga"})
            assert search.status_code == 200, search.text
            if not ingested and n >= 120:  # a second writer while the run writes
                doc = {"id": "via-api", "text": "Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga mengungsi."}
                r = client.post("/api/documents", content=json.dumps(doc), headers={"content-type": "application/json"})
                assert r.status_code == 200, r.text
                ingested = True
            reads += 1
            if done:
                break
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert reads >= 5 and len(set(counts)) >= 3, (reads, sorted(set(counts)))  # we did read during the run
    assert counts[-1] >= N_DOCS
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    assert n == N_DOCS + (1 if ingested else 0)
    print(
        f"\nconcurrent: {reads} read rounds, {docs_checked} documents checked, counts seen {sorted(set(counts))[:12]}"
    )
