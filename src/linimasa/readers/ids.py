"""One id per document of a run: the one place where a repeated id is renamed.

Ids come from the inputs (a file name, a JSON ``id``, a URL), so two inputs may bring the
same one (``d1/a.txt`` and ``d2/a.txt``), and an input may bring an id that a renaming
already produced (``x``, ``x``, then ``x~2``). :class:`UniqueIds` hands out ids in input
order: an id not yet taken in this run is kept; a taken one, original or renamed, becomes
``ID~N`` with the smallest ``N`` >= 2 not taken yet, so an id is never given twice
(``x``, ``x``, ``x~2`` -> ``x``, ``x~2``, ``x~2~2``).

The result depends only on the sequence of ids, never on the store or on an earlier run:
the same inputs get the same ids on every run, and a resumed run the ones of the run it
resumes. Every engine (local, streaming, Spark) and the API's ingest go through it.

An id must also name the document's page and API path: ``.`` and ``..`` cannot (a browser
and an HTTP client resolve ``/documents/..`` to ``/``, percent-encoded or not), nor an id over
512 characters or with control characters (the API refuses such a path parameter: 422). Such
an id is replaced by :func:`servable_id` before it is made unique, with a warning.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from linimasa.limits import MAX_ID

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PREFIX_CHARS = 400


def servable_id(doc_id: str) -> str:
    """``doc_id``, or when no page or API path could name it (``.``, ``..``, over 512
    characters, control characters) a stand-in made from it alone: its first 400 printable
    characters, ``~`` and 12 hexadecimal digits of its SHA-256 (``..`` -> ``..~4a0d...``)."""
    if doc_id not in (".", "..") and len(doc_id) <= MAX_ID and not _CONTROL.search(doc_id):
        return doc_id
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{_CONTROL.sub('', doc_id)[:_PREFIX_CHARS]}~{digest}"


class UniqueIds:
    """Assign unique ids to a run's documents, in input order."""

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}  # id -> the first suffix worth trying for it

    def assign(self, doc_id: str) -> str:
        """``doc_id`` if it is free, else ``doc_id~N`` for the smallest free ``N`` >= 2; taken from now on.
        (An id no page could name is first replaced by :func:`servable_id`.)"""
        doc_id = servable_id(doc_id)
        if doc_id not in self._taken:
            self._taken.add(doc_id)
            return doc_id
        n = self._next.get(doc_id, 2)
        while f"{doc_id}~{n}" in self._taken:
            n += 1
        self._next[doc_id] = n + 1
        new_id = f"{doc_id}~{n}"
        self._taken.add(new_id)
        return new_id


def renamed_warning(old_id: str, new_id: str) -> str:
    """The document warning that says a repeated (or unservable) id was renamed."""
    if servable_id(old_id) != old_id:
        shown = old_id if len(old_id) <= 60 else old_id[:60] + "..."
        return (
            f"id {shown!r} cannot name a page or an API path ('.', '..', over {MAX_ID} characters "
            f"or control characters); stored as {new_id!r}"
        )
    return f"id {old_id!r} already used in this run; stored as {new_id!r}"


def replaced_warning(doc_id: str, fields: list[str] | None = None) -> str:
    """The run warning that says an input replaces a stored document of the same id with another
    text (a correction, or two inputs that share an id: an id-less feed's line numbers); with
    ``fields``, the kept input fields (``meta``) that differ from the stored document's: a feed
    that re-sends an article with a new ``category`` does not give it another text."""
    shown = doc_id if len(doc_id) <= 60 else doc_id[:60] + "..."
    if fields:
        names = ", ".join(repr(f if len(f) <= 40 else f[:40] + "...") for f in fields[:3])
        more = f" and {len(fields) - 3:,} more" if len(fields) > 3 else ""
        return (
            f"replaces the stored document {shown!r}, whose kept input fields differ ({names}{more}); "
            "it is analysed again"
        )
    return (
        f"replaces the stored document {shown!r}, which had another text (same id; give each "
        "article its own 'id' or 'url' to keep both)"
    )


def changed_fields(stored: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """The kept input fields (``meta``) that differ between a stored document's and an input's, sorted."""
    return sorted(k for k in stored.keys() | given.keys() if stored.get(k) != given.get(k))
