"""The search tokenizer and query language: Indonesian stems, folding, and queries that
cannot inject FTS5 or tsquery syntax."""

from __future__ import annotations

import pytest

from linimasa.store.search import QueryError, fts5_match, index_fields, parse_query, pg_tsquery, snippet, tokens


def test_tokens_fold_case_and_diacritics() -> None:
    assert tokens("Café KÖLN, jalan_raya 2.317 jiwa!") == ["cafe", "koln", "jalan", "raya", "2", "317", "jiwa"]


def test_indonesian_documents_index_stems_english_do_not() -> None:
    words, stems = index_fields("Warga Kebanjiran", "Ratusan pengungsi menempati tenda darurat.", "id")
    assert "kebanjiran" in words.split() and "pengungsi" in words.split()
    assert {"banjir", "ungsi", "tempat"} <= set(stems.split())
    assert "warga" not in stems.split()  # unchanged words are not indexed twice
    _, en_stems = index_fields("Flooding", "Residents were meeting officials.", "en")
    assert en_stems == ""


def test_query_terms_match_word_or_stem() -> None:
    q = parse_query('mengungsi "status tanggap darurat" pengung* -kebakaran')
    assert [t.words for t in q.terms] == [["mengungsi"], ["status", "tanggap", "darurat"], ["pengung"], ["kebakaran"]]
    assert fts5_match(q) == (
        '(("mengungsi" OR "ungsi") AND "status tanggap darurat" AND "pengung" *) NOT (("bakar" OR "kebakaran"))'
    )
    assert pg_tsquery(q) == (
        "('mengungsi' | 'ungsi') & ('status' <-> 'tanggap' <-> 'darurat') & 'pengung':* & !('bakar' | 'kebakaran')"
    )


@pytest.mark.parametrize("raw", ['a"b', "NEAR(x y)", "x:y", "a'b", "^start", "{col}", "a\\b", "x OR y AND"])
def test_operators_in_queries_become_plain_words(raw: str) -> None:
    q = parse_query(raw)
    for expr in (fts5_match(q), pg_tsquery(q)):
        stripped = expr.replace('"', "").replace("'", "")
        for bad in ("NEAR(", ":y", "{", "\\", "^"):
            assert bad not in stripped


@pytest.mark.parametrize("raw", ["-banjir", "...", "- -", '""'])
def test_queries_without_words_are_refused(raw: str) -> None:
    with pytest.raises(QueryError):
        parse_query(raw)


def test_snippet_highlights_word_forms() -> None:
    text = "Hujan turun sejak pagi. Ratusan warga mengungsi ke balai desa. Banjir surut sore hari."
    sentences = [{"start": 0, "end": 23}, {"start": 24, "end": 62}, {"start": 63, "end": len(text)}]
    s = snippet(text, sentences, parse_query("pengungsi"))
    assert s["text"] == "Ratusan warga mengungsi ke balai desa."
    assert [s["text"][a:b] for a, b in s["highlights"]] == ["mengungsi"]


def test_stemmer_fast_path_changes_nothing_on_real_vocabulary(indosum_path) -> None:
    """Words the fast path returns unstemmed are exactly those Sastrawi leaves as they are."""
    import json
    import re

    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    from linimasa.lang.sastrawi import sastrawi as _stemmer

    vocab: set[str] = set()
    for line in indosum_path.read_text(encoding="utf-8").splitlines()[:400]:
        vocab.update(w for w in re.findall(r"[^\W\d_]+", json.loads(line)["text"].lower()) if len(w) >= 3)
    plain = StemmerFactory().create_stemmer()
    fast = _stemmer()
    words = sorted(vocab)
    assert len(words) > 5000
    assert [fast.stem(w) for w in words] == [plain.stem(w) for w in words]
    # the fast path is taken for a large share of them (else it would buy nothing)
    skipped = [w for w in words if fast.stem(w) == w and not fast.inner.cache.has(w)]
    assert len(skipped) > len(words) // 4


