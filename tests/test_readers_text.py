"""Plain-text reader: encodings old Indonesian pages use, newlines, empty and binary files."""

from __future__ import annotations

import codecs

import pytest

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs
from linimasa.readers.text import NotText, decode_text

ARTICLE = (
    "Medan (Suara Deli) – Wali Kota meresmikan kafe “Rumah Kopi Séjahtera” di Jalan Gatot Subroto, "
    "Senin (11/3/2024).\r\n"
    "“Kami ingin anak muda punya tempat berkarya,” ujar dia.\r\n"
)


def _read_one(path) -> RawDocument | ReadError:
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1, items
    return items[0]


def test_cp1252_curly_quotes_and_accents(tmp_path):
    path = tmp_path / "kafe-medan.txt"
    path.write_bytes(ARTICLE.encode("cp1252"))
    doc = _read_one(path)
    assert isinstance(doc, RawDocument)
    assert doc.id == "kafe-medan"
    assert "“Rumah Kopi Séjahtera”" in doc.text
    assert "Medan (Suara Deli) – Wali" in doc.text
    assert "\r" not in doc.text
    assert doc.text.count("\n") == 1
    assert doc.meta["encoding"] == "cp1252"


def test_latin1_accents(tmp_path):
    text = "Bandung - Peneliti asal Québec, Hélène Marchand, memaparkan hasil risetnya tentang kopi Priangan.\n"
    path = tmp_path / "riset.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = _read_one(path)
    assert doc.text == text.strip()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_encodings(tmp_path, encoding):
    path = tmp_path / "bom.txt"
    data = ARTICLE.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    doc = _read_one(path)
    assert doc.text.startswith("Medan (Suara Deli)")  # no BOM character left
    assert "“Kami ingin anak muda punya tempat berkarya,” ujar dia." in doc.text


def test_plain_utf8_and_old_mac_newlines(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes("Baris satu.\rBaris dua — dengan pisah.\r".encode())
    assert _read_one(path).text == "Baris satu.\nBaris dua — dengan pisah."


def test_nfc_normalisation():
    decomposed = "Jose\u0301 Rizal dikenang di Manila."
    text, _ = decode_text(decomposed.encode("utf-8"))
    assert text == "José Rizal dikenang di Manila."


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n \t", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_empty_and_binary_files_are_errors(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    err = _read_one(path)
    assert isinstance(err, ReadError)
    assert err.source == str(path)
    assert reason in err.reason


def test_control_characters_mean_binary():
    with pytest.raises(NotText, match="binary"):
        decode_text(bytes(range(1, 32)) * 20)


def test_txt_holding_a_whole_html_page_is_read_as_html(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Harga Cabai Turun</title></head><body><article>"
        "<p>Semarang - Harga cabai rawit di Pasar Johar turun menjadi Rp40.000 per kilogram pada Selasa (5/3), "
        "setelah pasokan dari Temanggung dan Magelang kembali lancar.</p>"
        "<p>Pedagang mengatakan pembeli mulai kembali ramai sejak awal pekan ini.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "cabai.txt"
    path.write_text(page, encoding="utf-8")
    doc = _read_one(path)
    assert "<p>" not in doc.text
    assert "Pasar Johar" in doc.text
    assert doc.meta.get("html_title") == "Harga Cabai Turun"
