"""Stemmers by language, with one word cache per language for the whole process.

Which stemmer a language uses is part of its pack: ``stemmer`` in ``lang/<code>/corpus.toml``
(``"sastrawi"``: PySastrawi, Indonesian and Malay; ``"suffix"``: a light hand-written English
suffix stripper, as no English stemmer is among the dependencies and a few suffix rules are
all term matching needs; absent: words are their own stems). Stemming is a pure function,
so its caches are read-only memos, safe in any process; :func:`new_stems` and
:func:`merge_stems` let a worker hand the Sastrawi stems it computed to its parent.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml
from linimasa.lang.sastrawi import STEMS_FILE_VARIABLE, append_shared_stems, read_shared_stems, sastrawi
from linimasa.lang.sastrawi import STEMS_REPORTED as _STEMS_SENT


@cache
def stemmer_name(lang: str) -> str:
    """The stemmer the pack of ``lang`` names (``""``: none)."""
    return str(load_toml(lang, "corpus").get("stemmer", ""))


def stems_indexed(lang: str | None) -> bool:
    """Whether the search index keeps the stems of a document in ``lang`` (a language whose
    pack stems with Sastrawi: English stems would only mangle English words)."""
    return lang in SUPPORTED_LANGUAGES and stemmer_name(lang) == "sastrawi"


def english_stem(word: str) -> str:
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + repl
    return word


class Stemmers:
    """Lazily built stemmers with a per-language word cache (Sastrawi costs ~0.1 ms per call)."""

    def __init__(self) -> None:
        self._sastrawi: Any = None  # the process's one Sastrawi stemmer, on first use
        self._caches: dict[str, dict[str, str]] = {}
        self._size = 0

    def cache(self, lang: str) -> dict[str, str]:
        """The word -> stem cache of ``lang`` (callers look words up there before calling :meth:`stem`)."""
        out = self._caches.get(lang)
        if out is None:
            out = self._caches[lang] = {}
        return out

    def stem(self, word: str, lang: str) -> str:
        """The stem of a lower-cased ``word`` of ``lang`` (a language of the packs)."""
        cache = self.cache(lang)
        hit = cache.get(word)
        if hit is not None:
            return hit
        name = stemmer_name(lang)
        if name == "suffix":
            out = english_stem(word)
        elif name == "sastrawi":
            if self._sastrawi is None:
                self._sastrawi = sastrawi()  # the search index's: one instance, one word cache for both
            # Sastrawi splits on hyphens; a hyphenated name ("jong-un") stays one term.
            out = word if "-" in word else (self._sastrawi.stem(word) or word)
        else:
            out = word
        if self._size < 2_000_000:
            cache[word] = out
            self._size += 1
        return out


STEMMERS = Stemmers()

# ------------------------------------------------------------------ stems across processes



def _sastrawi_caches() -> list[dict[str, str]]:
    """The word -> stem dict of the process's Sastrawi stemmer (its one cache)."""
    data = getattr(getattr(sastrawi(), "cache", None), "data", None)
    return [data] if isinstance(data, dict) else []


def new_stems() -> dict[str, str]:
    """Sastrawi stems this process computed since it last reported them."""
    out: dict[str, str] = {}
    for cache_ in _sastrawi_caches():
        sent = _STEMS_SENT.get(id(cache_), 0)
        if len(cache_) > sent:
            # dicts keep insertion order and Sastrawi only ever adds: the new entries are the tail
            for k, v in list(cache_.items())[sent:]:
                out[k] = v
            _STEMS_SENT[id(cache_)] = len(cache_)
    return out


def merge_stems(stems: dict[str, str]) -> None:
    """Add stems computed elsewhere to this process's Sastrawi cache (same stemmer, same results)."""
    if not stems:
        return
    for cache_ in _sastrawi_caches():
        for k, v in stems.items():
            cache_.setdefault(k, v)


@contextmanager
def shared_stems_file() -> Iterator[None]:
    """The processes started inside the block share their Sastrawi stems through one temporary
    file (``linimasa.lang.sastrawi``: a run's workers stem the vocabulary once between them, and
    the workers of a later phase start with every stem of the earlier one); removed at the end."""
    if os.environ.get(STEMS_FILE_VARIABLE):  # (a block inside another: the outer file serves)
        yield
        return
    fd, path = tempfile.mkstemp(prefix="linimasa-stems-", suffix=".tsv")
    os.close(fd)
    os.environ[STEMS_FILE_VARIABLE] = path
    try:
        yield
    finally:
        if os.environ.get(STEMS_FILE_VARIABLE) == path:
            del os.environ[STEMS_FILE_VARIABLE]
        try:
            os.unlink(path)
        except OSError:
            pass


def exchange_stems() -> None:
    """In a process started inside :func:`shared_stems_file`: append the Sastrawi stems computed
    since the last call to the shared file, and take the others' from it."""
    if not os.environ.get(STEMS_FILE_VARIABLE) or not sastrawi.cache_info().currsize:
        return  # no shared file, or nothing stemmed (the stemmer reads the file when it is made)
    caches = _sastrawi_caches()
    if not caches:
        return
    append_shared_stems(new_stems())
    read_shared_stems(sastrawi())
    _STEMS_SENT[id(caches[0])] = len(caches[0])  # (what was read is no stem of this process's)