def test_literal_sub_gives_the_stems_of_the_unpatched_library(indosum_path, tmp_path) -> None:
    """Sastrawi with its visitors' ``re.sub`` made literal stems every word as the library alone does.

    The library alone runs in a fresh interpreter that never imports linimasa (the patch is
    process-wide), on the affixed words of real articles (the ones that go through the rules).
    """
    import json
    import re
    import subprocess
    import sys

    from linimasa.lang.sastrawi import sastrawi as _stemmer

    vocab: set[str] = set()
    for line in indosum_path.read_text(encoding="utf-8").splitlines()[:300]:
        vocab.update(w for w in re.findall(r"[^\W\d_]+", json.loads(line)["text"].lower()) if len(w) >= 4)
    words = sorted(w for w in vocab if re.match(r"(?:di|ke|se|be|te|me|pe)", w) or re.search(r"(?:kan|an|nya)$", w))
    assert len(words) > 2000
    (tmp_path / "words.json").write_text(json.dumps(words))
    script = (
        "import json, sys\n"
        "from Sastrawi.Stemmer.StemmerFactory import StemmerFactory\n"
        "st = StemmerFactory().create_stemmer()\n"
        "print(json.dumps([st.stem(w) for w in json.load(open(sys.argv[1]))]))\n"
    )
    plain = json.loads(
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / "words.json")], capture_output=True, text=True, check=True
        ).stdout
    )
    patched = [_stemmer().stem(w) for w in words]
    assert patched == plain
    assert sum(p != w for p, w in zip(patched, words, strict=True)) > len(words) // 3  # real stemming happened
    from Sastrawi.Stemmer.Context.Visitor import AbstractDisambiguatePrefixRule as visitor

    assert type(visitor.re).__name__ == "_SastrawiRe"  # the comparison above ran with the patch in place


def test_sastrawi_rule_patterns_are_tried_only_on_words_with_their_literal_head() -> None:
    """The head is what every match must start with: never a letter that may be absent or an alternative."""
    from Sastrawi.Morphology.Disambiguator import DisambiguatorPrefixRule17 as rule

    from linimasa.lang.sastrawi import _literal_head
    from linimasa.lang.sastrawi import sastrawi as _stemmer

    assert _literal_head(r"^meng([aiueo])(.*)$") == "meng"
    assert _literal_head(r"be([bcdfghjklmnpqstvwxyz])(er[bcdfghjklmnpqrstvwxyz])(.*)$") == "be"
    assert _literal_head(r"^be?r(.*)$") == "b"  # "e" may be absent
    assert _literal_head(r"^men+(.*)$") == "me"
    assert _literal_head(r"^ber|^ter") == ""  # either alternative
    assert _literal_head(r"^(.*)-(ku|mu|nya)$") == ""
    assert _literal_head(r"^\wa") == ""
    _stemmer()
    assert type(rule.re).__name__ == "_SastrawiRe"
    assert rule.DisambiguatorPrefixRule17a().disambiguate("mengambil") == "ambil"
    assert rule.DisambiguatorPrefixRule17a().disambiguate("memakan") is None
    assert rule.re.match(r"^be?r(.*)$", "br-x").group(1) == "-x"  # the optional letter really is optional


def test_or_between_two_terms_lets_either_match() -> None:
    # a desk following the 2019 summit asks for either city's name: "OR" was searched as the
    # word "or" ANDed with both, which no Indonesian article holds
    q = parse_query('Vladivostok OR "Korea Utara" Putin -Trump')
    assert [[t.words for t in g] for g in q.groups()] == [[["vladivostok"], ["korea", "utara"]], [["putin"]]]
    assert fts5_match(q) == '((("vladivostok") OR "korea utara") AND ("putin")) NOT (("trump"))'
    assert pg_tsquery(q) == "(('vladivostok') | ('korea' <-> 'utara')) & ('putin') & !('trump')"
    # lower case, first or last: the word "or" (an English article may hold it)
    for raw in ("Putin or Kim", "OR Putin", "Putin OR", "Putin OR -Kim"):
        assert all(len(g) == 1 for g in parse_query(raw).groups()) and "or" in str(parse_query(raw).terms)
