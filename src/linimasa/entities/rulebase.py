"""The base of the rule recogniser (:mod:`linimasa.entities.recognize`): its word patterns, the
:class:`Found` mention, the phrase indexes built from the resources and the small word predicates
(is a token a common word, a function word, a given name, the start of a gazetteer name...)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from linimasa.entities.gazetteer import GazEntry, Resources, fold
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.tokens import Token

_CONNECTORS = frozenset(
    {
        "bin",
        "binti",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "del",
        "della",
        "dos",
        "du",
        "la",
        "le",
        "al",
        "el",
        "ibn",
        "of",
        "the",
        "&",
        "y",
    }
)
_DOMAIN = re.compile(r"^[A-Za-z][\w-]*(?:\.[a-z]{2,}){1,3}$")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X)$")
_ROLE_MAX_TOKENS = 9
_ROLE_GLUE = frozenset({"dan", "serta", "&"})
# Indonesian derived words (verbs and abstract nouns): capitalised at a sentence start, never names.
_AFFIXED = re.compile(
    r"^(?:di|me|mem|men|meng|meny|ber|ter|per|pe|pem|pen|peng|ke)[a-z]{3,}(?:kan|an|i|nya)$", re.IGNORECASE
)
# Capitals inside a word ("NasDem", "KemenPAN"), but not name particles ("McDonald", "DeChambeau", "LeBron").
_CAMEL_ACRONYM = re.compile(r"^(?!Mc|Mac|De|Di|Le|La|Du|Van|Von|O')[A-Z][a-z]+[A-Z][A-Za-z]*$")
# "Bashar al-Assad", "Nouri al-Maliki", "Abu Bakar ash-Shiddiq": a lower-case particle inside a name.
_ARABIC_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|asy|ul|ud|bin|ibn|abu)-[A-Z]\w")
_ABSTRACT_NOUN = re.compile(r"^[A-Z][a-z]{3,}(?:isasi|asi|ensi|ansi|isme|itas|logi|grafi|tika)(?:nya)?$")
# the endings _ABSTRACT_NOUN allows (a cheap test before the pattern)
_ABSTRACT_ENDINGS = tuple(
    e + c for e in ("asi", "ensi", "ansi", "isme", "itas", "logi", "grafi", "tika") for c in ("", "nya")
)
_AGE = re.compile(r"^[1-9]\d$")
_NAME_NUMBER = re.compile(r"^\d{1,3}[A-Za-z]?$")
_QUOTE_MARKS = frozenset('"“”‘’')
_FUNCTION_TAGS = frozenset({"VB", "IN", "SC", "CC", "ADV", "DT", "PR", "NEG", "RP", "UH"})
# Indonesian nouns of a field or office built with ke-/per-/pe(N)- ... -an ("Pertanian", "Perindustrian",
# "Kehutanan", "Pendidikan", "Kepresidenan"): after a title they are the portfolio, never the person.
_START = attrgetter("start")
# Token fields by position, for C-level map over a token list (Token is a NamedTuple)
_KEY = itemgetter(5)
_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_CLOSE_BRACKET = re.compile(r"\s*\)")
_DASH_WORDS = frozenset("-–")
_FIELD_NOUN = re.compile(r"^(?:ke|per|pe|pem|pen|peng|peny)[a-z]{3,}an$", re.IGNORECASE)


@dataclass(slots=True)
class Found:
    """One recognised mention (token indices are into the document's token list)."""

    start: int  # char offsets
    end: int
    type: str
    name: str
    strong: bool  # typed by a gazetteer, head, tail, cue or title (not by default)
    role: str | None = None
    kind: str = ""  # gazetteer kind, or "abbr-local" etc.
    expand: bool = False  # an institution abbreviation ("Kemlu") that absorbs a country after it


class RuleBase:
    """Read-only resources, phrase indexes and word predicates shared by the rule layers."""

    def __init__(self, res: Resources, lex: Lexicon) -> None:
        self.res = res
        self.lex = lex
        # Indexes of the phrase lists by first word (for _phrase_at) and by last word (for _cue_before):
        # word -> the lengths of the phrases holding it there, longest first. Most tokens are in none of
        # them, so the common answer costs one dict probe instead of a tuple per candidate length.
        self._starts = {
            id(ps): _lengths_by(ps, 0, 4)
            for ps in (
                res.titles,
                res.org_heads,
                res.loc_heads,
                res.numbered_heads,
                res.regional_titles,
                res.party_units,
            )
        }
        self._ends = {
            id(ps): _lengths_by(ps, -1, 3)
            for ps in (res.not_entity_cues, res.person_cues_before, res.loc_cues, res.org_cues)
        }
        # the longest gazetteer name per first word: longer spans need no lookup
        longest: dict[str, int] = {}
        for key in res.names:
            if len(key) > longest.get(key[0], 0):
                longest[key[0]] = len(key)
        self._name_len = longest
        # the indexes of the hot paths, named (a dict probe on them is the fast "no" before a call)
        self._title_starts = self._starts[id(res.titles)]
        self._head_starts = self._starts[id(res.org_heads)]
        self._loc_starts = self._starts[id(res.loc_heads)]
        self._not_entity_ends = self._ends[id(res.not_entity_cues)]
        self._person_cue_ends = self._ends[id(res.person_cues_before)]
        self._loc_cue_ends = self._ends[id(res.loc_cues)]
        self._org_cue_ends = self._ends[id(res.org_cues)]
        self._lower_case_keys = frozenset(t.lower() for t in res.lower_case_names)
        self._numbered_words = frozenset(p[0] for p in res.numbered_heads if len(p) == 1)  # (w,) in numbered_heads
        # the first words of everything _parse_chunk looks up by a token's key (see its lone-word path)
        self._listed = frozenset().union(
            self._title_starts, self._head_starts, self._loc_starts, res.compass, longest, res.non_names
        )
        self._lone_heads = frozenset(
            p[0] for ps in (res.org_heads, res.loc_heads, res.titles) for p in ps if len(p) == 1
        )
        # a team's age group written as one word ("U-22", "U22", "Under-21"); its first letters, capitalised, are
        # the fast "no" before the test (see _age_group)
        marks = "|".join(re.escape(m) for m in sorted(res.age_group_marks, key=len, reverse=True))
        self._age_word = re.compile(rf"^({marks})-?(\d\d)$", re.IGNORECASE) if marks else None
        self._age_initials = frozenset(m[:1].upper() for m in res.age_group_marks)
        # the same ending a name in text ("Timnas U-22", "Timnas U - 22"), for a search up to the name's end
        self.age_tail = re.compile(rf"\b(?:{marks})\s*[-–]?\s*\d\d$", re.IGNORECASE) if marks else None

    # ----- small predicates -------------------------------------------------------------

    def _phrase_at(self, phrases: frozenset[tuple[str, ...]], toks: list[Token], k: int, end: int) -> int:
        """Length of the longest phrase (of at most 4 words) from ``phrases`` starting at token ``k`` (0 if none)."""
        lengths = self._starts[id(phrases)].get(toks[k].key)
        if lengths is None:
            return 0
        for n in lengths:
            if k + n <= end and (n == 1 or tuple(t.key for t in toks[k : k + n]) in phrases):
                if all(toks[x].gap.strip() == "" for x in range(k + 1, k + n)):
                    return n
        return 0

    def _gaz_at(self, toks: list[Token], k: int, end: int) -> tuple[int, GazEntry | None]:
        """The longest gazetteer name starting at token ``k`` (before ``end``): (its length, its entry)."""
        t = toks[k]
        exact = self.res.exact
        longest = self._name_len.get(t.key, 0)
        if not longest:
            if t.text not in exact:
                return 0, None
            longest = 1
        # a name runs only across blank gaps without a line break
        limit = min(longest, end - k)
        m = 1
        while m < limit and toks[k + m].tight:
            m += 1
        names = self.res.names
        # the gazetteer look-up (longest phrase in Resources.names first; a single word, the common case,
        # in Resources.exact, then names), without building lists and tuples
        for n in range(m, 1, -1):
            last = toks[k + n - 1]
            if not last.is_cap and not last.text[:1].isdigit():
                continue
            span = toks[k : k + n]
            entry = names.get(tuple(map(_KEY, span)))
            # place and organisation names are proper nouns: all-lower-case text is not one
            if entry is not None and not all(x.text.islower() for x in span):
                return n, entry
        if not t.is_cap and not t.text[:1].isdigit():
            return 0, None
        entry = exact.get(t.text)
        if entry is None:
            entry = names.get((t.key,))
            if entry is None or t.text.islower():
                return 0, None
        return 1, entry

    def _common(self, tok: Token, strict: bool = False) -> bool:
        """Is ``tok`` an ordinary word (not a name) per the lexicon and the stop lists?"""
        if tok.is_upper:
            return False
        f = tok.key
        if f in self.res.non_names:
            return True
        if strict:
            return self.lex.is_common(tok.text, min_count=4, max_proper=0.12)
        return self.lex.is_common(tok.text, min_count=2, max_proper=0.3)

    def _ordinary(self, tok: Token) -> bool:
        """Is ``tok`` a word the lexicon knows mostly as a common word (not a name part)?"""
        if tok.is_upper:
            return False
        if tok.key in self.res.non_names:
            return True
        wc = self.lex.get(tok.text)
        return wc is not None and (wc.proper < 0.5 or (wc.count >= 3 and wc.lower >= 0.3))

    def _clitic_word(self, tok: Token) -> bool:
        """ "Pasalnya", "Artinya", "Daftarnya": an ordinary word with the clitic -nya is never a name."""
        low = tok.text.lower()
        if not low.endswith("nya") or len(low) < 6:
            return False
        stem = self.lex.get(low[:-3])
        return stem is not None and stem.proper < 0.5

    def _function_word(self, tok: Token) -> bool:
        """A verb, preposition, pronoun... capitalised in a headline: it ends or precedes a name."""
        if tok.is_upper:
            return False
        wc = self.lex.get(tok.text)
        return wc is not None and wc.count >= 4 and wc.proper <= 0.12 and wc.tag in _FUNCTION_TAGS

    def _person_not_place(self, toks: list[Token], k: int, gl: int, entry: GazEntry, end: int) -> bool:
        """ "Vladimir Putin": a city name directly followed by an unknown capitalised word is a first name."""
        if entry.kind not in ("city", "regency", "district") or k + gl >= end:
            return False
        nxt = toks[k + gl]
        if not nxt.is_cap or nxt.gap.strip() or "\n" in nxt.gap or nxt.is_upper:
            return False
        f = nxt.key
        if f in self.res.compass or f in self.res.org_tails or self._common(nxt):
            return False
        return self._gaz_at(toks, k + gl, end)[1] is None

    def _given_name_start(self, toks: list[Token], k: int, end: int) -> bool:
        """ "Andi Widjajanto": a common first name followed by another name word starts a person's name."""
        if toks[k].key not in self.res.given_names or toks[k].is_upper or k + 1 >= end:
            return False
        nxt = toks[k + 1]
        return (
            nxt.is_cap
            and not nxt.is_upper
            and nxt.gap == " "
            and not self._common(nxt)
            and nxt.key not in self.res.org_tails
            and self._gaz_at(toks, k + 1, end)[1] is None
        )

    def _thing_acronym(self, tok: Token) -> bool:
        """An all-capital word the tagged corpus knows mostly as a common noun, or one with digits."""
        if any(c.isdigit() for c in tok.text):
            return True
        wc = self.lex.get(tok.text)
        return wc is not None and wc.count >= 3 and wc.proper <= 0.3

    def _initial_dot(self, toks: list[Token], j: int, end: int) -> bool:
        """ "John B. Fenn", "M. Sabarani", "H. Agus Salim": the full stop at ``j`` closes an initial inside
        a name (one capital letter before it, a name word after it on the same line), not a sentence."""
        if j + 1 >= end or toks[j].text != "." or toks[j].gap.strip() or "\n" in toks[j].gap:
            return False
        prev, nxt = toks[j - 1], toks[j + 1]
        return (
            len(prev.text) == 1
            and prev.text.isupper()
            and nxt.is_cap
            and nxt.is_word
            and not nxt.is_upper
            and nxt.gap == " "
            and not self._common(nxt)
            and not self._function_word(nxt)
            and not _AFFIXED.match(nxt.text)
        )

    def _age_group(self, toks: list[Token], k: int, end: int) -> int:
        """ "U-22", "U22", "Under-21" and, in pre-tokenised text, "U - 22": a team's age group (two digits after
        a mark of ``age_group_marks``) at token ``k``, written on from the word before it: its number of tokens
        (0 if none)."""
        t = toks[k]
        if t.text[:1] not in self._age_initials or self._age_word is None or not t.tight or not t.is_cap:
            return 0
        if self._age_word.match(t.text):
            return 1
        if t.key not in self.res.age_group_marks:
            return 0
        x = k + 1
        if x < end and toks[x].text in _DASH_WORDS and toks[x].tight:
            x += 1
        if x < end and toks[x].tight and len(toks[x].text) == 2 and toks[x].text.isdigit():
            return x + 1 - k
        return 0

    def _age_group_name(self, toks: list[Token], k: int, m: int) -> str:
        """The age group of ``m`` tokens at ``k`` as names write it: "U-22" for "U22", "U-22", "U - 22" and
        "Under-22"."""
        marks = self.res.age_group_marks
        if m == 1:
            w = self._age_word.match(toks[k].text) if self._age_word is not None else None
            return f"{marks.get(fold(w.group(1)), w.group(1))}-{w.group(2)}" if w else toks[k].text
        return f"{marks.get(toks[k].key, toks[k].text)}-{toks[k + m - 1].text}"

    def _add_age_group(self, f: Found, toks: list[Token], k: int, m: int) -> None:
        """The team ``f`` (an organisation, or a country: its national team) takes the age group of ``m`` tokens
        at ``k`` into its name ("Timnas Indonesia U-22", "Indonesia U-22"): a U-16 and a U-22 team are two."""
        f.end = toks[k + m - 1].end
        f.name = f"{f.name} {self._age_group_name(toks, k, m)}"
        if f.type != "ORG" or f.kind == "country":
            f.type = "ORG"
            f.kind = "team"
            f.role = None

    def _takes_age_group(self, f: Found, toks: list[Token]) -> bool:
        """Can ``f`` be a team with an age group: an organisation, or a country (its national team), not named in
        an event's name ("Piala AFC U-19": the age group is the event's)?"""
        if f.type != "ORG" and f.kind != "country":
            return False
        x = _token_at(toks, f.start)
        return not x or toks[x - 1].key not in self.res.event_heads

    def _is_name_token(self, tok: Token) -> bool:
        # (a Roman numeral is capitalised, and an Arabic particle holds a hyphen: both tests are skipped
        # by the cheap ones in front of them for ordinary words)
        return tok.is_cap or ("-" in tok.text and _ARABIC_PARTICLE.match(tok.text) is not None)


def _token_at(toks: list[Token], start: int) -> int | None:
    """Index of the token starting at character ``start``, or None (tokens are in text order)."""
    x = bisect_left(toks, start, key=_START)
    return x if x < len(toks) and toks[x].start == start else None


def _lengths_by(phrases: frozenset[tuple[str, ...]], at: int, most: int) -> dict[str, tuple[int, ...]]:
    """Word at position ``at`` -> lengths (at most ``most``, longest first) of the phrases with it there."""
    out: dict[str, set[int]] = {}
    for p in phrases:
        if p and len(p) <= most:
            out.setdefault(p[at], set()).add(len(p))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}


