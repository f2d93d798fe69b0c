"""JSON Lines (and ``.json``) to raw documents, one object a line, streamed.

Each line is parsed on its own, so a 10 GB file is read in constant memory and one bad
line costs only that line: a line that is not a JSON object, or that has neither a
``text`` nor an ``html`` string, becomes a :class:`ReadError` with ``path:line``; the
rest of the file goes on. Optional fields of the wrong type are dropped with a warning in
``meta["warnings"]`` rather than failing the document.

Fields the contract does not name (IndoSum's ``category``, a feed's ``tags``) are kept as the
document's ``meta`` (:func:`kept_fields`: bounded in size, a field over the bound dropped with
a warning).

Ids follow the contract: ``id``, else ``url``, else the 1-based line number as a string
(``"7"``). Line-number ids repeat across files; the engine must make them unique if it
mixes several such files in one run.

A ``.json`` file whose first line is not a complete JSON value (a pretty-printed object
or a JSON array) is loaded whole instead, when it is small enough, and its objects are
numbered as records (``path#record N``).
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from linimasa.jsontext import MAX_INPUT_DEPTH, InputLimitError, depth_over, parse_input
from linimasa.limits import META_KEY_PATTERN
from linimasa.model import RawDocument
from linimasa.readers.errors import ReadError
from linimasa.readers.html import MAX_KEPT_HTML_CHARS, MAX_META_CHARS, NoArticle, html_document, normalize_lang
from linimasa.readers.text import normalize_text

MAX_WHOLE_JSON_BYTES = 200_000_000
# A JSON line longer than this is refused without being held in memory whole (read in chunks
# and skipped): no news article, even with its HTML, comes near it.
MAX_LINE_BYTES = 20_000_000
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# (``dateline``: a documents.jsonl read again has the place its text no longer opens with)
_META_STRING_FIELDS = ("title", "outlet", "dateline")
# The fields the contract names (the input's, and the document object's: a documents.jsonl read
# again is not a pile of kept fields); any other field of an input object is kept under the
# document's ``meta`` (IndoSum's ``category``, a feed's ``tags``), within these bounds (JSON text):
NAMED_FIELDS = frozenset(
    ("id", "text", "html", "title", "url", "published", "outlet", "lang")
    + ("dateline", "published_from", "removed", "credits", "timexes", "entities", "quotes", "story")
    + ("duplicate_of", "sentences", "source", "features", "warnings", "meta")
)
_META_KEY = re.compile(META_KEY_PATTERN)
_UNASKED = "a name no filter can ask for (printable, no quote or backslash, at most 100 characters)"
MAX_KEPT_FIELD_CHARS = 4096
MAX_CREDITS = 50
MAX_KEPT_CHARS = 16384
MAX_FIELD_WARNINGS = 10
SHOWN_KEY_CHARS = 60


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def id_problem(raw_id: Any) -> str:
    """Why an input object's ``id`` names no document (``""`` when it does, or when none is given):
    the reader's warning, without what it does instead."""
    if raw_id is None or (isinstance(raw_id, int) and not isinstance(raw_id, bool)):
        return ""
    if isinstance(raw_id, str):
        return "" if raw_id.strip() else "field 'id' is empty"
    return f"field 'id' is {_type_name(raw_id)}, not a string or integer"


# The objects of linimasa's own outputs that carry a "text" but are no article: a row of an
# export's quotes.jsonl, an event of a timeline.jsonl (a folder holding an export, read again,
# made each quotation and event a document of its own).
_OUTPUT_ROWS = (
    (
        frozenset({"document", "index", "speaker", "kind", "text", "start", "end"}),
        "a quotation of linimasa's quotes.jsonl",
    ),
    (frozenset({"date", "text", "documents", "status", "evidence"}), "an event of linimasa's timeline.jsonl"),
)


