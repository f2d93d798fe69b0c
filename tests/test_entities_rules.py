"""Typing and span rules of the recogniser, one test per rule family, on sentences written for the tests."""

from __future__ import annotations

from linimasa.entities.lexicon import Lexicon, train
from linimasa.entities.stage import find_entities


def spans(text: str) -> dict[str, str]:
    """Surface text -> type of every mention, after checking the offsets."""
    out = {}
    for m in find_entities(text):
        assert text[m.start : m.end] == m.text
        out[m.text] = m.type
    return out


def test_lexicon_records_how_often_a_word_is_written_in_lower_case() -> None:
    model = train([[("Ruang", "NN"), ("rapat", "NN")], [("ruang", "NN"), ("Budi", "NNP")], [("ruang", "NN")]])
    lex = Lexicon(model["words"], model["suffixes"])
    assert lex.get("Ruang").lower > 0.6
    assert lex.get("Budi").lower == 0.0


def test_runs_made_of_ordinary_words_are_not_people() -> None:
    ms = spans("Ia kuliah di jurusan Teknik Mesin dan kemudian membuka Festival Film di kampusnya.")
    assert "Teknik Mesin" not in ms and "Festival Film" not in ms


def test_sentence_initial_word_with_clitic_is_not_a_name() -> None:
    ms = spans("Pasalnya, harga beras naik tajam. Artinya, warga harus berhemat.")
    assert "Pasalnya" not in ms and "Artinya" not in ms


def test_quoted_titles_and_lone_head_words_are_not_people() -> None:
    ms = spans('Band itu merilis singel "Fearless Heart" pada 2010. Stadion itu kini direnovasi.')
    assert "Fearless Heart" not in ms
    assert "Stadion" not in ms


def test_roman_numerals_and_thing_acronyms_are_not_organisations() -> None:
    ms = spans("Selama Perang Dunia II harga BBM dan tarif SPBU diatur oleh Pertamina.")
    assert "II" not in ms and "BBM" not in ms and "SPBU" not in ms
    assert ms["Pertamina"] == "ORG"


def test_team_named_by_a_home_city_is_an_organisation() -> None:
    ms = spans("Pada laga Minggu, Persikota Tangerang menahan PSMS Medan tanpa gol.")
    assert ms["Persikota Tangerang"] == "ORG"
    assert ms["PSMS Medan"] == "ORG"
    assert "Medan" not in ms


def test_place_followed_by_organisation_tail_is_a_club() -> None:
    ms = spans("Gelandang itu pindah dari Leicester City ke klub lain musim lalu.")
    assert ms["Leicester City"] == "ORG"


def test_school_names_keep_their_numbers() -> None:
    text = "Ia lulus dari SMA Negeri 3 Semarang lalu mengajar di SMPN 12 Bekasi."
    ms = spans(text)
    assert ms["SMA Negeri 3 Semarang"] == "LOC"
    assert ms["SMPN 12 Bekasi"] == "LOC"


def test_numbers_do_not_join_ordinary_names() -> None:
    ms = spans("Warga Kota Bogor 2 kali melapor ke Bank Mandiri 3 hari lalu.")
    assert "Kota Bogor 2" not in ms
    assert not any(k.endswith(" 3") for k in ms)


def test_hospitals_are_places() -> None:
    ms = spans("Korban dirawat di Rumah Sakit Sardjito, Yogyakarta.")
    assert ms["Rumah Sakit Sardjito"] == "LOC"


def test_place_and_organisation_tails() -> None:
    ms = spans("Air dari Nattai River mengalir ke kota. Ia bekerja untuk Wirasena Group sejak lama.")
    assert ms["Nattai River"] == "LOC"
    assert ms["Wirasena Group"] == "ORG"


def test_events_and_prizes_are_not_people() -> None:
    ms = spans("Ia menerima Ramon Magsaysay Award dan membuka Agrinex International Expo di Jakarta.")
    assert not any("Award" in k or "Expo" in k for k in ms)
    assert ms["Jakarta"] == "LOC"


def test_members_of_a_list_share_the_type_of_the_known_members() -> None:
    ms = spans("Banjir melanda Sleman, Bantul, Wonokarto dan Jogoroto sejak pagi.")
    assert ms["Wonokarto"] == "LOC" and ms["Jogoroto"] == "LOC"


def test_reporting_verb_makes_an_unknown_name_a_person() -> None:
    ms = spans("Kami belum menerima laporannya, kata Sukarjo di kantornya.")
    assert ms["Sukarjo"] == "PER"
    ms = spans("Wiraguna mengatakan pihaknya siap membantu.")
    assert ms["Wiraguna"] == "PER"


def test_party_between_role_and_name_is_an_organisation() -> None:
    ms = spans("Ketua Umum Gerindra Prabowo Subianto bertemu Ketua Umum PKB Muhaimin Iskandar.")
    assert ms["Gerindra"] == "ORG" and ms["PKB"] == "ORG"
    assert ms["Prabowo Subianto"] == "PER" and ms["Muhaimin Iskandar"] == "PER"


def test_portfolio_words_belong_to_the_role() -> None:
    ms = spans("Menteri Kelautan Susi Pudjiastuti meninjau pelabuhan.")
    assert ms["Susi Pudjiastuti"] == "PER"
    assert "Kelautan" not in ms


def test_english_possessive_is_not_part_of_the_name() -> None:
    ms = spans("Bangkok's governor said Jakarta's air was worse than in Manila.")
    assert ms.get("Bangkok") == "LOC" and ms.get("Jakarta") == "LOC"
    assert "Bangkok's" not in ms
