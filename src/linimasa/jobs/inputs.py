"""A run's documents from its inputs: counted, skipped inputs reported, repeated ids renamed;
and how many documents to expect (the progress bar's ETA, the number of workers).

The renaming rule is :class:`linimasa.readers.ids.UniqueIds`; :class:`RunIds` is the one place
that applies it to a run (the local engine as it reads, the Spark job on the driver, in
input order) and records the warning, so the engines cannot rename differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from linimasa.engines.pool import default_workers
from linimasa.jobs.summary import RunSummary
from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs
from linimasa.readers.ids import UniqueIds, renamed_warning
from linimasa.readers.inputs import walk_directory


class RunIds:
    """A run's ids in input order: a repeated (or unservable) id is renamed, with a warning in the summary."""

    def __init__(self, summary: RunSummary) -> None:
        self.summary = summary
        self._ids = UniqueIds()

    def assign(self, doc_id: str, source: str) -> str:
        """The id the document gets in this run (``doc_id``, or ``doc_id~N``)."""
        new_id = self._ids.assign(doc_id)
        if new_id != doc_id:
            self.summary.warnings.append((source, renamed_warning(doc_id, new_id)))
        return new_id


def _unique_ids(items: Iterable[RawDocument | ReadError], summary: RunSummary) -> Iterator[RawDocument | ReadError]:
    """Two inputs with the same id (same file name in two folders): the later is renamed."""
    ids = RunIds(summary)
    for item in items:
        if isinstance(item, RawDocument):
            item.id = ids.assign(item.id, item.source)
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


# An input of fewer batches than this runs in this process when --workers is not given: starting
# worker processes (each loading the language model, lexicons and gazetteers) costs more than
# they save on one or two batches.
SMALL_INPUT_BATCHES = 2


_ONE_DOC = {".txt", ".html", ".htm"}
_LINES = {".jsonl", ".json"}
_MAX_COUNTED_BYTES = 500_000_000


def estimate_total(inputs: list[str], stop_at: int | None = None) -> int | None:
    """Number of documents to expect, when counting is cheap (files and JSON Lines lines), for the
    progress bar's ETA; None for stdin, WARC archives (records are only known by reading them) or huge input.
    With ``stop_at``, counting stops there (the answer is then at least ``stop_at``)."""
    total, size = 0, 0
    for item in inputs:
        if item == "-":
            return None
        path = Path(item)
        files = [f for f in walk_directory(path) if isinstance(f, Path)] if path.is_dir() else [path]
        for f in files:
            suffix = f.suffix.lower()
            if suffix in _ONE_DOC:
                total += 1
            elif suffix in _LINES:
                try:
                    size += f.stat().st_size
                    if size > _MAX_COUNTED_BYTES:
                        return None
                    with f.open("rb") as fh:
                        for line in fh:
                            if line.strip():
                                total += 1
                                if stop_at is not None and total >= stop_at:
                                    return total
                except OSError:
                    return None
            else:
                return None
            if stop_at is not None and total >= stop_at:
                return total
    return total


# At most this many worker processes a core: each loads its own models and tables (``--workers
# 100000`` on five documents started processes until the machine ran out of memory).
MAX_WORKERS_PER_CORE = 4


def max_workers() -> int:
    """The most worker processes a run starts: :data:`MAX_WORKERS_PER_CORE` for each core."""
    return MAX_WORKERS_PER_CORE * default_workers()


def choose_workers(inputs: list[str], workers: int | None, batch_size: int) -> int:
    """``--workers`` when given (at most :func:`max_workers`); else 1 (this process: no pool to start,
    no tables loaded twice) for an input known to be small (fewer than :data:`SMALL_INPUT_BATCHES`
    batches), else every core."""
    if workers:
        return min(workers, max_workers())
    limit = SMALL_INPUT_BATCHES * batch_size
    total = estimate_total(inputs, stop_at=limit)
    return 1 if total is not None and total < limit else default_workers()
