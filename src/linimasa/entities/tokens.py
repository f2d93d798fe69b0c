"""Word tokens with character offsets, for capitalisation-driven name finding.

Hand-written because the recogniser needs exactly three things no general tokenizer gives
together: offsets into ``doc.text``, names kept whole ("Kim Jong-un", "Metro.co.uk",
"O'Neil"), and the spacing between tokens (a name never runs across punctuation), which
must work both on normal text ("Jakarta, CNN") and on pre-tokenised text ("Jakarta , CNN").

Built for speed (the recogniser reads every token of every article): one ``re.split`` gives
the gaps and words of the whole text, offsets and the per-token flags are computed column by
column with C-level ``map``/``accumulate``, and a token is a tuple subclass built from those
columns without a Python call per token.
"""

from __future__ import annotations

import re
from itertools import accumulate, compress, count, repeat
from operator import contains, itemgetter, not_
from typing import NamedTuple

from linimasa.entities.gazetteer import fold

# A word: an alphanumeric, then word characters, with ' - ’ . & allowed between two of them
# ("Jong-un", "O'Neil", "Metro.co.uk"); or any single other non-space character. What the
# pattern skips (the gaps) is whitespace and "_". Written as ``A\w*(?:JA\w*)*`` rather than the
# equivalent ``A(?:\w|J(?=A))*`` because the regex engine runs character classes much faster
# (possessive: nothing to backtrack into).
_WORD = re.compile(r"([^\W_]\w*+(?:[-'’.&][^\W_]\w*+)*+|[^\w\s])", re.UNICODE)
_ENDERS = set(".!?:|•*#>")
_QUOTES = set("\"“”'‘’")
_DASHES = set("-–—")
# a token after one of these may start a sentence (see _starts_sentence); after any other token
# only a line break does
_AFTER_SPECIAL = frozenset(_ENDERS | _QUOTES | _DASHES | set("([{"))
_ENDERS_OPEN = frozenset(_ENDERS | set("([{"))
_first = itemgetter(0)
# Token.tight of the usual gaps (see tokenize); any other gap is computed
_TIGHT = {"": True, " ": True, "  ": True, "\n": False, "\n\n": False, " \n": False, "\n ": False}


class Token(NamedTuple):
    text: str
    start: int
    end: int
    initial: bool = False  # first word of a sentence, quote or heading: capitalised for position
    gap: str = " "  # the text between the previous token and this one
    key: str = ""  # folded form (lower case, no accents) for lookups
    is_word: bool = False  # starts with a letter or digit
    is_cap: bool = False  # starts with a capital letter
    is_upper: bool = False  # all capitals, two characters or more ("KPK", "AS")
    tight: bool = True  # the gap is blank without a line break (no "_"): a name may run across it


_new_token = tuple.__new__  # Token from a ready tuple, without the Python-level NamedTuple constructor


def tokenize(text: str, start: int, end: int, split_names: frozenset[str] = frozenset()) -> list[Token]:
    """Tokens of ``text[start:end]``; hyphenated pairs of known names ("Utara-AS") are split."""
    return tokenize_columns(text, start, end, split_names)[0]


def tokenize_columns(
    text: str, start: int, end: int, split_names: frozenset[str] = frozenset()
) -> tuple[list[Token], list[str], list[bool], list[bool]]:
    """:func:`tokenize`, plus the columns ``key``, ``is_word`` and ``is_cap`` of the tokens as lists (for
    C-level scans over the whole text without reading them back from the tokens)."""
    body = text[start:end] if start or end != len(text) else text
    parts = _WORD.split(body)
    del parts[-1]  # the text after the last token
    gaps = parts[0::2]
    words = parts[1::2]
    if not words:
        return [], [], [], []
    hyphens = bool(split_names) and "-" in body
    possessives = "'s" in body or "’s" in body
    if hyphens or possessives:
        split = _split_words(words, split_names, hyphens, possessives)
        if split is not None:
            gaps, words = _apply_splits(gaps, words, split)
            parts = [x for pair in zip(gaps, words, strict=True) for x in pair]
    offsets = list(accumulate(map(len, parts), initial=start))
    starts = offsets[1::2]
    ends = offsets[2::2]
    keys = list(map(str.lower, words))
    if not text.isascii():
        for x in compress(count(), map(not_, map(str.isascii, words))):
            keys[x] = fold(words[x])
    firsts = list(map(_first, words))
    is_word = list(map(str.isalnum, firsts))
    is_cap = list(map(str.isupper, firsts))
    # all capitals and two characters or more: the few one-letter capitals are corrected afterwards
    upper = list(map(str.isupper, words))
    for x in compress(count(), upper):
        if len(words[x]) < 2:
            upper[x] = False
    breaks = list(map(contains, gaps, repeat("\n")))
    # blank ((gap + " ").isspace(), also for "") and no line break: the usual gaps from a table, the
    # others (None there) computed afterwards
    tight = list(map(_TIGHT.get, gaps))
    if None in tight:
        x = tight.index(None)
        while True:
            gap = gaps[x]
            tight[x] = (gap + " ").isspace() and "\n" not in gap
            try:
                x = tight.index(None, x + 1)
            except ValueError:
                break
    initial = _initials(words, gaps, breaks)
    tokens = list(
        map(
            _new_token,
            repeat(Token),
            zip(words, starts, ends, initial, gaps, keys, is_word, is_cap, upper, tight, strict=True),
        )
    )
    return tokens, keys, is_word, is_cap


