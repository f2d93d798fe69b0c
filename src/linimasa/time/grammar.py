"""Candidate temporal expressions: one compiled regular expression per language.

Hand-written because no library covers Indonesian news dates: dateparser reads "5/9/2023"
month-first and guesses missing years from the clock, HeidelTime's Indonesian rules are
machine-translated and lack the "Kamis (25/4)" forms. The *shape* of the rules (day-month,
month-day, weekday with a numeric date in brackets, "<unit> <direction>", "<direction>
<unit>", quantities, sets, clock times) is language-neutral and lives here; every *word*
comes from the language's tables (:mod:`linimasa.time.lexicon`), so adding a language is
adding a ``time.toml``.

All rules are alternatives of one pattern, tried at the candidate starts a regex scan finds
(the words and digits an expression can begin with), not by a per-token Python loop.
Alternatives are ordered from the most specific to the least, so at a given start the
richest reading wins ("Kamis (25/4)" before "Kamis"); the scan is leftmost, so "25 April
lalu" is read whole before "April lalu" could be. When the interpreter rejects a reading (a
lower-case bare month, a number that is not a year), the remaining rules are tried at the
same place before moving on.

For speed, a candidate start gets only the alternatives that can begin with the word (or
digit) there, still in order, compiled once per set (:mod:`linimasa.time.dispatch` works
the sets out from the rule patterns), and the candidate starts of most texts are found
case-sensitively in the lower-cased text (see :func:`linimasa.casefold.lower_case_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, partial
from itertools import chain
from typing import cast

from linimasa.casefold import lower_case_safe
from linimasa.time.dispatch import KEYS, first_keys, lead_words
from linimasa.time.lexicon import Lexicon, lexicon

_NEVER = "(?!)"


def _alt(words: Iterable[object], *, escape: bool = True) -> str:
    """An alternation of words or phrases, longest first; spaces match any whitespace."""
    items = sorted({str(w) for w in words if str(w)}, key=len, reverse=True)
    if not items:
        return _NEVER
    parts = []
    for w in items:
        p = re.escape(w) if escape else w
        p = p.replace(r"\ ", r"\s+").replace(" ", r"\s+")
        parts.append(p)
    return "(?:" + "|".join(parts) + ")"


def _months_alt(lex: Lexicon) -> str:
    """Month names; short forms ("Sept", "Agt") may carry an abbreviation dot."""
    full = [w for w in lex.months if w in lex.months_bare]
    short = [w for w in lex.months if w not in lex.months_bare]
    parts = []
    if short:
        parts.append(_alt(short) + r"\.?")
    if full:
        parts.append(_alt(full))
    return "(?:" + "|".join(sorted(parts, key=len)) + ")" if parts else _NEVER


# (rule name, pattern template). Placeholders in braces are filled from the lexicon.
_RULES: tuple[tuple[str, str], ...] = (
    (
        "wd_num",
        r"(?:{WDLEAD}\s+)?(?P<wd>{WD})\s*,?\s*\(\s*(?P<a>\d{1,2})\s*[/.-]\s*(?P<b>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}|\d{2}))?\s*\)",
    ),
    (
        "wd_num",
        r"(?:{WDLEAD}\s+)?(?P<wd>{WD})\s*,?\s*(?P<a>\d{1,2})\s*[/.-]\s*(?P<b>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?![\d/])",
    ),
    ("iso", r"(?P<y>(?:19|20)\d\d)-(?P<b>[01]\d)-(?P<a>[0-3]\d)(?:[T ](?P<hh>[0-2]\d):(?P<mi>[0-5]\d))?"),
    ("num_date", r"(?<![\d/.,])(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d)(?![\d/])"),
    ("num_date", r"(?<![\d/.,-])(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<y>(?:19|20)\d\d)(?![\d-])"),
    (
        "range",
        r"(?P<d>{D})\s+(?P<m>{MON})\s*{RANGE}\s*(?P<d2>{D})\s+(?P<m2>{MON})(?:\s*,?\s*(?P<y>{Y}))?(?:\s+(?P<sdir>{SDIR}))?",
    ),
    (
        "range",
        r"(?:(?P<wd>{WD})\s*(?:{RANGE}\s*{WD}\s*)?,?\s*(?:\(\s*)?)?(?P<d>{D})\s*{RANGE}\s*(?P<d2>{D})\s+(?P<m>{MON})(?:\s*,?\s*(?P<y>{Y}))?(?:\s+(?P<sdir>{SDIR}))?",
    ),
    (
        "date",
        r"(?:(?:{WDLEAD}\s+)?(?P<wd>{WD})(?:\s+{WDSUF})?\s*,?\s*(?:{DATELEAD}\s*)?)?(?:{DAYART}\s+)?(?P<d>{D}){ORD}?\s+(?:{DAYOF}\s+)?(?P<m>{MON})(?:\s*,?\s*(?P<y>{Y}))?(?:\s+(?P<sdir>{SDIR}))?",
    ),
    ("range", r"(?P<m>{MON})\s+(?P<d>{D})\s*{RANGE}\s*(?P<d2>{D})(?:\s*,\s*(?P<y>{Y}))?"),
    ("date_md", r"(?:(?P<wd>{WD})\s*,?\s*)?(?P<m>{MON})\s+(?P<d>{D}){ORD}?(?:\s*,?\s*(?P<y>{Y}))?"),
    (
        "month",
        r"(?:(?P<mod>{MODW})(?:\s*-\s*|\s+))?(?:{MONTHWORD}\s+)?(?P<m>{MON})\s*,?\s*(?P<y>{Y})(?:\s+(?P<sdir>{BACKDIR}))?",
    ),
    ("set_wd", r"(?P<every>{EVERY})\s+(?:{WDLEAD}\s+)?(?P<wd>{WD})(?:\s+(?P<part>{PART}))?"),
    ("set_dm", r"(?P<every>{EVERY})\s+(?:{DATELEAD}\s*)?(?P<d>{D})(?:\s+(?P<m>{MON}))?"),
    ("set_season", r"(?P<every>{EVERY})\s+(?P<season>{SEASON})"),
    ("set_unit", r"(?P<every>{EVERY})\s+(?:(?P<num>{NUM})\s+)?(?P<unit>{UNIT})"),
    ("set_unit", r"(?P<per>{PER})\s+(?P<unit>{UNIT})"),
    (
        "time",
        r"(?P<pfx>{TPREFIX})\s*(?P<hh>\d{1,2})(?:\s*[.:]\s*(?P<mi>[0-5]\d))?(?:\s*(?P<ampm>{AMPM}))?(?:\s*(?P<tz>{TZ}))?(?:\s+(?P<part>{PART}))?",
    ),
    ("time", r"(?P<hh>\d{1,2})(?:\s*[.:]\s*(?P<mi>[0-5]\d))?\s*(?P<ampm>{AMPM})(?:\s*(?P<tz>{TZ}))?"),
    ("time", r"(?P<pfx>{TPREFIX})\s+(?P<hhw>{HOURW})(?!\w)(?:\s+(?P<part>{PART}))?(?:\s*(?P<tz>{TZ}))?"),
    ("time", r"(?<![\d.,])(?P<hh>\d{1,2})\s*[.:]\s*(?P<mi>[0-5]\d)\s*(?P<tz>{TZ})"),
    ("time", r"(?<![\d.,])(?P<hh>[01]?\d|2[0-3])\s*[.:]\s*(?P<mi>[0-5]\d)\s+(?P<part>{PART})(?!\w)"),
    ("ana", r"(?P<ana>{ANA})"),
    ("rel_day", r"(?P<rel>{REL})"),
    ("weekend", r"(?:(?P<pdir>{PDIR})\s+)?(?P<we>{WEEKEND})(?:\s+(?P<sdir>{SDIR}))?"),
    ("decade", r"(?:(?P<yw>{YEARWORD})\s+)?(?P<dec>(?:1[89]|20)\d)0\s*{DECSUF}"),
    ("decade", r"(?P<yw>{DECLEAD})\s+(?P<dec2>[1-9])0\s*{DECSUF}"),
    (
        "quarter",
        r"(?:(?P<mod>{MODW})\s+)?(?P<qw>{QWORD})\s+(?P<qn>{QNUM})(?:\s+(?:{YEARWORD}\s+)?(?P<y>{Y})|\s+{YEAROF}\s+(?P<ydir>{SDIR})|\s+(?P<sdir>{SDIR}))?",
    ),
    ("quarter", r"(?:(?P<mod>{MODW})\s+)?(?P<qw>{QWORD})\s+(?P<sdir>{SDIR})"),
    ("century", r"(?P<cw>{CENTURY})\s+(?:{CENTURYORD}\s*)?(?P<cn>\d{1,2}|[IVXL]{1,5})(?!\w)"),
    ("season", r"(?:(?P<mod>{MODW})\s+)?(?P<season>{SEASON})(?:\s+(?P<y>{Y})|\s+(?P<sdir>{SDIR}))?"),
    (
        "quantity",
        r"(?:(?P<lbp>{LBP})\s+)?(?:(?P<approx>{APPROX})\s+)?(?:(?P<futin>{FUTIN})\s+)?(?:(?P<num>{NUM})\s+(?P<unit>{UNIT})|(?P<one>{UNIT1}))(?:\s+(?P<sdir>{SDIR})|\s+(?P<lbs>{LBS})|\s+(?P<full>{FULL})(?!\w))?",
    ),
    ("rel_unit", r"(?:(?P<mod>{MODW})\s+)?(?P<unit>{UNIT})\s+(?P<sdir>{SDIR})"),
    ("rel_unit", r"(?:(?P<mod>{MODW})\s+)?(?P<pdir>{PDIR})\s+(?P<unit>{UNIT})"),
    ("many", r"(?P<many>{UNITMANY})"),
    (
        "month",
        r"(?:(?P<pdir>{PDIR})\s+)?(?:(?P<mod>{MODW})(?:\s*-\s*|\s+))?(?:{MONTHWORD}\s+)?(?P<m>{MONW})(?:\s+{YEAROF}\s+(?P<ydir>{SDIR})|\s+(?P<sdir>{SDIR}))?",
    ),
    (
        "weekday",
        r"(?:(?P<pdir>{PDIR})\s+)?(?:(?P<lead>{WDLEAD})\s+)?(?P<wd>{WD})(?:\s+(?P<sdir>{SDIR}))?(?:\s+(?P<part>{PART}))?",
    ),
    ("year", r"(?:(?P<mod>{MODW})(?:\s*-\s*|\s+))?(?:(?P<yw>{YEARWORD})\s+)?(?P<y>{Y})(?:\s+(?P<sdir>{SDIR}))?"),
    ("mod_unit", r"(?P<mod>{MODW})\s+(?P<unit>{UNIT})"),
    ("ref", r"(?P<ref>{REF})"),
    ("set_word", r"(?P<sw>{SETWORD})"),
)


@dataclass(slots=True)
class Mention:
    """A raw grammar match: the rule that fired, its span and its named parts."""

    rule: str
    start: int
    end: int
    groups: dict[str, str]
    starts: dict[str, int]


@dataclass(frozen=True)
class Alternatives:
    """Some of the rules, as one pattern, in rule order (what the scan tries at a start)."""

    pattern: re.Pattern[str]
    group_to_rule: dict[int, int]
    # rule index -> the later rules of the set, tried in turn when the reading is rejected
    later: dict[int, tuple[int, ...]]


# what the scan's memo of candidate starts gives for a start not seen yet (None is "no rule")
_UNSEEN = Alternatives(re.compile(_NEVER), {}, {})


@dataclass(frozen=True)
class Grammar:
    lang: str
    # Candidate starts (group 1): (a pattern for the start of the text, one for a start after
    # a non-word character), ignoring case; and the same, case-sensitive, for lower-cased text
    # (None when that cannot be exact; see linimasa.casefold).
    trigger: tuple[re.Pattern[str], re.Pattern[str]]
    lower_trigger: tuple[re.Pattern[str], re.Pattern[str]] | None
    # one pattern per rule, also tried in turn when a reading is rejected
    singles: tuple[re.Pattern[str], ...]
    # per alternative: (rule name, [(full group name, short name)])
    rules: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    # The rules that can match at a candidate start (see linimasa.time.dispatch), by the
    # word there (lower-case) or, for digits and unknown words, by its first character;
    # other starts get every rule.
    by_word: dict[str, tuple[int, ...]]
    by_first: dict[str, tuple[int, ...]]
    # ... and, for a number, by its length (the rules that can start with a number that long)
    by_digits: dict[int, frozenset[int]]
    bodies: tuple[str, ...]
    # caches filled as candidate starts are met: patterns by rule set, and the patterns to
    # try by the text of a candidate start (bounded)
    compiled: dict[tuple[int, ...], Alternatives]
    starts: dict[str, Alternatives | None]

    def alternatives(self, start: str) -> Alternatives | None:
        """The rules to try at a candidate start whose trigger text is ``start`` (None: none)."""
        if start in self.starts:
            return self.starts[start]
        low = start.lower()
        if start.isascii() and low in self.by_word:
            ids = self.by_word[low]
        else:
            ids = self.by_first.get(start[0], tuple(range(len(self.rules))))
            if start.isascii() and start.isdigit() and len(start) in self.by_digits:
                ids = tuple(i for i in ids if i in self.by_digits[len(start)])
        found = self._compiled(ids) if ids else None
        if len(self.starts) < 10_000:
            self.starts[start] = found
        return found

    def _compiled(self, ids: tuple[int, ...]) -> Alternatives:
        if ids not in self.compiled:
            if len(ids) == 1:
                pattern = self.singles[ids[0]]
            else:
                alts = "|".join(f"(?P<r{i}>{self.bodies[i]})" for i in ids)
                pattern = re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)
            # the group of the rule that matched is the last one closed
            group_to_rule = {pattern.groupindex[f"r{i}"]: i for i in ids}
            later = {i: ids[n + 1 :] for n, i in enumerate(ids)}
            self.compiled[ids] = Alternatives(pattern=pattern, group_to_rule=group_to_rule, later=later)
        return self.compiled[ids]


def _placeholders(lex: Lexicon) -> dict[str, str]:
    c = lex.cue_list
    num_words = list(lex.number_words) + list(lex.number_multipliers) + list(lex.number_vague) + list(c("number_half"))
    if lex.number_teen:
        num_words.append(lex.number_teen)
    numw = _alt(num_words)
    return {
        "WD": _alt(lex.weekdays),
        "MON": _months_alt(lex),
        "MONW": _alt(lex.months_bare),
        "D": r"(?:3[01]|[12]\d|0?[1-9])(?!\d)",
        "Y": r"(?:1[89]\d\d|20\d\d)(?![\d.,]\d)",
        "NUM": r"(?:\d+(?:[.,]\d+)?|" + numw + r"(?:[\s-]+" + numw + r")*)",
        "UNIT": _alt(lex.units),
        "UNIT1": _alt(lex.unit_one),
        "UNITMANY": _alt(lex.unit_many),
        "SDIR": _alt(lex.suffix_dirs),
        "PDIR": _alt(lex.prefix_dirs),
        "MODW": _alt(lex.mods),
        "APPROX": _alt(lex.approx),
        "PART": _alt(lex.parts),
        "TPREFIX": _alt(lex.time_prefix),
        "TZ": _alt(lex.time_zones),
        "AMPM": _alt(lex.ampm),
        "REL": _alt(lex.relative_days),
        "ANA": _alt(lex.anaphora),
        "REF": _alt(lex.references),
        "EVERY": _alt(lex.set_every),
        "PER": _alt(lex.set_per),
        "RANGE": _alt(c("range")),
        "DATELEAD": _alt(c("date_lead")),
        "WDSUF": _alt(c("weekday_suffix")),
        "YEARWORD": _alt(c("year_word")),
        "DECSUF": _alt(c("decade_suffix")),
        "DECLEAD": _alt(c("decade_lead")),
        "SEASON": _alt(lex.seasons),
        "QWORD": _alt(lex.quarter_words),
        "CENTURY": _alt(c("century_word")),
        "HOURW": _alt(list(lex.number_words) + [f"{w} {lex.number_teen}" for w in lex.number_words if lex.number_teen]),
        "BACKDIR": _alt(c("written_year_direction")),
        "CENTURYORD": _alt(c("century_ordinal")),
        "QNUM": _alt(lex.quarter_numbers) + r"(?!\w)",
        "SETWORD": _alt(lex.set_words),
        "WEEKEND": _alt(c("weekend")),
        "YEAROF": _alt(c("year_of")),
        "MONTHWORD": _alt(c("month_word")),
        "LBS": _alt(c("lookback_suffix")),
        "FULL": _alt(c("duration_full")),
        "LBP": _alt(c("lookback_prefix")),
        "FUTIN": _alt(c("future_in")),
        "WDLEAD": _alt(lex.weekday_lead),
        "ORD": _alt(c("ordinal_suffix")),
        "DAYART": _alt(c("day_article")),
        "DAYOF": _alt(c("day_of")),
    }


def _trie(words: set[str]) -> str:
    """A regex matching exactly ``words``, factored by common prefixes (fast to fail)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(root) or _NEVER


