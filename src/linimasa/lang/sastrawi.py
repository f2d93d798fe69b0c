"""The Indonesian (and Malay) stemmer: PySastrawi, with its ``re`` module patched to be fast.

One instance per process (:func:`sastrawi`), so one word cache serves the corpus stages'
terms (:mod:`linimasa.lang.stemmers`) and the search index (:mod:`linimasa.store.search`),
whichever asks first.
"""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import re
from typing import Any


@functools.cache
def sastrawi() -> SastrawiStemmer:
    """The process's one Sastrawi stemmer (the corpus stages' terms use it too)."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # (65 ms: only a process that stems Indonesian or Malay)

    _fast_regex_in_sastrawi()
    out = SastrawiStemmer(StemmerFactory().create_stemmer())
    read_shared_stems(out)
    if isinstance(getattr(out.cache, "data", None), dict):
        STEMS_REPORTED[id(out.cache.data)] = len(out.cache.data)  # (read, not computed here)
    return out


# ------------------------------------------------------------------ stems shared by a run's processes
#
# Each worker process of a run starts with an empty word cache and would stem the corpus vocabulary
# again (a cold stem costs ~0.07 ms: ~1.5 s of CPU for IndoSum's 22,000 stemmed words, in each
# worker of each phase). A run names a file (``STEMS_FILE_VARIABLE``, set by
# ``linimasa.lang.stemmers.shared_stems_file`` for the processes it starts): its workers append
# the stems they computed, one ``word<TAB>stem`` line each (``exchange_stems``), and read those of
# the others; a process that creates its stemmer reads the whole file. Stemming is a pure function:
# a stem read there is the one the process would have computed.

STEMS_FILE_VARIABLE = "LINIMASA_STEMS_FILE"
# word cache -> its entries already handed on (to the file, or to the parent: lang.stemmers.new_stems)
STEMS_REPORTED: dict[int, int] = {}
_READ_UPTO: dict[str, int] = {}  # shared file -> bytes of it already read by this process


def read_shared_stems(stemmer: SastrawiStemmer) -> None:
    """Add the stems other processes wrote to the run's shared file to ``stemmer``'s cache."""
    path = os.environ.get(STEMS_FILE_VARIABLE)
    data = getattr(stemmer.cache, "data", None)
    if not path or not isinstance(data, dict):
        return
    start = _READ_UPTO.get(path, 0)
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            chunk = fh.read()
    except OSError:  # (the run is over, or the file was never made: each process stems alone)
        return
    end = chunk.rfind(b"\n") + 1  # complete lines only: another process may be appending
    if not end:
        return
    _READ_UPTO[path] = start + end
    for line in chunk[:end].decode("utf-8").splitlines():
        word, tab, stem = line.partition("\t")
        if tab and word:
            data.setdefault(word, stem)


def append_shared_stems(stems: dict[str, str]) -> None:
    """Append ``stems`` to the run's shared file (one ``write`` in append mode: the lines of two
    processes never interleave)."""
    path = os.environ.get(STEMS_FILE_VARIABLE)
    lines = "".join(f"{w}\t{s}\n" for w, s in stems.items() if _PLAIN_KEY.fullmatch(w) and _PLAIN_VALUE.fullmatch(s))
    if not path or not lines:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    except OSError:
        return
    try:
        os.write(fd, lines.encode("utf-8"))
    finally:
        os.close(fd)


_PLAIN_KEY = re.compile(r"[^\t\n\r]+")
_PLAIN_VALUE = re.compile(r"[^\t\n\r]*")


# Sastrawi's regular expressions, made cheap without changing a result (tests/test_store_search.py
# compares with the unpatched library, in a fresh interpreter, on the IndoSum vocabulary):
#
# * Its affix visitors record what they removed with ``re.sub(stem, "", word, count=1)``: each
#   new stem becomes a regular expression, compiled once and thrown away. Those one-off
#   patterns pushed Sastrawi's own ~100 rule patterns out of ``re``'s 512-entry cache, so
#   every word recompiled them (85 % of a cold stem). A stem is made of word characters,
#   which a pattern matches literally, so ``str.replace`` gives the same string.
# * Its ~40 prefix disambiguators each try ``re.match(r"^meng([aiueo])(.*)$", word)`` on every
#   affixed word, about 60 calls per word, nearly all failing on the literal head ("meng").
#   A word that does not start with the pattern's literal head cannot match, so that test
#   comes first; the others go to the compiled pattern (kept here, not looked up in ``re``'s cache).
_WORD_CHARS = re.compile(r"\w*")
_LITERAL_HEAD = re.compile(r"\^?([a-z]*)")
_SASTRAWI_MODULES = (
    "Stemmer.Context.Visitor.AbstractDisambiguatePrefixRule",
    "Stemmer.Context.Visitor.RemoveInflectionalPossessivePronoun",
    "Stemmer.Context.Visitor.RemoveInflectionalParticle",
    "Stemmer.Context.Visitor.RemovePlainPrefix",
    "Stemmer.Context.Visitor.RemoveDerivationalSuffix",
)
_DISAMBIGUATORS = "Morphology.Disambiguator"


def _literal_head(pattern: str) -> str:
    """The letters every match of ``pattern`` (as ``re.match`` anchors it) starts with; may be ''."""
    m = _LITERAL_HEAD.match(pattern)
    head = m.group(1)
    if "|" in pattern:  # an alternative may start differently
        return ""
    if pattern[m.end() : m.end() + 1] in ("?", "*", "+", "{"):  # the last letter is optional or repeated
        head = head[:-1]
    return head


class _SastrawiRe:
    """The ``re`` module as Sastrawi's rules see it (see above); anything unusual goes to ``re`` itself."""

    _patterns: dict[str, tuple[str, re.Pattern[str]]] = {}

    def __getattr__(self, name: str):
        return getattr(re, name)

    @staticmethod
    def sub(pattern, repl, string, count=0, flags=0):  # noqa: ANN001, ANN205 - re.sub's signature
        if type(pattern) is str and repl == "" and not flags and _WORD_CHARS.fullmatch(pattern):
            return string.replace(pattern, "", count or -1)
        return re.sub(pattern, repl, string, count=count, flags=flags)

    @staticmethod
    def match(pattern, string, flags=0):  # noqa: ANN001, ANN205 - re.match's signature
        known = _SastrawiRe._patterns.get(pattern) if type(pattern) is str and not flags else None
        if known is None:
            if type(pattern) is not str or flags:
                return re.match(pattern, string, flags)
            known = _SastrawiRe._patterns[pattern] = (_literal_head(pattern), re.compile(pattern))
        head, compiled = known
        if type(string) is str and not string.startswith(head):
            return None
        return compiled.match(string)


