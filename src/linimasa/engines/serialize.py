"""Document objects as JSON, fast: the same dicts as :meth:`Document.to_json`, built by hand.

``to_json`` uses ``dataclasses.asdict`` per annotation, which deep-copies generically and
costs most of the time of writing a document (~0.8 ms each; 100,000 documents are written
twice: store and output). The engines serialise through :func:`document_json`, which
builds the same dicts directly. It checks once that the model still has the fields it
knows; when a field is added to an annotation type, it falls back to ``to_json``.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from typing import Any

from linimasa.model import Document, EntityMention, Quote, Removed, Span, Timex

_KNOWN = {
    Timex: ("text", "start", "end", "type", "value", "mod", "anchor", "candidates"),
    EntityMention: ("text", "start", "end", "type", "id", "name", "role"),
    Quote: ("text", "start", "end", "speaker", "speaker_id", "kind", "cue"),
    Removed: ("text", "reason"),
    Span: ("start", "end"),
    Document: (
        "id",
        "source",
        "raw",
        "url",
        "meta",
        "lang",
        "title",
        "outlet",
        "dateline",
        "published",
        "published_from",
        "text",
        "removed",
        "credits",
        "paragraphs",
        "sentences",
        "timexes",
        "entities",
        "quotes",
        "story",
        "duplicate_of",
        "features",
        "warnings",
    ),
}


@cache
def _model_unchanged() -> bool:
    return all(tuple(f.name for f in fields(cls)) == names for cls, names in _KNOWN.items())


def _timex(t: Timex) -> dict[str, Any]:
    out = {
        "text": t.text,
        "start": t.start,
        "end": t.end,
        "type": t.type,
        "value": t.value,
        "mod": t.mod,
        "anchor": t.anchor,
    }
    if t.candidates:
        out["candidates"] = list(t.candidates)
    return out


def document_json(doc: Document) -> dict[str, Any]:
    """``doc.to_json()``, the same dict, several times faster."""
    if not _model_unchanged():
        return doc.to_json()
    return {
        "id": doc.id,
        "url": doc.url,
        "lang": doc.lang,
        "title": doc.title,
        "outlet": doc.outlet,
        "dateline": doc.dateline,
        "published": doc.published,
        "published_from": doc.published_from,
        "text": doc.text,
        "removed": [{"text": r.text, "reason": r.reason} for r in doc.removed],
        "credits": list(doc.credits),
        "timexes": [_timex(t) for t in doc.timexes],
        "entities": [
            {"text": e.text, "start": e.start, "end": e.end, "type": e.type, "id": e.id, "name": e.name, "role": e.role}
            for e in doc.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "start": q.start,
                "end": q.end,
                "speaker": q.speaker,
                "speaker_id": q.speaker_id,
                "kind": q.kind,
                "cue": q.cue,
            }
            for q in doc.quotes
        ],
        "story": doc.story,
        "duplicate_of": doc.duplicate_of,
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "source": doc.source,
        "features": doc.features,
        "warnings": list(doc.warnings),
    }
