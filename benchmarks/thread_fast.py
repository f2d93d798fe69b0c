"""Fast dev-only re-threading of captured story profiles (for tuning thread rules).

    TMPDIR=... LINIMASA_SHARED=... python benchmarks/thread_fast.py capture   # once: run the corpus stages, keep profiles
    python benchmarks/thread_fast.py score [--logo] [--errors GROUP]         # re-thread with the current code

``capture`` runs ``bench_stories.py``'s 1x corpus stages (URL dates, cached per-document analyses) and pickles the
story profiles threading saw and each article's story into ``$TMPDIR/thread-fast.pkl``. ``score`` re-threads those
profiles with the working tree's :mod:`corpus.threads` and prints the dev part's thread pair P / R / F1, per group
and leave-one-group-out over ``thread_logo.CANDIDATES``: seconds instead of minutes. Only the dev part is scored or
printed (the held-out part is never read here). Profiles change with the story stage's code: capture again then.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "thread-fast.pkl"
CACHE_TEXT = Path(os.environ.get("TMPDIR", "/tmp")) / "thread-fast-text-dates.pkl"


def capture(text_dates: bool = False) -> None:
    import bench_stories
    from thread_logo import capture_profiles

    docs = bench_stories.base_documents(text_dates)
    (story, _thread, line), profiles = capture_profiles(lambda: bench_stories._linimasa_run(docs))
    print(line)
    with (CACHE_TEXT if text_dates else CACHE).open("wb") as fh:
        pickle.dump({"story": story, "profiles": profiles}, fh)


def _dev(gold: dict) -> tuple[dict, dict, list[str]]:
    gdocs, haps = gold["documents"], gold["happenings"]
    return gdocs, haps, sorted(i for i in gdocs if not haps[gdocs[i]]["heldout"])


def score(
    logo: bool, errors: str | None, change: dict | None = None, diff: str | None = None, text_dates: bool = False
) -> None:
    import bench_stories
    from thread_logo import logo_report, pair_prf, thread_pair_counts

    from linimasa.corpus.threads import Threader

    with (CACHE_TEXT if text_dates else CACHE).open("rb") as fh:
        data = pickle.load(fh)
    story, profiles = data["story"], data["profiles"]
    gold = json.loads(bench_stories.GOLD.read_text(encoding="utf-8"))
    gdocs, haps, dev = _dev(gold)
    dev = [i for i in dev if i in story]
    from dataclasses import replace

    from linimasa.corpus.threads import ThreadConfig

    groups = Threader(replace(ThreadConfig(), **(change or {}))).threads(profiles)
    thread = {s: t.id for t in groups for s in t.stories}
    if diff:
        base = {s: t.id for t in Threader().threads(profiles) for s in t.stories}
        _diff(diff, story, base, thread, profiles, gdocs, haps, dev)
    p, r, f = pair_prf(thread_pair_counts(story, thread, gdocs, haps, dev))
    print(f"{len(profiles)} stories, {len(groups)} threads; dev thread pairs P {p:.3f} R {r:.3f} F1 {f:.3f}")
    per = []
    for g in sorted({haps[gdocs[i]]["group"] for i in dev}):
        sel = [i for i in dev if haps[gdocs[i]]["group"] == g]
        c = thread_pair_counts(story, thread, gdocs, haps, sel)
        per.append(pair_prf(c)[2])
        print(f"  {g:<10} P {pair_prf(c)[0]:.3f} R {pair_prf(c)[1]:.3f} F1 {pair_prf(c)[2]:.3f}  tp/fp/fn {c}")
    print(f"  macro F1 over groups {sum(per) / len(per):.3f}")
    if errors:
        _errors(errors, story, thread, profiles, groups, gdocs, haps, dev)
    if logo:
        logo_report(profiles, story, gdocs, haps, dev)


def _diff(group, story, base, thread, profiles, gdocs, haps, dev) -> None:
    """The group's happening pairs whose predicted link differs between the shipped rules and the change."""
    by_id = {p.id: p for p in profiles}
    first: dict[str, str] = {}
    for i in sorted(dev):
        if group in ("all", haps[gdocs[i]]["group"]):
            first.setdefault(gdocs[i], i)
    hs = sorted(first)

    def linked(th, a, b):
        sa, sb = story[first[a]], story[first[b]]
        return sa == sb or (th.get(sa) is not None and th.get(sa) == th.get(sb))

    for x, a in enumerate(hs):
        for b in hs[x + 1 :]:
            was, now = linked(base, a, b), linked(thread, a, b)
            if was != now:
                g = haps[a]["thread"] is not None and haps[a]["thread"] == haps[b]["thread"]
                ok = "right" if now == g else "WRONG"
                ta, tb = by_id[story[first[a]]].title[:45], by_id[story[first[b]]].title[:45]
                print(f"  {'+' if now else '-'} {ok} {a} / {b}  {ta} | {tb}")


