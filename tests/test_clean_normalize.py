"""Encodings and odd characters: CRLF, BOM, no-break spaces, zero-width characters, mojibake."""

from __future__ import annotations

from linimasa.clean.normalize import fix_mojibake, normalize_lines
from linimasa.clean.stage import CleanStage
from linimasa.model import Document

SENTENCE = "“Kami siap bekerja sama,” kata Menteri Luar Negeri di Jakarta, Jumat (26/4)."


def test_line_ends_and_spaces_are_uniform() -> None:
    raw = "\ufeffBaris pertama\u00a0\u00a0dengan spasi\r\nBaris\u200b kedua\rBaris\tketiga\u2028Baris keempat"
    assert normalize_lines(raw) == ["Baris pertama dengan spasi", "Baris kedua", "Baris ketiga", "Baris keempat"]


def _read_as_cp1252(text: str) -> str:
    """What a UTF-8 page looks like when read as Windows-1252 (undefined bytes passed through)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def test_utf8_read_as_cp1252_is_repaired() -> None:
    broken = _read_as_cp1252(SENTENCE)
    assert "â€" in broken
    assert fix_mojibake(broken) == SENTENCE


def test_stage_repairs_mojibake_line() -> None:
    raw = _read_as_cp1252(SENTENCE) + "\nWarga São Paulo datang ke Jakarta untuk menyaksikan pertandingan itu."
    doc = CleanStage()(Document(id="t", source="t", raw=raw, lang="id"))
    assert SENTENCE in doc.text and "São Paulo" in doc.text


def test_clean_text_is_not_touched_by_mojibake_repair() -> None:
    for s in (SENTENCE, "Café di São Paulo menjual kopi Rp 25.000 per cangkir.", "Ünal dan Âli bertemu."):
        assert fix_mojibake(s) == s


def test_stage_on_crlf_and_nbsp_input() -> None:
    raw = "Seoul (ANTARA)\u00a0- Warga berkumpul di alun-alun kota sejak pagi hari untuk menyaksikan upacara.\r\n\r\nBaca juga: Sesuatu Yang Lain\r\n"
    doc = CleanStage()(Document(id="t", source="t", raw=raw, lang="id"))
    assert doc.text == "Warga berkumpul di alun-alun kota sejak pagi hari untuk menyaksikan upacara."
    assert doc.outlet == "ANTARA" and doc.dateline == "Seoul"
