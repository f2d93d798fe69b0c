"""The local engine confirms near-copy candidates on the shingle sets its workers computed
(kept in a temporary file), not on texts read back from the store: the sets must be exactly
those of the stored texts. Real IndoSum articles."""

from __future__ import annotations

import json

import pytest

from linimasa.corpus.duplicates import DuplicateStage, normalised_tokens, shingles
from linimasa.corpus.plan import CorpusBuilder
from linimasa.corpus.records import document_record
from linimasa.jobs.local import ShingleFile
from linimasa.jobs.stages import default_stages
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline


@pytest.fixture(scope="module")
def analysed(indosum_path) -> list[Document]:
    pipeline = Pipeline(default_stages())
    docs = []
    for line in indosum_path.read_text(encoding="utf-8").splitlines()[:60]:
        r = json.loads(line)
        docs.append(
            pipeline.process(
                Document.from_raw(RawDocument(id=str(r["id"]), text=r["text"], source="indosum", url=r.get("url")))
            )
        )
    # a text too short to compare, and one shorter than a shingle
    docs.append(pipeline.process(Document.from_raw(RawDocument(id="short", text="Banjir.", source="t"))))
    docs.append(
        pipeline.process(Document.from_raw(RawDocument(id="four", text="Banjir besar di Jakarta.", source="t")))
    )
    return docs


def test_the_file_gives_back_the_sets_of_the_stored_texts(analysed) -> None:
    size = DuplicateStage().shingle_size
    store = ShingleFile()
    try:
        for k, doc in enumerate(analysed):
            stored = Document.from_json(json.loads(json.dumps(doc.to_json(), ensure_ascii=False)))
            store.add(doc.id, document_record(stored, k, with_shingles=True).shingles)
        for doc in analysed:
            expected = shingles(normalised_tokens(doc.text), size) if len(normalised_tokens(doc.text)) >= 3 else set()
            assert store.get(doc.id) == expected
        assert store.get("four") and len(store.get("four")) == 1  # the whole short text is one shingle
        assert store.get("short") == set()
        assert store.get("never analysed") == set()
        assert sum(len(store.get(d.id)) for d in analysed) > 10_000
    finally:
        store.close()


def test_records_carry_them_only_when_asked_and_the_builder_drops_them(analysed) -> None:
    doc = analysed[0]
    assert document_record(doc).shingles is None
    record = document_record(doc, with_shingles=True)
    assert record.shingles and len(record.shingles) == 4 * len(shingles(normalised_tokens(doc.text), 5))
    builder = CorpusBuilder()
    builder.add(record)
    assert builder.records[0].shingles is None  # the run keeps only the compact record


def test_the_pass_of_a_worker_decides_as_this_process(analysed) -> None:
    """The plan has a phase-3 worker run the duplicate pass (jobs.local.duplicates_task): the same
    groups, and the plan state's duplicate blocks it packs are those this process packs from the
    pass's own buckets, in order."""
    from linimasa.corpus.plan_state import dup_blocks
    from linimasa.jobs.local import duplicates_task
    from linimasa.store.state_shards import pack_state

    docs = [*analysed, *(Document(id=f"{d.id}-copy", source="t", raw="", text=d.text) for d in analysed[:20])]
    store = ShingleFile()
    try:
        items = []
        for k, doc in enumerate(docs):
            record = document_record(doc, k, with_shingles=True)
            store.add(doc.id, record.shingles)
            items.append(record.dup)
        here = DuplicateStage()
        expected = here.find_items(items, store.get)
        found, packed = duplicates_task([(i.id, i.key, i.exact, i.minhash) for i in items], *store.shared())
        assert found == expected and len(found) >= 20
        own = pack_state(dup_blocks(items, here.last_buckets))
        assert list(packed.layout.items()) == list(own.layout.items()) and set(own.layout) == {"x", "b"}
        assert list(packed.shards.items()) == list(own.shards.items())
    finally:
        store.close()
