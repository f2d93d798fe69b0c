"""The size of ``report.html`` and its rendering time in Chromium for a large run.

The run's output objects are built from a real run (``--from DIR``: a ``linimasa run --out
DIR``, by default a run over IndoSum made here), copied until they hold ``--size`` articles
(100,000 by default): each copy of a document and of a story gets a new id (``~k``), so the
report sees as many stories, timelines and document rows as a run of that size would have,
with the texts, dates, entities and quotes of real articles. As the CLI does, the report gets
full objects for the first ``MAX_DOCUMENT_TEXTS`` documents and report rows (no text) for the
rest. The page is rendered by :func:`linimasa.report.render.render_report`, written to a
temporary file and opened in headless Chromium (``/usr/bin/chromium`` through Playwright);
the time is from navigation to the ``load`` event plus the next frame (layout and paint done).

    LINIMASA_SHARED=/work/shared python benchmarks/bench_report.py [--size 100000] [--from DIR]

Prints one JSON object: articles, stories, bytes, megabytes, render seconds (median of
``--repeat`` loads), the time to build the HTML, and whether the 2 MB / 2 s targets hold.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LINIMASA_SHARED", REPO.parent / "shared"))
INDOSUM = SHARED / "data" / "indosum" / "indosum-dev.jsonl"
CHROMIUM = Path(os.environ.get("LINIMASA_CHROMIUM", "/usr/bin/chromium"))
ROW_KEYS = ("id", "title", "outlet", "published", "lang", "story", "duplicate_of")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run_outputs(folder: Path) -> Path:
    """A run over IndoSum into ``folder`` (its output directory)."""
    out = folder / "out"
    cmd = [sys.executable, "-m", "linimasa", "run", str(INDOSUM), "--out", str(out), "--db", str(folder / "r.db")]
    subprocess.run(cmd, check=True, capture_output=True)
    return out


def scaled(out: Path, size: int) -> tuple[list[dict], list[dict], list[dict], dict]:
    """Documents (full objects first, rows after), stories and entities of ``size`` articles."""
    from linimasa.report.render import MAX_DOCUMENT_TEXTS

    docs = _jsonl(out / "documents.jsonl")
    stories = _jsonl(out / "stories.jsonl")
    entities = _jsonl(out / "entities.jsonl")
    documents: list[dict] = []
    all_stories: list[dict] = []
    k = 0
    while len(documents) < size:
        suffix = "" if k == 0 else f"~{k}"
        for d in docs:
            if len(documents) >= size:
                break
            if len(documents) < MAX_DOCUMENT_TEXTS:
                obj = dict(d)
            else:
                obj = {key: d.get(key) for key in ROW_KEYS}
            obj["id"] = d["id"] + suffix
            obj["story"] = d["story"] + suffix if d.get("story") else None
            documents.append(obj)
        kept = {d["id"] for d in documents[-len(docs) :]}
        for s in stories:
            members = [i + suffix for i in s.get("documents") or []]
            if not any(i in kept for i in members):
                continue
            copy = dict(s, id=s["id"] + suffix, documents=members)
            copy["timeline"] = [
                dict(
                    e,
                    documents=[i + suffix for i in e.get("documents") or []],
                    evidence=[dict(ev, document=ev["document"] + suffix) for ev in e.get("evidence") or []],
                )
                for e in s.get("timeline") or []
            ]
            copy["summary"] = [dict(x, document=x["document"] + suffix) for x in s.get("summary") or []]
            all_stories.append(copy)
        k += 1
    summary = {"read": len(documents), "skipped": [], "skipped_count": 0}
    return documents, all_stories, entities, summary


def render_seconds(path: Path, repeat: int) -> list[float]:
    """Seconds from navigation to the load event and the next frame, per load."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t0 = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load", timeout=120_000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            times.append(time.perf_counter() - t0)
            page.close()
        browser.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="articles in the run (default 100000)")
    ap.add_argument("--from", dest="source", type=Path, help="a run's output folder (default: a run over IndoSum)")
    ap.add_argument("--repeat", type=int, default=3, help="page loads measured (median reported)")
    ap.add_argument("--keep", type=Path, help="also copy the report here")
    args = ap.parse_args()
    from linimasa.report.render import render_report

    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp)
        source = args.source or run_outputs(folder)
        documents, stories, entities, summary = scaled(source, args.size)
        t0 = time.perf_counter()
        html = render_report(documents, stories, entities, summary)
        build = time.perf_counter() - t0
        path = folder / "report.html"
        path.write_text(html, encoding="utf-8")
        if args.keep:
            args.keep.write_text(html, encoding="utf-8")
        size = path.stat().st_size
        times = render_seconds(path, args.repeat)
    seconds = statistics.median(times)
    print(
        json.dumps(
            {
                "articles": len(documents),
                "stories": len(stories),
                "bytes": size,
                "megabytes": round(size / 1e6, 3),
                "build_seconds": round(build, 2),
                "render_seconds": round(seconds, 3),
                "render_all": [round(t, 3) for t in times],
                "under_2_mb": size <= 2_000_000,
                "under_2_s": seconds < 2.0,
            }
        )
    )


if __name__ == "__main__":
    main()
