"""The corpus stages as in-memory objects, in order: the reference the tests hold the corpus
plan to (:mod:`linimasa.corpus.plan`, which every run takes) and the benchmark's per-stage costs.

entities -> duplicates -> stories -> story-level dates -> timelines and summaries.

The corpus entity stage (``corpus/entities.py``, another module) runs first: it links
short names to full ones across documents ("Putin" -> "Vladimir Putin") and rewrites the
mentions' ids, and it needs nothing from the later stages; run last, it would leave the
stories clustered on, and listing, ids that entities.jsonl no longer has. Story dating
needs the stories; timelines need the re-resolved dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linimasa.corpus.dating import StoryDatingStage
from linimasa.corpus.duplicates import DuplicateStage, canonical_key
from linimasa.corpus.entities import EntityCorpusStage
from linimasa.corpus.stories import StoryStage
from linimasa.corpus.summary import Summarizer
from linimasa.corpus.threads import refresh_threads
from linimasa.corpus.timeline import EventMerger, story_events, story_span
from linimasa.model import Document
from linimasa.pipeline import CorpusResult, CorpusStage


@dataclass
class TimelineStage:
    """Fills each story's ``timeline``, ``summary``, ``start`` and ``end``."""

    name: str = "timelines"
    merger: EventMerger = field(default_factory=EventMerger)
    summarizer: Summarizer = field(default_factory=Summarizer)

    def __call__(self, result: CorpusResult) -> CorpusResult:
        by_id: dict[str, Document] = {d.id: d for d in result.documents}
        for story in result.stories:
            members = sorted((by_id[i] for i in story.documents if i in by_id), key=canonical_key)
            story.timeline = list(story_events(members, self.merger))
            start, end = story_span(story.timeline, members)
            story.start, story.end = start or story.start, end or story.end
            story.summary = self.summarizer.summarize([d for d in members if not d.duplicate_of])
        refresh_threads(result.threads, result.stories)
        return result


def corpus_stages() -> list[CorpusStage]:
    """Entities, duplicates, stories, story-level dates, timelines and summaries: the in-memory
    reference of :mod:`linimasa.corpus.plan` (the tests compare the two; runs take the plan)."""
    return [EntityCorpusStage(), DuplicateStage(), StoryStage(), StoryDatingStage(), TimelineStage()]
