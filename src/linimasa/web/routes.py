"""The HTML pages: stories, a story, entities, an entity, a document, search.

Server-rendered from the same :class:`~linimasa.store.queries.Catalog` the JSON API reads;
the two stylesheet/script files are package data served from memory (no endpoint reads a
file named by the request). Form parameters are validated here leniently (an empty field is
"no filter"; a malformed date is a 400 page that says which field), since browsers send
every field of a form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup, escape

from linimasa import __version__
from linimasa.limits import ID_PATTERN, MAX_ID, MAX_PAGE, MAX_QUERY
from linimasa.store.queries import Catalog, Filters
from linimasa.store.search import QueryError
from linimasa.store.story_views import lead_title
from linimasa.web.annotate import annotated_html
from linimasa.web.views import WebLinks, render, shown_event, static_text

router = APIRouter(include_in_schema=False)
LINKS = WebLinks()
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
WebId = Annotated[str, Path(max_length=MAX_ID, pattern=ID_PATTERN)]


def _catalog(request: Request) -> Catalog:
    return request.app.state.catalog


def _html(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    try:
        stats = _catalog(request).stats()
    except Exception:  # the footer must never break an error page
        stats = None
    html = render(template, links=LINKS, version=__version__, stats=stats, **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = "error"
    return _html(request, "error.html", status, status=status, reason=reason, message=message)


def _text_param(value: str | None, name: str, limit: int = 256) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit or _CONTROL.search(value):
        raise HTTPException(400, f"{name}: at most {limit} printable characters")
    return value.strip()


def _choice_param(value: str | None, name: str, allowed: tuple[str, ...]) -> str:
    """``value`` when it is one of ``allowed``, the first of them when not given; anything else is a 400 page
    naming the values (it was ignored silently, where the API answers 422)."""
    if value is None or not value.strip():
        return allowed[0]
    if value.strip() not in allowed:
        raise HTTPException(400, f"{name}: {value[:40]!r} is not one of: {', '.join(allowed)}")  # (repr: printable)
    return value.strip()


def _date_param(value: str | None, name: str) -> str | None:
    value = _text_param(value, name, 10)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/static/app.css")
def stylesheet() -> Response:
    return Response(static_text("app.css"), media_type="text/css", headers={"Cache-Control": "max-age=300"})


@router.get("/static/app.js")
def script() -> Response:
    return Response(static_text("app.js"), media_type="text/javascript", headers={"Cache-Control": "max-age=300"})


def _filters(lang: str | None, outlet: str | None, date_from: str | None, date_to: str | None) -> Filters:
    filters = Filters(
        lang=_text_param(lang, "language", 16),
        outlet=_text_param(outlet, "outlet"),
        date_from=_date_param(date_from, "from"),
        date_to=_date_param(date_to, "to"),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HTTPException(400, f"'from' ({filters.date_from}) is after 'to' ({filters.date_to})")
    return filters


def _resolve_entity(cat: Catalog, value: str | None) -> dict[str, Any] | None:
    """The entity an ``entity`` field names: an entity id, else the most cited entity of that name,
    else the most cited entity whose name contains the text (so a person can type "Jokowi" as well
    as ``PER:joko-widodo``, and "Paris" is Paris, not Paris Saint-Germain)."""
    if not value:
        return None
    one = cat.entity_row(value) or cat.entity_named(value)
    if one:
        return one
    found = cat.entities(1, 1, None, value).items
    return found[0] if found else {"id": value, "name": value, "type": None, "missing": True}


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    page: PageNo = 1,
    q: str | None = None,
    lang: str | None = None,
    outlet: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    entity: str | None = None,
    sort: str | None = None,
    all: str | None = None,
) -> HTMLResponse:
    """Stories by activity (docs/serving.md), one-article stories hidden unless ``all=1``; the
    filters and the search words narrow them to stories with a matching article."""
    cat = _catalog(request)
    filters = _filters(lang, outlet, date_from, date_to)
    query = _text_param(q, "words", MAX_QUERY)
    ent = _resolve_entity(cat, _text_param(entity, "entity", MAX_ID))
    if ent:
        filters.entity = ent["id"]
    sort = _choice_param(sort, "sort", ("activity", "newest"))
    show_all = all in ("1", "on", "true")
    params = {
        "q": query,
        "lang": filters.lang,
        "outlet": filters.outlet,
        "from": filters.date_from,
        "to": filters.date_to,
        "entity": _text_param(entity, "entity", MAX_ID),
        "sort": sort if sort != "activity" else None,
        "all": "1" if show_all else None,
    }
    error, status, result, attention = None, 200, None, None
    try:
        result = cat.ranked_stories(filters, query, sort, 1 if show_all else 2, page, 30).to_json()
        if query:
            attention = cat.attention(query, filters)
    except QueryError as exc:
        error, status = str(exc), 400
    if result and result["total"] and not result["items"]:  # a page past the last one
        status = 404
    return _html(
        request,
        "stories.html",
        status,
        page=result,
        params=params,
        facets=cat.facets(),
        entity=ent,
        attention=attention,
        error=error,
        quick_q=query,
    )


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: WebId, page: PageNo = 1) -> HTMLResponse:
    cat = _catalog(request)
    story = cat.story(story_id)
    if story is None:
        raise HTTPException(404, f"story {story_id!r} not found")
    timeline = cat.timeline(story_id, page, 200)
    if timeline:
        timeline.items = [{**shown_event(e), "anchor": f"event-{i}"} for i, e in enumerate(timeline.items)]
    docs = {d["id"]: d for d in story["document_list"]}
    thread = cat.thread(story["thread"]) if story.get("thread") else None
    past_end = bool(timeline and timeline.total and not timeline.items)
    return _html(
        request,
        "story.html",
        404 if past_end else 200,
        story=story,
        timeline=timeline.to_json() if timeline else None,
        docs=docs,
        thread=thread,
    )


@router.get("/threads", response_class=HTMLResponse)
def threads_page(request: Request, page: PageNo = 1) -> HTMLResponse:
    """Every thread, newest first: the way in to the threads (before, only a story page linked one)."""
    result = _catalog(request).threads(page, 50).to_json()
    return _html(request, "threads.html", page=result, params={})


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_page(request: Request, thread_id: WebId) -> HTMLResponse:
    """A thread's stories on one time axis, each a link to its story, and why each one is there."""
    cat = _catalog(request)
    thread = cat.thread(thread_id)
    if thread is None:
        raise HTTPException(404, f"thread {thread_id!r} not found")
    # a link's shared actors are named (not only the thread's participants) and its stories by title
    linked = {e for link in thread.get("links") or [] for e in link.get("entities") or []}
    names = {p["id"]: p["name"] or p["id"] for p in thread["participants"]}
    names.update(cat.entity_names(linked - names.keys()))
    titles = {s["id"]: s["title"] or s["id"] for s in thread["story_list"]}
    return _html(
        request, "thread.html", thread=thread, axis=thread_axis(thread["story_list"]), names=names, titles=titles
    )


