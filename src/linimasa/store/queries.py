"""Read-only views of a store for the HTTP API, the web page and the report.

Every list is paginated (``page``/``per_page``, with a total) and every filter is a bound
parameter in a SQLAlchemy expression. Lists read the plain columns (id, title, outlet,
day...) and never parse the stored JSON; only single objects (one document, one story)
are decoded. The same code serves SQLite and PostgreSQL; the only dialect-specific part is
the full-text match (:mod:`linimasa.store.search`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, column, exists, func, literal_column, select, table, text

from linimasa.jsontext import dumps, loads
from linimasa.limits import MAX_PER_PAGE
from linimasa.readers.html import normalize_lang
from linimasa.store import activity, schema, story_views
from linimasa.store.database import Store
from linimasa.store.meta_filter import MetaMatch
from linimasa.store.outlet_filter import outlet_spellings
from linimasa.store.search import SearchQuery, fts5_match, parse_query, pg_tsquery, snippet

_SEARCH_FTS = table("search_fts", column("rowid"))

d = schema.documents


@dataclass
class Filters:
    """Document filters shared by the document list and search."""

    lang: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    entity: str | None = None
    story: str | None = None
    # kept input fields, each (KEY, VALUE): documents whose meta[KEY] is or holds VALUE (store/meta_filter.py)
    meta: tuple[tuple[str, str], ...] = ()
    run: int | None = None  # documents this run (or API ingest) analysed last: new or changed then

    def apply(self, q: Select) -> Select:
        if self.lang:  # a language tag as the input's `lang` is read: "ID", "id-ID", "in" are "id"
            q = q.where(d.c.lang == (normalize_lang(self.lang) or self.lang))
        if self.outlet:  # in any letter case ("kompas" finds "Kompas"): the stored spellings, by index
            q = q.where(d.c.outlet.in_(outlet_spellings(self.outlet)))
        if self.date_from:
            q = q.where(d.c.day >= self.date_from)
        if self.date_to:
            q = q.where(d.c.day <= self.date_to)
        if self.story:
            q = q.where(d.c.story == self.story)
        if self.entity:
            m = schema.mentions
            q = q.where(exists().where(and_(m.c.document_id == d.c.id, m.c.entity_id == self.entity)))
        for key, value in self.meta:
            q = q.where(MetaMatch(key, value))
        if self.run is not None:
            q = q.where(d.c.updated_run == self.run)
        return q


@dataclass
class Page:
    items: list[dict[str, Any]]
    page: int
    per_page: int
    total: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "pages": self.pages,
            "next_page": self.page + 1 if self.page < self.pages else None,
            "prev_page": self.page - 1 if self.page > 1 else None,
            **self.extra,
        }


_DOC_COLUMNS = (d.c.id, d.c.title, d.c.outlet, d.c.published, d.c.day, d.c.lang, d.c.story, d.c.duplicate_of)


def _doc_summary(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "outlet": row.outlet,
        "published": row.published,
        "day": row.day,
        "lang": row.lang,
        "story": row.story,
        "duplicate_of": row.duplicate_of,
    }


def _clamp(page: int, per_page: int) -> tuple[int, int]:
    return max(1, page), min(MAX_PER_PAGE, max(1, per_page))


class Catalog:
    """The store as the API and the web page read it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine
        self.dialect = store.dialect

    def _page(self, q: Select, page: int, per_page: int) -> tuple[list[Any], int]:
        page, per_page = _clamp(page, per_page)
        with self.engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one())
            rows = conn.execute(q.limit(per_page).offset((page - 1) * per_page)).all()
        return rows, total

    # -- overview ---------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            version = conn.execute(
                select(schema.store_info.c.value).where(schema.store_info.c.key == "schema_version")
            ).scalar_one_or_none()
            counts = {
                name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for name, t in (("documents", d), ("stories", schema.stories), ("entities", schema.entities))
            }
        return {"schema_version": int(version or 0), "backend": self.dialect, **counts}

    def facets(self, limit: int = 200) -> dict[str, list[dict[str, Any]]]:
        """Languages and outlets with their document counts (for filter menus)."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for name, col in (("languages", d.c.lang), ("outlets", d.c.outlet)):
                n = func.count().label("n")
                rows = conn.execute(
                    select(col, n).where(col.is_not(None)).group_by(col).order_by(n.desc(), col).limit(limit)
                ).all()
                out[name] = [{"value": r[0], "documents": int(r[1])} for r in rows]
        return out

    # -- documents --------------------------------------------------------------------
    def documents(self, filters: Filters, page: int = 1, per_page: int = 20) -> Page:
        q = filters.apply(select(*_DOC_COLUMNS)).order_by(d.c.day.desc().nulls_last(), d.c.id)
        rows, total = self._page(q, page, per_page)
        page, per_page = _clamp(page, per_page)
        items = [_doc_summary(r) for r in rows]
        self._display_titles(items)
        return Page(items, page, per_page, total)

    def _display_titles(self, items: list[dict[str, Any]], key: str = "id") -> None:
        with self.engine.connect() as conn:
            story_views.fill_display_titles(conn, items, key)

    def document(self, doc_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(d.c.data, d.c.analysis).where(d.c.id == doc_id)).first()
        if row is None:
            return None
        return loads(row.data or row.analysis)

    def _outlets_of(self, doc_ids: list[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(doc_ids), 500):
                chunk = doc_ids[i : i + 500]
                out.update(dict(conn.execute(select(d.c.id, d.c.outlet).where(d.c.id.in_(chunk))).all()))
        return out

    # -- stories ----------------------------------------------------------------------
    def stories(
        self, page: int = 1, per_page: int = 20, date_from: str | None = None, date_to: str | None = None
    ) -> Page:
        """Stories newest first (by the end of their span), with per-day article counts."""
        s = schema.stories
        q = select(s.c.id, s.c.title, s.c.start_date, s.c.end_date, s.c.n_documents)
        if date_from:
            q = q.where(s.c.end_date >= date_from)
        if date_to:
            q = q.where(s.c.start_date <= date_to)
        q = q.order_by(s.c.end_date.desc().nulls_last(), s.c.id)
        rows, total = self._page(q, page, per_page)
        ids = [r.id for r in rows]
        per_day, outlets = self._story_counts(ids)
        items = [
            {
                "id": r.id,
                "title": r.title,
                "start": r.start_date,
                "end": r.end_date,
                "documents": int(r.n_documents or 0),
                "outlets": sorted(outlets.get(r.id, {})),
                "per_day": per_day.get(r.id, {}),
            }
            for r in rows
        ]
        page, per_page = _clamp(page, per_page)
        return Page(items, page, per_page, total)

    def ranked_stories(
        self,
        filters: Filters | None = None,
        query: str | None = None,
        sort: str = "activity",
        min_articles: int = 2,
        page: int = 1,
        per_page: int = 30,
    ) -> Page:
        """Stories by activity (or newest first) that hold a document matching the filters and the
        search query, leaving out stories of fewer than ``min_articles`` articles (see
        :mod:`linimasa.store.activity`). Raises QueryError for a query with nothing to search for."""
        filters = filters or Filters()
        matching = None
        if query:
            source, where, _rank = self._search_source(parse_query(query))
            matching = filters.apply(select(d.c.story).select_from(source).where(where))
        elif any((filters.lang, filters.outlet, filters.date_from, filters.date_to, filters.entity, filters.story)):
            matching = filters.apply(select(d.c.story))
        if matching is not None:
            matching = matching.where(d.c.story.is_not(None)).distinct().correlate(None)
        with self.engine.connect() as conn:
            found = activity.story_aggregates(conn, matching, 1)
            ref = activity.reference_day(activity.newest_day(conn), filters.date_to)
        shown = [x for x in found if x.articles >= min_articles]
        ranked = activity.rank(shown, sort, ref)
        page, per_page = _clamp(page, per_page)
        chunk = ranked[(page - 1) * per_page : page * per_page]
        s = schema.stories
        with self.engine.connect() as conn:
            info = {
                r.id: r
                for r in conn.execute(
                    select(s.c.id, s.c.title, s.c.start_date, s.c.end_date, s.c.thread).where(
                        s.c.id.in_([x.id for x in chunk])
                    )
                )
            }
        per_day, outlets = self._story_counts([x.id for x in chunk])
        items = []
        for x in chunk:
            r = info.get(x.id)
            items.append(
                {
                    "id": x.id,
                    "title": r.title if r else x.id,
                    "start": r.start_date if r else x.first,
                    "end": r.end_date if r else x.last,
                    "thread": r.thread if r else None,
                    "documents": x.articles,
                    "outlets": sorted(outlets.get(x.id, {})),
                    "first_article": x.first,
                    "last_article": x.last,
                    "activity": x.score,
                    "per_day": per_day.get(x.id, {}),
                }
            )
        extra = {
            "sort": sort,
            "min_articles": min_articles,
            "hidden": len(found) - len(shown),
            "reference_day": ref.isoformat() if ref else None,
        }
        return Page(items, page, per_page, len(ranked), extra)

    def attention(self, query: str, filters: Filters | None = None) -> dict[str, Any]:
        """Documents matching ``query`` (and the filters) per day and per outlet: the largest outlets
        as their own series, the rest summed (:func:`linimasa.store.activity.attention_series`)."""
        source, where, _rank = self._search_source(parse_query(query))
        n = func.count().label("n")
        q = (filters or Filters()).apply(
            select(d.c.day, d.c.outlet, n).select_from(source).where(where).group_by(d.c.day, d.c.outlet)
        )
        with self.engine.connect() as conn:
            rows = [(r.day, r.outlet, int(r.n)) for r in conn.execute(q)]
        return {"query": query, **activity.attention_series(rows)}

    def _search_source(self, query: SearchQuery) -> tuple[Any, Any, Any]:
        """The FROM clause (the full-text index joined to documents), the match condition and the
        rank expression of a parsed query, for this store's dialect."""
        sd = schema.search_docs
        if self.dialect == "postgresql":
            tsq = func.to_tsquery("simple", pg_tsquery(query))
            tv = schema.search_tsv
            source = tv.join(sd, sd.c.id == tv.c.id).join(d, d.c.id == sd.c.document_id)
            return source, tv.c.tsv.op("@@")(tsq), func.ts_rank(tv.c.tsv, tsq)
        source = _SEARCH_FTS.join(sd, sd.c.id == _SEARCH_FTS.c.rowid).join(d, d.c.id == sd.c.document_id)
        where = text("search_fts MATCH :match").bindparams(match=fts5_match(query))
        return source, where, literal_column("bm25(search_fts)")

    def _story_counts(self, ids: list[str]) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
        per_day: dict[str, dict[str, int]] = defaultdict(dict)
        outlets: dict[str, dict[str, int]] = defaultdict(dict)
        if not ids:
            return per_day, outlets
        n = func.count().label("n")
        with self.engine.connect() as conn:
            for story, day, count in conn.execute(
                select(d.c.story, d.c.day, n)
                .where(d.c.story.in_(ids), d.c.day.is_not(None))
                .group_by(d.c.story, d.c.day)
            ):
                per_day[story][day] = int(count)
            for story, outlet, count in conn.execute(
                select(d.c.story, d.c.outlet, n)
                .where(d.c.story.in_(ids), d.c.outlet.is_not(None))
                .group_by(d.c.story, d.c.outlet)
            ):
                outlets[story][outlet] = int(count)
        return per_day, outlets

    def story(self, story_id: str) -> dict[str, Any] | None:
        """The story object plus what its page shows: participants, documents, outlets, per-day counts."""
        s = schema.stories
        with self.engine.connect() as conn:
            row = conn.execute(select(s.c.data).where(s.c.id == story_id)).first()
            if row is None:
                return None
            obj = loads(row.data)
            docs = conn.execute(
                select(*_DOC_COLUMNS).where(d.c.story == story_id).order_by(d.c.day.nulls_last(), d.c.id)
            ).all()
            e = schema.entities
            ids = list(obj.get("entities") or [])
            known = {
                r.id: {"id": r.id, "name": r.name, "type": r.type, "documents": r.n_documents}
                for r in conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.n_documents).where(e.c.id.in_(ids)))
            }
        per_day, outlets = self._story_counts([story_id])
        obj["participants"] = [known.get(i, {"id": i, "name": i, "type": None, "documents": None}) for i in ids]
        obj["document_list"] = [_doc_summary(r) for r in docs]
        with self.engine.connect() as conn:
            story_views.fill_display_titles(conn, obj["document_list"])
            obj["speakers"] = story_views.quotes_by_speaker(conn, story_id)
        obj["outlet_firsts"] = story_views.outlet_firsts(obj["document_list"])
        obj["outlets"] = outlets.get(story_id, {})
        obj["per_day"] = per_day.get(story_id, {})
        return obj

    # -- threads ----------------------------------------------------------------------
    def threads(
        self,
        page: int = 1,
        per_page: int = 20,
        date_from: str | None = None,
        date_to: str | None = None,
        entity: str | None = None,
    ) -> Page:
        """Threads newest first (by the end of their span); with ``entity``, those holding an article that mentions it."""
        t, s, m = schema.threads, schema.stories, schema.mentions
        q = select(t.c.id, t.c.title, t.c.start_date, t.c.end_date, t.c.n_stories)
        if entity:
            mentioned = select(s.c.thread).join(d, d.c.story == s.c.id).join(m, m.c.document_id == d.c.id)
            q = q.where(t.c.id.in_(mentioned.where(m.c.entity_id == entity)))
        if date_from:
            q = q.where(t.c.end_date >= date_from)
        if date_to:
            q = q.where(t.c.start_date <= date_to)
        q = q.order_by(t.c.end_date.desc().nulls_last(), t.c.id)
        rows, total = self._page(q, page, per_page)
        items = [
            {"id": r.id, "title": r.title, "start": r.start_date, "end": r.end_date, "stories": int(r.n_stories or 0)}
            for r in rows
        ]
        page, per_page = _clamp(page, per_page)
        return Page(items, page, per_page, total)

    def thread(self, thread_id: str) -> dict[str, Any] | None:
        """The thread object plus its stories (title, span, article count, in time order) and participants."""
        t, s, e = schema.threads, schema.stories, schema.entities
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.data).where(t.c.id == thread_id)).first()
            if row is None:
                return None
            obj = loads(row.data)
            ids = list(obj.get("stories") or [])
            found = {
                r.id: {
                    "id": r.id,
                    "title": r.title,
                    "start": r.start_date,
                    "end": r.end_date,
                    "documents": int(r.n_documents or 0),
                }
                for r in conn.execute(
                    select(s.c.id, s.c.title, s.c.start_date, s.c.end_date, s.c.n_documents).where(s.c.id.in_(ids))
                )
            }
            ents = list(obj.get("entities") or [])
            known = {
                r.id: {"id": r.id, "name": r.name, "type": r.type, "documents": r.n_documents}
                for r in conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.n_documents).where(e.c.id.in_(ents)))
            }
        obj["story_list"] = [found[i] for i in ids if i in found]
        obj["participants"] = [known.get(i, {"id": i, "name": i, "type": None, "documents": None}) for i in ents]
        return obj

    def entity_names(self, ids: set[str]) -> dict[str, str]:
        """``{id: name}`` of the stored entities among ``ids`` (a thread link's shared actors)."""
        e = schema.entities
        with self.engine.connect() as conn:
            return {r.id: r.name for r in conn.execute(select(e.c.id, e.c.name).where(e.c.id.in_(sorted(ids))))}

    def timeline(self, story_id: str, page: int = 1, per_page: int = 50) -> Page | None:
        """The story's timeline events in date order, each with the outlets that reported it."""
        s = schema.stories
        with self.engine.connect() as conn:
            row = conn.execute(select(s.c.data).where(s.c.id == story_id)).first()
        if row is None:
            return None
        events = loads(row.data).get("timeline") or []
        events = sorted(events, key=lambda e: (str(e.get("date") or ""),))
        page, per_page = _clamp(page, per_page)
        chunk = events[(page - 1) * per_page : page * per_page]
        outlets = self._outlets_of(sorted({i for e in chunk for i in e.get("documents") or []}))
        items = []
        for e in chunk:
            item = dict(e)
            item["outlets"] = sorted({o for i in e.get("documents") or [] if (o := outlets.get(i))})
            items.append(item)
        return Page(items, page, per_page, len(events), {"story": story_id})

    # -- entities ---------------------------------------------------------------------
    def entities(self, page: int = 1, per_page: int = 20, type_: str | None = None, name: str | None = None) -> Page:
        e = schema.entities
        q = select(e.c.id, e.c.name, e.c.type, e.c.n_documents)
        if type_:
            q = q.where(e.c.type == type_)
        if name:
            like = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            lower = func.unicode_lower if self.dialect == "sqlite" else func.lower  # both fold every letter
            q = q.where(lower(e.c.name).like(f"%{like.lower()}%", escape="\\"))
        q = q.order_by(e.c.n_documents.desc().nulls_last(), e.c.id)
        rows, total = self._page(q, page, per_page)
        page, per_page = _clamp(page, per_page)
        items = [{"id": r.id, "name": r.name, "type": r.type, "documents": int(r.n_documents or 0)} for r in rows]
        return Page(items, page, per_page, total)

    def entity_named(self, name: str) -> dict[str, Any] | None:
        """The most cited entity whose name is ``name`` (letter case aside), else the most cited one
        written so (one of its ``aliases``: "Jokowi" is Joko Widodo), or None."""
        e = schema.entities
        key = name.strip().lower()
        lower = func.unicode_lower if self.dialect == "sqlite" else func.lower
        by_count = (e.c.n_documents.desc().nulls_last(), e.c.id)
        with self.engine.connect() as conn:
            found = conn.execute(select(e.c.id).where(lower(e.c.name) == key).order_by(*by_count).limit(1)).scalar()
            if found is None:  # aliases live in the JSON: its text narrows the candidates, the JSON decides
                like = dumps(key).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                candidates = conn.execute(
                    select(e.c.id, e.c.data).where(lower(e.c.data).like(f"%{like}%", escape="\\")).order_by(*by_count)
                )
                found = next(
                    (i for i, data in candidates if key in {str(a).lower() for a in loads(data).get("aliases") or []}),
                    None,
                )
        return self.entity_row(found) if found else None

    def entity_row(self, entity_id: str) -> dict[str, Any] | None:
        """The entity's id, name, type and document count (no JSON read), or None."""
        e = schema.entities
        with self.engine.connect() as conn:
            r = conn.execute(select(e.c.id, e.c.name, e.c.type, e.c.n_documents).where(e.c.id == entity_id)).first()
        return {"id": r.id, "name": r.name, "type": r.type, "documents": int(r.n_documents or 0)} if r else None

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """The entity object, its mentions per day, its stories and how often it is quoted."""
        e, m, s = schema.entities, schema.mentions, schema.stories
        with self.engine.connect() as conn:
            row = conn.execute(select(e.c.data).where(e.c.id == entity_id)).first()
            if row is None:
                return None
            obj = loads(row.data)
            n = func.count().label("n")
            joined = m.join(d, d.c.id == m.c.document_id)
            obj["per_day"] = {
                day: int(c)
                for day, c in conn.execute(
                    select(d.c.day, func.sum(m.c.n))
                    .select_from(joined)
                    .where(m.c.entity_id == entity_id, d.c.day.is_not(None))
                    .group_by(d.c.day)
                    .order_by(d.c.day)
                )
            }
            story_rows = conn.execute(
                select(s.c.id, s.c.title, s.c.start_date, s.c.end_date, n)
                .select_from(joined.join(s, s.c.id == d.c.story))
                .where(m.c.entity_id == entity_id)
                .group_by(s.c.id, s.c.title, s.c.start_date, s.c.end_date)
                .order_by(n.desc(), s.c.end_date.desc().nulls_last(), s.c.id)
                .limit(50)
            ).all()
            obj["stories"] = [
                {"id": r.id, "title": r.title, "start": r.start_date, "end": r.end_date, "documents": int(r.n)}
                for r in story_rows
            ]
            obj["co_mentioned"] = story_views.co_mentioned(conn, entity_id)
            obj["quotes_per_day"] = story_views.quotes_per_day(conn, entity_id)
            obj["quotes"] = int(
                conn.execute(
                    select(func.count()).select_from(schema.quotes).where(schema.quotes.c.speaker_id == entity_id)
                ).scalar_one()
            )
        return obj

    def _entity_exists(self, entity_id: str) -> bool:
        e = schema.entities
        with self.engine.connect() as conn:
            return conn.execute(select(e.c.id).where(e.c.id == entity_id)).first() is not None

    def entity_documents(self, entity_id: str, page: int = 1, per_page: int = 20) -> Page | None:
        if not self._entity_exists(entity_id):
            return None
        return self.documents(Filters(entity=entity_id), page, per_page)

    def entity_quotes(self, entity_id: str, page: int = 1, per_page: int = 20) -> Page | None:
        if not self._entity_exists(entity_id):
            return None
        qt = schema.quotes
        q = (
            select(qt.c.document_id, qt.c.idx, qt.c.text, qt.c.speaker, qt.c.kind, d.c.title, d.c.day, d.c.outlet)
            .select_from(qt.join(d, d.c.id == qt.c.document_id))
            .where(qt.c.speaker_id == entity_id)
            .order_by(d.c.day.desc().nulls_last(), qt.c.document_id, qt.c.idx)
        )
        rows, total = self._page(q, page, per_page)
        page, per_page = _clamp(page, per_page)
        items = [
            {
                "document": r.document_id,
                "index": r.idx,
                "text": r.text,
                "speaker": r.speaker,
                "kind": r.kind,
                "title": r.title,
                "day": r.day,
                "outlet": r.outlet,
            }
            for r in rows
        ]
        self._display_titles(items, "document")
        return Page(items, page, per_page, total, {"entity": entity_id})

    # -- search -----------------------------------------------------------------------
    def search(self, q: str, filters: Filters, page: int = 1, per_page: int = 20, sort: str = "relevance") -> Page:
        """Full-text search (words, stems, phrases, prefixes, exclusions) with the document filters.

        Raises :class:`linimasa.store.search.QueryError` for a query with nothing to search for.
        """
        query = parse_query(q)
        source, where, rank = self._search_source(query)
        base = select(*_DOC_COLUMNS, rank.label("rank")).select_from(source).where(where)
        order = [rank.desc() if self.dialect == "postgresql" else rank, d.c.id]
        base = filters.apply(base)
        if sort == "newest":
            order = [d.c.day.desc().nulls_last(), d.c.id]
        rows, total = self._page(base.order_by(*order), page, per_page)
        page, per_page = _clamp(page, per_page)
        texts = self._texts([r.id for r in rows])
        items = []
        for r in rows:
            item = _doc_summary(r)
            body, sentences = texts.get(r.id, ("", []))
            item["snippet"] = snippet(body, sentences, query)
            item["display_title"] = (r.title or "").strip() or story_views.lead_title(body, sentences) or r.id
            items.append(item)
        return Page(items, page, per_page, total, {"query": q, "terms": _terms_json(query)})

    def _texts(self, ids: list[str]) -> dict[str, tuple[str, list[dict]]]:
        out: dict[str, tuple[str, list[dict]]] = {}
        if not ids:
            return out
        with self.engine.connect() as conn:
            for doc_id, data, analysis in conn.execute(select(d.c.id, d.c.data, d.c.analysis).where(d.c.id.in_(ids))):
                obj = loads(data or analysis)
                out[doc_id] = (obj.get("text") or "", obj.get("sentences") or [])
        return out


def _terms_json(query: SearchQuery) -> list[dict[str, Any]]:
    return [
        {"words": t.words, "prefix": t.prefix, "excluded": t.excluded, "alternative": t.alternative}
        for t in query.terms
    ]
