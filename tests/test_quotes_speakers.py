"""Speakers of quotes on text written for the tests: the -nya and pronoun tags, indirect speech
forms, requests that are not statements, speaker cleanup and quotes continued across paragraphs
(conventions in docs/quotes.md)."""

from __future__ import annotations

import pytest

from linimasa.entities.stage import EntityStage
from linimasa.model import Document, Quote
from linimasa.quotes.stage import QuoteStage

INTRO = "Menteri Keuangan Sri Mulyani Indrawati hadir dalam rapat kerja di gedung DPR pada Senin. "


def quotes(text: str) -> list[Quote]:
    d = Document(id="t", source="t", raw=text, text=text, lang="id")
    d = QuoteStage()(EntityStage()(d))
    assert not d.check_offsets()
    return d.quotes


def direct(text: str) -> list[Quote]:
    return [q for q in quotes(text) if q.kind == "direct"]


def indirect(text: str) -> list[Quote]:
    return [q for q in quotes(text) if q.kind == "indirect"]


@pytest.mark.parametrize(
    "tag", ["ujarnya", "katanya", "tuturnya", "sambungnya", "tegasnya", "jelasnya", "pungkasnya", "imbuh dia"]
)
def test_nya_and_pronoun_tags_resolve_to_the_person_the_text_is_about(tag: str) -> None:
    text = INTRO + f'"Anggaran tahun depan harus lebih hemat dan tepat sasaran," {tag}.'
    (q,) = direct(text)
    assert q.speaker == "Sri Mulyani Indrawati"


