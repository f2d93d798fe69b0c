"""Quote benchmark: detection P/R/F1 of direct and indirect quotes and speaker accuracy on a
hand-annotated IndoSum gold set (``benchmarks/gold/quotes.gold.json``, conventions in
``docs/quotes.md``).

    python benchmarks/bench_quotes.py [--input PATH/indosum-dev.jsonl] [--show dev] [--speed N]

The gold set holds ids, offsets and speaker names only; the articles are read from the IndoSum
dev file (``../shared/data/indosum/indosum-dev.jsonl`` next to the repository by default). Each
gold article goes through the default per-document stages, as in ``linimasa annotate``; the
quote offsets of linimasa are into its cleaned text, and are mapped back to the input ``text``
field (where the gold offsets are) by aligning the two texts character by character.

Match criterion: a predicted quote matches a gold quote of the same kind when their spans
overlap by at least half of the longer of the two; each gold quote is matched at most once
(greedily, largest overlap first). Detection P/R/F1 are per kind. Speaker accuracy is over
matched quotes: the predicted speaker is right when its words (case-folded) equal the words of
one of the gold names, or one contains the other ("Febri" for "Febri Diansyah", "juru bicara
KPK Febri Diansyah" for "Febri Diansyah"); a null speaker is wrong.

``--show dev`` prints the misses, false alarms and wrong speakers of the dev part (never look
at the held-out part while tuning). ``--speed N`` times the quote stage alone on the first N
IndoSum articles (after the stages before it have run).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import re
import time
from bisect import bisect_right
from pathlib import Path
from typing import Any

from linimasa.jobs.stages import default_stages
from linimasa.model import Document
from linimasa.pipeline import Pipeline
from linimasa.quotes.stage import QuoteStage
from linimasa.readers.jsonl import iter_jsonl_file

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "gold" / "quotes.gold.json"
INPUT = ROOT.parent / "shared" / "data" / "indosum" / "indosum-dev.jsonl"
_WORDS = re.compile(r"\w+")


def offset_map(clean: str, raw: str) -> list[int]:
    """For each offset into ``clean`` (and one past the end), the matching offset into ``raw``."""
    sm = difflib.SequenceMatcher(None, clean, raw, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    starts = [b.a for b in blocks]
    out = []
    for i in range(len(clean) + 1):
        k = bisect_right(starts, i) - 1
        if k < 0:
            out.append(0)
            continue
        b = blocks[k]
        out.append(b.b + min(i - b.a, b.size))
    return out


def speaker_ok(pred: str | None, gold: list[str]) -> bool:
    if not pred:
        return False
    p = set(_WORDS.findall(pred.lower()))
    if not p:
        return False
    for g in gold:
        gs = set(_WORDS.findall(g.lower()))
        if p == gs or p <= gs or gs <= p:
            return True
    return False


def match(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    cands = []
    for i, g in enumerate(golds):
        for j, p in enumerate(preds):
            if g["kind"] != p["kind"]:
                continue
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            longer = max(g["end"] - g["start"], p["end"] - p["start"])
            if ov > 0 and ov >= 0.5 * longer:
                cands.append((ov, i, j))
    cands.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        pairs.append((i, j))
    return pairs


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_docs(path: Path, ids: set[str]) -> dict[str, Document]:
    raws = {}
    for item in iter_jsonl_file(path):
        if getattr(item, "id", None) in ids:
            raws[item.id] = item
    docs = [Document.from_raw(raws[i]) for i in sorted(raws)]
    done = Pipeline(default_stages()).process_batch(docs)
    return {d.id: d for d in done}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, default=INPUT)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show", choices=["dev"], help="print the errors of the dev part")
    ap.add_argument("--speed", type=int, default=0, help="time the quote stage on the first N articles")
    args = ap.parse_args()

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    gdocs = gold["documents"]
    raw_text = {}
    with args.input.open(encoding="utf-8") as f:
        want = {d["id"] for d in gdocs}
        for line in f:
            obj = json.loads(line)
            if obj.get("id") in want:
                raw_text[obj["id"]] = obj["text"]
    docs = load_docs(args.input, set(raw_text))

    stats: dict[str, dict[str, int]] = {}
    for gd in gdocs:
        raw = raw_text[gd["id"]]
        if hashlib.sha1(raw.encode()).hexdigest()[:12] != gd["sha1"]:
            raise SystemExit(f"{gd['id']}: the input text is not the annotated one")
        doc = docs[gd["id"]]
        m = offset_map(doc.text or "", raw)
        preds = [
            {"start": m[q.start], "end": m[q.end], "kind": q.kind, "speaker": q.speaker, "cue": q.cue}
            for q in doc.quotes
        ]
        golds = gd["quotes"]
        pairs = match(golds, preds)
        st = stats.setdefault(gd["part"], {})
        for kind in ("direct", "indirect"):
            st[f"{kind}_gold"] = st.get(f"{kind}_gold", 0) + sum(g["kind"] == kind for g in golds)
            st[f"{kind}_pred"] = st.get(f"{kind}_pred", 0) + sum(p["kind"] == kind for p in preds)
        for i, j in pairs:
            kind = golds[i]["kind"]
            st[f"{kind}_tp"] = st.get(f"{kind}_tp", 0) + 1
            ok = speaker_ok(preds[j]["speaker"], golds[i]["speaker"])
            st[f"{kind}_sp"] = st.get(f"{kind}_sp", 0) + ok
            if args.show == gd["part"] and not ok:
                print(
                    f"SPEAKER {gd['id'][:30]} {kind}: {raw[golds[i]['start'] : golds[i]['end']][:60]!r} "
                    f"gold={golds[i]['speaker'][0]!r} pred={preds[j]['speaker']!r} cue={preds[j]['cue']!r}"
                )
        if args.show == gd["part"]:
            mg = {i for i, _ in pairs}
            mp = {j for _, j in pairs}
            for i, g in enumerate(golds):
                if i not in mg:
                    print(
                        f"MISS    {gd['id'][:30]} {g['kind']}: {raw[g['start'] : g['end']][:100]!r} ({g['speaker'][0]})"
                    )
            for j, p in enumerate(preds):
                if j not in mp:
                    print(
                        f"FALSE   {gd['id'][:30]} {p['kind']}: {raw[p['start'] : p['end']][:100]!r} "
                        f"sp={p['speaker']!r} cue={p['cue']!r}"
                    )

    print(f"{'part':8} {'kind':9} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8}")
    for part in ("dev", "heldout"):
        st = stats.get(part, {})
        tp_all = sp_all = 0
        for kind in ("direct", "indirect"):
            tp = st.get(f"{kind}_tp", 0)
            p, r, f1 = prf(tp, st.get(f"{kind}_pred", 0), st.get(f"{kind}_gold", 0))
            sp = st.get(f"{kind}_sp", 0)
            tp_all += tp
            sp_all += sp
            acc = sp / tp if tp else 0.0
            print(
                f"{part:8} {kind:9} {st.get(f'{kind}_gold', 0):5} {st.get(f'{kind}_pred', 0):5} "
                f"{p:6.3f} {r:6.3f} {f1:6.3f} {acc:8.3f}"
            )
        print(f"{part:8} {'speaker':9} accuracy over {tp_all} matched quotes: {sp_all / tp_all if tp_all else 0:.3f}")

    if args.speed:
        pre = Pipeline([s for s in default_stages() if s.name != "quotes"])
        sample = []
        for item in iter_jsonl_file(args.input):
            if isinstance(item, Exception) or not hasattr(item, "text"):
                continue
            sample.append(Document.from_raw(item))
            if len(sample) >= args.speed:
                break
        sample = pre.process_batch(sample)
        stage = QuoteStage()
        best = float("inf")
        for _ in range(10):  # CPU time, best of 10: the machine may be shared
            t0 = time.process_time()
            for d in sample:
                stage(d)
            best = min(best, time.process_time() - t0)
        print(f"quote stage: {best / len(sample) * 1000:.3f} ms CPU per article on {len(sample)} articles (best of 10)")


if __name__ == "__main__":
    main()
