"""``linimasa serve``: options, loopback default, the warning for other addresses, errors
before anything is announced (a busy port, a store that does not exist), and a store on a
read-only mount served read-only."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import uvicorn
from fixtures_web import serving
from typer.testing import CliRunner

from linimasa.cli import app
from linimasa.store.database import Store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(monkeypatch):
    """The sockets ``serve`` would serve on (the server itself does not run)."""
    calls: list[dict] = []

    def run(server, sockets=None) -> None:
        calls.append({"address": sockets[0].getsockname(), "config": server.config, "app": server.config.app})

    monkeypatch.setattr(uvicorn.Server, "run", run)
    return calls


def test_serve_defaults_to_loopback_and_warns_otherwise(served, tmp_path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    Store(db).close()
    port = _free_port()
    r = runner.invoke(app, ["serve", "--db", db, "--port", str(port)])
    assert r.exit_code == 0, r.output
    assert served[-1]["address"] == ("127.0.0.1", port)
    assert "not only on this machine" not in r.output
    r = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--port", str(port)], env={"LINIMASA_TOKEN": "x"})
    assert r.exit_code == 0 and served[-1]["address"][0] == "0.0.0.0"
    out = " ".join(r.output.split())
    assert "not only on this machine" in out and "add documents" not in out
    r = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--port", str(port)])
    assert "add documents" in " ".join(r.output.split())  # no token: writes are open, say so


def test_serve_help_and_bad_store(tmp_path) -> None:
    from linimasa.api.ingest import DEFAULT_MAX_PENDING
    from linimasa.cli import _MAX_PENDING

    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    for option in ("--db", "--host", "--port", "--token", "--max-body", "LINIMASA_TOKEN", "--allowed-host"):
        assert option in r.output
    assert "--max-pending" in r.output and f"default: {DEFAULT_MAX_PENDING}" in " ".join(r.output.split())
    assert _MAX_PENDING == DEFAULT_MAX_PENDING
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing" / "s.db")])
    out = " ".join(r.output.split())
    assert r.exit_code == 1 and "folder" in out and "does not exist" in out and "serving" not in out
    assert runner.invoke(app, ["serve", "--port", "0"]).exit_code == 2


def test_serve_refuses_a_store_that_does_not_exist(served, tmp_path) -> None:
    """``serve --db typo.db`` used to create and serve a new, empty store."""
    typo = tmp_path / "typo.db"
    r = CliRunner().invoke(app, ["serve", "--db", str(typo), "--port", str(_free_port())])
    out = " ".join(r.output.split())
    assert r.exit_code == 1, r.output
    assert out.startswith("error:") and "does not exist" in out and "linimasa run" in out and "serving" not in out
    assert not typo.exists() and not served
    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path), "--port", str(_free_port())])
    assert r.exit_code == 1 and "is a folder" in " ".join(r.output.split())


def test_serve_passes_host_names_and_queue_bound_to_the_app(served, tmp_path) -> None:
    from fastapi.testclient import TestClient

    db = str(tmp_path / "s.db")
    Store(db).close()
    args = ["serve", "--db", db, "--port", str(_free_port()), "--allowed-host", "desk.example.org"]
    r = CliRunner().invoke(app, [*args, "--allowed-host", "Other.Example", "--max-pending", "0"])
    assert r.exit_code == 0, r.output
    application = served[-1]["app"]
    assert application.state.ingest_queue.max_pending == 0
    with TestClient(application, base_url="http://desk.example.org") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "other.example:8000"}).status_code == 200
        assert c.get("/api/health", headers={"host": "evil.example"}).status_code == 421


def test_busy_port_is_a_clear_error_before_serving(tmp_path) -> None:
    """``serve`` on a busy port used to print "serving ..." and then exit 3."""
    db = tmp_path / "s.db"
    Store(str(db)).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "linimasa", "serve", "--db", str(db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COLUMNS": "200"},
        )
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines == [
        f"error: port {port} on 127.0.0.1 is in use (another server listens on it; choose one with --port)"
    ]


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _post(url: str, body: bytes) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers={"content-type": "application/x-ndjson"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """A store of three articles, closed cleanly (everything in the one file)."""
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    db = tmp_path_factory.mktemp("ro-src") / "desk.db"
    Store(str(db)).close()
    docs = [
        {"id": f"ro-{i}", "text": f"Banjir melanda Kota Palu pada Rabu (1/5/2024). Warga ke-{i} mengungsi.",
         "outlet": "Kabar Timur", "published": "2024-05-01"}
        for i in range(3)
    ]  # fmt: skip
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        body = "\n".join(json.dumps(d) for d in docs)
        r = c.post("/api/documents", content=body, headers={"content-type": "application/x-ndjson"})
        assert r.status_code == 200, r.text
    assert not Path(str(db) + "-wal").exists()
    return db


def _check_read_only_server(base: str, folder: Path) -> None:
    status, health = _get(base + "/api/health")
    assert status == 200 and health["documents"] == 3
    assert _get(base + "/api/documents/ro-1")[0] == 200
    status, hits = _get(base + "/api/search?q=banjir")
    assert status == 200 and hits["total"] == 3
    status, answer = _post(base + "/api/documents", b'{"id": "new", "text": "Gempa di Palu."}')
    assert status == 405 and "read-only" in answer["detail"]
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]  # nothing written next to the store


def test_read_only_store_is_served_read_only(small_store, tmp_path) -> None:
    """A store whose folder cannot be written (a read-only mount) is opened read-only and
    served; writes get 405. Before, SQLite's WAL needed its -shm file and nothing was served.

    The mount is a real read-only tmpfs (chmod does not stop root); skipped where the test
    cannot mount."""
    point = tmp_path / "ro"
    point.mkdir()
    try:
        res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(point)], capture_output=True)
    except FileNotFoundError:
        pytest.skip("no mount command: a read-only mount cannot be made here")
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({res.stderr.decode().strip()})")
    try:
        shutil.copy(small_store, point / "desk.db")
        res = subprocess.run(["mount", "-o", "remount,ro", str(point)], capture_output=True)
        assert res.returncode == 0, res.stderr
        with serving(point / "desk.db", tmp_path / "serve.log") as base:
            _check_read_only_server(base, point)
        log = (tmp_path / "serve.log").read_text()
        assert "read-only" in log and "Traceback" not in log, log
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_read_only_app_refuses_writes(small_store, tmp_path) -> None:
    """The same without a mount: ``create_app(read_only=True)`` opens with ``mode=ro``/``immutable``."""
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copy(small_store, folder / "desk.db")
    with TestClient(create_app(str(folder / "desk.db"), read_only=True), base_url="http://127.0.0.1") as c:
        assert c.get("/api/health").json()["documents"] == 3
        r = c.post("/api/documents", json={"id": "x", "text": "Gempa di Palu."})
        assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
        assert c.get("/api/documents/x").status_code == 404
