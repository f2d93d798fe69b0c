"""Headline detection: a first line that reads as a title, or a title quoted by a comment widget.

The body's first paragraph must never be taken for a title, so the test is strict: a short
line (at most 20 words, 160 characters), not ending like a sentence or a clause (".", ",",
";", ":"), mostly capitalized words ("Pemimpin Korut Kim Jong-un Bertemu Putin di Rusia
Besok"), not opening with an outlet/dateline lead, and followed by a longer paragraph. A
blog comment box ('0 Response to "<title>"') names the title outright. Hand-written: this is
a property of scraped Indonesian plain text, not of HTML where Trafilatura finds titles.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_QUOTES = "\"'“”‘’«»"


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_headline_like(line: str, max_words: int = 20) -> bool:
    """Short, no sentence-final full stop or clause punctuation at the end, at least two words."""
    n = len(line.split())
    if n < 2 or n > max_words or len(line) > 160:
        return False
    return line.rstrip()[-1] not in ".,;:"


def is_title_cased(line: str) -> bool:
    """Most content words (4+ letters, after the first) start with a capital letter."""
    ws = [w for w in words(line)[1:] if len(w) >= 4]
    if not ws:
        return False
    caps = sum(w[0].isupper() for w in ws)
    return caps / len(ws) >= 0.6


def is_title_line(line: str, following: str | None) -> bool:
    """``line`` is a headline placed above the body paragraph ``following``."""
    if not following or not is_headline_like(line, 20) or not is_title_cased(line):
        return False
    if line.isupper() and len(line.split()) <= 3:
        return False  # section labels such as "HASIL PERTANDINGAN"
    return len(following) > len(line) * 1.5 and len(following.split()) >= 12


def clean_quoted_title(text: str) -> str | None:
    """The title inside a comment-widget quote: '"Dikecewakan Trump, ..."' -> 'Dikecewakan Trump, ...'."""
    text = text.strip().strip(_QUOTES).strip()
    return text or None


def same_title(a: str | None, b: str | None) -> bool:
    """Equal up to case, quotes, spacing and punctuation spacing."""
    if not a or not b:
        return False

    def key(s: str) -> str:
        return " ".join(words(s.lower()))

    return key(a) == key(b)
