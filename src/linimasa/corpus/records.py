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

import sys
from array import array
from dataclasses import dataclass, field

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
