"""Which grammar rules can start at a candidate start, worked out from the rule patterns.

A pattern of all ~30 grammar rules tries them one after the other at every candidate
start, and most candidate starts ("di", "dalam", "100") begin nothing. Knowing from the word
(or, for digits, the character) at the start which rules can match there lets the scanner
try only those, in the same order: the first alternative that matches is the same, so the
output is too. This module reads the *parsed* rule patterns (the standard
library's own regex parser) rather than the rule templates, so the sets follow any change to
the rules or the language tables by themselves. It is conservative everywhere: a construct
it does not know makes the rule a candidate at every start, which only costs time.

Two questions are answered, both for ASCII text, matched ignoring case:

* :func:`first_keys`: the characters (lower-case ASCII letters and digits) a match can
  start with;
* :func:`lead_words`: the words a match can start with, among a given vocabulary (the
  scanner's candidate start words), where a match's start word is its leading run of word
  characters (as ``\\w`` reads them): the start of a match at a candidate start is the whole
  word there, since the scanner only starts at whole words and a match ends at a word edge.

Hand-written on the parser's output (``re._parser``, stable since Python 3.11) because no
library answers "what can this regex start with"; any failure falls back to "anything".
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache
from re import _constants, _parser  # the standard library's regex parser and its opcodes

KEYS = frozenset(string.ascii_lowercase + string.digits)
_WORD = re.compile(r"\w")
_MAX_REPEATS = 64


class _Unknown(Exception):
    """A construct the analysis does not vouch for."""


@lru_cache(maxsize=32)
def _parse(body: str) -> list:
    """The parsed pattern (cached: the analyses read each rule of the grammar being built)."""
    return _parser.parse(body, re.IGNORECASE).data


@lru_cache(maxsize=8)
def _pieces(words: frozenset[str]) -> frozenset[str]:
    """Every substring of every word (built once per vocabulary, not once per rule)."""
    return frozenset(w[i:j] for w in words for i in range(len(w) + 1) for j in range(i, len(w) + 1))


def _is_word(ch: str) -> bool:
    return _WORD.match(ch) is not None


def _chars(op: object, av: object) -> tuple[set[str], bool]:
    """(ASCII word characters, lower-cased, one atom matches ignoring case; whether it
    matches some non-word character). Non-ASCII word characters are left out, except cased
    ones in the pattern (raise): ignoring case, "K" (Kelvin sign) matches "k"."""
    c = _constants
    if op is c.LITERAL:
        ch = chr(av)  # type: ignore[arg-type]
        if not ch.isascii():
            if _is_word(ch):
                raise _Unknown
            return set(), True
        return ({ch.lower()}, False) if _is_word(ch) else (set(), True)
    if op is c.RANGE:
        lo, hi = av  # type: ignore[misc]
        if hi >= 128:
            raise _Unknown
        chars = [chr(x) for x in range(lo, hi + 1)]
        return {ch.lower() for ch in chars if _is_word(ch)}, any(not _is_word(ch) for ch in chars)
    if op is c.CATEGORY:
        if av in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT):
            return set(string.digits), False
        if av in (c.CATEGORY_SPACE, c.CATEGORY_UNI_SPACE, c.CATEGORY_NOT_WORD, c.CATEGORY_UNI_NOT_WORD):
            return set(), True
        raise _Unknown
    if op is c.IN:
        words: set[str] = set()
        other = False
        for sub_op, sub_av in av:  # type: ignore[attr-defined]
            if sub_op is c.NEGATE:
                raise _Unknown
            w, o = _chars(sub_op, sub_av)
            words |= w
            other = other or o
        return words, other
    raise _Unknown


# A "language" below is a set of (run, ended): the leading word-character run of a string
# the pattern can match, and whether a non-word character follows it inside the match.
_EMPTY = ("", False)


class _Runs:
    """What the language computation keeps: runs that are pieces of vocabulary words (a run
    that is not cannot be part of one, so it is dropped as soon as it appears; this keeps the
    sets small: "\\d+" after a word dies at once), with ASCII digits read as ``digit`` if set."""

    def __init__(self, pieces: frozenset[str], digit: str | None):
        self.pieces = pieces
        self.digit = digit

    def atom(self, words: set[str]) -> set[str]:
        if self.digit is None:
            return words
        return {self.digit if ch in string.digits else ch for ch in words}


def _concat(left: set, right: set, runs: _Runs) -> set:
    """The language of ``left`` followed by ``right``, without the runs ``runs`` drops."""
    out = set()
    pieces = runs.pieces
    for run, ended in left:
        if ended:
            out.add((run, True))
            continue
        for more, more_ended in right:
            if run + more in pieces:
                out.add((run + more, more_ended))
    return out


def _language(items: list, runs: _Runs) -> set:
    lang = {_EMPTY}
    for op, av in items:
        if all(ended for _, ended in lang):
            break
        lang = _concat(lang, _item(op, av, runs), runs)
    return lang


def _item(op: object, av: object, runs: _Runs) -> set:
    c = _constants
    if op is c.SUBPATTERN:
        return _language(av[3], runs)  # type: ignore[index]
    if op is c.BRANCH:
        out: set = set()
        for branch in av[1]:  # type: ignore[index]
            out |= _language(branch, runs)
        return out
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        lo, hi, sub = av  # type: ignore[misc]
        one = _language(sub, runs)
        out = {_EMPTY} if lo == 0 else set()
        cur = {_EMPTY}
        seen: set = set()
        for k in range(1, _MAX_REPEATS + 1):
            if k > hi:
                return out
            cur = _concat(cur, one, runs)
            if k >= lo:
                if cur <= seen:  # nothing new can come from more repetitions
                    return out
                out |= cur
                seen |= cur
        raise _Unknown
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return {_EMPTY}  # zero-width: ignoring a condition only widens the language
    words, other = _chars(op, av)
    return {(w, False) for w in runs.atom(words)} | ({("", True)} if other else set())


def lead_words(body: str, vocabulary: Iterable[str], *, digit: str | None = None) -> frozenset[str] | None:
    """The words of ``vocabulary`` (lower-case ASCII) that a match of ``body`` can start with,
    or None when that cannot be worked out.

    With ``digit`` set, every ASCII digit reads as that symbol and the vocabulary holds the
    shapes of numbers ("####" for any four-digit number): the answer is then whether some
    number of that shape can start a match (a superset of the numbers that can).
    """
    words = frozenset(vocabulary)
    # Languages of parts of the pattern hold runs relative to that part, hence pieces.
    runs = _Runs(_pieces(words), digit)
    try:
        lang = _language(_parse(body), runs)
    except Exception:  # noqa: BLE001 - a parser change only costs the dispatch, never a result
        return None
    return frozenset(run for run, _ in lang if run in words)


def _first(items: list) -> tuple[set[str], bool]:
    c = _constants
    out: set[str] = set()
    for op, av in items:
        if op is c.SUBPATTERN:
            keys, nullable = _first(av[3])
        elif op is c.BRANCH:
            keys, nullable = set(), False
            for branch in av[1]:
                bkeys, bnull = _first(branch)
                keys |= bkeys
                nullable = nullable or bnull
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            keys, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            keys, nullable = set(), True  # zero-width: ignoring a condition only widens the set
        else:
            words, _ = _chars(op, av)
            keys, nullable = words & KEYS, False
        out |= keys
        if not nullable:
            return out, False
    return out, True


def first_keys(body: str) -> frozenset[str]:
    """The characters (lower-case ASCII letters, digits) a match of ``body`` can start with
    (all of them when that cannot be worked out)."""
    try:
        keys, nullable = _first(_parse(body))
    except Exception:  # noqa: BLE001 - a parser change only costs the dispatch, never a result
        return KEYS
    return KEYS if nullable else frozenset(keys)
