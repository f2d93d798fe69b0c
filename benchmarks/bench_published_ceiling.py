"""How many IndoSum articles the text alone could date within a day: the reachable ceiling.

    python benchmarks/bench_published_ceiling.py [--shared ../shared] [--run-dir DIR]

For each article with a URL date (the gold), the text's day expressions are read with the
time stage's interpreter (the same grammar as ``linimasa run``), and each is turned into the
publication days it could give:

* a **full date** (day, month and written year: "Kamis (18/8/2016)", "5 September 2023"):
  its day;
* a **weekday+date without a year** ("Minggu (19/3)"): its day in the one year, inside the
  run window, in which the weekday fits (the window is the span of the gold dates, 5 %
  trimmed at each end, widened by 90 days: the same rule as the run's, with the gold as an
  oracle for the run's self-dated documents); a weekday that fits no year or several gives
  nothing;
* a **day and month without weekday or year** ("19 Maret", "tanggal 19/3"), or with a weekday
  that fits no year of the window (a slip): its day in the year of the gold date (an oracle
  year: counted apart, as "if the year were known");

and, for each of these, the next day too when the text calls it yesterday ("Rabu (14/6)
kemarin", ``reporting_offset``). An article is **reachable** when one of its candidate days
is within one day of the gold date: some expression of its text names the publication day.
That is an upper bound (it assumes an oracle that picks the right expression), printed by
tier: in the lead (``[lead] chars``), anywhere, and with the oracle year. Bare weekdays
("pada Senin"), "hari ini" and "kemarin" alone name no day and are not evidence (they need a
dated story member, which IndoSum rarely offers: ``docs/time.md``).

With ``--run-dir`` (a ``--keep`` directory of ``bench_published.py``), it also prints how many
of the reachable articles ``linimasa run`` dated, and how many within a day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from linimasa.corpus.dating import dated_window  # noqa: E402
from linimasa.published import date_from_url  # noqa: E402
from linimasa.time.interpret import interpret  # noqa: E402
from linimasa.time.lexicon import lexicon  # noqa: E402
from linimasa.time.published import reporting_offset  # noqa: E402
from linimasa.time.resolve import valid  # noqa: E402


def candidates(text: str, window: tuple[dt.date, dt.date], gold: dt.date) -> dict[str, set[dt.date]]:
    """Candidate publication days of the text, by kind of evidence (keys: ``lead``, ``anywhere``,
    ``oracle_year``; ``bare_day`` holds the gold date when the text has only day words without
    a date: a bare weekday, "hari ini", "kemarin")."""
    lex = lexicon("id")
    out: dict[str, set[dt.date]] = {"lead": set(), "anywhere": set(), "oracle_year": set(), "bare_day": set()}
    lo, hi = window
    for s in interpret(text, "id"):
        if s.kind == "weekday" or (s.kind == "rel" and s.unit == "D"):
            out["bare_day"].add(gold)
        if s.kind not in ("date", "time") or s.day is None or s.month is None:
            continue
        days: list[dt.date] = []
        kind = "anywhere"
        if s.year is not None and s.explicit_year:
            d = valid(s.year, s.month, s.day)
            days = [d] if d else []
        elif s.weekday is not None:
            fits = [
                d
                for y in range(lo.year, hi.year + 1)
                if (d := valid(y, s.month, s.day)) and lo <= d <= hi and d.weekday() == s.weekday
            ]
            days = fits if len(fits) == 1 else []
            if not fits:  # the weekday fits no year of the window (a slip): as a bare day+month
                d = valid(gold.year, s.month, s.day)
                days, kind = ([d] if d else []), "oracle_year"
        else:
            d = valid(gold.year, s.month, s.day)
            days = [d] if d else []
            kind = "oracle_year"
        if s.weekday is not None and reporting_offset(text, s, lex):
            days = [d + dt.timedelta(days=1) for d in days]
        out[kind].update(days)
        if kind == "anywhere" and s.start <= lex.lead_chars:
            out["lead"].update(days)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--run-dir", type=Path, default=None, help="a --keep directory of bench_published.py")
    args = ap.parse_args(argv)
    rows = [
        json.loads(x)
        for x in (args.shared / "data" / "indosum" / "indosum-dev.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    today = dt.date.today()
    gold = {f"doc{i:05d}": g for i, r in enumerate(rows) if (g := date_from_url(r.get("url"), today))}
    window = dated_window(list(gold.values()))
    assert window is not None
    reach: dict[str, set[str]] = {"lead": set(), "anywhere": set(), "oracle_year": set()}
    any_day = set()
    bare_only = set()
    for i, r in enumerate(rows):
        key = f"doc{i:05d}"
        g = gold.get(key)
        if g is None:
            continue
        cands = candidates(r["text"], window, g)
        bare = cands.pop("bare_day")
        if any(cands.values()):
            any_day.add(key)
        elif bare:
            bare_only.add(key)
        hit_lead = any(abs((d - g).days) <= 1 for d in cands["lead"])
        hit_any = hit_lead or any(abs((d - g).days) <= 1 for d in cands["anywhere"])
        hit_oracle = hit_any or any(abs((d - g).days) <= 1 for d in cands["oracle_year"])
        for name, hit in (("lead", hit_lead), ("anywhere", hit_any), ("oracle_year", hit_oracle)):
            if hit:
                reach[name].add(key)
    n = len(gold)
    print(f"IndoSum: {n} articles with a URL date; run window {window[0]} .. {window[1]}")
    print(
        f"  a day expression giving some day (full date, weekday+date fitting one year, day+month): {len(any_day)}"
        f" ({100 * len(any_day) / n:.1f} %)"
    )
    print(
        f"  only day words without a date (a bare weekday, hari ini, kemarin): {len(bare_only)}"
        f" ({100 * len(bare_only) / n:.1f} %); no day expression at all: {n - len(any_day) - len(bare_only)}"
    )
    labels = {
        "lead": "reachable from the lead (full date or weekday+date within a day)",
        "anywhere": "reachable from anywhere in the text",
        "oracle_year": "reachable if the year of a bare day+month were known",
    }
    result: dict[str, dict[str, float]] = {}
    run = {}
    if args.run_dir:
        for line in (args.run_dir / "run" / "documents.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            p = d.get("published")
            run[str(d["id"])] = dt.date.fromisoformat(p[:10]) if isinstance(p, str) and len(p) >= 10 else None
    for name, keys in reach.items():
        line = f"  {labels[name]}: {len(keys)} ({100 * len(keys) / n:.1f} %)"
        result[name] = {"reachable": len(keys), "reachable_pct": round(100 * len(keys) / n, 1)}
        if run:
            dated = [k for k in keys if run.get(k)]
            close = [k for k in dated if abs((run[k] - gold[k]).days) <= 1]
            line += f"; run dated {len(dated)}, {len(close)} within a day"
            result[name] |= {"run_dated": len(dated), "run_within_1_day": len(close)}
        print(line)
    if run:
        unreach = [k for k in gold if k not in reach["oracle_year"]]
        far = [k for k in unreach if k in any_day]
        print(
            f"  not reachable: {len(far)} name days, all more than a day from the publication;"
            f" {len([k for k in unreach if k in bare_only])} only day words without a date;"
            f" {len(unreach) - len(far) - len([k for k in unreach if k in bare_only])} no day expression"
        )
        dated = [k for k in unreach if run.get(k)]
        close = [k for k in dated if abs((run[k] - gold[k]).days) <= 1]
        print(f"  not reachable: {len(unreach)}; run dated {len(dated)} of them, {len(close)} within a day")
        result["unreachable"] = {
            "articles": len(unreach),
            "far_days": len(far),
            "bare_day_words_only": len([k for k in unreach if k in bare_only]),
            "run_dated": len(dated),
            "run_within_1_day": len(close),
        }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
