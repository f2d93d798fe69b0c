"""The server's other defences: parameters validated with limits, SQL and full-text
injection harmless, no file outside the package's own static files readable, writes
behind the token, body and batch size limits, loopback by default; and no SQL in the
source built by formatting strings.
"""

from __future__ import annotations

import ast
import json
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from linimasa.api.ingest import MAX_DOCUMENTS
from linimasa.cli import app as cli_app
from linimasa.limits import MAX_ID, MAX_PAGE, MAX_QUERY
from linimasa.store.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

SRC = Path(__file__).resolve().parents[1] / "src" / "linimasa"
INJECTIONS = [
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "x' UNION SELECT analysis FROM documents --",
    'banjir" OR "a',
    "NEAR(banjir palu)",
    "banjir OR palu AND NOT x",
    "*",
    "^banjir",
    "words:banjir",
    "{words stems}: banjir",
    '"',
    "(((",
    "banjir -",
    "%",
    "_",
    "\\",
    "$(rm -rf /)",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("api-safety") / "s.db"
    Store(str(path)).close()
    with TestClient(create_app(str(path), token="sekret"), base_url="http://127.0.0.1") as c:
        docs = [
            {"id": f"d{i}", "text": f"Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga ke-{i} mengungsi.",
             "outlet": "Kabar Timur", "published": "2024-05-01"}
            for i in range(3)
        ]  # fmt: skip
        body = "\n".join(json.dumps(d) for d in docs)
        r = c.post(
            "/api/documents",
            content=body,
            headers={"content-type": "application/x-ndjson", "authorization": "Bearer sekret"},
        )
        assert r.status_code == 200, r.text
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, token="sekret", max_body=20_000), base_url="http://127.0.0.1") as c:
        yield c


def _count(db: str) -> int:
    store = Store(db)
    try:
        return store.count("documents")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/documents?per_page=201", "per_page"),
        ("/api/documents?per_page=0", "per_page"),
        (f"/api/documents?page={MAX_PAGE + 1}", "page"),
        ("/api/documents?page=-1", "page"),
        ("/api/documents?page=1e9", "page"),
        ("/api/search?q=" + "a" * (MAX_QUERY + 1), "q"),
        ("/api/documents?from=2024-02-31", "from"),
        ("/api/documents?from=20235-01-01", "from"),
        ("/api/documents?lang=" + "x" * 17, "lang"),
        ("/api/documents?outlet=a%00b", "outlet"),
        ("/api/documents/" + "x" * (MAX_ID + 1), "doc_id"),
        ("/api/entities?type=" + quote("PER' OR 1=1"), "type"),
    ],
)
def test_parameters_are_validated(client, url, param) -> None:
    r = client.get(url)
    assert r.status_code == 422, (url, r.status_code, r.text[:300])
    assert param.split("_")[0] in json.dumps(r.json()), r.text[:300]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_are_only_data(client, db, payload) -> None:
    before = _count(db)
    for url, params in (
        ("/api/search", {"q": payload}),
        ("/api/search", {"q": "banjir " + payload}),
        ("/api/documents", {"outlet": payload}),
        ("/api/documents", {"entity": payload, "story": payload, "lang": "id"}),
        ("/api/entities", {"name": payload}),
        ("/search", {"q": payload}),
        ("/entities", {"name": payload}),
    ):
        r = client.get(url, params=params)
        assert r.status_code in (200, 400, 404, 422), (url, payload, r.status_code, r.text[:300])
    for path in ("/api/documents/", "/api/stories/", "/api/entities/", "/documents/", "/stories/"):
        r = client.get(path + quote(payload, safe=""))
        assert r.status_code in (404, 422), (path, payload, r.status_code)
    assert _count(db) == before
    assert client.get("/api/search", params={"q": "banjir"}).json()["total"] == before  # index intact


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60))
def test_any_search_query_is_answered(client, q) -> None:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code in (200, 400, 422), (q, r.status_code, r.text[:200])
    r = client.get("/search", params={"q": q})
    assert r.status_code in (200, 400, 422), (q, r.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/app.js/../../../../pyproject.toml",
        "/static/app.css%00.js",
        "/static/templates/base.html",
        "/static/../web/routes.py",
        "//etc/passwd",
        "/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/etc/passwd",
        "/" + quote(str(SRC / "cli.py")),
    ],
)
def test_no_file_outside_the_static_folder(client, path) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404, 422), (path, r.status_code)
    assert "root:" not in r.text and "import " not in r.text and "[project]" not in r.text


