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
