"""Publication dates from text, and story spans, on IndoSum with the metadata removed.

    python benchmarks/bench_published.py [--shared ../shared] [--limit N] [--src DIR] [--keep DIR]

IndoSum's URLs carry the publication date; that date is the gold. The benchmark writes the
articles to a temporary JSON Lines file with ``url`` removed and ``id`` replaced by an opaque
number (IndoSum ids start with an aggregator timestamp), so no field carries the date and
``published`` is never given. It then runs, as a user would:

* ``linimasa run`` (stories help: ``published_from = story``), and
* ``linimasa annotate`` (each document alone, no story help),

and prints for each: the % of gold-dated articles that get a ``published`` date, the % of
those within one day of the URL date, and where the dates came from. It also prints how
many of those articles hold any cue that could date them (a weekday+date or full date in
the lead; any expression naming a day): the ceiling of dating from the text. For ``run`` it also
checks the stories' spans: stories whose ``end`` is after the latest publication date of
their articles, and stories whose ``start`` is more than 7 days before the earliest one
(publication dates as the run output them).

``--src`` runs another checkout's code (``--src /work/main/src`` measures the code before a
change); ``BEFORE`` below holds the figures of the code before issue 22's dating work,
``BEFORE_REPORTING_DAY`` those before the reporting-day rule of ``docs/time.md``,
``BEFORE_SESSION_18`` those before the "today" and night rules and the 90-day run window,
``BEFORE_SESSION_19`` those of main before session 19. The reachable ceiling (what the text
allows at best) is ``bench_published_ceiling.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Measured on main at 01cd585 (before issue 22 items 2-5), full IndoSum (3,463 articles).
BEFORE: dict[str, dict[str, float]] = {
    "run": {"articles": 1772, "dated": 292, "dated_pct": 16.5, "within_1_day": 243, "within_1_day_pct": 83.2},
    "annotate": {"articles": 1772, "dated": 259, "dated_pct": 14.6, "within_1_day": 234, "within_1_day_pct": 90.3},
    "spans": {
        "stories": 2892,
        "stories_with_dated_articles": 421,
        "without_span": 0,
        "end_after_last_article": 124,
        "start_over_7_days_early": 31,
    },
}

# Measured on main at edf54fe (before the reporting-day rule and the precision-first story
# dating of this branch), full IndoSum.
BEFORE_REPORTING_DAY: dict[str, dict[str, float]] = {
    "run": {"articles": 1772, "dated": 852, "dated_pct": 48.1, "within_1_day": 712, "within_1_day_pct": 83.6},
    "annotate": {"articles": 1772, "dated": 287, "dated_pct": 16.2, "within_1_day": 257, "within_1_day_pct": 89.5},
    "spans": {
        "stories": 2897,
        "stories_with_dated_articles": 1248,
        "without_span": 0,
        "end_after_last_article": 0,
        "start_over_7_days_early": 0,
    },
}


# Measured at e84a5f3 (before the "today" and night rules, the 90-day run window and the
# window's overruling of document years), full IndoSum.
BEFORE_SESSION_18: dict[str, dict[str, float]] = {
    "run": {"articles": 1772, "dated": 870, "dated_pct": 49.1, "within_1_day": 818, "within_1_day_pct": 94.0},
    "annotate": {"articles": 1772, "dated": 331, "dated_pct": 18.7, "within_1_day": 309, "within_1_day_pct": 93.4},
    "spans": {
        "stories": 3326,
        "stories_with_dated_articles": 1400,
        "without_span": 0,
        "end_after_last_article": 0,
        "start_over_7_days_early": 0,
    },
}


# Measured at 5a85b5e (main before session 19's rules: quotes and speech verbs breaking a future
# clause, line-start / no-break-space / "ini" / speech-verb lead dates, contradicting weekdays),
# full IndoSum.
BEFORE_SESSION_19: dict[str, dict[str, float]] = {
    "run": {"articles": 1772, "dated": 869, "dated_pct": 49.0, "within_1_day": 830, "within_1_day_pct": 95.5},
    "annotate": {"articles": 1772, "dated": 333, "dated_pct": 18.8, "within_1_day": 312, "within_1_day_pct": 93.7},
    "spans": {
        "stories": 3326,
        "stories_with_dated_articles": 1397,
        "without_span": 0,
        "end_after_last_article": 0,
        "start_over_7_days_early": 0,
    },
}


def _url_date(url: str | None) -> dt.date | None:
    sys.path.insert(0, str(REPO / "src"))
    from linimasa.published import date_from_url

    return date_from_url(url, dt.date.today())


def _day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _score(docs: list[dict], gold: dict[str, dt.date]) -> dict[str, float]:
    n = dated = close = 0
    sources: Counter[str] = Counter()
    for d in docs:
        g = gold.get(str(d.get("id")))
        if g is None:
            continue
        n += 1
        p = _day(d.get("published"))
        if p is None:
            continue
        dated += 1
        sources[str(d.get("published_from"))] += 1
        close += abs((p - g).days) <= 1
    return {
        "articles": n,
        "dated": dated,
        "dated_pct": round(100 * dated / n, 1) if n else 0.0,
        "within_1_day": close,
        "within_1_day_pct": round(100 * close / dated, 1) if dated else 0.0,
        **{f"from_{k}": v for k, v in sorted(sources.items())},
    }


def _spans(docs: list[dict], stories: list[dict]) -> dict[str, float]:
    pub = {str(d["id"]): p for d in docs if (p := _day(d.get("published")))}
    late = early = checked = nospan = undated_span = 0
    for s in stories:
        days = [pub[i] for i in s.get("documents", []) if i in pub]
        if not days:
            undated_span += s.get("start") is not None or s.get("end") is not None
            continue
        checked += 1
        start, end = _day(s.get("start")), _day(s.get("end"))
        if start is None or end is None:
            nospan += 1
            continue
        late += end > max(days)
        early += (min(days) - start).days > 7
    return {
        "stories": len(stories),
        "stories_with_dated_articles": checked,
        "without_span": nospan,
        "end_after_last_article": late,
        "start_over_7_days_early": early,
        "undated_with_span": undated_span,
    }


def _cue_shares(texts: list[str], src: Path) -> dict[str, float]:
    """How many articles hold a cue that could date them at all (the ceiling of dating from
    text): a day with its month in the lead (a weekday+date such as "Senin (19/3)" or a full
    date, in the first ``[lead] chars``), and any expression naming a day anywhere (also bare
    weekdays, "kemarin", "hari ini")."""
    sys.path.insert(0, str(src))
    from linimasa.time.interpret import interpret
    from linimasa.time.lexicon import lexicon

    lead_chars = lexicon("id").lead_chars
    lead = anywhere = 0
    for text in texts:
        specs = interpret(text, "id")
        days = [s for s in specs if s.kind in ("date", "weekday") or (s.kind == "rel" and s.unit == "D")]
        anywhere += bool(days)
        lead += any(
            s.kind == "date" and s.day is not None and (s.weekday is not None or s.explicit_year)
            for s in days
            if s.start <= lead_chars
        )
    n = len(texts) or 1
    return {
        "articles": len(texts),
        "day_and_month_in_lead_pct": round(100 * lead / n, 1),
        "any_day_expression_pct": round(100 * anywhere / n, 1),
    }


def _read(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--src", type=Path, default=REPO / "src", help="the linimasa source tree to run")
    ap.add_argument("--keep", type=Path, default=None, help="keep the outputs in this directory")
    ap.add_argument("--skip-annotate", action="store_true")
    args = ap.parse_args(argv)
    shared = args.shared
    if not shared.exists():
        shared = Path("/work/shared")
    rows = _read(shared / "data" / "indosum" / "indosum-dev.jsonl")
    rows = rows[: args.limit] if args.limit else rows
    gold: dict[str, dt.date] = {}
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-published-"))
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob("run.db*"):  # a kept store would hand back the documents analysed before
        old.unlink()
    inp = work / "indosum-stripped.jsonl"
    with inp.open("w", encoding="utf-8") as f:
        for i, r in enumerate(rows):
            key = f"doc{i:05d}"
            g = _url_date(r.get("url"))
            if g is not None:
                gold[key] = g
            f.write(json.dumps({"id": key, "text": r["text"], "outlet": r.get("outlet")}, ensure_ascii=False) + "\n")
    env = dict(os.environ, PYTHONPATH=str(args.src), LINIMASA_PURE=os.environ.get("LINIMASA_PURE", "1"))
    results: dict[str, dict[str, float]] = {}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(inp), "--out", str(work / "run"), "--db", str(work / "run.db")],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
    )
    t_run = time.perf_counter() - t0
    docs = _read(work / "run" / "documents.jsonl")
    results["run"] = {**_score(docs, gold), "seconds": round(t_run, 1)}
    results["spans"] = _spans(docs, _read(work / "run" / "stories.jsonl"))
    if not args.skip_annotate:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "linimasa", "annotate", str(inp), "--out", str(work / "annotate.jsonl")],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
        )
        results["annotate"] = {
            **_score(_read(work / "annotate.jsonl"), gold),
            "seconds": round(time.perf_counter() - t0, 1),
        }

    cues = _cue_shares([r["text"] for i, r in enumerate(rows) if f"doc{i:05d}" in gold], args.src)
    results["cues"] = cues
    print(f"IndoSum, url/published/id removed: {len(rows)} articles, {len(gold)} with a URL date (the gold)")
    print(
        f"  cues in the gold-dated articles: a weekday+date or full date in the lead {cues['day_and_month_in_lead_pct']} %,"
        f" any expression naming a day {cues['any_day_expression_pct']} % (the ceiling of dating from text)"
    )
    for label, figures in (
        ("before issue 22 (01cd585)", BEFORE),
        ("before the reporting-day rule (edf54fe)", BEFORE_REPORTING_DAY),
        ("before session 18's rules (e84a5f3)", BEFORE_SESSION_18),
        ("before session 19's rules (5a85b5e)", BEFORE_SESSION_19),
        ("now", results),
    ):
        if not figures:
            continue
        print(f"  {label}")
        for mode in ("run", "annotate"):
            r = figures.get(mode)
            if r:
                print(
                    f"    {mode:<9} dated {r['dated_pct']:5.1f} % ({r['dated']}/{r['articles']})"
                    f"   within 1 day {r['within_1_day_pct']:5.1f} % ({r['within_1_day']}/{r['dated']})"
                )
        s = figures.get("spans")
        if s:
            print(
                f"    stories   {s['stories']}: end after last article {s['end_after_last_article']},"
                f" start > 7 days before first article {s['start_over_7_days_early']},"
                f" no span {s['without_span']} (of {s['stories_with_dated_articles']} with dated articles)"
                + (f"; undated stories with a span {s['undated_with_span']}" if "undated_with_span" in s else "")
            )
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
