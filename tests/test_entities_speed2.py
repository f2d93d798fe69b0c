"""The second round of entity-stage shortcuts gives exactly what the plain rules give.

Each shortcut (a lone-word path in the chunk parser, column tables in the tokenizer, cheap
tests before patterns and calls) is checked against the plain computation it replaces, on
written sentences and on real IndoSum articles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linimasa.entities import abbreviations, rulebase
from linimasa.entities.gazetteer import edit_distance_at_most_one
from linimasa.entities.recognize import Recognizer
from linimasa.entities.stage import find_entities, recognizer
from linimasa.entities.tokens import tokenize, tokenize_columns


def _plain_recognizer(texts: list[str]) -> Recognizer:
    """A recogniser that never takes its lone-word path on ``texts``: every word of them is "listed"
    (a real frozenset, as the attribute is typed: the compiled recogniser checks)."""
    rec = recognizer()
    plain = Recognizer(rec.res, rec.lex)
    words = frozenset(k for text in texts for k in tokenize_columns(text, 0, len(text), rec.res.single_token_names)[1])
    plain._listed = plain._listed | words
    return plain


def _articles(path: Path, count: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()[:count]
    return [json.loads(line)["text"] for line in lines]


TEXT = (
    "JAKARTA , KOMPAS.com - Presiden Joko Widodo bertemu Perdana Menteri Malaysia Najib Razak di Istana Bogor ,"
    " Kamis ( 18 / 8 / 2016 ) . Menurut juru bicara Kemlu Korsel Kim In-chul , pertemuan itu penting .\n"
    "Sementara itu , warga Desa Sukamaju , Kecamatan Asera , mengatakan Sudirman ( 47 ) hilang .\t"
    "“ Kami berharap ,” kata Budi .  Pasalnya Bupati Konawe Utara belum hadir ."
)


def test_lone_word_path_gives_what_the_chunk_loop_gives():
    plain, fast = _plain_recognizer([TEXT]), recognizer()
    found = fast.find(TEXT)
    assert found == plain.find(TEXT)
    names = {f.name for f in found}
    assert {"Joko Widodo", "Najib Razak", "Sudirman", "Budi"} <= names


def test_lone_word_path_on_real_articles(indosum_path):
    texts = _articles(indosum_path, 250)
    plain, fast = _plain_recognizer(texts), recognizer()
    for text in texts:
        assert fast.find(text) == plain.find(text)


def test_columns_are_the_token_fields_and_tight_gaps_follow_the_rule():
    text = "Ketua  KPK\u00a0Agus\tRahardjo _ Bandung\r\nSurabaya \n Medan   X Y-Z A"
    toks, keys, is_word, is_cap = tokenize_columns(text, 0, len(text), frozenset({"z"}))
    assert toks == tokenize(text, 0, len(text), frozenset({"z"}))
    assert keys == [t.key for t in toks]
    assert is_word == [t.is_word for t in toks]
    assert is_cap == [t.is_cap for t in toks]
    for t in toks:
        assert t.tight == ((t.gap + " ").isspace() and "\n" not in t.gap)
        assert t.is_upper == (t.text.isupper() and len(t.text) >= 2)
    tight = {t.text: t.tight for t in toks}
    assert tight["KPK"] and tight["Agus"] and tight["Rahardjo"]  # two spaces, a no-break space, a tab
    assert not tight["Bandung"] and not tight["Surabaya"] and not tight["Medan"]  # "_", "\r\n", " \n "
    assert tight["X"]  # three spaces


def test_cheap_tests_before_patterns_never_reject_a_match():
    words = ["Kaderisasi", "Eksplorasinya", "Prevalensi", "Nasionalisme", "Kualitas", "Teknologi", "Geografi"]
    words += ["Matematika", "Toleransi", "Kompetensinya", "Budi", "Jakarta"]
    for w in words:
        if rulebase._ABSTRACT_NOUN.match(w):
            assert w.endswith(rulebase._ABSTRACT_ENDINGS), w
    for w in ["I", "II", "III", "IV", "V", "VI", "VIII", "IX", "X"]:
        assert rulebase._ROMAN.match(w) and w[0] in "IVX"
    assert rulebase._ABSTRACT_NOUN.match("Kaderisasi") and not rulebase._ABSTRACT_NOUN.match("Jakarta")


@pytest.mark.parametrize(
    ("a", "b"),
    [("puting", "putin"), ("putin", "vputin"), ("xutin", "putin"), ("putix", "putin"), ("ptuin", "putin")],
)
def test_a_typo_keeps_the_first_or_last_letter(a, b):
    # the typo search in aliases only compares words sharing the first or the last letter
    if edit_distance_at_most_one(a, b):
        assert a[0] == b[0] or a[-1] == b[-1]


def test_typo_of_a_full_name_still_links():
    text = (
        "Presiden Rusia Vladimir Putin tiba di Moskow . Sebelumnya Puting tidak hadir di sana . "
        "Putin juga bertemu Menteri Luar Negeri Sergei Lavrov ."
    )
    ents = find_entities(text)
    by_text = {e.text: e for e in ents}
    assert by_text["Putin"].name == "Vladimir Putin"
    assert by_text["Puting"].name == "Vladimir Putin"  # a typo of the full name's last word


def test_list_glue_matches_in_place_like_on_a_slice():
    text = "Sleman , Bantul dan  Gunungkidul ; lalu Medan"
    slice_glue = re.compile(r"^\s*(?:,|/|&)?\s*(?:(?:dan|serta|atau|maupun|and|or)\s+)?$")
    spans = [(0, 6), (9, 15), (21, 32), (40, 45)]
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        in_place = abbreviations._LIST_GLUE_AT.match(text, end, start) is not None
        assert in_place == (slice_glue.match(text[end:start]) is not None)
    assert abbreviations._LIST_GLUE_AT.match(text, 6, 9) and not abbreviations._LIST_GLUE_AT.match(text, 32, 40)
