"""The application of ``linimasa serve``: the JSON API under ``/api``, the web page at
``/``, and what protects both.

Protection, in one place: the ``Host`` and ``Origin`` checks
(:mod:`linimasa.api.guard`: no DNS rebinding, no cross-site writes), a request body limit (``Content-Length`` checked before
anything is read, and the ingest endpoint counts the bytes it reads), security headers on
every response (a Content-Security-Policy that allows only this server's own scripts and
styles: even if some text escaped the templates' escaping, no script could run), the
write token (see :func:`linimasa.api.routes.require_token`), and errors that say what was
wrong without a stack trace. The OpenAPI schema is at ``/openapi.json``; the interactive
docs pages are off because they load scripts from a CDN (linimasa stays offline).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linimasa import __version__
from linimasa.api.guard import RequestGuard, server_names
from linimasa.api.helper import AnalysisHelper
from linimasa.api.ingest import BODY_SECONDS, DEFAULT_MAX_PENDING, Checkpointer, IngestQueue
from linimasa.api.models import input_document_schema
from linimasa.api.routes import router
from linimasa.jobs.stages import default_stages
from linimasa.store.database import Store
from linimasa.store.queries import Catalog
from linimasa.web.routes import error_page
from linimasa.web.routes import router as web_router

DEFAULT_MAX_BODY = 10_000_000
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class LimitsAndHeaders:
    """ASGI middleware: refuse bodies over the limit by ``Content-Length``; add security headers."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                await JSONResponse({"detail": "invalid Content-Length"}, 400)(scope, receive, send)
                return
            if int(length) > self.max_body:
                response = JSONResponse({"detail": f"request body larger than {self.max_body} bytes"}, 413)
                await response(scope, receive, send)
                return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"content-security-policy", CSP.encode()),
                ]
                message["headers"] = list(message.get("headers") or []) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def create_app(
    db: str | Store,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    *,
    host: str = "127.0.0.1",
    allowed_hosts: Iterable[str] = (),
    max_pending: int = DEFAULT_MAX_PENDING,
    read_only: bool = False,
    analysis_helper: bool = False,
) -> FastAPI:
    """The ASGI app over the store ``db`` (a path, a URL or an open :class:`Store`).

    ``host`` is the address the server listens on and ``allowed_hosts`` more names it is
    reached by: requests whose ``Host`` header names something else are refused (see
    :mod:`linimasa.api.guard`). ``max_pending`` ingests may wait while one runs.
    ``read_only`` opens the store read-only (a store on a read-only mount); writes then
    get 405. ``analysis_helper``: ingests analyse half of a larger batch, and finalise some of
    the stories they touch, in a warm helper process (:mod:`linimasa.api.helper`; ``linimasa
    serve`` starts the app with it).
    """
    store = db if isinstance(db, Store) else Store(db, read_only=read_only)
    helper = (
        AnalysisHelper(default_stages(), None if isinstance(db, Store) else db)
        if analysis_helper and not store.read_only
        else None
    )

    # (an ingest's commits leave the WAL to a checkpoint after its answer)
    checkpointer = Checkpointer(store) if not isinstance(db, Store) and store.defer_checkpoints() else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if helper is not None:
                helper.close()
            if checkpointer is not None:
                checkpointer.close()
        if not isinstance(db, Store):
            store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="linimasa",
        version=__version__,
        description=(
            "Stories, timelines, entities, quotes and full-text search over a linimasa store. "
            "Every list is paginated (page, per_page <= 200). Write endpoints need "
            "`Authorization: Bearer TOKEN` when the server has a token."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.catalog = Catalog(store)
    app.state.token = token or None
    app.state.max_body = max_body
    app.state.ingest_queue = IngestQueue(max_pending)
    app.state.analysis_helper = helper
    app.state.checkpointer = checkpointer
    app.state.body_seconds = BODY_SECONDS
    app.state.read_only = store.read_only
    app.include_router(router)
    app.include_router(web_router)
    app.add_middleware(RequestGuard, names=server_names(host, allowed_hosts))
    app.add_middleware(LimitsAndHeaders, max_body=max_body)  # outermost: its headers go on the guard's answers too

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=getattr(exc, "headers", None))
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {
                "parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body",
                "in": str(e.get("loc", ("?",))[0]),
                "message": e.get("msg", "invalid"),
            }
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, 422)
        text = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
        return error_page(request, 400, f"invalid request: {text}")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:  # pragma: no cover - last resort
        if _wants_json(request):
            return JSONResponse({"detail": "internal error"}, 500)
        return error_page(request, 500, "internal error")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {})["InputDocument"] = input_document_schema()
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    return app
