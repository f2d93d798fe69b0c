"""A fast word-class lexicon (lookup + suffix POS tagger) trained from nlp-id's tagged news corpus.

Why: recognising names nobody listed needs to know whether a capitalised word is a proper
noun or an ordinary word that happens to start a sentence or a title ("Kunjungan",
"Pertahanan"). nlp-id (MIT) ships ``nlp_id/data/dataset_postag.txt``, ~560k tokens of
Indonesian news tagged with NNP/NN/VB/...; we count tags per word form, how often the form is
written in lower case (the corpus tags many capitalised institution words such as "Sekretaris"
NNP, but a name is never written in lower case), and tags per suffix at first use and cache the counts as JSON (``$LINIMASA_CACHE`` or ``~/.cache/linimasa/``).
Nothing is downloaded, and nlp-id's own tagger (which fetches a model from a hub) is never
imported: only its data file is read. A lookup/suffix tagger is used instead of a
sequence model because the entity stage calls it on every capitalised token and must stay
around a millisecond per article; its held-out accuracy is printed by
``benchmarks/bench_ner.py``.
"""

from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from linimasa.cache import cache_dir, read_json, write_json

CACHE_VERSION = 2
SUFFIX_LEN = 3


def corpus_path() -> Path | None:
    """The tagged corpus inside the installed ``nlp-id`` package, without importing it."""
    spec = importlib.util.find_spec("nlp_id")
    if spec is None or not spec.submodule_search_locations:
        return None
    for loc in spec.submodule_search_locations:
        path = Path(loc) / "data" / "dataset_postag.txt"
        if path.exists():
            return path
    return None


def read_tagged(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences of ``(token, TAG)`` from a token<TAB>tag file with blank-line separators."""
    sent: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2:
                if sent:
                    yield sent
                    sent = []
                continue
            sent.append((parts[0], parts[1].upper()))
    if sent:
        yield sent


@dataclass(frozen=True, slots=True)
class WordClass:
    """What the corpus says about one lowercased word form."""

    tag: str  # most frequent tag
    proper: float  # share of occurrences tagged NNP
    count: int
    lower: float = 0.0  # share of occurrences written in lower case (names never are)


class Lexicon:
    """Per-word tag counts with a suffix fallback; ``tag()`` is the POS tagger."""

    def __init__(self, words: dict[str, list], suffixes: dict[str, str]) -> None:
        self._words = {w: WordClass(*v) for w, v in words.items()}
        self._suffixes = suffixes

    def get(self, word: str) -> WordClass | None:
        return self._words.get(word.lower())

    def tag(self, word: str) -> str:
        """Most frequent tag of ``word``; unknown words get their suffix's tag (NNP if capitalised)."""
        wc = self._words.get(word.lower())
        if wc is not None:
            if wc.tag == "NNP" or not word[:1].isupper() or wc.proper < 0.5:
                return wc.tag
            return "NNP"
        if word[:1].isupper():
            return "NNP"
        if word[:1].isdigit():
            return "NUM"
        return self._suffixes.get(word[-SUFFIX_LEN:].lower(), "NN")

    def is_common(self, word: str, min_count: int = 2, max_proper: float = 0.25) -> bool:
        """True when ``word`` is mostly an ordinary (non-proper) word in the corpus."""
        wc = self._words.get(word.lower())
        return wc is not None and wc.count >= min_count and wc.proper <= max_proper

    def __len__(self) -> int:
        return len(self._words)


def train(sentences: Iterable[list[tuple[str, str]]]) -> dict:
    """Counts -> the JSON-able model: ``words`` {lower: [tag, proper share, count, lower-case share]}, ``suffixes``."""
    tags: dict[str, Counter] = defaultdict(Counter)
    lower: Counter = Counter()
    suffix_tags: dict[str, Counter] = defaultdict(Counter)
    for sent in sentences:
        for tok, tag in sent:
            low = tok.lower()
            tags[low][tag] += 1
            if tok[:1].islower():
                lower[low] += 1
            if tag != "NNP" and tok.isalpha() and len(tok) > SUFFIX_LEN:
                suffix_tags[low[-SUFFIX_LEN:]][tag] += 1
    words = {}
    for w, c in tags.items():
        n = sum(c.values())
        words[w] = [c.most_common(1)[0][0], round(c["NNP"] / n, 3), n, round(lower[w] / n, 3)]
    suffixes = {s: c.most_common(1)[0][0] for s, c in suffix_tags.items() if sum(c.values()) >= 3}
    return {"version": CACHE_VERSION, "words": words, "suffixes": suffixes}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon, trained from nlp-id's corpus at first use and cached on disk.

    Without nlp-id installed an empty lexicon is returned (recognition then relies on
    capitalisation, cues and gazetteers only).
    """
    cache = cache_dir() / f"postag-lexicon-v{CACHE_VERSION}.json"
    data = read_json(cache)
    if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
        return Lexicon(data["words"], data["suffixes"])
    path = corpus_path()
    if path is None:
        return Lexicon({}, {})
    data = train(read_tagged(path))
    write_json(cache, data)  # a read-only home still works, just retrains per process
    return Lexicon(data["words"], data["suffixes"])


def heldout_accuracy(every: int = 10) -> tuple[float, int]:
    """Tagging accuracy on every ``every``-th sentence of the corpus, trained on the rest."""
    path = corpus_path()
    if path is None:
        return 0.0, 0
    sents = list(read_tagged(path))
    test = sents[::every]
    model = train(s for i, s in enumerate(sents) if i % every)
    lex = Lexicon(model["words"], model["suffixes"])
    total = ok = 0
    for sent in test:
        for tok, tag in sent:
            total += 1
            ok += lex.tag(tok) == tag
    return (ok / total if total else 0.0), total
