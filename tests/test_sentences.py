"""Sentence boundaries on Indonesian and English news text the tests write."""

from linimasa.sentences.split import split_sentences


def sents(text: str, lang: str = "id") -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, lang)]


def test_titles_and_numbers_do_not_end_sentences() -> None:
    text = (
        "Dr. Rahmat Hidayat tiba di Bandara Sultan Hasanuddin pukul 10.00 WIB. Ia disambut Prof. H. Salim "
        "dan Ir. Joko di Jl. Ahmad Yani No. 12. Harga beras naik menjadi Rp. 15.500 per kilogram."
    )
    assert sents(text) == [
        "Dr. Rahmat Hidayat tiba di Bandara Sultan Hasanuddin pukul 10.00 WIB.",
        "Ia disambut Prof. H. Salim dan Ir. Joko di Jl. Ahmad Yani No. 12.",
        "Harga beras naik menjadi Rp. 15.500 per kilogram.",
    ]


def test_quotes_and_tokenized_text() -> None:
    text = '" Kami siap membantu warga ! " ujar dia . Bantuan tiba Senin ( 4 / 3 ) .\n\nParagraf kedua? Ya.'
    assert sents(text) == [
        '" Kami siap membantu warga ! " ujar dia .',
        "Bantuan tiba Senin ( 4 / 3 ) .",
        "Paragraf kedua?",
        "Ya.",
    ]


def test_paragraph_break_always_ends_a_sentence() -> None:
    assert sents("Judul tanpa titik\n\nIsi berita dimulai di sini.") == [
        "Judul tanpa titik",
        "Isi berita dimulai di sini.",
    ]


def test_english_abbreviations() -> None:
    text = "Mr. Smith met Gov. Lee at 10 a.m. on Monday. The U.S. envoy arrived later. Talks ended."
    assert sents(text, "en") == [
        "Mr. Smith met Gov. Lee at 10 a.m. on Monday.",
        "The U.S. envoy arrived later.",
        "Talks ended.",
    ]


def test_offsets_index_the_text() -> None:
    text = "  Satu kalimat.  Dua kalimat!  "
    spans = split_sentences(text, "id")
    assert [text[s.start : s.end] for s in spans] == ["Satu kalimat.", "Dua kalimat!"]
