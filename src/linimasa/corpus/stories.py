"""Stories: the corpus stage that groups documents into stories (one happening each) and links
stories into threads.

The parts: :mod:`corpus.story_items` (what clustering needs of a document),
:mod:`corpus.clustering` (the single-pass clustering with blocking and time windows),
:mod:`corpus.story_summary` (titles, central entities, the ``why`` record) and
:mod:`corpus.threads` (threads). This module assembles them: copies join their original's
story, stories get their ids, titles and reasons, then threads are built.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.clustering import StoryClusterer, StoryConfig
from linimasa.corpus.story_items import (
    FOCUS_DAYS,
    LEAD_WORDS,
    Interval,
    StoryItem,
    capped_counts,
    document_points,
    lead_and_background_dates,
    story_item,
)
from linimasa.corpus.story_summary import central_entities, short_title, story_reasons
from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader, story_profile
from linimasa.model import Story, Thread
from linimasa.pipeline import CorpusResult

__all__ = [
    "FOCUS_DAYS",
    "LEAD_WORDS",
    "Interval",
    "StoryAssignment",
    "StoryClusterer",
    "StoryConfig",
    "StoryItem",
    "StoryStage",
    "capped_counts",
    "central_entities",
    "document_points",
    "lead_and_background_dates",
    "short_title",
    "story_id",
    "story_item",
    "story_reasons",
]


def group_story(
    sid: str,
    members: list[StoryItem],
    term_df: Counter[Any],
    n_docs: int,
    names: Sequence[str] | None,
    scores: dict[str, float | None],
) -> Story:
    """The story ``sid`` of ``members`` (in canonical order): its title, span from their
    publication dates, central entities and why (a full run's and a continued run's stories)."""
    dates = sorted(d.pub for d in members if d.pub)
    return Story(
        id=sid,
        title=short_title(members),
        documents=[d.id for d in members],
        start=dates[0].isoformat() if dates else None,
        end=dates[-1].isoformat() if dates else None,
        entities=central_entities(members),
        why=story_reasons(members, term_df, n_docs, names, scores),
    )


def story_id(first_member: str) -> str:
    """Stable story id: a hash of its earliest member's id."""
    return "story-" + hashlib.blake2b(first_member.encode("utf-8"), digest_size=6).hexdigest()


@dataclass
class StoryAssignment:
    """The stories of a corpus and, per document, its story and the score it joined with."""

    stories: list[Story]
    story_of: dict[str, str]
    scores: dict[str, float | None]  # originals only: None for a story's founder
    threads: list[Thread] = field(default_factory=list)
    clusterer: StoryClusterer | None = None  # the pass that decided (its state, for corpus.increment)
    seq_ids: list[str] = field(default_factory=list)  # the story of each of the pass's stories, by index
    profiles: list[StoryProfile] = field(default_factory=list)  # the stories' thread profiles


@dataclass
class StoryStage:
    """Sets ``doc.story`` and builds ``result.stories``; duplicates join their original's story."""

    name: str = "stories"
    config: StoryConfig = field(default_factory=StoryConfig)
    thread_config: ThreadConfig = field(default_factory=ThreadConfig)

    def __call__(self, result: CorpusResult) -> CorpusResult:
        items = [story_item(d, self.config.focus_days) for d in result.documents]
        assigned = self.assign(items)
        for d in result.documents:
            d.story = assigned.story_of[d.id]
            if d.id in assigned.scores:
                score = assigned.scores[d.id]
                if score is not None:
                    d.features["story_score"] = score
                else:
                    d.features.pop("story_score", None)
        result.stories = assigned.stories
        result.threads = assigned.threads
        return result

    def assign(self, items: list[StoryItem], names: Sequence[str] | None = None) -> StoryAssignment:
        """Cluster the originals, attach the copies, build the :class:`Story` objects."""
        by_id = {it.id: it for it in items}

        def follows_original(d: StoryItem) -> bool:
            """A copy joins its original's story, unless both are dated and too far apart (a re-post years later)."""
            if not d.duplicate_of or d.duplicate_of not in by_id:
                return False
            a, b = d.pub, by_id[d.duplicate_of].pub
            return a is None or b is None or abs((a - b).days) <= self.config.max_gap_days

        originals = [d for d in items if not follows_original(d)]
        clusterer = StoryClusterer(self.config)
        groups = clusterer.cluster_items(originals, names)
        copies: dict[str, list[StoryItem]] = defaultdict(list)
        for d in items:
            if follows_original(d):
                copies[d.duplicate_of].append(d)  # type: ignore[index]
        stories = []
        story_of: dict[str, str] = {}
        df: Counter[Any] = Counter()
        for d in originals:
            df.update(d.terms)
        profiles = []
        for group in groups:
            members = [originals[i] for i in group]
            for i in group:
                members.extend(copies.get(originals[i].id, ()))
            members.sort(key=StoryItem.canonical_key)
            sid = story_id(members[0].id)
            for d in members:
                story_of[d.id] = sid
            stories.append(group_story(sid, members, df, len(originals), names, clusterer.scores))
            profiles.append(
                story_profile(sid, stories[-1].title, members, df, len(originals), names, self.thread_config)
            )
        threads = []
        by_sid = {s.id: s for s in stories}
        for g in Threader(self.thread_config).threads(profiles):
            for sid in g.stories:
                by_sid[sid].thread = g.id
            starts = [by_sid[x].start for x in g.stories if by_sid[x].start]
            ends = [by_sid[x].end for x in g.stories if by_sid[x].end]
            threads.append(
                Thread(
                    id=g.id,
                    title=g.title,
                    stories=g.stories,
                    entities=g.entities,
                    start=min(starts) if starts else None,  # type: ignore[type-var]
                    end=max(ends) if ends else None,  # type: ignore[type-var]
                    links=[link.to_json() for link in g.links],
                )
            )
        stories.sort(key=lambda s: (s.start or "9999", s.id))
        threads.sort(key=lambda t: (t.start or "9999", t.id))
        scores = {d.id: clusterer.scores.get(d.id) for d in originals}
        return StoryAssignment(stories, story_of, scores, threads, clusterer, [s.id for s in by_sid.values()], profiles)
