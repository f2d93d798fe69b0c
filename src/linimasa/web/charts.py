"""Geometry of the small SVG charts (sparklines, per-day bars, story swimlanes).

Charts are drawn as inline SVG by the templates from the numbers computed here, so the web
page and the self-contained report need no chart library and no script. Pure functions of
``{day: count}`` dicts; days are ISO ``YYYY-MM-DD`` strings and anything else is ignored.
"""

from __future__ import annotations

import datetime as dt
import math
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
    """One row per story, a dot per publication day sized by its article count, on one shared time axis."""
    all_days = [d for s in stories for d in _days(s.get("per_day") or {})]
    if not all_days:
        return Swimlanes(width, 40, left, [], [])
    first, last = min(all_days), max(all_days)
    span = max((last - first).days, 1)
    plot = width - left - 20

    def x(day: dt.date) -> float:
        return round(left + 10 + plot * (day - first).days / span, 1)

    lanes = []
    for i, s in enumerate(stories):
        days = _days(s.get("per_day") or {})
        dots = [
            Dot(x(d), round(3 + 2.5 * math.sqrt(n), 1), f"{d.isoformat()}: {n} article{'s' if n != 1 else ''}")
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
    if not ticks:
        ticks = [(x(first), first.isoformat()), (x(last), last.isoformat())]
    return Swimlanes(width, 30 + len(stories) * lane + 10, left, lanes, ticks)
