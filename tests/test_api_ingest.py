"""POST /api/documents on SQLite and PostgreSQL: token, limits, content types, and that
posted articles are analysed, grouped into stories and searchable."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app

pytest_plugins = ["fixtures_pg"]

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _article(i: str, day: int, extra: str = "") -> dict:
    return {
        "id": i,
        "published": f"2024-02-{day:02d}",
        "outlet": f"Kabar Uji {i[-1]}",
        "title": "Longsor Tutup Jalan Poros Enrekang-Toraja",
        "text": (
            f"Longsor menutup jalan poros Enrekang-Toraja di Kabupaten Enrekang, Sulawesi Selatan, pada Senin "
            f"({day - 1}/2/2024) sore setelah hujan deras. Kepala BPBD Enrekang Arman Kadir mengatakan tidak ada "
            f'korban jiwa. "Alat berat sudah kami kerahkan ke lokasi," kata Arman. {extra}'
        ),
    }


def _jsonl(*objs: dict) -> bytes:
    return "\n".join(json.dumps(o, ensure_ascii=False) for o in objs).encode("utf-8")


@pytest.fixture
def client(empty_db):
    with TestClient(create_app(empty_db, token=TOKEN, max_body=20_000), base_url="http://127.0.0.1") as c:
        yield c


def test_token_is_required_and_checked(client) -> None:
    body = _jsonl(_article("longsor-a", 6))
    r = client.post("/api/documents", content=body, headers={"content-type": "application/x-ndjson"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = client.post(
        "/api/documents", content=body, headers={"content-type": "application/x-ndjson", "Authorization": "Bearer nope"}
    )
    assert r.status_code == 403
    assert client.get("/api/health").json()["documents"] == 0


def test_ingest_groups_and_indexes_posted_articles(client) -> None:
    body = _jsonl(_article("longsor-a", 6), _article("longsor-b", 7, "Jalan dibuka kembali Selasa malam."))
    r = client.post("/api/documents", content=body, headers={**AUTH, "content-type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert (out["read"], out["analysed"], out["skipped"]) == (2, 2, [])
    stories = {d["story"] for d in out["documents"]}
    assert len(stories) == 1 and None not in stories  # the two reports are one story
    story = client.get(f"/api/stories/{stories.pop()}").json()
    assert set(story["documents"]) == {"longsor-a", "longsor-b"}
    doc = client.get("/api/documents/longsor-a").json()
    assert doc["lang"] == "id" and any(
        t["value"].startswith("2024-02-05") for t in doc["timexes"]
    )  # "Senin (5/2/2024) sore": 2024-02-05TAF
    hits = client.get("/api/search?q=longsor").json()
    assert {h["id"] for h in hits["items"]} == {"longsor-a", "longsor-b"}
    # The same id again with the same content: nothing to analyse; with new content: replaced.
    again = client.post(
        "/api/documents",
        content=_jsonl(_article("longsor-a", 6)),
        headers={**AUTH, "content-type": "application/x-ndjson"},
    ).json()
    assert (again["analysed"], again["unchanged"]) == (0, 1)
    changed = _article("longsor-a", 6, "Kerugian ditaksir Rp2 miliar.")
    fresh = {**_article("longsor-c", 8), "published": "2099-02-08", "lang": "klingon"}
    out = client.post("/api/documents", json=[changed, fresh], headers=AUTH).raise_for_status().json()
    assert client.get("/api/health").json()["documents"] == 3
    # the answer says what `linimasa run` warns about: the replaced text, the ignored fields
    said = {(w["source"], w["message"].split(" ")[0]) for w in out["warnings"]}
    assert ("<stdin>:1", "replaces") in said and any("'longsor-a'" in w["message"] for w in out["warnings"])
    assert any(w["source"] == "<stdin>:2" and "after today" in w["message"] for w in out["warnings"])
    assert any(w["source"] == "<stdin>:2" and "'klingon'" in w["message"] for w in out["warnings"])
    # the store's runs table times an ingest as it times a run (its elapsed was 0.0)
    from sqlalchemy import select

    from linimasa.store import schema

    with client.app.state.store.engine.connect() as conn:
        summary = conn.execute(select(schema.runs.c.summary).order_by(schema.runs.c.id.desc())).first()[0]
    assert json.loads(summary)["elapsed"] > 0
    assert client.get("/api/search?q=miliar").json()["total"] == 1


def test_json_object_array_and_bad_lines(client) -> None:
    r = client.post("/api/documents", json=_article("longsor-c", 8), headers=AUTH)
    assert r.status_code == 200 and r.json()["documents"][0]["id"] == "longsor-c"
    body = _jsonl(_article("longsor-d", 9)) + b'\n{"title": "no text"}\nnot json at all'
    r = client.post("/api/documents", content=body, headers={**AUTH, "content-type": "application/x-ndjson"})
    assert r.status_code == 200
    out = r.json()
    assert out["read"] == 1 and len(out["skipped"]) == 2
    assert all(s["source"].startswith("<stdin>") for s in out["skipped"])


@pytest.mark.parametrize(
    ("body", "ctype", "status", "needle"),
    [
        (b"", "application/x-ndjson", 400, "empty"),
        (b"   \n  ", "application/x-ndjson", 400, "empty"),
        (b'{"title": "x"}', "application/x-ndjson", 400, "no document"),
        (b"[]", "application/json", 400, "empty"),
        (b"<doc/>", "application/xml", 415, "content type"),
        (b"x" * 20_001, "application/x-ndjson", 413, "larger than 20000"),
    ],
)
def test_bad_bodies_are_clear_4xx(client, body, ctype, status, needle) -> None:
    r = client.post("/api/documents", content=body, headers={**AUTH, "content-type": ctype})
    assert r.status_code == status, r.text
    assert needle in r.json()["detail"]


def test_streamed_body_over_the_limit_is_refused(client) -> None:
    def chunks():
        for _ in range(30):
            yield b"x" * 1000

    r = client.post("/api/documents", content=chunks(), headers={**AUTH, "content-type": "application/x-ndjson"})
    assert r.status_code == 413


def test_without_a_configured_token_writes_are_open(empty_db) -> None:
    with TestClient(create_app(empty_db), base_url="http://127.0.0.1") as c:
        r = c.post("/api/documents", json=_article("longsor-e", 6))
        assert r.status_code == 200 and r.json()["stories"] == 1


@pytest.mark.parametrize("bad", [["longsor"], {"a": 1}, 1.5, True, "  "])
def test_an_unusable_id_is_said_as_a_run_says_it(client, bad) -> None:
    """An ``id`` that names nothing (a list, an object, a float, a boolean, a blank string) was
    replaced by the content's id without a word, where ``linimasa run`` on the same line warns
    (``field 'id' is a list, not a string or integer; ignored``)."""
    obj = {**_article("x", 6), "id": bad}
    for body, kind in ((json.dumps(obj).encode(), "application/json"), (_jsonl(obj), "application/x-ndjson")):
        r = client.post("/api/documents", content=body, headers={**AUTH, "content-type": kind})
        assert r.status_code == 200, r.text
        new = r.json()["documents"][0]["id"]
        assert new.startswith("sha256-")
        said = [w["message"] for w in r.json()["warnings"] if w["source"] == "<stdin>:1"]
        assert any(m.startswith("field 'id' is ") and repr(new) in m for m in said), r.json()["warnings"]
