"""Cross-site requests (issue 20, finding 4): with no token (the default) a page of another
site could write to the store, because the ingest accepted ``text/plain`` and bodies with
no content type (what a form or a no-cors ``fetch`` sends without a CORS preflight), and
could read it through DNS rebinding, because the ``Host`` header was not checked.

Now: only JSON content types are ingested (415), a write with a foreign ``Origin`` or a
cross-site ``Sec-Fetch-Site`` is refused (403), and every request whose ``Host`` is not
one of the server's names is refused (421). The real-browser version of the attack is in
``test_web_crosssite.py``.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.store.database import Store

ORIGINAL = {
    "id": "victim",
    "title": "Banjir Rendam Palu",
    "text": "Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga mengungsi ke masjid.",
    "outlet": "Kabar Timur",
    "published": "2024-05-01",
}
FORGED = {**ORIGINAL, "title": "HACKED", "text": "HACKED. Artikel ini ditimpa oleh situs lain pada Kamis (2/5/2024)."}
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("guard") / "g.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db)), base_url=BASE) as c:
        r = c.post("/api/documents", json=ORIGINAL)
        assert r.status_code == 200, r.text
        yield c


def _unchanged(client) -> None:
    doc = client.get("/api/documents/victim").json()
    assert doc["title"] == ORIGINAL["title"] and "HACKED" not in doc["text"]


@pytest.mark.parametrize(
    "content_type",
    [
        None,  # a fetch() of a Blob without type, a beacon
        "text/plain",
        "text/plain;charset=UTF-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/html",
        "application/xml",
    ],
)
def test_writes_need_a_json_content_type(client, content_type) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = client.post("/api/documents", content=json.dumps(FORGED), headers=headers)
    assert r.status_code == 415, r.text
    assert "content type" in r.json()["detail"] and "application/x-ndjson" in r.json()["detail"]
    _unchanged(client)


@pytest.mark.parametrize(
    ("origin", "site"),
    [
        ("http://127.0.0.1:9999", None),  # another port of this machine: another origin
        ("http://evil.example", None),
        ("http://localhost:8000", None),  # same port, another name: another origin
        ("https://127.0.0.1:8000.evil.example", None),
        ("null", None),  # a sandboxed frame, a file:// page
        ("not an origin", None),
        (None, "cross-site"),
        (None, "same-site"),  # another port of 127.0.0.1 is the same site, not the same origin
        ("http://127.0.0.1:8000", "cross-site"),
    ],
)
def test_cross_origin_writes_are_refused(client, origin, site) -> None:
    headers = {"content-type": "application/json"}
    if origin:
        headers["origin"] = origin
    if site:
        headers["sec-fetch-site"] = site
    r = client.post("/api/documents", content=json.dumps(FORGED), headers=headers)
    assert r.status_code == 403, r.text
    assert "refused" in r.json()["detail"]
    assert r.headers["x-content-type-options"] == "nosniff"  # the security headers are on refusals too
    _unchanged(client)


def test_same_origin_and_non_browser_writes_are_accepted(client) -> None:
    doc = {**ORIGINAL, "id": "friend", "title": "Tetap"}
    for headers in (
        {"content-type": "application/json"},  # curl, scripts: no Origin
        {"content-type": "application/json; charset=utf-8", "origin": BASE, "sec-fetch-site": "same-origin"},
        {"content-type": "application/x-ndjson", "sec-fetch-site": "none"},
        {"content-type": "application/jsonl"},
    ):
        r = client.post("/api/documents", content=json.dumps(doc), headers=headers)
        assert r.status_code == 200, (headers, r.text)
    _unchanged(client)


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "127.0.0.1.nip.io:8000",
        "localhost.evil.example",
        "rebind.test:8000",
        "",
        "127.0.0.1@evil.example",
        "[::1",
        "127.0.0.1:8000:1",
        "127.0.0.1:http",
        "ev il",
    ],
)
@pytest.mark.parametrize("path", ["/api/health", "/api/documents/victim", "/", "/documents/victim", "/static/app.js"])
def test_foreign_host_names_get_nothing(client, host, path) -> None:
    r = client.get(path, headers={"host": host})
    assert r.status_code == 421, (host, path, r.status_code)
    assert "Palu" not in r.text and "victim" not in r.text


def test_foreign_host_cannot_write_either(client) -> None:
    r = client.post(
        "/api/documents", content=json.dumps(FORGED), headers={"content-type": "application/json", "host": "evil.test"}
    )
    assert r.status_code == 421
    _unchanged(client)


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "localhost.", "[::1]:8000", "192.0.2.7"]
)
def test_own_names_and_ip_addresses_are_served(client, host) -> None:
    assert client.get("/api/health", headers={"host": host}).status_code == 200


def test_allowed_hosts_and_the_listening_name(tmp_path) -> None:
    db = tmp_path / "h.db"
    Store(str(db)).close()
    app = create_app(str(db), host="desk.local", allowed_hosts=["news.example.org", "Proxy.Example."])
    with TestClient(app, base_url="http://127.0.0.1") as c:
        for host in ("desk.local:8000", "news.example.org", "proxy.example", "localhost"):
            assert c.get("/api/health", headers={"host": host}).status_code == 200, host
        assert c.get("/api/health", headers={"host": "other.example.org"}).status_code == 421


def test_host_and_origin_helpers() -> None:
    from linimasa.api.guard import host_allowed, same_origin, server_names, split_host

    assert split_host("[::1]:8000") == ("::1", 8000)
    assert split_host("Example.ORG.") == ("example.org", None)
    assert split_host("a:99999") is None and split_host("a/b") is None and split_host("") is None
    names = server_names("0.0.0.0", ["desk.example.org"])
    assert "0.0.0.0" not in names and {"localhost", "127.0.0.1", "::1", "desk.example.org"} <= names
    assert host_allowed("10.1.2.3:8000", names) and host_allowed("[fe80::1]", names)
    assert not host_allowed("10.1.2.3.evil.example", names)
    assert same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert same_origin("https://desk.example.org", "desk.example.org")
    assert same_origin("http://desk.example.org", "desk.example.org:80")
    assert not same_origin("http://desk.example.org:8080", "desk.example.org")
    assert not same_origin("null", "127.0.0.1:8000") and not same_origin("ftp://127.0.0.1:8000", "127.0.0.1:8000")
