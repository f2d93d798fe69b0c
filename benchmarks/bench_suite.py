"""Benchmark suite: end-to-end ``linimasa run`` at several corpus sizes, per-stage costs, and two
references measured in the same run on the same texts.

    /work/venv/bin/python benchmarks/bench_suite.py [--sizes 3463,10000,34630,100000] [--workers N]
        [--out results.json] [--dateparser-sample 200] [--keep DIR]

For each size it builds a JSON Lines stream in a temporary folder: the IndoSum development
articles (../shared/data/indosum/indosum-dev.jsonl, 3,463), then perturbed copies (new
ids; words dropped and swapped, lightly for near-duplicates, heavily for rewrites; the date
in the URL shifted by a few days or by whole years), and measures

* end to end: ``linimasa run STREAM --out DIR --db DIR/s.db --workers N`` as a subprocess,
  wall time and the peak resident memory of its process tree (psutil polling when it is
  installed, else the largest child's max RSS from ``getrusage``);
* the floor: reading the stream and splitting the texts into words with a regex;
* dateparser's ``search_dates`` alone (Indonesian), on a sample of the texts, extrapolated
  to the size (the table says so);

and, once, the per-document stages one by one and the corpus stages one by one on the
3,463 IndoSum articles in this process (one core). Prints a table with the ratios and
writes everything as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LINIMASA_SHARED", REPO.parent / "shared"))
INDOSUM = SHARED / "data" / "indosum" / "indosum-dev.jsonl"
_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")
_WORDS = re.compile(r"\w+")


# ------------------------------------------------------------------ streams


def _shift_url(url: str, rng: random.Random) -> str:
    m = _URL_DATE.search(url or "")
    if not m:
        return url
    day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if rng.random() < 0.5:
        day += dt.timedelta(days=rng.randint(-3, 3))
    else:
        try:
            day = day.replace(year=day.year + rng.choice((-3, -2, -1, 1)))
        except ValueError:
            day = day.replace(year=day.year + 1, day=28)
    return url[: m.start()] + day.strftime("/%Y/%m/%d/") + url[m.end() :]


def _perturb(text: str, rate: float, rng: random.Random) -> str:
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        out = [w for w in words if rng.random() >= rate / 2 or not w.isalpha()]
        for _ in range(int(len(out) * rate / 2)):
            i = rng.randrange(len(out)) if out else 0
            if i + 1 < len(out):
                out[i], out[i + 1] = out[i + 1], out[i]
        lines.append(" ".join(out))
    return "\n".join(lines)


def build_stream(size: int, folder: Path, seed: int = 7) -> Path:
    """``size`` articles: IndoSum first, then perturbed copies of them, as JSON Lines."""
    base = [json.loads(line) for line in INDOSUM.open(encoding="utf-8")]
    rng = random.Random(seed)
    path = folder / f"stream-{size}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(size):
            obj = dict(base[i % len(base)])
            if i >= len(base):
                obj["id"] = f"{obj['id']}-copy{i // len(base)}"
                obj["url"] = _shift_url(obj.get("url", ""), rng) + f"?copy={i // len(base)}"
                obj["text"] = _perturb(obj["text"], 0.03 if rng.random() < 0.5 else 0.35, rng)
            fh.write(json.dumps({k: obj[k] for k in ("id", "url", "outlet", "text") if k in obj}) + "\n")
    return path


# ------------------------------------------------------------------ measurements


def run_end_to_end(stream: Path, out: Path, workers: int) -> dict:
    cmd = [sys.executable, "-m", "linimasa", "run", str(stream), "--out", str(out), "--db", str(out / "s.db")]
    cmd += ["-q", "--workers", str(workers)]
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    try:
        import psutil

        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.2)
        how = "psutil, process tree"
    except ImportError:
        how = "getrusage, largest process"
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - t0
    if not peak:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if proc.returncode not in (0, 3):
        raise SystemExit(f"linimasa run failed ({proc.returncode}): {stderr[-2000:]}")
    return {
        "seconds": elapsed,
        "peak_rss_mb": peak / 2**20,
        "memory_measured_by": how,
        "summary": stdout.strip(),
        "phases": _phases(out / "s.db"),
    }


def _phases(db: Path) -> dict:
    """Seconds per engine phase (analyse, plan, finalise), from the run summary in the store."""
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            row = conn.execute("SELECT summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        return json.loads(row[0]).get("phases", {}) if row and row[0] else {}
    except (sqlite3.Error, ValueError):
        return {}


def floor(stream: Path) -> float:
    t0 = time.perf_counter()
    n = 0
    with stream.open(encoding="utf-8") as fh:
        for line in fh:
            n += len(_WORDS.findall(json.loads(line)["text"]))
    return time.perf_counter() - t0


def dateparser_seconds(stream: Path, size: int, sample: int) -> dict:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return {"skipped": "dateparser is not installed"}
    texts = []
    with stream.open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= sample:
                break
    search_dates("Senin 4 Maret 2024", languages=["id"])  # load its data before timing
    t0 = time.perf_counter()
    for t in texts:
        search_dates(t, languages=["id"])
    measured = time.perf_counter() - t0
    return {"sample": len(texts), "sample_seconds": measured, "seconds": measured * size / len(texts)}


def stage_costs() -> dict:
    """Per-document stages one by one, then corpus stages one by one, on the IndoSum articles (one core)."""
    from linimasa.corpus.stage import corpus_stages as default_corpus_stages
    from linimasa.jobs.stages import default_stages
    from linimasa.model import Document
    from linimasa.pipeline import CorpusResult
    from linimasa.readers import RawDocument, iter_inputs

    raws = [r for r in iter_inputs([str(INDOSUM)]) if isinstance(r, RawDocument)]
    stages = default_stages()
    warm = Document.from_raw(raws[0])
    for s in stages:
        warm = s(warm)
    docs = [Document.from_raw(r) for r in raws]
    out: dict = {"documents": len(docs), "per_document": {}, "corpus": {}}
    for s in stages:
        t0 = time.perf_counter()
        docs = [s(d) for d in docs]
        out["per_document"][s.name] = time.perf_counter() - t0
    for d in docs:
        d.raw = ""
    result = CorpusResult(documents=docs)
    for s in default_corpus_stages():
        t0 = time.perf_counter()
        result = s(result)
        out["corpus"][s.name] = time.perf_counter() - t0
    return out


# ------------------------------------------------------------------ main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="3463,10000,34630,100000")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default="bench-results.json")
    ap.add_argument("--dateparser-sample", type=int, default=200)
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage measurement")
    ap.add_argument("--keep", help="build the streams and outputs here instead of a temporary folder")
    args = ap.parse_args()
    if not INDOSUM.exists():
        raise SystemExit(f"IndoSum not found at {INDOSUM} (set LINIMASA_SHARED)")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"workers": args.workers, "cores": os.cpu_count(), "sizes": []}
    with tempfile.TemporaryDirectory(prefix="linimasa-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        if not args.no_stages:
            results["stages"] = stage_costs()
        for size in sizes:
            stream = build_stream(size, root)
            e2e = run_end_to_end(stream, root / f"out-{size}", args.workers)
            row = {
                "articles": size,
                "end_to_end": e2e,
                "floor_seconds": floor(stream),
                "dateparser": dateparser_seconds(stream, size, args.dateparser_sample),
            }
            row["articles_per_second"] = size / e2e["seconds"]
            row["articles_per_second_per_core"] = row["articles_per_second"] / args.workers
            results["sizes"].append(row)
            print(f"{size:>7} articles: {e2e['seconds']:.1f}s, peak {e2e['peak_rss_mb']:.0f} MB", file=sys.stderr)
    by_size = {r["articles"]: r["end_to_end"]["seconds"] for r in results["sizes"]}
    if 100000 in by_size and 10000 in by_size:
        results["ratio_100k_10k"] = by_size[100000] / by_size[10000]
    Path(args.out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print_table(results)
    print(f"\nresults written to {args.out}")


def print_table(results: dict) -> None:
    st = results.get("stages")
    if st:
        n = st["documents"]
        print(f"\nPer-stage cost on {n:,} IndoSum articles (one core):")
        print(f"{'stage':<18}{'seconds':>9}{'articles/s':>12}")
        for kind in ("per_document", "corpus"):
            for name, sec in st[kind].items():
                print(f"{name:<18}{sec:>9.2f}{n / sec if sec else 0:>12,.0f}")
    w = results["workers"]
    print(f"\nEnd to end (linimasa run, {w} worker(s)):")
    head = (
        f"{'articles':>9}{'seconds':>9}{'art/s':>8}{'art/s/core':>11}{'peak MB':>9}"
        f"{'floor s':>9}{'x floor':>9}{'dateparser s':>14}{'dp / run':>9}"
    )
    print(head)
    for r in results["sizes"]:
        e = r["end_to_end"]
        dp = r["dateparser"].get("seconds")
        print(
            f"{r['articles']:>9,}{e['seconds']:>9.1f}{r['articles_per_second']:>8.0f}"
            f"{r['articles_per_second_per_core']:>11.0f}{e['peak_rss_mb']:>9.0f}{r['floor_seconds']:>9.2f}"
            f"{e['seconds'] / max(r['floor_seconds'], 1e-9):>9.0f}"
            + (f"{dp:>13.0f}*{dp / e['seconds']:>9.2f}" if dp else f"{'-':>14}{'-':>9}")
        )
    print("* dateparser search_dates alone, measured on a sample and extrapolated to the size")
    print(f"\nPhases of the run (seconds; analyse and finalise on {w} worker(s), plan in one process):")
    print(f"{'articles':>9}{'analyse':>9}{'plan':>9}{'finalise':>10}{'write':>9}")
    for r in results["sizes"]:
        ph = r["end_to_end"].get("phases") or {}
        if ph:
            rest = r["end_to_end"]["seconds"] - sum(ph.values())
            print(
                f"{r['articles']:>9,}{ph.get('analyse', 0):>9.1f}{ph.get('plan', 0):>9.1f}"
                f"{ph.get('finalise', 0):>10.1f}{rest:>9.1f}"
            )
    if "ratio_100k_10k" in results:
        print(f"time(100k) / time(10k) = {results['ratio_100k_10k']:.2f} (near-linear: <= 11)")


if __name__ == "__main__":
    main()
