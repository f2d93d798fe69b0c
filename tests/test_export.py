"""``linimasa export``: the store's objects in the run's output shapes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from linimasa.cli import app
from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline


def _objects(path) -> dict[str, dict]:
    return {o["id"]: o for o in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_export_writes_what_the_run_wrote(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    run_pipeline([str(corpus_path())], tmp_path / "run", db)
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "exp"), "--format", "csv", "-q"])
    assert r.exit_code == 0, r.output
    for name in ("documents", "stories", "entities", "threads"):
        ran, exported = _objects(tmp_path / "run" / f"{name}.jsonl"), _objects(tmp_path / "exp" / f"{name}.jsonl")
        assert exported == ran and list(exported) == sorted(exported), name  # the same objects, by id
        assert (tmp_path / "exp" / f"{name}.csv").read_text(encoding="utf-8").count("\n") >= len(ran)
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "x"), "--format", "xml"])
    assert r.exit_code == 2 and not (tmp_path / "x").exists()
