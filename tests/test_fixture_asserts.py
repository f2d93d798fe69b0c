"""The helper modules the tests import (tests/fixtures_*.py) have their asserts rewritten by
pytest, as test modules do: a failing ``assert summary.read == 16`` in a fixture then says
what ``summary.read`` was, not only ``AssertionError``."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

FIXTURES = sorted(p.stem for p in Path(__file__).parent.glob("fixtures_*.py"))


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_modules_are_rewritten(name: str) -> None:
    module = importlib.import_module(name)
    assert type(module.__loader__).__name__ == "AssertionRewritingHook", f"{name} is not registered in conftest.py"
