"""Property tests for the readers: any bytes, under any supported name, give only documents
or read errors (never an exception), and every document's text is usable downstream:
a non-empty ``str`` that encodes as UTF-8 (no lone surrogates), holds no NUL and is within
the article size limit."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

from fixtures_fuzz import LONE_SURROGATE, fuzz_settings, newsy_text
from hypothesis import given
from hypothesis import strategies as st

from linimasa.model import RawDocument
from linimasa.readers import ReadError, read_file
from linimasa.readers.detect import detect_format
from linimasa.readers.inputs import MAX_TEXT_CHARS
from linimasa.readers.jsonl import iter_json_lines
from linimasa.readers.text import NotText, decode_text

_DIR = Path(tempfile.mkdtemp(prefix="linimasa-fuzz-"))
NAMES = ["a.txt", "a.html", "a.htm", "a.jsonl", "a.json", "a.warc", "a.warc.gz", "a.jsonl.gz", "a.dat", "a"]


def _check(items: list) -> None:
    for item in items:
        assert isinstance(item, RawDocument | ReadError), item
        if isinstance(item, ReadError):
            assert item.source and item.reason and "\n" not in item.reason.strip(), item
            continue
        assert isinstance(item.text, str) and item.text.strip()
        assert "\x00" not in item.text
        assert len(item.text) <= MAX_TEXT_CHARS
        item.text.encode("utf-8")  # no lone surrogate can reach the store or the output files
        assert isinstance(item.id, str) and item.id
        json.dumps(item.meta, ensure_ascii=False).encode("utf-8")


def _read(name: str, data: bytes) -> list:
    path = _DIR / name
    path.write_bytes(data)
    return list(read_file(path))


_html_bits = st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "<meta charset=",
     '"utf-16"', "<title>", "<article>", "<br>", "&amp;", "&#0;", "&#xD800;", "<![CDATA[", "<?xml ?>", "<!DOCTYPE html>"]
)  # fmt: skip


@st.composite
def html_bytes(draw) -> bytes:
    parts = draw(st.lists(st.one_of(_html_bits, newsy_text(5)), max_size=40))
    enc = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return "".join(parts).encode(enc, errors="replace")


@st.composite
def json_objects(draw) -> dict:
    value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40) | newsy_text(6),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        max_leaves=6,
    )
    keys = st.sampled_from(["id", "text", "html", "title", "url", "published", "outlet", "lang", "other"])
    obj = draw(st.dictionaries(keys, value, max_size=8))
    if draw(st.booleans()):
        obj["text"] = draw(newsy_text(8))
    return obj


@fuzz_settings(150)
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=3000))
def test_any_bytes_under_any_name(name: str, data: bytes) -> None:
    _check(_read(name, data))


@fuzz_settings(100)
@given(name=st.sampled_from(["a.txt", "a.html", "a"]), data=html_bytes())
def test_html_like_bytes(name: str, data: bytes) -> None:
    _check(_read(name, data))


@fuzz_settings(150)
@given(text=newsy_text(), enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"]))
def test_text_in_any_encoding(text: str, enc: str) -> None:
    data = text.encode(enc, errors="replace" if not enc.startswith("utf") else "surrogatepass")
    try:
        decoded, _encoding = decode_text(data)
    except NotText:
        return
    assert isinstance(decoded, str)
    _check(_read("t.txt", data))


@fuzz_settings(150)
@given(objs=st.lists(st.one_of(json_objects(), st.text(max_size=30), st.binary(max_size=40)), max_size=6))
def test_json_lines(objs: list) -> None:
    lines = []
    for o in objs:
        if isinstance(o, dict):
            lines.append(json.dumps(o, ensure_ascii=bool(len(lines) % 2)).encode("utf-8", "surrogatepass"))
        elif isinstance(o, str):
            lines.append(o.encode("utf-8", "surrogatepass"))
        else:
            lines.append(o.replace(b"\n", b" "))
    data = b"\n".join(lines)
    items = list(iter_json_lines(iter(data.splitlines(keepends=True)), "<fuzz>"))
    _check(items)
    assert len(items) <= len([ln for ln in data.splitlines() if ln.strip()])
    _check(_read("f.jsonl", data))
    _check(_read("f.json", data))
    _check(_read("f.jsonl.gz", gzip.compress(data)))


@fuzz_settings(80)
@given(obj=json_objects())
def test_lone_surrogates_and_nul_in_any_field(obj: dict) -> None:
    obj = {k: (v + "\ud800\x00" if isinstance(v, str) else v) for k, v in obj.items()}
    line = json.dumps(obj).encode()  # ASCII escapes: \ud800, \u0000
    for item in iter_json_lines([line], "<fuzz>"):
        _check([item])
        if isinstance(item, RawDocument):
            assert not LONE_SURROGATE.search(json.dumps(item.meta, ensure_ascii=False))


@fuzz_settings(200)
@given(head=st.binary(max_size=200), name=st.sampled_from(NAMES))
def test_detect_format_never_raises(head: bytes, name: str) -> None:
    assert detect_format(Path(name), head) in (None, "txt", "html", "jsonl", "jsonl.gz", "warc")
