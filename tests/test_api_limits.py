"""What a posted document may be (issue 20, findings 3 and 5).

* Every ``maxLength`` the OpenAPI schema states for ``InputDocument`` is enforced: 422
  naming the field (and the line or record), nothing stored. Before, a 3 MB outlet was
  stored and made every page that lists it megabytes long.
* A JSON line nested hundreds of levels deep or holding an integer of more than 4,300
  digits (valid JSON both) is skipped with its line number and reason and the other lines
  are stored; before, the reader failed on it and every line after it was lost. A JSON body
  that is such a value is a 422 with a clear message, never a 500.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.store.database import Store

TEXT = "Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga ke-{i} mengungsi ke masjid."
NDJSON = {"content-type": "application/x-ndjson"}


def _doc(i: int, **extra) -> dict:
    return {"id": f"d{i}", "text": TEXT.format(i=i), "outlet": "Kabar Timur", **extra}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("limits") / "l.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db), max_body=12_000_000), base_url="http://127.0.0.1") as c:
        yield c


def _limited_fields(client) -> dict[str, int]:
    spec = client.get("/openapi.json").json()["components"]["schemas"]["InputDocument"]
    out = {}
    for name, prop in spec["properties"].items():
        for alternative in [prop, *prop.get("anyOf", [])]:
            if "maxLength" in alternative:
                out[name] = alternative["maxLength"]
    return out


def test_the_schema_states_limits_for_every_field(client) -> None:
    limits = _limited_fields(client)
    assert set(limits) == {"id", "text", "html", "title", "url", "published", "outlet", "dateline", "lang"}
    assert limits["outlet"] == limits["title"] == limits["url"] == 2048
    assert limits["id"] == 512  # what GET /api/documents/{id} accepts: a stored id can always be fetched


def test_an_id_at_the_limit_is_stored_and_fetched(client) -> None:
    doc_id = "i" * _limited_fields(client)["id"]
    r = client.post("/api/documents", json=[{**_doc(7), "id": doc_id}])
    assert r.status_code == 200, r.text[:300]
    assert client.get(f"/api/documents/{doc_id}").json()["id"] == doc_id


@pytest.mark.parametrize("field", ["id", "text", "html", "title", "url", "published", "outlet", "lang"])
@pytest.mark.parametrize("content_type", ["application/json", "application/x-ndjson"])
def test_every_stated_limit_is_enforced(client, field, content_type) -> None:
    limit = _limited_fields(client)[field]
    before = client.get("/api/health").json()["documents"]
    doc = _doc(1, id=f"over-{field}")
    doc[field] = ("<p>" if field == "html" else "") + "x" * (limit + 1)
    if content_type == "application/json":
        body = json.dumps([_doc(0), doc])  # the second record is over the limit
    else:
        body = json.dumps(_doc(0)) + "\n\n" + json.dumps(doc)  # line 3
    r = client.post("/api/documents", content=body, headers={"content-type": content_type})
    assert r.status_code == 422, (field, r.status_code, r.text[:300])
    (problem,) = r.json()["detail"]
    assert problem["parameter"] == field and problem["in"] == "body" and str(limit) in problem["message"]
    assert problem.get("record", problem.get("line")) == (2 if content_type == "application/json" else 3)
    assert client.get("/api/health").json()["documents"] == before  # nothing stored, not even d0


def test_values_at_the_limit_and_other_types_pass(client) -> None:
    limits = _limited_fields(client)
    doc = _doc(5, title="t" * limits["title"], outlet="o" * limits["outlet"], url="https://x.example/" + "u" * 2000)
    r = client.post("/api/documents", json=[doc, _doc(6, id=12345, title=["not", "a", "string"])])
    assert r.status_code == 200, r.text[:300]
    assert {d["id"] for d in r.json()["documents"]} == {"d5", "12345"}
    assert client.get("/api/documents/12345").json()["title"] != ["not", "a", "string"]


def _deep(n: int) -> str:
    return "[" * n + "]" * n


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ('{"id": "deep", "text": "x", "extra": ' + _deep(700) + "}", "nested too deep"),
        ('{"id": "deeper", "text": "x", "extra": ' + _deep(50_000) + "}", "nested too deep"),
        ('{"id": "deep-obj", "text": "x", "e": ' + '{"a":' * 600 + "1" + "}" * 600 + "}", "nested too deep"),
        ('{"id": "huge", "text": "x", "n": ' + "9" * 5000 + "}", "integer too long"),
        ('{"id": ' + "7" * 4500 + ', "text": "x"}', "integer too long"),
    ],
)
def test_a_bad_line_costs_only_that_line(client, bad, reason) -> None:
    lines = [json.dumps(_doc(10)), bad, json.dumps(_doc(11)), "not json", json.dumps(_doc(12))]
    r = client.post("/api/documents", content="\n".join(lines), headers=NDJSON)
    assert r.status_code == 200, r.text[:300]
    out = r.json()
    assert [d["id"] for d in out["documents"]] == ["d10", "d11", "d12"]  # the good lines after it are stored
    skipped = out["skipped"]
    assert [s["source"] for s in skipped] == ["<stdin>:2", "<stdin>:4"]
    assert reason in skipped[0]["reason"] and "not valid JSON" in skipped[1]["reason"]
    for i in (10, 11, 12):
        assert client.get(f"/api/documents/d{i}").status_code == 200


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('{"id": "deep", "text": "x", "extra": ' + _deep(700) + "}", "nested too deep"),
        ('{"id": "deep", "text": "x", "extra": ' + _deep(200_000) + "}", "nested too deep"),
        (_deep(3000), "nested too deep"),
        ("[" * 100_000, "nested too deep"),  # not even closed
        ('[{"id": "ok", "text": "x"}, {"n": ' + "1" * 10_000 + "}]", "integer too long"),
    ],
)
def test_a_deep_or_huge_json_body_is_a_clear_422(client, body, needle) -> None:
    before = client.get("/api/health").json()["documents"]
    r = client.post("/api/documents", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, (r.status_code, r.text[:300])
    assert needle in r.json()["detail"] and "Traceback" not in r.text
    assert client.get("/api/health").json()["documents"] == before


def test_only_bad_lines_is_a_400_with_the_reasons(client) -> None:
    r = client.post("/api/documents", content='{"text": "x", "e": ' + _deep(900) + "}", headers=NDJSON)
    assert r.status_code == 400 and "nested too deep" in r.json()["detail"]


def test_a_body_that_does_not_arrive_in_time_is_a_408() -> None:
    """A slow body would hold its place in the ingest queue: it is given up after a time limit."""
    import anyio
    from starlette.requests import Request

    from linimasa.api.ingest import IngestError, read_body

    async def slow_receive() -> dict:
        await anyio.sleep(0.3)
        return {"type": "http.request", "body": b"x", "more_body": True}

    async def main() -> None:
        request = Request({"type": "http", "method": "POST", "headers": []}, slow_receive)
        try:
            await read_body(request, 1000, seconds=1.0)
        except IngestError as exc:
            assert exc.status == 408 and "did not arrive within 1 s" in exc.message
        else:
            raise AssertionError("no 408")

    anyio.run(main)
