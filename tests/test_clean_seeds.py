"""The five seed articles against their gold (read from ../shared): cleaning, title, outlet, credits."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED

from linimasa.clean.stage import CleanStage
from linimasa.model import Document

GOLD = SHARED / "gold" / "seeds.gold.json"

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="seed gold not present")


def _cases():
    if not GOLD.exists():
        return []
    return sorted(json.loads(GOLD.read_text(encoding="utf-8"))["documents"].items())


@pytest.mark.parametrize(("doc_id", "gold"), _cases())
def test_seed(doc_id: str, gold: dict) -> None:
    raw = (SHARED / "seeds" / f"{doc_id}.txt").read_text(encoding="utf-8")
    doc = CleanStage()(Document(id=doc_id, source=doc_id, raw=raw, lang="id"))
    for s in gold["must_remove"]:
        assert s not in doc.text
    for s in gold["must_keep"]:
        assert s in doc.text
    for s in gold.get("must_appear_once", []):
        assert doc.text.count(s) == 1
    assert doc.title == gold["title"]
    if gold["outlet"]:
        assert gold["outlet"].lower() in (doc.outlet or "").lower()
    assert doc.credits == gold["credits"]
    lo, hi = gold["published"]
    assert doc.published is None or lo <= doc.published[:10] <= hi