def _errors(group, story, thread, profiles, groups, gdocs, haps, dev) -> None:
    """The group's happenings by gold thread with their story, predicted thread and title."""
    by_id = {p.id: p for p in profiles}
    first: dict[str, str] = {}
    for i in sorted(dev):
        if haps[gdocs[i]]["group"] == group:
            first.setdefault(gdocs[i], i)
    rows = []
    for h, doc in first.items():
        s = story[doc]
        p = by_id.get(s)
        rows.append(
            (
                str(haps[h]["thread"]),
                str(p.start if p else ""),
                h,
                s,
                thread.get(s) or "-",
                "S" if p and (p.series >= 0.5 or p.cue >= 0.5) else "t",
                (p.title if p else "")[:70],
                ",".join(sorted(p.entities, key=lambda e: -p.entities[e])[:4]) if p else "",
            )
        )
    for row in sorted(rows):
        print("  " + " | ".join(row))


def links(group: str) -> None:
    """The links of every thread holding a story of the dev group (story -> story: score, entities, terms)."""
    import bench_stories

    from linimasa.corpus.threads import Threader

    with CACHE.open("rb") as fh:
        data = pickle.load(fh)
    story, profiles = data["story"], data["profiles"]
    gold = json.loads(bench_stories.GOLD.read_text(encoding="utf-8"))
    gdocs, haps, dev = _dev(gold)
    hap_of: dict[str, str] = {}
    for i in dev:
        if i in story and haps[gdocs[i]]["group"] == group:
            hap_of[story[i]] = f"{gdocs[i]}[{haps[gdocs[i]]['thread']}]"
    by_id = {p.id: p for p in profiles}
    for t in Threader().threads(profiles):
        if not any(s in hap_of for s in t.stories):
            continue
        print(f"== {t.id} {len(t.stories)} stories")
        for s in t.stories:
            p = by_id[s]
            kind = "S" if p.series >= 0.5 or p.cue >= 0.5 else "t"
            print(f"   {s} {p.start} {kind} {hap_of.get(s, '')} {p.title[:60]}")
        for k in t.links:
            print(f"   link {k.story[-6:]} -> {k.to[-6:]} {k.score:.3f} {k.entities} {k.terms} {k.reference}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["capture", "score", "links"])
    ap.add_argument("--group")
    ap.add_argument("--logo", action="store_true")
    ap.add_argument("--text-dates", action="store_true", help="the text-dates setting's profiles (bench_stories)")
    ap.add_argument("--config", help="ThreadConfig changes as JSON")
    ap.add_argument("--diff", help="with --config: a dev group's (or all) pairs whose link changes")
    ap.add_argument("--errors", help="print a dev group's happenings, gold thread against predicted")
    args = ap.parse_args()
    if args.what == "capture":
        capture(args.text_dates)
    elif args.what == "links":
        links(args.group)
    else:
        score(args.logo, args.errors, json.loads(args.config) if args.config else None, args.diff, args.text_dates)


if __name__ == "__main__":
    main()