def object_document(obj: dict[str, Any], *, number: int, source: str) -> RawDocument:
    """A :class:`RawDocument` from one input object; raises ``ValueError`` with the reason."""
    warnings: list[str] = []
    for fields, what in _OUTPUT_ROWS:
        if fields <= obj.keys():
            raise ValueError(f"object is {what}, not an article")

    def string_field(name: str) -> str | None:
        value = obj.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            warnings.append(f"field {name!r} is {_type_name(value)}, not a string; ignored")
            return None
        value = value.strip()
        if len(value) > MAX_META_CHARS:  # the API refuses it (422); a run ignores it
            warnings.append(f"field {name!r} of {len(value):,} characters ignored (at most {MAX_META_CHARS:,})")
            return None
        return value or None

    text = obj.get("text")
    html = obj.get("html")
    has_text = isinstance(text, str) and bool(text.strip())
    has_html = isinstance(html, str) and bool(html.strip())
    if not has_text and not has_html:
        problems = [
            f"{name!r} is {_type_name(v)}" if not isinstance(v, str) else f"{name!r} is empty"
            for name, v in (("text", text), ("html", html))
            if name in obj
        ]
        detail = f" ({', '.join(problems)})" if problems else ""
        raise ValueError(f"object has neither a 'text' nor an 'html' string{detail}")

    url = string_field("url")
    raw_id = obj.get("id")
    doc_id: str | None = None
    if isinstance(raw_id, str) and raw_id.strip():
        doc_id = raw_id.strip()
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    elif isinstance(raw_id, str):
        warnings.append(f"field 'id' is empty; the {'url' if url else 'line number'} is the id")
    elif raw_id is not None:
        warnings.append(f"field 'id' is {_type_name(raw_id)}, not a string or integer; ignored")
    doc_id = doc_id or url or str(number)

    meta: dict[str, Any] = {}
    if has_text:
        doc = RawDocument(id=doc_id, text=normalize_text(text), source=source, url=url)
        if has_html and len(html) < MAX_KEPT_HTML_CHARS:
            doc.html = html
    else:
        try:
            doc = html_document(html, doc_id=doc_id, source=source, url=url)
        except NoArticle as exc:
            raise ValueError(f"'html' field: {exc}") from None
        meta.update(doc.meta)
        warnings.extend(meta.pop("warnings", []))  # the page's (an over-long site name...)
        if url:  # the URL the input gives is the one the user knows the article by
            doc.url = url

    for name in _META_STRING_FIELDS:
        value = string_field(name)
        if value:
            meta[name] = value
    published = string_field("published")
    if published and not inferred_date(obj):  # read by the cleaning stage (linimasa.published)
        meta["published"] = published
    credits = obj.get("credits")  # (a documents.jsonl read again: its credit lines are no longer in the text)
    if credits is not None:
        names = [c.strip() for c in credits if isinstance(c, str) and c.strip()] if isinstance(credits, list) else []
        if names and len(names) <= MAX_CREDITS and all(len(c) <= MAX_META_CHARS for c in names):
            meta["credits"] = names
        elif credits:
            warnings.append(f"field 'credits' is not a list of at most {MAX_CREDITS} names; ignored")
    lang = string_field("lang")
    if lang:
        code = normalize_lang(lang)
        if code:
            meta["lang"] = code
        else:
            warnings.append(f"field 'lang' {lang!r} is not a language code; ignored")
    doc.extra = kept_fields(obj, warnings)
    if warnings:
        meta["warnings"] = warnings
    doc.meta = meta
    return doc


def inferred_date(obj: dict[str, Any]) -> bool:
    """Whether the ``published`` of ``obj`` (a document object of linimasa's own ``documents.jsonl``
    read again) is no date the article gave but one the corpus inferred: ``published_from`` ``story``
    (its story dated it), or ``text`` with the year the run window chose (``features.time.year_basis``
    ``weekday+run-window``). Such a date is not taken as the input's: the run that reads it decides
    it again (from the corpus it is then in), as the run that exported it did."""
    source = obj.get("published_from")
    if source == "story":
        return True
    features = obj.get("features")
    time = features.get("time") if isinstance(features, dict) else None
    return source == "text" and isinstance(time, dict) and time.get("year_basis") == "weekday+run-window"


