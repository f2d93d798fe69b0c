"""One TIMEX3 expression out of several grammar matches: a day with its bracketed date, its
part of the day or its clock time, a weekday with its week, the quantities of one duration,
and an approximation word before a date or time ("sekitar pukul 09.00 WIB")."""

from __future__ import annotations

import re
from functools import cache

from linimasa.time.lexicon import Lexicon, lexicon
from linimasa.time.spec import Spec, duration_value, norm, valid_dm, year_of

_BRACKET_DATE = re.compile(r"\s*,?\s*\(\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?\s*\)")
_UNIT_ORDER = {"CE": 0, "DE": 1, "WINDU": 1, "Y": 2, "M": 3, "W": 4, "D": 5, "H": 6, "MIN": 7, "S": 8}


@cache
def _part_after(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lex.parts, key=len, reverse=True))
    # (a pack without parts of the day: a pattern that never matches, not the empty word)
    return re.compile(rf"\s+({alt or '(?!)'})(?!\w)", re.IGNORECASE)


@cache
def _join_gap(lang: str) -> re.Pattern[str]:
    words = lexicon(lang).cue_list("time_join")
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"[\s,]*(?:(?:{alt})[\s,]+)?", re.IGNORECASE)


def _day_like(s: Spec) -> bool:
    """An expression naming one day (a date, a weekday, "kemarin", "hari itu")."""
    if s.kind in ("date", "weekday"):
        return s.kind == "weekday" or (s.day is not None and s.month is not None)
    return s.kind == "rel" and s.unit == "D"


def _gap_is(text: str, a: int, b: int, rx: re.Pattern[str]) -> bool:
    m = rx.match(text, a)
    return m is not None and m.end() == b


def _compound(parts: list[tuple[float | int, str]]) -> str:
    """One TIMEX3 duration of several quantities ("tujuh tahun enam bulan" = P7Y6M)."""
    date, clock = "", ""
    for amount, unit in parts:
        value = duration_value(amount, unit)
        if value.startswith("PT"):
            clock += value[2:]
        else:
            date += value[1:]
    return "P" + date + ("T" + clock if clock else "")


_SPACE = re.compile(r"\s*")
_AND_GAP = re.compile(r"\s*(?:,|dan|and)?\s*", re.IGNORECASE)