def _trie_node(node: dict) -> str:
    alts = [re.escape(ch) + _trie_node(sub) for ch, sub in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _named_group(rule: int, m: re.Match[str]) -> str:
    """A rule's named group of a template: ``(?P<r{rule}_{name}>``."""
    return f"(?P<r{rule}_{m.group(1)}>"


def _trigger_words(lex: Lexicon) -> set[str]:
    """First words of everything an expression can start with (a superset is harmless)."""
    tables: list = [
        lex.weekdays,
        lex.months,
        lex.units,
        lex.unit_one,
        lex.unit_many,
        lex.mods,
        lex.approx,
        lex.parts,
        lex.relative_days,
        lex.anaphora,
        lex.references,
        lex.number_words,
        lex.number_multipliers,
        lex.prefix_dirs,
        lex.number_vague,
        lex.set_every,
        lex.set_per,
        lex.time_prefix,
        lex.weekday_lead,
        lex.seasons,
        lex.set_words,
        lex.quarter_words,
    ]
    for name in (
        "decade_lead",
        "weekend",
        "year_word",
        "month_word",
        "date_lead",
        "lookback_prefix",
        "future_in",
        "day_article",
        "century_word",
        "number_half",
    ):
        tables.append(lex.cue_list(name))
    out = set()
    for table in tables:
        for phrase in table:
            first = re.split(r"[^\w]+", str(phrase).lower())[0]
            if first:
                out.add(first)
    return out


_NUMBER_LENGTHS = 6
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9]*)\}")
_GROUP = re.compile(r"\(\?P<(\w+)>")


