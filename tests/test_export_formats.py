"""``linimasa export --format csv|parquet`` and the kept input fields (``meta``), on SQLite and on
PostgreSQL (tests/fixtures_pg.py starts a real server, or the PostgreSQL cases are skipped)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fixtures_pg import new_store
from typer.testing import CliRunner

from linimasa.api import create_app
from linimasa.cli import app
from linimasa.jobs.run import run_pipeline
from linimasa.outputs.parquet_tables import _value
from linimasa.outputs.tables import EXPORT_TABLES, cell, table_columns

pytest_plugins = ["fixtures_pg"]

FEED = [
    {
        "id": "banjir-1",
        "title": 'Banjir "besar", Jakarta lumpuh; warga: “kami siaga”',
        "published": "2017-04-03",
        "outlet": "Warta Kota",
        "text": 'Banjir melanda Jakarta pada Senin (3/4/2017). "Kami sudah siaga, tenang saja," kata Gubernur '
        "Anies Baswedan.\n\nAir setinggi 1 meter merendam 20 rumah di Kampung Melayu, kata petugas BPBD DKI "
        "Jakarta. Kerugian ditaksir Rp 5 juta — kata Ibu Siti, warga Kampung Melayu.",
        "category": "berita, utama",
        "tags": ["banjir", "jakarta"],
        "rank": 3,
    },
    {
        "id": "banjir-2",
        "published": "2017-04-04",
        "outlet": "Warta Kota",
        "text": "Banjir di Kampung Melayu, Jakarta, mulai surut pada Selasa (4/4/2017), kata petugas BPBD DKI "
        "Jakarta. Gubernur Anies Baswedan meninjau pengungsian.",
        "category": "berita, utama",
        "tags": ["banjir"],
    },
    {
        "id": "bendungan",
        "published": "2017-04-06",
        "outlet": "Kabar Desa",
        "text": 'Presiden Joko Widodo meresmikan bendungan di Jawa Tengah, Kamis (6/4/2017). "Bendungan ini '
        'untuk petani," ujar Presiden Joko Widodo.',
        "category": "politik",
    },
    {
        "id": "tanpa-meta",
        "published": "2017-04-07",
        "text": "Presiden Joko Widodo berkunjung ke Semarang, Jumat (7/4/2017).",
    },
]


@pytest.fixture(scope="module")
def store(backend, request, tmp_path_factory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp(f"export-formats-{backend}")
    feed = tmp / "feed.jsonl"
    feed.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in FEED), encoding="utf-8")
    db = new_store(backend, request, tmp)
    assert run_pipeline([str(feed)], tmp / "run", db).read == len(FEED)
    return db, tmp / "run"


def _objects(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _export(tmp_path: Path, db: str, *args: str) -> Path:
    out = tmp_path / "exp"
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(out), "-q", *args])
    assert r.exit_code == 0, r.output
    return out


def _csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_round_trip_every_field_readable(store, tmp_path) -> None:
    db, _run = store
    out = _export(tmp_path, db, "--format", "csv")
    seen = ""
    for name in EXPORT_TABLES:
        objects = _objects(out / f"{name}.jsonl")
        assert objects or name == "threads", name  # (four articles make no thread)
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
        columns = table_columns(out, name)
        header, *rows = _csv_rows(out / f"{name}.csv")
        assert header == [c.name for c in columns]
        assert len(rows) == len(objects)
        for row, obj in zip(rows, objects, strict=True):
            assert row == [str(cell(c, obj)) for c in columns], name
            seen += "".join(row)
    for needed in ('"', ",", "\n", "“", "—", "; "):  # quotes, commas, newlines, non-ASCII survive
        assert needed in seen, needed
    docs = {r[0]: r for r in _csv_rows(out / "documents.csv")[1:]}
    header = _csv_rows(out / "documents.csv")[0]
    assert {"meta.category", "meta.rank", "meta.tags"} <= set(header) and header[-1] == "text"
    assert docs["banjir-1"][header.index("meta.tags")] == "banjir; jakarta"
    assert docs["banjir-1"][header.index("meta.category")] == "berita, utama"
    assert docs["tanpa-meta"][header.index("meta.category")] == ""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_every_cell(store, tmp_path) -> None:
    """LibreOffice Calc opens each table as UTF-8 CSV and saves it again: every cell comes back
    (numbers and dates as written; only a cell's CRLF becomes LF, as LibreOffice stores lines)."""
    db, _run = store
    out = _export(tmp_path, db, "--format", "csv")
    conv = tmp_path / "conv"
    tables = [str(out / f"{name}.csv") for name in EXPORT_TABLES if name != "threads"]
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--infilter=CSV:44,34,76,1",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(conv), *tables],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for path in map(Path, tables):
        ours, theirs = _csv_rows(path), _csv_rows(conv / path.name)
        assert len(ours) > 1 and len(theirs) == len(ours), path.name
        for a, b in zip(ours, theirs, strict=True):
            assert [c.replace("\r\n", "\n") for c in b] == [c.replace("\r\n", "\n") for c in a], path.name


def test_parquet_reads_back_with_pyarrow(store, tmp_path) -> None:
    import pyarrow.parquet as pq

    db, _run = store
    out = _export(tmp_path, db, "--format", "parquet")
    for name in EXPORT_TABLES:
        objects = _objects(out / f"{name}.jsonl")
        columns = table_columns(out, name)
        table = pq.read_table(out / f"{name}.parquet")
        assert table.column_names == [c.name for c in columns]
        assert table.to_pylist() == [{c.name: _value(c, o) for c in columns} for o in objects], name
    docs = {r["id"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["banjir-1"]["entities"] and isinstance(docs["banjir-1"]["entities"], list)
    assert docs["banjir-1"]["meta.tags"] == "banjir; jakarta" and docs["banjir-1"]["n_sentences"] >= 2


def test_input_fields_are_kept_under_meta(store) -> None:
    _db, run = store
    docs = {d["id"]: d for d in _objects(run / "documents.jsonl")}
    assert docs["banjir-1"]["meta"] == {"category": "berita, utama", "tags": ["banjir", "jakarta"], "rank": 3}
    assert docs["bendungan"]["meta"] == {"category": "politik"}
    assert "meta" not in docs["tanpa-meta"]  # no meta key when there is nothing to keep


def test_meta_filter_in_export(store, tmp_path) -> None:
    db, _run = store

    def ids(*args: str) -> set[str]:
        out = _export(tmp_path / "-".join(args).replace("=", "_").replace(" ", "_"), db, *args)
        return {d["id"] for d in _objects(out / "documents.jsonl")}

    assert ids("--meta", "category=berita, utama") == {"banjir-1", "banjir-2"}
    assert ids("--meta", "tags=jakarta") == {"banjir-1"}  # a list holding the value
    assert ids("--meta", "tags=banjir", "--meta", "category=berita, utama") == {"banjir-1", "banjir-2"}
    assert ids("--meta", "rank=3") == {"banjir-1"}  # a number, as written
    assert ids("--meta", "rank=3.0") == ids("--meta", "rank=3e0") == {"banjir-1"}  # or of the same value
    assert ids("--meta", "rank=3x") == ids("--meta", "tags=3") == set()
    assert ids("--meta", "category=politik", "--outlet", "Kabar Desa") == {"bendungan"}
    assert ids("--meta", "category=olahraga") == set()


def test_meta_filter_in_the_api(store) -> None:
    db, _run = store
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:

        def ids(url: str) -> set[str]:
            r = c.get(url)
            assert r.status_code == 200, r.text
            return {i["id"] for i in r.json()["items"]}

        assert ids("/api/documents?meta.category=politik") == {"bendungan"}
        assert ids("/api/documents?meta.tags=banjir&meta.category=berita,%20utama") == {"banjir-1", "banjir-2"}
        assert ids("/api/search?q=Jakarta&meta.tags=jakarta") == {"banjir-1"}
        assert ids("/api/search?q=Presiden&meta.category=politik") == {"bendungan"}
        dam, flood = ids("/api/search?q=bendungan"), ids("/api/search?q=banjir")
        assert dam and flood - dam and ids("/api/search?q=bendungan%20OR%20banjir") == dam | flood
        assert c.get("/api/documents/banjir-1").json()["meta"]["tags"] == ["banjir", "jakarta"]
        assert "meta" not in c.get("/api/documents/tanpa-meta").json()
        r = c.get('/api/documents?meta.a"b=1')
        assert r.status_code == 422 and "meta.a" in r.text


def test_each_filter_on_both_backends(store, tmp_path) -> None:
    db, run = store
    docs = _objects(run / "documents.jsonl")

    def ids(*args: str) -> set[str]:
        out = _export(tmp_path / str(abs(hash(args))), db, *args)
        return {d["id"] for d in _objects(out / "documents.jsonl")}

    story = next(d["story"] for d in docs if d["id"] == "banjir-1")
    assert ids("--story", story) == {d["id"] for d in docs if d["story"] == story} >= {"banjir-1"}
    assert ids("--from", "2017-04-04", "--to", "2017-04-06") == {"banjir-2", "bendungan"}
    assert ids("--outlet", "Kabar Desa") == {"bendungan"}
    assert ids("--lang", "id") == {d["id"] for d in docs}
    assert ids("--query", "bendungan") == {"bendungan"}
    joko = {d["id"] for d in docs if any(m["name"] == "Joko Widodo" for m in d["entities"])}
    assert ids("--entity", "joko widodo") == joko == {"bendungan", "tanpa-meta"}
