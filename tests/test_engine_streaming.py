"""The streaming engine of ``linimasa run`` decides exactly as the in-memory corpus stages.

The engine keeps only compact records of each document and finalises stories from the
store (``linimasa.jobs.local``); the reference is ``Pipeline.process_corpus`` over
every analysed document held in memory. Real IndoSum articles, with copies made here
(exact re-posts and edited near copies with new ids), so duplicates, stories with several
members and cross-document entity links are all exercised.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from linimasa.corpus.records import document_record
from linimasa.corpus.stage import corpus_stages as default_corpus_stages
from linimasa.corpus.timeline import corpus_timeline
from linimasa.demo import corpus_path
from linimasa.jobs.analyse import analyse_stream
from linimasa.jobs.run import run_pipeline
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import RunSummary
from linimasa.jsontext import dumps
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline


def _reference(inputs: list[str]) -> dict[str, str]:
    """The four outputs as the in-memory corpus stages write them."""
    docs = analyse_stream(inputs, Pipeline(default_stages()), RunSummary(), workers=1)
    result = Pipeline(default_stages(), default_corpus_stages()).process_corpus(docs)

    def lines(objs) -> str:
        return "".join(dumps(o) + "\n" for o in objs)

    return {
        "documents.jsonl": lines(d.to_json() for d in result.documents),
        "stories.jsonl": lines(s.to_json() for s in result.stories),
        "entities.jsonl": lines(e.to_json() for e in result.entities),
        "threads.jsonl": lines(t.to_json() for t in result.threads),
        "timeline.jsonl": lines(e.to_json() for e in corpus_timeline(result)),
    }


def _run(inputs: list[str], tmp: Path, name: str, workers: int, db: str | None = None) -> tuple[Path, RunSummary]:
    out = tmp / name
    summary = run_pipeline(inputs, out, db or str(tmp / f"{name}.db"), workers=workers, batch_size=16)
    return out, summary


@pytest.fixture(scope="module")
def indosum_sample(tmp_path_factory, indosum_path) -> str:
    rows = [json.loads(line) for line in indosum_path.read_text(encoding="utf-8").splitlines()[:160]]
    out = []
    for k, r in enumerate(rows):
        out.append({"id": str(r["id"]), "url": r.get("url"), "text": r["text"]})
        if k % 10 == 3:  # an exact re-post under another id
            out.append({"id": f"{r['id']}-repost", "url": r.get("url"), "text": r["text"]})
        if k % 10 == 6:  # an edited copy: the last paragraph dropped
            paras = r["text"].split("\n\n")
            if len(paras) > 3:
                out.append({"id": f"{r['id']}-edit", "url": r.get("url"), "text": "\n\n".join(paras[:-1])})
    path = tmp_path_factory.mktemp("stream") / "sample.jsonl"
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out), encoding="utf-8")
    return str(path)


def test_streaming_equals_in_memory_on_indosum(tmp_path, indosum_sample):
    ref = _reference([indosum_sample])
    out, summary = _run([indosum_sample], tmp_path, "two", workers=2)
    for name, text in ref.items():
        assert (out / name).read_text(encoding="utf-8") == text, name
    assert summary.duplicates >= 20  # the copies were found, so the comparison covers them
    stories = [json.loads(line) for line in ref["stories.jsonl"].splitlines()]
    assert max(len(s["documents"]) for s in stories) >= 2


def test_streaming_equals_in_memory_on_demo_one_process(tmp_path):
    ref = _reference([str(corpus_path())])
    out, _ = _run([str(corpus_path())], tmp_path, "one", workers=1)
    for name, text in ref.items():
        assert (out / name).read_text(encoding="utf-8") == text, name


def test_rerun_reuses_the_store_and_writes_the_same(tmp_path, indosum_sample):
    db = str(tmp_path / "s.db")
    first, s1 = _run([indosum_sample], tmp_path, "first", workers=1, db=db)
    second, s2 = _run([indosum_sample], tmp_path, "second", workers=2, db=db)
    assert s1.analysed == s1.read and s2.reused == s2.read and s2.analysed == 0
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl", "threads.jsonl", "timeline.jsonl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_records_are_compact(indosum_path):
    """What the deciding process keeps per document is a few KB, not the analysed document."""
    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:40]
    inputs = [json.loads(line) for line in lines]
    pipeline = Pipeline(default_stages())
    sizes = []
    for r in inputs:
        doc = pipeline.process(Document.from_raw(RawDocument(id=str(r["id"]), source="t", text=r["text"])))
        full = len(pickle.dumps(doc))
        rec = document_record(doc)
        rec.mentions = None  # consumed by the entity aggregator on arrival
        sizes.append((len(pickle.dumps(rec)), full))
    assert sum(s for s, _ in sizes) < 0.5 * sum(f for _, f in sizes)


def test_annotate_streams_the_same_documents_for_any_number_of_workers(tmp_path, indosum_sample):
    """``annotate`` writes each batch as it comes back: the same lines, in input order, as one process."""
    from linimasa.jobs.annotate import annotate_stream

    def lines(workers: int) -> list[str]:
        summary = RunSummary()
        out = list(
            annotate_stream([indosum_sample], Pipeline(default_stages()), summary, workers=workers, batch_size=16)
        )
        assert summary.analysed == summary.read == len(out)
        return out

    one, two = lines(1), lines(2)
    assert one == two and len(one) > 160
    docs = analyse_stream([indosum_sample], Pipeline(default_stages()), RunSummary(), workers=1)
    assert one == [dumps(d.to_json()) for d in docs]


def _loaded_resources() -> dict[str, int]:
    """In a worker: how many of each cached resource this process has loaded."""
    import sys

    from linimasa.time.lexicon import lexicon

    gazetteer = sys.modules.get("linimasa.entities.gazetteer")
    ngrams = sys.modules.get("linimasa.language.ngrams")
    return {
        "time lexicons": lexicon.cache_info().currsize,
        "gazetteer": gazetteer.load_resources.cache_info().currsize if gazetteer else 0,
        "language model": ngrams.identifier.cache_info().currsize if ngrams else 0,
    }


def _analyse_then_report(raws: list[RawDocument]) -> dict[str, int]:
    from linimasa.jobs.analyse import analyse_entries

    analyse_entries(raws, 0)
    return _loaded_resources()


def test_finalise_workers_load_what_finalising_needs_and_not_the_stage_models(tmp_path):
    """Phase 3 runs in workers of its own (a run with two workers writes what the in-memory stages
    write: see above). They load the time lexicons of both languages as they start, while the
    parent plans (the resolver re-anchors undated members), of every language pack, and never the gazetteer or the
    language model, which phase 1's workers hold (about 370 MB each at 100k articles)."""
    from linimasa.engines.pool import OrderedPool
    from linimasa.jobs.analyse import init_worker
    from linimasa.jobs.finalise import init_finaliser
    from linimasa.lang.packs import SUPPORTED_LANGUAGES

    db = str(tmp_path / "s.db")
    with OrderedPool(1, init_finaliser, (db,)) as pool:
        loaded = pool.submit(_loaded_resources).result()
    assert loaded == {"time lexicons": len(SUPPORTED_LANGUAGES), "gazetteer": 0, "language model": 0}
    raw = RawDocument(id="a", source="a", text="Presiden Joko Widodo tiba di Jakarta pada Senin (3/4/2017) pagi.")
    with OrderedPool(1, init_worker, (default_stages(), db)) as pool:
        analyser = pool.submit(_analyse_then_report, [raw]).result()
    assert analyser["gazetteer"] == 1 and analyser["language model"] == 1  # the contrast: phase 1 loads both


