"""The learned Indonesian entity tagger (entities/tagger.py) on sentences written for the tests."""

from __future__ import annotations

import random
from itertools import product

from linimasa.entities.stage import find_entities, recognizer, tagger
from linimasa.entities.tagger import (
    LABELS,
    MODEL_FILE,
    NL,
    Model,
    Tagger,
    features_of,
    load_model,
    spans,
    token_attributes,
    viterbi,
)
from linimasa.lang.packs import lang_dir
from linimasa.model import Document


def _types(text: str) -> dict[str, str]:
    return {m.text: m.type for m in find_entities(text, "id")}


def test_the_model_loads() -> None:
    model = load_model()
    assert model is not None
    assert len(model.state) > 1000 and len(model.trans) == NL
    assert tagger() is not None


def test_decoding_is_deterministic() -> None:
    text = "Juventus mengalahkan Napoli 2-1 di Turin, kata pelatih Massimiliano Allegri kepada wartawan."
    first = [(m.start, m.end, m.type, m.id) for m in find_entities(text, "id")]
    again = [(m.start, m.end, m.type, m.id) for m in find_entities(text, "id")]
    rec = recognizer()
    fresh = Tagger(Model.load(lang_dir("id") / MODEL_FILE), features_of(rec))  # a new tagger: no cached vectors
    toks, found = rec.find_tokens(text)
    assert first == again
    assert fresh.tag(toks, found) == tagger().tag(toks, found)  # type: ignore[union-attr]


def test_clubs_leagues_and_companies_are_organisations_people_persons() -> None:
    # (the rules alone type Juventus, Napoli and Arsenal as persons, "La Liga" as a person, Barcelona as a place)
    t = _types("Juventus mengalahkan Napoli 2-1 dalam laga di Turin, Minggu malam.")
    assert t.get("Juventus") == "ORG" and t.get("Napoli") == "ORG" and t.get("Turin") == "LOC"
    t = _types("Pemain Manchester United itu mencetak dua gol ke gawang Arsenal.")
    assert t.get("Manchester United") == "ORG" and t.get("Arsenal") == "ORG"
    t = _types("Klub Bayern Muenchen lolos ke semifinal setelah mengalahkan Barcelona 2-0.")
    assert t.get("Barcelona") == "ORG"
    assert "PER" not in _types("Real Madrid menjuarai La Liga musim ini.").values()
    t = _types("Saham PT Telkom Indonesia naik setelah Google meluncurkan ponsel baru.")
    assert t.get("PT Telkom Indonesia") == "ORG" and t.get("Google") == "ORG"
    t = _types("Pelatih Chelsea Antonio Conte puas dengan penampilan timnya.")
    assert t.get("Chelsea") == "ORG" and t.get("Antonio Conte") == "PER"
    t = _types("Presiden Joko Widodo meresmikan jalan tol di Semarang, Jawa Tengah.")
    assert t.get("Joko Widodo") == "PER" and t.get("Semarang") == "LOC"


def test_the_club_and_the_actress_are_kept_apart() -> None:
    club = {m.text: m for m in find_entities("Chelsea mengalahkan Arsenal 2-0 di Stamford Bridge.", "id")}
    actress = {m.text: m for m in find_entities("Aktris Chelsea Islan hadir dalam pemutaran film itu.", "id")}
    assert club["Chelsea"].id == "ORG:chelsea" and actress["Chelsea Islan"].id == "PER:chelsea-islan"


def test_rule_layer_keeps_what_it_reads_best() -> None:
    # a role stays apart from the name, a country after a place is a modifier, a lower-case noun is not in a name
    t = {m.text: m for m in find_entities("kata Menteri Luar Negeri Sergei Lavrov kepada wartawan.", "id")}
    assert t["Sergei Lavrov"].type == "PER" and t["Sergei Lavrov"].role == "Menteri Luar Negeri"
    t = {m.text: m.type for m in find_entities("Sumber di Distrik Federal Timur Jauh Rusia mengatakannya.", "id")}
    assert t.get("Distrik Federal Timur Jauh") == "LOC" and t.get("Rusia") == "LOC"
    t = {m.text: m.type for m in find_entities("Juru bicara pemerintah Rusia menjelaskan rencana itu.", "id")}
    assert t.get("Rusia") and "pemerintah Rusia" not in t


def test_rule_layer_keeps_roles_and_ids() -> None:
    ms = {m.text: m for m in find_entities("Menteri Keuangan Sri Mulyani Indrawati mengatakan itu di Jakarta.", "id")}
    m = ms["Sri Mulyani Indrawati"]
    assert m.type == "PER" and m.id == "PER:sri-mulyani-indrawati" and m.role == "Menteri Keuangan"


