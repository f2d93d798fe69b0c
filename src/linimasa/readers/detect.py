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
