"""WARC archives (``.warc``, ``.warc.gz``, CC-NEWS) to raw documents, with warcio.

Each ``response`` (or ``resource``) record whose payload is HTML and whose HTTP status is
2xx is one document, id'd by its ``WARC-Target-URI``; requests, metadata, redirects and
non-HTML payloads are not articles and are passed over silently. Records are read one at
a time from the stream, so an archive of any size is read in constant memory. A record
that cannot be extracted is a :class:`ReadError` (``path#record N``) and the next record
follows; a truncated or corrupt archive yields the good records before the damage and
then one error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from linimasa.model import RawDocument
from linimasa.readers.detect import binary_signature
from linimasa.readers.errors import ReadError
from linimasa.readers.html import NoArticle, decode_html, html_document

MAX_RECORD_BYTES = 20_000_000
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_ARTICLE_RECORDS = ("response", "resource")


def _content_type(record) -> tuple[str, str | None]:
    """``(mime, charset)`` of the record payload."""
    if record.http_headers is not None:
        header = record.http_headers.get_header("Content-Type") or ""
    else:
        header = record.rec_headers.get_header("Content-Type") or ""
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].lower(), charset


def _is_html_response(record) -> bool:
    if record.rec_type not in _ARTICLE_RECORDS:
        return False
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
    return _content_type(record)[0] in _HTML_TYPES


class TruncatedRecord(Exception):
    """The archive ends before the record's declared length."""


def _read_payload(record) -> bytes:
    """The (de-chunked, decompressed) payload; raises on a record cut short or too large."""
    stream = record.content_stream()
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_RECORD_BYTES:
            raise NoArticle(f"HTML payload larger than {MAX_RECORD_BYTES // 1_000_000} MB")
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        raise TruncatedRecord(f"the record is cut short ({missing} bytes missing)")
    return b"".join(chunks)


def _record_document(record, *, number: int, path: str) -> RawDocument:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    source = f"{path}#record {number}"
    payload = _read_payload(record)
    signature = binary_signature(payload[:32])
    if signature:
        raise NoArticle(f"binary payload ({signature}), not HTML")
    html = decode_html(payload, _content_type(record)[1])
    doc = html_document(html, doc_id=uri or source, source=source, url=uri)
    if uri:
        doc.meta["warc_target_uri"] = uri
    warc_date = record.rec_headers.get_header("WARC-Date")
    if warc_date:
        doc.meta["warc_date"] = warc_date  # crawl time: an upper bound, not the publication date
    return doc


def _damage(record) -> str | None:
    """Why ``record`` (already read to its end) is incomplete, or None when it is whole.

    warcio is lenient with cut archives: it hands out a record whose block is shorter than
    its ``Content-Length``, or one whose header block is cut, and then stops as if the
    archive had ended. Both are caught here so a truncation is never silent.
    """
    limit = getattr(record.raw_stream, "limit", None)
    if limit is None:
        return "its header block is cut"
    if limit > 0:
        return f"{limit} bytes of it are missing"
    headers = record.rec_headers
    if not headers.get_header("WARC-Type") or not (headers.get_header("Content-Length") or "").strip().isdigit():
        return "its header block is cut"
    return None


def _message(exc: Exception) -> str:
    """The first non-blank line of an exception's message (warcio's start with a newline)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def _only_blank_after(fh, offset: int) -> bool:
    """True when nothing but the record separator (blank lines) follows ``offset``."""
    fh.seek(offset)
    rest = fh.read(1024)
    return len(rest) < 1024 and not rest.strip()


def _tolerate_missing_uri(archive: ArchiveIterator) -> None:
    """Make ``archive`` read a record that has no ``WARC-Target-URI`` instead of failing.

    warcio decides from the URI whether a response has HTTP headers to parse, and on a record
    without one raises ``AttributeError`` from inside its iterator, which ends the iteration:
    every later record was lost. Given an empty URI instead, it reads the record (its block
    unparsed) and goes on; :func:`iter_warc_file` then reports that record.
    """
    loader = archive.loader
    load_http_headers = loader.load_http_headers

    def tolerant(rec_type, uri, stream, length):
        return load_http_headers(rec_type, uri or "", stream, length)

    loader.load_http_headers = tolerant


def iter_warc_file(path: Path) -> Iterator[RawDocument | ReadError]:
    """Documents (and per-record errors) from one WARC file, plain or gzip-compressed."""
    name = str(path)
    size = path.stat().st_size
    number = 0
    record = None
    with path.open("rb") as fh:
        archive = ArchiveIterator(fh)
        _tolerate_missing_uri(archive)
        records = iter(archive)
        while True:
            try:
                record, previous = next(records), record
            except StopIteration:
                if record is None:
                    yield ReadError(name, "no WARC record could be read (empty, truncated or not a WARC file)")
                    return
                damage = _damage(record)
                end = archive.get_record_offset() + archive.get_record_length()
                if damage:
                    yield ReadError(
                        f"{name}#record {number}", f"archive is truncated: record {number} is cut ({damage})"
                    )
                elif end < size and not _only_blank_after(fh, end):
                    yield ReadError(
                        f"{name}#record {number + 1}",
                        f"archive is truncated or corrupt after record {number} ({size - end} unreadable bytes)",
                    )
                return
            except Exception as exc:  # truncated gzip, bad headers: nothing after this is reliable
                where = f"after record {number}" if number else "at the start"
                yield ReadError(
                    f"{name}#record {number + 1}",
                    f"archive is truncated or corrupt {where}: {_message(exc)}",
                )
                return
            if number == 0 and getattr(record, "format", "warc") != "warc":
                # warcio also reads the older ARC format, and takes any text for ARC headers.
                yield ReadError(name, "not a WARC archive (it does not start with a WARC/1.x record header)")
                return
            damage = _damage(previous) if previous is not None else None
            if damage:  # warcio skipped the rest of the previous record and found it short
                yield ReadError(f"{name}#record {number}", f"archive is truncated: record {number} is cut ({damage})")
                return
            number += 1
            if record.rec_type == "response" and not record.rec_headers.get_header("WARC-Target-URI"):
                yield ReadError(
                    f"{name}#record {number}",
                    "response record without a WARC-Target-URI (a header WARC requires); not read",
                )
                continue
            if not _is_html_response(record):
                continue
            try:
                yield _record_document(record, number=number, path=name)
            except TruncatedRecord as exc:
                yield ReadError(f"{name}#record {number}", f"archive is truncated: {exc}")
                return
            except NoArticle as exc:
                uri = record.rec_headers.get_header("WARC-Target-URI")
                yield ReadError(f"{name}#record {number}", f"{exc} ({uri})")
            except Exception as exc:
                yield ReadError(f"{name}#record {number}", f"could not read the record: {type(exc).__name__}: {exc}")
