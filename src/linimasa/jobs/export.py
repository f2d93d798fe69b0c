"""``linimasa export``: what a store holds, whole or filtered, as JSON Lines, CSV or Parquet.

The files (``docs/export.md``): ``documents.jsonl`` (the final document objects, by id),
``stories.jsonl``, ``threads.jsonl``, ``entities.jsonl`` (by id), ``quotes.jsonl`` (one
object per quotation) and ``timeline.jsonl`` (one object per event of the exported stories'
timelines, with its ``story``); with ``fmt="csv"`` or ``"parquet"`` the same as flat tables
beside them (:mod:`linimasa.outputs.tables`, :mod:`linimasa.outputs.parquet_tables`).

Filters (:class:`ExportFilters`) choose the documents: publication day in a period, story,
entity, outlet, language, full-text query, kept input fields (``meta``); all must hold. The
stories, threads, entities, quotes and timeline events exported are those of the chosen
documents: the stories they belong to, those stories' threads, the entities they mention or
quote, their quotations, the stories' events that one of them supports. Every value is checked
(:func:`resolve_filters`) before anything is written: a bad one raises :class:`ExportError`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from linimasa.jobs.summary import timer
from linimasa.jsontext import dumps, loads
from linimasa.limits import LANG_PATTERN, MAX_LANG
from linimasa.outputs.files import prepare_dir, remove_stale, write_lines
from linimasa.outputs.parquet_tables import write_parquet_table
from linimasa.outputs.tables import iter_objects, meta_keys, write_table, written_table
from linimasa.readers.html import normalize_lang
from linimasa.store import schema, selection
from linimasa.store.database import Store, store_url
from linimasa.store.meta_filter import parse_meta
from linimasa.store.queries import Catalog, Filters
from linimasa.store.search import MAX_QUERY_TERMS, QueryError, count_terms, parse_query

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
FILES = ("documents", "stories", "threads", "entities", "quotes", "timeline")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ExportError(ValueError):
    """A filter value that cannot be used (a bad date, an unknown story...): nothing is written."""


@dataclass
class ExportFilters:
    """What ``linimasa export`` keeps, as given on the command line (checked by :func:`resolve_filters`)."""

    date_from: str | None = None
    date_to: str | None = None
    story: str | None = None
    entity: str | None = None
    outlet: str | None = None
    lang: str | None = None
    query: str | None = None
    meta: list[str] = field(default_factory=list)
    run: str | None = None

    def any(self) -> bool:
        return any(
            (
                self.date_from,
                self.date_to,
                self.story,
                self.entity,
                self.outlet,
                self.lang,
                self.query,
                self.meta,
                self.run,
            )
        )


def period_day(value: str, option: str, end: bool) -> str:
    """The first (``end=False``) or last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    m = _PERIOD.match(value.strip())
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
        last = calendar.monthrange(year, month)[1]  # ValueError for month 13
        d = int(day) if day else (last if end else 1)
        if not (1 <= d <= last) or year < 1:
            raise ValueError
    except ValueError:
        raise ExportError(f"{option} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return f"{year:04d}-{month:02d}-{d:02d}"


def resolve_filters(catalog: Catalog, given: ExportFilters) -> tuple[Filters, str | None]:
    """The store's :class:`Filters` and the search query for ``given``; :class:`ExportError`
    for a value that cannot be used (a story or entity the store does not hold, among others)."""
    for option, value in (
        ("--from", given.date_from),
        ("--to", given.date_to),
        ("--story", given.story),
        ("--entity", given.entity),
        ("--outlet", given.outlet),
        ("--lang", given.lang),
        ("--run", given.run),
    ):
        if value is not None and not value.strip():  # "$NAME" unset in a script: not "no filter"
            raise ExportError(f"{option} is empty")
    lang = (given.lang or "").strip() or None
    if lang and (len(lang) > MAX_LANG or not re.match(LANG_PATTERN, lang)):
        # (the API's ?lang= takes the same forms: a tag as feeds and locales write it)
        raise ExportError(f"--lang {lang!r} is not a language tag (id, en, id-ID, id_ID)")
    day_from = period_day(given.date_from, "--from", end=False) if given.date_from else None
    day_to = period_day(given.date_to, "--to", end=True) if given.date_to else None
    if day_from and day_to and day_from > day_to:
        raise ExportError(f"--from {given.date_from} is after --to {given.date_to}")
    meta = []
    for item in given.meta:
        try:
            meta.append(parse_meta(item))
        except ValueError as exc:
            raise ExportError(f"--meta {exc}") from None
    query = (given.query or "").strip() or None
    if given.query is not None and query is None:
        raise ExportError("--query is empty")
    if query and count_terms(query) > MAX_QUERY_TERMS:
        # the search keeps the first terms only: a longer query would export more than it says
        raise ExportError(f"--query has {count_terms(query)} terms; at most {MAX_QUERY_TERMS} are searched")
    if query:
        try:
            parse_query(query)
        except QueryError as exc:
            raise ExportError(f"--query {query!r}: {exc}") from None
    story = (given.story or "").strip() or None
    if story and not selection.has(catalog, "stories", story):
        raise ExportError(f"--story {story!r}: the store holds no story with this id")
    entity = None
    if given.entity and given.entity.strip():
        name = given.entity.strip()
        row = catalog.entity_row(name) or catalog.entity_named(name)
        if row is None:
            raise ExportError(f"--entity {name!r}: no entity has this id, name or alias in the store")
        entity = row["id"]
    filters = Filters(
        lang=(normalize_lang(lang) or lang.lower()) if lang else None,  # (what the filter compares)
        outlet=(given.outlet or "").strip() or None,
        date_from=day_from,
        date_to=day_to,
        entity=entity,
        story=story,
        meta=tuple(meta),
        run=_run_id(catalog, given.run.strip()) if given.run else None,
    )
    return filters, query


def _run_id(catalog: Catalog, value: str) -> int:
    """The id of the run ``--run`` names: a number the store's ``runs`` table holds, or ``last``
    (the last run or API ingest that analysed documents)."""
    docs, runs = schema.documents, schema.runs
    with catalog.engine.connect() as conn:
        if value.lower() == "last":
            last = conn.execute(select(func.max(docs.c.updated_run))).scalar()
            if last is None:
                raise ExportError("--run last: no run has stored documents in this store")
            return int(last)
        if not value.isdigit() or len(value) > 18:
            raise ExportError(f"--run {value!r} is not a run id (a number, or 'last')")
        if conn.execute(select(runs.c.id).where(runs.c.id == int(value))).first() is None:
            raise ExportError(f"--run {value}: the store holds no run with this id")
    return int(value)


@dataclass
class ExportSummary:
    """What an export wrote: objects per file (``documents``, ``stories``...), the files, the time."""

    counts: dict[str, int] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    elapsed: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """``63 documents, 62 stories, 5 threads, 751 entities, 349 quotes, 120 timeline events``."""
        names = {"timeline": "timeline events"}
        return ", ".join(f"{self.counts.get(f, 0)} {names.get(f, f)}" for f in FILES)


@dataclass
class _Seen:
    """What the exported documents and stories refer to."""

    documents: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    threads: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)


