"""Story dates a run that adds to a store keeps instead of choosing them again (docs/incremental.md).

A stored member of a story that a continued run finalises again (a new member joined it, or one
of its entities was relinked) was dated from its story by the run that last finalised it:
:meth:`StoryDater.choose` over the undated member and the story's dated members (those dated on
their own, not copies). When that story's dated members are the same documents with the same
dates as then, the choice is the same (it depends on nothing else: the member's own analysis, which
a continued run never changes, and the dater's settings), so it is taken from the member's stored
final object instead of being computed again (a choice compares the member with up to 50 dated
members, sentence by sentence, for every candidate day: most of a large story's finalisation).
When a new dated member joined the story, or a member's own date changed (a new run window), every
undated member is dated again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.dating import StoryDater
from linimasa.corpus.features import parse_day, publication_date
from linimasa.model import Document


@dataclass
class KeptDates:
    """What the last finalisation of some stories decided about their members' dates."""

    # story id -> its stored members dated on their own (not copies) when it was last finalised: (id, day)
    dated: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    # stored member -> the day its story gave it (None: none) and the evidence stored with it
    chosen: dict[str, tuple[str | None, dict[str, Any] | None]] = field(default_factory=dict)


def kept_dates(finals: dict[str, tuple[str, str | None, str | None, str | None, dict[str, Any] | None]]) -> KeptDates:
    """:class:`KeptDates` from stored final objects: ``{id: (story, duplicate_of, published,
    published_from, story_dating)}`` of every stored member of the stories."""
    out = KeptDates()
    dated: dict[str, set[tuple[str, str]]] = {}
    for i, (story, dup, published, source, evidence) in finals.items():
        dated.setdefault(story, set())
        day = parse_day(published)
        if source != "story":
            if day is not None and not dup:
                dated[story].add((i, day.isoformat()))
            elif day is None:
                out.chosen[i] = (None, None)  # (undated: its story gave it no day)
        elif day is not None and isinstance(evidence, dict) and "copy_of" not in evidence:
            out.chosen[i] = (day.isoformat(), {k: v for k, v in evidence.items() if k != "published"})
    out.dated = {s: frozenset(v) for s, v in dated.items()}
    return out


@dataclass
class KeepingDater(StoryDater):
    """:class:`StoryDater` that gives a stored member the day it was given last time when its
    story's dated members are those it was chosen among (:class:`KeptDates`)."""

    kept: KeptDates | None = None
    # the dated members as the choice of a date for a document compares them (their texts), when
    # those given are placeholders that only say their dates (jobs/finalise_stored.py)
    load: Callable[[Document, list[Document]], list[Document]] | None = None

    def choose(self, doc: Document, dated: list[Document]) -> tuple[dt.date, dict] | None:
        kept = self.kept
        if kept is not None and doc.id in kept.chosen and doc.story in kept.dated:
            now = set()
            for d in dated:
                p = publication_date(d)
                if p is not None:
                    now.add((d.id, p.isoformat()))
            if now == kept.dated[doc.story]:
                day, evidence = kept.chosen[doc.id]
                return (dt.date.fromisoformat(day), dict(evidence or {})) if day is not None else None
        if self.load is not None:
            dated = self.load(doc, dated)
        return super().choose(doc, dated)
