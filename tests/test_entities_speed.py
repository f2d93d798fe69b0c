"""The column-built tokenizer and the indexed lookups keep the behaviour of the plain versions."""

from linimasa.entities.gazetteer import fold, slug
from linimasa.entities.stage import recognizer
from linimasa.entities.tokens import tokenize


def _toks(text: str, names: frozenset[str] = frozenset({"as", "utara"})):
    return tokenize(text, 0, len(text), names)


def test_offsets_gaps_and_keys_match_the_text():
    text = "JAKARTA , KOMPAS.com - Menteri Luar Negeri Retno Marsudi bertemu Kim Jong-un di Hà Nội ."
    toks = _toks(text)
    assert [t.text for t in toks][:6] == ["JAKARTA", ",", "KOMPAS.com", "-", "Menteri", "Luar"]
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert [t.key for t in toks if t.text in ("Hà", "Nội")] == ["ha", "noi"]
    assert toks[1].gap == " " and toks[0].gap == ""
    assert toks[0].is_upper and not toks[4].is_upper and toks[4].is_cap and not toks[1].is_word


def test_known_names_and_possessives_are_split():
    toks = _toks("hubungan Korea Utara-AS dan Bangkok's pasar, tetapi Jong-un tetap")
    texts = [t.text for t in toks]
    assert texts[2:5] == ["Utara", "AS", "dan"] and toks[3].gap == "-"
    assert "Bangkok" in texts and "'s" in texts
    assert "Jong-un" in texts  # not a pair of known names


def test_sentence_starts_and_tight_gaps():
    toks = _toks('Ia datang. Lalu "Kami pergi" katanya -\nBudi dan _Ani')
    initial = {t.text: t.initial for t in toks}
    assert initial["Ia"] and initial["Lalu"] and initial["Kami"] and initial["Budi"]
    assert not initial["datang"] and not initial["katanya"]
    tight = {t.text: t.tight for t in toks}
    assert tight["datang"] and not tight["Budi"] and not tight["Ani"]  # a line break, an underscore


def test_a_sub_range_has_offsets_into_the_whole_text():
    text = "Kemarin Presiden Joko Widodo tiba di Surabaya."
    toks = tokenize(text, 8, 28)
    assert [t.text for t in toks] == ["Presiden", "Joko", "Widodo"]
    assert toks[0].start == 8 and toks[0].initial


def test_fold_and_slug_collapse_whitespace_like_before():
    assert fold("  Kim\tJong\n Un ") == "kim jong un"
    assert fold("Hà  Nội’s") == "ha noi's"
    assert slug("Kim Jong-un") == slug("Kim  Jong Un") == "kim-jong-un"


def test_phrase_and_cue_indexes_find_multiword_entries():
    rec = recognizer()
    toks = _toks("kata juru bicara Kementerian Luar Negeri di Jakarta")
    # the longest gazetteer name and head phrase at a token, as the unindexed scan found them
    x = [t.text for t in toks].index("Jakarta")
    n, entry = rec._gaz_at(toks, x, len(toks))
    assert n == 1 and entry is not None and entry.type == "LOC"
    k = [t.text for t in toks].index("Kementerian")
    assert rec._phrase_at(rec.res.org_heads, toks, k, len(toks)) >= 1
    assert rec._cue_before(rec.res.loc_cues, toks, x)