def _fast_regex_in_sastrawi() -> None:
    names = [f"Sastrawi.{name}" for name in _SASTRAWI_MODULES]
    package = importlib.import_module(f"Sastrawi.{_DISAMBIGUATORS}")
    names += [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    for name in names:
        module = importlib.import_module(name)
        if getattr(module, "re", None) is re:
            module.re = _SastrawiRe()


# Sastrawi only ever removes these affixes (its prefix rules, the infix rules after a first
# consonant, and its suffix list); a plain lower-case word with none of them comes back as it
# is, so it need not go through the ~40 rules (half of a news vocabulary; checked equal on
# every such word of the IndoSum articles, tests/test_store_search.py).
_MAY_PREFIX = re.compile(r"(?:di|ke|se|be|te|me|pe|ku|ka)|[bcdfghjklmnpqrstvwxyz](?:el|em|er|in)[aiueo]")
_MAY_SUFFIX = re.compile(r"(?:lah|kah|tah|pun|ku|mu|nya|is|isme|isasi|i|kan|an)$")
_PLAIN = re.compile(r"[a-z]+")


class SastrawiStemmer:
    """Sastrawi's cached stemmer with a fast path for words it cannot change."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.cache = getattr(inner, "cache", None)  # its word cache (engines share it)

    def stem(self, word: str) -> str:
        if _PLAIN.fullmatch(word) and not _MAY_PREFIX.match(word) and not _MAY_SUFFIX.search(word):
            return word
        return self.inner.stem(word)

