"""SIGKILL at random moments, then resume: black-box, ``python -m linimasa run`` as a subprocess.

A generated corpus (300 small articles in .txt, .html, JSON Lines and a .warc.gz) is run
once uninterrupted for reference. Then, at 20+ seeded random delays spread over the whole
run (reading, analysing, committing, the corpus stages, writing the outputs), a run is
killed with SIGKILL; after each kill the SQLite store must pass ``PRAGMA integrity_check``
and open through linimasa, and any ``documents.jsonl`` present must be whole. Every chain
ends with a run to completion whose store and ``documents.jsonl`` must hold every document
exactly once with the same analysis as the reference run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from fixtures_trust import write_corpus

from linimasa.store.database import Store

N_DOCS = 300
MIN_KILLS = 22
SEED = int(os.environ.get("LINIMASA_KILL_SEED", "20261123"))  # another seed: other kill points


@cache
def _run_options() -> tuple[str, ...]:
    """``--workers 1`` and a small ``--batch-size`` when this version of the CLI has them."""
    help_text = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", "--help"], capture_output=True, text=True, env=_env()
    ).stdout
    opts: list[str] = []
    if "--workers" in help_text:
        opts += ["--workers", "1"]
    if "--batch-size" in help_text:
        opts += ["--batch-size", "25"]  # a dozen commits over the run: more places to be killed between
    return tuple(opts)


def _env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}


def _cmd(corpus: Path, out: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "linimasa", "run", str(corpus), "--out", str(out), "--db", str(db), "-q"] + list(
        _run_options()
    )


def _documents(path: Path) -> dict[str, dict]:
    docs: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        assert d["id"] not in docs, f"{d['id']} twice in {path}"
        docs[d["id"]] = d
    return docs


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    root = tmp_path_factory.mktemp("killres")
    corpus = root / "corpus"
    expected = write_corpus(corpus, N_DOCS, seed=3)
    t0 = time.perf_counter()
    proc = subprocess.run(
        _cmd(corpus, root / "ref-out", root / "ref.db"), capture_output=True, text=True, env=_env(), timeout=300
    )
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr[-2000:]
    docs = _documents(root / "ref-out" / "documents.jsonl")
    assert set(docs) == set(expected)
    return {"root": root, "corpus": corpus, "docs": docs, "elapsed": elapsed}


def _phase(db: Path, out: Path) -> str:
    """Where the killed run was: judged from what it left behind."""
    if not db.exists():
        return "before the store existed"
    con = sqlite3.connect(db)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return "creating the store"
        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        final = con.execute("SELECT count(*) FROM documents WHERE data IS NOT NULL").fetchone()[0]
    finally:
        con.close()
    if stored < N_DOCS:
        return "analysing and committing batches"
    if not final:
        return "corpus stages"
    if not (out / "report.html").exists():
        return "saving results and writing the outputs"
    return "after the outputs (finishing)"


def _check_after_kill(db: Path, out: Path, ref_ids: set[str]) -> None:
    if db.exists():
        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
        store = Store(str(db))  # opens (and migrates) like any command would
        try:
            seen = set()
            for d in store.iter_documents():  # every stored row is a whole document
                assert d["id"] in ref_ids and d["id"] not in seen and isinstance(d["text"], str)
                seen.add(d["id"])
        finally:
            store.close()
    docs_file = out / "documents.jsonl"
    if docs_file.exists():  # written atomically: absent or whole
        assert set(_documents(docs_file)) == ref_ids


def _kill_after(cmd: list[str], delay: float) -> tuple[bool, float]:
    """Run ``cmd``; SIGKILL its process group after ``delay`` s. (True if it was killed, its run time)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env(), start_new_session=True
    )
    try:
        proc.wait(timeout=delay)
        return False, time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True, time.perf_counter() - t0


def _chain(reference: dict, index: int, delays: list[float]) -> list[tuple[float, bool, str]]:
    """Kill runs on one store at ``delays``, check after each, then complete and compare."""
    root = reference["root"] / f"chain-{index:02d}"
    root.mkdir()
    out, db = root / "out", root / "store.db"
    cmd = _cmd(reference["corpus"], out, db)
    ref = reference["docs"]
    events = []
    for delay in delays:
        killed, _took = _kill_after(cmd, delay)
        phase = _phase(db, out) if killed else "finished before the kill"
        events.append((delay, killed, phase))
        _check_after_kill(db, out, set(ref))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    docs = _documents(out / "documents.jsonl")
    assert set(docs) == set(ref)
    for doc_id, d in docs.items():
        assert d == ref[doc_id], f"chain {index}: {doc_id} differs from the uninterrupted run"
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT id, data FROM documents").fetchall()
        runs = con.execute("SELECT count(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0]
    finally:
        con.close()
    assert len(rows) == len(ref) and {r[0] for r in rows} == set(ref)
    for doc_id, data in rows:
        assert json.loads(data) == ref[doc_id], f"chain {index}: stored {doc_id} differs"
    assert runs >= 1
    return events


def test_kill_at_random_points_and_resume(reference) -> None:
    rng = random.Random(SEED)
    span = reference["elapsed"] * 1.05
    n_chains = MIN_KILLS // 2 + 2  # 26 attempts: a run may finish before its kill
    # Stratified over the whole run (start-up to output writing), two kills per chain: the
    # second interrupts the resuming run.
    firsts = [0.3 + (span - 0.3) * (k + rng.random()) / n_chains for k in range(n_chains)]
    rng.shuffle(firsts)
    plans = [[first, 0.3 + rng.random() * (0.8 * span - 0.3)] for first in firsts]  # a resume is shorter
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda ip: _chain(reference, ip[0], ip[1]), enumerate(plans)))
        events = [e for chain in results for e in chain]
        # A run can finish before its kill (a resume reuses analyses; a quiet machine is fast).
        # Top up with kills in the first part of a run until enough have landed, so the test
        # does not depend on how fast this machine happens to be.
        extra = 0
        while sum(1 for e in events if e[1]) < MIN_KILLS and extra < 12:
            more = [[0.3 + rng.random() * (0.6 * span - 0.3)] for _ in range(2)]
            chains = pool.map(lambda ip: _chain(reference, ip[0], ip[1]), enumerate(more, len(plans) + extra))
            extra += 2
            events += [e for chain in chains for e in chain]
    kills = [e for e in events if e[1]]
    phases: dict[str, int] = {}
    for _, _, phase in kills:
        phases[phase] = phases.get(phase, 0) + 1
    print(f"\nkill-and-resume: {len(kills)} kills in {len(events)} attempts over {span:.1f}s runs; phases {phases}")
    assert len(kills) >= 20, events
    assert phases.get("analysing and committing batches", 0) >= 3, phases
    assert sum(n for p, n in phases.items() if p not in ("before the store existed", "creating the store")) >= 10