def merge(text: str, specs: list[Spec], lex: Lexicon) -> list[Spec]:
    """Joins the matches that make one TIMEX3 expression.

    A day with its bracketed date ("Senin pekan depan (5/6)", "hari ini (24/6)"), its part of
    the day ("Rabu (31/5) malam") or its clock time ("Minggu (28/12/2014) pukul 06.18 WIB",
    "pukul 18.00 WIB pada 31 Desember 2017"); a weekday with its week ("Minggu pekan lalu");
    "besok Jumat"; the quantities of one duration ("tujuh tahun enam bulan").
    """
    out: list[Spec] = []
    part_rx = _part_after(lex.lang)
    join_rx = _join_gap(lex.lang)
    i = 0
    n = len(specs)
    while i < n:
        s = specs[i]
        nxt = specs[i + 1] if i + 1 < n else None
        # a weekday and its week: "Minggu pekan lalu", "Senin pekan depan"
        if (
            s.kind == "weekday"
            and s.direction is None
            and nxt is not None
            and nxt.kind == "rel"
            and nxt.unit == "W"
            and nxt.rel_to == "anchor"
            and _gap_is(text, s.end, nxt.start, _SPACE)
        ):
            s.direction, s.unit, s.end, s.tense = nxt.direction, "W", nxt.end, None
            i += 1
            nxt = specs[i + 1] if i + 1 < n else None
        # "besok Jumat": the day word and its weekday
        if (
            s.kind == "rel"
            and s.unit == "D"
            and s.rel_to == "anchor"
            and nxt is not None
            and nxt.kind == "weekday"
            and nxt.direction is None
            and _gap_is(text, s.end, nxt.start, _SPACE)
        ):
            s.end, s.part = nxt.end, s.part or nxt.part
            i += 1
            nxt = specs[i + 1] if i + 1 < n else None
        # a day word and its bracketed date: "hari ini (24/6)", "Senin pekan depan (5/6)"
        if s.part is None and (s.kind == "weekday" or (s.kind == "rel" and s.unit == "D")):
            m = _BRACKET_DATE.match(text, s.end)
            if m is not None and (nxt is None or nxt.start >= m.end()):
                d, mo = int(m.group(1)), int(m.group(2))
                if lex.numeric_order != "dmy":
                    d, mo = mo, d
                if valid_dm(d, mo):
                    s.end = m.end()
                    if s.kind == "weekday":
                        s.kind, s.day, s.month, s.direction = "date", d, mo, None
                        if m.group(3):
                            s.year, s.explicit_year = year_of(m.group(3)), True
        # a weekday+date and its direction word: "Sabtu (22/7) mendatang", "Minggu (16/7) lalu"
        if s.kind == "date" and s.weekday is not None and s.part is None and text[s.end - 1 : s.end] == ")":
            m = _bracket_dir(lex.lang).match(text, s.end)
            if m is not None and (nxt is None or nxt.start >= m.start(1)):
                s.core_end, s.end = s.end, m.end()
                if nxt is not None and nxt.start < m.end():
                    i += 1  # the "nanti" read as FUTURE_REF on its own
                    nxt = specs[i + 1] if i + 1 < n else None
        # a day and its part of the day: "Rabu (31/5) malam"
        if _day_like(s) and s.part is None and s.hour is None:
            m = part_rx.match(text, s.end)
            if m is not None and (nxt is None or nxt.start >= m.end()):
                s.part, s.end = lex.parts[norm(m.group(1))], m.end()
        # a day and its clock time, either way round
        if nxt is not None and nxt.start >= s.end:
            if _day_like(s) and nxt.kind == "time" and nxt.day is None and _gap_is(text, s.end, nxt.start, join_rx):
                s.hour, s.minute, s.part, s.end = nxt.hour, nxt.minute, None, nxt.end
                i += 1
            elif s.kind == "time" and s.day is None and _day_like(nxt) and nxt.hour is None:
                if _gap_is(text, s.end, nxt.start, join_rx):
                    nxt.hour, nxt.minute, nxt.part, nxt.start = s.hour, s.minute, None, s.start
                    s = nxt
                    i += 1
        # one duration of several quantities: "tujuh tahun enam bulan", "53 bulan 20 hari"
        if s.kind == "duration" and s.amount is not None and s.direction is None and not s.lookback:
            parts: list[tuple[float | int, str]] = [(s.amount, s.unit or "D")]
            j = i + 1
            while j < n:
                t = specs[j]
                if not (t.kind == "duration" and t.amount is not None and t.direction is None and t.mod is None):
                    break
                if _UNIT_ORDER.get(t.unit or "", 9) <= _UNIT_ORDER.get(parts[-1][1], 9):
                    break
                if not _gap_is(text, specs[j - 1].end, t.start, _AND_GAP):
                    break
                parts.append((t.amount, t.unit or "D"))
                s.end, s.lookback = t.end, t.lookback
                j += 1
            if len(parts) > 1:
                s.value = _compound(parts)
                i = j - 1
        out.append(s)
        i += 1
    out = [s for s in out if not _quoted_title(text, s)]
    range_rx = _range_gap(lex.lang)
    for a, b in zip(out, out[1:], strict=False):
        # "15 Juni ( H - 10 ) sampai 28 Juni": two year-less days joined as a range
        if _year_less_day(a) and _year_less_day(b) and _gap_is(text, a.end, b.start, range_rx):
            b.range_end = True
    approx_rx = _approx_before(lex.lang)
    for s in out:
        if s.kind in ("time", "date", "weekday") and s.mod is None:
            # "sekitar pukul 09.00 WIB": the approximation belongs to the expression (mod APPROX)
            m = approx_rx.search(text, max(0, s.start - 24), s.start)
            if m is not None and m.end() == s.start:
                s.start, s.mod = m.start(), lex.approx[norm(m.group(1))]
        s.text = text[s.start : s.end]
    return out


def _year_less_day(s: Spec) -> bool:
    return s.kind == "date" and s.day is not None and s.year is None and s.direction is None


@cache
def _range_gap(lang: str) -> re.Pattern[str]:
    """The gap between the two ends of a range, an aside in brackets allowed before the
    connector ("15 Juni ( H - 10 ) sampai 28 Juni"); not "dan", which lists two days."""
    words = [w for w in lexicon(lang).cue_list("range") if w not in lexicon(lang).cue_list("list_join")]
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\s*(?:\([^()]{{0,20}}\)\s*)?(?:{alt})\s*", re.IGNORECASE)


_OPEN_QUOTE = "'‘\"“"
_CLOSE_QUOTE = "'’\"”"


def _quoted_title(text: str, s: Spec) -> bool:
    """Whether the expression is all there is between two quote marks: a title, not a time
    ("pelantun ' 11 Januari ' ini", the song; "film “ 3 Hari ”")."""
    before = text[max(0, s.start - 3) : s.start].rstrip()
    after = text[s.end : s.end + 3].lstrip()
    return bool(before) and before[-1] in _OPEN_QUOTE and bool(after) and after[0] in _CLOSE_QUOTE


@cache
def _bracket_dir(lang: str) -> re.Pattern[str]:
    words = lexicon(lang).cue_list("bracket_direction")
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\s+({alt})(?!\w)", re.IGNORECASE)


@cache
def _approx_before(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lex.approx, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)({alt})\s+", re.IGNORECASE)
