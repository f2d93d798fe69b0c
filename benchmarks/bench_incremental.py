"""A run that adds to a store, against one run over everything (docs/incremental.md).

    .venv/bin/python benchmarks/bench_incremental.py [--new 300] [--size 0 | --store-size N]
        [--workers 2] [--api 1,10,100] [--keep DIR] [--api-store DB [--api-skip K] [--repack-state] [--backfill-inputs]]

The IndoSum development articles (../shared/data/indosum/indosum-dev.jsonl, 3,463; with
``--size`` larger, the benchmark suite's stream of perturbed copies, ``bench_suite.build_stream``;
``--store-size N`` is ``--size N + new``: the issue's benchmark is ``--store-size 100000 --new 1000``)
ordered by time (the publication timestamp that starts IndoSum ids, the URL date of a copy),
split into all but the newest ``--new`` and those. It measures, as subprocesses in one sitting:

1. the full run: ``linimasa run ALL --db full.db``;
2. the store of the older ones: ``linimasa run OLD --db inc.db`` (not the comparison);
3. the incremental run: ``linimasa run NEW --db inc.db``;
4. an unchanged re-run: ``linimasa run NEW --db inc.db`` again;

and prints the times (incremental / full is the figure the issue targets, at most 0.10), the
phases of each run (from the run summaries in the stores) and the B³ F1 of the incremental
store's stories against the full run's (target at least 0.99), over every document.

Then, in this process, ``POST /api/documents`` on the incremental store (FastAPI's test client,
the app of ``linimasa serve``): one warm-up request (the server loads its models with its first
ingest), then a batch of each ``--api`` size (target: under 2 s each), of further perturbed
copies that neither run read (``bench_suite.build_stream``'s next ones).

With ``--api-store DB`` it makes no run and measures only the API, on a copy of ``DB`` (the
``inc.db`` an earlier run of the benchmark left with ``--keep``, of the same sizes; ``--api-skip K``
when ``K`` further stream articles were ingested into it, e.g. 112 by its own API measurement).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from bench_suite import INDOSUM, build_stream  # noqa: E402

_URL_DATE = re.compile(r"/(20\d\d)/(\d\d)/(\d\d)/")


def _time_key(obj: dict) -> tuple[str, str]:
    m = _URL_DATE.search(obj.get("url") or "")
    day = "-".join(m.groups()) if m else "9999-99-99"
    return (day, obj["id"])


def split_inputs(folder: Path, new: int, size: int, extra: int = 0) -> tuple[Path, Path, Path, list[dict]]:
    """``(all, old, new)`` JSON Lines files, the newest ``new`` articles last, and ``extra`` more
    articles (the stream's next ones) for the API."""
    base = sum(1 for _ in INDOSUM.open(encoding="utf-8"))
    size = size or base
    source = build_stream(size + extra, folder) if size + extra > base else INDOSUM
    rows = [json.loads(line) for line in source.open(encoding="utf-8")]
    rows = [{k: r[k] for k in ("id", "url", "outlet", "text") if k in r} for r in rows]
    rows, more = rows[:size], rows[size:]
    rows.sort(key=_time_key)
    paths = []
    for name, part in (("all", rows), ("old", rows[:-new]), ("new", rows[-new:])):
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1], paths[2], more


