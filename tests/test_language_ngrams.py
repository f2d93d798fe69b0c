"""The vectorised feature counting gives py3langid's exact counts, scores and codes."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from py3langid.langid import LanguageIdentifier, _get_identifier, visit_counts

from linimasa.demo import corpus_path
from linimasa.language.detect import SAMPLE_CHARS, detect_language
from linimasa.language.ngrams import _counts_by_first_occurrence, identifier
from linimasa.readers import RawDocument, iter_inputs

ODD_TEXTS = [
    "",
    "a",
    "ab",
    "abcde",
    "abcdef",
    "!!!",
    "The minister said on Monday that the flood had forced thousands of residents to flee their homes.",
    "BANJIR MELANDA JAKARTA UTARA SEJAK SENIN PAGI",
    "Selamat pagi 😀🎉🇮🇩 semuanya!! 👍🏽",
    "东京都は月曜日、大雨のため避難指示を出した。北京市政府表示，洪水已经退去。",
    "Москва объявила о наводнении. Αθήνα ανακοίνωσε. القاهرة أعلنت حالة الطوارئ. 서울시는 발표했다.",
    "Cafe\u0301 na\u0131ve \u00c5ngstr\u00f6m \ufb01le \u00a0\u200b\u2028 tab\there",
    "\x00\x01\x7f\ud800 surrogate and control bytes",
    "x" * 5000,
    "ab" * 3000 + "é" * 700,
]


def _same_as_py3langid(texts: list[str]) -> None:
    fast, reference = identifier(), _get_identifier()
    for text in texts:
        data = reference._encode(text)
        features, counts = fast.feature_counts(data)
        expected = visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, data) or {}
        assert list(zip(features.tolist(), counts.tolist(), strict=True)) == list(expected.items()), text[:80]
        assert fast._raw_score(data).tobytes() == LanguageIdentifier._raw_score(reference, data).tobytes()
        assert fast.classify(text) == reference.classify(text)


def test_odd_texts_count_as_py3langid() -> None:
    _same_as_py3langid(ODD_TEXTS)


def test_every_prefix_length_counts_as_py3langid() -> None:
    # The first window - 1 bytes take a separate path: cover every length around it.
    text = "Wali Kota Bandung, Jawa Barat, mengatakan pada Rabu (12/3) bahwa kasus demam berdarah naik."
    _same_as_py3langid([text[:n] for n in range(len(text) + 1)])


@pytest.mark.parametrize("variant", ["as is", "upper case, words reversed"])
def test_real_articles_count_as_py3langid(indosum_path, variant: str) -> None:
    inputs = [str(indosum_path), str(indosum_path.parents[2] / "seeds"), str(corpus_path())]
    texts = [r.text for r in iter_inputs(inputs) if isinstance(r, RawDocument)]
    assert len(texts) > 3400
    if variant != "as is":  # the demo corpus has English articles; upper case takes py3langid's lower() path
        texts = [" ".join(t[:SAMPLE_CHARS].upper().split()[::-1]) for t in texts[::10]]
    _same_as_py3langid([t[:SAMPLE_CHARS] for t in texts])


def test_first_occurrence_counts_match_a_counter() -> None:
    rng = np.random.default_rng(7)
    for size, high in [(1, 5), (2, 2), (50, 3), (1000, 100_000), (4000, 40), (70_000, 100_000)]:
        values = rng.integers(0, high, size)
        features, counts = _counts_by_first_occurrence(values, 17)
        expected = Counter(values.tolist())
        assert list(zip(features.tolist(), counts.tolist(), strict=True)) == list(expected.items())
    features, counts = _counts_by_first_occurrence(np.zeros(0, dtype=np.intp), 17)
    assert features.size == counts.size == 0


def test_three_letters_in_the_first_400_characters_are_needed() -> None:
    assert detect_language("ab 12 / 34 --") is None
    assert detect_language("1" * 398 + "ab" + "c banjir besar melanda kota") is None  # third letter past 400
    assert detect_language("1" * 397 + "ab" + "c banjir besar melanda kota") is not None
