"""Each boilerplate family on text written here: the line/fragment goes, with its reason, and
the body sentences around it stay."""

from __future__ import annotations

import pytest

from linimasa.clean.stage import CleanStage
from linimasa.model import Document

BODY1 = (
    "Gubernur Jawa Tengah meresmikan jembatan baru di Kabupaten Demak pada Senin pagi setelah dua tahun pembangunan."
)
BODY2 = "Menurut dia, jembatan sepanjang 120 meter itu akan memangkas waktu tempuh warga menuju pasar kecamatan."
BODY3 = (
    "Warga setempat menyambut gembira peresmian tersebut karena selama ini mereka harus memutar sejauh lima kilometer."
)


def clean(raw: str, lang: str = "id", **kw) -> Document:
    return CleanStage()(Document(id="t", source="test", raw=raw, lang=lang, **kw))


def reasons(doc: Document) -> dict[str, str]:
    return {r.text: r.reason for r in doc.removed}


def assert_body_kept(doc: Document) -> None:
    for s in (BODY1, BODY2, BODY3):
        assert s in doc.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Baca juga: Harga cabai rawit melonjak jelang Lebaran", "related-link"),
        ("Baca Juga : Polisi Tangkap Pelaku Pencurian Motor di Sleman", "related-link"),
        ("[ Baca juga : Banjir Rendam Ratusan Rumah di Bekasi ]", "related-link"),
        ("Simak juga: Jadwal Kereta Tambahan Selama Libur Natal", "related-link"),
        ("SIMAK JUGA - Persib Datangkan Gelandang Asal Brasil", "related-link"),
        ("Lihat juga: Daftar Harga Mobil Bekas Terbaru", "related-link"),
        ("Berita Terkait", "related-link"),
        ("Bagikan Berita Ini", "share-widget"),
        ("Facebook Twitter WhatsApp", "share-widget"),
        ("Post a Comment", "comment-widget"),
        ("Tulis Komentar", "comment-widget"),
        ('[social_warfare buttons="Facebook,Twitter,Total"]', "shortcode"),
        ("Sumber : kompas.com", "credit"),
        ("Sumber: Reuters-AFP", "credit"),
        ("Sumber berita Contohtekno dan gambar header Pixabay .", "credit"),
        ("Gambar : Detik.com", "image-credit"),
        ("Foto: Antara/Wahyu Putro", "image-credit"),
        ("Saksikan video detik-detik jembatan diresmikan berikut ini.", "video-teaser"),
        ("Video : Suasana Peresmian Jembatan Demak", "video-teaser"),
        ("https://bit.ly/3xYzAbc", "url"),
        ("(prm)", "editor-initials"),
        ("( ard / ard )", "editor-initials"),
        ("[ noe ]", "editor-initials"),
        ("( T.KR - ADW / H013 )", "editor-initials"),
        ("![]() |", "empty-image"),
        ("Penulis : Rina Marlina", "byline"),
        ("Editor: Agus Salim", "byline"),
        ("* * *", "separator"),
        ("Contohberita.com adalah portal berita daerah. Ikuti kami di media sosial.", "promo"),
        ("Disclosure : Artikel ini adalah advertorial hasil kerja sama dengan sebuah bank.", "disclosure"),
        ("/ / < ! [ CDATA [", "markup"),
        ("© 2019 Contoh Media. All rights reserved.", "copyright"),
    ],
)
def test_line_family_removed(line: str, reason: str) -> None:
    doc = clean("\n".join([BODY1, BODY2, line, BODY3]))
    assert line not in doc.text
    assert reasons(doc).get(line) == reason
    assert_body_kept(doc)


def test_english_families_in_english_pack() -> None:
    body = "The minister opened the new bridge on Monday after two years of construction work in the district."
    raw = "\n".join(
        [
            body,
            "Read more: Prices of chillies soar before the holiday",
            "Advertisement",
            "Source: Reuters",
            body + " More text.",
        ]
    )
    doc = clean(raw, lang="en")
    assert reasons(doc) == {
        "Read more: Prices of chillies soar before the holiday": "related-link",
        "Advertisement": "advertisement",
        "Source: Reuters": "credit",
    }
    assert doc.credits == ["Reuters"]


def test_unknown_language_uses_both_packs() -> None:
    doc = clean("\n".join([BODY1, "Baca juga: Sesuatu Yang Lain", "Read more: Something Else", BODY2]), lang="fr")
    assert [r.reason for r in doc.removed] == ["related-link", "related-link"]


