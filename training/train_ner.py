"""Train the Indonesian entity tagger (``src/linimasa/lang/id/ner_crf.tsv.gz``).

    pip install python-crfsuite      # (the ``train`` extra); not needed to run linimasa
    PYTHONPATH=src python training/train_ner.py [--data ../shared/data/ner] [--c1 0.1 --c2 0.1]

Data (read from ``--data``; none of it is copied into the repository):

- idner-news-2k train (MIT, Khairunnisa et al.): all of it. Its dev split is for measuring.
- NER-UGM and NER-UI (CC BY 4.0, via IndoLEM, Koto et al. 2020; Gultom & Wibowo 2017): every
  sentence whose index (0-based, in file order) mod 3 is not 0. Sentences with index mod 3 == 0
  are the held-out folds (``heldout`` below); ``benchmarks/bench_ner.py`` measures on them and
  nothing is tuned on them.
- NERGrit is never read here (its licence is unclear; measuring only).

Tags: PERSON -> PER, ORGANIZATION/ORGANISATION -> ORG, LOCATION/PLACE -> LOC, anything else O.
Each sentence's tokens are joined with spaces (like pre-tokenised IndoSum) and re-tokenised by
the project's tokenizer, so training sees exactly the tokens, features and rule readings the
decoder (``linimasa.entities.tagger``) sees at run time; a gold label goes to the tokens inside
its character span, except where the project's conventions differ from the data's: a bracket or a
comma is never inside a name (idner's "Bursa Efek Indonesia (BEI)", NER-UGM's "Hotel Preanger ,
Kota Bandung , Jawa Barat": the parts are names of their own) and a role before a person is not
part of the name (the rules' role end). The trained weights are pruned (``|w| < --prune`` dropped) and written as a
gzipped TSV the decoder reads. The attribution the weights need is in ``lang/id/NOTICE``.

The output is deterministic (L-BFGS from zero weights on the sentences in file order; weights
written sorted, 4 significant digits, gzip header without name or time): the same code and data
give the same bytes. ``--check`` trains and compares with the shipped file instead of replacing
it; the features include the rule recogniser's reading, so a change to the rules changes the
trained weights.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import Counter
from pathlib import Path

import ner_data  # (beside this script)
from ner_data import Sentence, indolem_fold, read_conll

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner"
# tokens never inside a name: the gold entities are split there (the project's convention)
_APART = frozenset({"(", ")", ","})
TYPEMAP = {
    "PER": "PER",
    "PERSON": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "PLACE": "LOC",
}


def gold_spans(sent: Sentence) -> list[tuple[int, int, str]]:
    """(first token, end token, PER/ORG/LOC) of the gold entities, tags mapped per TYPEMAP."""
    return ner_data.gold_spans(sent, TYPEMAP)


def datasets(data: Path) -> dict[str, list[list[tuple[str, str]]]]:
    ugm = read_conll(data / "nerugm.txt")
    ui = read_conll(data / "nerui.txt")
    return {
        "idner-train": read_conll(data / "idner-news-2k.train.txt"),
        "nerugm-train": indolem_fold(ugm, False),
        "nerui-train": indolem_fold(ui, False),
    }


def char_spans(sent: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The sentence as text (tokens joined with spaces) and its gold entities as character spans."""
    toks = [t for t, _ in sent]
    starts, pos = [], 0
    for t in toks:
        starts.append(pos)
        pos += len(t) + 1
    text = " ".join(toks)
    return text, [(starts[a], starts[e - 1] + len(toks[e - 1]), typ) for a, e, typ in gold_spans(sent)]


def labelled(rec, feats, sent, rule_kinds: frozenset[str] = frozenset()):  # -> (attributes, labels, tokens)
    from linimasa.entities.tagger import token_attributes
    from linimasa.entities.tokens import tokenize_columns

    text, gold = char_spans(sent)
    toks = tokenize_columns(text, 0, len(text), rec.res.single_token_names)[0]
    found = rec.find(text)
    labels = ["O"] * len(toks)
    for s, e, typ in gold:
        if typ == "PER":
            # "Menteri Luar Negeri Sergei Lavrov" as one person (some NER-UGM/NER-UI sentences): the project keeps
            # the role apart from the name, so the name starts where the rules' role ends
            inner = [f.start for f in found if f.type == "PER" and f.role and f.end == e and s < f.start]
            if len(inner) == 1:
                s = inner[0]
        first = True
        for k, t in enumerate(toks):
            if t.start >= s and t.end <= e:
                if t.text in _APART:
                    # idner's "(BEI)" tokens: the project keeps a bracketed abbreviation apart from its name; NER-UGM's
                    # addresses ("Hotel Preanger , Kota Bandung , Jawa Barat"): each place a name of its own
                    first = True
                    continue
                labels[k] = ("B-" if first else "I-") + typ
                first = False
    if rule_kinds:
        # rule mentions of these kinds ("country", "org") that the data leaves untagged are labelled as the rules
        # read them: the project tags every place and listed organisation (the combination keeps them where the
        # tagger sees none, stage.KEEP_RULES); idner-news-2k leaves a country that acts untagged, NER-UI a league
        at = {t.start: k for k, t in enumerate(toks)}
        until = {t.end: k + 1 for k, t in enumerate(toks)}
        for f in found:
            a, e = at.get(f.start), until.get(f.end)
            if f.kind in rule_kinds and a is not None and e is not None and all(y == "O" for y in labels[a:e]):
                labels[a:e] = ["B-" + f.type] + ["I-" + f.type] * (e - a - 1)
    return token_attributes(feats, toks, found), labels, toks


