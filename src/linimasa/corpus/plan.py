"""The corpus stages split in two for engines that do not hold the corpus in memory.

1. :func:`plan_corpus` takes the corpus-wide decisions from :class:`DocRecord` s alone:
   entity links and display names, duplicate groups, stories (the same code as the
   in-memory stages: :class:`EntityAggregator`, :meth:`DuplicateStage.find_items`,
   :meth:`StoryStage.assign`).
2. :func:`finalise_stories` applies them to the members of a few stories, loaded again in
   full, and runs what is local to a story: story-level dates and the timeline, summary,
   start and end (:class:`StoryDatingStage`, :class:`TimelineStage`). Stories are
   independent, so engines finalise them in parallel, in any grouping.

The result is the same as :meth:`linimasa.pipeline.Pipeline.process_corpus` with the default
corpus stages over the same documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from linimasa.corpus.dating import StoryDatingStage, dated_window, self_dated
from linimasa.corpus.duplicates import DupItem
from linimasa.corpus.entities import EntityAggregator, EntityTable
from linimasa.corpus.features import parse_day
from linimasa.corpus.kept_dates import KeepingDater, KeptDates
from linimasa.corpus.records import DocRecord, TermTable
from linimasa.corpus.stage import TimelineStage
from linimasa.corpus.stories import StoryAssignment, StoryStage
from linimasa.corpus.story_items import centrality
from linimasa.model import Document, Story, Thread
from linimasa.pipeline import CorpusResult
from linimasa.time.stage import resolve_document


class CorpusBuilder:
    """Collects the records of a run, in input order, keeping only what the decisions need."""

    def __init__(self) -> None:
        self.records: list[DocRecord] = []
        self.entities = EntityAggregator()
        self.terms = TermTable()

    def add(self, record: DocRecord) -> None:
        if record.mentions is not None:
            self.entities.add(record.mentions)
            record.mentions = None
        record.warnings = []
        record.shingles = None  # an engine that wants them took them before
        self.terms.intern(record.story)
        self.records.append(record)


@dataclass
class Member:
    """One document's corpus decisions, as a story's finalisation needs them."""

    index: int
    id: str
    duplicate_of: str | None
    story: str
    scored: bool  # an original (clustered): its story score is set, or removed when None
    score: float | None


@dataclass
class StoryTask:
    """Some stories to finalise: their skeletons, their members' decisions, the entity names they need."""

    stories: list[Story]
    members: list[Member]
    entities: EntityTable
    window: tuple[str, str] | None = None  # the run's dated span (ISO dates), for year pinning
    kept: KeptDates | None = None  # (a continued run's) the dates its stories gave stored members last time

    @property
    def ids(self) -> list[str]:
        return [m.id for m in self.members]


@dataclass
class CorpusPlan:
    entities: EntityTable
    stories: list[Story]  # in output order; timelines not yet built
    members: dict[str, Member] = field(default_factory=dict)
    entity_ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per document, as analysed
    threads: list[Thread] = field(default_factory=list)  # stories' ``thread`` set; spans from the skeletons
    window: tuple[str, str] | None = None  # span of the run's self-dated documents (corpus.dating)
    # the passes' state, kept for corpus.increment.full_state (a full plan's only)
    assigned: StoryAssignment | None = None
    aggregator: EntityAggregator | None = None
    kept_dates: KeptDates | None = None  # (a continued plan's) see corpus.kept_dates

    @property
    def duplicates(self) -> int:
        return sum(1 for m in self.members.values() if m.duplicate_of)

    def tasks(self, max_documents: int = 256) -> Iterable[StoryTask]:
        """The stories in output order, grouped into tasks of about ``max_documents`` members."""
        stories: list[Story] = []
        members: list[Member] = []

        def task() -> StoryTask:
            ids = {e for m in members for e in self.entity_ids.get(m.id, ())}
            return StoryTask(
                list(stories),
                sorted(members, key=lambda m: m.index),
                self.entities.subset(ids),
                self.window,
                self.kept_dates,
            )

        for s in self.stories:
            stories.append(s)
            members.extend(self.members[i] for i in s.documents)
            if len(members) >= max_documents:
                yield task()
                stories, members = [], []
        if stories:
            yield task()


