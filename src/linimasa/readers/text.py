"""Bytes to text for plain-text articles: encoding detection and normalisation.

Hand-written around charset-normalizer because its best guess is unreliable on the
files this project sees most: short Indonesian or English articles that are ASCII except
for a few curly quotes, dashes or accented letters. On those it often answers cp1250 or a
Mac code page, which turns "“" into "„" or worse. Old Indonesian sites wrote such files
in Windows-1252 (or Latin-1, which cp1252 decodes identically for printable bytes), so a
mostly-ASCII file that is not UTF-8 is decoded as cp1252; charset-normalizer decides
only for text dense in non-ASCII bytes (another script: Cyrillic, CJK...).
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

# BOMs, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Share of non-ASCII bytes under which a non-UTF-8 file is taken to be Latin-script text
# in cp1252 (a few accents and typographic quotes per paragraph).
_SPARSE_NON_ASCII = 0.10
# Share of control characters (other than tab, newline, carriage return, form feed) above
# which decoded "text" is taken to be binary data.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\x0b")


class NotText(ValueError):
    """The bytes are not a text document (empty, binary, or of an undetectable encoding)."""


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of a sample is NUL (ASCII-range UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding to decode ``data`` with; raises :class:`NotText` for binary data."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if b"\x00" in data:
        guess = utf16_without_bom(data)
        if guess:
            return guess
        raise NotText("binary file (contains NUL bytes)")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    non_ascii = sum(1 for b in data if b >= 0x80)
    if non_ascii <= _SPARSE_NON_ASCII * len(data):
        return "cp1252"
    best = from_bytes(data).best()
    if best is None:
        raise NotText("could not detect the text encoding (not UTF-8, and no single-byte code page fits)")
    return best.encoding


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            # Bytes undefined in cp1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D): Latin-1 maps every byte.
            return data.decode("latin-1")
    # utf-8 with a BOM is covered by "utf-8-sig"; the UTF-16/32 names above keep the BOM char.
    text = data.decode(encoding, errors="replace")
    return text.removeprefix("\ufeff")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no BOM, no trailing spaces on lines, no leading/trailing blank lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    text = unicodedata.normalize("NFC", text)
    lines = [ln.rstrip() for ln in text.split("\n")]
    return "\n".join(lines).strip("\n")


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for the bytes of a text article; raises :class:`NotText`.

    UTF-8 (with or without BOM) and UTF-16/32 with BOM are recognised exactly; a
    mostly-ASCII file that is not UTF-8 is cp1252 (Latin-1 as a superset fallback); other
    files are decoded with charset-normalizer's best guess.
    """
    if not data.strip():
        raise NotText("file is empty")
    encoding = detect_encoding(data)
    text = _decode(data, encoding)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * max(len(text), 1):
        raise NotText(f"binary file ({controls} control characters in {len(text)} decoded as {encoding})")
    text = normalize_text(text)
    if not text.strip():
        raise NotText("file is empty (only whitespace)")
    return text, encoding
