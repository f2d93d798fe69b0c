"""``documents.jsonl`` copied out of the store by another process while the run does the rest.

Once phase 3 has written every document's final JSON text to the store, a run's remaining
work is one-core work: rebuilding the mention indexes, storing the entities, the other
output files. Copying the documents out (reading rows of several kilobytes, writing them as
lines) is the longest of those, about a third of a second per 10,000 documents, so with more
than one worker it is done by another process from the moment the last final row is
committed, next to the rest (:class:`~linimasa.outputs.files.OutputJob`). The file is written
atomically either way; with one worker it is written here, when the run asks for it.
"""

from __future__ import annotations

from pathlib import Path

from linimasa.outputs.files import write_lines
from linimasa.store.database import Store


def export_documents(db: str, ids: list[str], path: Path) -> Path:
    """Write ``path`` (JSON Lines) with the final object of each document of ``ids``, in that order."""
    store = Store(db, restore_indexes=False)  # the run's own indexes are the run's to rebuild
    try:
        return write_lines(path, store.iter_data(ids))
    finally:
        store.close()
