"""Rules added for typed NER: lower-case place heads, first names after roles, thing acronyms, event names."""

from __future__ import annotations

from linimasa.entities.gazetteer import load_resources
from linimasa.entities.stage import find_entities


def _typed(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.type) for m in find_entities(text)]


def test_lower_case_administrative_head_is_part_of_the_place() -> None:
    got = _typed("Banjir merendam ratusan rumah di desa Sukamaju , kecamatan Cibeber , sejak Senin .")
    assert ("desa Sukamaju", "LOC") in got
    assert ("kecamatan Cibeber", "LOC") in got
    # a descriptive word is not part of the name
    assert ("Bandung", "LOC") in _typed("Hujan deras mengguyur kota Bandung sejak pagi .")


def test_first_name_after_a_role_starts_the_person() -> None:
    got = _typed("Sekretaris Kabinet Andi Widjajanto mengatakan rapat itu ditunda .")
    assert ("Andi Widjajanto", "PER") in got
    assert all(not (t == "ORG" and "Andi" in s) for s, t in got)
    got = _typed("Kepala Dinas Pendidikan Budi Santoso meninjau sekolah itu .")
    assert ("Budi Santoso", "PER") in got and ("Dinas Pendidikan", "ORG") in got


def test_given_names_are_loaded() -> None:
    names = load_resources().given_names
    assert {"andi", "budi", "siti", "wayan"} <= names


def test_thing_acronyms_are_not_organisations() -> None:
    got = dict(_typed("Ia menyelesaikan studi S1 dan mengurus KTP di kantor kecamatan , bukan di KPK ."))
    assert "S1" not in got and "KTP" not in got
    assert got.get("KPK") == "ORG"


def test_event_names_are_not_people() -> None:
    got = _typed("Indonesia gagal lolos ke Piala Asia setelah kalah , sementara Liga Champions terus berjalan .")
    assert all(t != "PER" for _, t in got)


def test_compass_word_at_the_end_of_a_text() -> None:
    assert find_entities("Mereka berjalan terus ke arah Timur") == []
