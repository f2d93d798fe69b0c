"""The fast scan (per-word rule dispatch, lower-cased trigger) reads exactly what the plain one did.

The reference below is the scan as it was before the speed work: one pattern with every rule
tried at every candidate start found by a case-insensitive look-behind trigger. Both run with
the real interpreter as ``accept``, so rejected readings and the fallback to later rules are
compared too.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import INDOSUM

from linimasa.casefold import lower_case_safe as _lower_case_safe
from linimasa.time.dispatch import first_keys, lead_words
from linimasa.time.grammar import _trie, _trigger_words, grammar, scan
from linimasa.time.interpret import Interpreter
from linimasa.time.lexicon import lexicon


def reference_scan(text: str, lang: str) -> list:
    g = grammar(lang)
    master = re.compile(
        r"(?<!\w)(?:" + "|".join(f"(?P<r{i}>{b})" for i, b in enumerate(g.bodies)) + r")(?!\w)", re.IGNORECASE
    )
    trigger = re.compile(r"(?<!\w)(?:\d|" + _trie(_trigger_words(lexicon(lang))) + r"(?!\w))", re.IGNORECASE)
    accept = Interpreter(text, lang)

    def mention(idx: int, m: re.Match[str]):  # noqa: ANN202
        from linimasa.time.grammar import Mention

        name, groups = g.rules[idx]
        vals = {short: m.group(full) for full, short in groups if m.group(full) is not None}
        starts = {short: m.start(full) for full, short in groups if m.group(full) is not None}
        return Mention(rule=name, start=m.start(f"r{idx}"), end=m.end(f"r{idx}"), groups=vals, starts=starts)

    out, pos = [], 0
    for t in trigger.finditer(text):
        start = t.start()
        if start < pos:
            continue
        m = master.match(text, start)
        if m is None:
            continue
        idx = next(i for i in range(len(g.rules)) if m.group(f"r{i}") is not None)
        res = accept(mention(idx, m))
        if res is None:
            for j in range(idx + 1, len(g.rules)):
                mj = g.singles[j].match(text, start)
                if mj is not None:
                    res = accept(mention(j, mj))
                    if res is not None:
                        m = mj
                        break
        if res is not None:
            out.append(res)
            pos = m.end()
    return out


def fast_scan(text: str, lang: str) -> list:
    return scan(text, lang, Interpreter(text, lang))


WRITTEN = [
    "Jakarta, Kamis (18/8/2016) - Presiden meresmikan jembatan itu pada Senin (15/8) pukul 10.30 WIB.",
    "JAKARTA, KOMPAS.com - Rapat digelar 3-5 Maret 2017 dan akan dilanjutkan Minggu depan.",
    "2016 adalah tahun yang berat; sejak 1998 hingga akhir 2015 harga naik dua kali lipat.",
    "Dua minggu lalu, sekitar 300 warga mengungsi. Minggu malam hujan turun lagi.",
    "SURABAYA - RABU (5/9) SIANG, TIGA HARI SETELAH BANJIR, WARGA KEMBALI KE RUMAH.",
    "Pertemuan berikutnya di kemudian hari, mungkin awal September atau pertengahan tahun depan.",
    "“Kami menunggu sejak Selasa,” katanya—setiap hari Jumat ia datang pukul 7 pagi.",
    "Festival tahun 1990-an itu kembali digelar 12 Desember, sepekan sebelum Natal.",
    "Pukul 23.15 WITA, dua jam kemudian, hasilnya diumumkan: 10 persen dalam 5 tahun terakhir.",
    "On Monday, Sept. 5, 2023, the committee met for three hours; two days later it voted.",
    "Musik era 1990-an dan 2000an kembali; 12.000 penonton, 5 ribu di antaranya datang 2/3/2019.",
    "Pada 2019-04-26T10:30 tercatat 123456 transaksi, naik 7,5 persen dari 31/12/2018 pukul 9.",
]


@pytest.mark.parametrize("text", WRITTEN)
@pytest.mark.parametrize("variant", [str, str.upper, str.lower, str.title])
def test_written_sentences_read_as_before(text: str, variant) -> None:  # noqa: ANN001
    for lang in ("id", "en"):
        s = variant(text)
        assert fast_scan(s, lang) == reference_scan(s, lang)


def test_characters_that_match_letters_only_ignoring_case_use_the_case_insensitive_trigger() -> None:
    # "ſ" (long s) matches "s" and the Kelvin sign matches "k" when case is ignored, and "İ"
    # lower-cases to two characters: such texts cannot be scanned lower-cased.
    for odd in ("\u017f", "\u212a", "\u0130", "\u0131"):
        assert not _lower_case_safe(f"Kamis (18/8) {odd}elasa")
    assert _lower_case_safe("“Kamis” – (18/8) …")
    assert _lower_case_safe("KAMIS (18/8)")
    text = "Pada \u017fenin (5/9) dan \u212aamis 7 September, rapat selesai pukul 10.00."
    found = fast_scan(text, "id")
    assert found == reference_scan(text, "id")
    assert [s.text for s in found][-2:] == ["\u212aamis 7 September", "pukul 10.00"]


def test_text_starting_with_a_candidate_word_or_number() -> None:
    for text in ("Kamis (18/8) rapat dimulai.", "18 Agustus 2016 rapat dimulai.", "kemarin hujan."):
        found = fast_scan(text, "id")
        assert found and found[0].start == 0
        assert found == reference_scan(text, "id")


@pytest.mark.skipif(not INDOSUM.exists(), reason="shared IndoSum data not available")
def test_real_articles_read_as_before() -> None:
    texts = []
    with INDOSUM.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= 300:
                break
            rec = json.loads(line)
            body = rec.get("text") or rec.get("article") or ""
            texts.append(body if isinstance(body, str) else " ".join(map(str, body)))
    assert sum(len(t) for t in texts) > 100_000
    found = 0
    for text in texts:
        fast = fast_scan(text, "id")
        assert fast == reference_scan(text, "id")
        found += len(fast)
    assert found > 1000


def test_lead_words_of_a_pattern() -> None:
    vocabulary = {"di", "akhir", "dua", "minggu", "kamis", "hari"}
    assert lead_words(r"(?:di\s+kemudian\s+hari|akhir)", vocabulary) == {"di", "akhir"}
    # optional leading parts, spaces or none, digits glued to a word
    assert lead_words(r"(?:(?:hari\s+)?(?:kamis|minggu))\s*,?\s*\(", vocabulary) == {"hari", "kamis", "minggu"}
    assert lead_words(r"(?:dua|\d+)\s+hari", vocabulary) == {"dua"}
    assert lead_words(r"di\d+", vocabulary) == frozenset()
    # a construct the analysis does not know: cannot tell
    assert lead_words(r"(?:.)di", vocabulary) is None


def test_lead_shapes_of_numbers() -> None:
    shapes = {"#", "##", "###", "####"}
    assert lead_words(r"(?:3[01]|[12]\d|0?[1-9])(?!\d)\s+Mei", shapes, digit="#") == {"#", "##"}
    assert lead_words(r"(?:19|20)\d\d", shapes, digit="#") == {"####"}
    assert lead_words(r"\d+(?:[.,]\d+)?\s+hari", shapes, digit="#") == shapes
    g = grammar("id")
    names = [name for name, _ in g.rules]
    # a three-digit number starts only a quantity ("300 tahun"), a four-digit one also a year
    assert {names[i] for i in g.by_digits[3]} == {"quantity"}
    assert {"year", "quantity"} <= {names[i] for i in g.by_digits[4]}
    assert "date" in {names[i] for i in g.by_digits[2]}


def test_first_keys_of_a_pattern() -> None:
    assert first_keys(r"(?:3[01]|[12]\d|0?[1-9])") == set("0123456789")
    assert first_keys(r"(?:(?:Hari\s+)?Kamis|Jumat)") == {"h", "k", "j"}
    assert first_keys(r"\(\d") == frozenset()
    assert len(first_keys(r"x?")) == 36  # can be empty: anything


def test_every_rule_can_start_with_the_words_it_is_written_for() -> None:
    g = grammar("id")
    names = [name for name, _ in g.rules]
    assert names.index("time") in g.by_word["pukul"]
    assert names.index("ref") in g.by_word["di"]
    assert names.index("weekday") in g.by_word["kamis"]
    # "di" starts only the reference phrase "di kemudian hari"
    assert [names[i] for i in g.by_word["di"]] == ["ref"]
