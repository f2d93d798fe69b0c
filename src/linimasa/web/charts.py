"""Geometry of the small SVG charts (sparklines, per-day bars, story swimlanes).

Charts are drawn as inline SVG by the templates from the numbers computed here, so the web
page and the self-contained report need no chart library and no script. Pure functions of
``{day: count}`` dicts; days are ISO ``YYYY-MM-DD`` strings and anything else is ignored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    first: str = ""
    last: str = ""
    axis_end: str = ""  # the day at the right edge (>= last: short spans are padded)
    peak: int = 0


def _days(per_day: dict[str, int]) -> dict[dt.date, int]:
    out: dict[dt.date, int] = {}
    for day, n in per_day.items():
        try:
            d = dt.date.fromisoformat(str(day)[:10])
        except ValueError:
            continue
        out[d] = out.get(d, 0) + int(n)
    return out


def bars(per_day: dict[str, int], width: int = 120, height: int = 24, max_bins: int = 60, min_days: int = 7) -> Chart:
    """Bars of articles per day from the first to the last day (weeks or months when long).

    At least ``min_days`` days are drawn, so one day of articles is a thin bar, not a block.
    """
    days = _days(per_day)
    chart = Chart(width, height)
    if not days:
        return chart
    first, last = min(days), max(days)
    end_day = max(last, first + dt.timedelta(days=min_days - 1))
    span = (end_day - first).days + 1
    step = 1 if span <= max_bins else (7 if span <= max_bins * 7 else 30)
    bins: list[tuple[dt.date, int]] = []
    start = first
    while start <= end_day:
        end = start + dt.timedelta(days=step)
        bins.append((start, sum(n for d, n in days.items() if start <= d < end)))
        start = end
    peak = max(n for _, n in bins) or 1
    slot = width / len(bins)
    gap = 1 if slot >= 3 else 0
    unit = {1: "day", 7: "week from", 30: "30 days from"}[step]
    for i, (start, n) in enumerate(bins):
        h = 0 if n == 0 else max(2.0, (height - 2) * n / peak)
        chart.bars.append(
            Bar(
                x=round(i * slot, 2),
                y=round(height - h, 2),
                w=round(max(slot - gap, 0.8), 2),
                h=round(h, 2),
                label=f"{n} article{'s' if n != 1 else ''}, {unit} {start.isoformat()}",
            )
        )
    chart.first, chart.last, chart.peak = first.isoformat(), last.isoformat(), max(n for _, n in bins)
    chart.axis_end = (first + dt.timedelta(days=len(bins) * step - 1)).isoformat()
    return chart


@dataclass
class Dot:
    cx: float
    r: float
    label: str
    outside: bool = False


@dataclass
class Lane:
    id: str
    title: str
    y: float
    dots: list[Dot]


@dataclass
class Swimlanes:
    width: int
    height: int
    left: int
    lanes: list[Lane]
    ticks: list[tuple[float, str]]


def swimlanes(stories: list[dict], width: int = 900, lane: int = 26, left: int = 300) -> Swimlanes:
    """One row per story, a dot per publication day sized by its article count, on one shared time axis.

    The axis spans the days of the middle 96 % of the articles, widened to the days within half
    that span (at least 15 days) of it: a few stray dates (a misread year, an article decades
    older than the rest) would otherwise stretch it and squeeze every other dot against one
    edge. Days outside are drawn at the edge, hollow, and say so.
    """
    weighted = sorted(d for s in stories for d, n in _days(s.get("per_day") or {}).items() for _ in range(min(n, 50)))
    if not weighted:
        return Swimlanes(width, 40, left, [], [])
    cut = len(weighted) // 50
    core_first, core_last = weighted[cut], weighted[-1 - cut]
    slack = dt.timedelta(days=max((core_last - core_first).days, 30) // 2)
    first = min(d for d in weighted if d >= core_first - slack)
    last = max(d for d in weighted if d <= core_last + slack)
    span = max((last - first).days, 1)
    plot = width - left - 20

    def x(day: dt.date) -> float:
        day = min(max(day, first), last)
        return round(left + 10 + plot * (day - first).days / span, 1)

    lanes = []
    for i, s in enumerate(stories):
        days = _days(s.get("per_day") or {})
        dots = [
            Dot(
                x(d),
                round(3 + 2.5 * math.sqrt(n), 1),
                f"{d.isoformat()}: {n} article{'s' if n != 1 else ''}"
                + ("" if first <= d <= last else " (outside the axis, drawn at its edge)"),
                not first <= d <= last,
            )
            for d, n in sorted(days.items())
        ]
        lanes.append(Lane(s["id"], s.get("title") or s["id"], 30 + i * lane, dots))
    ticks = []
    if span > 400:
        for year in range(first.year + (first.month > 1 or first.day > 1), last.year + 1):
            ticks.append((x(dt.date(year, 1, 1)), str(year)))
    else:
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                ticks.append((x(month), month.strftime("%Y-%m")))
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    ticks = [(tx, label) for tx, label in ticks if tx <= width - 10 - 6 * len(label)]  # labels inside the plot
    if not ticks:
        ticks = [(x(first), first.isoformat())]
    return Swimlanes(width, 30 + len(stories) * lane + 10, left, lanes, ticks)


# -- time axes: the attention chart and a story's timeline --------------------------------

PALETTE = ("#1f5fa8", "#c2410c", "#15803d", "#7e22ce", "#b91c1c", "#57534e")


@dataclass
class Series:
    name: str
    color: str
    total: int
    points: list[tuple[float, float, str]]  # x, y, label

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _ in self.points)


@dataclass
class AxisChart:
    width: int
    height: int
    left: int
    top: int
    bottom: int  # y of the x axis
    right: int  # x of the right end of the x axis
    unit: str = "day"
    series: list[Series] = field(default_factory=list)
    xticks: list[tuple[float, str]] = field(default_factory=list)
    yticks: list[tuple[float, str]] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)  # (bin start, total) for the data table


def _nice_max(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak <= step * 4:
            return max(step * math.ceil(max(peak, 1) / step), step)
    return peak


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next_bin(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day + dt.timedelta(days=7)
    if unit == "month":
        return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return day + dt.timedelta(days=1)


def attention_chart(series: list[dict], width: int = 720, height: int = 230) -> AxisChart:
    """Lines of documents per day (per week or month over long spans), one per outlet series
    (``{"outlet", "documents", "per_day"}``), on a shared time axis with labelled x and y axes."""
    left, top, right, bottom = 44, 12, width - 40, height - 34  # room for centred date labels
    chart = AxisChart(width, height, left, top, bottom, right)
    days_by = [(s, _days(s.get("per_day") or {})) for s in series]
    every = [d for _, ds in days_by for d in ds]
    if not every:
        return chart
    first, last = min(every), max(every)
    span = (last - first).days + 1
    unit = "day" if span <= 92 else ("week" if span <= 366 else "month")
    start = _bin_start(first, unit)
    bins = [start]
    while _next_bin(bins[-1], unit) <= last:
        bins.append(_next_bin(bins[-1], unit))
    if len(bins) < 7 and unit == "day":  # a short search still gets a week of axis
        while len(bins) < 7:
            bins.append(_next_bin(bins[-1], unit))
    index = {b: i for i, b in enumerate(bins)}
    counts = []
    for s, ds in days_by:
        c = [0] * len(bins)
        for day, n in ds.items():
            c[index[_bin_start(day, unit)]] += n
        counts.append((s, c))
    totals = [sum(c[i] for _, c in counts) for i in range(len(bins))]
    ymax = _nice_max(max(max(c) for _, c in counts))
    plot_w, plot_h = right - left, bottom - top

    def x(i: int) -> float:
        return round(left + (plot_w * (i + 0.5) / len(bins)), 1)

    def y(n: int) -> float:
        return round(bottom - plot_h * n / ymax, 1)

    label_unit = {"day": "", "week": "week of ", "month": "month of "}[unit]
    for k, (s, c) in enumerate(counts):
        name = s.get("outlet") or "outlet unknown"
        pts = [(x(i), y(n), f"{name}: {n} on {label_unit}{bins[i].isoformat()}") for i, n in enumerate(c)]
        chart.series.append(Series(name, PALETTE[k % len(PALETTE)], int(s.get("documents") or sum(c)), pts))
    steps = range(ymax + 1) if ymax <= 5 else (0, ymax // 4, ymax // 2, 3 * ymax // 4, ymax)
    chart.yticks = [(y(v), str(v)) for v in sorted(set(steps))]
    slot = plot_w / len(bins)
    step = max(1, math.ceil(84 / slot))  # a date label is ~70 px wide: one every 84 px at most
    fmt = "%Y-%m" if unit == "month" else "%Y-%m-%d"
    chart.xticks = [(x(i), bins[i].strftime(fmt)) for i in range(0, len(bins), step)]
    chart.unit = unit
    chart.rows = [(b.isoformat(), t) for b, t in zip(bins, totals, strict=True) if t]
    return chart


_TIMEX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_TIMEX_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 date value (``2019``, ``2019-04``, ``2019-04-25``, ``2025-W21``,
    ``2023-09-10/2023-09-13``, ``2024-02-05TAF``), or None for anything else."""
    parts = str(value or "").split("/")
    found = []
    for part in parts[:2]:
        week = _TIMEX_WEEK.match(part)
        if week:
            try:
                monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
            except ValueError:
                return None
            found.append((monday, monday + dt.timedelta(days=6)))
            continue
        m = _TIMEX.match(part)
        if not m:
            return None
        year, month, day = int(m[1]), m[2], m[3]
        try:
            if day:
                lo = hi = dt.date(year, int(month), int(day))
            elif month:
                lo = dt.date(year, int(month), 1)
                hi = _next_bin(lo, "month") - dt.timedelta(days=1)
            else:
                lo, hi = dt.date(year, 1, 1), dt.date(year, 12, 31)
        except ValueError:
            return None
        found.append((lo, hi))
    return (found[0][0], found[-1][1]) if found else None


