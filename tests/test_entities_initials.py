"""Round-5 entity rules: initials inside names, field nouns after titles, house numbers, company names."""

from linimasa.entities.stage import find_entities


def _mentions(text: str) -> list[tuple[str, str]]:
    found = find_entities(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.type) for m in found]


def test_initial_inside_person_name() -> None:
    got = _mentions("Penghargaan itu diterima Robert K. Simanjuntak dari Medan pada Senin.")
    assert ("Robert K. Simanjuntak", "PER") in got


def test_initial_starts_person_name_in_pretokenised_text() -> None:
    got = _mentions("Sekolah itu didirikan oleh H . Usman Harahap pada 1950 .")
    assert ("H . Usman Harahap", "PER") in got


def test_initial_after_title_stays_in_name() -> None:
    got = _mentions("Gubernur Sumatera Utara Tengku A. Rizal hadir di acara itu.")
    assert ("Tengku A. Rizal", "PER") in got


def test_full_stop_after_letter_ending_sentence_is_no_initial() -> None:
    got = _mentions("Ia tinggal di blok C. Kemudian ia pindah ke Surabaya.")
    assert all("Kemudian" not in t for t, _ in got)


def test_field_noun_after_title_is_portfolio_not_person() -> None:
    got = _mentions("Ia pernah menjabat Menteri Kehutanan Indonesia pada masa itu.")
    assert all(t != "Kehutanan" for t, _ in got)
    assert ("Indonesia", "LOC") in got


def test_street_name_stops_before_house_number() -> None:
    got = _mentions("Kantor partai itu berada di Jalan Merdeka Barat Nomor 12, Bandung.")
    assert ("Jalan Merdeka Barat", "LOC") in got


def test_number_inside_company_name() -> None:
    got = _mentions("Saham PT Sinar 5 Energi Tbk naik dua persen pada Selasa.")
    assert ("PT Sinar 5 Energi Tbk", "ORG") in got


def test_english_article_before_company_tail() -> None:
    got = _mentions("Film itu diproduksi oleh The Blue Harbor Company di Los Angeles.")
    assert ("The Blue Harbor Company", "ORG") in got


def test_thing_acronym_is_no_organisation() -> None:
    got = _mentions("Sekolah itu punya dua laboratorium IPA dan satu ruang guru.")
    assert ("IPA", "ORG") not in got
