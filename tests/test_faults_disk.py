"""Disk full and read-only output: a clear one-line error and exit code 1, never a traceback,
a store that stays sound, and a re-run that completes once there is room.

The faults are real file systems: a 1 MB tmpfs (disk full) and a tmpfs remounted read-only
(``chmod`` does not stop root). Mounting needs root and a kernel that lets the test mount;
where it cannot, the tests are skipped with the reason.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures_trust import write_corpus

N_DOCS = 120


def _mount(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def tmpfs(tmp_path):
    """``make(size)``: a fresh tmpfs of ``size`` mounted under tmp_path (unmounted afterwards)."""
    mounted: list[Path] = []

    def make(size: str) -> Path:
        point = tmp_path / f"fs{len(mounted)}"
        point.mkdir()
        try:
            res = _mount(["-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)])
        except FileNotFoundError:
            pytest.skip("no mount command: disk faults cannot be simulated here")
        if res.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({res.stderr.strip()}): disk faults not simulated")
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("diskcorpus") / "in"
    write_corpus(folder, N_DOCS, seed=11)
    return folder


def _run(corpus: Path, out: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(corpus), "--out", str(out), "--db", str(db), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "HOME": str(out.parent)},
    )


def _clear_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr and "│" not in proc.stderr, proc.stderr[-2000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, proc.stderr[-2000:]
    for needle in needles:
        assert needle in errors[0], errors[0]


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_store_on_a_full_disk_is_a_clear_error_and_resumes(tmpfs, corpus, tmp_path) -> None:
    disk = tmpfs("1m")
    db = disk / "store.db"
    proc = _run(corpus, tmp_path / "out", db)
    _clear_error(proc, "store", "full")
    assert _integrity(db) == "ok"
    assert _mount(["-o", "remount,size=64m", str(disk)]).returncode == 0  # room again
    proc = _run(corpus, tmp_path / "out", db)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == N_DOCS and len({json.loads(ln)["id"] for ln in lines}) == N_DOCS
    assert _integrity(db) == "ok"


def test_outputs_on_a_full_disk_are_a_clear_error(tmpfs, corpus, tmp_path) -> None:
    disk = tmpfs("256k")
    out = disk / "out"
    proc = _run(corpus, out, tmp_path / "store.db")
    _clear_error(proc, "cannot write", "No space left on device")
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]  # no half-written temporary left behind
    for f in out.glob("*.jsonl"):  # whatever was written is whole
        for line in f.read_text(encoding="utf-8").splitlines():
            json.loads(line)
    assert _integrity(tmp_path / "store.db") == "ok"
    assert _mount(["-o", "remount,size=64m", str(disk)]).returncode == 0
    proc = _run(corpus, out, tmp_path / "store.db")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"({0} analysed, {N_DOCS} unchanged)" in proc.stdout  # the analyses were kept


def test_read_only_output_folder_is_a_clear_error(tmpfs, corpus, tmp_path) -> None:
    disk = tmpfs("4m")
    (disk / "out").mkdir()
    assert _mount(["-o", "remount,ro", str(disk)]).returncode == 0
    proc = _run(corpus, disk / "out", tmp_path / "store.db")
    _clear_error(proc, "out", "not writable")
    proc = _run(corpus, disk / "new" / "out", tmp_path / "store2.db")  # a folder that cannot be created
    _clear_error(proc, "cannot create output folder", "Read-only file system")


def test_read_only_store_is_a_clear_error(tmpfs, corpus, tmp_path) -> None:
    disk = tmpfs("4m")
    proc = _run(corpus, tmp_path / "out", disk / "store.db")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _mount(["-o", "remount,ro", str(disk)]).returncode == 0
    proc = _run(corpus, tmp_path / "out2", disk / "store.db")
    _clear_error(proc, "store")
    assert "read" in proc.stderr.lower() or "open" in proc.stderr.lower(), proc.stderr
