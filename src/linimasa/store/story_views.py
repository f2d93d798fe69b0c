"""What the story and entity pages add to the stored objects: who said what, which outlet
reported first, co-mentioned entities, quotes per day, and a title for untitled articles.

Plain functions of an open connection (SQLAlchemy Core, the same on SQLite and PostgreSQL),
called by :class:`linimasa.store.queries.Catalog`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, select

from linimasa.jsontext import loads
from linimasa.store import schema

d = schema.documents
LEAD_WORDS = 14
MAX_SPEAKERS = 30
MAX_QUOTES_PER_SPEAKER = 8


def lead_title(text: str, sentences: list[dict[str, Any]] | None, max_words: int = LEAD_WORDS) -> str | None:
    """The first sentence of ``text`` (its first ``max_words`` words, "..." when cut), or None."""
    spans = [(s.get("start", 0), s.get("end", 0)) for s in sentences or [] if s.get("end", 0) > s.get("start", 0)]
    first = text[spans[0][0] : spans[0][1]] if spans else text.split("\n", 1)[0]
    words = first.split()
    if not words:
        return None
    return " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")


def fill_display_titles(conn: Any, items: list[dict[str, Any]], key: str = "id", title: str = "title") -> None:
    """Give each item a ``display_title``: its title, or its document's first sentence when it has none."""
    missing = sorted({it[key] for it in items if not (it.get(title) or "").strip() and it.get(key)})
    leads: dict[str, str | None] = {}
    for i in range(0, len(missing), 200):
        chunk = missing[i : i + 200]
        for doc_id, data, analysis in conn.execute(select(d.c.id, d.c.data, d.c.analysis).where(d.c.id.in_(chunk))):
            obj = loads(data or analysis)
            leads[doc_id] = lead_title(obj.get("text") or "", obj.get("sentences"))
    for it in items:
        it["display_title"] = (it.get(title) or "").strip() or leads.get(it.get(key) or "") or it.get(key)


def quotes_by_speaker(conn: Any, story_id: str) -> list[dict[str, Any]]:
    """The story's quotes grouped by speaker (most quoted first), each quote with its document and day;
    the same words quoted again in another article are listed once, the other articles in ``also_in``."""
    qt = schema.quotes
    rows = conn.execute(
        select(qt.c.document_id, qt.c.idx, qt.c.text, qt.c.speaker, qt.c.speaker_id, qt.c.kind, d.c.day, d.c.outlet)
        .select_from(qt.join(d, d.c.id == qt.c.document_id))
        .where(d.c.story == story_id)
        .order_by(d.c.day.nulls_last(), qt.c.document_id, qt.c.idx)
    ).all()
    groups: dict[tuple[str | None, str], dict[str, Any]] = {}
    for r in rows:
        name = (r.speaker or "").strip()
        key = (r.speaker_id, name.casefold() if not r.speaker_id else "")
        g = groups.setdefault(key, {"speaker": name or None, "speaker_id": r.speaker_id, "count": 0, "quotes": []})
        g["count"] += 1
        if not g["speaker"] and name:
            g["speaker"] = name
        said = " ".join((r.text or "").split()).casefold()
        same = next((q for q in g["quotes"] if q["_said"] == said), None)
        if same is not None:  # the same words in another article (a copy, a wire story): shown once
            same["also_in"].append(r.document_id)
        elif len(g["quotes"]) < MAX_QUOTES_PER_SPEAKER:
            g["quotes"].append(
                {
                    "_said": said,
                    "also_in": [],
                    "document": r.document_id,
                    "index": r.idx,
                    "text": r.text,
                    "kind": r.kind,
                    "day": r.day,
                    "outlet": r.outlet,
                }
            )
    for g in groups.values():
        for q in g["quotes"]:
            del q["_said"]
        g["more"] = g["count"] - sum(1 + len(q["also_in"]) for q in g["quotes"])  # quotes not listed
    ordered = sorted(
        groups.values(), key=lambda g: (g["speaker"] is None, -g["count"], (g["speaker"] or "").casefold())
    )
    return ordered[:MAX_SPEAKERS]


def outlet_firsts(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each outlet of a story's documents with its article count and first publication, earliest first.

    The first item reported first (by the full ``published`` value, the day when that is all there is).
    """
    per: dict[str, dict[str, Any]] = {}
    for doc in documents:
        outlet = doc.get("outlet") or "outlet unknown"
        when = doc.get("published") or doc.get("day")
        o = per.setdefault(outlet, {"outlet": outlet, "articles": 0, "first": None, "first_document": None})
        o["articles"] += 1
        if when and (o["first"] is None or str(when) < str(o["first"])):
            o["first"], o["first_document"] = when, doc["id"]
    return sorted(per.values(), key=lambda o: (o["first"] is None, str(o["first"] or ""), o["outlet"]))


def co_mentioned(conn: Any, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities mentioned in the same documents as ``entity_id``, by the number of such documents."""
    m, o, e = schema.mentions, schema.mentions.alias("o"), schema.entities
    n = func.count().label("n")
    rows = conn.execute(
        select(e.c.id, e.c.name, e.c.type, n)
        .select_from(m.join(o, and_(o.c.document_id == m.c.document_id, o.c.entity_id != m.c.entity_id)))
        .join(e, e.c.id == o.c.entity_id)
        .where(m.c.entity_id == entity_id)
        .group_by(e.c.id, e.c.name, e.c.type)
        .order_by(n.desc(), e.c.id)
        .limit(limit)
    ).all()
    return [{"id": r.id, "name": r.name, "type": r.type, "documents": int(r.n)} for r in rows]


def quotes_per_day(conn: Any, entity_id: str) -> dict[str, int]:
    """How many quotes are attributed to the entity per publication day."""
    qt = schema.quotes
    out: dict[str, int] = defaultdict(int)
    for day, n in conn.execute(
        select(d.c.day, func.count())
        .select_from(qt.join(d, d.c.id == qt.c.document_id))
        .where(qt.c.speaker_id == entity_id, d.c.day.is_not(None))
        .group_by(d.c.day)
    ):
        out[day] += int(n)
    return dict(sorted(out.items()))
