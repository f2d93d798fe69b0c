"""Shared test helpers: where ../shared is (beside the repository, or $LINIMASA_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# fixture modules that test modules also import helpers from: rewritten before that import
# (every tests/fixtures_*.py; tests/test_fixture_asserts.py checks)
pytest.register_assert_rewrite("fixtures_fuzz", "fixtures_incremental", "fixtures_pg", "fixtures_trust", "fixtures_web")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LINIMASA_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.gold.json"
INDOSUM = SHARED / "data" / "indosum" / "indosum-dev.jsonl"
SCORER = SHARED / "tools" / "score_seeds.py"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def indosum_path(shared_dir) -> Path:
    if not INDOSUM.exists():
        pytest.skip(f"IndoSum not found at {INDOSUM}")
    return INDOSUM
