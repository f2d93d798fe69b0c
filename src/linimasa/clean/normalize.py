"""Text normalization that runs before any cleaning rule: line breaks, invisible characters,
odd spaces and the commonest mojibake.

Scraped text arrives with CRLF or lone CR line ends, byte-order marks, zero-width joiners,
soft hyphens, no-break spaces and UTF-8 read as Windows-1252 ("â€œ" for a quote). The rules
downstream match words and punctuation, so these are made uniform first. Hand-written
because the fixes needed are few and cheap (ftfy would be the library for a general repair;
it is not a dependency and the reader already detects encodings with charset-normalizer).
"""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")
# zero-width and format characters that carry nothing for the reader (soft hyphen included)
_INVISIBLE_CHARS = r"\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0e-\x1f\x7f"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# A run of space characters [ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+ becomes one " ". Speed: one
# regex substitution of that class stops at every single space of the text; the same result in two
# cheap passes: every space character other than " " becomes " " (_ODD_SPACE, searched as one
# character class), then runs of 2+ spaces become one (_MULTI_SPACE, whose literal prefix "  " is
# found by fast search).
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_MULTI_SPACE = re.compile("   *")  # two spaces then any more: written so, the regex engine sees the literal "  "
# Speed: one scan for any character that _LINE_BREAKS or _INVISIBLE would touch (usually none); a
# single character class, which the regex engine scans much faster than an alternation.
_BREAK_OR_INVISIBLE = re.compile(rf"[\r\u2028\u2029\x0b\x0c\x85{_INVISIBLE_CHARS}]")
# UTF-8 bytes decoded as cp1252/latin-1: a lead byte (Ã Â â ð) followed by a continuation-range character
_MOJIBAKE = re.compile(
    r"[ÃÂâð][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2026\u2030-\u203a\u20ac\u2122]"
)


def _sloppy_cp1252(text: str) -> bytes | None:
    """Bytes of ``text`` in cp1252, taking the five bytes cp1252 leaves undefined as latin-1
    (decoders that read UTF-8 as "Windows-1252" pass them through)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


def fix_mojibake(line: str) -> str:
    """Undo UTF-8-read-as-cp1252 in one line when that clearly reduces the damage."""
    bad = len(_MOJIBAKE.findall(line))
    if not bad:
        return line
    raw = _sloppy_cp1252(line)
    if raw is None:
        return line
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return line
    return fixed if len(_MOJIBAKE.findall(fixed)) < bad else line


def normalize_lines(raw: str) -> list[str]:
    """The raw text as a list of lines: NFC, uniform line breaks and spaces, no invisible characters.

    Each line is stripped and its runs of spaces are collapsed to one; empty lines are kept
    (as "") so that callers can still see paragraph breaks.
    """
    text = raw
    if _BREAK_OR_INVISIBLE.search(text):
        text = _LINE_BREAKS.sub("\n", text)
        text = _INVISIBLE.sub("", text)
    is_ascii = text.isascii()
    if not is_ascii:
        text = unicodedata.normalize("NFC", text)
    # collapse runs of space characters in two passes (see _ODD_SPACE); in ASCII text the only odd space is the tab
    if not is_ascii or "\t" in text:
        text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _MULTI_SPACE.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    if not text.isascii() and _MOJIBAKE.search(text):
        lines = [fix_mojibake(line) for line in lines]
    return lines
