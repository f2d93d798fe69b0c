"""Error classes of the session-19 entity audit on IndoSum (benchmarks/audit-session19.md), on text written here."""

from __future__ import annotations

from linimasa.entities.stage import find_entities


def ids_id(text: str) -> dict[str, str]:
    """Ids as an Indonesian document gets them (the learned tagger, then the rules); the last mention of a text wins."""
    return {m.text: m.id or "" for m in find_entities(text, "id")}


def mention_ids(text: str, surface: str) -> list[str]:
    return [m.id or "" for m in find_entities(text, "id") if m.text == surface]


def test_city_alone_is_the_club_the_document_names_in_full() -> None:
    text = (
        "Real Madrid menjamu tamunya pada Sabtu malam. Zinedine Zidane yakin Madrid akan menang. "
        "Sebelumnya Madrid juga mengalahkan tim yang sama."
    )
    assert set(mention_ids(text, "Madrid")) == {"ORG:real-madrid"}
    # no club named and no football words: the city stays a place
    assert set(mention_ids("Turis dari Madrid dan Liverpool memadati pantai itu pada Sabtu.", "Madrid")) == {
        "LOC:madrid"
    }


def test_home_country_after_a_known_organisation_is_the_same_organisation() -> None:
    got = ids_id(
        "Wakil Ketua DPR RI Fadli Zon hadir. Anggota Dewan Perwakilan Rakyat Indonesia itu menolak. "
        "Rapat di DPR berlangsung lama."
    )
    assert got["DPR RI"] == got["DPR"] == "ORG:dewan-perwakilan-rakyat"
    assert got["Dewan Perwakilan Rakyat Indonesia"] == "ORG:dewan-perwakilan-rakyat"
    # the rest names no organisation alone: the name stays whole
    assert ids_id("Gubernur Bank Indonesia Agus Martowardojo menjelaskan.")["Bank Indonesia"] == "ORG:bank-indonesia"


def test_place_word_inside_a_title_or_group_name_is_no_place() -> None:
    got = ids_id(
        "Film Captain America : Civil War tayang di Jakarta. Ia tampil di acara Good Morning America pada Senin. "
        "Indro tampil lewat grup lawak Warkop DKI bersama Dono. Ia anggota Directors Guild of America."
    )
    assert "America" not in got and "DKI" not in got
    assert got["Jakarta"] == "LOC:jakarta"
    # an office title or a government word before the place keeps it
    kept = ids_id("Kemarin Gubernur DKI Anies Baswedan dan Pemerintah DKI menemui Presiden Amerika Serikat.")
    assert kept["DKI"] == "LOC:jakarta"
    assert kept["Amerika Serikat"] == "LOC:amerika-serikat"

