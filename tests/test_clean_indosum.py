"""The cleaning stage over all IndoSum development articles (real Indonesian news): no crash,
fewer than 1% of articles lose more than 20% of their characters, offsets hold, leads parsed."""

from __future__ import annotations

import json
import re

import pytest
from conftest import INDOSUM

from linimasa.clean.stage import CleanStage
from linimasa.model import Document

_WS = re.compile(r"\s+")

pytestmark = pytest.mark.skipif(not INDOSUM.exists(), reason="IndoSum data not present")


@pytest.fixture(scope="module")
def cleaned() -> list[tuple[dict, Document]]:
    rows = [json.loads(line) for line in INDOSUM.read_text(encoding="utf-8").splitlines() if line.strip()]
    stage = CleanStage()
    return [(r, stage(Document(id=r["id"], source=str(INDOSUM), raw=r["text"], url=r["url"], lang="id"))) for r in rows]


def test_all_articles_cleaned(cleaned) -> None:
    assert len(cleaned) == 3463
    assert all(d.text for _, d in cleaned)


def test_few_articles_lose_more_than_a_fifth(cleaned) -> None:
    def chars(s: str) -> int:
        return len(_WS.sub("", s))

    heavy = [d.id for r, d in cleaned if chars(d.text) < 0.8 * chars(r["text"])]
    assert len(heavy) < 0.01 * len(cleaned), heavy[:10]


def test_offsets_and_paragraphs(cleaned) -> None:
    for _, d in cleaned:
        assert d.check_offsets() == []
        assert [d.text[s.start : s.end] for s in d.paragraphs] == d.text.split("\n\n")
        assert "\n\n\n" not in d.text


def test_removed_pieces_come_from_the_article(cleaned) -> None:
    for r, d in cleaned:
        flat = _WS.sub("", r["text"])
        for piece in d.removed:
            assert _WS.sub("", piece.text) in flat, (d.id, piece)


def test_leads_and_no_false_titles(cleaned) -> None:
    with_outlet = sum(1 for _, d in cleaned if d.outlet)
    assert with_outlet > 0.65 * len(cleaned)
    assert sum(1 for _, d in cleaned if d.title) < 10  # IndoSum texts carry no headline line
    cnn = [d for r, d in cleaned if r["outlet"] == "cnn indonesia" and r["text"].startswith("Jakarta , CNN Indonesia")]
    assert cnn and all(d.outlet == "CNN Indonesia" and d.dateline == "Jakarta" for d in cnn)
    assert all(not d.text.startswith("Jakarta , CNN") for d in cnn)


def test_published_from_url_when_dated(cleaned) -> None:
    dated = [(r, d) for r, d in cleaned if re.search(r"/20\d\d/\d\d/\d\d/", r["url"])]
    assert dated and all(d.published_from == "url" and d.published[:4] in r["url"] for r, d in dated)