def _documents(texts: Iterable[str], seen: _Seen) -> Iterator[str]:
    for text in texts:
        obj = loads(text)
        seen.documents.add(obj["id"])
        if obj.get("story"):
            seen.stories.add(obj["story"])
        seen.entities.update(m["id"] for m in obj.get("entities") or () if m.get("id"))
        seen.entities.update(q["speaker_id"] for q in obj.get("quotes") or () if q.get("speaker_id"))
        yield text


def _stories(texts: Iterable[str], seen: _Seen) -> Iterator[str]:
    for text in texts:
        thread = loads(text).get("thread")
        if thread:
            seen.threads.add(thread)
        yield text


def _quotes(documents: Path) -> Iterator[dict[str, Any]]:
    for doc in iter_objects(documents):
        for i, q in enumerate(doc.get("quotes") or ()):
            yield {
                "document": doc["id"],
                "index": i,
                "published": doc.get("published"),
                "outlet": doc.get("outlet"),
                "story": doc.get("story"),
                "speaker": q.get("speaker"),
                "speaker_id": q.get("speaker_id"),
                "kind": q.get("kind"),
                "text": q.get("text"),
                "start": q.get("start"),
                "end": q.get("end"),
            }


def _events(stories: Path, documents: set[str] | None) -> Iterator[dict[str, Any]]:
    for story in iter_objects(stories):
        for event in story.get("timeline") or ():
            if documents is None or documents.intersection(event.get("documents") or ()):
                yield {"story": story["id"], **event}


