"""NER benchmark: typed exact-span precision/recall/F1 of the entity stage on public NER sets.

    python benchmarks/bench_ner.py [--limit N] [--speed-docs N] [--sets idner-news-2k-dev] [--no-speed]
    python benchmarks/bench_ner.py --errors [--limit N]   # error classes on the train splits
    python benchmarks/bench_ner.py --errors --tagger [--dev]   # ... of the rules + tagger (and on idner dev)
    python benchmarks/bench_ner.py --conventions   # how each set annotates "Name (ABBR)"

Reads ``../shared/data/ner/`` (or ``$LINIMASA_SHARED/data/ner``): idner-news-2k dev, the held-out
folds of NER-UGM and NER-UI (sentence index mod 3 == 0, never trained or tuned on; see
``training/train_ner.py``) and NERGrit valid (measuring only: nothing derived from NERGrit
ships). Each set is measured twice: the rules alone, and the rules with the learned tagger
(``lang="id"``, what the entity stage does for Indonesian). Each sentence's tokens are joined
with spaces (as in pre-tokenised IndoSum text), the stage's character spans are mapped back to
tokens, and a prediction counts when its token span and type equal a gold entity's. Also
prints the held-out accuracy of the lexicon POS tagger and the speed of the entity stage (rules
alone and with the tagger) and of the entity + quote stages on IndoSum.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import ner_data  # noqa: E402  (the training script's reader and held-out fold)
from ner_data import indolem_fold, read_conll  # noqa: E402

from linimasa.entities.lexicon import heldout_accuracy  # noqa: E402
from linimasa.entities.rulebase import _is_abbreviation_of
from linimasa.entities.stage import EntityStage, find_entities
from linimasa.model import Document
from linimasa.quotes.stage import QuoteStage

DATA = Path(os.environ.get("LINIMASA_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "data"
_INDOLEM = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
SETS = {
    "idner-news-2k-dev": (DATA / "ner" / "idner-news-2k.dev.txt", {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}),
    "nerugm-heldout": (DATA / "ner" / "nerugm.txt", _INDOLEM),
    "nerui-heldout": (DATA / "ner" / "nerui.txt", _INDOLEM),
    "nergrit-valid": (
        DATA / "ner" / "nergrit_ner-grit.valid.txt",
        {"PERSON": "PER", "PLACE": "LOC", "ORGANISATION": "ORG"},
    ),
}


def gold_spans(sent: list[tuple[str, str]], typemap: dict[str, str]) -> set[tuple[int, int, str]]:
    return set(ner_data.gold_spans(sent, typemap))


def sentences(name: str, path: Path) -> list[list[tuple[str, str]]]:
    """The sentences of a set; for the IndoLEM files, the held-out fold (index mod 3 == 0)."""
    sents = read_conll(path)
    return indolem_fold(sents, heldout=True) if name.endswith("-heldout") else sents


def predicted_spans(tokens: list[str], lang: str | None = None) -> set[tuple[int, int, str]]:
    """The stage's mentions of the sentence as (first token, end token, type) (``ner_data.token_offsets``: a
    mention inside a token that glues brackets to the name, idner-news-2k's "(Jokowi)", maps to that token);
    a mention off the token boundaries is a false positive (each one counted)."""
    starts, ends = ner_data.token_offsets(tokens)
    out = set()
    for m in find_entities(" ".join(tokens), lang):
        if m.start in starts and m.end in ends:
            out.add((starts[m.start], ends[m.end], m.type))
        else:
            # a span not on token boundaries: a false positive of its own (negative offsets, never gold)
            out.add((-1 - m.start, -1 - m.end, m.type))
    return out


def prf(tp: int, ns: int, ng: int) -> tuple[float, float, float]:
    p = tp / ns if ns else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(name: str, limit: int | None, lang: str | None = None) -> dict:
    path, typemap = SETS[name]
    sents = sentences(name, path)[:limit]
    tp, ns, ng = Counter(), Counter(), Counter()
    for sent in sents:
        gold = gold_spans(sent, typemap)
        pred = predicted_spans([t for t, _ in sent], lang)
        for _, _, t in gold:
            ng[t] += 1
        for _, _, t in pred:
            ns[t] += 1
        for s in pred & gold:
            tp[s[2]] += 1
    rows = {t: prf(tp[t], ns[t], ng[t]) + (ng[t],) for t in ("PER", "LOC", "ORG")}
    rows["ALL"] = prf(sum(tp.values()), sum(ns.values()), sum(ng.values())) + (sum(ng.values()),)
    return rows


TRAIN = {
    "nergrit-train": (DATA / "ner" / "nergrit_ner-grit.train.txt", SETS["nergrit-valid"][1]),
    "idner-news-2k-train": (DATA / "ner" / "idner-news-2k.train.txt", SETS["idner-news-2k-dev"][1]),
}


def error_classes(
    path: Path | list[list[tuple[str, str]]],
    typemap: dict[str, str],
    limit: int | None,
    examples: int,
    lang: str | None = None,
) -> None:
    """Error classes on a *train* split (where rules may be studied; idner dev with ``--dev``): false positives,
    misses, wrong types and wrong boundaries per type, with a few examples of each; ``lang="id"``: of the rules +
    the tagger (which was trained on these train splits, so its errors there are fewer than on unseen text)."""
    classes: Counter = Counter()
    shown: dict[str, list[str]] = {}
    for sent in (read_conll(path) if isinstance(path, Path) else path)[:limit]:
        toks = [t for t, _ in sent]
        gold = {(a, e): t for a, e, t in gold_spans(sent, typemap)}
        pred = {(a, e): t for a, e, t in predicted_spans(toks, lang)}
        for (a, e), t in pred.items():
            if gold.get((a, e)) == t:
                continue
            if (a, e) in gold:
                key = f"type {t} (gold {gold[(a, e)]})"
            elif a >= 0 and any(ga < e and a < ge for ga, ge in gold):
                key = f"boundary {t}"
            else:
                key = f"false positive {t}"
            classes[key] += 1
            shown.setdefault(key, []).append(" ".join(toks[max(0, a - 3) : e + 2]) if a >= 0 else "(off-token span)")
        for (a, e), t in gold.items():
            if not any(pa < e and a < pe for pa, pe in pred if pa >= 0):
                classes[f"missed {t}"] += 1
                shown.setdefault(f"missed {t}", []).append(" ".join(toks[max(0, a - 3) : e + 2]))
    for key, count in classes.most_common():
        print(f"  {key:28} {count:5d}   e.g. " + " | ".join(shown[key][:examples]))


_BRACKET_ABBR = re.compile(r"^[A-Z][A-Za-z0-9.&-]{1,12}$")
_GLUED_BRACKET = re.compile(r"^\((.+)\)[,.]?$")


def bracket_conventions(sents: list[list[tuple[str, str]]], typemap: dict[str, str]) -> Counter:
    """How a set annotates a name followed by its abbreviation in brackets ("Komisi Pemilihan Umum ( KPU )", or
    idner-news-2k's glued "(KPU)" token): per type of the name, "one" (the brackets inside the name's span),
    "two" (the abbreviation an entity of its own), "name only", "none" (neither tagged). Counted where the word in
    brackets is written like an abbreviation of the words before it (the rules' test)."""
    out: Counter = Counter()
    for sent in sents:
        toks, tags = [t for t, _ in sent], [g for _, g in sent]
        for o, t in enumerate(toks):
            if o == 0:
                continue
            if t == "(" and o + 2 < len(toks) and toks[o + 2] == ")" and _BRACKET_ABBR.match(toks[o + 1]):
                e, a, abbr = o + 3, o + 1, toks[o + 1]
            elif (g := _GLUED_BRACKET.match(t)) and _BRACKET_ABBR.match(g.group(1)):
                e, a, abbr = o + 1, o, g.group(1)
            else:
                continue
            j = o - 1
            if tags[j] == "O":
                while j > 0 and toks[j - 1][:1].isupper() and j > o - 6:
                    j -= 1
            else:
                while j > 0 and tags[j].startswith("I-"):
                    j -= 1
            name = " ".join(toks[j:o])
            if not _is_abbreviation_of(abbr, name, name):
                continue
            typ = typemap.get(tags[o - 1][2:], "") if tags[o - 1] != "O" else ""
            if not typ:
                kind = "none" if tags[a] == "O" else "abbreviation only"
            elif all(x.startswith("I-") for x in tags[o:e]):
                kind = "one"
            elif tags[a].startswith("B-"):
                kind = "two"
            else:
                kind = "name only"
            out[(typ, kind)] += 1
    return out


def print_conventions() -> None:
    """The bracket conventions of the training parts (idner-news-2k train and dev, the training two thirds of
    NER-UGM / NER-UI: never their held-out folds) and of NERGrit (measuring only)."""
    sets = {
        "idner-news-2k-train": TRAIN["idner-news-2k-train"],
        "idner-news-2k-dev": SETS["idner-news-2k-dev"],
        "nerugm-train": SETS["nerugm-heldout"],
        "nerui-train": SETS["nerui-heldout"],
        "nergrit-train": TRAIN["nergrit-train"],
        "nergrit-valid": SETS["nergrit-valid"],
    }
    for name, (path, typemap) in sets.items():
        sents = read_conll(path)
        if name in ("nerugm-train", "nerui-train"):
            sents = indolem_fold(sents, heldout=False)  # (the two thirds trained on)
        counts = bracket_conventions(sents, typemap)
        print(f"{name:20} " + ", ".join(f"{t or '-'} {k} {n}" for (t, k), n in sorted(counts.items())))


def indosum(n: int) -> list[str]:
    texts = []
    with (DATA / "indosum" / "indosum-dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= n:
                break
    return texts


def entity_speed(texts: list[str], langs: tuple[str | None, ...] = (None, "id"), rounds: int = 5) -> list[float]:
    """Milliseconds of CPU time per article of the entity stage alone, per language (None: the rules alone;
    "id": with the tagger); the rounds alternate between them, the best round of each counts (the machine
    is shared: CPU time and alternation keep the comparison fair)."""
    for lang in langs:
        find_entities(texts[0], lang)
    best = [float("inf")] * len(langs)
    for _ in range(rounds):
        for k, lang in enumerate(langs):
            t0 = time.process_time()
            for t in texts:
                find_entities(t, lang)
            best[k] = min(best[k], time.process_time() - t0)
    return [1000 * b / len(texts) for b in best]


def speed(n: int) -> tuple[float, int]:
    texts = indosum(n)
    ents, quotes = EntityStage(), QuoteStage()
    ents(Document(id="warm", source="", raw=texts[0], text=texts[0], lang="id"))
    t0 = time.perf_counter()
    for i, t in enumerate(texts):
        quotes(ents(Document(id=str(i), source="", raw=t, text=t, lang="id")))
    return len(texts) / (time.perf_counter() - t0), len(texts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="sentences per data set")
    ap.add_argument("--speed-docs", type=int, default=1000)
    ap.add_argument("--errors", action="store_true", help="print error classes on the train splits and stop")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument(
        "--tagger", action="store_true", help="with --errors: errors of the rules + tagger, not the rules alone"
    )
    ap.add_argument("--dev", action="store_true", help="with --errors: also on idner-news-2k dev")
    ap.add_argument(
        "--sets",
        default=",".join(SETS),
        help="comma-separated data sets to score (default: all four; e.g. idner-news-2k-dev while tuning, so the "
        "held-out folds and NERGrit are not printed)",
    )
    ap.add_argument("--no-speed", action="store_true", help="skip the POS accuracy and the speed measurements")
    ap.add_argument(
        "--conventions",
        action="store_true",
        help="print how each set annotates a name and its bracketed abbreviation (training parts only) and stop",
    )
    args = ap.parse_args()
    if args.conventions:
        print_conventions()
        return
    if args.errors:
        sets = dict(TRAIN)
        if args.dev:
            sets["idner-news-2k-dev"] = SETS["idner-news-2k-dev"]
        for name, (path, typemap) in sets.items():
            print(name + (" (rules + tagger)" if args.tagger else " (rules alone)"))
            error_classes(path, typemap, args.limit, args.examples, "id" if args.tagger else None)
        return
    names = [n for n in args.sets.split(",") if n]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        ap.error(f"unknown data set {', '.join(unknown)} (known: {', '.join(SETS)})")
    print(f"{'':25} {'rules alone':>20}   {'rules + tagger':>20}")
    print(f"{'data set':20} {'type':4} {'P':>6} {'R':>6} {'F1':>6}   {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for name in names:
        rules, both = evaluate(name, args.limit), evaluate(name, args.limit, "id")
        for t, (p, r, f, n) in rules.items():
            p2, r2, f2, _ = both[t]
            print(f"{name:20} {t:4} {p:6.3f} {r:6.3f} {f:6.3f}   {p2:6.3f} {r2:6.3f} {f2:6.3f} {n:5d}")
    if args.no_speed:
        return
    acc, n = heldout_accuracy()
    print(f"lexicon POS tagger: held-out accuracy {acc:.3f} on {n} tokens of nlp-id's corpus")
    texts = indosum(args.speed_docs)
    rules_ms, both_ms = entity_speed(texts)
    print(
        f"entity stage: {rules_ms:.2f} ms/article rules alone, {both_ms:.2f} ms/article with the tagger "
        f"({len(texts)} IndoSum articles, CPU time, best of 5)"
    )
    rate, n = speed(args.speed_docs)
    print(f"entity + quote stages: {rate:.0f} articles/s on {n} IndoSum articles (one core)")


if __name__ == "__main__":
    main()
