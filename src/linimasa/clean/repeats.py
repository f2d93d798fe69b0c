"""Repeated paragraphs: a scraper may paste half of an article twice.

Every paragraph that repeats an earlier one (case, punctuation and spacing ignored) is
dropped, first occurrence kept. Only sentence-like paragraphs count (ending like a sentence
and at least ``MIN_WORDS`` words, or at least ``LONG_WORDS`` words): headings ("Babak kedua")
and table rows ("Dani Pedrosa ( Repsol Honda ) - finis 5") legitimately recur in two lists of
one article. Hand-written: a dictionary lookup.
"""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[\W_]+")
MIN_WORDS = 5
LONG_WORDS = 20
_SENTENCE_END = frozenset(".!?\"”’'")


_WORD_WITH_LETTER = re.compile(r"(?:^|\s)[^\s]*?[^\W\d_]")


def is_sentence_like(paragraph: str) -> bool:
    """Ends like a sentence with ``MIN_WORDS`` words, or has ``LONG_WORDS`` words (words with a letter)."""
    if paragraph.rstrip()[-1:] in _SENTENCE_END:
        need = MIN_WORDS
    elif paragraph.count(" ") + 1 >= LONG_WORDS:
        need = LONG_WORDS
    else:
        return False
    return len(_WORD_WITH_LETTER.findall(paragraph)) >= need


def repeat_key(paragraph: str) -> str:
    """Lowercase words, punctuation and spacing ignored."""
    return " ".join(_NON_WORD.sub(" ", paragraph.lower()).split())


def find_repeats(paragraphs: list[str]) -> list[int]:
    """Indices of paragraphs that repeat an earlier one."""
    seen: set[str] = set()
    out = []
    for i, p in enumerate(paragraphs):
        if not is_sentence_like(p):
            continue
        key = repeat_key(p)
        if key in seen:
            out.append(i)
        else:
            seen.add(key)
    return out
