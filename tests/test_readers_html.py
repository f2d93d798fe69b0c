"""HTML reader: main text without boilerplate, metadata, publication date, charset."""

from __future__ import annotations

import os
from datetime import date, timedelta

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs
from linimasa.readers.html import decode_html, html_document, normalize_lang

BODY = """
<p>Palu (Warta Sulteng) - Gempa bermagnitudo 5,2 mengguncang Kabupaten Sigi, Sulawesi Tengah, pada Jumat (9/2/2024)
pagi. Warga di sejumlah desa berhamburan keluar rumah.</p>
<p>Kepala Stasiun Geofisika Palu, Darmawan Lubis, mengatakan gempa dipicu aktivitas sesar Palu-Koro.
"Tidak berpotensi tsunami, namun warga diminta waspada gempa susulan," kata Darmawan.</p>
<p>Hingga siang, belum ada laporan korban jiwa. Sejumlah rumah di Desa Bora mengalami retak pada dinding.</p>
"""


def page(head: str, body: str = BODY, lang: str = "id") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">{head}</head>
<body>
<nav><a href="/">Beranda</a> | <a href="/daerah">Daerah</a> | <a href="/indeks">Indeks Berita</a></nav>
<main><article><h1>Gempa Guncang Sigi</h1>{body}</article></main>
<aside><h3>Berita Terpopuler</h3><ul><li><a href="/a">Harga Emas Hari Ini</a></li><li><a href="/b">Jadwal Liga 1</a></li></ul></aside>
<footer><p>Copyright 2024 Warta Sulteng. All rights reserved.</p><p>Redaksi | Kontak | Pedoman Media Siber</p></footer>
</body></html>"""


HEAD = """<title>Gempa Guncang Sigi | Warta Sulteng</title>
<meta property="og:title" content="Gempa Guncang Sigi">
<meta property="og:site_name" content="Warta Sulteng">
<meta property="article:published_time" content="2024-02-09T08:15:00+08:00">
<link rel="canonical" href="https://wartasulteng.example/daerah/gempa-guncang-sigi">"""


def test_html_file_text_and_metadata(tmp_path):
    path = tmp_path / "gempa-sigi.html"
    path.write_text(page(HEAD), encoding="utf-8")
    (doc,) = list(iter_inputs([path]))
    assert isinstance(doc, RawDocument)
    assert doc.id == "gempa-sigi"
    assert doc.url == "https://wartasulteng.example/daerah/gempa-guncang-sigi"
    assert doc.meta["html_title"] == "Gempa Guncang Sigi"
    assert doc.meta["html_outlet"] == "Warta Sulteng"
    assert doc.meta["html_published"] == "2024-02-09"
    assert doc.meta["html_lang"] == "id"
    # paragraphs kept one per line, headline and boilerplate out
    lines = doc.text.split("\n")
    assert lines[0].startswith("Palu (Warta Sulteng) - Gempa")
    assert any(ln.startswith("Hingga siang") for ln in lines)
    for junk in ("Beranda", "Berita Terpopuler", "Copyright", "Pedoman Media Siber", "Gempa Guncang Sigi\n"):
        assert junk not in doc.text
    assert doc.html and "<article>" in doc.html


def test_no_date_is_guessed_from_the_text(tmp_path):
    head = "<title>Gempa Guncang Sigi</title>"
    doc = html_document(page(head), doc_id="x", source="x")
    assert "html_published" not in doc.meta  # "Jumat (9/2/2024)" in the text is not page metadata


def test_future_date_is_never_given():
    future = (date.today() + timedelta(days=400)).isoformat()
    head = f'<title>Gempa</title><meta property="article:published_time" content="{future}">'
    doc = html_document(page(head), doc_id="x", source="x")
    assert doc.meta.get("html_published") != future


def test_page_without_article_is_an_error(tmp_path):
    path = tmp_path / "kosong.htm"
    path.write_text("<!DOCTYPE html><html><head><title>404</title></head><body></body></html>", encoding="utf-8")
    (err,) = list(iter_inputs([path]))
    assert isinstance(err, ReadError)
    assert err.source == str(path)
    assert "no article text" in err.reason


def test_cp1252_page_without_charset_is_decoded():
    html = page("<title>Gempa</title>").replace('<meta charset="utf-8">', "").replace("Darmawan", "Dármawan")
    html = html.replace('"Tidak', "“Tidak").replace('susulan,"', "susulan,”")
    decoded = decode_html(html.encode("cp1252"))
    assert "“Tidak berpotensi tsunami" in decoded
    assert "Dármawan" in decoded


def test_declared_charset_that_lies_falls_back():
    raw = "<html><head><meta charset='iso-8859-1'></head><body><p>Rp5 juta — “murah”</p></body></html>"
    assert "— “murah”" in decode_html(raw.encode("utf-8"), "utf-8")
    assert "— “murah”" in decode_html(raw.encode("cp1252"))  # latin-1 label read as windows-1252


def test_normalize_lang():
    assert normalize_lang("id-ID") == "id"
    assert normalize_lang("in") == "id"
    assert normalize_lang("EN_us") == "en"
    assert normalize_lang("bahasa indonesia") is None


def test_meta_charset_labels_that_are_no_html_encoding_are_read_as_a_browser_reads_them(tmp_path):
    """A UTF-8 page declaring rot13, base64, hex (Python codecs, not text encodings), UTF-16
    (impossible in an ASCII-compatible page: UTF-8 for a browser) or an unknown label keeps
    its article, decoded as UTF-8 (issue 20, finding 8)."""
    body = BODY.replace("Darmawan Lubis", "Dármawan Lubis").replace('"Tidak', "“Tidak")
    labels = ["rot13", "base64", "hex", "utf-16", "UTF-16LE", "utf-16be", "zlib", "uu", "utf-7", "bukan-charset"]
    for label in labels:
        html = page(HEAD, body).replace('<meta charset="utf-8">', f'<meta charset="{label}">')
        (tmp_path / f"{label}.html").write_bytes(html.encode("utf-8"))
    items = {os.path.basename(i.source): i for i in iter_inputs([tmp_path])}
    for label in labels:
        doc = items[f"{label}.html"]
        assert isinstance(doc, RawDocument), (label, doc)
        assert "Kepala Stasiun Geofisika Palu, Dármawan Lubis" in doc.text and "“Tidak berpotensi" in doc.text, label
    # the same labels in an HTTP header (a WARC response) and in http-equiv
    raw = page(HEAD, body).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=utf-16">'
    )
    for declared in (None, "rot13", "utf-16", "unicode"):
        assert "Dármawan Lubis" in decode_html(raw.encode("utf-8"), declared), declared


def test_whatwg_labels_still_select_their_encoding():
    """Real labels keep working: a windows-1251 page declared ``cp1251``, a Shift_JIS one
    declared ``sjis``, a UTF-16 page (no BOM) declared ``utf-16le``."""
    cyr = "<html><head><meta charset='cp1251'></head><body><p>Наводнение в городе</p></body></html>"
    assert "Наводнение в городе" in decode_html(cyr.encode("cp1251"))
    jp = "<html><head><meta charset='sjis'></head><body><p>東京で大雨</p></body></html>"
    assert "東京で大雨" in decode_html(jp.encode("shift_jis"))
    u16 = "<html><head><meta charset='utf-16le'></head><body><p>Banjir di Palu</p></body></html>"
    assert "Banjir di Palu" in decode_html(u16.encode("utf-16-le"), "utf-16le")
