"""A document's analysis does not depend on the documents around it: the per-document
pipeline gives the same JSON for a document processed alone, in a batch, in any order, in
this process or in a fresh one (``linimasa annotate`` on one file vs the whole folder).
Stages may keep read-only caches, never state that one document leaves for the next."""

from __future__ import annotations

import json
import random
import subprocess
import sys

from fixtures_fuzz import fuzz_settings, newsy_text
from fixtures_trust import article
from hypothesis import given
from hypothesis import strategies as st

from linimasa.jobs.stages import default_stages
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline


def _raw(i: int, seed: int, noise: str, with_meta: bool) -> RawDocument:
    a = article(i, random.Random(seed))
    text = f"{a['title']}\n\n{a['text']}\n{noise}".strip()
    meta = {"published": a["published"], "outlet": a["outlet"]} if with_meta else {}
    return RawDocument(id=f"d{i}", text=text, source=f"d{i}.txt", meta=meta)


def _analyse(raw: RawDocument) -> dict:
    copy = RawDocument(id=raw.id, text=raw.text, source=raw.source, url=raw.url, meta=dict(raw.meta))
    return Pipeline(default_stages()).process(Document.from_raw(copy)).to_json()


@fuzz_settings(12)
@given(
    specs=st.lists(st.tuples(st.integers(0, 10_000), newsy_text(8), st.booleans()), min_size=2, max_size=5),
    order_seed=st.integers(0, 1000),
)
def test_same_analysis_alone_and_in_any_order(specs, order_seed: int) -> None:
    raws = [_raw(i, seed, noise, meta) for i, (seed, noise, meta) in enumerate(specs)]
    alone = {r.id: _analyse(r) for r in raws}
    order = list(raws)
    random.Random(order_seed).shuffle(order)
    pipeline = Pipeline(default_stages())
    for r in order:
        copy = RawDocument(id=r.id, text=r.text, source=r.source, url=r.url, meta=dict(r.meta))
        got = pipeline.process(Document.from_raw(copy)).to_json()
        assert got == alone[r.id], r.id
    for r in reversed(raws):  # and once more, after everything else
        assert _analyse(r) == alone[r.id]


def test_annotate_one_file_equals_the_same_file_among_others(tmp_path) -> None:
    rng = random.Random(99)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        a = article(i, rng)
        (folder / f"{a['id']}.txt").write_text(f"{a['title']}\n\n{a['text']}\n", encoding="utf-8")
    one = tmp_path / "one"
    one.mkdir()
    target = folder / "doc-0007.txt"
    (one / target.name).write_bytes(target.read_bytes())

    def annotate(src, out) -> dict[str, dict]:
        proc = subprocess.run(
            [sys.executable, "-m", "linimasa", "annotate", str(src), "--out", str(out), "-q"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        return {d["id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}

    alone = annotate(one, tmp_path / "one.jsonl")["doc-0007"]
    among = annotate(folder, tmp_path / "many.jsonl")["doc-0007"]
    alone.pop("source"), among.pop("source")
    assert alone == among
    assert alone["timexes"] and alone["entities"]  # a real analysis was compared
