"""Exact and near-duplicate documents: syndicated wire copy, re-posts, lightly edited copies.

Exact copies share the hash of their normalised text (lower-cased word and number tokens,
so punctuation, spacing and case do not matter). Near copies are found with MinHash LSH
over word 5-shingles (datasketch's "affine32" MinHash values and band layout, computed
here and tested equal to its own; the index itself is a dictionary per band, see
``_LshIndex``): each document is looked up in the LSH index of the
documents before it, and inserted when it matched none (it starts a group), so the cost
grows with the corpus, never with the number of pairs. An LSH hit is only a candidate: it is confirmed by the real Jaccard
similarity of the two shingle sets (or by containment, for a copy that keeps the whole
original and adds a paragraph or boilerplate), computed from the texts.

Documents are visited in a canonical order (publication date, then id; undated last), so
the result does not depend on the input order, and ``duplicate_of`` always names the
earliest member of the group.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

import numpy as np

from linimasa.corpus.features import publication_date
from linimasa.model import Document
from linimasa.pipeline import CorpusResult

_TOKEN = re.compile(r"\w+")
MIN_TOKENS = 3


def canonical_key(doc: Document) -> tuple[str, str]:
    """Sort key shared by the corpus stages: dated documents by date, undated last, then id."""
    d = publication_date(doc)
    return (d.isoformat() if d else "9999-99-99", doc.id)


def normalised_tokens(text: str) -> list[str]:
    return list(map(str.lower, _TOKEN.findall(text)))


def shingles(tokens: list[str], size: int) -> set[int]:
    """Hashed word ``size``-grams (the whole text when it is shorter than one shingle)."""
    if len(tokens) < size:
        return {zlib.crc32(" ".join(tokens).encode("utf-8"))} if tokens else set()
    # the n-grams as tuples of the shifted token lists, joined, encoded (UTF-8) and hashed in C
    grams = zip(*(tokens[k:] for k in range(size)), strict=False)  # stops with the shortest list: at the last n-gram
    return set(map(zlib.crc32, map(str.encode, map(" ".join, grams))))


@dataclass(slots=True)
class DupItem:
    """One document for duplicate detection: id, canonical sort key, exact-text key, MinHash.

    ``exact`` and ``minhash`` are None for texts too short to compare (under ``MIN_TOKENS``).
    """

    id: str
    key: tuple[str, str]
    exact: bytes | None
    minhash: bytes | None


@cache
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The band layout ``(bands, rows)`` datasketch's ``MinHashLSH`` chooses for a threshold.

    Its rule: the layout with the least false-positive plus false-negative probability
    mass, equally weighted, where a pair of similarity ``s`` shares a band with
    probability ``1 - (1 - s**r)**b``. datasketch integrates with scipy's ``quad``, whose
    import costs a quarter to half a second in every process. The integrands are polynomials of degree
    ``b * r <= num_perm``, which Gauss-Legendre quadrature with ``num_perm // 2 + 1`` nodes
    integrates exactly. Tested equal to datasketch's choice over thresholds and sizes.
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def points(lo: float, hi: float) -> np.ndarray:
        return (hi - lo) / 2 * nodes + (hi + lo) / 2

    below, above = points(0.0, threshold), points(threshold, 1.0)
    best, layout = float("inf"), (0, 0)
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            # pairs under the threshold that share a band, pairs over it that share none
            false_positive = threshold / 2 * float(np.dot(weights, 1 - (1 - below**r) ** b))
            false_negative = (1 - threshold) / 2 * float(np.dot(weights, (1 - above**r) ** b))
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best:
                best, layout = error, (b, r)
    return layout


@cache
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``(a, b)`` of the affine permutations ``h -> a * h + b mod 2**32`` that every
    document's MinHash shares: datasketch's for ``MinHash(num_perm, seed=1)`` under its
    "affine32" scheme (a seeded generator: the same in every process; ``a`` odd, so a bijection)."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _crc32_table() -> np.ndarray:
    """The byte table of the CRC-32 that ``zlib.crc32`` computes (reflected polynomial 0xEDB88320)."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1).astype(np.uint32)
    return table


_CRC32_TABLE = _crc32_table()
_BYTE, _ALL_ONES, _EIGHT = np.uint32(0xFF), np.uint32(0xFFFFFFFF), np.uint32(8)
_LITTLE_ENDIAN_BYTES = (np.uint32(0), np.uint32(8), np.uint32(16), np.uint32(24))  # shifts, low byte first


def _crc32_of_words(keys: np.ndarray) -> np.ndarray:
    """``zlib.crc32(k.to_bytes(4, "little"))`` of every uint32 in ``keys``: the table-driven
    CRC a byte at a time, each step for all the keys at once (uint32 shifts: no widening)."""
    crc = np.full(keys.shape, _ALL_ONES, dtype=np.uint32)
    for shift in _LITTLE_ENDIAN_BYTES:
        crc = _CRC32_TABLE[(crc ^ (keys >> shift)) & _BYTE] ^ (crc >> _EIGHT)
    return crc ^ _ALL_ONES