def kept_fields(obj: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The fields of ``obj`` the contract does not name, to keep as the document's ``meta``.

    A field whose JSON text is over :data:`MAX_KEPT_FIELD_CHARS` characters, or that would take
    the kept fields over :data:`MAX_KEPT_CHARS`, is dropped with a warning (in ``warnings``);
    so is a null value (nothing to keep) and a field whose name is empty or only spaces. An input ``meta`` object (a document object of
    ``documents.jsonl`` read again) gives its own fields. The warnings are bounded too: at most
    :data:`MAX_FIELD_WARNINGS`, then one line counting the others, a key shown by its first
    :data:`SHOWN_KEY_CHARS` characters (100,000 fields of a 15 MB line are not 100,000 warnings)."""
    kept: dict[str, Any] = {}
    total = 0
    notes: list[str] = []
    given = obj.get("meta")
    items = list(given.items()) if isinstance(given, dict) else []
    if given is not None and not isinstance(given, dict):
        notes.append(f"field 'meta' is {_type_name(given)}, not an object of fields; not kept")
    for key, value in [*items, *obj.items()]:
        if key in NAMED_FIELDS or value is None:
            continue
        name = _shown_key(key)
        if not key.strip():  # no filter (--meta, ?meta.KEY=) nor CSV column can name it
            notes.append(f"field {name} has an empty name; not kept")
            continue
        if key != key.strip():  # (--meta trims the name it is given: "rubrik " could not be asked for)
            if key.strip() in NAMED_FIELDS:
                notes.append(f"field {name} not kept: its name is a field of the document")
                continue
            notes.append(f"field {name} kept as {_shown_key(key.strip())} (no spaces around a name)")
            key = key.strip()
        value, problem = _storable(value)
        if problem == "not finite":
            notes.append(f"field {name} holds NaN or Infinity, which JSON cannot carry; not kept")
            continue
        if problem:
            notes.append(f"field {name}: an integer past 64 bits kept as text (as a number it is not read back exact)")
        size = len(key) + len(json.dumps(value, ensure_ascii=False))
        if size > MAX_KEPT_FIELD_CHARS:
            notes.append(f"field {name} of {size:,} characters not kept (at most {MAX_KEPT_FIELD_CHARS:,})")
        elif total + size > MAX_KEPT_CHARS:
            notes.append(f"field {name} not kept: the kept fields would pass {MAX_KEPT_CHARS:,} characters")
        elif not _META_KEY.match(key):  # nor such a name (a filter would refuse it)
            notes.append(f"field {name} not kept: {_UNASKED}")
        else:
            kept[key] = value
            total += size
    warnings.extend(notes[:MAX_FIELD_WARNINGS])
    if len(notes) > MAX_FIELD_WARNINGS:
        warnings.append(f"{len(notes) - MAX_FIELD_WARNINGS:,} more input fields not kept or changed (as above)")
    return kept


def _shown_key(key: str) -> str:
    return repr(key if len(key) <= SHOWN_KEY_CHARS else key[:SHOWN_KEY_CHARS] + "...")


_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1


def _storable(value: Any) -> tuple[Any, str]:
    """``value`` as the store and the outputs keep it exactly, and what was done: ``"not finite"``
    for a value holding ``NaN`` or an infinity (``NaN``, ``1e400`` in the input; written as
    ``null``, it would be a kept null), ``"long integer"`` when an integer past 64 bits was made
    its decimal text (read back as a float otherwise: its last digits lost), ``""`` when kept as is."""
    if isinstance(value, float):
        return value, "" if math.isfinite(value) else "not finite"
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, "") if _INT_MIN <= value <= _INT_MAX else (str(value), "long integer")
    if isinstance(value, (list, dict)):
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        out: dict[Any, Any] = {}
        problem = ""
        for k, v in pairs:
            out[k], p = _storable(v)
            if p == "not finite":
                return value, p
            problem = problem or p
        return (dict(out) if isinstance(value, dict) else list(out.values())), problem
    return value, ""


def _scrub(value: Any) -> tuple[Any, bool]:
    """``value`` with unpaired surrogates (``"\\ud800"`` escapes) made U+FFFD and NULs dropped.

    Such strings are valid JSON but cannot be written as UTF-8 (the store, the output files)
    nor stored by PostgreSQL; the second item says whether anything was changed.
    """
    if isinstance(value, str):
        clean = _LONE_SURROGATE.sub("\ufffd", value).replace("\x00", "")
        return clean, clean != value
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            (k2, c1), (v2, c2) = _scrub(k), _scrub(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    if isinstance(value, list):
        items = [_scrub(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    return value, False


class _Utf16Lines:
    """The lines of a UTF-16 stream (one that begins with its byte-order mark: what Windows'
    PowerShell 5 writes with ``>`` or ``Out-File``), as UTF-8 bytes: split on the bytes, a
    UTF-16 file was every line "not valid UTF-8" or "not valid JSON". ``readline(limit)``
    counts characters; an undecodable unit becomes U+FFFD."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._text = io.TextIOWrapper(raw, encoding="utf-16", errors="replace", newline="")

    def readline(self, limit: int = -1) -> bytes:
        return self._text.readline(limit).encode("utf-8")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def utf8_lines(stream: Any) -> Any:
    """``stream`` itself, or, when it begins with a UTF-16 byte-order mark, its lines as UTF-8."""
    if hasattr(stream, "peek"):  # a file, stdin, a gzip stream
        head = stream.peek(2)[:2]
    elif hasattr(stream, "seekable") and stream.seekable():  # an in-memory body
        at = stream.tell()
        head = stream.read(2)
        stream.seek(at)
    else:
        return stream
    return _Utf16Lines(stream) if head in _UTF16_BOMS else stream


def _bounded_lines(stream: Iterable[bytes], limit: int) -> Iterator[bytes | int]:
    """The lines of ``stream``; a line longer than ``limit`` bytes is skipped in chunks and given as its length."""
    readline = getattr(stream, "readline", None)
    if readline is None:
        yield from stream
        return
    while line := readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while chunk := readline(1 << 20):
            size += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield size


def _not_utf8(line: bytes, exc: UnicodeDecodeError) -> str:
    """Why a line is skipped; when it reads as printable text in Windows-1252 (a superset of Latin-1's letters:
    a Windows or Latin-1 export, "é" the one byte 0xe9), that the file is in that encoding and how to convert it
    (such lines were lost with no hint)."""
    reason = f"line is not valid UTF-8 (byte {line[exc.start]:#04x} at column {exc.start + 1}"
    try:
        text = line.decode("cp1252")
    except UnicodeDecodeError:
        return reason + ")"
    if not text.rstrip("\r\n").replace("\t", " ").isprintable():
        return reason + ")"  # (control characters: binary data, not text in another encoding)
    return (
        f"{reason}; the file looks like Windows-1252 or Latin-1 text: convert it to UTF-8, "
        f"e.g. iconv -f cp1252 -t utf-8 IN.jsonl > OUT.jsonl)"
    )


def _json_problem(exc: json.JSONDecodeError, column: int) -> str:
    """What is wrong and where, said so that it can be found: the parser's "Invalid control character
    at" (read "... at at column 325") is a string left open at the end of the line, or a tab or other
    control character written raw in a string, which JSON escapes (a tab cannot be seen in the line)."""
    msg = exc.msg.removesuffix(" at")
    if msg != "Invalid control character":
        return f"{msg} at column {column}"
    char = exc.doc[exc.pos] if exc.pos < len(exc.doc) else "\n"
    if char in "\r\n":
        return f"a string not closed at the end of the line, column {column}"
    name, escaped = ("a tab", "\\t") if char == "\t" else (f"U+{ord(char):04X}", f"\\u{ord(char):04x}")
    return f"{name} written raw in a string at column {column}; JSON writes it escaped, {escaped}"


def iter_json_lines(lines: Iterable[bytes], name: str) -> Iterator[RawDocument | ReadError]:
    """Documents and errors from the lines of a JSON Lines stream called ``name``."""
    for number, line in enumerate(_bounded_lines(utf8_lines(lines), MAX_LINE_BYTES), start=1):
        source = f"{name}:{number}"
        if isinstance(line, int):
            yield ReadError(source, f"line too long ({line / 1e6:.0f} MB; at most {MAX_LINE_BYTES // 1_000_000} MB)")
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        try:
            obj = parse_input(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield ReadError(source, _not_utf8(line, exc))
            continue
        except json.JSONDecodeError as exc:
            yield ReadError(source, f"line is not valid JSON ({_json_problem(exc, exc.colno)})")
            continue
        except InputLimitError as exc:  # valid JSON no article needs: this line only
            yield ReadError(source, str(exc))
            continue
        if not isinstance(obj, dict):
            yield ReadError(source, f"line is {_type_name(obj)} in JSON, not an object")
            continue
        yield _object_item(obj, number=number, source=source)


def _object_item(obj: dict[str, Any], *, number: int, source: str) -> RawDocument | ReadError:
    """:func:`object_document` for a parsed object, or the error saying why it is not one."""
    obj, scrubbed = _scrub(obj)
    try:
        doc = object_document(obj, number=number, source=source)
    except ValueError as exc:
        return ReadError(source, str(exc))
    if scrubbed:
        doc.meta.setdefault("warnings", []).append("unpaired surrogate escapes or NUL characters replaced")
    return doc


def _first_line_is_json(path: Path) -> bool:
    with path.open("rb") as fh:
        for line in _bounded_lines(utf8_lines(fh), MAX_LINE_BYTES):
            if isinstance(line, int):
                return True  # read as JSON Lines, where the line is reported as too long
            if line.strip():
                try:
                    parse_input(line.removeprefix(b"\xef\xbb\xbf"))
                except InputLimitError:
                    return True  # JSON, refused line by line with its number
                except ValueError:
                    return False
                return True
    return True


def _iter_whole_json(path: Path) -> Iterator[RawDocument | ReadError]:
    name = str(path)
    if path.stat().st_size > MAX_WHOLE_JSON_BYTES:
        yield ReadError(name, "not JSON Lines, and too large to load as one JSON document")
        return
    try:
        # no depth limit for the whole (only the parser's own): a record nested too deep is refused on its own below
        raw = path.read_bytes()
        text = raw.decode("utf-16") if raw[:2] in _UTF16_BOMS else raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        data = parse_input(text, max_depth=1 << 30)
    except ValueError as exc:  # not UTF-8, not JSON, nested too deep, an integer too long
        yield ReadError(name, f"neither JSON Lines nor a JSON document ({exc})")
        return
    items = data if isinstance(data, list) else [data]
    for number, obj in enumerate(items, start=1):
        source = f"{name}#record {number}"
        if not isinstance(obj, dict):
            yield ReadError(source, f"record is {_type_name(obj)} in JSON, not an object")
            continue
        if depth_over(obj, MAX_INPUT_DEPTH):
            yield ReadError(source, f"JSON nested too deep (more than {MAX_INPUT_DEPTH} levels of arrays and objects)")
            continue
        yield _object_item(obj, number=number, source=source)


def iter_jsonl_file(path: Path, opener: Any = None) -> Iterator[RawDocument | ReadError]:
    """Documents from a ``.jsonl``/``.json`` file (``opener`` e.g. ``gzip.open`` for ``.jsonl.gz``)."""
    if opener is None and path.suffix.lower() == ".json" and not _first_line_is_json(path):
        yield from _iter_whole_json(path)
        return
    fh: IO[bytes] = opener(path, "rb") if opener else path.open("rb")
    with fh:
        yield from iter_json_lines(fh, str(path))