@cache
def grammar(lang: str) -> Grammar:
    """The compiled grammar of ``lang`` (built once per process)."""
    lex = lexicon(lang)
    ph = _placeholders(lex)
    bodies = []
    rules = []
    singles = []
    for i, (name, template) in enumerate(_RULES):
        body = _PLACEHOLDER.sub(lambda m: ph[m.group(1)], template)
        shorts = _GROUP.findall(body)
        body = _GROUP.sub(partial(_named_group, i), body)
        bodies.append(body)
        rules.append((name, tuple((f"r{i}_{s}", s) for s in shorts)))
        singles.append(re.compile(rf"(?<!\w)(?P<r{i}>{body})(?!\w)", re.IGNORECASE))
    words = _trigger_words(lex)
    # The look-ahead on the first letters only saves time: most word starts fail it at once
    # instead of walking the branches of the trie.
    heads = "".join(sorted({re.escape(w[0]) for w in words}))
    # A start is at the start of the text or after a non-word character: written as "\W"
    # (not a look-behind) the pattern begins with a character set, which the regex engine
    # skips to in C.
    start = rf"(?=[\d{heads}])(\d\w*|{_trie(words)}(?!\w))"
    trigger = (re.compile(start, re.IGNORECASE), re.compile(rf"\W{start}", re.IGNORECASE))
    lower_trigger = None
    if all(w.isascii() for w in words):
        lower_trigger = (re.compile(start), re.compile(rf"\W{start}"))
    firsts = [first_keys(b) for b in bodies]
    by_first: dict[str, tuple[int, ...]] = {}
    for key in sorted(KEYS):
        by_first[key] = by_first[key.upper()] = tuple(i for i in range(len(_RULES)) if key in firsts[i])
    vocabulary = {w for w in words if w.isascii()}
    leads = [lead_words(b, vocabulary) for b in bodies]
    by_word = {
        word: tuple(i for i, lead in enumerate(leads) if (word in lead if lead is not None else word[0] in firsts[i]))
        for word in sorted(vocabulary)
        if not word[0].isdigit()  # a number is read by its length and first digit
    }
    shapes = {"#" * n for n in range(1, _NUMBER_LENGTHS + 1)}
    shape_leads = [lead_words(b, shapes, digit="#") for b in bodies]
    by_digits = {
        n: frozenset(i for i, lead in enumerate(shape_leads) if lead is None or "#" * n in lead)
        for n in range(1, _NUMBER_LENGTHS + 1)
    }
    return Grammar(
        lang=lex.lang,
        trigger=trigger,
        lower_trigger=lower_trigger,
        singles=tuple(singles),
        rules=tuple(rules),
        by_word=by_word,
        by_first=by_first,
        by_digits=by_digits,
        bodies=tuple(bodies),
        compiled={},
        starts={},
    )


