"""Compact per-document features for the corpus stages: stemmed terms, TF-IDF vectors, dates.

The corpus stages compare documents (duplicates, stories) and sentences (dating,
timelines, summaries) by their words. Raw tokens are too sparse for Indonesian, where one
root takes many affixes ("kunjungan", "mengunjungi", "dikunjungi"), so terms are stems:
PySastrawi for Indonesian (slow per call, hence the per-word cache, which is a read-only
memo of a pure function and safe in any process), and a light hand-written suffix
stripper for English (no English stemmer is among the dependencies, and a few suffix rules
are all that term matching needs). Stopwords come from ``lang/<code>/corpus.toml``.

Vectors are plain ``{term_id: weight}`` dicts, L2-normalised and cut to the strongest
terms: the stories stage keeps one per story centroid and needs cheap updates and
pruning, which a scikit-learn matrix does not give. TIMEX3 values are turned into day
intervals here too, because every corpus stage reasons about dates as intervals.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from typing import Any

from linimasa.corpus.background import background
from linimasa.lang.packs import load_toml, resource_language
from linimasa.lang.stemmers import STEMMERS as _STEMMERS
from linimasa.model import Document

# (possessive: the same words, as nothing after a word can make a shorter one match; the regex engine
# then keeps no backtracking points, a tenth less time on a news text)
_WORD = re.compile(r"[^\W\d_]++(?:-[^\W\d_]++)*+")
MIN_TERM_LENGTH = 3

Vector = dict[int, float]


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, inner hyphens kept: "jong-un", "masing-masing")."""
    return list(map(str.lower, _WORD.findall(text)))


def word_count(text: str) -> int:
    """``len(words(text))`` without lower-casing the words."""
    return len(_WORD.findall(text))


@cache
def stopwords(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for w in load_toml(resource_language(lang), "corpus").get("stopwords", []))


