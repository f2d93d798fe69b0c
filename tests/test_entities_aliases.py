"""Entity recognition and alias linking on sentences written for the tests."""

from __future__ import annotations

from linimasa.entities.stage import EntityStage, find_entities
from linimasa.model import Document


def by_text(text: str) -> dict[str, object]:
    return {m.text: m for m in find_entities(text)}


def test_offsets_types_and_unseen_person_after_title() -> None:
    text = "Menteri Pertahanan Rusia, Sergei Shoigu, tiba di Pyongyang pada Rabu."
    ms = by_text(text)
    assert ms["Sergei Shoigu"].type == "PER"
    assert ms["Sergei Shoigu"].role == "Menteri Pertahanan Rusia"
    assert ms["Rusia"].type == "LOC" and ms["Pyongyang"].type == "LOC"
    assert "Rabu" not in ms
    for m in find_entities(text):
        assert text[m.start : m.end] == m.text


def test_parenthesised_abbreviation_and_news_abbreviations() -> None:
    text = "Pemimpin Korea Utara (Korut) Kim Jong-un bertemu pejabat Amerika Serikat (AS). Korut dan AS belum sepakat."
    ms = find_entities(text)
    korut = {m.id for m in ms if m.text in ("Korea Utara", "Korut")}
    us = {m.id for m in ms if m.text in ("Amerika Serikat", "AS")}
    assert len(korut) == 1 and len(us) == 1
    assert korut != us


def test_institution_abbreviation_with_country_gets_one_canonical_name() -> None:
    text = "Kementerian Luar Negeri (Kemlu) Korsel menyatakan dukungan. Juru bicara Kemlu Korsel Kim In-chul hadir."
    ms = find_entities(text)
    orgs = [m for m in ms if m.type == "ORG"]
    assert {m.name for m in orgs} == {"Kementerian Luar Negeri Korea Selatan"}
    assert len({m.id for m in orgs}) == 1
    kim = next(m for m in ms if m.text == "Kim In-chul")
    assert kim.type == "PER" and kim.role == "Juru bicara Kemlu Korsel"


def test_exonyms_and_endonyms_share_an_id() -> None:
    a = {m.text: m.id for m in find_entities("Delegasi itu terbang dari Moskow ke Tiongkok.")}
    b = {m.text: m.id for m in find_entities("The delegation flew from Moscow to China.")}
    assert a["Moskow"] == b["Moscow"]
    assert a["Tiongkok"] == b["China"]


def test_spelling_variants_share_an_id() -> None:
    a = find_entities("Presiden Kim Jong-un tiba kemarin.")
    b = find_entities("Presiden Kim Jong Un tiba kemarin.")
    assert a[0].id == b[0].id == "PER:kim-jong-un"


def test_surname_and_typo_link_to_full_name_in_document() -> None:
    text = (
        "Presiden Rusia Vladimir Putin menerima tamu di Moskow. "
        "Setelah itu Putin berbicara kepada wartawan. "
        "Laporan lain menyebut Puting akan berkunjung ke Asia."
    )
    ms = find_entities(text)
    full = next(m for m in ms if m.text == "Vladimir Putin")
    short = next(m for m in ms if m.text == "Putin")
    typo = next(m for m in ms if m.text == "Puting")
    assert short.id == full.id == typo.id == "PER:vladimir-putin"
    assert typo.name == "Vladimir Putin"


def test_summit_acronym_and_calendar_words_are_not_entities() -> None:
    names = {m.text for m in find_entities("KTT itu digelar pada Senin, 12 Februari, di Hanoi.")}
    assert names == {"Hanoi"}


def test_organisation_cues_heads_and_tails() -> None:
    text = "Surat kabar Rusia, Izvestiya, melaporkan bahwa Universitas Gadjah Mada dan Eastern Economic Forum ikut."
    ms = by_text(text)
    assert ms["Izvestiya"].type == "ORG"
    assert ms["Universitas Gadjah Mada"].type == "ORG"
    assert ms["Eastern Economic Forum"].type == "ORG"


def test_pretokenised_text() -> None:
    ms = by_text(
        "JAKARTA , KOMPAS.com - Gubernur Jawa Barat Ridwan Kamil mengunjungi Bandung , Kamis ( 18 / 8 / 2016 ) ."
    )
    assert ms["Ridwan Kamil"].type == "PER"
    assert ms["Jawa Barat"].type == "LOC" and ms["Bandung"].type == "LOC"


def test_stage_sets_doc_entities() -> None:
    text = "Juru bicara Kremlin Dmitry Peskov mengatakan hal itu."
    doc = EntityStage()(Document(id="t", source="t", raw=text, text=text, lang="id"))
    assert [m.text for m in doc.entities] == ["Kremlin", "Dmitry Peskov"]
    assert doc.entities[0].type == "ORG" and not doc.check_offsets()