def thread_axis(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each story's place on the thread's time axis, as a percentage from its first to its last day
    (``None`` for a story without a date: listed, not drawn at the first day)."""

    def day(value: str | None) -> dt.date | None:
        try:
            return dt.date.fromisoformat((value or "")[:10])
        except ValueError:
            return None

    days = [d for s in stories if (d := day(s.get("start")))]
    if not days:
        return [{**s, "left": None} for s in stories]
    lo, hi = min(days), max(days)
    width = max((hi - lo).days, 1)
    out = []
    for s in stories:
        d = day(s.get("start"))
        out.append({**s, "left": round(100.0 * (d - lo).days / width, 2) if d else None})
    return out


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, page: PageNo = 1, name: str | None = None, type: str | None = None) -> HTMLResponse:
    name = _text_param(name, "name", 200)
    type_ = _text_param(type, "type", 8)
    result = _catalog(request).entities(page, 50, type_, name).to_json()
    return _html(request, "entities.html", page=result, params={"name": name, "type": type_})


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: WebId, page: PageNo = 1) -> HTMLResponse:
    cat = _catalog(request)
    entity = cat.entity(entity_id)
    if entity is None:
        raise HTTPException(404, f"entity {entity_id!r} not found")
    quotes = cat.entity_quotes(entity_id, page, 20)
    documents = cat.entity_documents(entity_id, 1, 30)
    past_end = bool(quotes and quotes.total and not quotes.items)
    return _html(
        request,
        "entity.html",
        404 if past_end else 200,
        entity=entity,
        quotes=quotes.to_json(),
        documents=documents.to_json(),
    )


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: WebId) -> HTMLResponse:
    cat = _catalog(request)
    doc = cat.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"document {doc_id!r} not found")
    story = cat.story(doc["story"]) if doc.get("story") else None
    seen: dict[str, dict[str, Any]] = {}
    for m in doc.get("entities") or []:
        if m.get("id") and m["id"] not in seen:
            seen[m["id"]] = {"id": m["id"], "name": m.get("name") or m.get("text"), "type": m.get("type")}
    body = annotated_html(doc, LINKS.entity)
    title = (doc.get("title") or "").strip() or lead_title(doc.get("text") or "", doc.get("sentences")) or doc["id"]
    fields = [(key, _field_text(value)) for key, value in sorted((doc.get("meta") or {}).items())]
    return _html(
        request,
        "document.html",
        doc=doc,
        story=story,
        body=body,
        entities=list(seen.values()),
        title=title,
        fields=fields,
    )


def _field_text(value: Any) -> str:
    """A kept input field as the CSV table writes it: a list joined with "; ", an object as JSON."""
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return "; ".join(map(str, value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _snippet_html(snippet: dict[str, Any]) -> Markup:
    text, out, at = snippet["text"], [], 0
    for a, b in snippet["highlights"]:
        out.append(escape(text[at:a]))
        out.append(Markup("<mark>") + escape(text[a:b]) + Markup("</mark>"))
        at = b
    out.append(escape(text[at:]))
    return Markup("").join(out)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    page: PageNo = 1,
    q: str | None = None,
    lang: str | None = None,
    outlet: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    entity: str | None = None,
    story: str | None = None,
    sort: str | None = None,
) -> HTMLResponse:
    cat = _catalog(request)
    filters = Filters(
        lang=_text_param(lang, "language", 16),
        outlet=_text_param(outlet, "outlet"),
        date_from=_date_param(date_from, "from"),
        date_to=_date_param(date_to, "to"),
        entity=_text_param(entity, "entity", MAX_ID),
        story=_text_param(story, "story", MAX_ID),
    )
    query = _text_param(q, "words", MAX_QUERY)
    sort = _choice_param(sort, "sort", ("relevance", "newest"))
    params = {
        "q": query,
        "lang": filters.lang,
        "outlet": filters.outlet,
        "from": filters.date_from,
        "to": filters.date_to,
        "entity": filters.entity,
        "story": filters.story,
        "sort": sort,
    }
    error = None
    result = None
    attention = None
    status = 200
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        error, status = f"'from' ({filters.date_from}) is after 'to' ({filters.date_to})", 400
    elif query:
        try:
            result = cat.search(query, filters, page, 20, sort).to_json()
            attention = cat.attention(query, filters)
        except QueryError as exc:
            error, status = str(exc), 400
    elif any(params[k] for k in ("lang", "outlet", "from", "to", "entity", "story")):
        result = cat.documents(filters, page, 20).to_json()
    if result and result["total"] and not result["items"]:  # a page past the last one
        status = 404
    if result:
        for item in result["items"]:
            item["snippet_html"] = _snippet_html(item["snippet"]) if "snippet" in item else None
    return _html(
        request,
        "search.html",
        status,
        page=result,
        params=params,
        facets=cat.facets(),
        error=error,
        attention=attention,
        quick_q=query,
    )
