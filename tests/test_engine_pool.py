"""The process-pool engine: the same outputs as one process, batches committed as checkpoints."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

import pytest

from linimasa.demo import corpus_path
from linimasa.jobs.analyse import analyse_stream
from linimasa.jobs.run import run_pipeline
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import RunSummary
from linimasa.pipeline import Pipeline
from linimasa.store.database import Store

OUTPUTS = ("documents.jsonl", "stories.jsonl", "entities.jsonl", "timeline.jsonl")


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(inputs: list[str], tmp: Path, name: str, workers: int, batch_size: int = 4) -> Path:
    out = tmp / name
    summary = run_pipeline(inputs, out, str(tmp / f"{name}.db"), workers=workers, batch_size=batch_size)
    assert summary.read > 0
    return out


def _assert_same(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_text(encoding="utf-8") == (b / name).read_text(encoding="utf-8"), name


def test_pool_equals_one_process_on_demo_corpus(tmp_path):
    one = _run([str(corpus_path())], tmp_path, "one", workers=1)
    two = _run([str(corpus_path())], tmp_path, "two", workers=2)
    _assert_same(one, two)
    docs = _lines(two / "documents.jsonl")
    # the demo corpus has near copies and multi-document stories: the comparison covers them
    assert any(d["duplicate_of"] for d in docs)
    assert max(len(s["documents"]) for s in _lines(two / "stories.jsonl")) >= 2


def test_pool_equals_one_process_on_seeds(tmp_path, shared_dir):
    seeds = str(shared_dir / "seeds")
    one = _run([seeds], tmp_path, "one", workers=1, batch_size=2)
    two = _run([seeds], tmp_path, "two", workers=2, batch_size=2)
    _assert_same(one, two)
    assert len(_lines(two / "documents.jsonl")) == 5


def test_interrupted_run_resumes_from_committed_batches(tmp_path):
    """A run stopped after two batches leaves them stored; the next run analyses only the rest."""
    db = str(tmp_path / "s.db")
    store = Store(db)

    class Stop(Exception):
        pass

    seen = []

    def tick() -> None:
        seen.append(1)
        if len(seen) == 9:  # inside the third batch of four
            raise Stop

    with pytest.raises(Stop):
        analyse_stream(
            [str(corpus_path())],
            Pipeline(default_stages()),
            RunSummary(),
            store=store,
            workers=2,
            batch_size=4,
            on_document=tick,
        )
    store.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 8
    summary = RunSummary()
    store = Store(db)
    docs = analyse_stream(
        [str(corpus_path())], Pipeline(default_stages()), summary, store=store, workers=2, batch_size=4
    )
    store.close()
    assert (summary.reused, summary.analysed) == (8, len(docs) - 8)


def test_fast_serialisation_is_to_json(tmp_path):
    """The hand-built ``to_json`` dicts hold exactly the dataclass fields (what asdict gives)."""
    docs = analyse_stream([str(corpus_path())], Pipeline(default_stages()), RunSummary(), workers=1)
    assert docs and any(d.entities and d.timexes and d.quotes for d in docs)
    for d in docs:
        for t in d.timexes:
            generic = asdict(t)
            if not t.candidates:
                generic.pop("candidates")
            if not t.interval:  # written only for an anchored DURATION
                generic.pop("interval")
            assert json.dumps(t.to_json()) == json.dumps(generic)
        for a in d.entities + d.quotes:
            assert json.dumps(a.to_json()) == json.dumps(asdict(a))


def test_fast_serialisation_of_stories_and_entities_is_asdict():
    """Stories (with timelines and evidence) and entities: hand-built dicts equal dataclasses.asdict."""
    from linimasa.corpus.stage import corpus_stages as default_corpus_stages

    docs = analyse_stream([str(corpus_path())], Pipeline(default_stages()), RunSummary(), workers=1)
    result = Pipeline(default_stages(), default_corpus_stages()).process_corpus(docs)
    assert any(s.timeline and s.summary for s in result.stories) and result.entities
    for s in result.stories:
        assert json.dumps(s.to_json()) == json.dumps(asdict(s))
    for e in result.entities:
        assert json.dumps(e.to_json()) == json.dumps(asdict(e))


def test_frozen_heap_hides_what_the_process_holds_from_the_collector_for_the_block_only() -> None:
    import gc

    from linimasa.engines.pool import frozen_heap

    held = [{"k": [i]} for i in range(1000)]
    before = gc.get_freeze_count()
    with frozen_heap():
        assert gc.get_freeze_count() >= before + len(held)
        young = [{"k": [i]} for i in range(10)]
        assert gc.is_tracked(young[0])
    assert gc.get_freeze_count() == 0
    try:
        with frozen_heap():
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