def to_model(
    info, inside: Counter, total: Counter, prune: float, share: float = 0.02
):  # -> (Model, weights kept, weights trained)
    """The decoder's model from a trained crfsuite model's ``info()``: weights with ``|w| >= prune``, and the
    lower-case words that may be inside a name (seen there at least 3 times and in 2 % of their uses)."""
    from linimasa.entities.crf import LABELS, NL, Model

    index = {lab: k for k, lab in enumerate(LABELS)}
    trans = [[0.0] * NL for _ in range(NL)]
    for (a, b), w in info.transitions.items():
        trans[index[a]][index[b]] = w
    state: dict[str, list[float]] = {}
    kept = 0
    for (attr, lab), w in info.state_features.items():
        if abs(w) < prune:
            continue
        state.setdefault(attr, [0.0] * NL)[index[lab]] = w
        kept += 1
    lower_ok = frozenset(w for w, c in inside.items() if c >= 3 and c / total[w] >= share and w.isprintable())
    return Model(state, trans, lower_ok), kept, len(info.state_features)


def count_inside(toks, yseq, inside: Counter, total: Counter) -> None:
    """Count, per lower-case word, its uses and those inside a name (for the model's lower-case name words)."""
    for t, y in zip(toks, yseq, strict=True):
        if not t.is_cap and not t.text[:1].isdigit():
            total[t.key] += 1
            if y != "O":
                inside[t.key] += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "linimasa" / "lang" / "id" / "ner_crf.tsv.gz")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--prune", type=float, default=0.02, help="drop weights with |w| below this")
    ap.add_argument(
        "--rule-labels",
        default="",
        help="rule mention kinds (e.g. country,org) labelled as the rules read them where the data leaves them "
        "untagged (comma-separated; default: none, the data's labels only, as the shipped weights were trained)",
    )
    ap.add_argument(
        "--no-clusters",
        action="store_true",
        help="without the word-class features of lang/id/word_clusters.tsv.gz (when that file exists; it is not "
        "shipped: see training/word_clusters.py)",
    )
    ap.add_argument("--workfile", type=Path, default=Path("/tmp/linimasa_ner.crfsuite"))
    ap.add_argument(
        "--check",
        action="store_true",
        help="train into a temporary file and compare it with --out byte for byte instead of replacing it "
        "(exit 1 and the number of differing weight lines when they differ)",
    )
    args = ap.parse_args()
    target: Path = args.out
    if args.check:
        args.out = args.workfile.with_suffix(".check.tsv.gz")

    import pycrfsuite

    from linimasa.entities.stage import recognizer
    from linimasa.entities.tagger_features import features_of

    t0 = time.time()
    rec = recognizer()
    feats = features_of(rec, {} if args.no_clusters else None)
    rule_kinds = frozenset(args.rule_labels.split(",")) - {""}
    trainer = pycrfsuite.Trainer(verbose=False)
    inside: Counter = Counter()
    total: Counter = Counter()
    n_sent = 0
    for name, sents in datasets(args.data).items():
        for sent in sents:
            xseq, yseq, toks = labelled(rec, feats, sent, rule_kinds)
            if not toks:
                continue
            trainer.append(xseq, yseq)
            n_sent += 1
            count_inside(toks, yseq, inside, total)
        print(f"{name}: {len(sents)} sentences")
    print(f"features built in {time.time() - t0:.0f} s ({n_sent} sentences)")
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
        }
    )
    t1 = time.time()
    trainer.train(str(args.workfile))
    print(f"trained in {time.time() - t1:.0f} s")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(args.workfile))
    model, kept, n_weights = to_model(tagger.info(), inside, total, args.prune)
    model.save(args.out)
    print(
        f"{kept} of {n_weights} state weights kept (|w| >= {args.prune}), {len(model.state)} attributes, "
        f"{len(model.lower_ok)} lower-case name words; {args.out} {args.out.stat().st_size / 1e6:.2f} MB; "
        f"total {time.time() - t0:.0f} s"
    )
    if args.check:
        sys.exit(_compare(args.out, target))


def _compare(new: Path, shipped: Path) -> int:
    """0 when the trained file equals ``shipped`` byte for byte, else 1 (with the size of the difference)."""
    if not shipped.exists():
        print(f"check: {shipped} does not exist")
        return 1
    if new.read_bytes() == shipped.read_bytes():
        print(f"check: the trained weights equal {shipped} byte for byte")
        return 0
    with gzip.open(new, "rt", encoding="utf-8") as a, gzip.open(shipped, "rt", encoding="utf-8") as b:
        la, lb = set(a), set(b)
    print(
        f"check: the trained weights differ from {shipped}: {len(lb - la)} of its {len(lb)} lines not reproduced, "
        f"{len(la - lb)} new lines (trained file kept in {new})"
    )
    return 1


if __name__ == "__main__":
    main()
