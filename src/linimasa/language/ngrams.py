"""py3langid's byte n-gram feature counts and scores, computed with numpy instead of a per-byte Python loop.

py3langid finds its features by walking a DFA one byte at a time in pure Python (``visit_counts``,
about 0.25 ms for a 1,500-character sample), then gathers the features' float16 rows and casts them
to float32 (another 0.1 ms): most of the language stage. Hand-written because no library computes
py3langid's exact features faster; what makes it possible:

- The DFA is an Aho-Corasick automaton over the model's byte n-grams (at most ``window`` bytes,
  6 in the bundled model): after a byte, its state is the longest suffix of the text read so far
  that is a node of the n-gram trie. That suffix lies inside the last ``window`` bytes, so the state
  after byte i is the state the DFA reaches from its start state reading only bytes
  i-window+1..i. Those short runs are computed for every position at once, one numpy gather per
  byte of the window (the first two bytes through one table indexed by the byte pair).
- Each state counts at most one feature (``tk_output``); the counts are put in py3langid's order
  (first occurrence, as ``collections.Counter`` keeps them) so the scores are summed in the same
  order, and the float16 -> float32 cast py3langid does per text is exact, so casting the table
  once gives the same products.

Normalisation (``_encode``), the decision (``_decide``, ``classify``) and the model are py3langid's
own: ``FastIdentifier`` subclasses its identifier and replaces only ``_raw_score``.
``tests/test_language_ngrams.py`` checks counts and scores against py3langid on thousands of texts.
"""

from __future__ import annotations

import lzma
import os
import shutil
from functools import cache
from pathlib import Path

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import _to_array

from linimasa.cache import cache_dir


def _as_numpy(values) -> np.ndarray:  # a stdlib ``array`` of unsigned integers (py3langid's model loader)
    """A zero-copy numpy view of a stdlib ``array``."""
    return np.frombuffer(values, dtype=f"u{values.itemsize}")


