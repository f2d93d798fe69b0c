"""Background document frequencies: IDF that works on five articles as well as on 100,000.

IDF computed on the corpus alone is meaningless for a small corpus: in five articles about
the same two leaders, "Putin" is in every one and gets the weight of "yang", while in
news at large it is a rare, telling word. So corpus document frequencies are pooled with
those of a background corpus shipped as ``lang/<code>/corpus_df.tsv`` (stem, tab, number
of background documents holding it; the first line is ``#documents<TAB>N``). The pooled
IDF is ``log((1 + n + N) / (1 + df + df_bg)) + 1``: the background dominates a small
corpus and fades as the corpus grows.

The Indonesian table is built from the MIT-licensed sentence corpus that the ``nlp-id``
package ships (``nlp_id/data/dataset_postag.txt``, one token a line, sentences separated
by blank lines), grouped into blocks of consecutive sentences as pseudo-documents, with
the same stemming and stopwords as the corpus stages::

    python -m linimasa.corpus.build_background /path/to/dataset_postag.txt src/linimasa/lang/id/corpus_df.tsv

(:mod:`linimasa.corpus.build_background`; this module only reads the table.)
"""

from __future__ import annotations

from functools import cache

from linimasa.lang.packs import lang_dir, resource_language


@cache
def background(lang: str) -> tuple[int, dict[str, int]]:
    """``(N, {stem: df})`` of the language's background corpus; ``(0, {})`` when none is shipped."""
    path = lang_dir(resource_language(lang)) / "corpus_df.tsv"
    if not path.exists():
        return 0, {}
    n = 0
    df: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            term, _, count = line.rstrip("\n").partition("\t")
            if term == "#documents":
                n = int(count)
            elif term and count.isdigit():
                df[term] = int(count)
    return n, df
