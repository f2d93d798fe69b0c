"""Quotation marks and sentence bounds: where the direct quotations of a text are.

The shared patterns of the quote stage (words, tokens, sentence ends) live here too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_DOUBLE = '"“”„«»'
_WORD = re.compile(r"[^\W_][\w'’-]*")
_SENT_END = re.compile(r"[.!?](?:[\"”’']+)?(?=\s)|\n")
# Compiled once here rather than looked up in re's cache per paragraph/sentence/speaker (hot loops).
_DOUBLE_MARK = re.compile(f"[{_DOUBLE}]")
# single quotes: 'meyakinkan Pyongyang ...' (not apostrophes inside words)
_SINGLE_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))['‘](?=[^\W\d_])([^'‘’\n]{2,400}?)(?<=[^\s])['’](?=[\s,.;:!?)]|$)")
_LEADING_SPACE_COMMA = re.compile(r"^[\s,]*")
_BAHWA = re.compile(r"\b(?:bahwa|that)\b")
_TOKEN = re.compile(r"[^\W_][\w'’-]*(?:\.[^\W_][\w'’-]*)*|\S")
_LIST_JOINER = re.compile(r"\s*(?:,|dan|and|serta|,\s*dan|,\s*and)\s*")
_MAX_QUOTE = 2000
_MIN_WORDS_UNATTRIBUTED = 3
_HAS_WORD = re.compile(r"\w")


def find_direct_quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotation marks that enclose a quotation, in text order."""
    spans: list[tuple[int, int]] = []
    for para_start, para in _paragraphs(text):
        opened = None
        for m in _DOUBLE_MARK.finditer(para):
            p = para_start + m.start()
            if opened is None:
                opened = p
            else:
                if 0 < p - opened - 1 <= _MAX_QUOTE and text[opened + 1 : p].strip():
                    spans.append((opened, p))
                opened = None
        if opened is not None and not _HAS_WORD.search(para[: opened - para_start]):
            # a quotation continued in the next paragraph: it opens the paragraph and is not
            # closed in it (the next paragraph opens with the mark again)
            end = para_start + len(para)
            if len(_WORD.findall(text, opened + 1, end)) >= _MIN_WORDS_UNATTRIBUTED:
                spans.append((opened, end))
        # single quotes: 'meyakinkan Pyongyang ...' (not apostrophes inside words); the pattern, which
        # the regex engine tries at every position, only where an opening mark is (few paragraphs)
        if "'" in para or "‘" in para:
            for m in _SINGLE_QUOTED.finditer(para):
                spans.append((para_start + m.start(), para_start + m.end() - 1))
    spans.sort()
    out: list[tuple[int, int]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue  # a single-quoted phrase inside a double-quoted quotation
        out.append(s)
    return out


def _first_in(hits: list[re.Match[str]], a: int, b: int) -> re.Match[str] | None:
    """The first of ``hits`` (in text order) inside [a, b)."""
    for m in hits:
        if m.start() >= a:
            return m if m.end() <= b else None
    return None


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for part in text.split("\n"):
        yield pos, part
        pos += len(part) + 1
