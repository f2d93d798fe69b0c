"""Found by the hostile test of session 20 (attack3): the output folder of a run that adds to a
store lists the whole store, but neither the folder nor the run said so (the report's header
read "1 document read, 3 stories" over a page listing three documents), and the run's own
documents could not be exported apart."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from linimasa.cli import app
from linimasa.console import finish
from linimasa.jobs.run import run_pipeline

TEXTS = [
    "Banjir melanda Jakarta Utara pada Senin (3/4/2017), kata Kepala BPBD DKI Jakarta Subejo.",
    "Presiden Joko Widodo meresmikan Bendungan Jatigede di Sumedang, Jawa Barat, Selasa (4/4/2017).",
    "Gempa bermagnitudo 5,2 mengguncang Kabupaten Lebak, Banten, pada Rabu (5/4/2017) pagi, kata BMKG.",
]


def _feed(path, items) -> None:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in items), "utf-8")


def _two_days(tmp_path) -> tuple[str, object]:
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2").mkdir()
    _feed(tmp_path / "d1" / "feed.jsonl", [("a", TEXTS[0]), ("b", TEXTS[1])])
    _feed(tmp_path / "d2" / "feed.jsonl", [("c", TEXTS[2])])
    db = str(tmp_path / "s.db")
    run_pipeline([str(tmp_path / "d1")], tmp_path / "o1", db)
    return db, run_pipeline([str(tmp_path / "d2")], tmp_path / "o2", db)


def test_the_output_folder_says_it_lists_the_whole_store(tmp_path, capsys) -> None:
    db, second = _two_days(tmp_path)
    assert second.read == 1 and second.listed == 3
    lines = (tmp_path / "o2" / "documents.jsonl").read_text("utf-8").splitlines()
    assert len(lines) == second.listed
    html = (tmp_path / "o2" / "report.html").read_text("utf-8")
    header = re.sub(r"<[^>]+>", "", html.split("<main>")[1].split("</p>")[0])
    assert "The whole store after this run (what this folder lists): 3 documents" in header
    assert "this run: 1 document read, 0 skipped" in header
    finish(second, quiet=False, title="linimasa run")
    shown = " ".join(capsys.readouterr().err.split())
    assert (
        f"the whole store after the run: 3 documents (this run's alone: linimasa export --run {second.run_id})" in shown
    )


def _ids(folder) -> list[str]:
    return [json.loads(line)["id"] for line in (folder / "documents.jsonl").read_text("utf-8").splitlines()]


def test_export_run_keeps_the_documents_a_run_analysed(tmp_path) -> None:
    db, second = _two_days(tmp_path)
    runner = CliRunner()
    for value, expected in (("last", ["c"]), (str(second.run_id), ["c"]), (str(second.run_id - 1), ["a", "b"])):
        res = runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "e"), "--run", value, "-q"])
        assert res.exit_code == 0, res.output
        assert _ids(tmp_path / "e") == expected, value
    # a re-run that analyses nothing leaves the documents with the run that analysed them
    third = run_pipeline([str(tmp_path / "d1"), str(tmp_path / "d2")], tmp_path / "o3", db)
    assert third.analysed == 0
    res = runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "e"), "--run", "last", "-q"])
    assert _ids(tmp_path / "e") == ["c"]
    for value, message in (
        ("99", "--run 99: the store holds no run with this id"),
        ("-1", "--run '-1' is not a run id (a number, or 'last')"),
        ("", "--run is empty"),
    ):
        res = runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "bad"), "--run", value])
        assert res.exit_code == 2 and message in res.output, res.output
        assert not (tmp_path / "bad").exists()


def test_a_jsonl_run_removes_the_tables_an_earlier_csv_run_left(tmp_path) -> None:
    # documents.csv of the earlier run stayed beside the new documents.jsonl, describing another store
    (tmp_path / "d1").mkdir()
    _feed(tmp_path / "d1" / "feed.jsonl", [("a", TEXTS[0])])
    (tmp_path / "d2").mkdir()
    _feed(tmp_path / "d2" / "feed.jsonl", [("b", TEXTS[1])])
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    run_pipeline([str(tmp_path / "d1")], out, db, fmt="csv")
    assert (out / "documents.csv").is_file() and (out / "timeline.csv").is_file()
    (out / "notes.csv").write_text("mine", "utf-8")
    run_pipeline([str(tmp_path / "d2")], out, db)
    assert len(_ids(out)) == 2
    assert not list(out.glob("documents.csv")) and not list(out.glob("timeline.csv"))
    assert (out / "notes.csv").read_text("utf-8") == "mine"  # (not a table of run's)


def test_an_output_that_cannot_be_written_is_said_before_the_work(tmp_path) -> None:
    # a folder named documents.jsonl in --out: the run analysed and planned everything, then failed,
    # leaving an unfinished run in the store (the next run planned the whole store again)
    (tmp_path / "d1").mkdir()
    _feed(tmp_path / "d1" / "feed.jsonl", [("a", TEXTS[0])])
    out = tmp_path / "out"
    (out / "documents.jsonl").mkdir(parents=True)
    res = CliRunner().invoke(app, ["run", str(tmp_path / "d1"), "--out", str(out), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == 1
    assert f"cannot write {out / 'documents.jsonl'}: it is a folder" in " ".join(res.output.split())
    assert not (tmp_path / "s.db").exists()
