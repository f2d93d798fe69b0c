"""The entity state's rows as a continued entity pass reads and changes them
(:mod:`linimasa.corpus.entity_state`): ``a:ID`` rows, ``c:ID`` corrections, ``w:WORD`` postings.

In format 2 (:data:`linimasa.corpus.entity_state.ENTITY_FORMAT`) a word posting gives, beside
each person id, its summary (:func:`summary_of`: full name, documents writing it in full, whether
it is a variant): what a variant or surname lookup asks of the names it passes over, so that the
pass reads the rows of only the names it decides (on the 100,000-article store an ingest of 100
documents passed over about 18,000 names)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from linimasa.corpus.entities import canonical_name, name_words
from linimasa.jsontext import dumps

ROW, CORRECTED, WORD = "a:", "c:", "w:"


def full_name(names: dict[str, int]) -> str:
    return canonical_name({n: c for n, c in names.items() if len(n.split()) >= 2} or names)


def posted_words(i: str, row: dict[str, Any]) -> set[str]:
    """The words a person id is posted under: its full name's, and its one-word name."""
    out: set[str] = set()
    if row.get("t") != "PER":
        return out
    if row.get("f"):
        out.update(name_words(full_name(row["n"])))
    if row.get("s"):
        out.add(i.split(":", 1)[1])
    return out


def summary_of(row: dict[str, Any] | None) -> list[Any] | None:
    """What a lookup asks of a posted person id (format 2): ``[full name, documents writing it in
    full]``, and ``1`` third when it is a variant of another; None for a row that is no person."""
    if row is None or row.get("t") != "PER":
        return None
    out: list[Any] = [full_name(row["n"]), int(row.get("f") or 0)]
    if row.get("v"):
        out.append(1)
    return out


def _same(v: Any) -> Any:
    return v


def _pair(v: Any) -> tuple[str, str] | None:
    return (v[0], v[1]) if v is not None else None


def _id_set(v: Any) -> set[str]:
    return set(v) if v is not None else set()


class EntityRows:
    """The rows read so far (``a:``, ``c:``, ``w:``), changed in place: which ones changed, and what
    each changed row held before. In format 2 the word postings give each person id's summary
    (:func:`_summary`): :meth:`summary` answers from the row when it was read (or changed), else
    from the postings, without reading it."""

    def __init__(self, load: Callable[[list[str]], dict[str, Any]], fmt: int = 1) -> None:
        self.load_rows = load
        self.fmt = fmt
        self.rows: dict[str, dict[str, Any] | None] = {}
        self.original: dict[str, dict[str, Any] | None] = {}
        self.corrected: dict[str, tuple[str, str] | None] = {}
        self.words: dict[str, set[str]] = {}
        self.summaries: dict[str, list[Any] | None] = {}  # (format 2: as the postings read give them)
        self.dirty_corrected: set[str] = set()
        self.dirty_words: set[str] = set()

    def _read(self, cache: dict[str, Any], prefix: str, keys: Iterable[str], value: Callable[[Any], Any]) -> None:
        """Read into ``cache`` the ``prefix`` rows of the ``keys`` it does not hold, each as ``value`` of its
        value (None where there is no row). A value as read is shared with the reader and never
        changed: a changed row is a new object."""
        want = sorted({k for k in keys if k not in cache})
        if want:
            got = self.load_rows([prefix + k for k in want])
            for k in want:
                cache[k] = value(got.get(prefix + k))

    def fetch(self, ids: Iterable[str]) -> None:
        self._read(self.rows, ROW, ids, _same)

    def row(self, i: str) -> dict[str, Any] | None:
        if i not in self.rows:  # (asked some ten thousand times an ingest, mostly of rows read)
            self.fetch([i])
        return self.rows[i]

    def before(self, i: str) -> dict[str, Any] | None:
        """The row as the last plan left it."""
        return self.original[i] if i in self.original else self.row(i)

    def fetch_corrected(self, ids: Iterable[str]) -> None:
        self._read(self.corrected, CORRECTED, ids, _pair)

    def _posting(self, v: Any) -> set[str]:
        if isinstance(v, dict):  # (format 2: with each id's summary)
            for i, summ in v.items():
                self.summaries.setdefault(i, summ)
            return set(v)
        return set(v) if v is not None else set()

    def postings(self, words: Iterable[str]) -> None:
        self._read(self.words, WORD, words, self._posting)

    def posting(self, word: str) -> set[str]:
        if word not in self.words:
            self.postings([word])
        return self.words[word]

    def summary(self, i: str) -> list[Any] | None:
        """The person id's summary as the pass now has it (its row's, once read)."""
        if i in self.rows or i not in self.summaries:
            return summary_of(self.row(i))
        return self.summaries[i]

    def set_row(self, i: str, row: dict[str, Any]) -> None:
        old = self.row(i)
        self.original.setdefault(i, old)
        before = posted_words(i, old) if old is not None else set()
        after = posted_words(i, row)
        self.postings(before | after)
        for w in before - after:
            self.words[w].discard(i)
            self.dirty_words.add(w)
        for w in after - before:
            self.words[w].add(i)
            self.dirty_words.add(w)
        if self.fmt != 1 and summary_of(old) != summary_of(row):
            self.dirty_words.update(after)  # (they give its summary)
        self.rows[i] = row

    def with_source(self, t: str, i: str, add: bool) -> None:
        """Add ``i`` to (or take it from) the ids linked to ``t``."""
        row = self.row(t)
        if row is None:
            return
        src = set(row.get("src", ()))
        if add:
            src.add(i)
        else:
            src.discard(i)
        new = {k: v for k, v in row.items() if k != "src"}
        if src:
            new["src"] = sorted(src)
        self.set_row(t, new)

    def changed_rows(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in self.original:
            r = self.rows[i]
            if r is not None and r != self.original[i]:
                out[ROW + i] = dumps(r)
        for i in self.dirty_corrected:
            v = self.corrected[i]
            if v is not None:
                out[CORRECTED + i] = dumps(list(v))
        for w in self.dirty_words:
            ids = sorted(self.words[w])
            out[WORD + w] = dumps(ids if self.fmt == 1 else {i: self.summary(i) for i in ids})
        return out
