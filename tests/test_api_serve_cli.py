"""``linimasa serve``: options, loopback default, the warning for other addresses, errors."""

from __future__ import annotations

import uvicorn
from typer.testing import CliRunner

from linimasa.cli import app


def test_serve_defaults_to_loopback_and_warns_otherwise(monkeypatch, tmp_path) -> None:
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append(kw))
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    r = runner.invoke(app, ["serve", "--db", db])
    assert r.exit_code == 0, r.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "not only on this machine" not in r.output
    r = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--port", "9001"], env={"LINIMASA_TOKEN": "x"})
    assert r.exit_code == 0 and calls[-1]["host"] == "0.0.0.0"
    out = " ".join(r.output.split())
    assert "not only on this machine" in out and "add documents" not in out
    r = runner.invoke(app, ["serve", "--db", db, "--host", "0.0.0.0"])
    assert "add documents" in " ".join(r.output.split())  # no token: writes are open, say so


def test_serve_help_and_bad_store(tmp_path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["serve", "--help"])
    for option in ("--db", "--host", "--port", "--token", "--max-body", "LINIMASA_TOKEN"):
        assert option in r.output
    r = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing" / "s.db")])
    out = " ".join(r.output.split())
    assert r.exit_code == 1 and "folder" in out and "does not exist" in out and "serving a new" not in out
    assert runner.invoke(app, ["serve", "--port", "0"]).exit_code == 2
