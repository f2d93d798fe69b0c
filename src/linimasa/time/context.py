"""Reading the words around an expression: the clause's tense, the token before it, and
whether "Minggu" means Sunday or week (see :mod:`linimasa.time.interpret`)."""

from __future__ import annotations

import re
from functools import cache

from linimasa.time.lexicon import Lexicon, lexicon

# Greedy: one match runs to the last sentence end of the window (a period between digits,
# "pukul 14.00", "Rp 2.500", ends no sentence).
_TO_LAST_SENT_END = re.compile(r".*(?:[.!?](?!\d)|\n)", re.DOTALL)


@cache
def _cue_regex(lang: str, name: str) -> re.Pattern[str] | None:
    words = lexicon(lang).cue_list(name)
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)


def clause_tense(text: str, start: int, lang: str) -> int | None:
    """-1 (past), +1 (future) or None from the nearest tense word before ``start`` in its
    sentence; None when a quote mark or a speech word (``speech_words``, also with "-nya")
    stands between the two: in ``" ... kami akan laksanakan , " kata Tito , Kamis (26/10)``
    the future is what was said, and Thursday is when."""
    tense, cue_end = clause_tense_at(text, start, lang)
    if tense is None:
        return None
    if _QUOTE_MARK.search(text, cue_end, start):
        return None
    rx = _speech_regex(lang)
    return tense if rx is None or rx.search(text, cue_end, start) is None else None


_QUOTE_MARK = re.compile(r"[\"“”]")


@cache
def _speech_regex(lang: str) -> re.Pattern[str] | None:
    words = lexicon(lang).cue_list("speech_words")
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?:nya)?(?!\w)", re.IGNORECASE)


def clause_tense_at(text: str, start: int, lang: str) -> tuple[int | None, int]:
    """:func:`clause_tense` and where its tense word ends (``start`` when there is none)."""
    lo = max(0, start - 160)
    window = text[lo:start]
    last = _TO_LAST_SENT_END.match(window)
    if last is not None:
        lo += last.end()
        window = window[last.end() :]
    best_pos, best, best_end = -1, None, start
    for sign, name in ((1, "future"), (-1, "past")):
        rx = _cue_regex(lang, name)
        if rx is None:
            continue
        for m in rx.finditer(window):
            if m.start() > best_pos:
                best_pos, best, best_end = m.start(), sign, lo + m.end()
    return best, best_end


def prev_token(text: str, pos: int) -> str:
    """The word (or punctuation mark) just before ``pos``, lower-cased."""
    i = pos
    while i > 0 and text[i - 1] in " \t\xa0":  # a no-break space is a space
        i -= 1
    if i == 0:
        return ""
    if not text[i - 1].isalnum():
        return text[i - 1]
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-'’"):
        j -= 1
    return text[j:i].lower()


def sentence_initial(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and text[i - 1] in " \t\"'“‘([":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:"


def is_noun_reading(
    text: str, start: int, word: str, lex: Lexicon, *, followed_by_dir: bool, followed_by_part: bool
) -> bool:
    """True when a weekday name that is also a noun ("Minggu") means the noun (week) here."""
    if word.lower() not in lex.weekday_nouns:
        return False
    if word[:1].islower() and followed_by_dir:
        return True  # "pada minggu depan": next week, not next Sunday
    if prev_token(text, start) in lex.weekday_cues:
        return False
    if followed_by_part:
        return False
    if word[:1].islower():
        return True
    if sentence_initial(text, start):
        return followed_by_dir
    return False


def direction_of(lex: Lexicon, g: dict[str, str]) -> tuple[int | None, str]:
    word = g.get("sdir") or g.get("pdir")
    if not word:
        return None, "anchor"
    table = lex.suffix_dirs if g.get("sdir") else lex.prefix_dirs
    sign, rel_to = table.get(" ".join(word.lower().split()), (None, "anchor"))
    return sign, rel_to