def test_phase_1_workers_are_gone_before_the_plan_and_phase_3_has_its_own(tmp_path, indosum_sample):
    import multiprocessing

    from linimasa.jobs.local import run_stream
    from linimasa.store.database import Store

    seen: dict[str, set[int]] = {"analyse": set()}

    def on_document() -> None:
        seen["analyse"] |= {p.pid for p in multiprocessing.active_children()}

    def on_phase(name: str, _total: int | None) -> None:
        seen[name] = {p.pid for p in multiprocessing.active_children()}

    db = str(tmp_path / "s.db")
    store = Store(db)
    summary = RunSummary()
    run_id = store.start_run("run")
    run_stream(
        [indosum_sample], Pipeline(default_stages()), store, db, run_id, summary, workers=2, batch_size=16,
        on_document=on_document, on_phase=on_phase,
    )  # fmt: skip
    assert summary.analysed == 192 and summary.duplicates > 0
    assert len(seen["analyse"]) == 2 and len(seen["grouping"]) == 2  # the plan phase starts phase 3's workers
    assert not seen["analyse"] & seen["grouping"]  # ... after phase 1's are gone
    assert seen["stories"] == seen["grouping"]


def test_finalisers_send_the_terms_of_every_story_event_as_computed_here(tmp_path, indosum_sample):
    """The corpus timeline compares the stories' events by their terms; the finaliser
    processes compute them (their stems are cached) and send them with the stories."""
    from linimasa.corpus.timeline import event_terms
    from linimasa.jobs.local import run_stream
    from linimasa.store.database import Store

    db = str(tmp_path / "s.db")
    store = Store(db)
    result = run_stream(
        [indosum_sample], Pipeline(default_stages()), store, db, store.start_run("run"), RunSummary(), workers=2,
        batch_size=16,
    )  # fmt: skip
    assert set(result.bags) == {s.id for s in result.stories}
    assert sum(len(s.timeline) for s in result.stories) > 100
    for story in result.stories:
        assert result.bags[story.id] == event_terms(story, result.langs)


