"""Compare training settings of the entity tagger by cross-validation on the training data only.

    PYTHONPATH=src python training/tune_ner.py [--data ../shared/data/ner] [--fold 1] [--c1 0.1 --c2 0.1]
        [--iterations 200] [--rule-labels country,org] [--clusters FILE] [--keep "abbr,abbr-local,domain,org"]
        [--errors N]

Trains a model as ``train_ner.py`` does, but on idner-news-2k train and one of the two training thirds of
NER-UGM / NER-UI (sentence index mod 3 == 3 - ``--fold``), and prints the typed F1 of the entity stage (rules
+ this model) on idner-news-2k dev and on the other training third (index mod 3 == ``--fold``, the "inner"
fold). The held-out folds (index mod 3 == 0) and NERGrit are never read. ``--keep`` (repeatable) also scores
other sets of rule kinds kept where the tagger sees none (``stage.KEEP_RULES``) with the same model.
Nothing is written to the repository (the model goes to ``--workfile``).
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections import Counter
from pathlib import Path

import ner_data
import train_ner
from ner_data import read_conll

_TYPES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}


def read_clusters(path: Path | None) -> dict[str, tuple[str, str]]:
    if path is None:
        return {}
    out = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            w, coarse, fine = line.rstrip("\n").split("\t")
            out[w] = ("c=" + coarse, "cf=" + fine)
    return out


def score(sents: list[ner_data.Sentence]) -> tuple[float, float, float]:
    """Typed exact-span P/R/F1 of the entity stage (lang "id") on ``sents``, tokens joined with spaces."""
    from linimasa.entities.stage import find_entities

    tp = ns = ng = 0
    for sent in sents:
        toks = [t for t, _ in sent]
        starts, ends = ner_data.token_offsets(toks)
        pred = set()
        for m in find_entities(" ".join(toks), "id"):
            on_tokens = m.start in starts and m.end in ends  # (as benchmarks/bench_ner.py counts them)
            pred.add((starts[m.start], ends[m.end], m.type) if on_tokens else (-1 - m.start, -1 - m.end, m.type))
        gold = set(ner_data.gold_spans(sent, _TYPES))
        tp, ns, ng = tp + len(pred & gold), ns + len(pred), ng + len(gold)
    p, r = tp / ns if ns else 0.0, tp / ng if ng else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=train_ner.DEFAULT_DATA)
    ap.add_argument("--fold", type=int, choices=(1, 2), default=1)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--prune", type=float, default=0.02)
    ap.add_argument("--rule-labels", default="")
    ap.add_argument("--clusters", type=Path, default=None, help="a word_clusters.py output to use as features")
    ap.add_argument("--keep", action="append", default=[], help="another set of kept rule kinds to score")
    ap.add_argument("--workfile", type=Path, default=Path("/tmp/linimasa_ner_tune.crfsuite"))
    ap.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="also print the error classes (benchmarks/bench_ner.py --errors) on idner dev and the inner folds, "
        "N examples each",
    )
    args = ap.parse_args()

    import pycrfsuite

    import linimasa.entities.stage as stage
    from linimasa.entities.tagger import Tagger
    from linimasa.entities.tagger_features import features_of

    t0 = time.time()
    rec = stage.recognizer()
    feats = features_of(rec, read_clusters(args.clusters))
    ugm, ui = read_conll(args.data / "nerugm.txt"), read_conll(args.data / "nerui.txt")
    train = read_conll(args.data / "idner-news-2k.train.txt")
    inner = {}
    for name, sents in (("nerugm", ugm), ("nerui", ui)):
        train += [s for k, s in enumerate(sents) if k % 3 == 3 - args.fold]
        inner[f"{name}-inner{args.fold}"] = [s for k, s in enumerate(sents) if k % 3 == args.fold]
    trainer = pycrfsuite.Trainer(verbose=False)
    inside: Counter = Counter()
    total: Counter = Counter()
    kinds = frozenset(args.rule_labels.split(",")) - {""}
    for sent in train:
        xseq, yseq, toks = train_ner.labelled(rec, feats, sent, kinds)
        if toks:
            trainer.append(xseq, yseq)
            train_ner.count_inside(toks, yseq, inside, total)
    trainer.set_params(
        {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(args.workfile))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.workfile))
    model, kept, _ = train_ner.to_model(tagger.info(), inside, total, args.prune)
    print(f"trained on {len(train)} sentences in {time.time() - t0:.0f} s, {kept} weights")
    mine = Tagger(model, feats)
    stage.tagger = lambda lang="id": mine  # the entity stage decodes with this model
    sets = {"idner-news-2k-dev": read_conll(args.data / "idner-news-2k.dev.txt"), **inner}
    for keep in [",".join(sorted(stage.KEEP_RULES)), *args.keep]:
        stage.KEEP_RULES = frozenset(keep.split(",")) - {""}
        f1s = []
        for name, sents in sets.items():
            p, r, f = score(sents)
            f1s.append(f)
            print(f"keep={keep:32} {name:20} P {p:.3f} R {r:.3f} F1 {f:.4f}")
        print(f"keep={keep:32} {'mean':20} F1 {sum(f1s) / len(f1s):.4f}")
    if args.errors:
        import sys

        sys.path.insert(0, str(train_ner.ROOT / "benchmarks"))
        from bench_ner import error_classes

        for name, sents in sets.items():
            print(f"{name} (rules + this model)")
            error_classes(sents, _TYPES, None, args.errors, "id")


if __name__ == "__main__":
    main()
