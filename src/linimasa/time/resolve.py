"""Anchoring: from :class:`~linimasa.time.interpret.Spec` to TIMEX3 values.

Two anchors, as in TimeML practice:

* the **publication date** for deictic expressions ("kemarin", "pekan depan", "Juli lalu",
  year-less dates and bare weekdays);
* the **last date mentioned** for anaphoric ones ("hari itu", "sehari sebelumnya",
  "two days later"). When nothing has been mentioned yet, the reference is the *news day*
  of the article: the publication day, or the day before when the article was stamped in
  the small hours (before ``news_day_cutoff_hour`` of the language file), because a story
  filed after midnight narrates the previous day's events.

Year-less dates: a weekday+date ("Kamis (25/4)") gets the year, nearest the anchor, in which
that weekday and date agree; a plain date or month goes to the nearest occurrence around the
anchor, before it when the expression or its clause is past ("lalu", "telah") and after it when
future ("depan", "akan"). Without an anchor the value keeps X placeholders and ``candidates``
lists the full values a later (corpus) stage may choose from.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from linimasa.model import Timex
from linimasa.time.interpret import Spec

_MIN_YEAR = 1990
# A weekday+date whose weekday fits only about a year from the anchor (357-366 days on IndoSum:
# last year's weekday carried over) is a slip; within 330 days it names that date ("Jumat
# (13/1)" in an October article is the January past, 281 days back; "Sabtu (1/4)" in February,
# 309 days back).
WEEKDAY_SLIP_DAYS = 330


def valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def week_value(d: dt.date) -> str:
    iy, iw, _ = d.isocalendar()
    return f"{iy:04d}-W{iw:02d}"


def day_value(d: dt.date) -> str:
    return d.isoformat()


def weekday_years(m: int, d: int, wd: int, lo: int, hi: int) -> list[int]:
    """Years in [lo, hi] in which day ``d`` of month ``m`` falls on weekday ``wd`` (0 = Monday)."""
    return list(_weekday_years(m, d, wd, lo, hi))


@functools.lru_cache(maxsize=4096)
def _weekday_years(m: int, d: int, wd: int, lo: int, hi: int) -> tuple[int, ...]:
    # Cached: the same few dates are looked up for every document (a pure function of a short
    # key), and each lookup builds a date per year of a 50-year span.
    out = []
    for y in range(lo, hi + 1):
        x = valid(y, m, d)
        if x is not None and x.weekday() == wd:
            out.append(y)
    return tuple(out)


def _nearest_day(
    m: int, d: int, anchor: dt.date, direction: int | None, wd: int | None, strict: bool = True
) -> dt.date | None:
    """The occurrence of day ``d`` of month ``m`` that the expression most likely means."""
    if wd is not None:
        years = weekday_years(m, d, wd, anchor.year - 40, anchor.year + 12)
        if years:
            dates = [dt.date(y, m, d) for y in years]
            best = min(dates, key=lambda x: (abs((x - anchor).days), x > anchor))
            # A weekday that agrees only years away from a known anchor is a writer's slip
            # ("Senin (13/11)" in a November 2016 story): the date near the anchor wins.
            if abs((best - anchor).days) <= WEEKDAY_SLIP_DAYS:
                return best
    occ = [x for y in range(anchor.year - 5, anchor.year + 6) if (x := valid(y, m, d)) is not None]
    if not occ:
        return None
    if direction == 0:
        same = [x for x in occ if x.year == anchor.year]
        if same:
            return same[0]
    if direction == -1:
        past = [x for x in occ if x < anchor or (not strict and x == anchor)]
        return past[-1] if past else None
    if direction == 1:
        fut = [x for x in occ if x > anchor or (not strict and x == anchor)]
        return fut[0] if fut else None
    return min(occ, key=lambda x: (abs((x - anchor).days), x > anchor))


def _nearest_month(m: int, anchor: dt.date, direction: int | None, strict: bool = True) -> int:
    """The year of the month ``m`` meant, around the anchor's month."""
    a = anchor.year * 12 + anchor.month - 1
    occ = [y * 12 + m - 1 for y in range(anchor.year - 2, anchor.year + 3)]
    if direction == 0:
        return anchor.year
    if direction == -1:
        # "awal Juli lalu" written in July is this July: the month has begun, so part of it
        # is past (the anchor's own month counts even for an explicit "lalu")
        return max(i for i in occ if i <= a) // 12
    if direction == 1:
        return min(i for i in occ if i > a or (not strict and i == a)) // 12
    return min(occ, key=lambda i: (abs(i - a), i > a)) // 12


