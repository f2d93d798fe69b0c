"""Which reader a file needs, from its first bytes and its extension.

Strong content signatures win over the extension (a WARC is a WARC whatever it is called;
a ``.txt`` that holds a whole HTML page is read as HTML); otherwise the extension decides;
files with an unknown extension are sniffed for an HTML page or JSON Lines.
"""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from linimasa.jsontext import InputLimitError, parse_input

TXT, HTML, JSONL, JSONL_GZ, WARC = "txt", "html", "jsonl", "jsonl.gz", "warc"

SNIFF_BYTES = 65536
_TXT_EXT = (".txt", ".text")
_HTML_EXT = (".html", ".htm", ".xhtml", ".shtml")
_JSONL_EXT = (".jsonl", ".json", ".ndjson")
_JSONL_GZ_EXT = (".jsonl.gz", ".json.gz", ".ndjson.gz")
_WARC_EXT = (".warc", ".warc.gz")
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"


# Well-known binary formats by their first bytes ("magic"): documents, images, archives and
# programs that no reader here handles. Checked before the extension, so a PDF named ``.txt``
# (whose uncompressed streams can be mostly printable) is never taken for an article. gzip
# is not here: it is read (``.jsonl.gz``, ``.warc.gz``).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .odt, .epub)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 document (.doc, .xls, .ppt, .msg)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def binary_signature(head: bytes) -> str | None:
    """What binary format ``head`` (a file's first bytes) starts with, or None.

    ``BZh`` counts only with its block-size digit and block magic, and RIFF only as WebP
    (``RIFF....WEBP``), so no text that merely starts with those letters is refused.
    """
    if head.startswith(b"BZh"):
        return "a bzip2 archive" if head[3:4].isdigit() and head[4:10] == b"1AY&SY" else None
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    return None


def _gunzip_head(head: bytes) -> bytes:
    """The first bytes of the decompressed stream (works on a truncated prefix)."""
    try:
        return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
    except zlib.error:
        return b""


def looks_like_html(head: bytes) -> bool:
    """A whole HTML document: a doctype or ``<html>`` first (after a BOM, blanks, comments)."""
    start = head.removeprefix(_BOM).lstrip()[:2048].lower()
    if start.startswith(b"<?xml"):
        return b"<html" in start
    while start.startswith(b"<!--"):
        end = start.find(b"-->")
        if end < 0:
            return False
        start = start[end + 3 :].lstrip()
    return start.startswith((b"<!doctype html", b"<html"))


def looks_like_jsonl(head: bytes) -> bool:
    """The first non-blank line is a JSON object (the last, maybe cut, line is not judged)."""
    lines = head.removeprefix(_BOM).split(b"\n")
    if len(head) >= SNIFF_BYTES:
        lines = lines[:-1]
    for line in lines:
        if line.strip():
            try:
                return isinstance(parse_input(line), dict)
            except InputLimitError:  # valid JSON the reader refuses, line by line with a reason
                return line.lstrip().startswith(b"{")
            except ValueError:
                return False
    return False


def detect_format(path: Path, head: bytes) -> str | None:
    """One of ``txt``, ``html``, ``jsonl``, ``jsonl.gz``, ``warc``, or None when unsupported."""
    name = path.name.lower()
    if head.startswith(b"WARC/"):
        return WARC
    if head.startswith(_GZIP_MAGIC):
        inner = _gunzip_head(head)
        if inner.startswith(b"WARC/"):
            return WARC
        if name.endswith(_JSONL_GZ_EXT) or looks_like_jsonl(inner):
            return JSONL_GZ
        return WARC if name.endswith(_WARC_EXT) else None
    if name.endswith(_TXT_EXT):
        return HTML if looks_like_html(head) else TXT
    if name.endswith(_HTML_EXT):
        return HTML
    if name.endswith(_JSONL_EXT):
        return JSONL
    if name.endswith(_WARC_EXT):
        return WARC
    if looks_like_html(head):
        return HTML
    if looks_like_jsonl(head):
        return JSONL
    return None


def open_gzip(path: Path, mode: str = "rb"):
    """``gzip.open`` (kept here so readers get a picklable opener)."""
    return gzip.open(path, mode)