def test_nya_tag_after_a_quote_of_someone_else_goes_to_the_subject_in_between() -> None:
    text = (
        '"Kami akan terus membantu warga di perbatasan," kata Menteri Sosial Budi Santoso. '
        "Sementara itu, Sri Mulyani Indrawati menilai anggaran bantuan sudah cukup besar. "
        '"Anggaran itu sudah dinaikkan dua kali tahun ini," ujarnya.'
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Budi Santoso", "Sri Mulyani Indrawati"]


def test_name_inside_a_quotation_is_not_who_speaks() -> None:
    text = INTRO + '"Saya sudah bicara dengan Joko Widodo soal anggaran itu dan beliau setuju," kata dia.'
    (q,) = direct(text)
    assert q.speaker == "Sri Mulyani Indrawati"


def test_event_after_katanya_is_not_the_speaker() -> None:
    text = INTRO + '"Pertumbuhan ekonomi kita tetap kuat tahun ini," katanya dalam acara Indonesia Economic Forum 2024.'
    (q,) = direct(text)
    assert q.speaker == "Sri Mulyani Indrawati"


def test_place_after_katanya_is_not_the_speaker() -> None:
    text = INTRO + '"Pertumbuhan ekonomi kita tetap kuat tahun ini," katanya di Bandung, Jawa Barat.'
    (q,) = direct(text)
    assert q.speaker == "Sri Mulyani Indrawati"


@pytest.mark.parametrize("tail", ["sebutnya singkat", "ujarnya menambahkan", "kata dia lagi", "tegasnya lagi"])
def test_adverb_or_verb_after_the_tag_is_not_the_speaker(tail: str) -> None:
    text = INTRO + f'"Kami tidak akan menaikkan pajak tahun ini," {tail}.'
    (q,) = direct(text)
    assert q.speaker == "Sri Mulyani Indrawati"


@pytest.mark.parametrize("subject", ["Ia juga", "Dia pun", "Ia kemudian"])
def test_pronoun_subject_with_an_adverb(subject: str) -> None:
    text = INTRO + f"{subject} mengatakan bahwa defisit anggaran akan dijaga di bawah tiga persen."
    (q,) = indirect(text)
    assert q.speaker == "Sri Mulyani Indrawati"
    assert q.text.startswith("defisit anggaran")


def test_unresolved_plural_pronoun_is_no_speaker() -> None:
    text = 'Warga berkumpul di depan kantor desa sejak pagi. "Kami hanya ingin air bersih untuk keluarga," kata mereka.'
    qs = direct(text)
    assert all(q.speaker is None or q.speaker.lower() != "mereka" for q in qs)


def test_function_word_and_date_are_not_speakers() -> None:
    text = (
        "Melalui akun resminya yang dikutip media, Sabtu (1/4) menegaskan bila aturan itu tidak melarang laptop. "
        '"Barang elektronik tetap boleh dibawa ke kabin," kata yang bersangkutan.'
    )
    for q in quotes(text):
        assert q.speaker is None or q.speaker.split()[0].lower() not in {"sabtu", "yang", "menambahkan"}


def test_menurutnya_and_menurut_name() -> None:
    text = (
        INTRO + "Menurutnya, penerimaan pajak akan naik tahun depan. Menurut Bank Indonesia, inflasi tetap terkendali."
    )
    qs = indirect(text)
    assert [(q.speaker, q.cue) for q in qs] == [("Sri Mulyani Indrawati", "Menurutnya"), ("Bank Indonesia", "Menurut")]
    assert qs[0].text == "penerimaan pajak akan naik tahun depan"


def test_kata_dia_inside_and_at_the_start_of_a_sentence() -> None:
    text = (
        INTRO
        + "Sebab, kata dia, penerimaan negara dari cukai turun tajam. "
        + "Kata dia, pemerintah tidak akan menambah utang baru."
    )
    qs = indirect(text)
    assert len(qs) == 2 and all(q.speaker == "Sri Mulyani Indrawati" for q in qs)
    assert qs[0].text.startswith("Sebab") and qs[1].text == "pemerintah tidak akan menambah utang baru"


@pytest.mark.parametrize("verb", ["mengklaim", "meyakini", "mengaku", "menyatakan"])
def test_indirect_reporting_verbs(verb: str) -> None:
    text = INTRO + f"Ia {verb} kebijakan fiskal pemerintah sudah berada di jalur yang benar."
    (q,) = indirect(text)
    assert q.speaker == "Sri Mulyani Indrawati" and q.cue == verb


@pytest.mark.parametrize("verb", ["meminta", "berharap", "berjanji", "mengimbau"])
def test_requests_hopes_and_promises_are_not_statements(verb: str) -> None:
    text = INTRO + f"Sri Mulyani {verb} agar semua kementerian menghemat belanja perjalanan dinas."
    assert indirect(text) == []


def test_statement_then_hope_keeps_the_statement_only() -> None:
    text = INTRO + "Ia mengakui target pajak sulit dicapai tahun ini, namun ia berharap penerimaan cukai membaik."
    (q,) = indirect(text)
    assert q.text == "target pajak sulit dicapai tahun ini"


def test_what_was_said_not_given_is_no_quote() -> None:
    text = INTRO + "Ia mengungkapkan alasannya menunda kenaikan tarif listrik kepada wartawan."
    assert indirect(text) == []


def test_quote_continued_after_a_paragraph_break_keeps_its_speaker() -> None:
    text = (
        "Pelatih tim nasional Shin Tae-yong memimpin latihan di Stadion Madya.\n\n"
        '"Semua pemain dalam kondisi baik dan siap bertanding melawan Vietnam.\n\n'
        '"Kami hanya perlu menjaga fokus sampai akhir pertandingan," kata Shin Tae-yong.\n\n'
        '"Target kami tetap tiga poin di kandang sendiri."'
    )
    qs = direct(text)
    assert len(qs) == 3
    assert qs[0].text.startswith("Semua pemain") and qs[2].text.startswith("Target kami")
    assert all(q.speaker == "Shin Tae-yong" for q in qs)


def test_untagged_quote_before_a_tagged_one_in_the_next_paragraph() -> None:
    text = (
        "Gianluigi Buffon kecewa setelah final di Cardiff.\n\n"
        '" Ini adalah kekecewaan besar bagi kami semua . "\n\n'
        '" Real Madrid layak memenangkan laga ini , " tutur Buffon .'
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Gianluigi Buffon", "Gianluigi Buffon"]


def test_described_person_resolves_and_described_source_stays() -> None:
    text = (
        "Antasari Azhar keluar dari penjara pada Kamis. "
        '"Sejak keluar pintu, rasa benci saya tinggal di dalam penjara," kata pria berkumis itu. '
        '"Persiapan sudah berlangsung lama," kata sumber itu.'
    )
    qs = direct(text)
    assert qs[0].speaker == "Antasari Azhar"
    assert qs[1].speaker == "sumber itu"


def test_title_in_quotation_marks_is_not_a_quote() -> None:
    text = 'Trailer film " Cinta Yang Tak Direstui Orang Tua " diluncurkan di Youtube pada Minggu.'
    assert direct(text) == []


def test_nickname_in_a_relative_clause_is_not_the_speaker() -> None:
    text = (
        "Kepala PVMBG Kasbani menjelaskan, tim ahli dikirim untuk memperkuat tim lapangan. "
        "Pria yang kerap disapa Bani ini menuturkan, masyarakat masih dilarang mendekat ke kawah."
    )
    qs = indirect(text)
    assert [q.speaker for q in qs] == ["Kasbani", "Kasbani"]


def test_unit_named_before_its_parent_organisation() -> None:
    text = (
        "Kementerian Perhubungan (Kemenhub) memberikan klarifikasi soal larangan laptop.\n\n"
        '"Barang elektronik yang dibawa penumpang harus diperiksa," tulis Ditjen Perhubungan Udara, Kemenhub.'
    )
    (q,) = direct(text)
    assert q.speaker == "Ditjen Perhubungan Udara"


def test_pronoun_skips_a_name_inside_reported_speech() -> None:
    text = (
        "Rohan Hafas mengatakan, Budi Santoso sudah menerima laporan itu sejak pekan lalu.\n"
        '"Kami menemukan sedikit perbaikan yang perlu dilakukan terhadap sistem," kata dia.'
    )
    (q,) = direct(text)
    assert q.speaker == "Rohan Hafas"


def test_subject_the_recogniser_missed_is_the_person_named_before() -> None:
    text = (
        "Calon presiden Donald Trump tiba di New York pada Senin.\n"
        "Dalam debat itu, Hillary Clinton menyebut Trump tidak membayar para pekerjanya. "
        'Trump tidak membantahnya dan mengatakan "Mungkin dia tidak melakukan pekerjaan yang baik."'
    )
    qs = direct(text)
    assert [q.speaker for q in qs] == ["Donald Trump"]


def test_first_name_that_is_also_a_place_is_the_person_named_before() -> None:
    text = (
        "Pelatih Bima Sakti mengatakan timnya sudah siap menghadapi Malaysia.\n"
        '"Prinsipnya kami tampil tanpa beban di pertandingan ini," sambung Bima.'
    )
    qs = quotes(text)
    assert [q.speaker for q in qs] == ["Bima Sakti", "Bima Sakti"]
    assert qs[1].speaker_id == "PER:bima-sakti"


def test_speaker_written_with_a_typo_gets_the_full_name() -> None:
    text = (
        "Mavis Wanczyk memenangi lotre Powerball di Massachusetts pada Rabu.\n"
        "Wancyzk mengaku tidak percaya kupon yang dibelinya menang.\n"
        '"Saya tahu pasti bukan saya, itu cuma mimpi," kata dia.'
    )
    qs = quotes(text)
    assert qs and all(q.speaker_id == "PER:mavis-wanczyk" for q in qs)


def test_nickname_speaker_gets_one_id() -> None:
    text = (
        '"Damkar roda tiga ini sudah diusulkan tim relawan," kata Sandiaga Uno kepada wartawan.\n'
        "Menurut Sandi, kendaraan itu bisa menjangkau lokasi kebakaran lebih cepat."
    )
    qs = quotes(text)
    assert [q.speaker_id for q in qs] == ["PER:sandiaga-uno", "PER:sandiaga-uno"]


def test_listed_short_form_the_recogniser_missed_is_its_person() -> None:
    text = (
        INTRO + "Menurut Sandi , jika kepastian hukum sudah keluar maka sosialisasi harus dilakukan dengan manusiawi."
    )
    (q,) = indirect(text)
    assert (q.speaker, q.speaker_id) == ("Sandiaga Uno", "PER:sandiaga-uno")


@pytest.mark.parametrize("name", ["Awang", "Anggi", "Bima"])
def test_one_word_town_after_a_tag_is_a_persons_name_not_a_place(name: str) -> None:
    text = f'"Kami tampil lepas tanpa beban di pertandingan ini," ujar {name} kepada wartawan.'
    (q,) = direct(text)
    assert q.speaker == name
    assert q.speaker_id is None or not q.speaker_id.startswith("LOC:")


def test_country_after_a_tag_stays_the_speaker() -> None:
    text = '"Kami tidak akan mundur dari perundingan ini," kata Israel dalam pernyataan resmi.'
    (q,) = direct(text)
    assert q.speaker_id == "LOC:israel"


def test_name_in_an_apposition_relative_clause_is_not_the_subject() -> None:
    text = (
        "Emma Morano meninggal pada usia 117 tahun.\n"
        "Carlo Bava, dokter yang merawat Morano, mengatakan bahwa pasiennya meninggal dengan tenang di rumahnya."
    )
    (q,) = indirect(text)
    assert q.speaker == "Carlo Bava"


def test_described_source_after_a_quantifier() -> None:
    text = (
        "Penjualan Hyundai turun tajam tahun ini.\n"
        '"Kami harus memangkas gaji para eksekutif mulai bulan depan," kata seorang petinggi pabrikan itu.'
    )
    (q,) = direct(text)
    assert q.speaker == "seorang petinggi pabrikan itu"


def test_town_word_after_a_tag_takes_the_full_name_given_before() -> None:
    text = (
        '"Evan sedikit cedera engkel kemarin," ujar asisten pelatih Timnas Indonesia, Bima Sakti.\n\n'
        '"Prinsipnya Ezra ingin fokus menentukan klub berikutnya," sambung Bima.'
    )
    qs = direct(text)
    assert qs[-1].speaker == "Bima Sakti"