def test_the_engine_collects_garbage_less_often_during_a_run_and_restores_its_thresholds(tmp_path, indosum_sample):
    """The run's own process raises the collector's thresholds while its phases last (as its
    workers do) and gives back the ones it had, also when the run fails."""
    import gc

    from linimasa.engines.pool import GC_THRESHOLDS
    from linimasa.jobs.local import run_stream
    from linimasa.store.database import Store

    seen: list[tuple[int, ...]] = []
    db = str(tmp_path / "s.db")
    store = Store(db)
    outside = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # (the interpreter's defaults: an earlier test may have left others)
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    run_stream(
        [indosum_sample], Pipeline(default_stages()), store, db, store.start_run("run"), RunSummary(),
        on_phase=lambda _name, _total: seen.append(gc.get_threshold()),
    )  # fmt: skip
    assert seen and set(seen) == {GC_THRESHOLDS}
    assert gc.get_threshold() == before

    def fail(_name: str, _total: int | None) -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        run_stream(
            [indosum_sample], Pipeline(default_stages()), store, db, store.start_run("run"), RunSummary(),
            on_phase=fail,
        )  # fmt: skip
    assert gc.get_threshold() == before
    gc.set_threshold(*outside)


def test_the_result_is_handed_over_once_every_final_document_is_stored_before_the_indexes_are_rebuilt(
    tmp_path, indosum_sample
):
    """``on_finalised`` gets the run's result while the run still has its own one-core work to
    do: every final document is committed (another connection reads them all) and the mention
    indexes, dropped for the final writes, are not built yet."""
    import sqlite3

    from linimasa.jobs.local import run_stream
    from linimasa.store.database import Store
    from linimasa.store.schema import BULK_INDEXES

    db = str(tmp_path / "s.db")
    store = Store(db)
    seen: dict[str, object] = {}

    def on_finalised(result) -> None:
        with sqlite3.connect(db) as conn:
            seen["finals"] = conn.execute("SELECT count(*) FROM documents WHERE data IS NOT NULL").fetchone()[0]
            seen["indexes"] = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        seen["result"] = result

    result = run_stream(
        [indosum_sample], Pipeline(default_stages()), store, db, store.start_run("run"), RunSummary(), workers=2,
        batch_size=16, on_finalised=on_finalised,
    )  # fmt: skip
    assert seen["result"] is result and len(result.ids) == 192
    assert seen["finals"] == 192
    bulk = {index.name for index in BULK_INDEXES}
    assert bulk and not bulk & seen["indexes"]
    with sqlite3.connect(db) as conn:  # and the run built them before it returned
        assert bulk <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_documents_jsonl_copied_by_another_process_equals_the_one_written_here(tmp_path, indosum_sample):
    import multiprocessing

    from linimasa.engines.pool import OrderedPool
    from linimasa.outputs.documents import export_documents
    from linimasa.outputs.files import OutputError, OutputJob

    out, _ = _run([indosum_sample], tmp_path, "run", workers=1)
    db = str(tmp_path / "run.db")
    ids = [json.loads(line)["id"] for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    here = OutputJob("here", export_documents, db, ids[::-1], tmp_path / "here.jsonl").result()
    with OrderedPool(1) as pool:
        job = OutputJob("there", export_documents, db, ids[::-1], tmp_path / "there.jsonl", pool=pool)
        assert len(multiprocessing.active_children()) == 1
        there = job.result()
        with pytest.raises(OutputError, match="cannot write .*missing"):
            OutputJob("d.jsonl", export_documents, db, ids, tmp_path / "missing" / "d.jsonl", pool=pool).result()
    assert there.read_text(encoding="utf-8") == here.read_text(encoding="utf-8")
    lines = here.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids[::-1]
    assert lines[::-1] == (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert not multiprocessing.active_children()
