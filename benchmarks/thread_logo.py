"""Leave-one-group-out (LOGO) scores of thread rules on the gold set's dev part (``bench_stories.py --gold --logo``).

Thread pair F1 on the dev part turns on one big history (the e-KTP case holds 406 of its 674 gold
pairs), so a rule tuned on the whole dev part can fit that history and fail elsewhere (session 19:
dev 0.655, held-out 0.215). Here each candidate configuration of threading (the shipped one, each
rule turned off, other thresholds) re-threads the stories of one run; for each of the dev part's six
groups (club, rider or case), the candidate best on the other five groups (thread pair F1 over their
pairs) is chosen and scored on the sixth; the six groups' pair counts are pooled. A rule is worth
keeping when it is chosen in most folds and the pooled LOGO figure rises, not only the dev figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

# name -> ThreadConfig fields changed from the shipped defaults
CANDIDATES: dict[str, dict[str, Any]] = {
    "linimasa": {},
    "league an actor": {"frames": frozenset()},
    "no series actor": {"series_main": False},
    "series via any actor": {"series_thread_main": False},
    "bare years refer": {"year_refs": True},
    "no own thread": {"prefer_main": False},
    "session-19 rules": {
        "frames": frozenset(),
        "series_main": False,
        "year_refs": True,
        "prefer_main": False,
        "threshold": 0.18,
    },
    "no cue reports": {"cue_series": 2.0},
    "blocking 2 %": {"common_fraction": 0.02},
    "series via any lead": {"series_own_main": False},
    "candidates by hits": {"kind_candidates": False},
    "series rule ties": {"series_main_order": 0.0},
    "subject 0.1": {"min_subject": 0.1},
    "subject 0.3": {"min_subject": 0.3},
    "session-20 rules": {
        "cue_series": 2.0,
        "common_fraction": 0.02,
        "series_own_main": False,
        "kind_candidates": False,
        "series_main_order": 0.0,
        "min_subject": 0.1,
        "threshold": 0.2,
    },
    "merge any kind at 0.4": {"merge_kind_subject": 0.4},
    "competition merge": {"merge_competitions": True},
    "no attach": {"attach_min": 0},
    "no bridge": {"merge_bridge": 0.0},
    "bridge 0.4": {"merge_bridge": 0.4},
    "no series via main": {"series_via_main": False},
    "two actors, any subject": {"pair_subject": 0.0},
    "two actors, subject 0.05": {"pair_subject": 0.05},
    "two actors, subject 0.1": {"pair_subject": 0.1},
    "two actors, subject 0.12": {"pair_subject": 0.12},
    "threshold 0.18": {"threshold": 0.18},
    "threshold 0.2": {"threshold": 0.2},
    "threshold 0.22": {"threshold": 0.22},
    "threshold 0.24": {"threshold": 0.24},
}


def thread_pair_counts(
    story: dict[str, str], thread: dict[str, str | None], gold: dict[str, str], haps: dict, ids
) -> tuple[int, int, int]:
    """(tp, fp, fn) over pairs of happenings: linked in the gold when they share a thread; predicted
    linked when the stories of their first articles share a thread or are one story."""
    first: dict[str, str] = {}
    for i in sorted(ids):
        first.setdefault(gold[i], i)
    hs = sorted(first)
    tp = fp = fn = 0
    for x in range(len(hs)):
        for y in range(x + 1, len(hs)):
            a, b = hs[x], hs[y]
            g = haps[a]["thread"] is not None and haps[a]["thread"] == haps[b]["thread"]
            sa, sb = story[first[a]], story[first[b]]
            p = sa == sb or (thread.get(sa) is not None and thread.get(sa) == thread.get(sb))
            tp += g and p
            fp += p and not g
            fn += g and not p
    return tp, fp, fn


def pair_prf(c: tuple[int, int, int]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _add(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2]


def capture_profiles(run: Callable[[], Any]) -> tuple[Any, list]:
    """``run()``'s result and the story profiles its threading saw (the last call)."""
    from linimasa.corpus import stories

    seen: list = []
    original = stories.Threader

    class _Capturing(original):  # type: ignore[misc, valid-type]
        def threads(self, profiles):  # type: ignore[no-untyped-def]
            seen[:] = list(profiles)
            return super().threads(profiles)

    stories.Threader = _Capturing
    try:
        out = run()
    finally:
        stories.Threader = original
    return out, seen


def logo_report(
    profiles: Sequence[Any], story: dict[str, str], gold: dict[str, str], haps: dict, dev: list[str]
) -> None:
    """Print each candidate's dev figures (pooled and per group) and the LOGO choice and pooled figure."""
    from linimasa.corpus.threads import ThreadConfig, Threader

    groups = sorted({haps[gold[i]]["group"] for i in dev})
    by_group = {g: [i for i in dev if haps[gold[i]]["group"] == g] for g in groups}
    rest = {g: [i for i in dev if haps[gold[i]]["group"] != g] for g in groups}
    res = {}
    print("thread rules, leave one group out (dev part; candidates re-thread the same stories):")
    for name, change in CANDIDATES.items():
        thread: dict[str, str | None] = {}
        for t in Threader(replace(ThreadConfig(), **change)).threads(profiles):
            for s in t.stories:
                thread[s] = t.id
        per = {g: thread_pair_counts(story, thread, gold, haps, by_group[g]) for g in groups}
        others = {g: thread_pair_counts(story, thread, gold, haps, rest[g]) for g in groups}
        res[name] = (per, others)
        p, r, f = pair_prf(thread_pair_counts(story, thread, gold, haps, dev))
        print(
            f"  {name:<18} dev P {p:.3f} R {r:.3f} F1 {f:.3f}  "
            + " ".join(f"{g} {pair_prf(per[g])[2]:.2f}" for g in groups)
        )
    pooled, shipped = (0, 0, 0), (0, 0, 0)
    picks = []
    for g in groups:
        best = max(CANDIDATES, key=lambda n: (pair_prf(res[n][1][g])[2], n == "linimasa"))
        picks.append(f"{g}: {best}")
        pooled = _add(pooled, res[best][0][g])
        shipped = _add(shipped, res["linimasa"][0][g])
    # (the choice by the other five groups' mean F1: each history weighs alike, the e-KTP case's 406 pairs do not
    # decide every fold)
    macro, mpicks = (0, 0, 0), []
    for g in groups:
        best = max(
            CANDIDATES,
            key=lambda n: (sum(pair_prf(res[n][0][h])[2] for h in groups if h != g), n == "linimasa"),
        )
        mpicks.append(f"{g}: {best}")
        macro = _add(macro, res[best][0][g])
    p, r, f = pair_prf(pooled)
    sp, sr, sf = pair_prf(shipped)
    mp, mr, mf = pair_prf(macro)
    print(f"  LOGO choice per group (by the other groups' mean F1): {'; '.join(mpicks)}")
    print(f"  LOGO pooled, choice by mean F1: P {mp:.3f} R {mr:.3f} F1 {mf:.3f}")
    print(f"  LOGO choice per group: {'; '.join(picks)}")
    print(
        f"  LOGO pooled (within-group pairs) P {p:.3f} R {r:.3f} F1 {f:.3f}; linimasa's rules on the same pairs "
        f"P {sp:.3f} R {sr:.3f} F1 {sf:.3f}"
    )
