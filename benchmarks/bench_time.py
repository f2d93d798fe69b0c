"""Temporal tagging benchmark: linimasa's tagger against dateparser's ``search_dates``.

    python benchmarks/bench_time.py [--shared ../shared] [--limit N]

Runs both tools on the same Indonesian texts in one run: the TIMEX3 gold set
(``benchmarks/gold/timex.gold.json``: 30 IndoSum dev articles annotated by hand following
the "TIMEX3 conventions" of ``docs/time.md``, a third of them held out), the five seed
articles (which have gold values) and IndoSum (3,463 real articles, no gold). Both get the same anchor:
the start of the gold publication interval for the seeds, the URL's date for IndoSum (or
none). Prints, per tool:

* expressions found (seeds and IndoSum);
* seed gold expressions found, and found with an acceptable value (a TIMEX3 value for
  linimasa; for dateparser, whose answer is a datetime, the datetime agrees when it falls in
  the gold value: the day, the month, the year, the ISO week, or the range's first day);
* on IndoSum, a proxy with no hand gold: the weekday+date expressions of the
  "Kamis ( 18 / 8 )" family whose value is the written day/month (day first) in the year
  nearest the URL's date (misreading 5/9 as 9 May, or picking another year, fails);
* speed in articles per second, and the ratio (the time stage must stay at least 20x faster).

On the TIMEX3 gold (dev and held-out apart): strict span P/R/F1 (same offsets), relaxed span
P/R/F1 (overlapping spans, matched one to one), value F1 (a relaxed match whose value equals
the gold value counts; precision over all system expressions, recall over all gold ones) and
value accuracy on the relaxed matches. The gold offsets are character offsets into the
``text`` field of ``indosum-dev.jsonl`` as distributed, which is exactly the text the tools
get, so no mapping is needed beyond reading the field; the anchor is the publication date
from the article's URL (the gold's ``published``). dateparser's answer is a datetime without
granularity: its value counts when it falls inside the gold DATE/TIME value (as for the
seeds); it has no durations, sets or PAST_REF-style values.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

from linimasa.published import date_from_url
from linimasa.time import tag

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


def _match(sys_spans: list[tuple[int, int]], gold_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one pairs (system index, gold index) of overlapping spans, largest overlap first."""
    cand = []
    for i, a in enumerate(sys_spans):
        for j, b in enumerate(gold_spans):
            ov = min(a[1], b[1]) - max(a[0], b[0])
            if ov > 0:
                cand.append((-ov, i, j))
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(cand):
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_timex_gold(shared: Path, gold_path: Path) -> list[tuple[dict, str]]:
    """(gold document, text) pairs; the texts come from IndoSum, never from the gold file."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    want = {g["id"] for g in gold}
    texts = {}
    with (shared / "data" / "indosum" / "indosum-dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["id"] in want:
                texts[r["id"]] = r["text"]
    return [(g, texts[g["id"]]) for g in gold if g["id"] in texts]


def timex_errors(docs: list[tuple[dict, str]]) -> list[str]:
    """linimasa's errors on the given gold documents, one line each: a wrong value on a
    matched span (``value``), a matched span with other offsets (``span``), a gold expression
    not found (``missed``), a system expression with no gold (``extra``)."""
    lines = []
    for g, text in docs:
        anchor = dt.date.fromisoformat(g["published"])
        found = tag(text, "id", anchor)
        spans = [(x.start, x.end) for x in found]
        gold_spans = [(x["start"], x["end"]) for x in g["timex"]]
        pairs = _match(spans, gold_spans)
        head = g["id"][:40]
        for i, j in pairs:
            want = g["timex"][j]["value"]
            s, e = gold_spans[j]
            if found[i].value != want:
                lines.append(f"value   {head}  gold {text[s:e]!r} {want}  sys {found[i].text!r} {found[i].value}")
            if spans[i] != gold_spans[j]:
                lines.append(f"span    {head}  gold {text[s:e]!r}  sys {found[i].text!r}")
        for j in sorted(set(range(len(gold_spans))) - {j for _, j in pairs}):
            s, e = gold_spans[j]
            ctx = text[max(0, s - 40) : e + 20].replace("\n", " ")
            lines.append(f"missed  {head}  gold {text[s:e]!r} {g['timex'][j]['value']}  in {ctx!r}")
        for i in sorted(set(range(len(spans))) - {i for i, _ in pairs}):
            s, e = spans[i]
            ctx = text[max(0, s - 40) : e + 20].replace("\n", " ")
            lines.append(f"extra   {head}  sys {found[i].text!r} {found[i].value}  in {ctx!r}")
    return lines


def timex_block(
    docs: list[tuple[dict, str]], splits: tuple[str, ...] = ("dev", "heldout")
) -> dict[str, dict[str, dict[str, float]]]:
    """TIMEX3 span and value scores per split ("dev", "heldout") and tool."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for split in splits:
        part = [(g, t) for g, t in docs if g["split"] == split]
        res: dict[str, dict[str, float]] = {}
        for tool in ("linimasa", "dateparser"):
            n_sys = n_gold = strict = relaxed = vtp = 0
            t0 = time.perf_counter()
            for g, text in part:
                anchor = dt.date.fromisoformat(g["published"])
                gold_spans = [(x["start"], x["end"]) for x in g["timex"]]
                if tool == "linimasa":
                    found = tag(text, "id", anchor)
                    spans = [(x.start, x.end) for x in found]
                    values: list = [x.value for x in found]
                else:
                    dp = _dateparser_spans(text, anchor)
                    spans = [(x[0], x[1]) for x in dp]
                    values = [x[3] for x in dp]
                n_sys += len(spans)
                n_gold += len(gold_spans)
                strict += len(set(spans) & set(gold_spans))
                for i, j in _match(spans, gold_spans):
                    relaxed += 1
                    want = g["timex"][j]["value"]
                    got = values[i]
                    if tool == "linimasa":
                        vtp += got == want
                    else:
                        vtp += "X" not in want and want[:1].isdigit() and _dp_agrees(want, got)
            secs = time.perf_counter() - t0
            sp, sr, sf = _prf(strict, n_sys, n_gold)
            rp, rr, rf = _prf(relaxed, n_sys, n_gold)
            vp, vr, vf = _prf(vtp, n_sys, n_gold)
            res[tool] = {
                "docs": len(part),
                "gold": n_gold,
                "system": n_sys,
                "strict_p": sp,
                "strict_r": sr,
                "strict_f1": sf,
                "relaxed_p": rp,
                "relaxed_r": rr,
                "relaxed_f1": rf,
                "value_p": vp,
                "value_r": vr,
                "value_f1": vf,
                "value_acc": vtp / relaxed if relaxed else 0.0,
                "seconds": secs,
            }
        out[split] = res
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
    ap.add_argument("--gold", type=Path, default=REPO / "benchmarks" / "gold" / "timex.gold.json")
    ap.add_argument("--gold-only", action="store_true", help="only the TIMEX3 gold block")
    ap.add_argument(
        "--split",
        choices=("dev", "heldout", "both"),
        default="both",
        help="which part of the TIMEX3 gold to score (tune on dev only; held-out once at the end)",
    )
    ap.add_argument(
        "--errors",
        action="store_true",
        help="print linimasa's errors on the dev part of the gold (never on the held-out part)",
    )
    args = ap.parse_args(argv)
    try:
        import dateparser  # noqa: F401
    except ImportError:
        print("dateparser is not installed (pip install dateparser)", file=sys.stderr)
        return 2
    gold_docs = load_timex_gold(args.shared, args.gold)
    if args.errors:
        for line in timex_errors([(g, t) for g, t in gold_docs if g["split"] == "dev"]):
            print(line)
    splits = ("dev", "heldout") if args.split == "both" else (args.split,)
    tx = timex_block(gold_docs, splits)
    print("TIMEX3 gold (IndoSum dev, hand-annotated; anchor = URL date)")
    for split, res in tx.items():
        for name, r in res.items():
            print(
                f"  {split:<8} {name:<10} gold {r['gold']:>3} sys {r['system']:>3}"
                f"   strict F1 {r['strict_f1']:.3f}   relaxed P/R/F1 {r['relaxed_p']:.3f}/{r['relaxed_r']:.3f}/{r['relaxed_f1']:.3f}"
                f"   value F1 {r['value_f1']:.3f}   value acc {r['value_acc']:.3f}"
            )
    if args.gold_only:
        print(json.dumps({"timex3": tx}))
        return 0
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
    print(f"Speed ratio linimasa / dateparser: {ratio:.1f}x (at least 20x required)")
    print(json.dumps({"timex3": tx, "seeds": seeds, "indosum": indo, "speed_ratio": round(ratio, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
