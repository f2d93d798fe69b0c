"""In-memory analysis for small batches: the API's ingest path and tests.

``analyse_stream`` reads inputs and runs the per-document stages batch by batch (in a
process pool with ``workers`` > 1), committing each batch to the store, and returns the
analysed documents; ``run_corpus`` then runs the corpus stages over them in memory.
``linimasa run`` and ``annotate`` use :mod:`linimasa.engines.streaming` instead, which
never holds the corpus; both decide alike (``tests/test_engine_streaming.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from linimasa.engines.hashing import content_hash
from linimasa.engines.pool import chunks
from linimasa.model import Document, RawDocument
from linimasa.pipeline import CorpusResult, Pipeline
from linimasa.readers import ReadError, iter_inputs
from linimasa.readers.ids import UniqueIds, renamed_warning
from linimasa.resources import no_pack_language
from linimasa.store.database import Store

BATCH_SIZE = 256
# Skipped inputs kept by a summary as examples (with their source); past these only counts are
# kept, so a million bad lines cost a counter, not a million strings (each is still reported).
MAX_SKIPPED_EXAMPLES = 1000
# Kinds of reasons counted one by one; any further kind is counted as "other reasons".
MAX_SKIP_KINDS = 100
OTHER_REASONS = "other reasons"


def reason_kind(reason: str) -> str:
    """The kind of a skip reason, what the summary counts by: the reason without its details
    (``"line is not valid JSON (Expecting value at column 1)"`` -> ``"line is not valid JSON"``)."""
    return reason.split(":", 1)[0].split(" (", 1)[0].strip()[:200] or "unknown reason"


@dataclass
class RunSummary:
    """What a run did, for the one-line summary, the summary table and the exit code.

    Skipped inputs are counted (``skipped_count``, and by kind of reason in ``skip_kinds``);
    ``skipped`` keeps the first :data:`MAX_SKIPPED_EXAMPLES` of them with their source and
    reason (add them with :meth:`skip`).
    """

    read: int = 0
    analysed: int = 0
    reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # the first MAX_SKIPPED_EXAMPLES
    skipped_count: int = 0
    skip_kinds: dict[str, int] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    stories: int = 0
    entities: int = 0
    duplicates: int = 0
    elapsed: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds per engine phase (streaming engine)

    def skip(self, source: str, reason: str) -> None:
        """Count one skipped input (kept as an example while there are few)."""
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_EXAMPLES:
            self.skipped.append((source, reason))
        kind = reason_kind(reason)
        if kind not in self.skip_kinds and len(self.skip_kinds) >= MAX_SKIP_KINDS:
            kind = OTHER_REASONS
        self.skip_kinds[kind] = self.skip_kinds.get(kind, 0) + 1

    def without_language_pack(self) -> dict[str, int]:
        """``{language: documents}`` of the documents in a language that has no language pack
        (the entity stage's warning, :func:`linimasa.resources.no_pack_warning`), most first."""
        counts: dict[str, int] = {}
        for _source, message in self.warnings:
            lang = no_pack_language(message)
            if lang is not None:
                counts[lang] = counts.get(lang, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def to_json(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "analysed": self.analysed,
            "reused": self.reused,
            "skipped": [{"source": s, "reason": r} for s, r in self.skipped],  # (examples)
            "skipped_count": self.skipped_count,
            "skip_kinds": dict(sorted(self.skip_kinds.items())),
            "warnings": len(self.warnings),
            "stories": self.stories,
            "entities": self.entities,
            "duplicates": self.duplicates,
            "elapsed": round(self.elapsed, 3),
            **({"phases": {k: round(v, 3) for k, v in self.phases.items()}} if self.phases else {}),
        }


def _unique_ids(items: Iterable[RawDocument | ReadError], summary: RunSummary) -> Iterator[RawDocument | ReadError]:
    """Two inputs with the same id (same file name in two folders): the later is renamed (:mod:`linimasa.readers.ids`)."""
    ids = UniqueIds()
    for item in items:
        if isinstance(item, RawDocument):
            new_id = ids.assign(item.id)
            if new_id != item.id:
                summary.warnings.append((item.source, renamed_warning(item.id, new_id)))
                item.id = new_id
        yield item


def read_inputs(
    inputs: list[str],
    summary: RunSummary,
    stdin: Any = None,
    on_error: Callable[[str, str], None] | None = None,
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
) -> Iterator[RawDocument]:
    """The inputs' documents, counted; skipped inputs reported (``on_error``) and repeated ids renamed.

    ``exclude`` and ``follow_symlinks``: as for :func:`linimasa.readers.iter_inputs`.
    """
    items = iter_inputs(inputs, stdin=stdin, exclude=exclude, follow_symlinks=follow_symlinks)
    for item in _unique_ids(items, summary):
        if isinstance(item, ReadError):
            summary.skip(item.source, item.reason)
            if on_error:
                on_error(item.source, item.reason)
            continue
        summary.read += 1
        yield item


def analyse_stream(
    inputs: list[str],
    pipeline: Pipeline,
    summary: RunSummary,
    store: Store | None = None,
    run_id: int = 0,
    force: bool = False,
    on_document: Callable[[], None] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    stdin: Any = None,
    workers: int = 1,
    batch_size: int = BATCH_SIZE,
) -> list[Document]:
    """Per-document analysis of every input, through the store when one is given.

    ``workers`` > 1 runs the stages in a process pool (:mod:`linimasa.engines.pool`); the
    documents, their order and the store are the same as with one worker. Each batch is
    committed to the store before the next result is taken (the resume checkpoint).
    """
    docs: list[Document] = []

    def prepared() -> Iterator[tuple[tuple, list[RawDocument]]]:
        for batch in chunks(read_inputs(inputs, summary, stdin, on_error), batch_size):
            hashes = {raw.id: content_hash(raw) for raw in batch}
            known = store.known_hashes(hashes) if store is not None and not force else {}
            reuse_ids = [i for i, h in hashes.items() if known.get(i) == h]
            reused = store.load_analyses(reuse_ids) if store is not None and reuse_ids else {}
            yield (batch, hashes, reused), [raw for raw in batch if raw.id not in reused]

    def on_result(tag: tuple, analysed: list[Document]) -> None:
        batch, hashes, reused = tag
        fresh = iter(analysed)
        new: list[tuple[Document, str]] = []
        for raw in batch:
            doc = reused.get(raw.id)
            if doc is None:
                doc = next(fresh)
                doc.raw = ""  # no later stage reads the raw input; stored analyses never have it
                new.append((doc, hashes[raw.id]))
                summary.analysed += 1
            else:
                summary.reused += 1
            for w in doc.warnings:
                summary.warnings.append((doc.source, w))
            docs.append(doc)
            if on_document:
                on_document()
        if store is not None:
            store.save_analysis_objects([(d.to_json(), h) for d, h in new], run_id)

    if workers > 1:
        from linimasa.engines.pool import DocumentPool

        with DocumentPool(list(pipeline.stages), workers) as pool:
            pool.map_batches(prepared(), on_result)
    else:
        for tag, raws in prepared():
            on_result(tag, pipeline.process_batch([Document.from_raw(raw) for raw in raws]))
    return docs


def run_corpus(pipeline: Pipeline, docs: list[Document], summary: RunSummary) -> CorpusResult:
    result = pipeline.process_corpus(docs)
    summary.stories = len(result.stories)
    summary.entities = len(result.entities)
    summary.duplicates = sum(1 for d in result.documents if d.duplicate_of)
    return result


def timer() -> Callable[[], float]:
    t0 = time.perf_counter()
    return lambda: time.perf_counter() - t0