def test_only_the_two_static_files_are_served(client) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/annotate.py").status_code == 404


def test_writes_need_the_token(client, db) -> None:
    doc = json.dumps({"id": "intruder", "text": "Banjir di Palu. Warga mengungsi."})
    headers = {"content-type": "application/json"}
    assert client.post("/api/documents", content=doc, headers=headers).status_code == 401
    r = client.post("/api/documents", content=doc, headers={**headers, "authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = client.post("/api/documents", content=doc, headers={**headers, "authorization": "Basic sekret"})
    assert r.status_code in (401, 403)
    r = client.post("/api/documents", content=doc, headers={**headers, "authorization": "Bearer sekre"})
    assert r.status_code == 403
    assert client.get("/api/documents/intruder").status_code == 404


def test_body_and_batch_limits(client, db) -> None:
    auth = {"authorization": "Bearer sekret"}
    big = json.dumps({"id": "big", "text": "banjir " * 5000})
    r = client.post("/api/documents", content=big, headers={**auth, "content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/api/documents", content=b"<x/>", headers={**auth, "content-type": "application/xml"})
    assert r.status_code == 415
    many = "\n".join(json.dumps({"id": f"m{i}", "text": "x"}) for i in range(MAX_DOCUMENTS + 1))
    with TestClient(create_app(db, token="sekret", max_body=10_000_000), base_url="http://127.0.0.1") as c2:
        r = c2.post("/api/documents", content=many, headers={**auth, "content-type": "application/x-ndjson"})
        assert r.status_code == 413 and str(MAX_DOCUMENTS) in r.text


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_binds_to_loopback_by_default(monkeypatch, tmp_path) -> None:
    import uvicorn

    seen: dict = {}

    def run(server, sockets=None) -> None:
        seen.update(host=sockets[0].getsockname()[0], proxy_headers=server.config.proxy_headers)

    monkeypatch.setattr(uvicorn.Server, "run", run)
    db = tmp_path / "s.db"
    Store(str(db)).close()
    port = str(_free_port())
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), "--port", port])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen.get("proxy_headers") is False
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", port])
    assert seen["host"] == "0.0.0.0" and "warning" in result.output and "anyone" in result.output


def _formatted(node: ast.AST) -> bool:
    """An f-string, ``%`` or ``+`` on strings, or ``.format(...)``: SQL built from values."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


# Formatted SQL allowed only where what is formatted is not data: identifiers quoted by the
# dialect from the schema module (migrations add columns named in the code).
_ALLOWED = {
    ("store/migrations.py", "ALTER TABLE"),
    # the driver-cursor reads and writes of a continued plan: "?" marks, and names from _BY_KEY only
    ("store/incremental.py", "SELECT {key}, {column} FROM {table} WHERE {key} IN ({marks})"),
    ("store/incremental.py", "DELETE FROM plan_state WHERE key IN ({','.join('?' * len(keys))})"),
    ("store/incremental.py", 'q.format(",".join("?" * len(chunk)))'),
}


def test_sql_is_never_built_from_formatted_strings() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in ("text", "execute", "exec_driver_sql", "executescript", "literal_column"):
                continue
            arg = node.args[0]
            if _formatted(arg):
                snippet = ast.get_source_segment(path.read_text(encoding="utf-8"), arg) or ""
                if not any(rel == f and key in snippet for f, key in _ALLOWED):
                    offenders.append(f"{rel}:{node.lineno}: {snippet[:80]}")
    assert not offenders, offenders
