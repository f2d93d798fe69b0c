"""Repeated ids (issue 20, finding 2): every document of a run gets an id no other one has.

``x``, ``x``, ``x~2`` (or the files ``d1/a.txt``, ``d2/a.txt``, ``d3/a~2.txt``) used to give
two documents the id ``x~2``: one article lost, or, with entities, ``UNIQUE constraint
failed: mentions`` on every run. The one renaming (:mod:`linimasa.readers.ids`) is used by
``linimasa run`` (both engines; the Spark one in ``test_spark_engine.py``) and the API's ingest.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from fastapi.testclient import TestClient
from fixtures_trust import article

from linimasa.api import create_app
from linimasa.jobs.run import run_pipeline
from linimasa.readers.ids import UniqueIds


def _articles(n: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    return [article(i, rng) for i in range(n)]


def test_unique_ids_never_gives_an_id_twice() -> None:
    ids = UniqueIds()
    got = [ids.assign(i) for i in ["x", "x", "x~2", "x~2", "x", "y", "x~3", "x~2~2"]]
    assert got == ["x", "x~2", "x~2~2", "x~2~3", "x~3", "y", "x~3~2", "x~2~2~2"]
    assert len(set(got)) == len(got)
    # deterministic: the same sequence, the same ids
    again = UniqueIds()
    assert [again.assign(i) for i in ["x", "x", "x~2", "x~2", "x", "y", "x~3", "x~2~2"]] == got


def test_unique_ids_random_sequences() -> None:
    rng = random.Random(5)
    for _ in range(200):
        ids = UniqueIds()
        seq = [rng.choice(["a", "a~2", "a~3", "a~2~2", "b"]) for _ in range(rng.randint(1, 12))]
        got = [ids.assign(i) for i in seq]
        assert len(set(got)) == len(got)
        assert all(g == s or g.startswith(s + "~") for g, s in zip(got, seq, strict=True))


def _files(root: Path, arts: list[dict]) -> list[str]:
    """``d1/a.txt``, ``d2/a.txt``, ``d3/a~2.txt``: three different articles."""
    for folder, name, a in zip(["d1", "d2", "d3"], ["a", "a", "a~2"], arts, strict=True):
        (root / folder).mkdir(parents=True)
        (root / folder / f"{name}.txt").write_text(f"{a['title']}\n\n{a['text']}\n", encoding="utf-8")
    return [str(root / d) for d in ("d1", "d2", "d3")]


def _docs(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def test_run_keeps_every_document_of_renamed_repeated_ids(tmp_path) -> None:
    arts = _articles(3)
    inputs = _files(tmp_path / "in", arts)
    db = str(tmp_path / "s.db")
    summary = run_pipeline(inputs, tmp_path / "out", db)
    docs = _docs(tmp_path / "out")
    assert [d["id"] for d in docs] == ["a", "a~2", "a~2~2"]
    assert all(d["entities"] for d in docs)  # the case that failed with UNIQUE constraint failed: mentions
    for d, a in zip(docs, arts, strict=True):
        assert a["text"].split("\n")[0][:40] in d["text"]
    assert summary.read == 3 and len(summary.warnings) == 2
    # A re-run (which reuses the stored analyses) gives the same ids and the same bytes.
    first = (tmp_path / "out" / "documents.jsonl").read_bytes()
    again = run_pipeline(inputs, tmp_path / "out2", db)
    assert (again.analysed, again.reused) == (0, 3)
    assert (tmp_path / "out2" / "documents.jsonl").read_bytes() == first


def test_run_jsonl_ids_x_x_x2(tmp_path) -> None:
    arts = _articles(3, seed=4)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "".join(
            json.dumps({**a, "id": i}, ensure_ascii=False) + "\n" for a, i in zip(arts, ["x", "x", "x~2"], strict=True)
        ),
        encoding="utf-8",
    )
    run_pipeline([str(feed)], tmp_path / "out", str(tmp_path / "s.db"), batch_size=2)
    docs = _docs(tmp_path / "out")
    assert [d["id"] for d in docs] == ["x", "x~2", "x~2~2"]
    assert [d["title"] for d in docs] == [a["title"] for a in arts]


def test_api_ingest_keeps_every_document_of_renamed_repeated_ids(tmp_path) -> None:
    arts = _articles(3, seed=6)
    body = "\n".join(
        json.dumps({**a, "id": i}, ensure_ascii=False) for a, i in zip(arts, ["x", "x", "x~2"], strict=True)
    )
    with TestClient(create_app(str(tmp_path / "s.db")), base_url="http://127.0.0.1") as client:
        r = client.post(
            "/api/documents", content=body.encode("utf-8"), headers={"content-type": "application/x-ndjson"}
        )
        assert r.status_code == 200, r.text
        assert [d["id"] for d in r.json()["documents"]] == ["x", "x~2", "x~2~2"]
        assert client.get("/api/health").json()["documents"] == 3
        for i, a in zip(["x", "x~2", "x~2~2"], arts, strict=True):
            assert client.get(f"/api/documents/{i}").json()["title"] == a["title"]


def test_resumed_run_assigns_the_same_ids(tmp_path, monkeypatch) -> None:
    """A run that dies after its analyses were committed, resumed: the same ids, each stored
    analysis reused under its id, the outputs of an uninterrupted run."""
    import pytest

    from linimasa.store.database import Store

    arts = _articles(3, seed=8)
    inputs = _files(tmp_path / "in", arts)
    run_pipeline(inputs, tmp_path / "whole", str(tmp_path / "whole.db"))

    def die(*_a, **_k):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(Store, "save_final_rows", die)
        with pytest.raises(KeyboardInterrupt):
            run_pipeline(inputs, tmp_path / "cut", str(tmp_path / "cut.db"), batch_size=1)
    resumed = run_pipeline(inputs, tmp_path / "cut", str(tmp_path / "cut.db"), batch_size=1)
    assert (resumed.analysed, resumed.reused) == (0, 3)
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl"):
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