def test_english_keeps_the_rules() -> None:
    doc = Document(id="t", source="t", raw="", text="Chelsea beat Arsenal in London.", lang="en")
    from linimasa.entities.stage import EntityStage

    assert [(m.text, m.type) for m in EntityStage()(doc).entities] == [
        (m.text, m.type) for m in find_entities(doc.text)
    ]


def _score(
    path: tuple[int, ...], ems: list[list[float]], trans: list[list[float]], after_o: bool, before_o: bool
) -> float:
    s = sum(ems[i][y] for i, y in enumerate(path))
    s += sum(trans[a][b] for a, b in zip(path, path[1:], strict=False))
    if after_o:
        s += trans[0][path[0]]
    if before_o:
        s += trans[path[-1]][0]
    return s


def test_viterbi_equals_brute_force() -> None:
    rnd = random.Random(21)
    for _ in range(40):
        n = rnd.randint(1, 4)
        ems = [[rnd.uniform(-3, 3) for _ in range(NL)] for _ in range(n)]
        trans = [[rnd.uniform(-3, 3) for _ in range(NL)] for _ in range(NL)]
        after_o, before_o = rnd.random() < 0.5, rnd.random() < 0.5
        best = max(product(range(NL), repeat=n), key=lambda p: _score(p, ems, trans, after_o, before_o))
        got = viterbi(ems, trans, after_o, before_o)
        assert (
            abs(_score(tuple(got), ems, trans, after_o, before_o) - _score(best, ems, trans, after_o, before_o)) < 1e-9
        )


def test_tagger_equals_one_viterbi_over_the_whole_text() -> None:
    """Decoding the candidate runs apart equals one Viterbi over all tokens with the others forced to O."""
    tg = tagger()
    assert tg is not None
    rec = recognizer()
    text = (
        "Kepala Badan Nasional Penanggulangan Bencana (BNPB) Willem Rampangilei meninjau lokasi banjir "
        "di Kabupaten Garut, Jawa Barat, bersama Gubernur Ahmad Heryawan dan warga desa Sukamaju."
    )
    toks, found = rec.find_tokens(text)
    got = tg.tag(toks, found)
    # the reference: emissions of every token from the attribute strings, -inf for labels a non-candidate cannot take
    from linimasa.entities.tagger import break_at_gaps, rule_tags, token_attributes

    tags, _ = rule_tags(toks, found)
    cand = tg.candidates(toks, tags)
    state = tg.model.state
    ems = []
    for i, attrs in enumerate(token_attributes(tg.feats, toks, found)):
        em = [0.0] * NL
        for a in attrs:
            for k, w in enumerate(state.get(a, [0.0] * NL)):
                em[k] += w
        if not cand[i]:
            em = [em[0]] + [-1e9] * (NL - 1)
        ems.append(em)
    path = viterbi(ems, tg.model.trans, False, False)
    break_at_gaps(toks, path)
    ref = spans(path)
    assert got == ref
    assert "Willem Rampangilei" in [text[toks[a].start : toks[e - 1].end] for a, e, t in got if t == "PER"]


def test_labels() -> None:
    assert LABELS[0] == "O" and len(LABELS) == NL
    assert spans([0, 1, 2, 0, 3, 4, 4, 5]) == [(1, 3, "PER"), (4, 7, "ORG"), (7, 8, "LOC")]


def test_listed_organisations_stay_where_the_tagger_sees_none() -> None:
    # (the tagger alone leaves these party names O in thin context; the organisation list keeps them)
    assert _types("Dia menjelaskan ideologi PPP kepada kader muda.").get("PPP") == "ORG"
    assert _types("Pengurus NasDem tetap solid.").get("NasDem") == "ORG"


def test_a_sentence_opening_common_word_is_not_decoded() -> None:
    tg = tagger()
    assert tg is not None
    rec = recognizer()
    from linimasa.entities.tagger import rule_tags

    toks, found = rec.find_tokens("Namun, harga naik. KPK memeriksa saksi. Menurut Joko Widodo, semua aman.")
    cand = dict(zip((t.text for t in toks), tg.candidates(toks, rule_tags(toks, found)[0]), strict=False))
    assert cand["Namun"] is False  # alone, mostly written in lower case: O without decoding
    assert cand["KPK"] is True  # in capitals: decoded
    assert cand["Menurut"] is True  # next to a name: decoded with it


