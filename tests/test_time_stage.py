"""The time stage on real articles: the seed gold, re-anchoring, and IndoSum against URL dates."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest
from conftest import GOLD, INDOSUM, SEEDS

from linimasa.model import Document
from linimasa.published import date_from_url
from linimasa.time import TimeStage, resolve_document, tag

TODAY = dt.date(2026, 11, 23)
STAGE = TimeStage(today=lambda: TODAY)


def _seed_docs() -> dict[str, Document]:
    if not SEEDS.exists():
        pytest.skip("seeds not available")
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.stem] = STAGE(Document(id=path.stem, source=str(path), raw=text, text=text, lang="id"))
    return out


def _matches(gold: list[dict], timexes: list) -> tuple[int, list[str]]:
    ok, misses, used = 0, [], set()
    for g in gold:
        hit = next(
            (i for i, t in enumerate(timexes) if i not in used and (g["text"] in t.text or t.text in g["text"])), None
        )
        if hit is None:
            misses.append(f"missed {g['text']!r}")
            continue
        used.add(hit)
        if timexes[hit].value in g["value"]:
            ok += 1
        else:
            misses.append(f"{g['text']!r} = {timexes[hit].value!r}, want {g['value'][0]!r}")
    return ok, misses


def test_seed_gold_values_and_published() -> None:
    docs = _seed_docs()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["documents"]
    # the story stage anchors the two articles whose own text cannot date them
    for doc_id, anchor in (("000", dt.date(2019, 4, 24)), ("004", dt.date(2023, 9, 11))):
        d = next(d for k, d in docs.items() if k.startswith(doc_id))
        assert d.published is None and d.features["time"]["unresolved"] > 0
        resolve_document(d, anchor, "story", today=TODAY)
        assert (d.published, d.published_from) == (anchor.isoformat(), "story")
    total = ok = 0
    problems = []
    for doc_id, g in gold.items():
        d = docs[doc_id]
        assert not d.check_offsets()
        got, misses = _matches(g["timex"], d.timexes)
        total += len(g["timex"])
        ok += got
        problems += [f"{doc_id}: {m}" for m in misses]
        lo, hi = g["published"]
        assert d.published is not None and lo <= d.published <= hi, (doc_id, d.published)
    assert ok == total, problems


def test_seed_year_less_articles_keep_candidates() -> None:
    docs = _seed_docs()
    d0 = next(d for k, d in docs.items() if k.startswith("000"))
    assert {2013, 2019, 2024} <= set(d0.features["time"]["candidate_years"])
    d3 = next(d for k, d in docs.items() if k.startswith("003"))
    assert d3.published == "2024-01-21"


def test_stage_is_picklable_and_pure() -> None:
    s = pickle.loads(pickle.dumps(TimeStage()))
    text = "Rapat digelar Kamis (7/9/2023) dan dilanjutkan pekan depan."
    a = s(Document(id="a", source="t", raw=text, text=text, lang="id"))
    b = s(Document(id="a", source="t", raw=text, text=text, lang="id"))
    assert [t.to_json() for t in a.timexes] == [t.to_json() for t in b.timexes]
    json.dumps(a.features["time"])


def test_unknown_language_falls_back() -> None:
    assert tag("Rapat digelar kemarin.", "xx", dt.date(2023, 9, 5))[0].value == "2023-09-04"


def test_english_document() -> None:
    text = "SEOUL, Sept. 5, 2023 - North Korea's leader will visit Russia next week, officials said on Monday."
    d = STAGE(Document(id="e", source="t", raw=text, text=text, lang="en"))
    assert d.published == "2023-09-05"
    vals = {t.text: t.value for t in d.timexes}
    assert vals["next week"] == "2023-W37" and vals["Monday"] == "2023-09-04"


@pytest.mark.slow
def test_indosum_text_only_publication_dates_agree_with_urls() -> None:
    """On unseen real articles the text-only date must rarely contradict the URL's date."""
    if not INDOSUM.exists():
        pytest.skip("IndoSum not available")
    answered = near = 0
    for line in INDOSUM.read_text(encoding="utf-8").splitlines()[:1500]:
        r = json.loads(line)
        url_date = date_from_url(r["url"], TODAY)
        d = STAGE(Document(id=r["id"], source="indosum", raw=r["text"], text=r["text"], lang="id"))
        assert not d.check_offsets()
        if url_date and d.published:
            answered += 1
            near += abs((dt.date.fromisoformat(d.published) - url_date).days) <= 1
    assert answered >= 100
    assert near / answered >= 0.85
