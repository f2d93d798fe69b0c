"""The ingest's analysis helper (api/helper.py): half of a larger batch analysed by a warm worker
process gives the store what the server's own analysis gives, and the server falls back to its
own analysis when the helper is gone."""

from __future__ import annotations

import json
import sqlite3
import time

from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.api.helper import MIN_SPLIT

TOWNS = ["Palu", "Donggala", "Sigi", "Parigi", "Poso", "Luwuk", "Tolitoli", "Buol", "Morowali", "Banggai"]


TOPICS = [
    (
        "Banjir Rendam Ratusan Rumah di {town}",
        "Banjir merendam ratusan rumah warga di {town}, Sulawesi Tengah, pada Senin ({day}/3/2024) setelah hujan "
        'deras. Kepala BPBD {town} Andi Saleh mengatakan {n} keluarga mengungsi. "Kami mendirikan tenda," kata Andi.',
    ),
    (
        "Pasar Sentral {town} Terbakar",
        "Kebakaran melanda Pasar Sentral {town} pada Selasa ({day}/3/2024) dini hari. Sebanyak {n} kios pedagang "
        "hangus. Kapolres {town} AKBP Budi Santoso menduga api berasal dari korsleting listrik.",
    ),
    (
        "Gempa Magnitudo 5,2 Guncang {town}",
        "Gempa bermagnitudo 5,2 mengguncang wilayah {town} pada Rabu ({day}/3/2024) pagi. BMKG mencatat pusat gempa "
        "berada di laut pada kedalaman {n} kilometer dan tidak berpotensi tsunami, kata Kepala BMKG Dwikorita.",
    ),
    (
        "Harga Beras di {town} Naik",
        "Harga beras medium di pasar tradisional {town} naik menjadi Rp{n}.000 per kilogram pada Kamis ({day}/3/2024). "
        "Kepala Dinas Perdagangan {town} Siti Rahma mengatakan pasokan dari petani berkurang.",
    ),
]


def _article(i: int) -> dict:
    town = TOWNS[i % len(TOWNS)]
    title, text = TOPICS[i % len(TOPICS)]
    day = 1 + i % 20
    return {
        "id": f"doc-{i}",
        "published": f"2024-03-{day:02d}",
        "outlet": f"Kabar {town}",
        "title": title.format(town=town),
        "text": "PALU, KOMPAS.com - " + text.format(town=town, day=day, n=10 + i),
    }


def _body(docs: list[dict]) -> bytes:
    return "\n".join(json.dumps(d, ensure_ascii=False) for d in docs).encode("utf-8")


def _stored(db: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        docs = con.execute(
            "SELECT id, analysis, data, story, duplicate_of, published FROM documents ORDER BY id"
        ).fetchall()
        stories = con.execute("SELECT id, data FROM stories ORDER BY id").fetchall()
    return [*docs, *stories]


def _ingest(db: str, helper: bool, batches: list[list[dict]]) -> list[dict]:
    out = []
    with TestClient(create_app(db, analysis_helper=helper), base_url="http://127.0.0.1") as client:
        for k, batch in enumerate(batches):
            if helper and k == 1:  # (the first ingest started the helper: wait until it is warm)
                state = client.app.state.analysis_helper
                deadline = time.monotonic() + 120
                while not state.ready and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert state.ready
            r = client.post("/api/documents", content=_body(batch), headers={"content-type": "application/x-ndjson"})
            assert r.status_code == 200, r.text
            out.append(r.json())
        if helper:
            assert client.app.state.analysis_helper.shared >= len(batches) - 1
            assert client.app.state.analysis_helper.done_there >= len(batches)
    return out


def test_the_helper_analyses_as_the_server_does(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("linimasa.api.ingest.BATCH", MIN_SPLIT)  # (several finalise tasks to share)
    docs = [_article(i) for i in range(1 + 3 * MIN_SPLIT)]
    batches = [docs[:1], docs[1 : 1 + MIN_SPLIT], docs[1 + MIN_SPLIT :]]
    alone, helped = str(tmp_path / "alone.db"), str(tmp_path / "helped.db")
    a = _ingest(alone, False, batches)
    b = _ingest(helped, True, batches)
    strip = [{k: v for k, v in r.items() if k != "run"} for r in a]
    assert strip == [{k: v for k, v in r.items() if k != "run"} for r in b]
    assert _stored(alone) == _stored(helped)


def test_a_dead_helper_falls_back_to_the_server(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    docs = [_article(i) for i in range(1 + 2 * MIN_SPLIT)]
    with TestClient(create_app(db, analysis_helper=True), base_url="http://127.0.0.1") as client:
        headers = {"content-type": "application/x-ndjson"}
        assert client.post("/api/documents", content=_body(docs[:1]), headers=headers).status_code == 200
        helper = client.app.state.analysis_helper
        deadline = time.monotonic() + 120
        while not helper.ready and time.monotonic() < deadline:
            time.sleep(0.1)
        helper._pool.kill_workers()
        time.sleep(0.5)
        r = client.post("/api/documents", content=_body(docs[1:]), headers=headers)
        assert r.status_code == 200, r.text
        assert r.json()["analysed"] == 2 * MIN_SPLIT
