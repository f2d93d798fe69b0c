"""Benchmark of the corpus stages (duplicates, stories, story dates, timelines, summaries).

    /work/venv/bin/python benchmarks/bench_stories.py [--sizes 1,10,30] [--check 20]

Builds the IndoSum development articles (../shared/data/indosum/indosum-dev.jsonl, 3,463
articles) as analysed documents (the per-document stages run once and are cached in
$TMPDIR), then an enlarged stream of 10x and 30x made of perturbed copies: words dropped
and swapped outside the annotations (light copies are near-duplicates, heavy ones are
rewrites), new ids, publication dates shifted by a few days or by whole years (the same
text years apart must become another story). Each size runs in its own process and
prints the time and peak memory (max RSS) of the corpus stages, then the growth ratios
(time per document relative to 1x: near 1.0 means linear growth).

``--check N`` prints N random multi-document stories of the 1x run (titles and first
sentences of their members) for a hand check.

``--gold`` scores the stories and threads of the 1x run against the hand-labelled gold set
``benchmarks/gold/stories.gold.json`` (314 IndoSum articles chosen to be hard: every article
of several clubs, riders and cases; see docs/stories.md), separately for its dev and
held-out happenings: B-cubed precision / recall / F1 over the gold articles, "series
merged" (pairs of different happenings of one series that share a story: two matches of one
club, two hearings of one trial), and thread pair precision / recall / F1 over pairs of
happenings (a pair is linked when its two happenings' stories are in one thread, or one
story). Beside it, the TF-IDF + agglomerative (average-link cosine) baseline over the gold
articles, at its best threshold for B-cubed F1 on the dev part (its threads: its clusters at
the threshold best for thread pair F1 on the dev part).

``--gold --by-group`` also prints the dev part's scores per group of articles (the club, rider
or case they were chosen for): thread pair F1 turns on one or two big histories, so a rule is
judged by whether it helps every group. The held-out part is not broken down.

``--gold --logo`` also scores thread rules leave-one-group-out on the dev part (``thread_logo.py``):
each candidate configuration (the shipped rules, each rule turned off, other thresholds) re-threads
the same stories; for each of the six dev groups the candidate best on the other five is scored on
it, and the pooled figure is printed beside the shipped rules'. The held-out part is not used.

``--gold --text-dates`` scores the user's setting too: the articles analysed with no
``published`` field, no URL and an opaque id (as ``bench_published.py`` strips them), so
their dates come from their text only; both settings' figures are printed, dev and held-out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LINIMASA_SHARED", REPO.parent / "shared"))
INDOSUM = SHARED / "data" / "indosum" / "indosum-dev.jsonl"
CACHE = Path(tempfile.gettempdir()) / "linimasa-bench-indosum.pkl"
CACHE_TEXT = Path(tempfile.gettempdir()) / "linimasa-bench-indosum-text-dates.pkl"
_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/|/(20\d\d)(\d\d)(\d\d)\d*[/-]|(20\d\d)-(\d\d)-(\d\d)")


def _url_date(url: str) -> dt.date | None:
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    g = [x for x in m.groups() if x]
    try:
        return dt.date(int(g[0]), int(g[1]), int(g[2]))
    except ValueError:
        return None


def base_documents(text_dates: bool = False):
    """IndoSum articles through the per-document stages (cached), dated by URL or id timestamp.

    With ``text_dates``, the user's setting: no ``published`` field, no URL and an opaque id
    while the article is analysed (as ``bench_published.py`` strips them), so its publication
    date comes from its text or stays unknown; the id is restored afterwards for scoring.
    """
    cache = CACHE_TEXT if text_dates else CACHE
    if cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)
    from linimasa.jobs.stages import default_stages
    from linimasa.model import Document, RawDocument
    from linimasa.pipeline import Pipeline

    pipeline = Pipeline(default_stages())
    docs = []
    with INDOSUM.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            obj = json.loads(line)
            if text_dates:
                raw = RawDocument(
                    id=f"doc{k:05d}", text=obj["text"], source=str(INDOSUM), meta={"outlet": obj.get("outlet")}
                )
                doc = pipeline.process(Document.from_raw(raw))
                doc.id, doc.raw = obj["id"], ""
                docs.append(doc)
                continue
            day = _url_date(obj.get("url", ""))
            if day is None and obj["id"].split("-")[0].isdigit():
                # the id prefix is an aggregator timestamp 0-2 days after publication
                day = dt.datetime.fromtimestamp(int(obj["id"].split("-")[0]), dt.UTC).date() - dt.timedelta(days=1)
            raw = RawDocument(
                id=obj["id"],
                text=obj["text"],
                source=str(INDOSUM),
                url=obj.get("url"),
                meta={"outlet": obj.get("outlet"), "published": day.isoformat() if day else None},
            )
            doc = pipeline.process(Document.from_raw(raw))
            if day and not doc.published:
                doc.published, doc.published_from = day.isoformat(), "url"
            doc.raw = ""
            docs.append(doc)
    with cache.open("wb") as fh:
        pickle.dump(docs, fh)
    return docs


def _shift_value(value: str | None, years: int) -> str | None:
    if not value or not years:
        return value
    return re.sub(r"(?<![\d])(1\d{3}|20\d\d)(?![\d])", lambda m: str(int(m.group(1)) + years), value)


def perturb(doc, rng: random.Random, new_id: str, drop: float, days: int, years: int):
    """A copy of ``doc`` with words dropped/swapped outside annotations and dates shifted."""
    text = doc.text
    protected = [(a.start, a.end) for a in list(doc.timexes) + list(doc.entities)]
    prot = sorted(protected)
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]

    def is_protected(a: int, b: int) -> bool:
        return any(s < b and a < e for s, e in prot)

    keep = []
    for a, b in tokens:
        if not is_protected(a, b) and rng.random() < drop:
            continue
        keep.append((a, b))
    # swap a few neighbouring unprotected words
    for i in range(len(keep) - 1):
        if rng.random() < drop / 3 and not is_protected(*keep[i]) and not is_protected(*keep[i + 1]):
            keep[i], keep[i + 1] = keep[i + 1], keep[i]
    pieces, mapping, pos = [], {}, 0
    prev_end = None
    for a, b in keep:
        sep = text[prev_end:a] if prev_end is not None and prev_end <= a and "\n" in text[prev_end:a] else " "
        if pieces:
            pieces.append(sep)
            pos += len(sep)
        mapping[a] = pos
        pieces.append(text[a:b])
        pos += b - a
        prev_end = b
    new_text = "".join(pieces)

    def move(a: int, b: int) -> tuple[int, int] | None:
        start = mapping.get(a)
        if start is None:
            return None
        return start, start + (b - a)

    from linimasa.model import Span

    timexes = []
    for t in doc.timexes:
        m = move(t.start, t.end)
        if m and new_text[m[0] : m[1]] == t.text:
            timexes.append(replace(t, start=m[0], end=m[1], value=_shift_value(t.value, years), candidates=[]))
    entities = []
    for e in doc.entities:
        m = move(e.start, e.end)
        if m and new_text[m[0] : m[1]] == e.text:
            entities.append(replace(e, start=m[0], end=m[1]))
    from linimasa.sentences.split import split_sentences

    pub = dt.date.fromisoformat(doc.published[:10]) if doc.published else None
    if pub:
        try:
            pub = pub.replace(year=pub.year + years) + dt.timedelta(days=days)
        except ValueError:
            pub = pub + dt.timedelta(days=days + 365 * years)
    return replace(
        doc,
        id=new_id,
        text=new_text,
        sentences=[Span(s.start, s.end) for s in split_sentences(new_text, doc.lang)],
        timexes=timexes,
        entities=entities,
        quotes=[],
        removed=[],
        published=pub.isoformat() if pub else None,
        features={},
        story=None,
        duplicate_of=None,
    )


def stream(factor: int, seed: int = 7):
    """The 1x corpus plus ``factor - 1`` perturbed copies of every article."""
    base = base_documents()
    rng = random.Random(seed)
    docs = list(base)
    for k in range(1, factor):
        for d in base:
            light = rng.random() < 0.5
            years = 0 if rng.random() < 0.5 else rng.choice([-3, -2, -1, 1, 2, 3, 4, 5]) * k
            docs.append(perturb(d, rng, f"{d.id}~{k}", 0.03 if light else 0.35, rng.randint(-3, 3), years))
    return docs


def run_size(factor: int) -> dict:
    from linimasa.corpus.stage import corpus_stages
    from linimasa.pipeline import CorpusResult

    docs = stream(factor)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    stages = [s for s in corpus_stages() if s.name != "entities"]
    times, peaks = {}, {}
    result = CorpusResult(documents=docs)
    t0 = time.perf_counter()
    for stage in stages:
        t = time.perf_counter()
        result = stage(result)
        times[stage.name] = round(time.perf_counter() - t, 2)
        peaks[stage.name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    elapsed = time.perf_counter() - t0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    multi = [s for s in result.stories if len(s.documents) > 1]
    by_id = {d.id: d for d in result.documents}
    # heavy copies (rewrites) shifted by days should meet their original; shifted by years, not
    same, far, same_ok, far_ok = 0, 0, 0, 0
    for d in result.documents:
        if "~" not in d.id or d.duplicate_of:
            continue
        orig = by_id.get(d.id.split("~")[0])
        if orig is None or not orig.published or not d.published:
            continue
        gap = abs((dt.date.fromisoformat(d.published[:10]) - dt.date.fromisoformat(orig.published[:10])).days)
        if gap <= 3:
            same += 1
            same_ok += d.story == orig.story
        elif gap > 300:
            far += 1
            far_ok += d.story != orig.story
    return {
        "factor": factor,
        "documents": len(docs),
        "seconds": round(elapsed, 2),
        "stage_seconds": times,
        "peak_rss_mb": round(rss_after / 1024, 1),
        "peak_rss_after_stage_mb": peaks,
        "rss_before_stages_mb": round(rss_before / 1024, 1),
        "duplicates": sum(1 for d in result.documents if d.duplicate_of),
        "stories": len(result.stories),
        "multi_document_stories": len(multi),
        "rewrites_days_apart_joined": f"{same_ok}/{same}",
        "rewrites_years_apart_separated": f"{far_ok}/{far}",
    }


def hand_check(n: int, seed: int = 1) -> None:
    from linimasa.corpus.stage import corpus_stages
    from linimasa.pipeline import CorpusResult

    docs = base_documents()
    result = CorpusResult(documents=docs)
    for stage in corpus_stages():
        if stage.name != "entities":
            result = stage(result)
    by_id = {d.id: d for d in result.documents}
    multi = [s for s in result.stories if len(s.documents) > 1]
    print(f"{len(result.stories)} stories, {len(multi)} with 2+ documents")
    for s in random.Random(seed).sample(multi, min(n, len(multi))):
        print(f"\n== {s.id} [{s.start} .. {s.end}] {len(s.documents)} docs: {s.title}")
        for i in s.documents:
            d = by_id[i]
            first = d.text[d.sentences[0].start : d.sentences[0].end] if d.sentences else d.text[:200]
            dup = f" (copy of {d.duplicate_of})" if d.duplicate_of else ""
            print(f"  - {d.published} {d.outlet} {i[:60]}{dup}\n      {first[:220]}")


GOLD = REPO / "benchmarks" / "gold" / "stories.gold.json"


def _b3(pred: dict[str, str], gold: dict[str, str], ids: list[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of ``pred`` against ``gold`` over ``ids`` (clusters cut to ``ids``)."""
    from collections import defaultdict

    pc: dict[str, set[str]] = defaultdict(set)
    gc: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in ids) / len(ids)
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in ids) / len(ids)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _series_merged(pred: dict[str, str], gold: dict[str, str], happenings: dict, ids: list[str]) -> int:
    """Pairs of different happenings of one series whose articles share a predicted story."""
    pairs = set()
    for a in ids:
        for b in ids:
            ha, hb = gold[a], gold[b]
            if ha < hb and pred[a] == pred[b]:
                sa, sb = happenings[ha]["series"], happenings[hb]["series"]
                if sa and sa == sb:
                    pairs.add((ha, hb))
    return len(pairs)