def test_a_title_before_one_word_or_a_headed_name_does_not_make_an_organisation_a_person() -> None:
    # the rules read a person after "Direktur"/"Kepala ..."; one word or a name with a company head is the
    # organisation the title belongs to, and the tagger's ORG stands
    t = _types('"Kami menaikkan harga," kata Direktur Indofood, Werianty Setiawan.')
    assert t.get("Indofood") == "ORG" and t.get("Werianty Setiawan") == "PER"
    t = _types("Kepala Divisi PT Telkom Tbk, Jhon Welly, mengatakan jaringan sudah pulih.")
    assert t.get("PT Telkom Tbk") == "ORG" and t.get("Jhon Welly") == "PER"
    # a person of two words after a title keeps PER, even where the tagger reads a club ("Chelsea")
    assert _types("Aktris Chelsea Islan hadir dalam pemutaran film itu.").get("Chelsea Islan") == "PER"


def test_an_address_is_one_place_per_name() -> None:
    # (NER-UGM writes "Hotel Preanger, Kota Bandung, Jawa Barat" as one place; trained split at the commas)
    text = "Rapat digelar di Hotel Preanger, Kota Bandung, Jawa Barat, Jumat."
    t = _types(text)
    assert t.get("Hotel Preanger") == "LOC" and t.get("Jawa Barat") == "LOC"
    assert not any("," in m for m in t)


def test_word_classes_are_features_when_a_pack_has_them() -> None:
    # training/word_clusters.py writes lang/<code>/word_clusters.tsv.gz (not shipped for Indonesian: no gain measured);
    # with it, a word's classes are attributes of the word and of its neighbours
    feats = features_of(recognizer(), {"mengatakan": ("c=3", "cf=41"), "menyatakan": ("c=3", "cf=41")})
    assert feats.flags("mengatakan", "mengatakan")[-2:] == ["c=3", "cf=41"]
    assert feats.flags("Menyatakan", "menyatakan")[-2:] == ["c=3", "cf=41"]
    assert not [a for a in feats.flags("Xyzzyqw", "xyzzyqw") if a.startswith(("c=", "cf="))]
    toks, found = recognizer().find_tokens("Ia mengatakan hal itu.")
    attrs = token_attributes(feats, toks, found)
    assert "c=3" in attrs[1] and "-1:cf=41" in attrs[2] and "1:c=3" in attrs[0]


def test_training_labels_follow_the_project_where_the_data_leaves_a_place_untagged() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from train_ner import labelled

    rec = recognizer()
    feats = features_of(rec)
    # idner-news-2k leaves a country that acts untagged; the project tags every place (and the combination keeps it)
    sent = [("Militer", "O"), ("Israel", "O"), ("menyerang", "O"), ("Gaza", "B-LOC"), (".", "O")]
    assert labelled(rec, feats, sent, frozenset({"country", "org"}))[1] == ["O", "B-LOC", "O", "B-LOC", "O"]
    assert labelled(rec, feats, sent)[1] == ["O", "O", "O", "B-LOC", "O"]  # (by default, the data's labels)


def test_benchmark_maps_a_mention_inside_a_glued_bracket_token_to_that_token() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
    from ner_data import token_offsets

    tokens = ["Presiden", "Joko", "Widodo", "(Jokowi)", "dan", "Universitas", "Indonesia", "(UI),", "hadir"]
    text = " ".join(tokens)
    starts, ends = token_offsets(tokens)
    jokowi = text.index("Jokowi")
    assert starts[jokowi] == 3 and ends[jokowi + len("Jokowi")] == 4  # "Jokowi" is the token "(Jokowi)"
    assert starts[text.index("(Jokowi)")] == 3
    ui = text.index("Universitas")
    assert starts[ui] == 5 and ends[text.index("(UI),") + len("(UI)")] == 8  # the name with its brackets
    assert text.index("Widodo") + 2 not in starts and text.index("Widodo") + 3 not in ends  # inside a word: none


def test_bracket_conventions_are_counted_per_type() -> None:
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "training"))
    sys.path.insert(0, str(root / "benchmarks"))
    from bench_ner import bracket_conventions

    one = [("Komisi", "B-ORG"), ("Pemilihan", "I-ORG"), ("Umum", "I-ORG"), ("(KPU)", "I-ORG"), ("menetapkan", "O")]
    two = [("Indonesia", "B-ORG"), ("Police", "I-ORG"), ("Watch", "I-ORG"), ("(", "O"), ("IPW", "B-ORG"), (")", "O")]
    nick = [("Presiden", "O"), ("Joko", "B-PER"), ("Widodo", "I-PER"), ("(Jokowi)", "B-PER"), ("hadir", "O")]
    other = [
        ("Budiman", "B-PER"),
        ("Sudjatmiko", "I-PER"),
        ("(", "O"),
        ("PDIP", "B-ORG"),
        (")", "O"),
    ]  # no abbreviation
    typemap = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
    counts = bracket_conventions([one, two, nick, other], typemap)
    assert counts == {("ORG", "one"): 1, ("ORG", "two"): 1, ("PER", "two"): 1}
