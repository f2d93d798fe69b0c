"""POST /api/documents as a hostile, demanding user uses it (session 24): articles posted one a
request without an id, the same batch twice, ids repeated in a batch, concurrent posts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.store.database import Store

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

BANJIR = (
    "Banjir setinggi satu meter merendam ratusan rumah di Kecamatan Cileungsi, Kabupaten Bogor, pada Selasa "
    "malam setelah hujan deras sejak sore. Kepala BPBD Kabupaten Bogor Yani Hassan mengatakan 230 warga "
    'mengungsi ke masjid. "Kami sudah kirim perahu karet," kata Yani.'
)
GEMPA = (
    "Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, pada Senin siang. Badan Meteorologi, "
    "Klimatologi, dan Geofisika (BMKG) menyebut pusat gempa berada di darat pada kedalaman 10 kilometer. "
    '"Warga diminta menjauhi bangunan yang retak," kata Kepala BMKG Dwikorita Karnawati.'
)


@pytest.fixture
def client(tmp_path):
    db = str(tmp_path / "s.db")
    Store(db).close()
    with TestClient(create_app(db, token=TOKEN), base_url="http://127.0.0.1") as c:
        c.db = db
        yield c


def _post(client, body, status=200):
    r = client.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == status, r.text[:500]
    return r.json()


def test_articles_posted_one_a_request_without_an_id_are_all_kept(client) -> None:
    """Each was named by its line number, "1": the second post replaced the first article."""
    first = _post(client, {"text": BANJIR, "published": "2024-02-06", "outlet": "Kabar Bogor"})
    second = _post(client, {"text": GEMPA, "published": "2024-02-05", "outlet": "Kabar Cianjur"})
    assert first["documents"][0]["id"] != second["documents"][0]["id"]
    assert not any("replaces" in w["message"] for w in second["warnings"]), second["warnings"]
    assert client.get("/api/health").json()["documents"] == 2
    again = _post(client, {"text": BANJIR, "published": "2024-02-06", "outlet": "Kabar Bogor"})
    assert again["documents"][0]["id"] == first["documents"][0]["id"] and again["unchanged"] == 1
    assert client.get("/api/health").json()["documents"] == 2


def test_a_lone_surrogate_escape_is_replaced_as_in_a_file_not_refused(client) -> None:
    """``"\\ud800"`` in a posted text was a 422 ("unable to parse raw data as a unicode string")
    while the same line in a ``.jsonl`` file is read with the escape replaced and a warning."""
    for ctype, body in (
        ("application/json", '{"id": "sur-a", "text": "Banjir \\ud800 merendam Cileungsi pada Selasa malam."}'),
        ("application/x-ndjson", '{"id": "sur-b", "text": "Banjir \\udfff merendam Cileungsi pada Selasa malam."}'),
    ):
        r = client.post("/api/documents", content=body.encode(), headers={**AUTH, "content-type": ctype})
        assert r.status_code == 200, r.text[:300]
        assert any("surrogate" in w["message"] for w in r.json()["warnings"]), r.json()["warnings"]
