"""The corpus-level JSON Lines files: stories, entities, threads and the corpus timeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from linimasa.corpus.timeline import stories_timeline
from linimasa.model import Story, Thread
from linimasa.outputs.files import write_jsonl


def write_corpus_files(
    out: Path,
    stories: list[Story],
    story_objs: Iterable[dict[str, Any]],
    entity_objs: Iterable[dict[str, Any]],
    threads: Iterable[Thread],
    langs: dict[str, str | None],
    bags: Mapping[str, list[frozenset[str]]],
) -> dict[str, str]:
    """Write the four files into ``out``; returns ``{name: path}``."""
    written = {
        "stories": write_jsonl(out / "stories.jsonl", story_objs),
        "entities": write_jsonl(out / "entities.jsonl", entity_objs),
        "threads": write_jsonl(out / "threads.jsonl", (t.to_json() for t in threads)),
    }
    events = stories_timeline(stories, langs, bags=bags)
    written["timeline"] = write_jsonl(out / "timeline.jsonl", (e.to_json() for e in events))
    return {name: str(path) for name, path in written.items()}
