"""``--format csv``: the JSON Lines outputs as CSV tables, row for object, nothing lost that a cell can hold."""

from __future__ import annotations

import csv
import json

from linimasa.jobs.run import run_pipeline
from linimasa.outputs.tables import TABLES

TEXTS = [
    "Banjir melanda Jakarta pada Senin (3/4/2017). \"Kami sudah siaga,\" kata Gubernur Anies Baswedan.\n\n"
    "Air setinggi 1 meter merendam 20 rumah di Kampung Melayu, kata petugas BPBD DKI Jakarta.",
    "Banjir melanda Jakarta pada Senin (3/4/2017). \"Kami sudah siaga,\" kata Gubernur Anies Baswedan.\n\n"
    "Air setinggi 1 meter merendam 20 rumah di Kampung Melayu, kata petugas BPBD DKI Jakarta, \"Senin\".",
    "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah, Kamis (6/4/2017).",
]


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_tables_hold_the_json_lines_objects(tmp_path) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)), "utf-8")
    out = tmp_path / "out"
    summary = run_pipeline([str(feed)], out, str(tmp_path / "s.db"), fmt="csv")
    assert {f"{name} (csv)" for name in TABLES} <= set(summary.outputs)
    for name, table in TABLES.items():
        objects = [json.loads(line) for line in (out / f"{name}.jsonl").read_text("utf-8").splitlines()]
        raw = (out / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") >= len(objects) + 1  # BOM, CRLF rows
        with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
            assert next(csv.reader(fh)) == [c.name for c in table.columns]
        assert len(_rows(out / f"{name}.csv")) == len(objects)
        assert objects or name == "threads"  # (three articles make no thread)
    docs = {d["id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text("utf-8").splitlines())}
    rows = _rows(out / "documents.csv")
    assert any("\n" in row["text"] for row in rows)  # newlines kept inside the quoted cell
    for row in rows:
        doc = docs[row["id"]]
        assert row["text"] == doc["text"]
        assert int(row["n_entities"]) == len(doc["entities"]) and int(row["n_timexes"]) == len(doc["timexes"])
        assert row["duplicate_of"] == (doc["duplicate_of"] or "") and row["story"] == doc["story"]
        names = row["entities"].split("; ")
        assert set(names) == {m["name"] or m["text"] for m in doc["entities"]} and len(names) == len(set(names))
    stories = {s["id"]: s for s in map(json.loads, (out / "stories.jsonl").read_text("utf-8").splitlines())}
    for row in _rows(out / "stories.csv"):
        assert row["documents"].split("; ") == stories[row["id"]]["documents"]  # a list: joined with "; "
        assert int(row["n_documents"]) == len(stories[row["id"]]["documents"])


def test_a_jsonl_run_writes_no_csv(tmp_path) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": TEXTS[2]}) + "\n", "utf-8")
    run_pipeline([str(feed)], tmp_path / "out", str(tmp_path / "s.db"))
    assert not list((tmp_path / "out").glob("*.csv"))