class FastIdentifier(LanguageIdentifier):
    """py3langid's identifier with feature counting and scoring vectorised; everything else inherited."""

    __slots__ = ("_moves", "_out_feature", "_pair_row", "_ptc32", "_row_start", "_feature_bits", "window")

    def __init__(self, *args, **kwargs) -> None:  # py3langid's own signature
        super().__init__(*args, **kwargs)
        self._moves = _as_numpy(self.tk_nextmove)  # flat, 256 next states per distinct row
        self._row_start = _as_numpy(self.tk_row).astype(np.intp) << 8  # state -> offset of its row
        self._out_feature = np.asarray(self.tk_output, dtype=np.intp)  # state -> feature, or -1
        self._feature_bits = int(len(self.nb_ptc)).bit_length()
        self.window = self._longest_ngram()
        if self.window < 3:
            raise ValueError(f"py3langid model with {self.window}-byte n-grams: expected at least 3")
        # Offset of the row of the state reached from the start state by bytes b1 b2, at b1 * 256 + b2.
        after_one = self._row_start[self._moves[self._row_start[0] + np.arange(256)]]
        self._pair_row = self._row_start[self._moves[(after_one[:, None] + np.arange(256)).ravel()]]
        self._ptc32 = self.nb_ptc.astype(np.float32)  # 57 MB, saves a 0.1 ms cast per text

    def _longest_ngram(self) -> int:
        """Length of the longest n-gram of the trie (breadth-first levels from the start state).

        A state first reached at level d spells a d-byte n-gram: a transition goes to the longest
        trie suffix, which is at most one byte longer than its source's.
        """
        row_of_state = _as_numpy(self.tk_row)
        moves_by_row = self._moves.reshape(-1, 256)
        seen = np.zeros(len(row_of_state), dtype=bool)
        seen[0] = True
        frontier = np.zeros(1, dtype=np.intp)
        level = 0
        while True:
            rows = np.unique(row_of_state[frontier])  # states share rows: expand each row once
            reached = np.zeros_like(seen)
            reached[moves_by_row[rows].ravel()] = True
            frontier = np.flatnonzero(reached & ~seen)
            if not frontier.size:
                return level
            seen[frontier] = True
            level += 1

    def states(self, data: bytes) -> np.ndarray:
        """The DFA state after every byte of ``data``, as py3langid's walk visits them."""
        size, window = len(data), self.window
        moves, row_start = self._moves, self._row_start
        head, state = [], 0
        for byte in data[: window - 1]:  # fewer than ``window`` bytes read: walk them one by one
            state = int(moves[row_start[state] + byte])
            head.append(state)
        runs = size - window + 1  # windows of ``window`` bytes, the one ending at byte i starts at i - window + 1
        if runs <= 0:
            return np.array(head, dtype=np.intp)
        text = np.frombuffer(data, dtype=np.uint8)
        pairs = np.ndarray((runs,), dtype=">u2", buffer=data, strides=(1,))  # b[k] * 256 + b[k + 1], no copy
        # (``take``: the same gathers as indexing, without the general indexing machinery's cost)
        row = self._pair_row.take(pairs)
        for k in range(2, window - 1):
            row = row_start.take(moves.take(row + text[k : k + runs]))
        last = moves.take(row + text[window - 1 : window - 1 + runs])
        return np.concatenate((np.array(head, dtype=np.intp), last))

    def feature_counts(self, data: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Features of encoded ``data`` and their counts, in order of first occurrence (as py3langid's Counter)."""
        features = self._out_feature.take(self.states(data))
        return _counts_by_first_occurrence(features[features >= 0], self._feature_bits)

    def _raw_score(self, text: bytes) -> np.ndarray:
        features, counts = self.feature_counts(text)
        if not features.size:
            return super()._raw_score(b"")  # py3langid's score of a text without features
        full_model = self.nb_ptc is self._full_model[0]  # set_languages() swaps in a column subset
        table = self._ptc32 if full_model else self.nb_ptc
        # py3langid's _sparse_score, term for term.
        return np.log1p(counts.astype(np.float32)) @ table.take(features, axis=0) + self.nb_pc


def _counts_by_first_occurrence(values: np.ndarray, value_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``values`` (non-negative, below 2**value_bits) in order of first occurrence, and their counts.

    np.unique(return_index=True, return_counts=True) plus an argsort does the same at twice the cost:
    here (value, position) and then (first position, value, count) are packed into int64 keys and
    sorted with np.sort, which is much faster than a stable argsort.
    """
    size = len(values)
    position_bits = size.bit_length()
    if not size or 2 * position_bits + value_bits > 63:
        uniques, first, counts = np.unique(values, return_index=True, return_counts=True)
        order = np.argsort(first)
        return uniques[order], counts[order]
    position_mask = (1 << position_bits) - 1
    # (ndarray methods and ufuncs with ``out``: numpy's Python-level wrappers (np.sort, np.diff,
    # np.flatnonzero) cost as much as the work on a 1,500-byte sample; in-place sorts need no copy)
    keys = values.astype(np.int64)
    keys <<= position_bits
    keys |= np.arange(size, dtype=np.int64)
    keys.sort()
    sorted_values = keys >> position_bits
    new = np.empty(size, dtype=bool)
    new[0] = True
    np.not_equal(sorted_values[1:], sorted_values[:-1], out=new[1:])
    starts = new.nonzero()[0]
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = size - starts[-1]
    # positions are distinct, so a group's first key is its first occurrence
    packed = keys.take(starts)
    packed &= position_mask
    packed <<= value_bits + position_bits
    packed |= sorted_values.take(starts) << position_bits
    packed |= counts
    packed.sort()
    return (packed >> position_bits) & ((1 << value_bits) - 1), packed & position_mask


@cache
def identifier() -> FastIdentifier:
    """The bundled py3langid model with fast counting, loaded once per process (read-only after).

    The model ships LZMA-compressed: decompressing it is half a second of every process that
    detects a language. It is decompressed once per machine into the cache (68 MB,
    :func:`decompressed_model`) and read from there as py3langid reads it; without a writable
    cache, py3langid's own loader."""
    path = decompressed_model()
    if path is None:
        return FastIdentifier.from_model_file(MODEL_FILE)
    try:
        with np.load(path, allow_pickle=False) as data:  # (py3langid.modelio.load_model, less the LZMA)
            ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
            nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"]
    except (OSError, ValueError, KeyError):
        return FastIdentifier.from_model_file(MODEL_FILE)
    return FastIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output.tolist(), tk_row=row)


def decompressed_model(source: Path | None = None) -> Path | None:
    """The bundled model decompressed into the cache (done at first use, atomically), or None
    when the cache cannot be written. Named by the compressed file's size and time, so a new
    py3langid gets a new file."""
    source = source or Path(MODEL_DIR) / MODEL_FILE
    try:
        st = source.stat()
        path = cache_dir() / f"langid-{st.st_size}-{int(st.st_mtime)}.npz"
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with lzma.open(source) as src, tmp.open("wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
        tmp.replace(path)
        return path
    except (OSError, lzma.LZMAError):
        return None