def _thread_prf(story: dict[str, str], thread: dict[str, str | None], gold: dict[str, str], happenings: dict, ids):
    """Thread pair precision / recall / F1 (``thread_logo.thread_pair_counts``)."""
    from thread_logo import pair_prf, thread_pair_counts

    return pair_prf(thread_pair_counts(story, thread, gold, happenings, ids))


def _parts(gold_docs: dict[str, str], happenings: dict, present: set[str]) -> dict[str, list[str]]:
    ids = sorted(i for i in gold_docs if i in present)
    return {
        "dev": [i for i in ids if not happenings[gold_docs[i]]["heldout"]],
        "heldout": [i for i in ids if happenings[gold_docs[i]]["heldout"]],
    }


def _baseline(docs_by_id: dict, ids: list[str], threshold: float) -> dict[str, str]:
    """TF-IDF (stems as linimasa counts them) + average-link agglomerative clustering, cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    from linimasa.corpus.features import document_terms

    counts = [dict(document_terms(docs_by_id[i])) for i in ids]
    x = TfidfTransformer(sublinear_tf=True).fit_transform(DictVectorizer().fit_transform(counts)).toarray()
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - threshold
    )
    labels = model.fit_predict(x)
    return {i: f"c{lab}" for i, lab in zip(ids, labels, strict=True)}


def _linimasa_run(docs: list) -> tuple[dict[str, str], dict[str, str | None], str]:
    """The corpus stages over ``docs``: story of each document, thread of each story, a timing line."""
    from linimasa.corpus.stage import corpus_stages
    from linimasa.pipeline import CorpusResult

    t0 = time.perf_counter()
    result = CorpusResult(documents=docs)
    times = {}
    for stage in corpus_stages():
        if stage.name != "entities":
            t = time.perf_counter()
            result = stage(result)
            times[stage.name] = round(time.perf_counter() - t, 2)
    undated = sum(1 for d in result.documents if not d.published)
    line = (
        f"{len(docs)} documents ({undated} without a publication date), {len(result.stories)} stories, "
        f"{len(getattr(result, 'threads', []))} threads; corpus stages {time.perf_counter() - t0:.1f}s {times}"
    )
    story = {d.id: d.story for d in result.documents}
    thread = {s.id: getattr(s, "thread", None) for s in result.stories}
    return story, thread, line


def gold_scores(only: str | None = None, text_dates: bool = False, by_group: bool = False, logo: bool = False) -> None:
    """Scores per part; with ``text_dates`` for both settings (URL dates, then dates from text only);
    with ``by_group``, the dev part's scores per group of articles too (a rule that helps one history
    only shows there); with ``logo``, thread rules scored leave-one-group-out on the dev part
    (``thread_logo.py``; URL dates)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gdocs, haps = gold["documents"], gold["happenings"]
    settings = [("URL dates", False)] + ([("text dates (no published, no URL)", True)] if text_dates else [])
    runs = []
    for label, flag in settings:
        docs = base_documents(flag)
        if logo and not flag:
            from thread_logo import capture_profiles

            (story, thread, line), profiles = capture_profiles(lambda docs=docs: _linimasa_run(docs))
        else:
            story, thread, line = _linimasa_run(docs)
        print(f"IndoSum x1, {label}: {line}")
        if not flag:
            by_id = {d.id: d for d in docs}
        runs.append((label, story, thread))
    parts = _parts(gdocs, haps, set(runs[0][1]))
    if logo:
        from thread_logo import logo_report

        logo_report(profiles, runs[0][1], gdocs, haps, parts["dev"])
    all_ids = parts["dev"] + parts["heldout"]
    # the baseline's threshold is chosen on the dev part only
    best_t, best_f, base = 0.0, -1.0, {}
    # its threads: the same clustering at the threshold best for thread pair F1 on the dev part
    best_tt, best_tf, base_threads = 0.0, -1.0, {}
    for t in [x / 20 for x in range(1, 19)]:
        pred = _baseline(by_id, all_ids, t)
        f = _b3(pred, gdocs, parts["dev"])[2]
        if f > best_f:
            best_t, best_f, base = t, f, pred
        tf = _thread_prf(pred, {}, gdocs, haps, parts["dev"])[2]
        if tf > best_tf:
            best_tt, best_tf, base_threads = t, tf, pred
    for name, ids in parts.items():
        if only and name != only:
            continue
        n_haps = len({gdocs[i] for i in ids})
        print(f"{name}: {len(ids)} articles, {n_haps} happenings")
        for label, story, thread in runs:
            p, r, f = _b3(story, gdocs, ids)
            tp, tr, tf = _thread_prf(story, thread, gdocs, haps, ids)
            tag = "linimasa" if len(runs) == 1 else f"linimasa, {label.split(' (')[0]}"
            print(
                f"  {tag:<24} B3 P {p:.3f} R {r:.3f} F1 {f:.3f}  series merged {_series_merged(story, gdocs, haps, ids)}"
                f"  thread pairs P {tp:.3f} R {tr:.3f} F1 {tf:.3f}"
            )
        if by_group and name == "dev":
            for group in sorted({haps[gdocs[i]]["group"] for i in ids}):
                sel = [i for i in ids if haps[gdocs[i]]["group"] == group]
                for label, story, thread in runs:
                    f = _b3(story, gdocs, sel)[2]
                    tp, tr, tf = _thread_prf(story, thread, gdocs, haps, sel)
                    tag = f"{group}" if len(runs) == 1 else f"{group}, {label.split(' (')[0]}"
                    print(f"    {tag:<22} B3 F1 {f:.3f}  thread pairs P {tp:.3f} R {tr:.3f} F1 {tf:.3f}")
        bp, br, bf = _b3(base, gdocs, ids)
        btp, btr, btf = _thread_prf(base_threads, {}, gdocs, haps, ids)
        print(
            f"  {'baseline':<24} B3 P {bp:.3f} R {br:.3f} F1 {bf:.3f}  series merged {_series_merged(base, gdocs, haps, ids)}"
            f"  thread pairs P {btp:.3f} R {btr:.3f} F1 {btf:.3f}  (TF-IDF + average-link, threshold {best_t:.2f}; "
            f"threads: clusters at {best_tt:.2f})"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,30")
    ap.add_argument("--check", type=int, default=0, help="print N random multi-document stories of the 1x run")
    ap.add_argument("--gold", action="store_true", help="score stories and threads against the gold set")
    ap.add_argument("--part", choices=["dev", "heldout"], help="with --gold: print one part only")
    ap.add_argument(
        "--text-dates",
        action="store_true",
        help="with --gold: also score the user's setting (no published field, no URL: dates from the text only)",
    )
    ap.add_argument(
        "--by-group",
        action="store_true",
        help="with --gold: also print the dev part's scores per group of articles (club, rider, case)",
    )
    ap.add_argument(
        "--logo",
        action="store_true",
        help="with --gold: also score thread rules leave-one-group-out on the dev part (thread_logo.py)",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    base_documents()  # build the cache once, outside the timed runs
    if args.gold:
        gold_scores(args.part, args.text_dates, args.by_group, args.logo)
        return
    if args.check:
        hand_check(args.check)
        return
    rows = []
    for f in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(f)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row), flush=True)
    base = rows[0]
    for r in rows[1:]:
        n_ratio = r["documents"] / base["documents"]
        print(
            f"{r['factor']}x vs {base['factor']}x: documents x{n_ratio:.1f}, time x{r['seconds'] / base['seconds']:.1f} "
            f"(per document x{r['seconds'] / base['seconds'] / n_ratio:.2f}), peak RSS x{r['peak_rss_mb'] / base['peak_rss_mb']:.1f}"
        )


if __name__ == "__main__":
    main()