@dataclass
class Mark:
    x: float
    x2: float
    row: int
    date: str
    text: str
    placement: str
    anchor: str
    label: bool = False  # its date is written under it (background and scheduled marks, when room)


@dataclass
class TimeAxis:
    width: int
    height: int
    zones: list[tuple[float, float, str]] = field(default_factory=list)  # x0, x1, label
    marks: list[Mark] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: int = 0


def story_axis(events: list[dict], start: str | None, end: str | None, width: int = 680) -> TimeAxis:
    """A story's events on its own period: events of the span placed by date between ``start`` and
    ``end``; background events (before the span) and scheduled ones (after it) in their own zones
    at the left and right, in date order, since their distance to the span can be years."""
    spans = [(i, e, p) for i, e in enumerate(events) if (p := period(e.get("date")))]
    groups: dict[str, list[tuple[int, dict, tuple[dt.date, dt.date]]]] = {"background": [], "span": [], "scheduled": []}
    for item in spans:
        groups.get(item[1].get("placement") or "span", groups["span"]).append(item)
    lo = period(start)
    hi = period(end)
    in_span = [p for _, _, p in groups["span"]]
    first = lo[0] if lo else (min(p[0] for p in in_span) if in_span else None)
    last = hi[1] if hi else (max(p[1] for p in in_span) if in_span else None)
    axis = TimeAxis(width, 0)
    if first is None or last is None or not spans:
        return axis
    side = 0.2 * width
    x0 = side if groups["background"] else 16.0
    x1 = width - (side if groups["scheduled"] else 16.0)
    if groups["background"]:
        axis.zones.append((8.0, side - 14, "background"))
    axis.zones.append((x0, x1, "the story"))
    if groups["scheduled"]:
        axis.zones.append((width - side + 14, width - 8.0, "scheduled"))
    days = max((last - first).days, 1)

    def xs(day: dt.date) -> float:
        if last <= first:  # a story of one day: its events in the middle of its zone, not at its left edge
            return round((x0 + x1) / 2, 1)
        day = min(max(day, first), last)
        return round(x0 + (x1 - x0) * (day - first).days / days, 1)

    placed: list[Mark] = []
    for i, e, (a, b) in sorted(groups["span"], key=lambda t: t[2]):
        placed.append(Mark(xs(a), xs(b), 0, str(e.get("date")), str(e.get("text") or ""), "span", f"event-{i}"))
    for name, (za, zb) in (("background", (8.0, side - 14)), ("scheduled", (width - side + 14, width - 8.0))):
        items = sorted(groups[name], key=lambda t: t[2])
        last_label = -1e9
        for k, (i, e, _p) in enumerate(items):
            xk = round(za + (zb - za) * (k + 0.5) / len(items), 1)
            mark = Mark(xk, xk, 0, str(e.get("date")), str(e.get("text") or ""), name, f"event-{i}")
            if xk - last_label >= 72 and xk - 35 >= za - 8 and xk + 35 <= zb + 8:
                mark.label, last_label = True, xk
            placed.append(mark)
    ends: list[float] = []
    for m in sorted(placed, key=lambda m: m.x):
        row = next((r for r, e in enumerate(ends) if m.x - e >= 12), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = m.x2
        m.row = row
    axis.marks = placed
    rows = max((m.row for m in placed), default=0) + 1
    axis.axis_y = 22 + rows * 14
    axis.height = axis.axis_y + 30
    n = min(5, max((last - first).days, 0) + 1)  # one day: one tick (two drew the next day over it)
    axis.ticks = [
        (
            xs(first + dt.timedelta(days=round(k * days / max(n - 1, 1)))),
            (first + dt.timedelta(days=round(k * days / max(n - 1, 1)))).isoformat(),
        )
        for k in range(n)
    ]
    return axis
