"""Quote finding and speaker attribution on sentences written for the tests."""

from __future__ import annotations

from linimasa.entities.stage import EntityStage
from linimasa.model import Document
from linimasa.quotes.stage import QuoteStage


def quotes(text: str, lang: str = "id"):
    d = Document(id="t", source="t", raw=text, text=text, lang=lang)
    d = QuoteStage()(EntityStage()(d))
    assert not d.check_offsets()
    return d.quotes


def test_speaker_after_quote_with_curly_marks() -> None:
    (q,) = quotes("“Kami akan terus membantu warga di perbatasan,” kata Menteri Sosial Budi Santoso di Jakarta.")
    assert q.text == "Kami akan terus membantu warga di perbatasan"
    assert q.speaker == "Budi Santoso" and q.speaker_id == "PER:budi-santoso" and q.kind == "direct"


def test_speaker_before_quote_and_plain_marks() -> None:
    (q,) = quotes('Vladimir Putin mengatakan, "Rusia siap membuka jalur kereta baru tahun depan."')
    assert q.speaker == "Vladimir Putin" and q.cue == "mengatakan"


def test_same_closing_mark_on_both_sides_and_role_phrase() -> None:
    (q,) = quotes("”Kami berharap perundingan ini berhasil,” papar juru bicara Kemlu Korsel Kim In-chul di Seoul.")
    assert q.speaker == "Kim In-chul"


def test_pronoun_speaker_resolves_to_previous_speaker_across_sentences() -> None:
    text = (
        '"Rusia mendukung perdamaian di kawasan itu," kata Menteri Luar Negeri Sergei Lavrov. '
        "Pertemuan berikutnya dijadwalkan di Beijing bersama Presiden Xi Jinping. "
        '"Kami menunggu jawaban dari mitra kami," ungkap dia.'
    )
    qs = quotes(text)
    assert [q.speaker for q in qs if q.kind == "direct"] == ["Sergei Lavrov", "Sergei Lavrov"]


def test_pronoun_before_verb_skips_person_after_preposition() -> None:
    text = (
        "Joko Widodo, yang tiba di Tokyo pagi tadi, mengatakan kerja sama itu penting. "
        'Duduk di samping Fumio Kishida, dia mengatakan "hubungan kedua negara sangat erat dan terus tumbuh."'
    )
    qs = quotes(text)
    direct = [q for q in qs if q.kind == "direct"]
    assert direct and direct[0].speaker == "Joko Widodo"


def test_agency_and_source_speakers() -> None:
    text = (
        '"Delegasi sudah tiba di ibu kota sejak Minggu," ungkap laporan kantor berita Korea Selatan (Korsel), Yonhap. '
        '"Persiapan sudah berlangsung lama," kata sumber itu sebagaimana dikutip.'
    )
    qs = quotes(text)
    assert qs[0].speaker == "Yonhap" and qs[0].speaker_id == "ORG:yonhap"
    assert qs[1].speaker == "sumber itu" and qs[1].speaker_id is None


def test_indirect_speech_and_menurut() -> None:
    text = (
        "Kantor berita Interfax mengatakan bahwa rombongan akan tiba dalam beberapa hari. "
        "Menurut Reuters, pertemuan itu akan berlangsung di Vladivostok."
    )
    qs = quotes(text)
    assert [(q.kind, q.speaker) for q in qs] == [("indirect", "Interfax"), ("indirect", "Reuters")]
    assert qs[0].text.startswith("rombongan akan tiba")
    assert qs[1].text.startswith("pertemuan itu")


def test_single_quotes_inside_indirect_speech() -> None:
    text = "Juru bicara Gedung Putih, John Kirby mengatakan, Shoigu datang untuk 'meyakinkan mitra menjual amunisi', katanya."
    qs = quotes(text)
    assert any(q.text == "meyakinkan mitra menjual amunisi" and q.speaker == "John Kirby" for q in qs)


def test_statement_speaker_points_back_to_who_issued_it() -> None:
    text = (
        "Inggris, Jepang, dan Korea Selatan mengeluarkan pernyataan bersama pada Jumat. "
        'Pernyataan tersebut berlanjut, "Kami tidak akan diam melihat pelanggaran ini."'
    )
    (q,) = [q for q in quotes(text) if q.kind == "direct"]
    assert q.speaker.startswith("Inggris") and "Korea Selatan" in q.speaker


def test_english_quote() -> None:
    (q,) = quotes('"We are ready to talk," President Joe Biden said on Monday.', lang="en")
    assert q.speaker == "Joe Biden"


def test_scare_quoted_word_is_not_a_quotation() -> None:
    assert quotes('Laporan itu menyebut kunjungan itu "mendesak" bagi kedua pihak.') == [] or all(
        q.text != "mendesak" for q in quotes('Laporan itu menyebut kunjungan itu "mendesak" bagi kedua pihak.')
    )
