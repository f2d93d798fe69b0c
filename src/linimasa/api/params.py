"""Query parameters shared by the API's list endpoints, each with its limits.

Every parameter is validated before it reaches the store: page sizes 1..200, page
numbers 1..10000, dates in ``YYYY-MM-DD``, short strings without control characters.
A bad value is a 422 with the parameter's name and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from linimasa.limits import DAY_PATTERN, LANG_PATTERN, MAX_ID, MAX_LANG, MAX_PAGE, MAX_PER_PAGE, SAFE_TEXT
from linimasa.store.meta_filter import check_meta
from linimasa.store.queries import Filters


@dataclass
class Paging:
    page: int
    per_page: int


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, 1-based.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page (1..200).")] = 20,
) -> Paging:
    return Paging(page, per_page)


PagingDep = Annotated[Paging, Depends(paging)]


def _day(value: str | None, name: str) -> str | None:
    """``value`` as a day, or a 422 naming the parameter (a date type would take ``86400`` as a
    Unix time, 1970-01-02, and say of ``2017`` that "datetimes should have zero time")."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, detail=f"'{name}': {value!r} is not a day (YYYY-MM-DD)") from None


MAX_META_FILTERS = 10


def meta_filters(request: Request) -> tuple[tuple[str, str], ...]:
    """``?meta.KEY=VALUE`` parameters (kept input fields, docs/serving.md): each a (KEY, VALUE)
    pair, or a 422 naming the parameter. Read from the query string: the keys are the user's."""
    pairs = []
    for name, value in request.query_params.multi_items():
        if not name.startswith("meta."):
            continue
        if len(pairs) == MAX_META_FILTERS:
            raise HTTPException(422, detail=f"at most {MAX_META_FILTERS} meta.KEY parameters")
        try:
            pairs.append(check_meta(name[5:], value))
        except ValueError as exc:
            raise HTTPException(422, detail=f"'{name}': {exc}") from None
    return tuple(pairs)


def filters(
    request: Request,
    lang: Annotated[
        str | None,
        Query(
            max_length=MAX_LANG,
            pattern=LANG_PATTERN,
            description="Language code (id, en), or a tag as feeds and locales write it (id-ID, id_ID, ID).",
        ),
    ] = None,
    outlet: Annotated[
        str | None, Query(max_length=256, pattern=SAFE_TEXT, description="Outlet name, exactly as stored.")
    ] = None,
    date_from: Annotated[
        str | None,
        Query(alias="from", pattern=DAY_PATTERN, description="Published on or after this day (YYYY-MM-DD)."),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", pattern=DAY_PATTERN, description="Published on or before this day (YYYY-MM-DD)."),
    ] = None,
    entity: Annotated[
        str | None,
        Query(
            max_length=MAX_ID,
            pattern=SAFE_TEXT,
            description="Only documents mentioning this entity: its id, or its name or an alias (Jokowi), as "
            "`linimasa export --entity` reads it; one the store does not hold is a 422.",
        ),
    ] = None,
    story: Annotated[
        str | None, Query(max_length=MAX_ID, pattern=SAFE_TEXT, description="Only documents of this story id.")
    ] = None,
) -> Filters:
    day_from, day_to = _day(date_from, "from"), _day(date_to, "to")
    if day_from and day_to and day_from > day_to:
        raise HTTPException(422, detail=f"'from' ({day_from}) is after 'to' ({day_to})")
    if entity:  # an id, else a name or an alias; an unknown one said (it gave 0 documents, silently)
        cat = request.app.state.catalog
        row = cat.entity_row(entity) or cat.entity_named(entity)
        if row is None:
            raise HTTPException(
                422, detail=f"'entity': the store holds no entity with the id, name or alias {entity!r}"
            )
        entity = row["id"]
    return Filters(
        lang=lang or None,
        outlet=outlet or None,
        date_from=day_from,
        date_to=day_to,
        entity=entity or None,
        story=story or None,
        meta=meta_filters(request),
    )


FiltersDep = Annotated[Filters, Depends(filters)]