def plan_corpus(
    builder: CorpusBuilder,
    duplicates: Callable[[list[DupItem]], dict[str, str] | Callable[[], dict[str, str]]],
) -> CorpusPlan:
    """Entity links, duplicate groups and stories of the collected records.

    ``duplicates`` maps the records' :class:`DupItem` s to ``{copy id: original id}``: the
    local engine runs :meth:`DuplicateStage.find_items` (shingle sets read back on demand), the
    Spark engine :meth:`DuplicateStage.find_from_pairs` over pairs confirmed by Spark tasks. It
    is called first and may return a function that waits for the mapping instead: the local
    engine has the pass run by an idle worker while this process links the entities.
    """
    records = builder.records
    found = duplicates([r.dup for r in records])
    table = builder.entities.resolve([e for e, _ in r.story.entities] for r in records)
    entity_ids: dict[str, tuple[str, ...]] = {}
    for r in records:
        entity_ids[r.id] = tuple(e for e, _ in r.story.entities) + r.speakers
        if table.remap and any(e in table.remap for e, _ in r.story.entities):
            merged: dict[str, int] = {}
            for e, n in r.story.entities:
                f = table.final_id(e)
                merged[f] = merged.get(f, 0) + n
            r.story.entities = tuple(merged.items())
        if table.remap and any(f[0] in table.remap for f in r.story.central_facts):
            # (the in-memory stages take it from the linked mentions: the same weights)
            r.story.central = centrality(r.story.central_facts, table.final_id)
        r.story.central_facts = []
    duplicate_of = found() if callable(found) else found
    for r in records:
        r.story.duplicate_of = duplicate_of.get(r.id)
    assigned = StoryStage().assign([r.story for r in records], names=builder.terms.names)
    plan = CorpusPlan(table, assigned.stories, entity_ids=entity_ids, threads=assigned.threads)
    plan.assigned, plan.aggregator = assigned, builder.entities
    span = dated_window(
        [p for r in records if self_dated(r.published_from, r.year_basis) and (p := parse_day(r.published)) is not None]
    )
    plan.window = (span[0].isoformat(), span[1].isoformat()) if span else None
    for r in records:
        plan.members[r.id] = Member(
            index=r.index,
            id=r.id,
            duplicate_of=duplicate_of.get(r.id),
            story=assigned.story_of[r.id],
            scored=r.id in assigned.scores,
            score=assigned.scores.get(r.id),
        )
    return plan


def finalise_stories(task: StoryTask, docs: dict[str, Document]) -> list[Document]:
    """Apply the plan to the members of ``task`` (given in full) and build the stories' dates and timelines.

    Returns the members in input order; ``task.stories`` are filled in place.
    """
    result = apply_and_date(task, docs)
    TimelineStage()(result)
    return result.documents


def apply_and_date(
    task: StoryTask,
    docs: dict[str, Document],
    load: Callable[[Document, list[Document]], list[Document]] | None = None,
) -> CorpusResult:
    """The plan applied to the members of ``task`` (entities, copies, stories, scores) and the
    stories' dates taken (kept where ``task.kept`` says): the steps every finalise shares before
    the timelines. The result's documents are the members in input order. ``load``: see
    :class:`~linimasa.corpus.kept_dates.KeepingDater`."""
    members = []
    for m in task.members:
        doc = docs[m.id]
        task.entities.apply(doc)
        doc.duplicate_of = m.duplicate_of
        doc.story = m.story
        if m.scored:
            if m.score is not None:
                doc.features["story_score"] = m.score
            else:
                doc.features.pop("story_score", None)
        members.append(doc)
    result = CorpusResult(documents=members, stories=task.stories)
    window = (dt.date.fromisoformat(task.window[0]), dt.date.fromisoformat(task.window[1])) if task.window else None
    dater = KeepingDater(resolver=resolve_document, kept=task.kept, load=load) if task.kept is not None else None
    StoryDatingStage(dater=dater, window=window)(result)
    return result
