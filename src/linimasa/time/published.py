"""Publication date of an article, from the most trusted evidence available.

Order of trust: input metadata (``published`` in JSON Lines), HTML metadata
(``html_published``, found by the reader with htmldate), the URL (``/2016/08/19/``,
``20160822115846-...``) -- these three by the one rule of :mod:`linimasa.published` --, a timestamp line in the text ("April 26, 2019 at 12:37AM",
"Diterbitkan: 5 September 2023"), and last the text itself: the first weekday+date of the
lead ("Jakarta, Kamis (18/8/2016)", "..., seperti dilansir dari X, Selasa (5/9/2023)"), the
reporting-day convention of Indonesian news.

A year-less lead date ("Minggu (21/01)") is dated only when the document pins the year
(:func:`decide_year`): the years in which every year-less weekday+date of the text agrees,
narrowed by time the text says has elapsed since the earliest year it mentions ("setelah
lebih dari dua dekade" after "1999"), by the years the text mentions (a year written at least
twice), and last by the window of the document's own full dates' years (earliest to latest + 1):
a weekday fits one year in about six, so a window of a few years usually holds one. When
several years remain, the date stays unknown and the candidates go to the corpus stage,
which pins it within the span of the run's dated documents
(:mod:`linimasa.corpus.dating`). The run's clock
is never used as evidence: no date after today, and no evidence means None, not today.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linimasa.published import MIN_YEAR, choose_published
from linimasa.time.context import clause_tense
from linimasa.time.interpret import Spec, prev_token
from linimasa.time.lexicon import Lexicon
from linimasa.time.resolve import valid, weekday_years

# A year-less weekday+date is pinned to the one year in which its weekday fits, inside the
# window from the earliest year of the document's full dates to the latest plus this margin.
DOCUMENT_YEAR_MARGIN = 1
# The look-behind comes after "19"/"20" (and looks three characters back) so the pattern
# starts with a literal and the scan skips to candidate places in C: same matches as a
# leading (?<![\d.,]).
_YEAR_TOKEN = re.compile(r"(?:19|20)(?<![\d.,]\d\d)\d\d(?!\d|[.,]\d)")
_ISO = re.compile(r"^\s*((?:19|20)\d\d)-?([01]\d)-?([0-3]\d)(?:[T ]([0-2]\d):?([0-5]\d))?")
_DATELINE_CHARS = 150
_LOWER_WORD = re.compile(r"(?<![\w.])[a-z]{3,}")
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_NEXT_WORD = re.compile(r"\s*(\w+)")
_SENTENCE_TAIL = re.compile(r"[.!?\n\"“”]")


@dataclass(slots=True)
class YearDecision:
    year: int | None
    candidates: list[int] = field(default_factory=list)
    basis: str | None = None


@dataclass(slots=True)
class Published:
    date: dt.date | None = None
    hour: int | None = None
    source: str | None = None
    evidence: str | None = None
    year: YearDecision | None = None


def parse_date_time(value: Any) -> tuple[dt.date | None, int | None]:
    """(date, hour) from an ISO-like string ("2019-04-26", "2019-04-26T00:37:00+07:00")."""
    if isinstance(value, dt.datetime):
        return value.date(), value.hour
    if isinstance(value, dt.date):
        return value, None
    m = _ISO.match(str(value or ""))
    if not m:
        return None, None
    d = valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return d, (int(m.group(4)) if d and m.group(4) else None)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def timestamp_line(text: str, specs: list[Spec], lex: Lexicon, today: dt.date) -> tuple[dt.date, int | None] | None:
    """A line near the top or bottom that holds only a full date (and time): the stamp."""
    lines = _lines(text)
    chosen = lines[:3] + lines[-6:] if len(lines) > 9 else lines
    for a, b in chosen:
        inside = [s for s in specs if a <= s.start and s.end <= b]
        day = next((s for s in inside if s.kind in ("date", "time") and s.explicit_year and s.day), None)
        if day is None:
            continue
        residue = text[a:b]
        for s in sorted(inside, key=lambda s: -s.start):
            residue = residue[: s.start - a] + " " + residue[s.end - a :]
        residue = residue.lower()
        for label in lex.timestamp_labels:
            residue = residue.replace(label, " ")
        if _WORD3.search(residue):
            continue
        assert day.year is not None and day.month is not None and day.day is not None
        d = valid(day.year, day.month, day.day)
        if d is None or d > today:
            continue
        clock = next((s for s in inside if s.kind == "time" and s.hour is not None), None)
        return d, clock.hour if clock else None
    return None


def lead_date(specs: list[Spec], lex: Lexicon, text: str = "") -> Spec | None:
    """The reporting day: the first weekday+date of the lead written as the day of the report
    ("Jakarta, Kamis (18/8)", "kata dia, Kamis (18/8)", "Lapor KCNA pada Minggu (21/01)"; see
    :func:`_reporting_day`), or a full date in the dateline ("SEOUL, Sept. 5, 2023 -"),
    skipping dates in a future clause ("akan digelar pada Jumat (4/11)"), which announce
    events rather than report them, and the start of a period ("sejak Minggu (12/1)"), which
    the report comes after. A weekday+date the lead calls yesterday ("pada Rabu (14/6)
    kemarin", "kemarin, Senin (9/10)") counts whatever stands before it: the reporting day
    is the day after it (:func:`reporting_offset`)."""
    for s in specs:
        if s.start > lex.lead_chars:
            return None
        if s.kind != "date" or s.day is None:
            continue
        if s.weekday is None and not (s.explicit_year and text and _in_dateline(text, s.start)):
            continue
        if s.weekday is not None and s.year is not None and _weekday_contradicts(s):
            continue  # "Kamis (14/8/2017)" (a Monday): the day or the weekday is a slip
        if text and s.weekday is not None and s.direction != 1 and reporting_offset(text, s, lex):
            return s
        if text and s.weekday is not None and s.direction != 1 and _called_today(text, s, lex):
            return s  # "akan diluncurkan hari ini, Kamis (14/9)": today is the reporting day
        if text and (s.direction == 1 or (_future_clause(text, s.start, lex) and not _attributed(text, s.start, lex))):
            continue
        if text and prev_token(text, s.start) in lex.cue_list("period_start"):
            continue  # "sejak Minggu (12/1) malam": when something began, reported later
        if text and not _reporting_day(text, s, lex):
            continue
        return s
    return None


def _weekday_contradicts(s: Spec) -> bool:
    """Whether a full date's weekday is not the weekday of its day (a typo year already read
    through the weekday fits, :func:`~linimasa.time.spec.typo_year`)."""
    assert s.year is not None and s.month is not None and s.day is not None
    d = valid(s.year, s.month, s.day)
    return d is None or d.weekday() != s.weekday


def lead_weekday(specs: list[Spec], lex: Lexicon, text: str) -> Spec | None:
    """The lead's bare weekday written as the reporting day ("menurut media Rusia pada Senin",
    "kata dia, Senin"): the day up to its week, which a story's dated members may pin
    (:mod:`linimasa.corpus.dating`). None when the lead has a weekday+date."""
    for s in specs:
        if s.start > lex.lead_chars:
            return None
        if s.kind == "date" and s.weekday is not None:
            return None
        if s.kind != "weekday" or s.weekday is None or s.direction is not None or s.unit is not None:
            continue
        if _future_clause(text, s.start, lex) and not _attributed(text, s.start, lex):
            continue  # "akan ..., menurut media Rusia pada Senin": the report is not the future
        if _reporting_day(text, s, lex):
            return s
    return None


def reporting_offset(text: str, s: Spec, lex: Lexicon) -> int:
    """Days from the lead date ``s`` to the reporting day: 1 when the text calls the date
    yesterday, with a word of ``reporting_day_yesterday`` right after it ("Rabu (14/6)
    kemarin"), between its weekday and its bracketed date ("Selasa kemarin (20/9)") or right
    before it ("kemarin, Senin (9/10)"); else 0 (the date is the reporting day)."""
    rx = _words_regex(lex.cue_list("reporting_day_yesterday"))
    if rx is None:
        return 0
    after = _NEXT_WORD.match(text, s.core_end or s.end)
    if after is not None and rx.fullmatch(after.group(1)):
        return 1
    if rx.search(text, s.start, s.end):
        return 1
    m = _WORD_BEFORE.search(text, max(0, s.start - 40), s.start)
    return 1 if m is not None and rx.fullmatch(m.group(1)) else 0


_WORD_BEFORE = re.compile(r"(\w+)\s*,?\s*$")


def night_report(s: Spec, lex: Lexicon) -> bool:
    """Whether the lead date ``s`` is at a part of the day (``reporting_next_day_parts``:
    "Rabu (31/5) malam") whose report is usually out the next day: on IndoSum (URL date as
    gold) 31 of 50 such articles were published the next day, 14 the same day, 5 two to four
    days later; the next day keeps all the same-day ones within a day and brings in three more."""
    return s.part is not None and s.hour is None and s.part.lower() in lex.cue_list("reporting_next_day_parts")


@functools.cache
def _today_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})\s*,?\s*$", re.IGNORECASE)


def _called_today(text: str, s: Spec, lex: Lexicon) -> bool:
    """Whether a word of ``reporting_day_today`` stands right before the lead date ("hari
    ini, Rabu (15/11)", "malam ini, Kamis (18/5)"): the text calls it today, so it is the
    reporting day whatever the clause's tense (on IndoSum the 14 such articles dated before
    the rule, URL date as gold, all had the right day)."""
    rx = _today_regex(lex.cue_list("reporting_day_today"))
    return rx is not None and rx.search(text, max(0, s.start - 30), s.start) is not None


def _reporting_day(text: str, s: Spec, lex: Lexicon) -> bool:
    """Whether a lead date is written the way the reporting day is: after one of the tokens
    ``reporting_day_before`` (a comma: "kata Wahyu, Sabtu (2/7)"; a full date in the dateline
    always is), or followed by a word of ``reporting_day_after`` ("pada Minggu (30/10) ini") or
    a speech word ("pada Minggu (21/8) mengungkapkan"); never when followed by a word of
    ``reporting_day_not_after`` ("Minggu (4/6) lalu")."""
    after = _NEXT_WORD.match(text, s.core_end or s.end)
    if after is not None and after.group(1).lower() in lex.cue_list("reporting_day_not_after"):
        return False
    if after is not None and after.group(1).lower() in lex.cue_list("reporting_day_after"):
        return True  # "pada Minggu (30/10) ini": the text calls it this day
    speech = _words_regex(lex.cue_list("speech_words"), suffix="(?:nya)?")
    if after is not None and speech is not None and speech.fullmatch(after.group(1)):
        return True  # "Noor Rashid pada Minggu (21/8) mengungkapkan ...": the day it was said
    before = lex.cue_list("reporting_day_before")
    if not before or (s.weekday is None and _in_dateline(text, s.start)):
        return True
    prev = prev_token(text, s.start)
    if prev in before:
        return True
    return prev in lex.cue_list("reporting_day_prep") and _attributed(text, s.start, lex)


_ATTRIBUTION_CHARS = 60


def _future_clause(text: str, start: int, lex: Lexicon) -> bool:
    """Whether the date at ``start`` is in a future clause ("akan digelar pada Jumat (4/11)"):
    a future word before it in its sentence, with no quote mark or speech word
    (``speech_words``, also with "-nya") between the two. In ``" ... kami akan
    laksanakan , " kata Tito usai dikukuhkan ..., Kamis (26/10)`` the future is in the quote
    and Thursday is when it was said."""
    return clause_tense(text, start, lex.lang) == 1


def _attributed(text: str, start: int, lex: Lexicon) -> bool:
    """Whether a reporting word ("lapor", "menurut", "dilansir") stands shortly before ``start``
    in its sentence: the date is when the report was made."""
    rx = _words_regex(lex.cue_list("reporting_words"))
    if rx is None:
        return False
    window = _SENTENCE_TAIL.split(text[max(0, start - _ATTRIBUTION_CHARS) : start])[-1]
    return rx.search(window) is not None


@functools.cache
def _words_regex(words: tuple[str, ...], suffix: str = "") -> re.Pattern[str] | None:
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt}){suffix}(?!\w)", re.IGNORECASE)


def _in_dateline(text: str, start: int) -> bool:
    """Whether ``start`` is in the dateline: near the top, after only names and punctuation."""
    return start <= _DATELINE_CHARS and not _LOWER_WORD.search(text, 0, start)


def year_tokens(text: str, today: dt.date) -> Counter[int]:
    """How often each plausible year is written in the text (as a token, any context)."""
    return Counter(y for y in map(int, _YEAR_TOKEN.findall(text)) if 1900 <= y <= today.year + 10)


def _agree(o: Spec, base: dt.date) -> bool:
    """Whether the year-less weekday+date ``o`` agrees in the year nearest to ``base``."""
    assert o.month is not None and o.day is not None
    occ = [x for y in (base.year - 1, base.year, base.year + 1) if (x := valid(y, o.month, o.day)) is not None]
    if not occ:
        return False
    x = min(occ, key=lambda x: abs((x - base).days))
    return x.weekday() == o.weekday


def _elapsed_bound(text: str, specs: list[Spec], lex: Lexicon, years: Counter[int], today: dt.date) -> int | None:
    """Earliest mentioned year + the longest elapsed time the text states, in years."""
    past = [y for y in years if y <= today.year]
    if not past:
        return None
    cues = set(lex.cue_list("elapsed"))
    span = 0
    for s in specs:
        if s.kind != "duration" or s.amount is None or s.unit not in ("Y", "DE", "CE", "WINDU") or s.lookback:
            continue
        if prev_token(text, s.start) not in cues:
            continue
        n = s.amount * {"Y": 1, "DE": 10, "CE": 100, "WINDU": 8}[s.unit]
        n = int(n) + (1 if s.mod == "MORE_THAN" else 0)
        span = max(span, n)
    return min(past) + span if span else None


def decide_year(base: Spec, specs: list[Spec], text: str, lex: Lexicon, today: dt.date) -> YearDecision:
    """The year of a year-less weekday+date, when the document pins it (else the candidates)."""
    assert base.month is not None and base.day is not None and base.weekday is not None
    cands = [
        y
        for y in weekday_years(base.month, base.day, base.weekday, MIN_YEAR, today.year)
        if dt.date(y, base.month, base.day) <= today
    ]
    if not cands:
        return YearDecision(None, [], None)
    others = [
        s for s in specs if s is not base and s.kind == "date" and s.weekday is not None and s.day and s.year is None
    ]
    if others:
        score = {y: sum(_agree(o, dt.date(y, base.month, base.day)) for o in others) for y in cands}
        best = max(score.values())
        cands = [y for y in cands if score[y] == best]
    candidates = list(cands)
    if len(cands) == 1:
        return YearDecision(cands[0], candidates, "weekday")
    years = year_tokens(text, today)
    bound = _elapsed_bound(text, specs, lex, years, today)
    if bound is not None:
        kept = [y for y in cands if y >= bound]
        if kept:
            cands = kept
            if len(cands) == 1:
                return YearDecision(cands[0], candidates, "weekday+elapsed")
    # The text's own year is usually written in it, more than once ("GIIAS 2016", "tahun
    # 2016"); a single mention is as likely history ("sejak 2011") and decides nothing.
    support = {y: years.get(y, 0) for y in cands}
    ranked = sorted(cands, key=lambda y: -support[y])
    top = support[ranked[0]]
    if (
        top >= 2
        and (len(ranked) == 1 or top > support[ranked[1]])
        and ranked[0] >= max(y for y in years if y <= today.year)
    ):
        return YearDecision(ranked[0], candidates, "weekday+mentioned-year")
    # The window the document's own explicit dates allow: from the earliest year of its full
    # dates ("Kamis (18/8/2016)", "15 Januari 2017") to the year after the latest. Bare year
    # tokens are too often history ("sejak 2006") or plans ("hingga 2022") to bound it.
    past = [
        s.year
        for s in specs
        if s.kind in ("date", "time") and s.explicit_year and s.day and s.year is not None and s.year <= today.year
    ]
    if past:
        inside = [y for y in cands if min(past) <= y <= max(past) + DOCUMENT_YEAR_MARGIN]
        if len(inside) == 1:
            return YearDecision(inside[0], candidates, "weekday+document-years")
    return YearDecision(None, candidates, None)


def from_text(text: str, specs: list[Spec], lex: Lexicon, today: dt.date) -> Published:
    """Publication date from the text alone (timestamp line, then the lead's weekday+date)."""
    stamp = timestamp_line(text, specs, lex, today)
    if stamp is not None:
        return Published(stamp[0], stamp[1], "text", "timestamp line")
    base = lead_date(specs, lex, text)
    if base is None:
        return Published()
    assert base.month is not None and base.day is not None
    offset = reporting_offset(text, base, lex)
    evidence = "lead date, the day after" if offset else "lead date"
    if not offset and night_report(base, lex):
        offset, evidence = 1, "lead date at night, the day after"
    if base.year is not None:
        d = valid(base.year, base.month, base.day)
        if d is not None and (d := d + dt.timedelta(days=offset)) <= today:
            return Published(d, None, "text", evidence)
        return Published()
    decision = decide_year(base, specs, text, lex, today)
    if decision.year is None:
        return Published(year=decision)
    d = valid(decision.year, base.month, base.day)
    if d is None or (d := d + dt.timedelta(days=offset)) > today:
        return Published(year=decision)
    return Published(d, None, "text", evidence, decision)


def from_metadata(meta: dict[str, Any], url: str | None, today: dt.date) -> Published:
    """Publication date from input metadata, HTML metadata or the URL, in that order (the rule
    of :mod:`linimasa.published`, which the cleaning stage applied already)."""
    value, source = choose_published(meta, url, [], today)
    d, hour = parse_date_time(value)
    if d is None or source is None:
        return Published()
    evidence = {"input": "published", "html": "html_published"}.get(source, source)
    return Published(d, hour, source, evidence)
