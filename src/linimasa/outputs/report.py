"""``report.html``: the run's page, from what the run returns (rendered by :mod:`linimasa.report`)."""

from __future__ import annotations

from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.outputs.files import OutputJob
from linimasa.report.render import MAX_DOCUMENT_TEXTS, render_context, report_context, warm_renderer

# How many of a run's first documents the report shows with their text (the run keeps their
# final objects for it).
REPORT_DOCUMENTS = MAX_DOCUMENT_TEXTS

__all__ = ["REPORT_DOCUMENTS", "start_report", "warm_renderer"]


def start_report(
    documents: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    summary: dict[str, Any],
    pool: OrderedPool | None = None,
) -> OutputJob:
    """The HTML of ``report.html``: rendered by a process of ``pool`` from now on when given,
    else here when its result is asked for."""
    context = report_context(documents, stories, entities, summary)
    return OutputJob("report.html", render_context, context, pool=pool)
