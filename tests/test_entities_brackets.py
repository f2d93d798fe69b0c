"""An organisation and its bracketed abbreviation as one mention (the convention of the NER data), with
the abbreviation kept as one of the entity's names."""

from __future__ import annotations

from linimasa.corpus.entities import EntityCorpusStage, mention_rows
from linimasa.entities.brackets import surfaces
from linimasa.entities.stage import EntityStage, find_entities
from linimasa.model import Document
from linimasa.pipeline import CorpusResult
from linimasa.quotes.stage import QuoteStage


def doc(i: str, text: str) -> Document:
    d = Document(id=i, source=i, raw=text, text=text, lang="id")
    return QuoteStage()(EntityStage()(d))


TEXT = (
    "Komisi Pemberantasan Korupsi (KPK) menahan dua pejabat dinas pekerjaan umum pada Senin. "
    '"Kami masih mendalami peran keduanya," kata KPK dalam keterangan tertulis.'
)


def test_organisation_and_its_abbreviation_are_one_mention_linked_to_later_ones() -> None:
    for lang in (None, "id"):  # the rules alone and with the tagger
        ms = find_entities(TEXT, lang)
        first = ms[0]
        assert first.text == "Komisi Pemberantasan Korupsi (KPK)"
        assert TEXT[first.start : first.end] == first.text
        assert first.type == "ORG" and first.name == "Komisi Pemberantasan Korupsi"
        later = [m for m in ms if m.text == "KPK"]
        assert len(later) == 1 and later[0].id == first.id


def test_abbreviation_defined_for_an_unlisted_name_links_its_later_uses() -> None:
    text = "Survei itu dibuat Lembaga Kajian Pasar Ritel (LKPR) di Jakarta. LKPR mencatat kenaikan harga."
    ms = {m.text: m for m in find_entities(text, "id")}
    joined = ms["Lembaga Kajian Pasar Ritel (LKPR)"]
    assert joined.type == "ORG"
    assert ms["LKPR"].id == joined.id and ms["LKPR"].name == joined.name == "Lembaga Kajian Pasar Ritel"


def test_short_forms_of_people_and_places_stay_mentions_of_their_own() -> None:
    text = "Presiden Joko Widodo (Jokowi) bertemu Menteri Luar Negeri Korea Selatan (Korsel) di Bogor."
    ms = {m.text: m for m in find_entities(text, "id")}
    assert ms["Joko Widodo"].id == ms["Jokowi"].id
    assert not any("(" in t for t in ms)


def test_legal_form_in_brackets_is_part_of_the_company_name() -> None:
    ms = {m.text: m for m in find_entities("PT Pertamina (Persero) menaikkan harga elpiji nonsubsidi.", "id")}
    assert ms["PT Pertamina (Persero)"].type == "ORG"
    assert ms["PT Pertamina (Persero)"].name == "PT Pertamina"
    assert "Persero" not in ms


def test_a_bracket_that_is_no_abbreviation_is_not_joined() -> None:
    # a party or a country in brackets after a person names another entity
    ms = {
        m.text: m for m in find_entities("Anggota DPR Budiman Sudjatmiko (PDIP) dan Sekjen PBB (Perserikatan).", "id")
    }
    assert not any(t.endswith(")") for t in ms)


def test_the_abbreviation_is_an_alias_of_the_entity() -> None:
    d = doc("a", TEXT)
    rows = mention_rows(d)
    texts = {r[3]: r for r in rows}
    assert {"Komisi Pemberantasan Korupsi", "KPK"} <= set(texts)
    assert "Komisi Pemberantasan Korupsi (KPK)" not in texts
    assert texts["Komisi Pemberantasan Korupsi"][4] == 1  # one mention of the full name, one of "KPK"
    assert texts["KPK"][4] == 1
    result = EntityCorpusStage()(
        CorpusResult(documents=[d, doc("b", "Hakim itu diperiksa Komisi Yudisial (KY) pada Senin.")])
    )
    kpk = next(e for e in result.entities if e.id == "ORG:komisi-pemberantasan-korupsi")
    assert kpk.name == "Komisi Pemberantasan Korupsi"
    assert set(kpk.aliases) == {"Komisi Pemberantasan Korupsi", "KPK"}
    ky = next(e for e in result.entities if e.id == "ORG:komisi-yudisial")
    assert set(ky.aliases) == {"Komisi Yudisial", "KY"}  # the abbreviation written only once, inside the brackets
    assert d.quotes and d.quotes[0].speaker_id == "ORG:komisi-pemberantasan-korupsi"


def test_surfaces_split_a_short_form_but_not_a_legal_form() -> None:
    assert surfaces("Komisi Pemberantasan Korupsi (KPK)") == ("Komisi Pemberantasan Korupsi", "KPK")
    assert surfaces("Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)")[1] == "BMKG"
    assert surfaces("PT Pertamina (Persero)") == ("PT Pertamina (Persero)",)
    # a listed short form joined by its link, not by its letters
    assert surfaces("Kepolisian Negara Republik Indonesia (Polri)")[1] == "Polri"
    assert surfaces("Komisi Yudisial") == ("Komisi Yudisial",)


def test_a_party_unit_before_the_party_is_no_part_of_its_name() -> None:
    for lang in (None, "id"):
        ms = {
            m.text: m for m in find_entities("Usulan itu ditolak Fraksi Partai Demokrat dan DPP Partai Golkar.", lang)
        }
        assert ms["Partai Demokrat"].type == "ORG", lang
        assert "Fraksi Partai Demokrat" not in ms and "DPP Partai Golkar" not in ms
    ms = {m.text: m for m in find_entities("Dewan Pimpinan Pusat Partai Demokrat menggelar rapat di Jakarta.", "id")}
    assert ms["Partai Demokrat"].type == "ORG"
    # not before a party: the unit is the organisation ("DPD RI", the regional senate)
    assert "DPD RI" in {m.text for m in find_entities("Anggota DPD RI itu hadir di Jakarta.", "id")}


def test_listed_organisations_written_in_lower_case_are_organisations() -> None:
    for lang in (None, "id"):
        ms = {m.text: m for m in find_entities("Hal itu disampaikannya kepada detikINET di Jakarta, Senin.", lang)}
        assert ms["detikINET"].type == "ORG", lang
    # matched as written: the ordinary word is no outlet
    assert find_entities("Ia membaca berita itu detik demi detik.", "id") == []