@pytest.mark.parametrize(
    ("line", "fragment", "reason"),
    [
        (BODY2 + " ( ard / ard )", "( ard / ard )", "editor-initials"),
        (BODY2 + " [ bim ]", "[ bim ]", "editor-initials"),
        (
            BODY2 + " Baca juga : Warga Demak Keluhkan Jalan Rusak",
            "Baca juga : Warga Demak Keluhkan Jalan Rusak",
            "related-link",
        ),
        (
            BODY2 + " ( Baca : Jembatan Lama Ambruk Diterjang Banjir )",
            "( Baca : Jembatan Lama Ambruk Diterjang Banjir )",
            "related-link",
        ),
        (BODY2 + " http://bit.ly/2UVp8x3", "http://bit.ly/2UVp8x3", "url"),
        (BODY2 + " pic.twitter.com/AbC123xyz", "pic.twitter.com/AbC123xyz", "social-embed"),
    ],
)
def test_inline_fragment_removed_sentence_kept(line: str, fragment: str, reason: str) -> None:
    doc = clean("\n".join([BODY1, line, BODY3]))
    assert fragment not in doc.text
    assert BODY2 in doc.text
    assert reasons(doc).get(fragment) == reason


def test_scraper_placeholder_inside_paragraph() -> None:
    doc = clean("\n".join([BODY1, "Baca_Juga " + BODY2, BODY3]))
    assert "Baca_Juga" not in doc.text
    assert_body_kept(doc)


def test_photo_credit_caption_line_goes_whole() -> None:
    doc = clean("\n".join([BODY1, "Jembatan Demak ( Foto : Antara )", BODY2, BODY3]))
    assert "Jembatan Demak" not in doc.text
    assert reasons(doc) == {"( Foto : Antara )": "image-credit", "Jembatan Demak": "image-caption"}
    assert doc.credits == ["Antara"]


def test_bare_cue_takes_the_headline_on_next_line() -> None:
    doc = clean("\n".join([BODY1, "Baca juga :", "Harga Beras Naik Menjelang Ramadan", BODY2, BODY3]))
    assert "Harga Beras Naik" not in doc.text
    assert_body_kept(doc)


@pytest.mark.parametrize(
    "sentence",
    [
        "Sumber Pemerintah Rusia lainnya juga mengkonfirmasi bahwa kunjungan itu sedang dipersiapkan, menurut kantor berita.",
        "Sumber berita itu mengatakan kepada wartawan bahwa pertemuan akan digelar pekan depan di ibu kota.",
        "Lihat saja di lini belakang, keberadaan tiga bek muda membuat pelatih harus jeli menentukan starter.",
        "Simak tips berikut ini agar pakaian cepat kering saat musim hujan tanpa sinar matahari.",
        "Baru - baru ini , pemerintah daerah mengumumkan rencana pembangunan jalan tol baru di wilayah selatan .",
        "Foto-foto yang beredar di media sosial memperlihatkan antrean panjang kendaraan di gerbang tol.",
        "Iklan yang dipasang oleh perusahaan itu menampilkan potret seorang pria yang berlari di tengah hujan.",
        "Pendaftaran bisa dilakukan melalui www.contohdaftar.go.id hingga akhir bulan ini , kata panitia .",
        "Sumber berita Reuters menyebutkan bahwa kapal itu tenggelam setelah dihantam ombak setinggi empat meter.",
        "Sumber data BPS menunjukkan inflasi bulan lalu mencapai 0,3 persen",
    ],
)
def test_body_sentences_with_cue_words_stay(sentence: str) -> None:
    doc = clean("\n".join([BODY1, sentence, BODY2, BODY3]))
    assert sentence in doc.text
    assert not doc.removed


def test_list_of_links_inside_body_stays() -> None:
    links = ["http://snmptn.contoh1.ac.id", "http://snmptn.contoh2.ac.id"]
    doc = clean("\n".join([BODY1, *links, BODY2, BODY3]))
    for link in links:
        assert link in doc.text


def test_paragraphs_are_spans_separated_by_one_blank_line() -> None:
    doc = clean("\n\n\n".join([BODY1, "Baca juga: Sesuatu Yang Lain", BODY2, BODY3]))
    assert doc.text == "\n\n".join([BODY1, BODY2, BODY3])
    assert [doc.text[s.start : s.end] for s in doc.paragraphs] == [BODY1, BODY2, BODY3]
    assert doc.check_offsets() == []


def test_last_line_desk_code_and_agency_tag() -> None:
    lineup = "Penjaga gawang : Andritany Ardhiyasa ( kiper )"
    doc = clean("\n".join([BODY1, lineup, BODY2, BODY3[:-1] + " ( wis )"]))
    assert lineup in doc.text  # without a full stop before it, one code only closes the article's last line
    assert doc.text.endswith(BODY3[:-1])
    doc = clean("\n".join([BODY1, BODY2, BODY3 + " [ Antara ]"]))
    assert doc.text.endswith(BODY3) and doc.credits == ["Antara"]
    doc = clean("\n".join([BODY1, BODY2 + " ( ugo / djm )", BODY3]))
    assert BODY2 + " (" not in doc.text


def test_video_pointer_after_the_body() -> None:
    doc = clean("\n".join([BODY1, BODY2, BODY3, "Berikut videonya :"]))
    assert doc.text.endswith(BODY3)
    assert reasons(doc) == {"Berikut videonya :": "video-teaser"}
