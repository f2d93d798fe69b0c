"""The API's ingest (``POST /api/documents``): a few documents analysed, then the corpus
decisions taken again over every stored document, in memory.

The corpus runs the one path every run takes (records -> plan -> finalise:
:mod:`linimasa.corpus.plan`), here over documents held in memory rather than loaded from
the store story by story; the in-memory corpus stages (:mod:`linimasa.corpus.stage`) are
only the tests' oracle.
"""

from __future__ import annotations

from array import array

from linimasa.corpus.duplicates import DuplicateStage
from linimasa.corpus.plan import CorpusBuilder, finalise_stories, plan_corpus
from linimasa.corpus.records import document_record
from linimasa.corpus.threads import refresh_threads
from linimasa.jobs.summary import BATCH_SIZE, RunSummary
from linimasa.jsontext import dumps, loads
from linimasa.model import Document, Story
from linimasa.pipeline import CorpusResult


def run_corpus(docs: list[Document], summary: RunSummary, batch_size: int = BATCH_SIZE) -> CorpusResult:
    """Entity links, duplicates, stories, story dates, timelines and summaries of ``docs``
    (analysed, in the order the stories should be numbered in); counts in ``summary``."""
    builder = CorpusBuilder()
    shingles: dict[str, bytes] = {}
    for k, doc in enumerate(docs):
        record = document_record(doc, k, with_shingles=True)
        if record.shingles:
            shingles[record.id] = record.shingles
        builder.add(record)

    def shingle_set(doc_id: str) -> set[int]:
        packed = shingles.get(doc_id)
        return set(array("I", packed)) if packed else set()

    plan = plan_corpus(builder, lambda items: DuplicateStage().find_items(items, shingle_set))
    # finalised from their JSON as the streaming run finalises stored analyses
    final = {d.id: Document.from_json(loads(dumps(d.to_json()))) for d in docs}
    stories: list[Story] = []
    for task in plan.tasks(batch_size):
        finalise_stories(task, final)
        stories.extend(task.stories)
    result = CorpusResult(
        documents=[final[d.id] for d in docs],
        stories=stories,
        entities=plan.entities.entities,
        threads=refresh_threads(plan.threads, stories),
    )
    summary.stories = len(result.stories)
    summary.entities = len(result.entities)
    summary.duplicates = plan.duplicates
    return result
