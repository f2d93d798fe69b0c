"""Build a language's background table (``lang/<code>/corpus_df.tsv``, read by
:mod:`linimasa.corpus.background`) from a one-token-a-line sentence corpus, with the corpus
stages' own stemming and stopwords::

    python -m linimasa.corpus.build_background /path/to/dataset_postag.txt src/linimasa/lang/id/corpus_df.tsv
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from linimasa.corpus.features import terms
from linimasa.lang.packs import DEFAULT_LANGUAGE

BLOCK_SENTENCES = 10  # consecutive sentences per pseudo-document
MIN_DF = 2


def build(tagged_corpus: Path, out: Path, lang: str = DEFAULT_LANGUAGE) -> int:
    """Write the background table from a one-token-a-line corpus; returns the number of blocks."""
    df: Counter[str] = Counter()
    blocks = 0
    block: set[str] = set()
    sentences = 0
    sentence: list[str] = []
    with tagged_corpus.open(encoding="utf-8") as fh:
        for line in fh:
            token = line.split("\t", 1)[0].strip()
            if token:
                sentence.append(token)
                continue
            if sentence:
                block.update(terms(" ".join(sentence), lang))
                sentence = []
                sentences += 1
                if sentences % BLOCK_SENTENCES == 0:
                    df.update(block)
                    blocks += 1
                    block = set()
    if block:
        df.update(block)
        blocks += 1
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"#documents\t{blocks}\n")
        for term, count in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= MIN_DF:
                fh.write(f"{term}\t{count}\n")
    return blocks


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(build(Path(sys.argv[1]), Path(sys.argv[2])), "background documents")
