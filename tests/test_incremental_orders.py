"""Runs that add to a store, in orders the other tests do not take (found by small23, not fixed).

A document stored when none of its rare terms or entities was shared with another stored
document (the first document of a store, the first article of a new happening) is indexed under
no blocking key: one pass keeps as keys only terms held by two documents or more ("a key held
by one document only can never meet another"), which is true within one run but not for the
runs that follow. A later run's article of the same happening looks its keys up in the stored
postings and never finds that story, so it founds one of its own where one run over both joins
them. Seen on the seeds (000 alone, then 002: one run puts them in the 2019 summit's story) and
on IndoSum (two reports of Persib's win over Persipura ingested one per run: two stories; one
run: one). ``POST /api/documents`` of one document at a time takes this path every time.
"""

from __future__ import annotations

import json
import subprocess
import sys

from fixtures_incremental import run_into, seed_folder

pytest_plugins = ["fixtures_incremental"]


def _stories(out) -> dict[str, str]:
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return {d["id"][:3]: d["story"] for d in map(json.loads, lines)}


def test_a_story_stored_alone_is_found_by_a_later_run(seeds, tmp_path) -> None:
    one = run_into(seed_folder(tmp_path, "all", [seeds[0], seeds[2]]), tmp_path, tmp_path / "one.db", "one")
    assert one["stories"] == 1  # one run: seed 000 (undated) joins seed 002's 2019 summit
    run_into(seed_folder(tmp_path, "first", [seeds[0]]), tmp_path, tmp_path / "s.db", "a")
    run_into(seed_folder(tmp_path, "then", [seeds[2]]), tmp_path, tmp_path / "s.db", "b")
    got = _stories(tmp_path / "b")
    assert got["000"] == got["002"]


def _partition(stories: dict[str, str]) -> list[list[str]]:
    parts: dict[str, list[str]] = {}
    for doc, story in sorted(stories.items()):
        parts.setdefault(story, []).append(doc)
    return sorted(parts.values())


def test_the_seeds_one_run_each_give_the_stories_of_one_run(seeds, tmp_path) -> None:
    # a desk ingesting each article as it comes: every first report is stored alone
    run_into(seed_folder(tmp_path, "all", list(seeds)), tmp_path, tmp_path / "one.db", "one")
    for i, seed in enumerate(seeds):
        run_into(seed_folder(tmp_path, f"part{i}", [seed]), tmp_path, tmp_path / "s.db", f"run{i}")
    exported = tmp_path / "export"
    subprocess.run(
        [sys.executable, "-m", "linimasa", "export", "--db", str(tmp_path / "s.db"), "--out", str(exported)],
        check=True,
        capture_output=True,
    )
    one = _partition(_stories(tmp_path / "one"))
    assert one == [["000", "002"], ["001", "004"], ["003"]]
    assert _partition(_stories(exported)) == one