@cache
def cue_words(lang: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Status cues per kind (``planned``, ``expected``, ``past``) as word tuples."""
    cues = load_toml(resource_language(lang), "corpus").get("cues", {})
    return {kind: tuple(tuple(words(p)) for p in phrases) for kind, phrases in cues.items()}


@cache
def series_cues(lang: str) -> tuple[tuple[str, ...], ...]:
    """Words and phrases (as word tuples) that mark a report of one of a series of repeated happenings."""
    phrases = load_toml(resource_language(lang), "corpus").get("series", [])
    return tuple(tuple(words(p)) for p in phrases if words(p))


def has_cue(text: str, cues: tuple[tuple[str, ...], ...]) -> bool:
    """Whether ``text`` holds one of ``cues`` as whole lower-cased words."""
    if not cues:
        return False
    ws = words(text)
    firsts = {c[0] for c in cues}
    for i, w in enumerate(ws):
        if w in firsts:
            for c in cues:
                if c[0] == w and tuple(ws[i : i + len(c)]) == c:
                    return True
    return False


def stem(word: str, lang: str | None) -> str:
    return _STEMMERS.stem(word, resource_language(lang))


# word as written -> its term ("" when it is none): news repeats its words, so ``terms`` works on
# each distinct word of a text once and maps the rest at C speed (a memo of a pure function;
# cleared when it grows past _TERM_MEMO_MAX words)
_TERM_MEMO: dict[str, dict[str, str]] = {}
_TERM_MEMO_MAX = 1_000_000


def _term(word: str, lang: str, stop: frozenset[str], cache: dict[str, str]) -> str:
    w = word.lower()
    if len(w) < MIN_TERM_LENGTH or w in stop:
        return ""
    s = cache.get(w)
    if s is None:
        s = _STEMMERS.stem(w, lang)
    return s if len(s) >= MIN_TERM_LENGTH and s not in stop else ""


def terms(text: str, lang: str | None) -> list[str]:
    """Content terms of ``text``: stems of the non-stopword words of 3+ letters."""
    lang = resource_language(lang)
    memo = _TERM_MEMO.get(lang)
    if memo is None:
        memo = _TERM_MEMO[lang] = {}
    found = _WORD.findall(text)
    new = set(found).difference(memo)
    if new:
        if len(memo) + len(new) > _TERM_MEMO_MAX:
            memo.clear()
            new = set(found)
        stop, cache = stopwords(lang), _STEMMERS.cache(lang)
        for w in new:
            memo[w] = _term(w, lang, stop, cache)
    return list(filter(None, map(memo.__getitem__, found)))


def document_terms(doc: Document) -> Counter[str]:
    """Term counts of a document: its text, with the title counted twice (it names the story)."""
    counts = Counter(terms(doc.text, doc.lang))
    if doc.title:
        for t in terms(doc.title, doc.lang):
            counts[t] += 2
    return counts


class Vocabulary:
    """Term -> int id and document frequencies, grown in one pass over the corpus.

    IDF pools the corpus counts with the language's background corpus
    (:mod:`linimasa.corpus.background`), so that it means something on small corpora too.
    """

    def __init__(self, lang: str | None = None, names: Sequence[str] | None = None) -> None:
        # ``names``: terms given as integer keys stand for names[key] (callers that intern terms)
        self.names = names
        self.ids: dict[Any, int] = {}
        self.df: list[int] = []
        self.bg_df: list[int] = []
        self.n_docs = 0
        self.bg_docs, self._bg = background(resource_language(lang))

    def add_document(self, counts: Iterable[Any]) -> list[int]:
        # attributes held in locals: this loop runs for every term of every document of a run
        known, df, bg_df, bg, names = self.ids, self.df, self.bg_df, self._bg, self.names
        ids = []
        for t in counts:
            i = known.get(t)
            if i is None:
                i = known[t] = len(df)
                df.append(0)
                bg_df.append(bg.get(names[t] if names is not None else t, 0))
            df[i] += 1
            ids.append(i)
        self.n_docs += 1
        return ids

    def idfs(self) -> list[float]:
        """The IDF of every term id, in id order: ``log((1 + n + N) / (1 + df + df_bg)) + 1``."""
        total = 1 + self.n_docs + self.bg_docs
        return [math.log(total / (1 + d + b)) + 1.0 for d, b in zip(self.df, self.bg_df, strict=True)]


def tfidf(counts: dict[int, int], idf: list[float], top: int = 0) -> Vector:
    """Sublinear TF-IDF, L2-normalised; with ``top`` only the strongest terms are kept."""
    vec = {t: (1.0 + math.log(c)) * idf[t] for t, c in counts.items() if c > 0}
    if top and len(vec) > top:
        vec = {t: vec[t] for t in ranked_terms(vec)[:top]}
    return normalise(vec)


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector, b_norm: float = 1.0) -> float:
    """Cosine of ``a`` (normalised) and ``b`` (norm given, 1.0 when already normalised)."""
    if len(a) > len(b):
        a, b = b, a
    # terms missing from ``b`` add nothing (x + 0.0 == x): skipping them keeps the same sum. Added
    # one by one in ``a``'s order, as ``sum`` does (so compiled, no list and one lookup per term)
    dot = 0.0
    for t, w in a.items():
        x = b.get(t)
        if x is not None:
            dot += w * x
    return dot / b_norm if b_norm else 0.0


def ranked_terms(vec: Mapping[Any, float]) -> list[Any]:
    """The keys of ``vec`` by weight, the heaviest first, ties by key: ``sorted(vec, key=lambda t:
    (-vec[t], t))`` as two sorts without a key tuple per term (a sort with ``reverse`` keeps the
    order of equal weights)."""
    return sorted(sorted(vec), key=vec.__getitem__, reverse=True)


def first_terms(ranked: list[int], df: list[int], low: float, high: float, n: int) -> list[int]:
    """The first ``n`` of ``ranked`` whose document frequency ``df[t]`` is within ``[low, high]``."""
    out: list[int] = []
    for t in ranked:
        if len(out) >= n:
            break
        if low <= df[t] <= high:
            out.append(t)
    return out


def sentence_vectors(texts: list[str], lang: str | None) -> list[Vector]:
    """TF-IDF vectors of a handful of sentences (summaries, events), IDF pooled with the background.

    Runs for every story's summary, dating and timeline: bags are plain dicts (a ``Counter``
    per sentence cost more than the counting).
    """
    vocab = Vocabulary(lang)
    idbags = []
    for t in texts:
        bag: dict[str, int] = {}
        for term in terms(t, lang):
            bag[term] = bag.get(term, 0) + 1
        idbags.append(dict(zip(vocab.add_document(bag), bag.values(), strict=True)))
    idf = vocab.idfs()
    return [tfidf(b, idf) for b in idbags]


# ---------------------------------------------------------------- dates

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")

GRANULARITY_ORDER = {"day": 0, "range": 1, "week": 2, "month": 3, "quarter": 4, "half": 5, "year": 6}


def parse_day(value: str | None) -> dt.date | None:
    """The date at the start of an ISO date or date-time string, or None."""
    m = _DAY.match(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _single_interval(value: str) -> tuple[dt.date, dt.date, str] | None:
    value = value.strip()
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d, "day"
        if m := _MONTH.match(value):
            y, mo = int(m.group(1)), int(m.group(2))
            start = dt.date(y, mo, 1)
            end = (dt.date(y + (mo == 12), mo % 12 + 1, 1)) - dt.timedelta(days=1)
            return start, end, "month"
        if m := _YEAR.match(value):
            y = int(m.group(1))
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
        if m := _WEEK.match(value):
            start = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return start, start + dt.timedelta(days=6), "week"
        if m := _QUARTER.match(value):
            y, q = int(m.group(1)), int(m.group(2))
            start = dt.date(y, 3 * q - 2, 1)
            end = (dt.date(y + (q == 4), (3 * q) % 12 + 1, 1)) - dt.timedelta(days=1)
            return start, end, "quarter"
        if m := _HALF.match(value):
            y, h = int(m.group(1)), int(m.group(2))
            return (
                (dt.date(y, 1, 1), dt.date(y, 6, 30), "half")
                if h == 1
                else (dt.date(y, 7, 1), dt.date(y, 12, 31), "half")
            )
    except ValueError:
        return None
    return None


@lru_cache(maxsize=65536)  # pure, and asked for the same few values again and again by the corpus stages
def value_interval(value: str | None) -> tuple[dt.date, dt.date, str] | None:
    """A TIMEX3 date value as ``(first day, last day, granularity)``; None when not a concrete date.

    Handles days, months, years, ISO weeks, quarters, halves and ``A/B`` ranges; rejects
    values with unknown parts (``XXXX-04-25``), references (``PRESENT_REF``) and durations.
    """
    if not value or "X" in value or value.startswith("P") or value.endswith("_REF"):
        return None
    if "/" in value:
        a, _, b = value.partition("/")
        ia, ib = _single_interval(a), _single_interval(b)
        if not ia or not ib or ib[1] < ia[0]:
            return None
        return ia[0], ib[1], "range"
    return _single_interval(value)


def interval_jaccard(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> float:
    """Shared days over all days of two day intervals."""
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    inter = (hi - lo).days + 1 if hi >= lo else 0
    union = (max(a[1], b[1]) - min(a[0], b[0])).days + 1
    return inter / union if union > 0 else 0.0


def interval_gap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two intervals (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def publication_date(doc: Document) -> dt.date | None:
    """The document's own publication date (not one a previous run took from its story)."""
    if doc.published_from == "story":
        return None
    return parse_day(doc.published)
