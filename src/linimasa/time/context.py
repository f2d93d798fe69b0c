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


_CLAUSE_TAIL = re.compile(r"[.!?,;:\n\"“”]")
_WORDS = re.compile(r"\w+")
_PHRASE_END = frozenset(".,;:!?()\"“”'‘’-–—")
_NEXT_TOKEN = re.compile(r"[ \t\xa0]*(\w+|[^\w\s])")


def after_verb(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether a bare year or month at ``start:end`` follows a verb and ends its phrase
    ("seri pertamanya dirilis 2009 itu", "dipercepat menjadi Mei ,"): a lower-case word of
    ``bare_after_verb`` or one of at least six letters with a verb prefix (``verb_prefixes``:
    dirilis, berdiri, menikah) before it, and after it the end of the phrase (punctuation) or
    a word of ``bare_after_verb_next`` (itu, lalu, dan, ...). A count has its unit after it
    instead ("menjual 2000 ekor", "menewaskan 2009 orang")."""
    i = start
    while i > 0 and text[i - 1] in " \t\xa0":
        i -= 1
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    word = text[j:i]
    if not word or not word.islower() or (j > 0 and text[j - 1].isalnum()):
        return False
    verbs = lex.cue_list("bare_after_verb")
    prefixes = lex.cue_list("verb_prefixes")
    if word not in verbs and not (len(word) >= 6 and word.startswith(prefixes)):
        return False
    nxt = _NEXT_TOKEN.match(text, end)
    if nxt is None:
        return True
    if not nxt.group(1)[0].isalnum():
        return nxt.group(1) in _PHRASE_END  # not "beresolusi 1920×1080"
    return nxt.group(1).lower() in lex.cue_list("bare_after_verb_next")


def generic_before(text: str, start: int, lex: Lexicon) -> bool:
    """Whether an expression without a direction word at ``start`` is generic (any such day):
    a word of ``generic_before`` right before it ("untuk akhir pekan": a price for weekends),
    or a habitual word (``habitual``: sering, biasanya, khusus) earlier in its clause."""
    if prev_token(text, start) in lex.cue_list("generic_before"):
        return True
    clause = _CLAUSE_TAIL.split(text[max(0, start - 60) : start])[-1].lower()
    return any(w in lex.cue_list("habitual") for w in _WORDS.findall(clause))
