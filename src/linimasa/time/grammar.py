"""Candidate temporal expressions: one compiled regular expression per language.

Hand-written because no library covers Indonesian news dates: dateparser reads "5/9/2023"
month-first and guesses missing years from the clock, HeidelTime's Indonesian rules are
machine-translated and lack the "Kamis (25/4)" forms. The *shape* of the rules (day-month,
month-day, weekday with a numeric date in brackets, "<unit> <direction>", "<direction>
<unit>", quantities, sets, clock times) is language-neutral and lives here; every *word*
comes from the language's tables (:mod:`linimasa.time.lexicon`), so adding a language is
adding a ``time.toml``.

All rules are alternatives of one pattern scanned once over the text (a regex scan, not a
per-token Python loop). Alternatives are ordered from the most specific to the least, so
at a given start the richest reading wins ("Kamis (25/4)" before "Kamis"); the scan is
leftmost, so "25 April lalu" is read whole before "April lalu" could be. When the
interpreter rejects a reading (a lower-case bare month, a number that is not a year), the
remaining rules are tried at the same place before moving on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from linimasa.time.lexicon import Lexicon, lexicon

_NEVER = "(?!)"


def _alt(words: object, *, escape: bool = True) -> str:
    """An alternation of words or phrases, longest first; spaces match any whitespace."""
    items = sorted({str(w) for w in words if str(w)}, key=len, reverse=True)  # type: ignore[union-attr]
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
        r"(?P<d>{D})\s+(?P<m>{MON})\s*{RANGE}\s*(?P<d2>{D})\s+(?P<m2>{MON})(?:\s*,?\s*(?P<y>{Y}))?",
    ),
    (
        "range",
        r"(?:(?P<wd>{WD})\s*(?:{RANGE}\s*{WD}\s*)?,?\s*(?:\(\s*)?)?(?P<d>{D})\s*{RANGE}\s*(?P<d2>{D})\s+(?P<m>{MON})(?:\s*,?\s*(?P<y>{Y}))?",
    ),
    (
        "date",
        r"(?:(?:{WDLEAD}\s+)?(?P<wd>{WD})\s*,?\s*(?:{DATELEAD}\s*)?)?(?:{DAYART}\s+)?(?P<d>{D}){ORD}?\s+(?:{DAYOF}\s+)?(?P<m>{MON})(?:\s*,?\s*(?P<y>{Y}))?(?:\s+(?P<sdir>{SDIR}))?",
    ),
    ("range", r"(?P<m>{MON})\s+(?P<d>{D})\s*{RANGE}\s*(?P<d2>{D})(?:\s*,\s*(?P<y>{Y}))?"),
    ("date_md", r"(?:(?P<wd>{WD})\s*,?\s*)?(?P<m>{MON})\s+(?P<d>{D}){ORD}?(?:\s*,?\s*(?P<y>{Y}))?"),
    ("month", r"(?:(?P<mod>{MODW})(?:\s*-\s*|\s+))?(?:{MONTHWORD}\s+)?(?P<m>{MON})\s*,?\s*(?P<y>{Y})"),
    ("set_wd", r"(?P<every>{EVERY})\s+(?:{WDLEAD}\s+)?(?P<wd>{WD})(?:\s+(?P<part>{PART}))?"),
    ("set_dm", r"(?P<every>{EVERY})\s+(?:{DATELEAD}\s*)?(?P<d>{D})(?:\s+(?P<m>{MON}))?"),
    ("set_unit", r"(?P<every>{EVERY})\s+(?:(?P<num>{NUM})\s+)?(?P<unit>{UNIT})"),
    ("set_unit", r"(?P<per>{PER})\s+(?P<unit>{UNIT})"),
    (
        "time",
        r"(?P<pfx>{TPREFIX})\s*(?P<hh>\d{1,2})(?:\s*[.:]\s*(?P<mi>[0-5]\d))?(?:\s*(?P<ampm>{AMPM}))?(?:\s*(?P<tz>{TZ}))?(?:\s+(?P<part>{PART}))?",
    ),
    ("time", r"(?P<hh>\d{1,2})(?:\s*[.:]\s*(?P<mi>[0-5]\d))?\s*(?P<ampm>{AMPM})(?:\s*(?P<tz>{TZ}))?"),
    ("time", r"(?<![\d.,])(?P<hh>\d{1,2})\s*[.:]\s*(?P<mi>[0-5]\d)\s*(?P<tz>{TZ})"),
    ("ana", r"(?P<ana>{ANA})"),
    ("rel_day", r"(?P<rel>{REL})"),
    ("weekend", r"(?:(?P<pdir>{PDIR})\s+)?(?P<we>{WEEKEND})(?:\s+(?P<sdir>{SDIR}))?"),
    ("decade", r"(?:(?P<yw>{YEARWORD})\s+)?(?P<dec>(?:1[89]|20)\d)0{DECSUF}"),
    (
        "quantity",
        r"(?:(?P<lbp>{LBP})\s+)?(?:(?P<approx>{APPROX})\s+)?(?:(?P<futin>{FUTIN})\s+)?(?:(?P<num>{NUM})\s+(?P<unit>{UNIT})|(?P<one>{UNIT1}))(?:\s+(?P<sdir>{SDIR})|\s+(?P<lbs>{LBS}))?",
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
    ("ref", r"(?P<ref>{REF})"),
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
class Grammar:
    lang: str
    trigger: re.Pattern[str]
    master: re.Pattern[str]
    singles: tuple[re.Pattern[str], ...]
    # per alternative: (rule name, [(full group name, short name)])
    rules: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    group_to_rule: dict[int, int]


def _placeholders(lex: Lexicon) -> dict[str, str]:
    c = lex.cue_list
    num_words = list(lex.number_words) + list(lex.number_multipliers) + list(lex.number_vague)
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
        "YEARWORD": _alt(c("year_word")),
        "DECSUF": _alt(c("decade_suffix")),
        "WEEKEND": _alt(c("weekend")),
        "YEAROF": _alt(c("year_of")),
        "MONTHWORD": _alt(c("month_word")),
        "LBS": _alt(c("lookback_suffix")),
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

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root) or _NEVER


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
    ]
    for name in ("weekend", "year_word", "month_word", "date_lead", "lookback_prefix", "future_in", "day_article"):
        tables.append(lex.cue_list(name))
    out = set()
    for table in tables:
        for phrase in table:
            first = re.split(r"[^\w]+", str(phrase).lower())[0]
            if first:
                out.add(first)
    return out


_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z0-9]*)\}")
_GROUP = re.compile(r"\(\?P<(\w+)>")


@cache
def grammar(lang: str) -> Grammar:
    """The compiled grammar of ``lang`` (built once per process)."""
    lex = lexicon(lang)
    ph = _placeholders(lex)
    alternatives = []
    rules = []
    singles = []
    for i, (name, template) in enumerate(_RULES):
        body = _PLACEHOLDER.sub(lambda m: ph[m.group(1)], template)
        shorts = _GROUP.findall(body)
        body = _GROUP.sub(lambda m, i=i: f"(?P<r{i}_{m.group(1)}>", body)
        alternatives.append(f"(?P<r{i}>{body})")
        rules.append((name, tuple((f"r{i}_{s}", s) for s in shorts)))
        singles.append(re.compile(rf"(?<!\w)(?P<r{i}>{body})(?!\w)", re.IGNORECASE))
    master = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    group_to_rule = {master.groupindex[f"r{i}"]: i for i in range(len(_RULES))}
    trigger = re.compile(r"(?<!\w)(?:\d|" + _trie(_trigger_words(lex)) + r"(?!\w))", re.IGNORECASE)
    return Grammar(
        lang=lex.lang,
        trigger=trigger,
        master=master,
        singles=tuple(singles),
        rules=tuple(rules),
        group_to_rule=group_to_rule,
    )


def _mention(g: Grammar, idx: int, m: re.Match[str]) -> Mention:
    name, groups = g.rules[idx]
    vals: dict[str, str] = {}
    starts: dict[str, int] = {}
    for full, short in groups:
        v = m.group(full)
        if v is not None:
            vals[short] = v
            starts[short] = m.start(full)
    return Mention(rule=name, start=m.start(f"r{idx}"), end=m.end(f"r{idx}"), groups=vals, starts=starts)


def scan(text: str, lang: str, accept) -> list:  # noqa: ANN001 - accept: Callable[[Mention], T | None]
    """Every accepted reading in ``text``, left to right, non-overlapping.

    ``accept`` turns a :class:`Mention` into a result or rejects it with None; on a
    rejection the later rules are tried at the same start before the scan moves on.
    """
    g = grammar(lang)
    out = []
    pos = 0
    match = g.master.match
    # Only places where an expression can start are tried (a trie of first words, so the
    # scan over the text stays in C); the full grammar runs at those few places.
    for t in g.trigger.finditer(text):
        start = t.start()
        if start < pos:
            continue
        m = match(text, start)
        if m is None:
            continue
        idx = g.group_to_rule[m.lastindex]
        res = accept(_mention(g, idx, m))
        if res is None:
            for j in range(idx + 1, len(g.rules)):
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
