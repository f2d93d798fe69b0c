"""``linimasa export`` and the kept input fields (``meta``) under hostile use: odd keys and
values, folders exported into twice, numbers JSON cannot carry. SQLite store built by a real run."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from linimasa.api import create_app
from linimasa.cli import app
from linimasa.jobs.run import run_pipeline
from linimasa.outputs.tables import MAX_META_COLUMNS
from linimasa.store.database import Store

TEXT = (
    'Banjir melanda Kampung Melayu, Jakarta, pada Senin (3/4/2017). "Kami sudah siaga," kata Gubernur '
    "Anies Baswedan kepada wartawan."
)
FEED = [
    {"id": "a", "published": "2017-04-03", "outlet": "Warta Kota", "text": TEXT, "category": "berita", "a=b": "c", "score": 0.30000000000000004, "tiny": 1e-7, "zero": 0, "place": {"city": "Jakarta", "n": 1}},
    {
        "id": "b",
        "published": "2017-04-05",
        "outlet": "Kabar Desa",
        "text": "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah, Rabu (5/4/2017).",
        "category": "politik",
        "a": "b=c",
        "score": 2.5,
        "year": 2017,
        "code": "2017",
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("export-attack")
    feed = tmp / "feed.jsonl"
    feed.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in FEED), encoding="utf-8")
    db = str(tmp / "store.db")
    assert run_pipeline([str(feed)], tmp / "run", db).read == len(FEED)
    return db


def _export(db: str, out: Path, *args: str) -> None:
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(out), "-q", *args])
    assert r.exit_code == 0, r.output


def test_a_second_export_into_the_same_folder_leaves_no_stale_table(store, tmp_path) -> None:
    out = tmp_path / "exp"
    _export(store, out, "--format", "csv")
    _export(store, out, "--format", "parquet")
    assert (out / "documents.csv").exists() is False  # not the first export's two rows
    _export(store, out, "--meta", "category=politik")  # jsonl only, one document
    assert [json.loads(x)["id"] for x in (out / "documents.jsonl").read_text().splitlines()] == ["b"]
    assert not list(out.glob("*.csv")) and not list(out.glob("*.parquet"))


def test_a_persons_own_files_of_a_tables_name_are_left_alone(store, tmp_path) -> None:
    """A run (without ``--format csv``) or an export into a folder that held the person's own
    ``entities.csv`` (``id,name``) or a ``stories.parquet`` that is not Parquet deleted them, as if
    an earlier run had left them: only the tables linimasa wrote are removed."""
    out = tmp_path / "desk"
    out.mkdir()
    own = {"entities.csv": "id,name\r\nPER:anies,Anies\r\n", "stories.parquet": "not parquet", "quotes.csv": "a,b,c\n"}
    for name, text in own.items():
        (out / name).write_bytes(text.encode())
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in FEED), encoding="utf-8")
    run_pipeline([str(feed)], out, str(tmp_path / "s.db"))
    _export(store, out)
    assert {name: (out / name).read_bytes().decode() for name in own} == own
    # the tables linimasa wrote there are removed (a run's, an export's CSV and Parquet)
    _export(store, out, "--format", "parquet")
    assert (out / "documents.parquet").exists() and (out / "stories.parquet").read_bytes()[:4] == b"PAR1"
    run_pipeline([str(feed)], out, str(tmp_path / "s.db"), fmt="csv")
    assert (out / "entities.csv").read_text(encoding="utf-8-sig").startswith("id,name,type")
    _export(store, out)
    assert [p.name for p in out.glob("*.csv")] == ["quotes.csv"] and not list(out.glob("*.parquet"))  # (its own)


def test_api_meta_key_holding_an_equals_sign_is_that_key(store) -> None:
    # ?meta.a%3Db=c asks for the field "a=b"; it was read as the field "a" equal to "b=c"
    with TestClient(create_app(store), base_url="http://127.0.0.1") as c:

        def ids(url: str) -> set[str]:
            r = c.get(url)
            assert r.status_code == 200, r.text
            return {i["id"] for i in r.json()["items"]}

        assert ids("/api/documents?meta.a%3Db=c") == {"a"}
        assert ids("/api/documents?meta.a=b%3Dc") == {"b"}
        assert c.get("/api/documents?meta.=x").status_code == 422


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("score=0.30000000000000004", {"a"}),  # SQLite prints it 0.3
        ("score=0.3", set()),
        ("tiny=1e-7", {"a"}),  # SQLite prints it 1.0e-07
        ("tiny=1e-07", {"a"}),
        ("score=2.50", {"b"}),
        ("year=2017", {"b"}),
        ("year=2017.0", {"b"}),
        ("code=2017", {"b"}),  # a string matches as written
        ("code=2017.0", set()),
        ("year=123456789012345678901234567890", set()),  # past 64 bits: an OverflowError traceback
        ("zero=1e-400", set()),  # not zero, though a float makes it so
        ("zero=0.0e5", {"a"}),
        # an object is no list: its members are not its values (SQLite's json_each walked them; PostgreSQL did not)
        ("place=Jakarta", set()),
        ("place=1", set()),
    ],
)
def test_meta_numbers_match_by_value(store, tmp_path, meta, expected) -> None:
    out = tmp_path / "exp"
    _export(store, out, "--meta", meta)
    assert {json.loads(x)["id"] for x in (out / "documents.jsonl").read_text().splitlines()} == expected


def test_a_folder_as_store_or_a_file_as_output_folder_is_named_so(store, tmp_path) -> None:
    r = CliRunner().invoke(app, ["export", "--db", str(tmp_path), "--out", str(tmp_path / "x")])
    assert r.exit_code == 1 and "is a folder, not a store file" in " ".join(r.output.split())  # was "it does not exist"
    r = CliRunner().invoke(app, ["export", "--db", store, "--out", store])
    assert r.exit_code == 1 and "is a file, not a folder" in " ".join(r.output.split())  # was "File exists"
    assert not (tmp_path / "x").exists()


def test_export_warns_when_the_last_run_has_not_finished(store, tmp_path) -> None:
    r = CliRunner().invoke(app, ["export", "--db", store, "--out", str(tmp_path / "a"), "-q"])
    assert r.exit_code == 0 and "warning" not in r.output
    db = tmp_path / "copy.db"
    shutil.copy(store, db)
    s = Store(str(db))
    s.start_run("run feed.jsonl")  # a run in its first phase: documents stored, stories not yet
    s.close()
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "b"), "-q"])
    text = " ".join(r.output.split())
    assert r.exit_code == 0 and "warning: the store's last run (started" in text and "has not finished" in text
    s = Store(str(db))
    s.start_run("api ingest")
    s.close()
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "c"), "-q"])
    assert "warning: the store's last API ingest (started" in " ".join(r.output.split())


@pytest.mark.parametrize("option", ["--from", "--to", "--story", "--entity", "--outlet", "--lang", "--query"])
def test_an_empty_filter_value_is_an_error_not_the_whole_store(store, tmp_path, option) -> None:
    # --entity "$NAME" with NAME unset exported every document
    r = CliRunner().invoke(app, ["export", "--db", store, "--out", str(tmp_path / "x"), option, " "])
    assert r.exit_code == 2 and f"{option} is empty" in r.output
    assert not (tmp_path / "x").exists()


def test_meta_columns_are_bounded(tmp_path) -> None:
    # each document with its own 150 keys: 30,000 columns for 200 documents before the bound
    feed = tmp_path / "wide.jsonl"
    rows = [{"id": f"w{d}", "text": TEXT, "common": "x", **{f"d{d}k{i}": i for i in range(150)}} for d in range(3)]
    feed.write_text("".join(json.dumps(o) + "\n" for o in rows), encoding="utf-8")
    db = str(tmp_path / "w.db")
    run_pipeline([str(feed)], tmp_path / "run", db)
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "x"), "--format", "csv", "-q"])
    assert r.exit_code == 0 and "451 different kept input fields" in " ".join(r.output.split())
    with (tmp_path / "x" / "documents.csv").open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    meta_columns = [c for c in header if c.startswith("meta.")]
    assert len(meta_columns) == MAX_META_COLUMNS and "meta.common" in meta_columns
    assert len((tmp_path / "x" / "documents.jsonl").read_text().splitlines()) == 3
    assert all(len(json.loads(x)["meta"]) == 151 for x in (tmp_path / "x" / "documents.jsonl").read_text().splitlines())


def test_a_query_past_the_searched_terms_is_refused_not_widened(store, tmp_path) -> None:
    # the 17th term, -Jakarta, was dropped: document "a" (about Jakarta) was exported
    words = " ".join(["Banjir"] * 16)
    r = CliRunner().invoke(app, ["export", "--db", store, "--out", str(tmp_path / "x"), "--query", words + " -Jakarta"])
    assert r.exit_code == 2 and "--query has 17 terms; at most 16" in " ".join(r.output.split())
    _export(store, tmp_path / "y", "--query", words)
    assert (tmp_path / "y" / "documents.jsonl").read_text().count("\n") == 1


def test_a_stored_document_sqlite_cannot_parse_does_not_fail_the_meta_filter(store, tmp_path) -> None:
    # a store written by an older linimasa may hold NaN in a document's JSON: json_each raised
    # "malformed JSON" and --meta (and ?meta.KEY) failed for the whole store
    db = tmp_path / "nan.db"
    shutil.copy(store, db)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE documents SET data = replace(data, '{\"id\":\"b\"', '{\"score_nan\":NaN,\"id\":\"b\"')")
    assert con.execute("SELECT count(*) FROM documents WHERE json_valid(data) = 0").fetchone() == (1,)
    con.close()
    _export(str(db), tmp_path / "x", "--meta", "category=berita")
    assert [json.loads(x)["id"] for x in (tmp_path / "x" / "documents.jsonl").read_text().splitlines()] == ["a"]
