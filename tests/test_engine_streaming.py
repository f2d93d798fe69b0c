"""The streaming engine of ``linimasa run`` decides exactly as the in-memory corpus stages.

The engine keeps only compact records of each document and finalises stories from the
store (``linimasa.engines.streaming``); the reference is ``Pipeline.process_corpus`` over
every analysed document held in memory. Real IndoSum articles, with copies made here
(exact re-posts and edited near copies with new ids), so duplicates, stories with several
members and cross-document entity links are all exercised.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from linimasa.cli import run_pipeline
from linimasa.corpus.records import document_record
from linimasa.corpus.timeline import corpus_timeline
from linimasa.demo import corpus_path
from linimasa.engines.local import RunSummary, analyse_stream
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline, default_corpus_stages, default_stages


def _reference(inputs: list[str]) -> dict[str, str]:
    """The four outputs as the in-memory corpus stages write them."""
    docs = analyse_stream(inputs, Pipeline(default_stages()), RunSummary(), workers=1)
    result = Pipeline(default_stages(), default_corpus_stages()).process_corpus(docs)

    def lines(objs) -> str:
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)

    return {
        "documents.jsonl": lines(d.to_json() for d in result.documents),
        "stories.jsonl": lines(s.to_json() for s in result.stories),
        "entities.jsonl": lines(e.to_json() for e in result.entities),
        "timeline.jsonl": lines(e.to_json() for e in corpus_timeline(result)),
    }


def _run(inputs: list[str], tmp: Path, name: str, workers: int, db: str | None = None) -> tuple[Path, RunSummary]:
    out = tmp / name
    summary = run_pipeline(inputs, out, db or str(tmp / f"{name}.db"), quiet=True, workers=workers, batch_size=16)
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
    for name in ("documents.jsonl", "stories.jsonl", "entities.jsonl", "timeline.jsonl"):
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
    from linimasa.engines.streaming import annotate_stream

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
    assert one == [json.dumps(d.to_json(), ensure_ascii=False) for d in docs]
