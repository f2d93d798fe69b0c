"""The JSON endpoints under ``/api`` (read endpoints, search and ingest)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from linimasa import __version__
from linimasa.api import models
from linimasa.api.ingest import IngestError, content_kind, ingest, read_body
from linimasa.api.params import FiltersDep, PagingDep
from linimasa.limits import ID_PATTERN, MAX_ID, MAX_QUERY, SAFE_TEXT
from linimasa.store.queries import Catalog
from linimasa.store.search import QueryError

router = APIRouter(prefix="/api")
ERRORS = {
    404: {"model": models.Error, "description": "No such object."},
    422: {"model": models.Error, "description": "A parameter is invalid."},
}
bearer = HTTPBearer(auto_error=False, description="The token given to `linimasa serve --token` (write endpoints).")

DocId = Annotated[str, Path(max_length=MAX_ID, pattern=ID_PATTERN, description="Document id (URL-encoded).")]
StoryId = Annotated[str, Path(max_length=MAX_ID, pattern=ID_PATTERN, description="Story id.")]
ThreadId = Annotated[str, Path(max_length=MAX_ID, pattern=ID_PATTERN, description="Thread id.")]
EntityId = Annotated[str, Path(max_length=MAX_ID, pattern=ID_PATTERN, description="Entity id, e.g. PER:joko-widodo.")]


def catalog(request: Request) -> Catalog:
    return request.app.state.catalog


CatalogDep = Annotated[Catalog, Depends(catalog)]


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Write endpoints: the configured token as ``Authorization: Bearer TOKEN`` (constant-time check)."""
    token: str | None = request.app.state.token
    if not token:
        return
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "this endpoint needs a token: Authorization: Bearer TOKEN", {"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(credentials.credentials.encode("utf-8"), token.encode("utf-8")):
        raise HTTPException(403, "the token is not valid")


def _found(obj, what: str, key: str):
    if obj is None:
        raise HTTPException(404, f"{what} {key!r} not found")
    return obj


@router.get("/health", response_model=models.Health, summary="Server and store status")
def health(cat: CatalogDep) -> dict:
    return {"status": "ok", "version": __version__, **cat.stats()}


@router.get("/facets", response_model=models.Facets, summary="Languages and outlets with document counts")
def facets(cat: CatalogDep) -> dict:
    return cat.facets()


@router.get("/documents", response_model=models.DocumentPage, responses=ERRORS, summary="List documents")
def list_documents(cat: CatalogDep, paging: PagingDep, filters: FiltersDep) -> dict:
    """Documents newest first, filtered by language, outlet, publication day range, entity and story;
    and by kept input fields with ``meta.KEY=VALUE`` (any key, repeatable: ``?meta.category=olahraga``)."""
    return cat.documents(filters, paging.page, paging.per_page).to_json()


@router.get("/documents/{doc_id:path}", response_model=models.Document, responses=ERRORS, summary="One document")
def get_document(cat: CatalogDep, doc_id: DocId) -> dict:
    """The full document object: clean text and its annotations (dates, entities, quotes, sentences)."""
    return _found(cat.document(doc_id), "document", doc_id)


SearchWords = Annotated[
    str | None,
    Query(
        max_length=MAX_QUERY,
        pattern=SAFE_TEXT,
        description='Words (all must match, Indonesian word forms too), "a phrase", prefix*, -excluded.',
    ),
]


@router.get("/stories", response_model=models.StoryPage, responses=ERRORS, summary="List stories")
def list_stories(
    cat: CatalogDep,
    paging: PagingDep,
    filters: FiltersDep,
    sort: Annotated[
        str | None, Query(pattern=r"^(newest|activity)$", description="newest (default) or activity")
    ] = None,
    min_articles: Annotated[int, Query(ge=1, le=10_000, description="Leave out smaller stories.")] = 1,
    q: SearchWords = None,
) -> dict:
    """Stories newest first (by the end of their span), with article counts per day and outlets.

    Without other parameters only the ``from``/``to`` filters apply (stories overlapping that
    range). With ``sort=activity``, ``min_articles``, ``q`` or a language, outlet, entity or story
    filter, the list holds the stories with an article matching them all, ranked by activity or
    by their last article, each with its ``activity`` score (docs/serving.md).
    """
    ranked = sort == "activity" or min_articles > 1 or bool(q and q.strip())
    if ranked or any((filters.lang, filters.outlet, filters.entity, filters.story)):
        try:
            page = cat.ranked_stories(filters, q, sort or "newest", min_articles, paging.page, paging.per_page)
        except QueryError as exc:
            raise HTTPException(422, str(exc)) from exc
        return page.to_json()
    return cat.stories(paging.page, paging.per_page, filters.date_from, filters.date_to).to_json()


@router.get("/attention", response_model=models.Attention, responses=ERRORS, summary="Attention to a query")
def attention(
    cat: CatalogDep,
    filters: FiltersDep,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY, pattern=SAFE_TEXT, description="The search words, as for /search."),
    ],
) -> dict:
    """Documents matching the query per publication day and per outlet (the attention chart)."""
    try:
        return cat.attention(q, filters)
    except QueryError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/stories/{story_id}", response_model=models.Story, responses=ERRORS, summary="One story")