# MurmurHash3's 32-bit finalizer (datasketch's pre-mix of the "affine32" scheme)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def minhash_signature(hashes: Iterable[int], num_perm: int) -> np.ndarray:
    """The hash values of a datasketch ``MinHash`` (the shared template's permutations,
    ``hashfunc=crc32``) updated with each shingle hash as 4 little-endian bytes.

    The same arithmetic as ``MinHash.update_batch`` under its default "affine32" scheme
    (tested equal to it), without building a ``MinHash`` per document: its constructor
    re-validates the permutations and cost more than the hashing.
    """
    keys = np.fromiter(hashes, dtype=np.uint32)
    if not keys.size:
        return np.full(num_perm, _ALL_ONES, dtype=np.uint32)  # datasketch's empty signature: its maximum hash
    s1, m1, s2, m2, s3 = _FMIX32
    hv = _crc32_of_words(keys).reshape(-1, 1)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations(num_perm)
    return (hv * a + b).min(axis=0)


@dataclass
class DuplicateStage:
    """Sets ``doc.duplicate_of`` to the earliest member of each exact or near-copy group."""

    name: str = "duplicates"
    shingle_size: int = 5
    num_perm: int = 64
    lsh_threshold: float = 0.45
    jaccard: float = 0.5
    containment: float = 0.85
    min_size_ratio: float = 0.3
    # the group starters' LSH buckets after the last find_items (corpus.increment keeps them)
    last_buckets: list[dict[bytes, list[str]]] = field(default_factory=list, repr=False, compare=False)

    def __call__(self, result: CorpusResult) -> CorpusResult:
        groups = self.find(result.documents)
        for doc in result.documents:
            doc.duplicate_of = groups.get(doc.id)
        return result

    def find(self, docs: list[Document]) -> dict[str, str]:
        """Map of duplicate id -> id of the earliest member of its group."""
        by_id = {d.id: d for d in docs}
        items = [self.item(d) for d in docs]
        return self.find_items(items, lambda i: shingles(normalised_tokens(by_id[i].text), self.shingle_size))

    def item(self, doc: Document) -> DupItem:
        """What duplicate detection needs of one document (computed where the document is)."""
        return self.item_and_shingles(doc)[0]

    def item_and_shingles(self, doc: Document) -> tuple[DupItem, set[int]]:
        """:meth:`item` and the document's shingle set (empty for a text too short to compare)."""
        tokens = normalised_tokens(doc.text)
        if len(tokens) < MIN_TOKENS:
            return DupItem(doc.id, canonical_key(doc), None, None), set()
        key = hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=16).digest()
        hashes = shingles(tokens, self.shingle_size)
        signature = minhash_signature(hashes, self.num_perm)
        return DupItem(doc.id, canonical_key(doc), key, signature.tobytes()), hashes

    def find_items(self, items: list[DupItem], shingles_of: Callable[[str], set[int]]) -> dict[str, str]:
        """:meth:`find` over compact items; ``shingles_of(id)`` gives a document's shingle set.

        The shingle sets are only needed to confirm LSH candidates (rare), so a caller that
        does not hold the texts can load them on demand.
        """
        index = _LshIndex(self, shingles_of)
        self.last_buckets = index.tables  # the group starters' buckets (corpus.increment keeps them)
        return self._group(items, index)

    def starters(self) -> set[str]:
        """The group starters of the last :meth:`find_items` (the ids its buckets hold)."""
        return {i for ids in self.last_buckets[0].values() for i in ids} if self.last_buckets else set()

    def set_starters(self, starters: list[DupItem]) -> None:
        """``last_buckets`` as :meth:`find_items` leaves them, from its group starters in canonical
        order (a pass run by another process sends back which they are, not its buckets)."""
        index = _LshIndex(self, lambda _: set())
        for it in starters:
            index.add(it)
        self.last_buckets = index.tables

    def _group(self, items: list[DupItem], index: _Index) -> dict[str, str]:
        """The one grouping pass: documents in canonical order, each exact copy joins the first
        with its text, each other document joins the groups of the earlier group starters the
        index confirms, or starts a group (and only then enters the index: later copies are
        found through it, and the index stays as small as the number of distinct texts)."""
        order = sorted(items, key=lambda it: it.key)
        rank = {it.id: i for i, it in enumerate(order)}
        exact = self.exact_roots(items)
        parent: dict[str, str] = {}

        def root(i: str) -> str:
            while parent.get(i, i) != i:
                parent[i] = parent.get(parent[i], parent[i])
                i = parent[i]
            return i

        def union(a: str, b: str) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                first, second = (ra, rb) if rank[ra] < rank[rb] else (rb, ra)
                parent[second] = first

        for it in order:
            if it.exact is None or it.minhash is None:
                continue
            if it.id in exact:
                union(exact[it.id], it.id)
                continue
            matched = False
            for other in sorted(index.candidates(it), key=rank.__getitem__):
                # a candidate already in this document's group needs no second confirmation
                if root(other) != root(it.id) and index.confirm(it, other):
                    union(other, it.id)
                    matched = True
            if not matched:
                index.add(it)
        return {it.id: root(it.id) for it in order if root(it.id) != it.id}

    # ---------------------------------------------------------- all-pairs form (Spark)

    def bands(self) -> tuple[int, int]:
        """``(bands, rows)`` of the LSH index :meth:`find_items` uses (datasketch's choice)."""
        return _bands(self.lsh_threshold, self.num_perm)

    def band_keys(self, item: DupItem) -> list[tuple[int, bytes]]:
        """The LSH buckets of an item: two items are candidates when they share one."""
        if item.minhash is None:
            return []
        b, r = self.bands()
        width = len(item.minhash) // self.num_perm * r
        return [(i, item.minhash[i * width : (i + 1) * width]) for i in range(b)]

    @staticmethod
    def exact_roots(items: list[DupItem]) -> dict[str, str]:
        """Exact copies: id -> id of the first item (canonical order) with the same normalised text."""
        first: dict[bytes, str] = {}
        out: dict[str, str] = {}
        for it in sorted(items, key=lambda it: it.key):
            if it.exact is None or it.minhash is None:
                continue
            if it.exact in first:
                out[it.id] = first[it.exact]
            else:
                first[it.exact] = it.id
        return out

    def find_from_pairs(self, items: list[DupItem], confirmed: dict[str, list[str]]) -> dict[str, str]:
        """:meth:`find_items` from precomputed confirmed candidate pairs.

        ``confirmed[b]`` lists the items ``a`` before ``b`` in canonical order that share an
        LSH bucket with ``b`` and pass :meth:`confirmed` (neither an exact copy of an
        earlier item). The same pass then makes the same decisions as with the LSH index.
        This is the form a distributed engine computes (candidate pairs by bucket,
        confirmed in parallel).
        """
        return self._group(items, _PairIndex(confirmed))

    def confirmed(self, a: set[int], b: set[int]) -> bool:
        """The real similarity behind an LSH candidate: Jaccard, or containment of the smaller."""
        if not a or not b:
            return False
        inter = len(a & b)
        small, large = sorted((len(a), len(b)))
        if inter / (len(a) + len(b) - inter) >= self.jaccard:
            return True
        return small / large >= self.min_size_ratio and inter / small >= self.containment


