"""How far can one convention go? In-convention models of the entity tagger, scored in-set and cross-set.

    PYTHONPATH=src python training/ceiling_ner.py [--data ../shared/data/ner] [--fractions 1,0.5]
        [--train idner,ugm,ui] [--no-shipped]

For each training set alone (idner-news-2k train; the training two thirds of NER-UGM; those of NER-UI:
sentence index mod 3 != 0, as ``train_ner.py`` splits them) trains a model exactly as ``train_ner.py`` does
(its labels, features and default settings: c1 = c2 = 0.1, 200 L-BFGS iterations, prune 0.02; no setting is
chosen here), optionally on a share of the training part too (``--fractions 0.5``: every second sentence),
and prints typed exact-span P/R/F1, overall and per type, of

- the entity stage (rules + that model, what ``find_entities(text, "id")`` does) and
- the model alone (its decoded spans, without the rules' combination: no countries kept, no bracket joins),

on each set's evaluation part: idner-news-2k dev, the held-out folds of NER-UGM and NER-UI (index mod 3 ==
0) and NERGrit valid (measuring only). The evaluation parts are only measured: nothing is chosen by them.
Also scores the shipped weights (trained on all three training parts) the same way, unless ``--no-shipped``.
Nothing is written to the repository (models go to ``--workdir``). Scored as ``benchmarks/bench_ner.py``
scores (tokens joined with spaces, ``ner_data.token_offsets``).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import ner_data
import train_ner
from ner_data import Sentence, indolem_fold, read_conll

_TYPES = {
    "PER": "PER",
    "LOC": "LOC",
    "ORG": "ORG",
    "PERSON": "PER",
    "LOCATION": "LOC",
    "ORGANIZATION": "ORG",
    "PLACE": "LOC",
    "ORGANISATION": "ORG",
}


def parts(data: Path) -> tuple[dict[str, list[Sentence]], dict[str, list[Sentence]]]:
    """(training parts, evaluation parts) by set name."""
    ugm, ui = read_conll(data / "nerugm.txt"), read_conll(data / "nerui.txt")
    train = {
        "idner": read_conll(data / "idner-news-2k.train.txt"),
        "ugm": indolem_fold(ugm, False),
        "ui": indolem_fold(ui, False),
    }
    evaluate = {
        "idner-dev": read_conll(data / "idner-news-2k.dev.txt"),
        "ugm-heldout": indolem_fold(ugm, True),
        "ui-heldout": indolem_fold(ui, True),
        "nergrit-valid": read_conll(data / "nergrit_ner-grit.valid.txt"),
    }
    return train, evaluate


def train_model(rec, feats, sents: list[Sentence], workfile: Path):  # -> (Model, seconds)
    """A model trained on ``sents`` as ``train_ner.py`` trains (its default settings)."""
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    inside: Counter = Counter()
    total: Counter = Counter()
    for sent in sents:
        xseq, yseq, toks = train_ner.labelled(rec, feats, sent)
        if toks:
            trainer.append(xseq, yseq)
            train_ner.count_inside(toks, yseq, inside, total)
    trainer.set_params({"c1": 0.1, "c2": 0.1, "max_iterations": 200, "feature.possible_transitions": True})
    trainer.train(str(workfile))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(workfile))
    model, _, _ = train_ner.to_model(tagger.info(), inside, total, 0.02)
    return model, time.time() - t0


def score(sents: list[Sentence], mine) -> dict[str, dict[str, tuple[int, int, int]]]:
    """{"stage"/"alone": {type or ALL: (tp, predicted, gold)}} on ``sents`` for the tagger ``mine``."""
    import linimasa.entities.stage as stage

    stage.tagger = lambda lang="id": mine  # the entity stage decodes with this model
    rec = stage.recognizer()
    counts: dict[str, Counter] = {"stage": Counter(), "alone": Counter()}
    for sent in sents:
        toks = [t for t, _ in sent]
        text = " ".join(toks)
        starts, ends = ner_data.token_offsets(toks)
        gold = set(ner_data.gold_spans(sent, _TYPES))
        stage_spans = [(m.start, m.end, m.type) for m in stage.find_entities(text, "id")]
        rtoks, found = rec.find_tokens(text)
        alone_spans = [(rtoks[a].start, rtoks[e - 1].end, typ) for a, e, typ in mine.tag(rtoks, found)]
        for key, spans in (("stage", stage_spans), ("alone", alone_spans)):
            pred = set()
            for s, e, typ in spans:
                on = s in starts and e in ends
                pred.add((starts[s], ends[e], typ) if on else (-1, s, typ))  # off the token boundaries: wrong
            c = counts[key]
            for typ in ("PER", "LOC", "ORG"):
                p = {x for x in pred if x[2] == typ}
                g = {x for x in gold if x[2] == typ}
                c[typ, "tp"] += len(p & g)
                c[typ, "ns"] += len(p)
                c[typ, "ng"] += len(g)
            c["ALL", "tp"] += len(pred & gold)
            c["ALL", "ns"] += len(pred)
            c["ALL", "ng"] += len(gold)
    return {
        key: {typ: (c[typ, "tp"], c[typ, "ns"], c[typ, "ng"]) for typ in ("PER", "LOC", "ORG", "ALL")}
        for key, c in counts.items()
    }


def f1(tp: int, ns: int, ng: int) -> tuple[float, float, float]:
    p, r = tp / ns if ns else 0.0, tp / ng if ng else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=train_ner.DEFAULT_DATA)
    ap.add_argument("--train", default="idner,ugm,ui", help="training sets, each trained alone")
    ap.add_argument("--fractions", default="1", help="shares of each training part (every 1/share-th sentence)")
    ap.add_argument("--no-shipped", action="store_true", help="do not score the shipped weights")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp"))
    args = ap.parse_args()

    import linimasa.entities.stage as stage
    from linimasa.entities.tagger import Tagger, load_model
    from linimasa.entities.tagger_features import features_of

    rec = stage.recognizer()
    feats = features_of(rec)  # as the entity stage builds them
    train, evaluate = parts(args.data)
    models = []
    if not args.no_shipped:
        models.append(("shipped (all three)", load_model("id"), 0, 0.0))
    for name in args.train.split(","):
        for frac in (float(x) for x in args.fractions.split(",")):
            step = round(1 / frac)
            sents = train[name][::step]
            model, secs = train_model(rec, feats, sents, args.workdir / f"linimasa_ceiling_{name}_{step}.crfsuite")
            label = f"{name} {frac:.0%}"
            print(f"trained {label}: {len(sents)} sentences, {secs:.0f} s", flush=True)
            models.append((label, model, len(sents), secs))
    for label, model, _, _ in models:
        mine = Tagger(model, feats)
        for ev, sents in evaluate.items():
            res = score(sents, mine)
            for key in ("stage", "alone"):
                row = " ".join(
                    "{} P {:.3f} R {:.3f} F1 {:.3f} |".format(typ, *f1(*res[key][typ]))
                    for typ in ("ALL", "PER", "LOC", "ORG")
                )
                print(f"{label:22} {ev:14} {key:6} {row}", flush=True)


if __name__ == "__main__":
    main()
