"""When lower-casing a text keeps case-insensitive ASCII patterns exact.

Case-sensitive matching is markedly faster than IGNORECASE, so the costliest scans (the time
grammar's trigger, the quote stage's cue patterns) run a case-sensitive twin of an ASCII pattern on
the lower-cased text. Both find the same places exactly when no character of the text matches an
ASCII letter only by ignoring case, other than the ASCII capitals themselves: then lower-casing
changes only A-Z and keeps every offset and every word edge.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[a-z]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _caseless(ch: str) -> bool:
    """Whether ``ch`` has no case and is no ASCII letter even ignoring case ("Kelvin" K is one)."""
    return ch.lower() == ch == ch.upper() and _ASCII_LETTER.match(ch) is None


def lower_case_safe(text: str) -> bool:
    """Whether case-sensitive twins of ASCII patterns read ``text.lower()`` as the patterns read ``text``."""
    return text.isascii() or all(_caseless(ch) for ch in set(_NON_ASCII.findall(text)))


def lowered(text: str) -> str | None:
    """``text`` lower-cased for the twins, or None when a twin could read it otherwise than its pattern."""
    return text.lower() if lower_case_safe(text) else None
