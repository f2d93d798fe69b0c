"""``iter_inputs``: every input the contract accepts, as one stream of documents and errors.

Files, directories (walked recursively in sorted order; hidden files and folders, OS
litter and the folder's own README/LICENSE ignored) and ``-`` (JSON Lines on stdin) may
be mixed. Each file is read by the reader its content and extension call for; whatever
goes wrong with one file, line or record is yielded as a :class:`ReadError` and the
iteration goes on with the next. Everything is a generator: nothing is read before the
caller asks for the next item.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from linimasa.model import RawDocument
from linimasa.readers.detect import (
    HTML,
    JSONL,
    JSONL_GZ,
    SNIFF_BYTES,
    TXT,
    WARC,
    binary_signature,
    detect_format,
    open_gzip,
)
from linimasa.readers.errors import ReadError
from linimasa.readers.html import NoArticle, decode_html, html_document
from linimasa.readers.jsonl import iter_json_lines, iter_jsonl_file
from linimasa.readers.text import NotText, decode_text
from linimasa.readers.warc import iter_warc_file

STDIN = "-"
STDIN_NAME = "<stdin>"
# A single article larger than this is not an article (a log, a dump): refuse it clearly.
MAX_ARTICLE_BYTES = 50_000_000
# The longest text taken as one article (some 80,000 words, several times the longest news
# feature): a longer "article" is a log or a dump, and would slow every stage down.
MAX_TEXT_CHARS = 500_000
# Operating-system litter that is not hidden by a leading dot.
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# Documentation a corpus folder carries about itself ("README.md", "LICENSE"): skipped
# silently when walking a folder, read like any file when named on the command line.
_FOLDER_DOCS = frozenset({"readme", "license", "licence", "copying", "notice", "changelog"})

Item = RawDocument | ReadError


def ignored_name(name: str) -> bool:
    lower = name.lower()
    return (
        name.startswith(".") or name.endswith("~") or lower in _IGNORED_NAMES or lower.split(".", 1)[0] in _FOLDER_DOCS
    )


def _file_stem(path: Path) -> str:
    """File name without its extension (``a.b.txt`` -> ``a.b``)."""
    return path.stem


def _read_article_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise NotText(f"file too large for one article ({size / 1e6:.0f} MB)")
    return path.read_bytes()


def read_txt(path: Path) -> RawDocument:
    """One plain-text article; raises :class:`NotText` (empty, binary) or ``OSError``."""
    text, encoding = decode_text(_read_article_bytes(path))
    return RawDocument(id=_file_stem(path), text=text, source=str(path), meta={"encoding": encoding})


def read_html(path: Path) -> RawDocument:
    """One saved HTML page; raises :class:`NoArticle`, :class:`NotText` or ``OSError``."""
    data = _read_article_bytes(path)
    if not data.strip():
        raise NotText("file is empty")
    return html_document(decode_html(data), doc_id=_file_stem(path), source=str(path))


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[0].lower() + reason[1:] if reason else type(exc).__name__


def _within_limits(items: Iterable[Item]) -> Iterator[Item]:
    """``items`` with every document whose text is over :data:`MAX_TEXT_CHARS` turned into an error."""
    for item in items:
        if isinstance(item, RawDocument) and len(item.text) > MAX_TEXT_CHARS:
            yield ReadError(
                item.source,
                f"text too long for one article ({len(item.text):,} characters; at most {MAX_TEXT_CHARS:,})",
            )
        else:
            yield item


def read_file(path: Path) -> Iterator[Item]:
    """Documents (and errors) from one file, never raising."""
    yield from _within_limits(_read_file(path))


def _read_file(path: Path) -> Iterator[Item]:
    source = str(path)
    try:
        if not path.exists():
            if path.is_symlink():
                yield ReadError(source, f"broken symbolic link (target {os.readlink(path)} does not exist)")
            else:
                yield ReadError(source, "no such file or directory")
            return
        if not path.is_file():
            yield ReadError(source, "not a regular file")
            return
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
        kind = detect_format(path, head)
        signature = binary_signature(head) if kind is not None else None
        if signature:  # a PDF named .txt: its uncompressed streams can pass for text
            yield ReadError(source, f"binary file ({signature}, not text)")
        elif kind is None:
            suffix = "".join(path.suffixes[-2:]) or "no extension"
            yield ReadError(source, f"unsupported file type ({suffix}; not text, HTML, JSON Lines or WARC)")
        elif kind == TXT:
            yield read_txt(path)
        elif kind == HTML:
            yield read_html(path)
        elif kind == JSONL:
            yield from iter_jsonl_file(path)
        elif kind == JSONL_GZ:
            yield from iter_jsonl_file(path, opener=open_gzip)
        elif kind == WARC:
            yield from iter_warc_file(path)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadError(source, f"compressed file is truncated or corrupt ({exc or type(exc).__name__})")
    except PermissionError:
        yield ReadError(source, "permission denied")
    except OSError as exc:
        yield ReadError(source, f"cannot read: {_os_reason(exc)}")
    except (NotText, NoArticle) as exc:
        yield ReadError(source, str(exc))
    except Exception as exc:  # a reader bug or a library failure: report, never stop the run
        yield ReadError(source, f"unexpected error: {type(exc).__name__}: {exc}")


# A folder holding these together is an output folder of linimasa (a run's --out, an export):
# walking an input folder leaves it out, as a run leaves out its own --out (a desk that keeps each
# day's outputs inside its input folder read Monday's documents.jsonl and report.html on Tuesday).
_OUTPUT_FOLDER = (
    ("documents.jsonl", "stories.jsonl", "report.html"),
    ("documents.jsonl", "stories.jsonl", "quotes.jsonl"),
)


def output_folder(path: str | Path) -> bool:
    """Whether ``path`` holds linimasa's outputs (``documents.jsonl`` and ``stories.jsonl`` with a
    ``report.html`` or a ``quotes.jsonl``): a run's output folder or an export."""
    return any(all(os.path.isfile(os.path.join(path, name)) for name in names) for names in _OUTPUT_FOLDER)


