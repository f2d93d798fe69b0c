"""An export read again keeps the difference between a date the article gave and one the corpus
inferred: a ``published`` whose ``published_from`` is ``story`` was taken as the input's (trusted,
``published_from`` ``input``), so seed 004, dated by seed 001's story, came back as an article
published on 2023-09-11 and was put in a story of its own."""

from __future__ import annotations

import json

from fixtures_incremental import seeds  # noqa: F401  (a fixture)

from linimasa.jobs.export import export_store
from linimasa.jobs.run import run_pipeline
from linimasa.readers.jsonl import object_document


def _docs(path) -> dict[str, dict]:
    return {d["id"]: d for d in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_an_export_read_again_keeps_its_inferred_dates_inferred(tmp_path, seeds) -> None:  # noqa: F811
    run_pipeline([str(p) for p in seeds], tmp_path / "out", str(tmp_path / "a.db"))
    export_store(str(tmp_path / "a.db"), tmp_path / "exp")
    first = _docs(tmp_path / "exp" / "documents.jsonl")
    inferred = {i for i, d in first.items() if d["published_from"] == "story"}
    assert inferred  # (seeds 000 and 004: their stories date them)
    run_pipeline([str(tmp_path / "exp" / "documents.jsonl")], tmp_path / "again", str(tmp_path / "b.db"))
    again = _docs(tmp_path / "again" / "documents.jsonl")
    for i in inferred:
        assert again[i]["published_from"] == "story", (i, again[i]["published_from"])
        assert again[i]["published"] == first[i]["published"]
    stories = {i: d["story"] for i, d in first.items()}
    assert {i: d["story"] for i, d in again.items()} == stories
    for i in set(first) - inferred:  # a date the article gave stays given
        assert again[i]["published"] == first[i]["published"] and again[i]["published_from"] == "input"


def test_a_run_window_year_is_not_read_as_given() -> None:
    obj = {
        "id": "a",
        "text": "Jakarta, Selasa (4/9) - Banjir merendam 300 rumah warga.",
        "published": "2018-09-04",
        "published_from": "text",
        "features": {"time": {"year_basis": "weekday+run-window"}},
    }
    assert "published" not in object_document(obj, number=1, source="x").meta
    obj["features"] = {"time": {"year_basis": "weekday+elapsed"}}  # the article's own evidence
    assert object_document(obj, number=1, source="x").meta["published"] == "2018-09-04"
    obj["published_from"] = "story"
    assert "published" not in object_document(obj, number=1, source="x").meta
