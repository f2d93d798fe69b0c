"""Repeated paragraphs: a scraper may paste half of an article twice.

Every paragraph that repeats an earlier one (case, punctuation and spacing ignored) is
dropped, first occurrence kept. Only sentence-like paragraphs count (ending like a sentence
and at least ``MIN_WORDS`` words, or at least ``LONG_WORDS`` words): headings ("Babak kedua")
and table rows ("Dani Pedrosa ( Repsol Honda ) - finis 5") legitimately recur in two lists of
one article. Hand-written: a dictionary lookup.
"""

from __future__ import annotations

import re
import string

_WORD = re.compile(r"[^\W_]+")  # the complement of the separators [\W_]+ that the key ignores
MIN_WORDS = 5
LONG_WORDS = 20
_SENTENCE_END = frozenset(".!?\"”’'")


_WORD_WITH_LETTER = re.compile(r"(?:^|\s)[^\s]*?[^\W\d_]")
# For ASCII paragraphs (most of them) the key is built with bytes.translate, one C pass instead of
# a regex substitution per separator: letters lowercased, digits kept, every other byte a space.
_ASCII_KEY = bytes(ord(c.lower()) if c in string.ascii_letters + string.digits else 32 for c in map(chr, range(256)))


def is_sentence_like(paragraph: str) -> bool:
    """Ends like a sentence with ``MIN_WORDS`` words, or has ``LONG_WORDS`` words (words with a letter)."""
    if paragraph.rstrip()[-1:] in _SENTENCE_END:
        need = MIN_WORDS
    elif paragraph.count(" ") + 1 >= LONG_WORDS:
        need = LONG_WORDS
    else:
        return False
    # counted lazily: stop at the ``need``-th word instead of listing every word of the paragraph
    for n, _ in enumerate(_WORD_WITH_LETTER.finditer(paragraph), 1):
        if n >= need:
            return True
    return False


def repeat_key(paragraph: str) -> str:
    """Lowercase words, punctuation and spacing ignored."""
    if paragraph.isascii():
        return b" ".join(paragraph.encode("ascii").translate(_ASCII_KEY).split()).decode("ascii")
    return " ".join(_WORD.findall(paragraph.lower()))


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
