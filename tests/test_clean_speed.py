"""The fast paths of the clean and sentence stages give the same results as the plain formulations.

Each speed-up (bytes.translate keys, lazy word counts, two-pass space collapsing, right-to-left
token search, hint tests without a regex) is checked against a straightforward reference
implementation of the rule it replaces, on real IndoSum paragraphs and on random strings built
from the characters where the two could disagree.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata

import pytest
import regex
from conftest import INDOSUM

from linimasa.clean import boilerplate, normalize, repeats
from linimasa.sentences import split


def _indosum_paragraphs(limit: int = 150) -> list[str]:
    if not INDOSUM.exists():
        pytest.skip("IndoSum dev set not available")
    out: list[str] = []
    with INDOSUM.open(encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            if k >= limit:
                break
            out.extend(p for p in json.loads(line)["text"].split("\n") if p.strip())
    return out


def _random_strings(alphabet: list[str], n: int, max_len: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, max_len))) for _ in range(n)]


# ---------------------------------------------------------------- repeats


def _reference_key(paragraph: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", paragraph.lower()).split())


def _reference_sentence_like(paragraph: str) -> bool:
    if paragraph.rstrip()[-1:] in repeats._SENTENCE_END:
        need = repeats.MIN_WORDS
    elif paragraph.count(" ") + 1 >= repeats.LONG_WORDS:
        need = repeats.LONG_WORDS
    else:
        return False
    return len(re.findall(r"(?:^|\s)[^\s]*?[^\W\d_]", paragraph)) >= need


def test_repeat_key_and_sentence_test_match_the_reference() -> None:
    paragraphs = _indosum_paragraphs()
    ascii_all = "".join(map(chr, range(128)))
    samples = [
        *paragraphs,
        ascii_all,
        ascii_all.upper(),
        "Rapat “Paripurna” DPR , Kamis ( 18 / 8 / 2016 ) , di Jakarta .",
        "Menteri ESDM Ignasius Jonan__mengatakan 10.000 barel ; per hari !",
        *_random_strings(list("aZ09 _.,-\t\"'é“”İ²½") + ["\u00a0"], 3000, 40, seed=1),
    ]
    for p in samples:
        assert repeats.repeat_key(p) == _reference_key(p), p
        assert repeats.is_sentence_like(p) == _reference_sentence_like(p), p
    # the fast key really is used for the common (ASCII) case, and still separates different text
    assert repeats.repeat_key("Harga  BBM naik, kata dia.") == "harga bbm naik kata dia"
    assert repeats.repeat_key("Harga BBM turun.") != repeats.repeat_key("Harga BBM naik.")


# ---------------------------------------------------------------- normalize


def _reference_normalize(raw: str) -> list[str]:
    text = normalize._LINE_BREAKS.sub("\n", raw)
    text = normalize._INVISIBLE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    lines = [line.strip() for line in text.split("\n")]
    if not text.isascii() and normalize._MOJIBAKE.search(text):
        lines = [normalize.fix_mojibake(line) for line in lines]
    return lines


def test_normalize_lines_matches_the_reference() -> None:
    odd = ["\r", "\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\u00a0", "\u2000", "\u3000", "\u200b", "\ufeff"]
    alphabet = [*"ab .\n\t", *odd, "e\u0301", "Ã©", "â€œ"]
    samples = [
        "\n\n".join(_indosum_paragraphs(40)),
        "Harga\u00a0 minyak  naik\t\t5 %\r\nkata  dia .\u2028Baris\u200b baru",
        *_random_strings(alphabet, 5000, 30, seed=2),
    ]
    for raw in samples:
        assert normalize.normalize_lines(raw) == _reference_normalize(raw), repr(raw)
    assert normalize.normalize_lines("Harga\u00a0\u00a0minyak   naik\t.") == ["Harga minyak naik ."]


# ---------------------------------------------------------------- sentences


_TOKEN_LEFT_TO_RIGHT = regex.compile(r"([\p{L}.]+)\s*$")


def test_token_before_matches_a_search_from_the_start() -> None:
    samples = [
        *_indosum_paragraphs(30),
        *_random_strings([*"ab.  \n1é", "Dr", "\u2028"], 2000, 150, seed=3),
        # long letter/dot runs and long space runs, which reach past the look-back window
        *_random_strings([*"ab.é" * 20, " ", "\n", "1"], 80, 160, seed=4),
        *_random_strings([*"ab" * 3, " " * 80, " \n" * 40], 80, 160, seed=5),
        "Lihat www.contoh-situs-berita-yang-sangat-panjang.sekali.co.id.halaman.berita.terbaru. Lalu",
    ]
    checked = 0
    for text in samples:
        for dot in range(0, len(text) + 1, 3):
            fast = split._token_before(text, dot)
            slow = _TOKEN_LEFT_TO_RIGHT.search(text, 0, dot)
            assert (fast and (fast.span(), fast.group(1))) == (slow and (slow.span(), slow.group(1))), (text, dot)
            checked += 1
    assert checked > 10_000
    m = split._token_before("Ia bertemu Prof. Budi", len("Ia bertemu Prof"))
    assert m is not None and m.group(1) == "Prof"


def test_sentence_spans_are_trimmed_like_before() -> None:
    text = "  Ia datang.   Dr. Budi hadir !\n\n \t Harga naik 1.500 rupiah.  "
    spans = split.split_sentences(text, "id")
    assert [text[s.start : s.end] for s in spans] == ["Ia datang.", "Dr. Budi hadir !", "Harga naik 1.500 rupiah."]
    assert split.split_sentences(" \n\n  ", "id") == []


# ---------------------------------------------------------------- boilerplate hints


def _reference_applies(hints: tuple[str, ...], lower: str) -> bool:
    return any(lower.endswith(h[:-1]) if h[-1] == "$" and len(h) > 1 else h in lower for h in hints)


def test_hint_tests_match_the_plain_rule() -> None:
    hint_sets = [
        ("baca", "baca_juga", "simak"),
        (")$", "]$", "["),
        ("x)$", ")$", "$", "foto"),
        ("see also", "see"),
    ]
    lines = [
        "baca juga : harga naik",
        "ia berkata ( ard / ard )",
        "rp 5 $ per lembar",
        "see you",
        "foto bersama x)",
        "tidak ada apa-apa",
        "[ simak ]",
    ]
    for hints in hint_sets:
        test = boilerplate.Hints.of(hints)
        for line in lines:
            assert test.found(line) == _reference_applies(hints, line), (hints, line)
    assert boilerplate.Hints.of(("baca", "baca_juga")).words == ("baca",)
    assert boilerplate.Hints.of(("x)$", ")$")).ends == (")",)
