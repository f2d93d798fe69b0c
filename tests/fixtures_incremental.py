"""Shared by the tests of runs that add to a store (test_incremental*.py): the five seed articles, a
folder of some of them, and one run of a folder into a store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linimasa.jobs.run import run_pipeline


@pytest.fixture(scope="module")
def seeds(shared_dir) -> list[Path]:
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(files) == 5
    return files


def seed_folder(tmp: Path, name: str, files: list[Path]) -> str:
    """A new folder ``tmp/name`` holding copies of ``files``."""
    folder = tmp / name
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return str(folder)


def run_into(inputs: str | Path, tmp: Path, db: Path | str, name: str) -> dict:
    """``linimasa run INPUTS --db DB --out tmp/name`` (one worker, batches of one): its summary."""
    return run_pipeline([str(inputs)], tmp / name, str(db), workers=1, batch_size=1).to_json()
