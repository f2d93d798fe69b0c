"""The Spark engine in local mode: the same documents, duplicates and stories as the local engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from linimasa.demo import corpus_path  # noqa: E402
from linimasa.jobs.run import run_pipeline  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    import os
    import shutil
    import sys

    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers import linimasa from this interpreter

    session = (
        SparkSession.builder.master("local[2]")
        .appName("linimasa-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "1g")
        .config("spark.pyspark.python", sys.executable)
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _run_both(inputs: list[str], tmp: Path, spark) -> tuple[Path, Path]:
    local = tmp / "local"
    run_pipeline(inputs, local, str(tmp / "local.db"), workers=1)
    on_spark = tmp / "spark"
    summary = run_pipeline(inputs, on_spark, str(tmp / "spark.db"), engine="spark", fmt="parquet")
    assert summary.read > 0 and not summary.skipped
    return local, on_spark


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_spark_equals_local_on_demo_corpus(tmp_path, spark):
    local, on_spark = _run_both([str(corpus_path())], tmp_path, spark)
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl", "timeline.jsonl"):
        assert _text(local / name) == _text(on_spark / name), name
    docs = [json.loads(line) for line in _text(on_spark / "documents.jsonl").splitlines()]
    # every input kind of the demo corpus went through Spark: text, HTML, JSON Lines, WARC records
    assert {Path(d["source"].split("#")[0].split(":")[0]).suffix for d in docs} >= {".txt", ".html", ".jsonl", ".gz"}
    assert any(d["duplicate_of"] for d in docs)
    parquet = spark.read.parquet(str(on_spark / "documents.parquet"))
    assert parquet.count() == len(docs)
    assert sorted(r.id for r in parquet.select("id").collect()) == sorted(d["id"] for d in docs)


def test_spark_equals_local_on_seeds(tmp_path, spark, shared_dir):
    local, on_spark = _run_both([str(shared_dir / "seeds")], tmp_path, spark)
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl"):
        assert _text(local / name) == _text(on_spark / name), name


def test_spark_renames_repeated_ids_as_local(tmp_path, spark):
    """Issue 20, finding 2: ``d1/a.txt``, ``d2/a.txt``, ``d3/a~2.txt`` are three documents
    with three ids, the same as the local engine's (one renaming for both)."""
    import random

    from fixtures_trust import article

    rng = random.Random(3)
    for i, (folder, name) in enumerate([("d1", "a"), ("d2", "a"), ("d3", "a~2")]):
        a = article(i, rng)
        (tmp_path / "in" / folder).mkdir(parents=True)
        (tmp_path / "in" / folder / f"{name}.txt").write_text(f"{a['title']}\n\n{a['text']}\n", encoding="utf-8")
    inputs = [str(tmp_path / "in" / d) for d in ("d1", "d2", "d3")]
    local, on_spark = _run_both(inputs, tmp_path, spark)
    docs = [json.loads(line) for line in _text(on_spark / "documents.jsonl").splitlines()]
    assert [d["id"] for d in docs] == ["a", "a~2", "a~2~2"]
    assert all(d["entities"] for d in docs)
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl"):
        assert _text(local / name) == _text(on_spark / name), name


def _seed_halves(shared: Path, tmp: Path) -> tuple[str, str]:
    """Seeds 000-002 and 003-004 in two folders: seed 004 (September 2023) is dated by seed 001."""
    seeds = sorted((shared / "seeds").glob("*.txt"))
    halves = []
    for name, files in (("first", seeds[:3]), ("second", seeds[3:])):
        (tmp / name).mkdir()
        for f in files:
            (tmp / name / f.name).write_bytes(f.read_bytes())
        halves.append(str(tmp / name))
    return halves[0], halves[1]


_OUTPUTS = ("documents.jsonl", "stories.jsonl", "entities.jsonl", "timeline.jsonl", "threads.jsonl")


def test_spark_run_adds_to_a_store_as_one_run_over_the_union(tmp_path, spark, shared_dir):
    """Issue 25, item 2: a Spark run on a store that a local run filled plans over the union:
    seed 004 joins seed 001's story, the stored stories keep their ids, and the outputs equal
    one local run over both halves; the next local run continues the plan the Spark run wrote."""
    from linimasa.store.database import Store
    from linimasa.store.queries import Catalog

    first, second = _seed_halves(shared_dir, tmp_path)
    union = tmp_path / "union"
    run_pipeline([first, second], union, str(tmp_path / "union.db"), workers=1)
    db = str(tmp_path / "desk.db")
    run_pipeline([first], tmp_path / "day1", db, workers=1)
    before = {json.loads(x)["id"] for x in _text(tmp_path / "day1" / "stories.jsonl").splitlines()}
    summary = run_pipeline([second], tmp_path / "day2", db, engine="spark")
    assert summary.stored == 3 and summary.analysed == 2
    for name in _OUTPUTS:
        assert _text(tmp_path / "day2" / name) == _text(union / name), name
    stories = [json.loads(x) for x in _text(tmp_path / "day2" / "stories.jsonl").splitlines()]
    joined = next(s for s in stories if any(d.startswith("004_") for d in s["documents"]))
    assert any(d.startswith("001_") for d in joined["documents"]) and joined["id"] in before
    assert len({s["thread"] for s in stories}) == 1 and stories[0]["thread"]
    store = Store(db)
    try:
        assert Catalog(store).threads().total == 1  # (stored for the API, as a local run stores them)
    finally:
        store.close()
    again = run_pipeline([first, second], tmp_path / "day3", db, workers=1)
    assert again.analysed == 0
    for name in _OUTPUTS:
        assert _text(tmp_path / "day3" / name) == _text(union / name), name


def test_local_run_adds_to_a_store_a_spark_run_filled(tmp_path, spark, shared_dir):
    """The other way round: the Spark run's store holds its records and threads, and a local run
    adding the second half gives the union's outputs."""
    first, second = _seed_halves(shared_dir, tmp_path)
    union = tmp_path / "union"
    run_pipeline([first, second], union, str(tmp_path / "union.db"), workers=1)
    db = str(tmp_path / "desk.db")
    run_pipeline([first], tmp_path / "day1", db, engine="spark")
    summary = run_pipeline([second], tmp_path / "day2", db, workers=1)
    assert summary.analysed == 2
    for name in _OUTPUTS:
        assert _text(tmp_path / "day2" / name) == _text(union / name), name