def get_story(cat: CatalogDep, story_id: StoryId) -> dict:
    """The story object (summary, timeline, participants) plus its documents, outlets and articles per day."""
    return _found(cat.story(story_id), "story", story_id)


@router.get(
    "/stories/{story_id}/timeline", response_model=models.TimelinePage, responses=ERRORS, summary="A story's timeline"
)
def get_timeline(cat: CatalogDep, story_id: StoryId, paging: PagingDep) -> dict:
    """Dated events in date order, each with its status, evidence, documents and the outlets that reported it."""
    return _found(cat.timeline(story_id, paging.page, paging.per_page), "story", story_id).to_json()


@router.get("/threads", response_model=models.ThreadPage, responses=ERRORS, summary="List threads")
def list_threads(cat: CatalogDep, paging: PagingDep, filters: FiltersDep) -> dict:
    """Threads (stories linked over time by shared actors and subject) newest first.

    Only the ``from``/``to`` filters (threads overlapping that range) and ``entity`` (threads holding an
    article that mentions it) apply.
    """
    return cat.threads(paging.page, paging.per_page, filters.date_from, filters.date_to, filters.entity).to_json()


@router.get("/threads/{thread_id}", response_model=models.Thread, responses=ERRORS, summary="One thread")
def get_thread(cat: CatalogDep, thread_id: ThreadId) -> dict:
    """The thread object (stories in time order, links saying why) plus its stories' titles and spans."""
    return _found(cat.thread(thread_id), "thread", thread_id)


@router.get("/entities", response_model=models.EntityPage, responses=ERRORS, summary="List entities")
def list_entities(
    cat: CatalogDep,
    paging: PagingDep,
    type: Annotated[str | None, Query(pattern=r"^[A-Z]{2,8}$", description="PER, LOC, ORG...")] = None,
    name: Annotated[str | None, Query(max_length=200, pattern=SAFE_TEXT, description="Part of the name.")] = None,
) -> dict:
    """Entities, most mentioned first."""
    return cat.entities(paging.page, paging.per_page, type, name).to_json()


@router.get("/entities/{entity_id}", response_model=models.Entity, responses=ERRORS, summary="One entity")
def get_entity(cat: CatalogDep, entity_id: EntityId) -> dict:
    """The entity, its mentions per day, the stories it appears in and how often it is quoted."""
    return _found(cat.entity(entity_id), "entity", entity_id)


