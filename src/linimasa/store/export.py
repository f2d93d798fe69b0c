"""``documents.jsonl`` copied out of the store by another process while the run does the rest.

Once phase 3 has written every document's final JSON text to the store, a run's remaining
work is one-core work: rebuilding the mention indexes, storing the entities, the other
output files. Copying the documents out (reading rows of several kilobytes, writing them as
lines) is the longest of those, about a third of a second per 10,000 documents, so with more
than one worker it is done by another process from the moment the last final row is
committed, next to the rest. The file is written atomically either way; with one worker
it is written here, when the run asks for it.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from linimasa.engines.pool import OrderedPool
from linimasa.output import OutputError, write_lines
from linimasa.store.database import Store


def export_documents(db: str, ids: list[str], path: Path) -> Path:
    """Write ``path`` (JSON Lines) with the final object of each document of ``ids``, in that order."""
    store = Store(db, restore_indexes=False)  # the run's own indexes are the run's to rebuild
    try:
        return write_lines(path, store.iter_data(ids))
    finally:
        store.close()


class DocumentsJob:
    """``documents.jsonl`` of ``ids`` from ``store`` (opened as ``db``), written by a process of
    ``pool`` when one is given (the caller's pool: it stays open), else here when :meth:`result`
    is asked for."""

    def __init__(self, store: Store, db: str, ids: list[str], path: Path, pool: OrderedPool | None = None) -> None:
        self._store, self._ids, self._path = store, ids, path
        self._future: Future[Path] | None = None
        if pool is not None:
            self._future = pool.submit(export_documents, db, ids, path)

    def result(self) -> Path:
        """The written file (waits for the other process; writes it here when there is none)."""
        if self._future is None:
            return write_lines(self._path, self._store.iter_data(self._ids))
        try:
            return self._future.result()
        except BrokenProcessPool as exc:
            raise OutputError(f"cannot write {self._path}: the process writing it stopped") from exc
