"""The documents ``linimasa export`` keeps, and the objects they refer to, read by id.

The same filters as the API's lists (:class:`linimasa.store.queries.Filters`) and the same
full-text search (:meth:`linimasa.store.queries.Catalog.search`), as one list of ids.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from linimasa.store import schema
from linimasa.store.queries import Catalog, Filters
from linimasa.store.search import parse_query

d = schema.documents


def document_ids(catalog: Catalog, filters: Filters, query: str | None = None) -> list[str]:
    """The ids of the documents the filters (and the full-text ``query``) keep, by id.

    Raises :class:`linimasa.store.search.QueryError` for a query with nothing to search for."""
    if query:
        source, where, _rank = catalog._search_source(parse_query(query))
        q = select(d.c.id).select_from(source).where(where)
    else:
        q = select(d.c.id)
    with catalog.engine.connect() as conn:
        return [i for (i,) in conn.execute(filters.apply(q).order_by(d.c.id))]


def has(catalog: Catalog, table: str, item_id: str) -> bool:
    """Whether ``table`` (``stories``, ``entities``, ``threads``, ``documents``) holds ``item_id``."""
    t = getattr(schema, table)
    with catalog.engine.connect() as conn:
        return conn.execute(select(t.c.id).where(t.c.id == item_id)).first() is not None


def objects(catalog: Catalog, table: str, ids: list[str]) -> Iterator[str]:
    """The JSON text of the objects of ``table`` whose id is in ``ids``, in that order (an id
    not stored is left out)."""
    t = getattr(schema, table)
    with catalog.engine.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = dict(conn.execute(select(t.c.id, t.c.data).where(t.c.id.in_(chunk))).all())
            yield from (rows[k] for k in chunk if rows.get(k) is not None)