class _Index(Protocol):
    """Where the grouping pass finds a document's candidates among the earlier group starters."""

    def candidates(self, item: DupItem) -> Iterable[str]: ...

    def confirm(self, item: DupItem, other: str) -> bool: ...

    def add(self, item: DupItem) -> None: ...


class _LshIndex:
    """Candidates from a MinHash LSH index of the group starters, confirmed on the shingle sets.

    The index is one dictionary per band, from the band's slice of the signature to the
    items that have it: the buckets of datasketch's ``MinHashLSH`` with the same band layout
    (:meth:`DuplicateStage.band_keys`), so the same candidates (tested), without hashing
    each band's bytes through numpy and its storage classes for every insert and query.
    """

    def __init__(self, stage: DuplicateStage, shingles_of: Callable[[str], set[int]]) -> None:
        self.stage, self.shingles_of = stage, shingles_of
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(stage.bands()[0])]
        self.cache: OrderedDict[str, set[int]] = OrderedDict()

    def _shingles(self, doc_id: str) -> set[int]:
        hit = self.cache.get(doc_id)
        if hit is None:
            hit = self.cache[doc_id] = self.shingles_of(doc_id)
            if len(self.cache) > 1024:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(doc_id)
        return hit

    def candidates(self, item: DupItem) -> Iterable[str]:
        out: set[str] = set()
        for band, key in self.stage.band_keys(item):
            hit = self.tables[band].get(key)
            if hit is not None:
                out.update(hit)
        return out

    def confirm(self, item: DupItem, other: str) -> bool:
        return self.stage.confirmed(self._shingles(item.id), self._shingles(other))

    def add(self, item: DupItem) -> None:
        for band, key in self.stage.band_keys(item):
            bucket = self.tables[band].get(key)
            if bucket is None:
                self.tables[band][key] = [item.id]
            else:
                bucket.append(item.id)


class _PairIndex:
    """Candidates from precomputed confirmed pairs, kept to the group starters seen so far."""

    def __init__(self, confirmed: dict[str, list[str]]) -> None:
        self.confirmed = confirmed
        self.starters: set[str] = set()

    def candidates(self, item: DupItem) -> Iterable[str]:
        return [o for o in self.confirmed.get(item.id, ()) if o in self.starters]

    def confirm(self, item: DupItem, other: str) -> bool:
        return True

    def add(self, item: DupItem) -> None:
        self.starters.add(item.id)
