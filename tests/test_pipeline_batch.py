"""``Pipeline.process_batch``: the stages stage by stage over a batch give the documents that
``Pipeline.process`` gives one by one, on real IndoSum articles, failures included."""

from __future__ import annotations

import json

from linimasa.jobs.stages import default_stages
from linimasa.jsontext import dumps
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline


def _raws(indosum_path, n: int) -> list[RawDocument]:
    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:n]
    return [RawDocument(id=str(o["id"]), text=o["text"], source="indosum") for o in map(json.loads, lines)]


class _FailsOn:
    """A stage that raises on one document and marks the others (it sees each document once)."""

    name = "fussy"

    def __init__(self, doc_id: str) -> None:
        self.doc_id = doc_id

    def __call__(self, doc: Document) -> Document:
        if doc.id == self.doc_id:
            raise ValueError("not this one")
        doc.meta["seen by fussy"] = doc.lang
        return doc


def test_a_batch_gives_the_documents_one_by_one_gives(indosum_path) -> None:
    raws = _raws(indosum_path, 120)
    stages = default_stages()
    stages.insert(3, _FailsOn(raws[7].id))  # after sentences: the later stages still run on that one
    pipeline = Pipeline(stages)
    one_by_one = [dumps(pipeline.process(Document.from_raw(r)).to_json()) for r in raws]
    batched = pipeline.process_batch([Document.from_raw(r) for r in raws])
    assert [d.id for d in batched] == [r.id for r in raws]
    assert [dumps(d.to_json()) for d in batched] == one_by_one
    failed = batched[7]
    assert failed.warnings == ["stage fussy failed: ValueError: not this one"]
    assert failed.entities and failed.timexes  # the stages after the failing one ran on it
    assert all(d.meta["seen by fussy"] == "id" for k, d in enumerate(batched) if k != 7)
    assert sum(len(d.entities) for d in batched) > 1000
