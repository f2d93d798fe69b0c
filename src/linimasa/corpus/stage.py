"""The corpus stages of ``linimasa run``, in order."""

from __future__ import annotations

from linimasa.pipeline import CorpusStage


def corpus_stages() -> list[CorpusStage]:
    """Duplicates, stories, story-level dates, timelines and entities (filled in by later work)."""
    return []
