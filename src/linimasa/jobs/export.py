"""``linimasa export``: what a store holds, in the shapes of the run's output files.

``documents.jsonl`` (every stored document's final object, by id), ``stories.jsonl``,
``entities.jsonl`` and ``threads.jsonl`` (by id), and with ``fmt="csv"`` the same as CSV
tables (:mod:`linimasa.outputs.tables`). A store filled by several runs and by the API's
ingests is exported whole; the contract's filters (by date, story, entity, outlet, language,
query) are not implemented yet.
"""

from __future__ import annotations

from pathlib import Path

from linimasa.jobs.summary import RunSummary, timer
from linimasa.outputs.files import prepare_dir, write_lines
from linimasa.outputs.tables import write_table
from linimasa.store.database import Store

EXPORT_FORMATS = ("jsonl", "csv")
TABLES = ("stories", "entities", "threads")


def export_store(db: str, out: Path, fmt: str = "jsonl") -> RunSummary:
    """Write the store's objects into ``out``; the summary counts them and lists the files."""
    elapsed = timer()
    summary = RunSummary()
    out = prepare_dir(out)
    store = Store(db, read_only=True)
    try:
        for name in ("documents", *TABLES):
            summary.outputs[name] = str(write_lines(out / f"{name}.jsonl", store.iter_objects(name)))
        summary.read = store.count("documents")
        summary.stories = store.count("stories")
        summary.entities = store.count("entities")
    finally:
        store.close()
    if fmt == "csv":
        for name in ("documents", *TABLES):
            summary.outputs[f"{name} (csv)"] = write_table(out, name)
    summary.elapsed = elapsed()
    return summary