def _inside(real: str, roots: Iterable[str]) -> bool:
    """True when the resolved path ``real`` is one of ``roots`` or under one of them."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def walk_directory(
    root: Path,
    *,
    roots: Iterable[str] = (),
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
) -> Iterator[Path | ReadError]:
    """Files under ``root`` in path order (``a/1``, ``a/2``, ``b/1``, ``c``), hidden ones left out.

    Folders are entered where their name sorts, with a stack rather than recursion (any
    depth); a folder that cannot be listed is a :class:`ReadError`. A symbolic link (to a
    file or a folder) is followed only when its target is inside ``root`` or one of
    ``roots`` (resolved paths), else it is a :class:`ReadError`; ``follow_symlinks``
    follows every link. A folder reached twice (a link loop) is walked once. Files and
    folders whose resolved path is in ``exclude``, or under an excluded folder, are left out
    silently (a run's own outputs); an excluded folder that holds ``root`` itself (``run .
    --out .``) excludes nothing in this walk. A folder below ``root`` that holds linimasa's
    outputs (:func:`output_folder`) is left out silently too.
    """
    root_real = os.path.realpath(root)
    inside = (root_real, *roots)
    excluded = tuple(e for e in exclude if not _inside(root_real, (e,)))
    seen: set[str] = set()
    # (resolved path of the folder, its entries not walked yet), innermost last
    stack: list[tuple[str, Iterator[os.DirEntry[str]]]] = []

    def enter(path: Path | str, real: str) -> ReadError | None:
        if real in seen:
            return None
        seen.add(real)
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            return ReadError(str(path), f"cannot list directory: {_os_reason(exc)}")
        stack.append((real, iter(entries)))
        return None

    error = enter(root, root_real)
    if error is not None:
        yield error
    while stack:
        parent, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if ignored_name(entry.name):
            continue
        path = Path(entry.path)
        try:
            link = entry.is_symlink()
        except OSError:
            link = False
        real = os.path.realpath(entry.path) if link else os.path.join(parent, entry.name)
        if link and not follow_symlinks and os.path.exists(entry.path) and not _inside(real, inside):
            yield ReadError(
                str(path),
                f"symbolic link leading outside the input folders (to {real}); not followed without --follow-symlinks",
            )
            continue
        if excluded and _inside(real, excluded):
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks; a dangling link is not a folder
        except OSError:
            is_dir = False
        if is_dir and output_folder(path):
            continue  # (named on the command line, such a folder is read: only the walk leaves it out)
        if is_dir:
            error = enter(path, real)
            if error is not None:
                yield error
        else:
            yield path  # (a dangling or looping link too: read_file says what is wrong with it)


def iter_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    stdin: BinaryIO | None = None,
    *,
    exclude: Iterable[str | os.PathLike[str]] = (),
    follow_symlinks: bool = False,
) -> Iterator[Item]:
    """Every document of ``inputs`` (files, directories, ``"-"``), in order, with errors in place.

    ``stdin`` is the binary stream ``"-"`` reads JSON Lines from (default ``sys.stdin.buffer``).
    ``exclude`` names what a walk must never read (``linimasa run`` passes its ``--out`` folder,
    its output files and its store's files): left out of folder walks (see
    :func:`walk_directory`), and an excluded file named as an input is refused with the reason.
    Symbolic links inside folders are followed only to targets inside the named inputs unless
    ``follow_symlinks`` (see :func:`walk_directory`).
    """
    names = [str(item) for item in inputs]
    excluded = [os.path.realpath(p) for p in exclude]
    roots = [os.path.realpath(item) for item in names if item != STDIN]
    for item in names:
        if item == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            try:
                yield from _within_limits(iter_json_lines(stream, STDIN_NAME))
            except Exception as exc:
                yield ReadError(STDIN_NAME, f"cannot read standard input: {type(exc).__name__}: {exc}")
            continue
        path = Path(item)
        if excluded and os.path.realpath(item) in excluded and not path.is_dir():
            yield ReadError(item, "an output of this run (in its --out folder, or its --db store); not read as input")
            continue
        if path.is_dir():
            for entry in walk_directory(path, roots=roots, exclude=excluded, follow_symlinks=follow_symlinks):
                if isinstance(entry, ReadError):
                    yield entry
                else:
                    yield from read_file(entry)
        else:
            yield from read_file(path)