def _after(day: dt.date, unit: str, amount: float | int | None) -> dt.date | None:
    """``day`` plus a whole number of units (None for fractions, vague counts or clock units)."""
    if amount is None or (isinstance(amount, float) and not amount.is_integer()):
        return None
    n = int(amount)
    if unit in ("D", "W"):
        return day + dt.timedelta(days=n * (7 if unit == "W" else 1))
    if unit in ("M", "Y"):
        y, m = _shift_month(day.year, day.month, n * (12 if unit == "Y" else 1))
        for d in range(day.day, 27, -1):
            x = valid(y, m, d)
            if x is not None:
                return x
        return valid(y, m, min(day.day, 28))
    return None


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + n
    return i // 12, i % 12 + 1


def _type(spec: Spec) -> str:
    if spec.kind == "duration":
        return "DURATION"
    if spec.kind == "set":
        return "SET"
    if spec.kind == "time" or spec.part or spec.hour is not None:
        return "TIME"
    return "DATE"


class Resolver:
    """Resolves the specs of one text, left to right, keeping the last mentioned date."""

    def __init__(
        self,
        anchor: dt.date | None,
        *,
        anchor_hour: int | None = None,
        label: str = "published",
        cutoff_hour: int = 6,
        today: dt.date | None = None,
        doc_years: Iterable[int] = (),
    ):
        self.anchor = anchor
        self.label = label
        self.today = today or dt.date.today()
        self.doc_years = sorted(set(doc_years))
        self.news_day = anchor
        if anchor is not None and anchor_hour is not None and anchor_hour < cutoff_hour:
            self.news_day = anchor - dt.timedelta(days=1)
        self.ref_day: dt.date | None = None
        self.ref_day_end = -1
        self.ref_month: tuple[int, int] | None = None
        self.ref_year: int | None = None
        # first day of the latest date mentioned, at any granularity ("Desember tahun lalu")
        self.ref_last: dt.date | None = None

    # -- reference bookkeeping ------------------------------------------------------------
    def _remember(
        self, spec: Spec, day: dt.date | None = None, month: tuple[int, int] | None = None, year: int | None = None
    ) -> None:
        if day is not None:
            self.ref_day, self.ref_day_end = day, spec.end
            self.ref_last = day
            month, year = (day.year, day.month), day.year
        elif month is not None:
            self.ref_last = dt.date(month[0], month[1], 1)
        elif year is not None and 1 <= year <= 9999:
            self.ref_last = dt.date(year, 1, 1)
        if month is not None:
            self.ref_month, year = month, month[0]
        if year is not None:
            self.ref_year = year

    def _timex(
        self,
        spec: Spec,
        value: str | None,
        anchor: str | None,
        candidates: list[str] | None = None,
        interval: str | None = None,
    ) -> Timex:
        return Timex(
            text=spec.text,
            start=spec.start,
            end=spec.end,
            type=_type(spec),
            value=value,
            mod=spec.mod,
            anchor=anchor,
            candidates=candidates or [],
            interval=interval,
        )

    def resolve(self, specs: Iterable[Spec]) -> list[Timex]:
        out = []
        for spec in specs:
            t = getattr(self, "_" + spec.kind)(spec)
            if t is not None:
                if spec.hour is not None and spec.kind != "time" and t.value and len(t.value) >= 10:
                    # a day with its clock time: one TIME expression ("2014-12-28T06:18")
                    t.value = f"{t.value[:10]}T{spec.hour:02d}:{spec.minute or 0:02d}"
                    t.type = "TIME"
                out.append(t)
        return out

    # -- calendar dates -------------------------------------------------------------------
    def _part(self, spec: Spec, value: str) -> str:
        return f"{value}T{spec.part}" if spec.part else value

    def _date(self, spec: Spec) -> Timex | None:
        y, m, d = spec.year, spec.month, spec.day
        if y is not None:
            if d is not None and m is not None:
                x = valid(y, m, d)
                if x is None:
                    return None
                self._remember(spec, day=x)
                return self._timex(spec, self._part(spec, day_value(x)), "explicit")
            if m is not None:
                self._remember(spec, month=(y, m))
                return self._timex(spec, f"{y:04d}-{m:02d}", "explicit")
            self._remember(spec, year=y)
            return self._timex(spec, f"{y:04d}", "explicit")
        assert m is not None
        if spec.year_offset is not None:
            if self.anchor is None:
                return self._timex(spec, f"XXXX-{m:02d}", None)
            y = self.anchor.year + spec.year_offset
            self._remember(spec, month=(y, m))
            return self._timex(spec, f"{y:04d}-{m:02d}", self.label)
        direction = spec.direction if spec.direction is not None else spec.tense
        if d is None:
            if self.anchor is None:
                return self._timex(spec, f"XXXX-{m:02d}", None, [f"{yy:04d}-{m:02d}" for yy in self.doc_years])
            y = _nearest_month(m, self.anchor, direction, strict=spec.direction is not None)
            self._remember(spec, month=(y, m))
            return self._timex(spec, f"{y:04d}-{m:02d}", self.label)
        if self.anchor is None:
            return self._timex(
                spec, self._part(spec, f"XXXX-{m:02d}-{d:02d}"), None, self._day_candidates(m, d, spec.weekday)
            )
        x = _nearest_day(m, d, self.anchor, direction, spec.weekday, strict=spec.direction is not None)
        if x is None:
            return None
        if spec.range_end and self.ref_day is not None and x < self.ref_day and spec.weekday is None:
            # the end of a range is not before its start: the first such day after it
            x = valid(self.ref_day.year, m, d) or x
            if x < self.ref_day:
                x = valid(self.ref_day.year + 1, m, d) or x
        self._remember(spec, day=x)
        return self._timex(spec, self._part(spec, day_value(x)), self.label)

    def _day_candidates(self, m: int, d: int, wd: int | None) -> list[str]:
        if wd is not None:
            years = weekday_years(m, d, wd, _MIN_YEAR, self.today.year)
        else:
            years = self.doc_years
        out = []
        for y in years:
            x = valid(y, m, d)
            if x is not None and x <= self.today:
                out.append(day_value(x))
        return out

    def _range(self, spec: Spec) -> Timex | None:
        m, d, m2, d2 = spec.month, spec.day, spec.month2, spec.day2
        assert m is not None and d is not None and m2 is not None and d2 is not None
        if spec.year is not None:
            start = valid(spec.year, m, d)
        elif self.anchor is not None:
            start = _nearest_day(m, d, self.anchor, spec.tense, spec.weekday, strict=False)
            if start is not None and spec.tense == 1 and spec.weekday is None:
                # a range to come that is already under way ("4 Juli - 10 Agustus mendatang"
                # on 19 July): the year whose range has not ended yet
                earlier = valid(start.year - 1, m, d)
                earlier_end = valid(start.year - 1 + (1 if m2 < m else 0), m2, d2)
                if earlier is not None and earlier_end is not None and earlier_end >= self.anchor:
                    start = earlier
        else:
            return self._timex(spec, f"XXXX-{m:02d}-{d:02d}/XXXX-{m2:02d}-{d2:02d}", None)
        if start is None:
            return None
        end = valid(start.year + (1 if m2 < m else 0), m2, d2)
        if end is None:
            return None
        self._remember(spec, day=start)
        return self._timex(
            spec, f"{day_value(start)}/{day_value(end)}", "explicit" if spec.year is not None else self.label
        )

    def _weekday(self, spec: Spec) -> Timex | None:
        wd = spec.weekday
        assert wd is not None
        if self.anchor is None:
            return self._timex(spec, self._part(spec, f"XXXX-WXX-{wd + 1}"), None)
        a = self.anchor
        monday = a - dt.timedelta(days=a.weekday())
        if spec.coming:
            x = a + dt.timedelta(days=(wd - a.weekday()) % 7 or 7)
        elif spec.direction == 0:
            x = monday + dt.timedelta(days=wd)
        elif spec.direction == 1:
            x = monday + dt.timedelta(days=7 + wd)
        elif spec.direction == -1 and spec.unit == "W":
            x = monday - dt.timedelta(days=7 - wd)  # "Minggu pekan lalu": in last week
        elif spec.direction == -1:
            back = (a.weekday() - wd) % 7 or 7
            x = a - dt.timedelta(days=back)
        elif spec.tense == 1:
            x = a + dt.timedelta(days=(wd - a.weekday()) % 7)
        else:
            x = a - dt.timedelta(days=(a.weekday() - wd) % 7)
        self._remember(spec, day=x)
        return self._timex(spec, self._part(spec, day_value(x)), self.label)

    def _decade(self, spec: Spec) -> Timex | None:
        return self._timex(spec, spec.value, "explicit")

    # -- relative expressions -------------------------------------------------------------
    def _base(self, spec: Spec) -> tuple[dt.date | None, str | None]:
        if spec.rel_to == "ref":
            if spec.unit in ("W", "2W") and self.ref_last is not None:
                return self.ref_last, "previous"
            if spec.unit == "D" or spec.unit in ("H", "MIN", "S"):
                if self.ref_day is not None:
                    return self.ref_day, "previous"
            elif spec.unit == "M" and self.ref_month is not None:
                return dt.date(self.ref_month[0], self.ref_month[1], 1), "previous"
            elif self.ref_year is not None:
                return dt.date(self.ref_year, 1, 1), "previous"
            return self.news_day, self.label if self.news_day is not None else None
        return self.anchor, self.label if self.anchor is not None else None

    def _rel(self, spec: Spec) -> Timex | None:
        base, label = self._base(spec)
        unit = spec.unit or "D"
        n = spec.amount if spec.amount is not None else 0
        sign = spec.direction or 0
        if isinstance(n, float):
            if not n.is_integer():
                return self._timex(spec, "PAST_REF" if sign < 0 else "FUTURE_REF" if sign > 0 else "PRESENT_REF", label)
            n = int(n)
        k = sign * n
        if base is None:
            blank = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "DE": "XXX", "CE": "XX"}
            return self._timex(spec, self._part(spec, blank.get(unit, "XXXX-XX-XX")), None)
        if unit in ("D", "H", "MIN", "S"):
            x = base + dt.timedelta(days=k if unit == "D" else 0)
            self._remember(spec, day=x)
            return self._timex(spec, self._part(spec, day_value(x)), label)
        if unit in ("W", "2W"):
            x = base + dt.timedelta(weeks=k * (2 if unit == "2W" else 1))
            return self._timex(spec, week_value(x), label)
        if unit == "M":
            y, m = _shift_month(base.year, base.month, k)
            self._remember(spec, month=(y, m))
            return self._timex(spec, f"{y:04d}-{m:02d}", label)
        if unit in ("Y", "WINDU"):
            y = base.year + k * (8 if unit == "WINDU" else 1)
            self._remember(spec, year=y)
            return self._timex(spec, f"{y:04d}", label)
        if unit == "DE":
            return self._timex(spec, f"{base.year // 10 + k:03d}", label)
        if unit == "CE":
            return self._timex(spec, f"{base.year // 100 + k:02d}", label)
        return None

    def _weekend(self, spec: Spec) -> Timex | None:
        if spec.value is not None:  # generic: any weekend
            return self._timex(spec, spec.value, None)
        if self.anchor is None:
            return self._timex(spec, "XXXX-WXX-WE", None)
        x = self.anchor + dt.timedelta(weeks=spec.direction or 0)
        return self._timex(spec, week_value(x) + "-WE", self.label)

    def _time(self, spec: Spec) -> Timex | None:
        hhmm = f"T{spec.hour:02d}:{spec.minute:02d}"
        if spec.year is not None and spec.month is not None and spec.day is not None:
            x = valid(spec.year, spec.month, spec.day)
            if x is None:
                return None
            self._remember(spec, day=x)
            return self._timex(spec, day_value(x) + hhmm, "explicit")
        # a clock time is on the day the narrative is on: the last day mentioned before it,
        # else the news day (the publication day, or the day before for a small-hours stamp)
        if self.ref_day is not None and self.ref_day_end <= spec.start:
            return self._timex(spec, day_value(self.ref_day) + hhmm, "previous")
        if self.news_day is not None:
            return self._timex(spec, day_value(self.news_day) + hhmm, self.label)
        return self._timex(spec, "XXXX-XX-XX" + hhmm, None)

    # -- values known at reading time -----------------------------------------------------
    def _duration(self, spec: Spec) -> Timex | None:
        if spec.direction is None or self.anchor is None:
            return self._timex(spec, spec.value, None)
        # "tiga hari ke depan": a DURATION; the span it covers from the anchor goes in
        # ``interval`` ("2017-06-05/2017-06-08") so timelines can still place it
        end = _after(self.anchor, spec.unit or "D", spec.amount)
        interval = f"{day_value(self.anchor)}/{day_value(end)}" if end is not None else None
        return self._timex(spec, spec.value, self.label if interval else None, interval=interval)

    def _quarter(self, spec: Spec) -> Timex | None:
        """A quarter or half: written ("kuartal III 2017"), of a year named by a direction
        ("kuartal III tahun lalu"), the last or next one ("kuartal I lalu": this year's first
        quarter once it has begun), or the anchor's shifted ("kuartal lalu", "kuartal ini")."""
        letter = spec.unit or "Q"
        per = 4 if letter == "Q" else 2
        months = 12 // per
        n = int(spec.amount) if spec.amount is not None else None
        if spec.year is not None and n is not None:
            self._remember(spec, year=spec.year)
            return self._timex(spec, f"{spec.year:04d}-{letter}{n}", "explicit")
        if self.anchor is None:
            return self._timex(spec, f"XXXX-{letter}{n if n is not None else 'X'}", None)
        a = self.anchor
        if n is None:
            index = a.year * per + (a.month - 1) // months + (spec.direction or 0)
            y, n = divmod(index, per)
            n += 1
        elif spec.year_offset is not None:
            y = a.year + spec.year_offset
        elif spec.direction == -1:
            y = a.year if dt.date(a.year, (n - 1) * months + 1, 1) <= a else a.year - 1
        elif spec.direction == 1:
            y = a.year if dt.date(a.year, (n - 1) * months + 1, 1) > a else a.year + 1
        else:
            y = a.year
        self._remember(spec, year=y)
        return self._timex(spec, f"{y:04d}-{letter}{n}", self.label)

    def _season(self, spec: Spec) -> Timex | None:
        code = spec.value or ""
        if spec.year is not None:
            self._remember(spec, year=spec.year)
            return self._timex(spec, f"{spec.year:04d}-{code}", "explicit")
        if self.anchor is None:
            return self._timex(spec, f"XXXX-{code}", None)
        y = self.anchor.year + (spec.direction or 0)
        return self._timex(spec, f"{y:04d}-{code}", self.label)

    def _set(self, spec: Spec) -> Timex | None:
        return self._timex(spec, spec.value, None)

    def _ref(self, spec: Spec) -> Timex | None:
        return self._timex(spec, spec.value, None)
