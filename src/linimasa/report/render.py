"""``report.html``: one self-contained page (no external file or URL) with the run's
stories, the plot of articles per day per story, timelines with evidence, documents with
their annotations, and entities.

It renders the same Jinja2 views as the web page of ``linimasa serve``
(``linimasa/web/templates/_views.html``) with links that point inside the file, and inlines
the page's stylesheet and script. Autoescaping is on: article text is untrusted input.

A run with workers has the page rendered by another process while it writes its other
outputs: :func:`report_context` is plain data bounded by the report's limits (not by the
corpus), :func:`render_context` turns it into the HTML there, and :func:`warm_renderer`
compiles the template in that process before the context arrives.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from markupsafe import Markup

from linimasa import __version__
from linimasa.store.indexing import day_of
from linimasa.store.story_views import lead_title
from linimasa.web.annotate import annotated_html
from linimasa.web.views import ReportLinks, environment, render, shown_event, static_text

REPORT_TEMPLATE = "report.html"
MAX_DOCUMENT_TEXTS = 1000  # full objects a run hands over (the texts shown are chosen among them)
MAX_ENTITIES = 200
# A report is a page to read, not the corpus: past these, the largest stories (with their
# timelines), their documents' rows and a few annotated texts are shown, and the page says
# where the rest is (stories.jsonl, documents.jsonl, ``linimasa serve``). The bounds keep the
# page under 2 MB and its rendering under 2 s in Chromium whatever the size of the run
# (benchmarks/bench_report.py measures both on 100,000 articles; a 3,463-article run made a
# 9.3 MB page that took 18 s before).
MAX_STORIES = 60
MAX_TIMELINE_EVENTS = 40
MAX_DOCUMENT_ROWS = 400
MAX_SHOWN_TEXTS = 40
MAX_SHOWN_CHARS = 400_000  # all shown texts together (one article may hold 500,000 characters)


def _doc_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": d["id"],
        "title": d.get("title"),
        "display_title": (d.get("title") or "").strip()
        or lead_title(d.get("text") or "", d.get("sentences"))
        or d["id"],
        "outlet": d.get("outlet"),
        "published": d.get("published"),
        "day": day_of(d.get("published")),
        "lang": d.get("lang"),
        "story": d.get("story"),
        "duplicate_of": d.get("duplicate_of"),
    }


def render_report(
    documents: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    summary: dict[str, Any],
) -> str:
    """The HTML of the report for a run's output objects."""
    return render_context(report_context(documents, stories, entities, summary))


def warm_renderer() -> None:
    """For a process that will render a report (:func:`render_context`, sent to another process
    while the run writes its other outputs): the page's template compiled ahead of the context."""
    environment().get_template(REPORT_TEMPLATE)


def render_context(context: dict[str, Any]) -> str:
    """The HTML of a :func:`report_context`: the shown documents' annotated texts and the page."""
    links = context["links"]
    bodies = {d["id"]: annotated_html(d, links.entity) for d in context["shown_documents"]}
    return render(
        REPORT_TEMPLATE,
        css=Markup(static_text("app.css")),
        js=Markup(static_text("app.js").replace("</", "<\\/")),
        bodies=bodies,
        version=__version__,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **context,
    )


def report_context(
    documents: list[dict[str, Any]],
    stories: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    summary: dict[str, Any],
) -> dict[str, Any]:
    """What the page shows of a run's output objects: the largest stories, the newest document
    rows, the first documents' texts, the most cited entities (plain data: it can be sent to
    another process to render)."""
    rows = {d["id"]: _doc_row(d) for d in documents}
    top_entities = sorted(entities, key=lambda e: (-e.get("documents", 0), e["id"]))[:MAX_ENTITIES]
    entity_by_id = {e["id"]: e for e in entities}
    per_day: dict[str, Counter] = defaultdict(Counter)
    outlets: dict[str, set[str]] = defaultdict(set)
    for d in rows.values():
        if d["story"] and d["day"]:
            per_day[d["story"]][d["day"]] += 1
        if d["story"] and d["outlet"]:
            outlets[d["story"]].add(d["outlet"])
    story_total = len(stories)
    if story_total > MAX_STORIES:
        biggest = {
            s["id"] for s in sorted(stories, key=lambda s: (-len(s.get("documents") or []), s["id"]))[:MAX_STORIES]
        }
        stories = [s for s in stories if s["id"] in biggest]
    views = []
    for s in stories:
        timeline = []
        events = sorted(s.get("timeline") or [], key=lambda e: str(e.get("date") or ""))
        for e in events[:MAX_TIMELINE_EVENTS]:
            event = shown_event(e)
            event["outlets"] = sorted({o for i in e.get("documents") or [] if (o := (rows.get(i) or {}).get("outlet"))})
            timeline.append(event)
        views.append(
            {
                **s,
                "documents": len(s.get("documents") or []),
                "outlets": sorted(outlets.get(s["id"], set())),
                "per_day": dict(per_day.get(s["id"], {})),
                "timeline": timeline,
                "hidden_events": max(0, len(events) - MAX_TIMELINE_EVENTS),
                "participants": [
                    {
                        "id": i,
                        "name": entity_by_id.get(i, {}).get("name", i),
                        "type": entity_by_id.get(i, {}).get("type"),
                    }
                    for i in s.get("entities") or []
                ],
            }
        )
    views.sort(key=lambda s: (s.get("end") or "", s["id"]), reverse=True)
    # the rows the shown stories' summaries and timelines name (for their labels), not all of them
    named = {x["document"] for s in views for x in s.get("summary") or []}
    for s in views:
        for e in s["timeline"]:
            named.update(e.get("documents") or [])
            named.update(ev["document"] for ev in e.get("evidence") or [])
    # the table lists the shown stories' documents (newest first), then the newest others
    shown_ids = {s["id"] for s in views}
    by_day = sorted(rows.values(), key=lambda d: (d["day"] or "", d["id"]), reverse=True)
    doc_rows = [d for d in by_day if d["story"] in shown_ids] + [d for d in by_day if d["story"] not in shown_ids]
    doc_rows = doc_rows[:MAX_DOCUMENT_ROWS]
    # annotated texts: the documents the timelines cite first, among those the run handed over in full
    full = [d for d in documents if "text" in d]
    shown = _within_budget([d for d in full if d["id"] in named] + [d for d in full if d["id"] not in named])
    links = ReportLinks({e["id"] for e in top_entities}, {d["id"] for d in shown})
    return dict(
        links=links,
        stories=views,
        docs={i: rows[i] for i in named if i in rows},
        doc_rows=doc_rows,
        story_total=story_total,
        document_total=len(rows),
        hidden_stories=story_total - len(views),
        hidden_rows=max(0, len(rows) - len(doc_rows)),
        shown_documents=shown,
        shown_titles={d["id"]: rows[d["id"]]["display_title"] for d in shown if d["id"] in rows},
        hidden_documents=max(0, len(documents) - len(shown)),
        entities=top_entities,
        entity_total=len(entities),
        summary=summary,
    )


def _within_budget(candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first :data:`MAX_SHOWN_TEXTS` documents whose texts fit in :data:`MAX_SHOWN_CHARS` together
    (a text that does not fit is passed over for the shorter ones after it)."""
    shown: list[dict[str, Any]] = []
    left = MAX_SHOWN_CHARS
    for d in candidates:
        n = len(d.get("text") or "")
        if n <= left:
            shown.append(d)
            left -= n
            if len(shown) == MAX_SHOWN_TEXTS:
                break
    return shown