def _split_words(
    words: list[str], names: frozenset[str], hyphens: bool, possessives: bool
) -> dict[int, list[tuple[int, int]]] | None:
    """Index -> pieces (offsets within the word) of the words that are split, or None.

    ``hyphens``/``possessives``: may the text hold hyphenated words of known names / words ending in 's.
    """
    # candidates found with C-level map/compress: a Python test per word would cost more than the rest
    candidates: set[int] = set()
    if possessives:
        candidates.update(compress(count(), map(str.endswith, words, repeat(("'s", "’s")))))
    if hyphens:
        candidates.update(compress(count(), map(contains, words, repeat("-"))))
    out: dict[int, list[tuple[int, int]]] = {}
    for x in candidates:
        word = words[x]
        if "-" in word and names:
            # (a split needs every piece capitalised: most hyphenated words, "anak-anak" or the dash "-"
            # itself, fail on the first character without the call)
            if word[:1].isupper():
                pieces = _split_hyphenated(word, 0, names)
                if len(pieces) > 1:
                    out[x] = pieces
        elif len(word) > 3 and word[-2:] in ("'s", "’s") and word[:1].isupper():
            out[x] = [(0, len(word) - 2), (len(word) - 2, len(word))]  # English possessive: "Bangkok's" is "Bangkok"
    return out or None


def _apply_splits(
    gaps: list[str], words: list[str], split: dict[int, list[tuple[int, int]]]
) -> tuple[list[str], list[str]]:
    new_gaps: list[str] = []
    new_words: list[str] = []
    for x, (gap, word) in enumerate(zip(gaps, words, strict=True)):
        pieces = split.get(x)
        if pieces is None:
            new_gaps.append(gap)
            new_words.append(word)
            continue
        prev_end = None
        for ps, pe in pieces:
            new_gaps.append(gap if prev_end is None else word[prev_end:ps])  # a hyphen between two pieces
            new_words.append(word[ps:pe])
            prev_end = pe
    return new_gaps, new_words


def _initials(words: list[str], gaps: list[str], breaks: list[bool]) -> list[bool]:
    """For each token: is a word there capitalised for its position only (see _starts_sentence)?"""
    out = breaks.copy()  # a word after a line break
    out[0] = True
    last = len(words) - 1
    for x in compress(count(), map(contains, repeat(_AFTER_SPECIAL), words)):
        if x < last and not out[x + 1]:
            # (the first case of _starts_sentence, the most frequent, inline)
            out[x + 1] = True if words[x] in _ENDERS_OPEN else _starts_sentence(words, gaps, x + 1)
    return out


def _starts_sentence(words: list[str], gaps: list[str], x: int) -> bool:
    """Is a word at ``x`` (after no line break) capitalised for its position only?"""
    last = words[x - 1]
    if last in _ENDERS or last in "([{":
        return True
    if last in _DASHES:
        return " " in gaps[x] or x == 1
    if last in _QUOTES:
        if x == 1 or "\n" in gaps[x - 1]:
            return True
        before = words[x - 2]
        opening = gaps[x - 1] != "" or before in "([{:"
        return opening or before in ".!?"
    return False


def _split_hyphenated(word: str, start: int, names: frozenset[str]) -> list[tuple[int, int]]:
    parts = word.split("-")
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts if p):
        return [(start, start + len(word))]
    if not any(p.lower() in names for p in parts):
        return [(start, start + len(word))]
    out, pos = [], start
    for p in parts:
        if p:
            out.append((pos, pos + len(p)))
        pos += len(p) + 1
    return out
