"""What a temporal expression means before anchoring (:class:`Spec`), and the small value
helpers the readers share: numbers of years, months and durations as TIMEX3 writes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from linimasa.time.lexicon import Lexicon


@dataclass(slots=True)
class Spec:
    """The meaning of one temporal expression, before anchoring."""

    start: int
    end: int
    text: str
    kind: str  # date | range | weekday | rel | weekend | time | duration | set | ref | decade | season
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    unit: str | None = None
    amount: float | int | None = 1
    direction: int | None = None
    rel_to: str = "anchor"
    year_offset: int | None = None
    mod: str | None = None
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    value: str | None = None
    tense: int | None = None
    explicit_year: bool = False
    lookback: bool = False
    year_written: int | None = None  # the year as written when a weekday showed it is a typo
    core_end: int | None = None  # the end before a direction word the extent took in ("Sabtu (22/7) mendatang")
    coming: bool = False  # "Sabtu nanti": the next such weekday, not the one of next week
    range_end: bool = False  # the second day of "15 Juni ( H - 10 ) sampai 28 Juni": not before the first


def typo_year(y: int, m: int, d: int, wd: int) -> int | None:
    """The year meant when weekday ``wd`` contradicts ``d/m/y`` but fits exactly one year that
    differs from ``y`` in one digit or by two adjacent digits swapped ("Selasa (13/12/2106)":
    13/12/2016 is a Tuesday); else None. Only years 1900-2100 are considered."""
    try:
        if dt.date(y, m, d).weekday() == wd:
            return None
    except ValueError:
        pass
    written = f"{y:04d}"
    alts = {written[:i] + c + written[i + 1 :] for i in range(4) for c in "0123456789"}
    alts |= {written[:i] + written[i + 1] + written[i] + written[i + 2 :] for i in range(3)}
    fits = []
    for a in sorted(alts):
        alt = int(a)
        if alt == y or not 1900 <= alt <= 2100:
            continue
        try:
            if dt.date(alt, m, d).weekday() == wd:
                fits.append(alt)
        except ValueError:
            continue
    return fits[0] if len(fits) == 1 else None  # several fit: the date stays as written


def norm(s: str) -> str:
    return " ".join(s.lower().split())


def year_of(s: str) -> int:
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def month_of(lex: Lexicon, s: str) -> int | None:
    return lex.months.get(s.lower().rstrip("."))


def valid_dm(d: int, m: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)


def duration_value(amount: float | int | None, unit: str) -> str:
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "WINDU": (8, "Y"), "2W": (2, "W")}
    if unit in scale:
        k, unit = scale[unit]
        amount = None if amount is None else amount * k
    n = "X" if amount is None else (f"{amount:g}" if isinstance(amount, float) else str(amount))
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


# A fraction of a unit counted in the next smaller unit, when that is a whole number.
_SMALLER = {
    "CE": (100, "Y"),
    "DE": (10, "Y"),
    "WINDU": (8, "Y"),
    "Y": (12, "M"),
    "W": (7, "D"),
    "D": (24, "H"),
    "H": (60, "MIN"),
    "MIN": (60, "S"),
}


def whole_count(amount: float | int, unit: str) -> tuple[float | int, str]:
    """``amount`` of ``unit`` as a whole count of a smaller unit when it is not whole: 1.5 years
    is 18 months, half an hour 30 minutes (a relative date needs whole steps)."""
    while isinstance(amount, float) and not amount.is_integer() and unit in _SMALLER:
        k, unit = _SMALLER[unit]
        amount = amount * k
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    return amount, unit


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_numeral(s: str) -> int | None:
    """The value of a Roman numeral up to L ("VIII" 8, "XIX" 19), None when it is not one."""
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total, prev = (total - v, prev) if v < prev else (total + v, v)
    return total
