"""Word tokens with character offsets, for capitalisation-driven name finding.

Hand-written because the recogniser needs exactly three things no general tokenizer gives
together: offsets into ``doc.text``, names kept whole ("Kim Jong-un", "Metro.co.uk",
"O'Neil"), and the spacing between tokens (a name never runs across punctuation), which
must work both on normal text ("Jakarta, CNN") and on pre-tokenised text ("Jakarta , CNN").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linimasa.entities.gazetteer import fold

_WORD = re.compile(r"[^\W_](?:[\w]|[-'’.&](?=[^\W_]))*|[^\w\s]", re.UNICODE)
_ENDERS = set(".!?:|•*#>")
_QUOTES = set("\"“”'‘’")
_DASHES = set("-–—")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    initial: bool = False  # first word of a sentence, quote or heading: capitalised for position
    gap: str = " "  # the text between the previous token and this one
    key: str = ""  # folded form (lower case, no accents) for lookups

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str, start: int, end: int, split_names: frozenset[str] = frozenset()) -> list[Token]:
    """Tokens of ``text[start:end]``; hyphenated pairs of known names ("Utara-AS") are split."""
    out: list[Token] = []
    prev_end = start
    for m in _WORD.finditer(text, start, end):
        s, e = m.start(), m.end()
        word = m.group()
        pieces = [(s, e)]
        if "-" in word and split_names:
            pieces = _split_hyphenated(word, s, split_names)
        elif len(word) > 3 and word[-2:] in ("'s", "’s") and word[:1].isupper():
            pieces = [(s, e - 2), (e - 2, e)]  # English possessive: "Bangkok's" is the place "Bangkok"
        for ps, pe in pieces:
            gap = text[prev_end:ps]
            word = text[ps:pe]
            out.append(
                Token(word, ps, pe, _starts_sentence(out, gap), gap, word.lower() if word.isascii() else fold(word))
            )
            prev_end = pe
    return out


def _starts_sentence(prev: list[Token], gap: str) -> bool:
    """Is a word after ``prev`` (separated by ``gap``) capitalised for its position only?"""
    if not prev or "\n" in gap:
        return True
    last = prev[-1]
    if last.text in _ENDERS or last.text in "([{":
        return True
    if last.text in _DASHES:
        return " " in gap or len(prev) == 1
    if last.text in _QUOTES:
        if len(prev) == 1 or "\n" in last.gap:
            return True
        before = prev[-2]
        opening = last.gap != "" or before.text in "([{:"
        return opening or before.text in ".!?"
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
