"""A fixed random sample of a run's stories and threads, printed for a hand check.

    python benchmarks/sample_stories.py OUTDIR [--stories 20] [--min-size 3] [--threads 10] [--seed 23]

Reads ``stories.jsonl``, ``threads.jsonl`` and ``documents.jsonl`` of a ``linimasa run`` output
folder (for the closing note of issue 23: ``linimasa run indosum-dev.jsonl --out OUTDIR``) and
prints ``--stories`` random stories with at least ``--min-size`` articles (each article's
publication date, outlet, id and first sentence) and ``--threads`` random threads (each story's
start, size and title, then the links: the story, the one it follows, the score, the shared
entities and terms, the reference back). The reader judges each story one happening or not and
each thread one history or not; the counts go into docs/stories.md. The seed and the sizes fix
the sample, so a later run is checked on the same draw.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def _lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _first_sentence(doc: dict) -> str:
    text = doc.get("text") or ""
    spans = doc.get("sentences") or []
    if spans:
        first = spans[0]
        start, end = (first["start"], first["end"]) if isinstance(first, dict) else (first[0], first[1])
        return text[start:end]
    return text[:200]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path, help="a linimasa run's output folder")
    ap.add_argument("--stories", type=int, default=20, help="stories to sample")
    ap.add_argument("--min-size", type=int, default=3, help="sample stories with at least this many articles")
    ap.add_argument("--threads", type=int, default=10, help="threads to sample")
    ap.add_argument("--seed", type=int, default=23)
    args = ap.parse_args()
    stories = _lines(args.outdir / "stories.jsonl")
    threads = _lines(args.outdir / "threads.jsonl")
    docs = {d["id"]: d for d in _lines(args.outdir / "documents.jsonl")}
    by_id = {s["id"]: s for s in stories}
    rng = random.Random(args.seed)
    big = [s for s in stories if len(s["documents"]) >= args.min_size]
    print(f"{len(stories)} stories, {len(big)} with {args.min_size}+ articles; {len(threads)} threads")
    for k, s in enumerate(rng.sample(big, min(args.stories, len(big))), 1):
        print(f"\n[S{k}] {s['id']} {s['start']} .. {s['end']} ({len(s['documents'])} articles): {s['title'][:100]}")
        for i in s["documents"]:
            d = docs.get(i, {})
            print(f"   - {d.get('published')} {d.get('outlet')} {i[:60]}\n       {_first_sentence(d)[:200]}")
    for k, t in enumerate(rng.sample(threads, min(args.threads, len(threads))), 1):
        print(f"\n[T{k}] {t['id']} {t['start']} .. {t['end']} ({len(t['stories'])} stories): {t['title'][:100]}")
        for sid in t["stories"]:
            s = by_id.get(sid, {})
            print(f"   - {s.get('start')} ({len(s.get('documents', []))}) {str(s.get('title'))[:110]}")
        for link in t.get("links", []):
            print(
                f"     link {link['story']} -> {link['to']} {link['score']}: {link['entities'][:3]} "
                f"{link['terms'][:4]} {link.get('reference') or ''}"
            )


if __name__ == "__main__":
    main()