def run(inputs: Path, db: Path, out: Path, workers: int) -> float:
    cmd = [sys.executable, "-m", "linimasa", "run", str(inputs), "--db", str(db), "--out", str(out)]
    cmd += ["-q", "--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"linimasa run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds


def last_summary(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT summary FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def stories_of(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return {i: s for i, s in conn.execute("SELECT id, story FROM documents")}


def b_cubed(pred: dict[str, str], gold: dict[str, str]) -> float:
    """B³ F1 of clustering ``pred`` against ``gold`` (document -> cluster), over the shared documents."""
    ids = [d for d in gold if d in pred]
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for d in ids:
        by_pred[pred[d]].add(d)
        by_gold[gold[d]].add(d)
    p = r = 0.0
    for d in ids:
        both = len(by_pred[pred[d]] & by_gold[gold[d]])
        p += both / len(by_pred[pred[d]])
        r += both / len(by_gold[gold[d]])
    p, r = p / len(ids), r / len(ids)
    return 2 * p * r / (p + r) if p + r else 0.0


def api_latency(db: Path, docs: list[dict], sizes: list[int]) -> list[tuple[int, float, int]]:
    """``(documents, seconds, status)`` of a warm-up request of one document, then of each size."""
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    out = []
    # (as `linimasa serve` makes it: half of a larger batch analysed by its warm helper process)
    with TestClient(create_app(str(db), analysis_helper=True), base_url="http://127.0.0.1:8000") as client:
        at = 0
        for n in [1, *sizes]:
            batch = docs[at : at + n]
            at += n
            t0 = time.perf_counter()
            r = client.post("/api/documents", json=batch)
            out.append((len(batch), time.perf_counter() - t0, r.status_code))
    return out


def entity_format(db: Path, fmt: int) -> int:
    """Rewrite the word postings of ``db``'s entity state in format ``fmt`` (docs/incremental.md,
    *Entity state format*: 1, the ids; 2, each with its summary), as a full plan of this linimasa
    would write them; the state's token and the plan marker are kept. Returns the format it had."""
    from linimasa.corpus.entity_cache import summary_of

    with sqlite3.connect(db) as conn:
        head = conn.execute("SELECT data FROM plan_state WHERE key = 'e#0'").fetchone()
        if head is None:
            raise SystemExit(f"{db}: no entity state to rewrite")
        was = json.loads(head[0])
        rows: dict = {}
        for (data,) in conn.execute("SELECT data FROM plan_state WHERE key LIKE 'a#%' ORDER BY key"):
            rows.update(json.loads(data))
        for key, data in list(conn.execute("SELECT key, data FROM plan_state WHERE key LIKE 'w#%'")):
            shard = json.loads(data)
            for w, ids in shard.items():
                ids = sorted(ids)
                shard[w] = ids if fmt == 1 else {i: summary_of(rows.get("a:" + i)) for i in ids}
            text = json.dumps(shard, ensure_ascii=False, separators=(",", ":"))
            conn.execute("UPDATE plan_state SET data = ? WHERE key = ?", (text, key))
        conn.execute("UPDATE plan_state SET data = ? WHERE key = 'e#0'", (json.dumps({**was, "e:format": fmt}),))
    return int(was.get("e:format", 1))


def repack_state(db: Path) -> tuple[int, int]:
    """Pack ``db``'s plan state again with this linimasa's shard sizes (``store/state_shards.py``
    ``PER_SHARD``), as a full plan of it would write the same values; the state's token and the plan
    marker are kept. Returns the number of rows before and after."""
    from linimasa.store.state_shards import LAYOUT_KEY, pack_state, prefix_of, token_of

    with sqlite3.connect(db) as conn:
        head = conn.execute("SELECT data FROM plan_state WHERE key = ?", (LAYOUT_KEY,)).fetchone()
        if head is None:
            raise SystemExit(f"{db}: no plan state to repack")
        names = [k for (k,) in conn.execute("SELECT key FROM plan_state WHERE key != ?", (LAYOUT_KEY,))]
        prefixes = sorted({k.partition("#")[0] for k in names})

        def blocks():  # (one prefix's values at a time)
            for prefix in prefixes:
                block: dict = {}
                q = "SELECT data FROM plan_state WHERE key LIKE ? ORDER BY key"  # (a shard, then its delta)
                for (data,) in conn.execute(q, (prefix + "#%",)):
                    block.update((k, v) for k, v in json.loads(data).items() if prefix_of(k) == prefix)
                yield block

        packed = pack_state(blocks())
        before = len(names)
        packed.token = token_of(head[0]) or packed.token
        conn.execute("DELETE FROM plan_state")
        conn.executemany("INSERT INTO plan_state (key, data) VALUES (?, ?)", packed.rows())
    return before + 1, len(packed.rows())


def api_only(
    store: Path,
    folder: Path,
    size: int,
    sizes: list[int],
    skip: int,
    fmt: int | None = None,
    repack: bool = False,
    backfill: bool = False,
) -> None:
    """``POST /api/documents`` latencies on a copy of ``store`` (no run): the stream's articles after
    the first ``size`` and ``skip`` more (``fmt``: the copy's entity state rewritten in that format first)."""
    import shutil

    base = sum(1 for _ in INDOSUM.open(encoding="utf-8"))
    total = size + skip + 1 + sum(sizes)
    if total <= base:
        raise SystemExit("--api-store needs a store of the benchmark's stream (--size or --store-size beyond IndoSum)")
    stream = build_stream(total, folder)
    with stream.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for k, line in enumerate(fh) if k >= size + skip]
    stream.unlink()
    db = folder / "api.db"
    for f in folder.glob("api.db*"):
        f.unlink()
    shutil.copy(store, db)
    if fmt is not None:
        was = entity_format(db, fmt)
        print(f"the copy's entity state rewritten from format {was} to format {fmt}")
    if repack:
        before, after = repack_state(db)
        print(f"the copy's plan state packed again with this linimasa's shard sizes: {before} rows -> {after}")
    if backfill:
        from linimasa.jobs.finalise_stored import backfill_inputs
        from linimasa.store.database import Store

        t0 = time.perf_counter()
        copy = Store(str(db))
        written = backfill_inputs(copy)
        copy.close()
        print(f"the copy's doc_inputs rows written: {written} in {time.perf_counter() - t0:.1f} s")
    load = os.getloadavg()
    latency = api_latency(db, docs, sizes)
    summary = last_summary(db)
    load_after = os.getloadavg()
    print(f"POST /api/documents on a copy of {store} (load average before {load[0]:.2f}, after {load_after[0]:.2f}):")
    for k, (n, seconds, status) in enumerate(latency):
        what = "warm-up (the server's first ingest: its models loaded)" if k == 0 else f"{n} documents"
        print(f"  {what:58s} {seconds:6.2f} s  (HTTP {status})")
    print(f"  last ingest's phases {summary.get('phases')}, stories finalised {summary.get('refinalised')}")
    for f in folder.glob("api.db*"):
        f.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--new", type=int, default=300, help="articles added by the incremental run (the newest)")
    ap.add_argument("--size", type=int, default=0, help="corpus size (0: IndoSum's 3,463 articles)")
    ap.add_argument(
        "--store-size", type=int, default=0, help="the store's size before the new ones (--size = this + --new)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--api", default="1,10,100", help="POST /api/documents batch sizes ('' for none)")
    ap.add_argument("--keep", type=Path, help="keep the stores and outputs in this folder")
    ap.add_argument(
        "--api-store",
        type=Path,
        help="only the API figures, on a copy of this store (one the benchmark left with --keep: its inc.db, "
        "of the same --size or --store-size/--new); no run is made",
    )
    ap.add_argument(
        "--api-skip", type=int, default=0, help="with --api-store: stream articles the store already holds after the runs'"
    )
    ap.add_argument(
        "--entity-format",
        type=int,
        choices=(1, 2),
        help="with --api-store: rewrite the copy's entity state word postings in this format first "
        "(a store written before session 22 has format 1 until its next full plan)",
    )
    ap.add_argument(
        "--repack-state",
        action="store_true",
        help="with --api-store: pack the copy's plan state again with this linimasa's shard sizes first, as "
        "its full plan would (a store keeps the shard sizes of the linimasa that planned it whole)",
    )
    ap.add_argument(
        "--backfill-inputs",
        action="store_true",
        help="with --api-store: write the copy's doc_inputs rows first (jobs/finalise_stored.py backfill_inputs: "
        "a store of schema 7, or one a full run of session 24 or earlier made, gets them as continued runs finalise "
        "its members; a full run since session 25 writes them: the copy is then as such a store would be)",
    )
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="linimasa-bench-incremental-"))
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.api.split(",") if x.strip()]
    size = args.store_size + args.new if args.store_size else args.size
    if args.api_store:
        api_only(
            args.api_store,
            folder,
            size,
            sizes,
            args.api_skip,
            args.entity_format,
            args.repack_state,
            args.backfill_inputs,
        )
        return
    all_, old, new, more = split_inputs(folder, args.new, size, 1 + sum(sizes))
    full_db, inc_db = folder / "full.db", folder / "inc.db"
    for db in (full_db, inc_db):
        for f in folder.glob(db.name + "*"):
            f.unlink()
    load = os.getloadavg()
    full = run(all_, full_db, folder / "full", args.workers)
    full_phases = last_summary(full_db).get("phases")
    run(old, inc_db, folder / "old", args.workers)
    inc = run(new, inc_db, folder / "inc", args.workers)
    inc_summary = last_summary(inc_db)
    b3 = b_cubed(stories_of(inc_db), stories_of(full_db))
    again = run(new, inc_db, folder / "again", args.workers)
    again_summary = last_summary(inc_db)
    b3_again = b_cubed(stories_of(inc_db), stories_of(full_db))
    load_api = os.getloadavg()
    latency = api_latency(inc_db, more, sizes) if sizes else []
    api_summary = last_summary(inc_db) if sizes else {}
    load_after = os.getloadavg()
    n_all = sum(1 for _ in all_.open())
    print(f"documents: {n_all} in all, {args.new} added to a store of {n_all - args.new}; workers {args.workers}")
    print(f"load average before {load[0]:.2f}, after {load_after[0]:.2f}")
    print(f"full run            {full:8.1f} s  phases {full_phases}")
    print(f"incremental run     {inc:8.1f} s  phases {inc_summary.get('phases')}  ratio {inc / full:.3f}")
    print(f"  stories finalised again {inc_summary.get('refinalised')} of {inc_summary.get('stories')}")
    print(f"unchanged re-run    {again:8.1f} s  phases {again_summary.get('phases')}  ratio {again / full:.3f}")
    print(f"  stories finalised again {again_summary.get('refinalised')} of {again_summary.get('stories')}")
    print(
        f"B3 F1 of the incremental store's stories against the full run's: {b3:.4f} (after the re-run {b3_again:.4f})"
    )
    if latency:
        print(f"POST /api/documents on the store of {n_all} (load average before {load_api[0]:.2f}):")
        for k, (n, seconds, status) in enumerate(latency):
            what = "warm-up (the server's first ingest: its models loaded)" if k == 0 else f"{n} documents"
            print(f"  {what:58s} {seconds:6.2f} s  (HTTP {status})")
        print(f"  last ingest's phases {api_summary.get('phases')}")


if __name__ == "__main__":
    main()
