"""``POST /api/documents``: documents in, analysed, stored, stories regrouped.

The body is read with a byte limit (the ``Content-Length`` check in the app only covers
honest clients), parsed by the same JSON Lines reader as ``linimasa run -``, analysed by
the same pipeline, and then the corpus stages run again over every stored document so the
new articles join (or start) stories. That last step costs a pass over the whole store: fine
for a desk's store of thousands of articles, and the reason ingests are serialized (one at a
time, a lock); a large archive should be loaded with ``linimasa run``.
"""

from __future__ import annotations

import io
import json
from typing import Any

from fastapi import HTTPException, Request

from linimasa.engines.local import RunSummary, analyse_stream, run_corpus
from linimasa.pipeline import Pipeline, default_corpus_stages, default_stages
from linimasa.store import schema

MAX_DOCUMENTS = 1000
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/json-lines")


class IngestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) as soon as it is longer than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"request body larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _as_json_lines(body: bytes, content_type: str) -> bytes:
    kind = content_type.split(";")[0].strip().lower()
    if kind in JSONL_TYPES or kind == "text/plain":
        return body
    if kind == "application/json" or kind == "":
        try:
            value = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            # Not one JSON value: maybe JSON Lines sent as application/json.
            return body
        items = value if isinstance(value, list) else [value]
        return b"\n".join(json.dumps(v, ensure_ascii=False).encode("utf-8") for v in items)
    raise IngestError(415, f"unsupported content type {kind!r}: send application/x-ndjson or application/json")


def ingest(state: Any, body: bytes, content_type: str) -> dict[str, Any]:
    """Analyse and store the documents of ``body``; the result for the response."""
    lines = _as_json_lines(body, content_type)
    if not lines.strip():
        raise IngestError(400, "the request body is empty: send one JSON object per line")
    if sum(1 for line in lines.splitlines() if line.strip()) > MAX_DOCUMENTS:
        raise IngestError(413, f"more than {MAX_DOCUMENTS} documents in one request")
    store = state.store
    with state.ingest_lock:
        summary = RunSummary()
        pipeline = Pipeline(default_stages(), default_corpus_stages())
        run_id = store.start_run("api ingest")
        new_docs = analyse_stream(["-"], pipeline, summary, store=store, run_id=run_id, stdin=io.BytesIO(lines))
        skipped = [{"source": s, "reason": r} for s, r in summary.skipped]
        if not new_docs:
            store.finish_run(run_id, summary.to_json())
            raise IngestError(400, "no document in the request body: " + "; ".join(r for _, r in summary.skipped[:5]))
        new_ids = {doc.id for doc in new_docs}
        stored_ids = _stored_ids(store)
        docs = list(store.load_analyses(sorted(stored_ids - new_ids)).values()) + new_docs
        docs.sort(key=lambda doc: doc.id)
        result = run_corpus(pipeline, docs, summary)
        store.save_results(result.documents, result.stories, result.entities, run_id)
        store.save_threads(result.threads, run_id)
        store.prune()
        store.finish_run(run_id, summary.to_json())
        by_id = {doc.id: doc for doc in result.documents}
        return {
            "run": run_id,
            "read": summary.read,
            "analysed": summary.analysed,
            "unchanged": summary.reused,
            "skipped": skipped,
            "documents": [
                {"id": doc.id, "story": by_id[doc.id].story, "duplicate_of": by_id[doc.id].duplicate_of}
                for doc in new_docs
            ],
            "stories": store.count("stories"),
            "entities": store.count("entities"),
        }


def _stored_ids(store: Any) -> set[str]:
    from sqlalchemy import select

    with store.engine.connect() as conn:
        return {r[0] for r in conn.execute(select(schema.documents.c.id))}
