"""Every stored document can be opened by its id (issue 20, finding 2, attacked again).

A JSON input could give an id no page or API path can name: ``..`` and ``.`` (an HTTP
client or a browser resolves ``/documents/..`` to ``/``, percent-encoded or not: the
document's page was the home page, its API path a 404), an id over 512 characters or with
a control character (the API refuses such a path parameter: 422, and the page said 400).
Such ids were stored as given, through ``run`` and through the API. Now
:func:`linimasa.readers.ids.servable_id` replaces them (its first printable characters,
``~`` and a digest of the id: the same on every run, whatever the input order) before
they are made unique, with a warning.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.limits import MAX_ID
from linimasa.readers.ids import UniqueIds, servable_id
from linimasa.store.database import Store

TEXT = "Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga ke-{} mengungsi ke masjid."
BAD = ["..", ".", "y" * 600, "a\x1bb", "tab\there"]
GOOD = ["x", "a/b", "../etc", "café", "...", "x~2"]


def _reachable(client: TestClient, ids: list[str]) -> None:
    for doc_id in ids:
        assert servable_id(doc_id) == doc_id
        r = client.get("/api/documents/" + quote(doc_id, safe=""))
        assert r.status_code == 200 and r.json()["id"] == doc_id, (doc_id, r.status_code, r.text[:200])
        page = client.get("/documents/" + quote(doc_id, safe=""))
        assert page.status_code == 200, (doc_id, page.status_code)


def _stored_ids(db: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT id FROM documents")]
    finally:
        con.close()


def test_servable_ids_are_kept_and_others_replaced_the_same_way_every_time() -> None:
    for doc_id in GOOD:
        assert servable_id(doc_id) == doc_id
    for doc_id in BAD:
        new = servable_id(doc_id)
        assert new != doc_id and new == servable_id(doc_id) and new not in (".", "..")
        assert len(new) <= MAX_ID and new.isprintable()
    ids = UniqueIds()
    assert [ids.assign(x) for x in ["..", "..", "x"]] == [servable_id(".."), servable_id("..") + "~2", "x"]


def test_run_stores_only_ids_a_page_can_name(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = [{"id": doc_id, "text": TEXT.format(i)} for i, doc_id in enumerate(BAD + GOOD)]
    (src / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    db = tmp_path / "s.db"
    proc = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(src), "--out", str(tmp_path / "out"), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "cannot name a page" in proc.stderr
    ids = _stored_ids(db)
    assert len(ids) == len(BAD) + len(GOOD) and set(GOOD) <= set(ids)
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        _reachable(client, ids)


def test_api_ingest_stores_only_ids_a_page_can_name(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        body = "\n".join(
            json.dumps({"id": d, "text": TEXT.format(i)}) for i, d in enumerate(["..", ".", "a\x1bb", "x"])
        )
        r = client.post("/api/documents", content=body, headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 200, r.text[:500]
        ids = [d["id"] for d in r.json()["documents"]]
        assert len(set(ids)) == 4 and "x" in ids and ".." not in ids and "." not in ids
        _reachable(client, ids)
