"""Document records: what the corpus-wide decisions need of one analysed document.

The corpus stages decide four things across documents: which entity ids are the same
entity, which documents are copies, which documents make a story, and (per story) the
dates and timeline. The first three need only a few kilobytes per document (term counts,
a MinHash signature, entity ids and counts, the dates that place it in time); the last is
local to one story. A :class:`DocRecord` is those few kilobytes. It is computed where the
document is analysed (a pool worker, a Spark task), so the process that takes the
corpus-wide decisions never holds the documents themselves: their analyses wait in the
store, and each story's members are loaded again only to finalise that story.

The in-memory corpus stages (:mod:`linimasa.corpus.stage`) build the same items from the
same functions, so both paths decide alike (tested byte for byte).
"""

from __future__ import annotations

import base64
import sys
from array import array
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from linimasa.corpus.duplicates import DupItem, DuplicateStage
from linimasa.corpus.entities import MentionRow, mention_rows
from linimasa.corpus.stories import FOCUS_DAYS, StoryItem, capped_counts, story_item
from linimasa.model import Document


@dataclass(slots=True)
class DocRecord:
    """One document for the corpus decisions (see the module doc)."""

    index: int  # position in the run's input
    id: str
    source: str
    lang: str | None
    outlet: str | None
    title: str | None
    published: str | None
    published_from: str | None
    dup: DupItem
    story: StoryItem
    mentions: list[MentionRow] | None = None  # handed to the entity aggregator, then dropped
    speakers: tuple[str, ...] = ()  # quote speaker ids that are not among the mentions
    warnings: list[str] = field(default_factory=list)
    # the shingle hashes as array("I") bytes, when asked for: an engine that confirms near-copy
    # candidates without the texts takes them before the record is kept (see CorpusBuilder.add)
    shingles: bytes | None = None
    # features.time.year_basis: whether the date counts in the run window (corpus.dating.self_dated)
    year_basis: str | None = None


_DUPLICATES = DuplicateStage()


def document_record(
    doc: Document, index: int = 0, focus_days: int = FOCUS_DAYS, with_shingles: bool = False
) -> DocRecord:
    """The :class:`DocRecord` of an analysed document (before any corpus stage); with
    ``with_shingles`` it also carries the document's shingle hashes."""
    item = story_item(doc, focus_days)
    dup, hashes = _DUPLICATES.item_and_shingles(doc)
    return DocRecord(
        index=index,
        id=doc.id,
        source=doc.source,
        lang=doc.lang,
        outlet=doc.outlet,
        title=doc.title,
        published=doc.published,
        published_from=doc.published_from,
        dup=dup,
        story=item,
        mentions=(rows := mention_rows(doc)),
        speakers=tuple(sorted({q.speaker_id for q in doc.quotes if q.speaker_id} - {r[0] for r in rows})),
        warnings=list(doc.warnings),
        shingles=array("I", hashes).tobytes() if with_shingles and hashes else None,
        year_basis=(doc.features.get("time") or {}).get("year_basis"),
    )


class TermTable:
    """Interns the records' terms: one int per distinct term, the strings kept once.

    A record's term list becomes an ``array('I')`` of these ints (and its counts an
    ``array('H')``, capped as the clusterer caps them), which is what keeps 100,000
    documents' term counts in a few hundred megabytes.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.names: list[str] = []

    def intern(self, item: StoryItem) -> None:
        ids, names = self.ids, self.names
        for t in item.terms:
            if t not in ids:
                ids[t] = len(names)
                names.append(t)
        # built from C-level maps: this runs for every term of every document, in the one process
        item.terms = array("I", map(ids.__getitem__, item.terms))
        item.counts = capped_counts(item.counts)
        item.entities = tuple((sys.intern(e), n) for e, n in item.entities)


# -- stored records (the store's ``doc_records``: an incremental run plans over them) ----------


def _b64(b: bytes | None) -> str | None:
    return base64.b64encode(b).decode("ascii") if b is not None else None


def record_object(rec: DocRecord) -> dict[str, Any]:
    """A fresh record (its mentions and shingles still on it, terms not interned) as the object the
    store keeps so that later runs plan over documents they do not read, with the record's own
    values in it (tuples, days): orjson writes it as JSON text as it is (the run's writer,
    ``jobs.incremental.record_text``); :func:`record_to_json` makes it plain JSON values."""
    it = rec.story
    return {
        "id": rec.id,
        "source": rec.source,
        "lang": rec.lang,
        "outlet": rec.outlet,
        "title": rec.title,
        "published": rec.published,
        "published_from": rec.published_from,
        "year_basis": rec.year_basis,
        "dup": (rec.dup.key, _b64(rec.dup.exact), _b64(rec.dup.minhash)),
        "story": {
            "lang": it.lang,
            "pub": it.pub,
            "terms": it.terms,
            "counts": it.counts,
            "entities": it.entities,
            "points": it.points,
            "dated": it.dated,
            "title": it.title,
            "lead": it.lead,
            "events": it.events,
            "refs": it.refs,
            "series": it.series,
            "anchor": it.anchor,
            "lead_candidates": it.lead_candidates,
            "cue": it.cue,
            "central": it.central,
            "central_facts": it.central_facts,
        },
        "mentions": rec.mentions or (),
        "speakers": rec.speakers,
        "shingles": _b64(rec.shingles),
    }


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def record_to_json(rec: DocRecord) -> dict[str, Any]:
    """:func:`record_object` in plain JSON values (lists, ISO days)."""
    plain: dict[str, Any] = _plain(record_object(rec))
    return plain


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _ivs(rows: list[list[str]]) -> list[tuple[date, date]]:
    return [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in rows]


def _bytes(s: str | None) -> bytes | None:
    return base64.b64decode(s) if s is not None else None


def record_from_json(obj: dict[str, Any], index: int = 0) -> DocRecord:
    """The :class:`DocRecord` of :func:`record_to_json`'s object (with its mentions and shingles)."""
    s = obj["story"]
    key, exact, minhash = obj["dup"]
    item = StoryItem(
        id=obj["id"],
        lang=s["lang"],
        pub=_date(s["pub"]),
        terms=s["terms"],
        counts=s["counts"],
        entities=[(e, n) for e, n in s["entities"]],
        points=_ivs(s["points"]),
        dated=s["dated"],
        title=s["title"],
        lead=s["lead"],
        events=_ivs(s["events"]),
        refs=_ivs(s["refs"]),
        series=s["series"],
        anchor=_date(s["anchor"]),
        lead_candidates=[date.fromisoformat(d) for d in s["lead_candidates"]],
        cue=s["cue"],
        central=[(e, w) for e, w in s["central"]],
        central_facts=[(e, n, a, b) for e, n, a, b in s["central_facts"]],
    )
    return DocRecord(
        index=index,
        id=obj["id"],
        source=obj["source"],
        lang=obj["lang"],
        outlet=obj["outlet"],
        title=obj["title"],
        published=obj["published"],
        published_from=obj["published_from"],
        dup=DupItem(obj["id"], (key[0], key[1]), _bytes(exact), _bytes(minhash)),
        story=item,
        mentions=[(a, b, c, d, n) for a, b, c, d, n in obj["mentions"]],
        speakers=tuple(obj["speakers"]),
        shingles=_bytes(obj["shingles"]),
        year_basis=obj.get("year_basis"),  # (absent from the records of earlier versions)
    )
