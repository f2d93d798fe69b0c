"""The linear-chain CRF of the entity tagger: its labels, its weights file (:class:`Model`), Viterbi
decoding and BIO labels read back as spans."""

from __future__ import annotations

import gzip
import io
from itertools import compress, count
from pathlib import Path

from linimasa.entities.tokens import Token

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
NL = len(LABELS)


def viterbi(emissions: list[list[float]], trans: list[list[float]], after_o: bool, before_o: bool) -> list[int]:
    """Best label sequence for ``emissions`` (one score per label per token) under ``trans[from][to]``;
    ``after_o``/``before_o``: the token before/after the run is labelled O (its transition counts).
    Ties go to the lowest label index."""
    rng = range(NL)
    cols = [[trans[p][y] for p in rng] for y in rng]  # transitions into y, from each label
    return viterbi_cols(emissions, trans, cols, after_o, before_o)


def viterbi_cols(
    emissions: list[list[float]], trans: list[list[float]], cols: list[list[float]], after_o: bool, before_o: bool
) -> list[int]:
    """:func:`viterbi` with the transitions into each label (``cols[to][from]``) ready."""
    # Plain loops over the seven labels (compiled, they run on C doubles; the same additions in the same order
    # as summing the lists, ties to the lowest label as max() then index() would)
    n = len(emissions)
    score = list(emissions[0])
    if after_o:
        t0 = trans[0]
        score = [score[k] + t0[k] for k in range(NL)]
    if n == 1:
        if before_o:
            c0 = cols[0]
            score = [score[k] + c0[k] for k in range(NL)]
        return [argmax(score)]
    back: list[list[int]] = []
    for i in range(1, n):
        em = emissions[i]
        new = [0.0] * NL
        ptr = [0] * NL
        for y in range(NL):
            col = cols[y]
            best = score[0] + col[0]
            arg = 0
            for p in range(1, NL):
                v = score[p] + col[p]
                if v > best:
                    best = v
                    arg = p
            new[y] = best + em[y]
            ptr[y] = arg
        score = new
        back.append(ptr)
    if before_o:
        c0 = cols[0]
        score = [score[k] + c0[k] for k in range(NL)]
    y = argmax(score)
    path = [y]
    for ptr in reversed(back):
        y = ptr[y]
        path.append(y)
    path.reverse()
    return path


def argmax(score: list[float]) -> int:
    """The index of the largest value, the first of equal ones (``score.index(max(score))``)."""
    best = score[0]
    arg = 0
    for k in range(1, len(score)):
        v = score[k]
        if v > best:
            best = v
            arg = k
    return arg


class Model:
    """Weights: attribute -> one weight per label, label transitions, and the lower-case words that may be
    inside a name (any other lower-case token is O)."""

    def __init__(self, state: dict[str, list[float]], trans: list[list[float]], lower_ok: frozenset[str]) -> None:
        self.state = state
        self.trans = trans
        self.lower_ok = lower_ok

    @staticmethod
    def load(path: Path) -> Model:
        state: dict[str, list[float]] = {}
        trans = [[0.0] * NL for _ in range(NL)]
        lower: set[str] = set()
        index = {lab: k for k, lab in enumerate(LABELS)}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if parts[0] == "T":
                    trans[index[parts[1]]][index[parts[2]]] = float(parts[3])
                elif parts[0] == "L":
                    lower.add(parts[1])
                elif parts[0] == "S":
                    vec = state.get(parts[1])
                    if vec is None:
                        vec = state[parts[1]] = [0.0] * NL
                    vec[index[parts[2]]] = float(parts[3])
        return Model(state, trans, frozenset(lower))

    def save(self, path: Path) -> None:
        # (no file name and mtime 0 in the gzip header: the same weights give the same bytes)
        with (
            path.open("wb") as out,
            gzip.GzipFile("", "wb", compresslevel=9, fileobj=out, mtime=0) as raw,
            io.TextIOWrapper(raw, encoding="utf-8") as fh,
        ):
            fh.write("# linimasa NER CRF: S attr label weight | T from to weight | L lower-case name word\n")
            for a in range(NL):
                for b in range(NL):
                    if self.trans[a][b]:
                        fh.write(f"T\t{LABELS[a]}\t{LABELS[b]}\t{self.trans[a][b]:.4g}\n")
            for w in sorted(self.lower_ok):
                fh.write(f"L\t{w}\n")
            for attr in sorted(self.state):
                for k, v in enumerate(self.state[attr]):
                    if v:
                        fh.write(f"S\t{attr}\t{LABELS[k]}\t{v:.4g}\n")


_INSIDE = frozenset(k for k, lab in enumerate(LABELS) if lab[0] == "I")


def break_at_gaps(toks: list[Token], labels: list[int]) -> None:
    """A name never runs across a line break or punctuation between two words ("Korea Utara-AS"):
    an I- label after such a gap becomes a B- (in place)."""
    for x in compress(count(), labels):
        if x and labels[x] in _INSIDE and not toks[x].tight:
            labels[x] -= 1  # I-X -> B-X (B-X precedes I-X in LABELS)


def spans(labels: list[int]) -> list[tuple[int, int, str]]:
    """BIO label indexes -> (start, end, type); an I- without its B- starts a span (as conlleval reads it)."""
    out: list[tuple[int, int, str]] = []
    n = len(labels)
    end = 0
    for i in compress(count(), labels):  # (the labelled tokens only: most are O)
        if i < end:
            continue
        typ = LABELS[labels[i]][2:]
        inside = _INSIDE_OF[typ]
        j = i + 1
        while j < n and labels[j] == inside:
            j += 1
        out.append((i, j, typ))
        end = j
    return out


_INSIDE_OF = {lab[2:]: k for k, lab in enumerate(LABELS) if lab[0] == "I"}
