"""The plan state's cost in a full run: building it (``jobs.incremental.plan_state_rows``) and
writing it (``Store.save_state``), its stored rows and bytes by key prefix, against the run's phases.

    .venv/bin/python benchmarks/bench_plan_state.py [--size 10000] [--workers 2] [--keep DIR] [--profile]

Builds ``bench_suite.build_stream(SIZE)``, runs ``linimasa run`` on it in this process (the
workers in their own) with the two functions wrapped by timers, then reads the store's
``plan_state`` table. Needs the sources (not a compiled build: the wrappers replace module
attributes). The parent's peak RSS (``getrusage``) is that of the process that plans and holds
the state.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import resource
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_suite import build_stream  # noqa: E402


def _timed(fn, name: str, times: dict, profile: bool = False):  # type: ignore[no-untyped-def]
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        prof = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        try:
            return prof.runcall(fn, *args, **kwargs) if prof else fn(*args, **kwargs)
        finally:
            times[name] = times.get(name, 0.0) + time.perf_counter() - t0
            if prof:
                pstats.Stats(prof).sort_stats("tottime").print_stats(12)

    return wrapper


def _timed_blocks(fn, times: dict):  # type: ignore[no-untyped-def]
    """``full_state`` with the time to build each block (by key prefix) added to ``times`` (a
    ``full_state`` that returns one dict, before the state was packed, is left as it is)."""

    def timed(blocks):  # type: ignore[no-untyped-def]
        while True:
            t0 = time.perf_counter()
            block = next(blocks, None)
            spent = time.perf_counter() - t0
            if block is None:
                return
            prefix = re.split("[:#]", next(iter(block), "?"), maxsplit=1)[0]
            times[prefix] = times.get(prefix, 0.0) + spent
            yield block

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        out = fn(*args, **kwargs)
        return out if isinstance(out, dict) else timed(out)

    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", action="store_true", help="print cProfile's top functions of the build")
    ap.add_argument("--keep", help="build the stream and the output here instead of a temporary folder")
    args = ap.parse_args()

    from linimasa.jobs import incremental, local
    from linimasa.store.database import Store

    times: dict[str, float] = {}
    local.plan_state_rows = _timed(local.plan_state_rows, "build", times, args.profile)  # type: ignore[assignment]
    Store.save_state = _timed(Store.save_state, "save", times)  # type: ignore[method-assign]
    blocks: dict[str, float] = {}
    incremental.full_state = _timed_blocks(incremental.full_state, blocks)  # type: ignore[assignment]

    from linimasa.cli import app

    with tempfile.TemporaryDirectory(prefix="linimasa-state-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        stream = build_stream(args.size, root)
        out = root / f"out-{args.size}"
        db = out / "s.db"
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        try:
            app(["run", str(stream), "--out", str(out), "--db", str(db), "-q", "--workers", str(args.workers)])
        except SystemExit as e:
            if e.code not in (0, 3, None):
                raise
        total = time.perf_counter() - t0
        with sqlite3.connect(db) as conn:
            summary = conn.execute("SELECT summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
            phases = json.loads(summary)["phases"]
            rows: Counter[str] = Counter()
            size: Counter[str] = Counter()
            for key, n in conn.execute("SELECT key, length(CAST(data AS BLOB)) FROM plan_state"):
                p = re.split("[:#]", key, maxsplit=1)[0] or key  # (one row a key, or shards "b#17")
                rows[p] += 1
                size[p] += n + len(key)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.size} articles, {args.workers} worker(s): run {total:.1f} s, planning process peak {peak:.0f} MB")
    print("phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()))
    print(f"plan state: build {times.get('build', 0):.2f} s, save {times.get('save', 0):.2f} s")
    if blocks:
        print("  of the build, the values of each prefix: " + ", ".join(f"{k} {v:.2f}" for k, v in blocks.items()))
        print(f"  packing (sharding, JSON): {times.get('build', 0) - sum(blocks.values()):.2f} s")
    print(f"stored: {sum(rows.values()):,} rows, {sum(size.values()) / 2**20:.1f} MB")
    for p in sorted(rows, key=lambda p: -size[p]):
        print(f"  {p:<12}{rows[p]:>9,} rows{size[p] / 2**20:>9.2f} MB")


if __name__ == "__main__":
    main()
