"""``POST /api/documents``: documents in, analysed, stored, stories regrouped.

What a request goes through, in order:

1. **Admission** (:class:`IngestQueue`): one ingest runs at a time and at most
   ``max_pending`` wait for it; a request beyond that is answered 429 with ``Retry-After``
   at once, before its body is read. Without the bound every waiting request held a
   server thread and its body (up to ``--max-body``) while ingests ahead of it each
   regrouped the whole store (tens of seconds on a large one).
2. **The body** is read with a byte limit (the ``Content-Length`` check in the app only
   covers honest clients) and a time limit.
3. **Parsing** (:func:`json_lines`): only JSON content types are accepted (415 otherwise:
   ``text/plain`` is what a cross-site form can send). Every line (or record) is parsed by
   :func:`linimasa.jsontext.parse_input`: one nested too deep or with an over-long integer is
   reported in ``skipped`` with its line number, and the other lines are stored; a JSON
   body that is such a value is a 422. Each object's string fields are checked against the
   limits of :class:`linimasa.api.models.InputDocument` (422 naming the line and field).
4. **Analysis**: the lines go through the path of ``linimasa run - --db STORE``
   (:func:`linimasa.jobs.local.run_stream`, in this process, with half of a larger batch
   analysed, and some of the touched stories finalised, by a warm helper process under
   ``linimasa serve``, :mod:`linimasa.api.helper`): the same JSON Lines reader and
   pipeline, then the last plan continued with the new documents (docs/incremental.md), so
   the new articles are checked for copies of stored ones and join (or start) stories; only
   the stories they touch are planned and finalised again. Ingests still write the store's
   plan state and final rows, the reason they are serialised.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import math
import threading
import time
from collections.abc import Iterator
from typing import Any

import anyio
from fastapi import Request

from linimasa import jsontext
from linimasa.api.helper import AnalysisHelper
from linimasa.api.models import input_document_problems
from linimasa.jobs.local import run_stream
from linimasa.jobs.stages import default_stages
from linimasa.jobs.summary import RunSummary
from linimasa.pipeline import Pipeline
from linimasa.readers.jsonl import id_problem

MAX_DOCUMENTS = 1000
BATCH = 256  # documents analysed, and story members finalised, per task (run_stream's batch_size)
DEFAULT_MAX_PENDING = 4
# A body still arriving after this long holds a place in the queue for nothing.
BODY_SECONDS = 60.0
JSON_TYPES = ("application/json",)
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines")
STDIN = "<stdin>"


class IngestError(Exception):
    """A request the ingest refuses: the HTTP status, a message (or a list of problems), headers."""

    def __init__(self, status: int, message: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class IngestQueue:
    """At most one ingest runs and at most ``max_pending`` more wait; the rest are refused.

    :meth:`enter` takes a place (or raises a 429 :class:`IngestError` with a
    ``Retry-After`` estimated from the mean duration of past ingests), :meth:`leave` gives it
    back, :meth:`running` is the one-at-a-time section.
    """

    def __init__(self, max_pending: int = DEFAULT_MAX_PENDING) -> None:
        if max_pending < 0:
            raise ValueError("max_pending must be >= 0")
        self.max_pending = max_pending
        self._lock = threading.Lock()
        self._run = threading.Lock()
        self._admitted = 0
        self._mean_seconds = 10.0

    @property
    def admitted(self) -> int:
        """Requests running or waiting now."""
        return self._admitted

    def enter(self) -> None:
        with self._lock:
            if self._admitted >= 1 + self.max_pending:
                wait = min(3600, max(1, math.ceil(self._mean_seconds * self._admitted)))
                raise IngestError(
                    429,
                    f"the ingest queue is full ({self._admitted} requests running or waiting, at most "
                    f"{1 + self.max_pending}); retry in about {wait} s",
                    {"Retry-After": str(wait)},
                )
            self._admitted += 1

    def leave(self) -> None:
        with self._lock:
            self._admitted -= 1

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        with self._run:
            t0 = time.monotonic()
            try:
                yield
            finally:
                seconds = time.monotonic() - t0
                with self._lock:
                    self._mean_seconds = 0.7 * self._mean_seconds + 0.3 * seconds


class Checkpointer:
    """Checkpoints the store's WAL after an ingest, in a thread of its own, so that the ingest's
    commits do not (:meth:`Store.defer_checkpoints`): the answer does not wait on the copy of the
    WAL into the file and its sync. One checkpoint at a time; one asked for while another runs
    follows it. :meth:`close` waits for the last (before the store is closed)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False

    def request(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="linimasa-checkpoint", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.store.checkpoint()
            except Exception:  # (the next checkpoint, or SQLite's when the store is closed, copies it)
                pass
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False

    def close(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.join()


def content_kind(content_type: str) -> str:
    """``"json"`` or ``"jsonl"`` for the request's ``Content-Type``; 415 for anything else.

    A missing type, ``text/plain``, and the form types are refused: they are what a page
    of another site can make a browser send without asking the server first (a "simple"
    request, no CORS preflight), so accepting them let any page the user opened write to
    the store.
    """
    kind = content_type.split(";")[0].strip().lower()
    if kind in JSON_TYPES:
        return "json"
    if kind in JSONL_TYPES:
        return "jsonl"
    shown = repr(kind) if kind else "none"
    raise IngestError(
        415, f"unsupported content type {shown}: send application/x-ndjson (JSON Lines) or application/json"
    )


async def read_body(request: Request, limit: int, seconds: float = BODY_SECONDS) -> bytes:
    """The request body, refusing it (413) as soon as it is longer than ``limit`` bytes, and
    (408) when it has not all arrived after ``seconds``."""
    chunks: list[bytes] = []
    size = 0
    with anyio.move_on_after(seconds) as scope:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise IngestError(413, f"request body larger than {limit} bytes")
            chunks.append(chunk)
    if scope.cancelled_caught:
        raise IngestError(408, f"the request body did not arrive within {seconds:.0f} s")
    return b"".join(chunks)


def _limits(obj: Any, where: str, number: int) -> list[dict[str, Any]]:
    if not isinstance(obj, dict):
        return []  # the reader reports it ("line is a list in JSON, not an object")
    return [
        {"parameter": field, "in": "body", where: number, "message": message}
        for field, message in input_document_problems(obj)
    ]


def named(obj: Any) -> Any:
    """``obj`` with an id of its content when it has no ``id`` (missing, empty, or neither a
    string nor an integer) and no ``url``: ``sha256-`` and 16 hexadecimal digits of its ``text``
    (else ``html``). The reader would name it by its line number, the same ``1`` for every
    request of one article: each post without an id replaced the article posted before it. By
    its content, an article posted again is the same document (unchanged), two are never one."""
    if not isinstance(obj, dict):
        return obj
    doc_id, url = obj.get("id"), obj.get("url")
    has_id = (isinstance(doc_id, str) and doc_id.strip()) or (isinstance(doc_id, int) and not isinstance(doc_id, bool))
    if has_id or (isinstance(url, str) and url.strip()):
        return obj
    body = obj.get("text") if isinstance(obj.get("text"), str) else obj.get("html")
    if not isinstance(body, str) or not body.strip():
        return obj  # (the reader skips it, saying why)
    digest = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return {**obj, "id": f"sha256-{digest}"}


def _renamed(value: Any, number: int, notes: list[tuple[str, str]]) -> Any:
    """:func:`named` of the object of line (or record) ``number``; when it had an ``id`` that names
    nothing (a list, a boolean, a blank string), ``notes`` gets the warning a run of the same line
    gives (the reader no longer sees that id): the id was silently replaced."""
    new = named(value)
    if new is not value and (problem := id_problem(value.get("id"))):
        notes.append((f"{STDIN}:{number}", f"{problem}; ignored: the document is named by its text, {new['id']!r}"))
    return new


def json_lines(
    body: bytes, kind: str, notes: list[tuple[str, str]] | None = None
) -> tuple[bytes, list[tuple[str, str]]]:
    """The JSON Lines for the reader, and ``(source, reason)`` for each line already skipped;
    ``notes`` gets ``(source, warning)`` for each object whose unusable ``id`` was replaced.

    A line nested deeper than :data:`linimasa.jsontext.MAX_INPUT_DEPTH` or holding an integer of
    thousands of digits is skipped here with its number and reason (it is left blank, so the
    reader numbers the other lines as sent); the reader would fail on it and drop the lines
    after it. A JSON body (``application/json``: one object, or an array) that is such a
    value is refused whole (422). Raises :class:`IngestError` (413, 422).
    """
    if kind == "json":
        try:
            value = jsontext.parse_input(body.removeprefix(b"\xef\xbb\xbf"))
        except jsontext.InputLimitError as exc:
            raise IngestError(422, f"the JSON body cannot be read: {exc}") from None
        except ValueError:
            return json_lines(body, "jsonl", notes)  # maybe JSON Lines sent as application/json
        items = value if isinstance(value, list) else [value]
        if not items:
            raise IngestError(400, "no document in the request body: the JSON array is empty")
        if len(items) > MAX_DOCUMENTS:
            raise IngestError(413, f"more than {MAX_DOCUMENTS} documents in one request")
        record_problems = [p for n, item in enumerate(items, start=1) for p in _limits(item, "record", n)]
        if record_problems:
            raise IngestError(422, record_problems)
        # (escaped: a lone surrogate stays readable, for the reader to replace with a warning)
        notes = notes if notes is not None else []
        renamed = [_renamed(v, n, notes) for n, v in enumerate(items, start=1)]
        return b"\n".join(json.dumps(v).encode("ascii") for v in renamed), []

    lines = body.split(b"\n")
    if sum(1 for line in lines if line.strip()) > MAX_DOCUMENTS:
        raise IngestError(413, f"more than {MAX_DOCUMENTS} documents in one request")
    skipped: list[tuple[str, str]] = []
    problems: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        text = line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line
        if not text.strip():
            continue
        try:
            value = jsontext.parse_input(text)
        except jsontext.InputLimitError as exc:
            skipped.append((f"{STDIN}:{number}", f"line skipped: {exc}"))
            lines[number - 1] = b""
            continue
        except ValueError:
            continue  # the reader reports it with the same line number
        problems.extend(_limits(value, "line", number))
        if isinstance(value, dict) and named(value) is not value:
            renamed = _renamed(value, number, notes if notes is not None else [])
            lines[number - 1] = json.dumps(renamed).encode("ascii")  # (escaped: a lone surrogate stays readable)
    if problems:
        raise IngestError(422, problems)
    return b"\n".join(lines), skipped


def _line_number(source: str) -> int:
    tail = source.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


@contextlib.contextmanager
def _then(checkpointer: Checkpointer | None) -> Iterator[None]:
    """The WAL checkpointed once the ingest is over (see :class:`Checkpointer`)."""
    try:
        yield
    finally:
        if checkpointer is not None:
            checkpointer.request()


def ingest(state: Any, body: bytes, content_type: str) -> dict[str, Any]:
    """Analyse and store the documents of ``body``; the result for the response."""
    notes: list[tuple[str, str]] = []
    lines, pre_skipped = json_lines(body, content_kind(content_type), notes)
    if not lines.strip():
        if pre_skipped:
            raise IngestError(400, "no document in the request body: " + "; ".join(r for _, r in pre_skipped[:5]))
        raise IngestError(400, "the request body is empty: send one JSON object per line")
    store = state.store
    checkpointer: Checkpointer | None = getattr(state, "checkpointer", None)
    with state.ingest_queue.running(), _then(checkpointer):
        started = time.perf_counter()
        summary = RunSummary()
        run_id = store.start_run("api ingest")
        pipeline = Pipeline(default_stages())
        helper: AnalysisHelper | None = getattr(state, "analysis_helper", None)
        # the path of `linimasa run` (jobs.local.run_stream): the new documents analysed, the
        # stored ones planned with them from their records, the stories they touch finalised
        result = run_stream(
            ["-"],
            pipeline,
            store,
            "",  # (one worker: no other process opens the store by its name)
            run_id,
            summary,
            stdin=io.BytesIO(lines),
            report_documents=0,
            batch_size=BATCH,
            whole=False,  # (no output folder: only what the new documents touch is read)
            analyse=functools.partial(helper.analyse, pipeline) if helper is not None else None,
            finalise_executor=helper.finaliser() if helper is not None else None,
        )
        summary.elapsed = time.perf_counter() - started  # (the runs table's summary: it was 0.0)
        summary.warnings[:0] = notes
        summary.skipped[:0] = pre_skipped
        summary.skipped.sort(key=lambda item: _line_number(item[0]))
        skipped = [{"source": s, "reason": r} for s, r in summary.skipped]
        if not result.added:
            store.finish_run(run_id, summary.to_json())
            raise IngestError(400, "no document in the request body: " + "; ".join(r for _, r in summary.skipped[:5]))
        store.finish_run(run_id, summary.to_json())
        added = set(result.added)
        by_id = {r["id"]: r for r in result.rows if r["id"] in added}
        return {
            "run": run_id,
            "read": summary.read,
            "analysed": summary.analysed,
            "unchanged": summary.reused,
            "skipped": skipped,
            "warnings": [{"source": s, "message": m} for s, m in summary.warnings],
            "documents": [
                {"id": i, "story": by_id[i]["story"], "duplicate_of": by_id[i]["duplicate_of"]} for i in result.added
            ],
            "stories": store.count("stories"),
            "entities": store.count("entities"),
        }
