"""The whole pipeline on real articles: the seed gold and all IndoSum articles.

These read ``../shared`` (skipped when it is absent) and hold the project's "done when"
figures: the seed scorer's cleaning/title/outlet, and no crash plus bounded cleaning loss
on 3,463 real Indonesian articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INDOSUM, SCORER, SEEDS


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SEEDS.exists():
        pytest.skip("seeds not available")
    out = tmp_path_factory.mktemp("seeds")
    res = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(SEEDS), "--out", str(out), "--db", str(out / "s.db"), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    return out


def score(out: Path) -> dict[str, float]:
    res = subprocess.run([sys.executable, str(SCORER), str(out)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_seed_cleaning_title_outlet(seeds_out: Path) -> None:
    s = score(seeds_out)
    assert s["cleaning"] == 1.0
    assert s["title"] == 1.0
    assert s["outlet"] == 1.0


def test_seed_stories_are_one_thread(seeds_out: Path) -> None:
    """The 2019 summit, the 2023 trip and the 2024 invitation: three stories, one thread,
    in time order, in threads.jsonl, on each story, in the store, the API and the web page."""
    assert score(seeds_out)["stories_bcubed_f1"] == 1.0
    stories = [json.loads(x) for x in (seeds_out / "stories.jsonl").read_text(encoding="utf-8").splitlines()]
    threads = [json.loads(x) for x in (seeds_out / "threads.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(stories) == 3 and len(threads) == 1
    t = threads[0]
    assert set(t) >= {"id", "title", "stories", "entities", "start", "end", "links"}
    by_id = {s["id"]: s for s in stories}
    assert set(t["stories"]) == set(by_id)
    starts = [by_id[i]["start"] for i in t["stories"]]
    assert starts == sorted(starts) and starts[0][:4] == "2019" and starts[-1][:4] == "2024"
    assert all(s["thread"] == t["id"] for s in stories)
    assert len(t["links"]) == 2 and all(link["entities"] for link in t["links"])
    assert {"PER:kim-jong-un", "PER:vladimir-putin"} <= set(t["entities"])

    from fastapi.testclient import TestClient

    from linimasa.api.app import create_app

    client = TestClient(create_app(str(seeds_out / "s.db")), base_url="http://localhost")
    page = client.get("/api/threads").json()
    assert [x["id"] for x in page["items"]] == [t["id"]] and page["items"][0]["stories"] == 3
    one = client.get(f"/api/threads/{t['id']}").json()
    assert one["stories"] == t["stories"] and [s["id"] for s in one["story_list"]] == t["stories"]
    assert client.get("/api/threads/thread-000000000000").status_code == 404
    assert "/api/threads/{thread_id}" in client.get("/openapi.json").json()["paths"]
    html = client.get(f"/threads/{t['id']}").text
    assert all(f"/stories/{i}" in html for i in t["stories"])
    story_html = client.get(f"/stories/{t['stories'][0]}").text
    assert f"/threads/{t['id']}" in story_html and "Why together" in story_html


def test_seed_offsets_hold_for_every_layer(seeds_out: Path) -> None:
    for line in (seeds_out / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for layer in ("timexes", "entities", "quotes"):
            for a in d[layer]:
                assert d["text"][a["start"] : a["end"]] == a["text"], (d["id"], layer, a)
        for s in d["sentences"]:
            assert 0 <= s["start"] < s["end"] <= len(d["text"])


def test_indosum_annotate_no_crash(tmp_path: Path) -> None:
    if not INDOSUM.exists():
        pytest.skip("IndoSum not available")
    out = tmp_path / "indosum.jsonl"
    res = subprocess.run(
        [sys.executable, "-m", "linimasa", "annotate", str(INDOSUM), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 3463
    # the only warnings expected: a year read through its weekday ("Selasa (13/12/2106)")
    typo = "time: the weekday of"
    assert not [d["id"] for d in docs if any(not w.startswith(typo) for w in d["warnings"])][:5]
    lost = 0
    for d in docs:
        removed = sum(len("".join(r["text"].split())) for r in d["removed"])
        kept = len("".join(d["text"].split()))
        if removed > 0.2 * (removed + kept):
            lost += 1
        for layer in ("timexes", "entities", "quotes"):
            for a in d[layer]:
                assert d["text"][a["start"] : a["end"]] == a["text"]
    assert lost / len(docs) < 0.01, lost
