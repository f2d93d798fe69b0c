"""``report.html``: a self-contained page (no external files) with the run's stories,
their timelines and evidence, and the documents.

Rendered with Jinja2 with autoescaping on: article text is untrusted input and must never
reach the page as markup.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import resources as importlib_resources
from typing import Any

from jinja2 import Environment, select_autoescape

from linimasa import __version__


def _env() -> Environment:
    return Environment(autoescape=select_autoescape(default=True, default_for_string=True))


def render_report(
    documents: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    summary: dict[str, Any],
) -> str:
    """The HTML of the report for a run's output objects."""
    template = (importlib_resources.files("linimasa") / "report" / "report.html").read_text(encoding="utf-8")
    by_id = {d["id"]: d for d in documents}
    stories_sorted = sorted(stories, key=lambda s: (s.get("end") or "", s["id"]), reverse=True)
    per_day = {
        s["id"]: Counter((by_id[i].get("published") or "")[:10] for i in s["documents"] if i in by_id) for s in stories
    }
    return (
        _env()
        .from_string(template)
        .render(
            documents=documents,
            by_id=by_id,
            stories=stories_sorted,
            entities=sorted(entities, key=lambda e: -e.get("documents", 0))[:100],
            per_day=per_day,
            summary=summary,
            version=__version__,
            generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )
