"""Sentence boundaries for Indonesian and English news text.

Hand-written rather than taken from NLTK/spaCy because those need downloaded models
(punkt) or ship no Indonesian abbreviation list; the rule here is small: a sentence ends
at ``.``, ``!`` or ``?`` (plus any closing quotes or brackets) followed by whitespace and
the start of a new sentence, unless the full stop belongs to a title ("Dr.", "Prof.",
"H."), a single-letter initial, a number ("10.00", "1.500"), or an abbreviation followed
by a lower-case word. Paragraph breaks always end a sentence. The lists live in
``lang/<code>/sentences.toml``.
"""

from __future__ import annotations

from functools import cache

import regex

from linimasa.lang.packs import DEFAULT_LANGUAGE, load_toml, resource_language
from linimasa.model import Span

_CANDIDATE = regex.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_PARAGRAPH = regex.compile(r"\n\s*\n")
# The word (letters and dots) right before a full stop, across any spaces. Matched right to left
# (``(?r)``) from the full stop, so a search costs the length of that word: a left-to-right search
# tries every start position of the window. Both find the same match: the only text before ``$``
# that fits is the letter/dot run ending where the trailing spaces begin, and both take all of it.
_TOKEN_BEFORE = regex.compile(r"(?r)([\p{L}.]+)\s*$")
_SPACES = regex.compile(r"\s*")
_LOOKBACK = 64
_NEXT_START = regex.compile(r"\s+([\"'“‘«(\[]\s*)?(\p{L}|\d)")


@cache
def _lists(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    data = load_toml(resource_language(lang), "sentences")
    return frozenset(data.get("titles", [])), frozenset(data.get("abbreviations", []))


def _token_before(text: str, dot: int) -> regex.Match[str] | None:
    """``_TOKEN_BEFORE`` searched in ``text[:dot]``, looking back a short window first.

    The same match as a search from 0 (which tries up to every position before ``dot`` when
    there is no match): a match that starts inside the window is the full search's match; only
    a word run reaching the window start, or a window of whitespace only, needs the search from
    the start.
    """
    lo = max(0, dot - _LOOKBACK)
    m = _TOKEN_BEFORE.search(text, lo, dot)
    if lo and ((m is not None and m.start() == lo) or (m is None and _SPACES.fullmatch(text, lo, dot))):
        m = _TOKEN_BEFORE.search(text, 0, dot)
    return m


def _is_boundary(text: str, dot: int, end: int, titles: frozenset[str], abbrevs: frozenset[str]) -> bool:
    nxt = _NEXT_START.match(text, end)
    if not nxt:
        return end >= len(text.rstrip())
    first = nxt.group(2)
    if text[dot] != ".":
        # "!" / "?": a boundary unless the next word is lower case (quoted speech continuing)
        return not first.islower()
    before = _token_before(text, dot)
    word = before.group(1).rstrip(".") if before else ""
    if word in titles:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. Smith", "H. Salim"
    if first.islower():
        return False
    if word in abbrevs and first.isdigit():
        return False
    return True


def split_sentences(text: str, lang: str | None = DEFAULT_LANGUAGE, offset: int = 0) -> list[Span]:
    """Sentence spans (offsets into ``text`` plus ``offset``), trimmed of surrounding space."""
    titles, abbrevs = _lists(lang or DEFAULT_LANGUAGE)
    spans: list[Span] = []
    para_start = 0
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    for p_end, next_start in paragraphs:
        start = para_start
        for m in _CANDIDATE.finditer(text, para_start, p_end):
            dot = m.start()
            if _is_boundary(text, dot, m.end(), titles, abbrevs):
                _add(spans, text, start, m.end(), offset)
                start = m.end()
        _add(spans, text, start, p_end, offset)
        para_start = next_start
    return spans


def _add(spans: list[Span], text: str, start: int, end: int, offset: int) -> None:
    # trimmed with str.lstrip/rstrip (same whitespace as str.isspace) rather than a loop per character
    piece = text[start:end]
    body = piece.lstrip()
    if body:
        start += len(piece) - len(body)
        end -= len(body) - len(body.rstrip())
        spans.append(Span(start + offset, end + offset))