def export_store(db: str, out: Path, fmt: str = "jsonl", filters: ExportFilters | None = None) -> ExportSummary:
    """Write the store's objects (all, or those ``filters`` keep) into ``out``; the summary counts
    them and lists the files. :class:`ExportError` (nothing written) for a bad filter value."""
    elapsed = timer()
    summary = ExportSummary()
    given = filters or ExportFilters()
    # a SQLite file is opened read-only (nothing written to it; SQLite may add its -wal/-shm beside it); a server store as it is
    store = Store(db, read_only=store_url(db).startswith("sqlite:"))
    try:
        catalog = Catalog(store)
        where, query = resolve_filters(catalog, given)
        summary.warnings.extend(_unfinished_run(catalog))
        ids = selection.document_ids(catalog, where, query)
        if where.lang:
            summary.warnings.extend(_language_held(catalog, where.lang))
        whole = not given.any()
        out = prepare_dir(out)
        remove_stale(out, FILES, (".csv", ".parquet"), "an earlier export's", written_table)
        seen = _Seen()
        written = summary.outputs
        written["documents"] = str(write_lines(out / "documents.jsonl", _documents(store.iter_data(ids), seen)))
        stories = (
            store.iter_objects("stories") if whole else selection.objects(catalog, "stories", sorted(seen.stories))
        )
        written["stories"] = str(write_lines(out / "stories.jsonl", _stories(stories, seen)))
        threads = (
            store.iter_objects("threads") if whole else selection.objects(catalog, "threads", sorted(seen.threads))
        )
        written["threads"] = str(write_lines(out / "threads.jsonl", threads))
        entities = (
            store.iter_objects("entities") if whole else selection.objects(catalog, "entities", sorted(seen.entities))
        )
        written["entities"] = str(write_lines(out / "entities.jsonl", entities))
    finally:
        store.close()
    written["quotes"] = str(write_lines(out / "quotes.jsonl", map(dumps, _quotes(out / "documents.jsonl"))))
    events = _events(out / "stories.jsonl", None if whole else seen.documents)
    written["timeline"] = str(write_lines(out / "timeline.jsonl", map(dumps, events)))
    summary.counts = {name: _count_lines(out / f"{name}.jsonl") for name in FILES}
    if fmt in ("csv", "parquet"):
        shown, n_keys = meta_keys(out / "documents.jsonl")
        if n_keys > len(shown):
            summary.warnings.append(
                f"the documents have {n_keys:,} different kept input fields: the {len(shown)} most frequent "
                f"have a meta.KEY column in documents.{fmt}, every field is in documents.jsonl"
            )
    for name in FILES if fmt in ("csv", "parquet") else ():
        written[f"{name} ({fmt})"] = write_table(out, name) if fmt == "csv" else write_parquet_table(out, name)
    summary.elapsed = elapsed()
    return summary


def _language_held(catalog: Catalog, lang: str) -> list[str]:
    """A warning when no document of the store is in ``--lang`` (a language it does not hold, or a
    code no document is written with, ``--lang pcm``: ``und``), naming the languages it holds: the export is empty, as it should be,
    but says why."""
    col = schema.documents.c.lang
    n = func.count().label("n")
    with catalog.engine.connect() as conn:
        if conn.execute(select(col).where(col == lang).limit(1)).first() is not None:
            return []
        held = select(col, n).where(col.is_not(None)).group_by(col)
        rows = conn.execute(held.order_by(n.desc(), col).limit(5)).all()
    names = ", ".join(f"{code!r} ({count:,} documents)" for code, count in rows) or "none"
    return [f"no document of the store is in the language {lang!r}; its languages: {names}"]


def _unfinished_run(catalog: Catalog) -> list[str]:
    """A warning when the store's last run or API ingest has not finished: still running, its
    documents are stored before their stories, threads and entities (an export then holds
    documents without a story and mentions of entities it does not list), or interrupted."""
    runs = schema.runs
    with catalog.engine.connect() as conn:
        last = conn.execute(select(runs.c.started, runs.c.finished, runs.c.command).order_by(runs.c.id.desc())).first()
    if last is None or last.finished:
        return []
    return [
        f"the store's last {_run_kind(last.command)} (started {last.started}) has not finished: "
        "still running or interrupted, so stories, threads and entities may be missing or stale in this export"
    ]


def _run_kind(command: str | None) -> str:
    """``run`` for a ``linimasa run`` (its command is ``run INPUT...``), ``API ingest`` for a POST."""
    return "API ingest" if (command or "").startswith("api") else "run"


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())
