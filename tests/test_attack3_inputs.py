"""Found by the hostile test of session 20 (attack3): what a desk's inputs do to the store.

A feed without ids, read day after day, replaced the earlier days' articles without a word;
an empty id was reported as "a string, not a string or integer"; an empty JSON array posted
to the API was called an empty body.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from linimasa.api import create_app
from linimasa.clean.stage import CleanStage
from linimasa.cli import app
from linimasa.jobs.run import run_pipeline
from linimasa.model import Document
from linimasa.readers.jsonl import object_document

DAY1 = [
    "Banjir melanda Jakarta Utara pada Senin (3/4/2017), kata Kepala BPBD DKI Jakarta Subejo.",
    "Presiden Joko Widodo meresmikan Bendungan Jatigede di Sumedang, Jawa Barat, Selasa (4/4/2017).",
]
DAY2 = [
    "Gempa bermagnitudo 5,2 mengguncang Kabupaten Lebak, Banten, pada Rabu (5/4/2017) pagi, kata BMKG.",
    "Menteri Keuangan Sri Mulyani Indrawati menyampaikan anggaran di Denpasar, Bali, Kamis (6/4/2017).",
]


def _feed(path, texts) -> None:
    path.write_text("".join(json.dumps({"text": t, "outlet": "Kabar Uji"}) + "\n" for t in texts), "utf-8")


def test_a_stored_document_replaced_by_another_text_is_said(tmp_path) -> None:
    # A feed without 'id' or 'url': its documents are named by line number ("1", "2"), so the
    # second day's file replaced the first day's articles, and the run said nothing of it
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2").mkdir()
    _feed(tmp_path / "d1" / "feed.jsonl", DAY1)
    _feed(tmp_path / "d2" / "feed.jsonl", DAY2)
    db = str(tmp_path / "s.db")
    first = run_pipeline([str(tmp_path / "d1")], tmp_path / "o1", db)
    assert not first.warnings
    second = run_pipeline([str(tmp_path / "d2")], tmp_path / "o2", db)
    replaced = [(s, w) for s, w in second.warnings if "replaces the stored document" in w]
    assert [s for s, _ in replaced] == [f"{tmp_path / 'd2' / 'feed.jsonl'}:1", f"{tmp_path / 'd2' / 'feed.jsonl'}:2"]
    assert "'1'" in replaced[0][1] and "another text" in replaced[0][1]
    # the same inputs again: nothing replaced, nothing said
    again = run_pipeline([str(tmp_path / "d2")], tmp_path / "o3", db)
    assert not [w for _, w in again.warnings if "replaces the stored document" in w]


def test_an_empty_id_is_called_empty() -> None:
    raw = object_document({"id": "  ", "text": DAY1[0]}, number=3, source="in.jsonl:3")
    assert raw.id == "3"
    assert raw.meta["warnings"] == ["field 'id' is empty; the line number is the id"]


def test_an_empty_json_array_is_not_called_an_empty_body(tmp_path) -> None:
    with TestClient(create_app(str(tmp_path / "s.db")), base_url="http://127.0.0.1") as client:
        r = client.post("/api/documents", content=b"[]", headers={"content-type": "application/json"})
        assert r.status_code == 400
        assert r.json()["detail"] == "no document in the request body: the JSON array is empty"


def test_help_paragraphs_are_not_broken_mid_sentence_and_quiet_says_what_it_keeps() -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "250"})
    assert "Re-running on the same input changes nothing" in res.output
    assert "the one-line summary and errors only" in res.output
    listing = runner.invoke(app, ["--help"], env={"COLUMNS": "250"}).output
    assert "synthetic articles in .txt, .html, .jsonl and .warc.gz" in listing


def test_a_folder_given_as_the_store_of_a_run_is_named_so(tmp_path) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": DAY1[0]}) + "\n", "utf-8")
    res = CliRunner().invoke(app, ["run", str(feed), "--db", str(tmp_path), "--out", str(tmp_path / "o"), "-q"])
    assert res.exit_code == 1
    assert f"error: cannot open store {tmp_path}: it is a folder, not a store file" in " ".join(res.output.split())


def test_run_format_parquet_names_the_export_that_writes_it(tmp_path) -> None:
    res = CliRunner().invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "o"), "--format", "parquet"])
    assert res.exit_code == 2 and "'linimasa export --format parquet'" in " ".join(res.output.split())


@pytest.mark.parametrize(
    "given, reason",
    [
        ("2099-12-31", "is after today"),
        ("1985-05-01", "is before 1990 (the earliest year read as a publication date)"),
        ("2024-03", "has no day (a publication date is a day: YYYY-MM-DD)"),
        ("2024", "has no day (a publication date is a day: YYYY-MM-DD)"),
    ],
)
def test_an_input_date_not_taken_says_why(given, reason) -> None:
    # every one of them was "is not a valid past date" (a month of 2024, or 1985, is past)
    doc = CleanStage()(Document(id="t", source="t", raw=DAY1[0], lang="id", meta={"published": given}))
    assert doc.published_from != "input"
    assert f"clean: input published value {given!r} {reason}; ignored" in doc.warnings


def test_an_export_folder_read_again_gives_its_documents_not_its_quotes_and_events(tmp_path) -> None:
    # `linimasa run export/` made each row of quotes.jsonl and timeline.jsonl an article of its own
    # (78 documents exported, 594 read back)
    quote = {"document": "a", "index": 0, "published": "2017-04-03", "outlet": None, "story": "story-1",
             "speaker": "Subejo", "speaker_id": "PER:subejo", "kind": "indirect", "text": "banjir surut", "start": 5,
             "end": 17}  # fmt: skip
    event = {"story": "story-1", "date": "2017-04-03", "text": DAY1[0], "documents": ["a"], "status": "happened",
             "granularity": "day", "evidence": [{"document": "a", "text": DAY1[0]}], "placement": "text"}  # fmt: skip
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "documents.jsonl").write_text(json.dumps({"id": "a", "text": DAY1[0]}) + "\n", "utf-8")
    (folder / "quotes.jsonl").write_text(json.dumps(quote) + "\n", "utf-8")
    (folder / "timeline.jsonl").write_text(json.dumps({k: v for k, v in event.items() if k != "story"}) + "\n", "utf-8")
    summary = run_pipeline([str(folder)], tmp_path / "out", str(tmp_path / "s.db"))
    assert (summary.read, summary.skipped_count) == (1, 2)
    assert sorted(r for _, r in summary.skipped) == [
        "object is a quotation of linimasa's quotes.jsonl, not an article",
        "object is an event of linimasa's timeline.jsonl, not an article",
    ]


def test_an_output_folder_inside_the_input_folder_is_not_read_the_next_day(tmp_path) -> None:
    # `run desk/ --out desk/out-monday`, then `run desk/ --out desk/out-tuesday`: Tuesday read
    # Monday's documents.jsonl (each article again, as a copy "~2") and report.html (as an article)
    desk = tmp_path / "desk"
    desk.mkdir()
    _feed(desk / "feed.jsonl", DAY1)
    db = str(tmp_path / "s.db")
    monday = run_pipeline([str(desk)], desk / "out-monday", db)
    tuesday = run_pipeline([str(desk)], desk / "out-tuesday", db)
    assert (monday.read, tuesday.read, tuesday.analysed, tuesday.skipped_count) == (2, 2, 0, 0)
    assert not tuesday.warnings
    # named on the command line, an output folder is read (its documents.jsonl is an input)
    again = run_pipeline([str(desk / "out-monday")], tmp_path / "o", str(tmp_path / "other.db"))
    assert again.read >= 2
