"""The corpus stages of ``linimasa run``, in order."""

from __future__ import annotations

from linimasa.corpus.entities import EntityCorpusStage
from linimasa.pipeline import CorpusStage


def corpus_stages() -> list[CorpusStage]:
    """Duplicates, stories, story-level dates and timelines come with the stories work; entities last."""
    return [EntityCorpusStage()]