@router.get(
    "/entities/{entity_id}/documents",
    response_model=models.DocumentPage,
    responses=ERRORS,
    summary="Documents mentioning an entity",
)
def get_entity_documents(cat: CatalogDep, entity_id: EntityId, paging: PagingDep) -> dict:
    return _found(cat.entity_documents(entity_id, paging.page, paging.per_page), "entity", entity_id).to_json()


@router.get(
    "/entities/{entity_id}/quotes", response_model=models.QuotePage, responses=ERRORS, summary="Quotes by an entity"
)
def get_entity_quotes(cat: CatalogDep, entity_id: EntityId, paging: PagingDep) -> dict:
    """Quotations attributed to the entity (as speaker), newest first."""
    return _found(cat.entity_quotes(entity_id, paging.page, paging.per_page), "entity", entity_id).to_json()


@router.get("/search", response_model=models.SearchPage, responses=ERRORS, summary="Full-text search")
def search(
    cat: CatalogDep,
    paging: PagingDep,
    filters: FiltersDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY,
            pattern=SAFE_TEXT,
            description='Words (all must match, Indonesian word forms too), "a phrase", prefix*, -excluded.',
        ),
    ],
    sort: Annotated[str, Query(pattern=r"^(relevance|newest)$", description="relevance or newest")] = "relevance",
) -> dict:
    """Documents matching the query, with the same filters as the document list and a snippet each."""
    try:
        return cat.search(q, filters, paging.page, paging.per_page, sort).to_json()
    except QueryError as exc:
        raise HTTPException(422, str(exc)) from exc


@router.post(
    "/documents",
    response_model=models.IngestResult,
    responses={
        400: {"model": models.Error, "description": "The body holds no document."},
        401: {"model": models.Error, "description": "A token is configured and none was given."},
        403: {"model": models.Error, "description": "The token is wrong."},
        413: {"model": models.Error, "description": "The body or the number of documents is over the limit."},
        405: {"model": models.Error, "description": "The server's store is read-only."},
        408: {"model": models.Error, "description": "The body did not arrive in time."},
        415: {"model": models.Error, "description": "Not JSON Lines or JSON."},
        422: {
            "model": models.Error,
            "description": "A document breaks a limit of InputDocument, or the JSON "
            "body is nested too deep or holds a huge integer.",
        },
        429: {"model": models.Error, "description": "The ingest queue is full; retry after `Retry-After` seconds."},
    },
    dependencies=[Depends(require_token)],
    summary="Add documents",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "JSON Lines (one object a line, as the `.jsonl` input: `text` or `html` required; "
            "optional `id`, `title`, `url`, `published`, `outlet`, `lang`), or a JSON object or array of them.",
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"$ref": "#/components/schemas/InputDocument"},
                            {"type": "array", "items": {"$ref": "#/components/schemas/InputDocument"}},
                        ]
                    }
                },
            },
        }
    },
)
async def post_documents(request: Request) -> dict:
    """Analyse the posted documents, store them and regroup the store's stories.

    A document whose id is already stored replaces it. Lines that are not documents are
    reported in ``skipped`` with their line number and the reason (the others are still
    stored); a body with no document at all is a 400. Ingests run one at a time; when
    ``max_pending`` more already wait, the answer is 429 with ``Retry-After``.
    """
    state = request.app.state
    content_type = request.headers.get("content-type", "")
    try:
        if state.read_only:
            raise IngestError(
                405,
                "this server's store is read-only (its file or folder cannot be written): documents cannot be added",
                {"Allow": "GET, HEAD"},
            )
        content_kind(content_type)
        state.ingest_queue.enter()
        try:
            body = await read_body(request, state.max_body, state.body_seconds)
            # anyio runs the function to its end even when the request is cancelled, so
            # the place is given back only once the ingest is over (or never started).
            return await run_in_threadpool(ingest, state, body, content_type)
        finally:
            state.ingest_queue.leave()
    except IngestError as exc:
        raise HTTPException(exc.status, exc.message, exc.headers) from exc
