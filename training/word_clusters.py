"""Build the word clusters the entity tagger reads (``src/linimasa/lang/id/word_clusters.tsv.gz``).

    PYTHONPATH=src python training/word_clusters.py [--data ../shared/data/ner] [--out ...]

Distributional classes of Indonesian words, a feature of the tagger (``tagger_features``) that lets a
word the training data saw rarely share the weights of words used the same way ("Kemenkeu" near
"Kemenhub"; town names near each other). Text (nothing of it is copied into the repository):

- nlp-id's tagged news corpus (``nlp_id/data/dataset_postag.txt`` of the installed ``nlp-id``
  package, MIT; ~560k tokens; only the words are read), and
- the tokens of the tagger's training sentences (idner-news-2k train, MIT; the NER-UGM / NER-UI
  sentences that are not held out, CC BY 4.0; see ``train_ner.py``). Never idner dev, the held-out
  folds or NERGrit.

Method: every folded (lower-case, accent-free) word seen at least ``--min-count`` times is described by
the words right before and after it (the ``--contexts`` most frequent words, left and right apart),
weighted by positive pointwise mutual information, reduced to 100 dimensions (truncated SVD), normalised,
and grouped by k-means at two granularities (``--coarse`` and ``--fine`` classes). All random states are
fixed, so the same code and data give the same file (up to floating-point summation order of the BLAS).
Needs numpy, scipy and scikit-learn (training only; the run time reads the TSV).
"""

from __future__ import annotations

import argparse
import gzip
import io
from collections import Counter
from pathlib import Path

from train_ner import DEFAULT_DATA, ROOT, datasets

from linimasa.entities.gazetteer import fold
from linimasa.entities.lexicon import corpus_path


def corpus_sentences(data: Path) -> list[list[str]]:
    """The folded words of nlp-id's corpus and of the tagger's training sentences."""
    out: list[list[str]] = []
    path = corpus_path()
    if path is None:
        raise SystemExit("word_clusters: nlp-id is not installed (pip install nlp-id)")
    cur: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("\t")[0].strip()
        if not word:
            if cur:
                out.append(cur)
            cur = []
            continue
        cur.append(fold(word))
    if cur:
        out.append(cur)
    for sents in datasets(data).values():
        out.extend([fold(t) for t, _ in s] for s in sents)
    return out


def clusters(
    sents: list[list[str]], min_count: int, contexts: int, coarse: int, fine: int
) -> dict[str, tuple[int, int]]:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    counts = Counter(w for s in sents for w in s)
    vocab = sorted(w for w, c in counts.items() if c >= min_count)
    index = {w: k for k, w in enumerate(vocab)}
    ctx = sorted(counts, key=lambda w: (-counts[w], w))[:contexts]
    cindex = {w: k for k, w in enumerate(ctx)}
    pairs: Counter = Counter()
    for s in sents:
        padded = ["<s>", *s, "</s>"]
        for i in range(1, len(padded) - 1):
            row = index.get(padded[i])
            if row is None:
                continue
            left = cindex.get(padded[i - 1], -1 if padded[i - 1] != "<s>" else contexts)
            right = cindex.get(padded[i + 1], -1 if padded[i + 1] != "</s>" else contexts)
            if left >= 0:
                pairs[row, left] += 1
            if right >= 0:
                pairs[row, contexts + 1 + right] += 1
    rows, cols, vals = zip(*((r, c, v) for (r, c), v in sorted(pairs.items())), strict=True)
    m = csr_matrix((np.array(vals, dtype=float), (rows, cols)), shape=(len(vocab), 2 * contexts + 2))
    total = m.sum()
    prow = np.asarray(m.sum(axis=1)).ravel() / total
    pcol = np.asarray(m.sum(axis=0)).ravel() / total
    m = m.tocoo()
    pmi = np.log((m.data / total) / (prow[m.row] * pcol[m.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    vecs = normalize(TruncatedSVD(100, algorithm="arpack", random_state=0).fit_transform(ppmi))
    small = KMeans(coarse, n_init=3, random_state=0).fit_predict(vecs)
    big = KMeans(fine, n_init=1, random_state=0).fit_predict(vecs)
    return {w: (int(small[k]), int(big[k])) for k, w in enumerate(vocab)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "linimasa" / "lang" / "id" / "word_clusters.tsv.gz")
    ap.add_argument("--min-count", type=int, default=5)
    ap.add_argument("--contexts", type=int, default=1000)
    ap.add_argument("--coarse", type=int, default=128)
    ap.add_argument("--fine", type=int, default=512)
    args = ap.parse_args()
    sents = corpus_sentences(args.data)
    got = clusters(sents, args.min_count, args.contexts, args.coarse, args.fine)
    buf = io.StringIO()
    for w in sorted(got):
        if "\t" in w or "\n" in w:
            continue
        buf.write(f"{w}\t{got[w][0]}\t{got[w][1]}\n")
    with args.out.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    print(
        f"{len(got)} words in {args.coarse}/{args.fine} classes from {sum(map(len, sents))} tokens; "
        f"{args.out} {args.out.stat().st_size / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    main()
