"""Stories ranked by activity, and the attention a search query gets per day and outlet.

Activity (documented in docs/serving.md) is what an analyst opening the desk wants first:
stories that many articles from several outlets are writing about lately. For a story

    activity = (articles + 2 × (outlets − 1)) × 0.5 ** (age / 30)

where ``articles`` counts its documents, ``outlets`` the distinct outlets among them and
``age`` the days from its newest article to the *reference day*: the newest article day in
the store that is not in the future, skipping the newest 0.1 % of dated articles (stray
dates), or the ``to`` filter when earlier. So a story loses
half its weight every 30 days it goes quiet, a second outlet counts as two more articles,
and a store of old articles (a 2018 corpus read today) is ranked against its own last day,
not against today. Counts come from the ``documents`` table (SQL aggregates; the same query on
SQLite and PostgreSQL), the score and the order are computed here, and only the page's
stories are read in full.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from linimasa.store import schema

HALF_LIFE_DAYS = 30
OUTLET_WEIGHT = 2.0
d = schema.documents


@dataclass
class StoryActivity:
    id: str
    articles: int
    outlets: int
    first: str | None
    last: str | None
    score: float = 0.0


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def reference_day(newest_day: str | None, date_to: str | None, today: dt.date | None = None) -> dt.date | None:
    """The day recency is measured from: the newest article day, never after today or ``to``."""
    newest = _date(newest_day)
    if newest is None:
        return None
    return min(x for x in (newest, today or dt.date.today(), _date(date_to)) if x)


def activity_score(articles: int, outlets: int, last: str | None, ref: dt.date | None) -> float:
    """The activity of a story (see the module's docstring)."""
    base = articles + OUTLET_WEIGHT * max(outlets - 1, 0)
    last_day = _date(last)
    if ref is None:
        return float(base)
    if last_day is None:  # no dated article: as quiet as a year-old story
        last_day = ref - dt.timedelta(days=365)
    age = max((ref - last_day).days, 0)
    return round(base * 0.5 ** (age / HALF_LIFE_DAYS), 6)


def story_aggregates(conn: Any, matching: Select | None, min_articles: int) -> list[StoryActivity]:
    """Articles, outlets and first/last day of every story (of those whose id ``matching`` selects)."""
    q = (
        select(
            d.c.story,
            func.count().label("n"),
            func.count(func.distinct(d.c.outlet)).label("outlets"),
            func.min(d.c.day).label("first"),
            func.max(d.c.day).label("last"),
        )
        .where(d.c.story.is_not(None))
        .group_by(d.c.story)
    )
    if matching is not None:
        q = q.where(d.c.story.in_(matching))
    if min_articles > 1:
        q = q.having(func.count() >= min_articles)
    return [StoryActivity(r.story, int(r.n), int(r.outlets), r.first, r.last) for r in conn.execute(q)]


def newest_day(conn: Any) -> str | None:
    """The newest publication day in the store that is not in the future, past the newest 0.1 % of
    dated articles (a few misread dates must not make every real story look years old)."""
    today = dt.date.today().isoformat()
    dated = d.c.day.is_not(None) & (d.c.day <= today)
    n = int(conn.execute(select(func.count()).select_from(d).where(dated)).scalar_one())
    if n == 0:
        return None
    q = select(d.c.day).where(dated).order_by(d.c.day.desc()).offset(n // 1000).limit(1)
    return conn.execute(q).scalar_one_or_none()


def rank(stories: list[StoryActivity], sort: str, ref: dt.date | None) -> list[StoryActivity]:
    """``stories`` in ``sort`` order: ``activity`` (highest first) or ``newest`` (last article first)."""
    for s in stories:
        s.score = activity_score(s.articles, s.outlets, s.last, ref)
    if sort == "newest":
        return sorted(stories, key=lambda s: (s.last or "", s.id), reverse=True)
    by_id = sorted(stories, key=lambda s: s.id)
    newest_first = sorted(by_id, key=lambda s: s.last or "", reverse=True)
    return sorted(newest_first, key=lambda s: (-s.score, -s.articles))


# -- attention ---------------------------------------------------------------------------

MAX_SERIES = 6


def attention_series(rows: list[tuple[str, str | None, int]], max_series: int = MAX_SERIES) -> dict[str, Any]:
    """Per-outlet day counts from ``(day, outlet, n)`` rows: the ``max_series - 1`` outlets with
    most articles by name, the rest summed as "other outlets", plus the total per day (documents
    without a publication day are counted in ``undated`` only)."""
    totals: dict[str, int] = {}
    undated = sum(int(n) for day, _outlet, n in rows if not day)
    rows = [r for r in rows if r[0]]
    for _day, outlet, n in rows:
        key = outlet or "outlet unknown"
        totals[key] = totals.get(key, 0) + int(n)
    ordered = sorted(totals, key=lambda k: (-totals[k], k))
    named = ordered if len(ordered) <= max_series else ordered[: max_series - 1]
    series: dict[str, dict[str, int]] = {k: {} for k in named}
    per_day: dict[str, int] = {}
    for day, outlet, n in rows:
        key = outlet or "outlet unknown"
        if key not in series:
            key = "other outlets"
            series.setdefault(key, {})
        series[key][day] = series[key].get(day, 0) + int(n)
        per_day[day] = per_day.get(day, 0) + int(n)
    return {
        "total": sum(totals.values()) + undated,
        "undated": undated,
        "per_day": dict(sorted(per_day.items())),
        "series": [
            {"outlet": k, "documents": sum(v.values()), "per_day": dict(sorted(v.items()))} for k, v in series.items()
        ],
    }
