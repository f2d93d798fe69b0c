"""Temporal tagging benchmark: linimasa's tagger against dateparser's ``search_dates``.

    python benchmarks/bench_time.py [--shared ../shared] [--limit N]

Runs both tools on the same Indonesian texts in one run: the five seed articles (which
have gold values) and IndoSum (3,463 real articles, no gold). Both get the same anchor:
the start of the gold publication interval for the seeds, the URL's date for IndoSum (or
none). Prints, per tool:

* expressions found (seeds and IndoSum);
* seed gold expressions found, and found with an acceptable value (a TIMEX3 value for
  linimasa; for dateparser, whose answer is a datetime, the datetime agrees when it falls in
  the gold value: the day, the month, the year, the ISO week, or the range's first day);
* on IndoSum, a proxy with no hand gold: the weekday+date expressions of the
  "Kamis ( 18 / 8 )" family whose value is the written day/month (day first) in the year
  nearest the URL's date (misreading 5/9 as 9 May, or picking another year, fails);
* speed in articles per second, and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

from linimasa.time import tag
from linimasa.time.published import date_from_url

REPO = Path(__file__).resolve().parents[1]
_WEEKDAY_DATE = re.compile(
    r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)\s*,?\s*\(\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*\d{2,4})?\s*\)"
)


def _written_date(day: int, month: int, near: dt.date) -> dt.date | None:
    """The day/month as written (day first), in the year that puts it nearest ``near``."""
    options = []
    for y in (near.year - 1, near.year, near.year + 1):
        try:
            options.append(dt.date(y, month, day))
        except ValueError:
            pass
    return min(options, key=lambda x: abs((x - near).days)) if options else None


def _dp_agrees(value: str, when: dt.datetime) -> bool:
    """Whether dateparser's datetime falls within the TIMEX3 value ``value``."""
    d = when.date()
    if "/" in value:
        value = value.split("/")[0]
    if "-W" in value:
        y, w = value.split("-W")
        return d.isocalendar()[:2] == (int(y), int(w[:2]))
    return d.isoformat().startswith(value)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _dateparser_spans(text: str, anchor: dt.date | None) -> list[tuple[int, int, str, dt.datetime]]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(anchor, dt.time())} if anchor else {}
    found = search_dates(text, languages=["id"], settings=settings) or []
    out, pos = [], 0
    for s, when in found:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
        if i < 0:
            continue
        out.append((i, i + len(s), s, when))
        pos = i + len(s)
    return out


def seeds_block(shared: Path) -> dict[str, dict[str, float]]:
    gold = json.loads((shared / "gold" / "seeds.gold.json").read_text(encoding="utf-8"))["documents"]
    res = {
        "linimasa": {"found": 0, "gold_found": 0, "gold_value": 0},
        "dateparser": {"found": 0, "gold_found": 0, "gold_value": 0},
    }
    n_gold = 0
    for path in sorted((shared / "seeds").glob("*.txt")):
        g = gold.get(path.stem)
        if not g:
            continue
        text = path.read_text(encoding="utf-8")
        anchor = dt.date.fromisoformat(g["published"][0])
        ours = tag(text, "id", anchor)
        theirs = _dateparser_spans(text, anchor)
        res["linimasa"]["found"] += len(ours)
        res["dateparser"]["found"] += len(theirs)
        for gt in g["timex"]:
            n_gold += 1
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(gt["text"]), text)]
            hit = next((t for t in ours if any(_overlap((t.start, t.end), sp) for sp in spans)), None)
            if hit:
                res["linimasa"]["gold_found"] += 1
                res["linimasa"]["gold_value"] += hit.value in gt["value"]
            dp = next((x for x in theirs if any(_overlap((x[0], x[1]), sp) for sp in spans)), None)
            if dp:
                res["dateparser"]["gold_found"] += 1
                res["dateparser"]["gold_value"] += any(_dp_agrees(v, dp[3]) for v in gt["value"])
    for r in res.values():
        r["gold"] = n_gold
    return res


def indosum_block(shared: Path, limit: int | None) -> dict[str, dict[str, float]]:
    rows = [
        json.loads(x)
        for x in (shared / "data" / "indosum" / "indosum-dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows = rows[:limit] if limit else rows
    today = dt.date.today()
    items = [(r["text"], date_from_url(r["url"], today)) for r in rows]
    out: dict[str, dict[str, float]] = {}

    t0 = time.perf_counter()
    ours = [tag(text, "id", anchor) for text, anchor in items]
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = [_dateparser_spans(text, anchor) for text, anchor in items]
    t_theirs = time.perf_counter() - t0

    for name, found, secs in (("linimasa", ours, t_ours), ("dateparser", theirs, t_theirs)):
        out[name] = {
            "articles": len(items),
            "found": sum(len(f) for f in found),
            "seconds": secs,
            "articles_per_s": len(items) / secs,
        }

    # proxy: "Kamis ( 18 / 8 )" read as the written day/month, in the year nearest the URL date
    proxy = {"linimasa": 0, "dateparser": 0}
    n = 0
    for (text, anchor), ou, th in zip(items, ours, theirs, strict=True):
        if anchor is None:
            continue
        for m in _WEEKDAY_DATE.finditer(text):
            want = _written_date(int(m.group(1)), int(m.group(2)), anchor)
            if want is None:
                continue
            n += 1
            span = (m.start(), m.end())
            t = next((t for t in ou if _overlap((t.start, t.end), span)), None)
            proxy["linimasa"] += bool(t and t.value and t.value[:10] == want.isoformat())
            xs = [x for x in th if _overlap((x[0], x[1]), span)]
            proxy["dateparser"] += any(x[3].date() == want for x in xs)
    for name in proxy:
        out[name]["weekday_date_total"] = n
        out[name]["weekday_date_as_written"] = proxy[name]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="only the first N IndoSum articles")
    args = ap.parse_args(argv)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("dateparser is not installed (pip install dateparser)", file=sys.stderr)
        return 2
    seeds = seeds_block(args.shared)
    indo = indosum_block(args.shared, args.limit)
    print("Seeds (5 articles, gold values; same anchor for both tools)")
    for name, r in seeds.items():
        print(
            f"  {name:<10} expressions {r['found']:>4}   gold found {r['gold_found']}/{r['gold']}"
            f"   gold value agrees {r['gold_value']}/{r['gold']}"
        )
    print(f"IndoSum ({indo['linimasa']['articles']} articles, anchor = URL date when present)")
    for name, r in indo.items():
        print(
            f"  {name:<10} expressions {r['found']:>6}   weekday+date read as written "
            f"{r['weekday_date_as_written']}/{r['weekday_date_total']}"
            f"   {r['articles_per_s']:8.0f} articles/s"
        )
    ratio = indo["linimasa"]["articles_per_s"] / indo["dateparser"]["articles_per_s"]
    print(f"Speed ratio linimasa / dateparser: {ratio:.1f}x")
    print(json.dumps({"seeds": seeds, "indosum": indo, "speed_ratio": round(ratio, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