def _norm_space(s: str) -> str:
    return " ".join(s.split())  # re.sub(r"\s+", " ", s).strip(), faster


def _is_abbreviation_of(abbr: str, name: str, surface: str) -> bool:
    """ "KPK" for "Komisi Pemberantasan Korupsi", "Korut" for "Korea Utara", "Kemlu" for "Kementerian Luar Negeri"."""
    a = fold(abbr).replace("-", "").replace(".", "")
    words = [w for w in re.split(r"[\s-]+", fold(name)) if w]
    if not a or not words or len(a) < 2:
        return False
    initials = "".join(w[0] for w in words)
    if a == initials or a == "".join(w[0] for w in words if w not in ("dan", "and", "of", "the")):
        return True
    # syllable abbreviations: every word contributes a prefix, in order ("korut" = kor+ut)
    return _prefix_cover(a, words) or _prefix_cover(a, [w for w in words if w not in ("dan", "and", "of", "the")])


def _prefix_cover(a: str, words: list[str]) -> bool:
    if not words:
        return not a
    if not a:
        return False
    w = words[0]
    for n in range(min(len(w), len(a)), 0, -1):
        if a[:n] == w[:n] and _prefix_cover(a[n:], words[1:]):
            return True
    # a word may be skipped when it is short (particles) or the abbreviation takes a middle syllable ("Kemenlu")
    return False