# Finding candidate starts is the costliest step of the scan: on lower-cased text it uses a
# case-sensitive twin of the trigger (its words are lower-case ASCII; see linimasa.casefold).


def _mention(g: Grammar, idx: int, m: re.Match[str]) -> Mention:
    name, groups = g.rules[idx]
    vals: dict[str, str] = {}
    starts: dict[str, int] = {}
    for full, short in groups:
        v = m.group(full)
        if v is not None:
            vals[short] = v
            starts[short] = m.start(full)
    start, end = m.span(f"r{idx}")
    return Mention(rule=name, start=start, end=end, groups=vals, starts=starts)


def scan(text: str, lang: str, accept) -> list:  # noqa: ANN001 - accept: Callable[[Mention], T | None]
    """Every accepted reading in ``text``, left to right, non-overlapping.

    ``accept`` turns a :class:`Mention` into a result or rejects it with None; on a
    rejection the later rules are tried at the same start before the scan moves on.
    """
    g = grammar(lang)
    out = []
    pos = 0
    known = g.starts
    # Only places where an expression can start are tried (a trie of first words, so the
    # scan over the text stays in C), and there only the rules that can start with the word
    # (or digit) found there.
    if g.lower_trigger is not None and lower_case_safe(text):
        subject, (at_start, after_non_word) = text.lower(), g.lower_trigger
    else:
        subject, (at_start, after_non_word) = text, g.trigger
    head = at_start.match(subject)
    candidates: Iterable[re.Match[str]] = after_non_word.finditer(subject)
    if head is not None:
        candidates = chain((head,), candidates)
    for t in candidates:
        start = t.start(1)
        if start < pos:
            continue
        key = t.group(1)
        # (the memo is read here, not through the method, to save a call per candidate start)
        alts = known.get(key, _UNSEEN)
        if alts is _UNSEEN:
            alts = g.alternatives(key)
        if alts is None:
            continue
        m = alts.pattern.match(text, start)
        if m is None:
            continue
        idx = alts.group_to_rule[cast(int, m.lastindex)]
        res = accept(_mention(g, idx, m))
        if res is None:
            for j in alts.later[idx]:
                mj = g.singles[j].match(text, start)
                if mj is not None:
                    res = accept(_mention(g, j, mj))
                    if res is not None:
                        m = mj
                        break
        if res is None:
            continue
        out.append(res)
        pos = m.end()
    return out
