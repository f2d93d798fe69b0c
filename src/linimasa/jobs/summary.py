"""What a run did (:class:`RunSummary`): counts, skipped inputs, warnings, outputs, phase times.

Every use case fills one (``linimasa.jobs``); the command line prints it and derives its exit
code from it, the store keeps it with the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from linimasa.lang.packs import no_pack_language

BATCH_SIZE = 256


# Skipped inputs kept by a summary as examples (with their source); past these only counts are
# kept, so a million bad lines cost a counter, not a million strings (each is still reported).
MAX_SKIPPED_EXAMPLES = 1000


# Kinds of reasons counted one by one; any further kind is counted as "other reasons".
MAX_SKIP_KINDS = 100


OTHER_REASONS = "other reasons"


def reason_kind(reason: str) -> str:
    """The kind of a skip reason, what the summary counts by: the reason without its details
    (``"line is not valid JSON (Expecting value at column 1)"`` -> ``"line is not valid JSON"``)."""
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()[:200] or "unknown reason"


@dataclass
class RunSummary:
    """What a run did, for the one-line summary, the summary table and the exit code.

    Skipped inputs are counted (``skipped_count``, and by kind of reason in ``skip_kinds``);
    ``skipped`` keeps the first :data:`MAX_SKIPPED_EXAMPLES` of them with their source and
    reason (add them with :meth:`skip`).
    """

    read: int = 0
    analysed: int = 0
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # the first MAX_SKIPPED_EXAMPLES
    skipped_count: int = 0
    skip_kinds: dict[str, int] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    entities: int = 0
    duplicates: int = 0
    stored: int = 0  # stored documents the run did not read, planned with it (docs/incremental.md)
    refinalised: int = 0  # stories finalised by the run (the others were read back from the store)
    continued: bool = False  # the last plan continued with the new documents (not planned again over the store)
    run_id: int = 0  # the store's id of this run (``linimasa export --run ID`` exports its documents)
    listed: int = 0  # documents the output folder lists: the whole store after the run (docs/incremental.md)
    elapsed: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per engine phase (streaming engine)

    def skip(self, source: str, reason: str) -> None:
        """Count one skipped input (kept as an example while there are few)."""
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_EXAMPLES:
            self.skipped.append((source, reason))
        kind = reason_kind(reason)
        if kind not in self.skip_kinds and len(self.skip_kinds) >= MAX_SKIP_KINDS:
            kind = OTHER_REASONS
        self.skip_kinds[kind] = self.skip_kinds.get(kind, 0) + 1

    def without_language_pack(self) -> dict[str, int]:
        """``{language: documents}`` of the documents in a language that has no language pack
        (the entity stage's warning, :func:`linimasa.lang.packs.no_pack_warning`), most first."""
        counts: dict[str, int] = {}
        for _source, message in self.warnings:
            lang = no_pack_language(message)
            if lang is not None:
                counts[lang] = counts.get(lang, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "analysed": self.analysed,
            "reused": self.reused,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],  # (examples)
            "skipped_count": self.skipped_count,
            "skip_kinds": dict(sorted(self.skip_kinds.items())),
            "warnings": len(self.warnings),
            "stories": self.stories,
            "entities": self.entities,
            "duplicates": self.duplicates,
            "stored": self.stored,
            "refinalised": self.refinalised,
            "continued": self.continued,
            "listed": self.listed,
            "elapsed": round(self.elapsed, 3),
            **({"phases": {k: round(v, 3) for k, v in self.phases.items()}} if self.phases else {}),
        }


def timer() -> Callable[[], float]:
    t0 = time.perf_counter()
    return lambda: time.perf_counter() - t0

