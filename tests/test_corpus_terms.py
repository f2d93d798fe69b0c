"""Terms and shingles, the corpus stages' word features, against plain reference loops on real text.

``terms`` works on each distinct word of a text once (a memo of word -> term) and
``shingles`` hashes its n-grams through C-level maps; both must give exactly what the
plain per-word loops give, in the same order, also when the memo is cleared mid-way.
"""

from __future__ import annotations

import json
import re
import zlib

import pytest

from linimasa.corpus import features
from linimasa.corpus.duplicates import normalised_tokens, shingles
from linimasa.corpus.features import MIN_TERM_LENGTH, stem, stopwords, terms


def _reference_terms(text: str, lang: str) -> list[str]:
    stop = stopwords(lang)
    out = []
    for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        w = w.lower()
        if len(w) < MIN_TERM_LENGTH or w in stop:
            continue
        s = stem(w, lang)
        if len(s) >= MIN_TERM_LENGTH and s not in stop:
            out.append(s)
    return out


def _reference_shingles(tokens: list[str], size: int) -> set[int]:
    if len(tokens) < size:
        return {zlib.crc32(" ".join(tokens).encode("utf-8"))} if tokens else set()
    return {zlib.crc32(" ".join(tokens[i : i + size]).encode("utf-8")) for i in range(len(tokens) - size + 1)}


@pytest.fixture(scope="module")
def texts(indosum_path) -> list[str]:
    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:250]
    extra = ["", "Dia", "İSTANBUL dan ΣΊΣΥΦΟΣ menyerang", "jong-un dan masing-masing, PBB-nya"]
    return [json.loads(line)["text"] for line in lines] + extra


def test_terms_equal_the_plain_loop(texts, monkeypatch) -> None:
    for lang in ("id", "en"):
        assert [terms(t, lang) for t in texts] == [_reference_terms(t, lang) for t in texts]
    # a tiny memo is cleared again and again: same terms
    monkeypatch.setattr(features, "_TERM_MEMO_MAX", 50)
    features._TERM_MEMO.clear()
    assert [terms(t, "id") for t in texts[:40]] == [_reference_terms(t, "id") for t in texts[:40]]
    assert sum(len(terms(t, "id")) for t in texts) > 30_000  # real text, real terms


def test_shingles_equal_the_plain_loop(texts) -> None:
    for t in texts:
        tokens = normalised_tokens(t)
        assert tokens == [w.lower() for w in re.findall(r"\w+", t)]
        for size in (1, 3, 5):
            assert shingles(tokens, size) == _reference_shingles(tokens, size)
    assert shingles(["satu", "dua"], 5) == {zlib.crc32(b"satu dua")}
    assert shingles([], 5) == set()
