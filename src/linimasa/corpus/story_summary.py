"""What a story shows of itself: its central entities, its title and why its members are together."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from linimasa.corpus.story_items import StoryItem


def central_entities(docs: list[StoryItem], limit: int = 5) -> list[str]:
    """Entity ids named by the most members (then most often), the story's main participants."""
    by_docs: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for d in docs:
        for e, n in d.entities:
            mentions[e] += n
            by_docs[e] += 1
    ranked = sorted(by_docs, key=lambda e: (-by_docs[e], -mentions[e], e))
    return ranked[:limit]


def short_title(docs: list[StoryItem], max_words: int = 14) -> str:
    """The headline of the earliest member with one, else its first sentence, shortened."""
    for d in docs:
        if d.title:
            text = d.title
            break
    else:
        text = docs[0].lead
    words = text.split()
    return " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")


def story_reasons(
    members: list[StoryItem],
    df: Counter[Any],
    n_docs: int,
    names: Sequence[str] | None,
    scores: dict[str, float | None],
    top: int = 6,
) -> dict[str, Any]:
    """Why a story's members are together: the terms and entities most of them share (rarest
    first), the days their leads name, and the weakest score a member joined with."""
    originals = [m for m in members if not m.duplicate_of]
    if len(members) < 2:
        return {}
    in_docs: Counter[Any] = Counter()
    for m in originals:
        in_docs.update(m.terms)
    # (terms are strings, or ints standing for ``names[key]``: ranked by name, the same either way)
    shared = [
        (-c * math.log((1 + n_docs) / (1 + df[t])), names[t] if names is not None and isinstance(t, int) else str(t))
        for t, c in in_docs.items()
        if c >= 2
    ]
    shared.sort()
    terms = [name for _, name in shared[:top]]
    ents: Counter[str] = Counter()
    for m in members:
        ents.update({e for e, _ in m.entities})
    days: Counter[str] = Counter()
    for m in originals:
        days.update({a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}" for a, b in m.events})
    joined = [s for s in (scores.get(m.id) for m in originals) if s is not None]
    return {
        "terms": terms,
        "entities": [e for e, c in sorted(ents.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 2][:top],
        "dates": [d for d, _ in sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        "copies": len(members) - len(originals),
        "weakest_score": min(joined) if joined else None,
    }
