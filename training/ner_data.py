"""The NER data sets as the tagger's training script and ``benchmarks/bench_ner.py`` read them:
one reader, one gold-span rule and one held-out fold, so what is trained on and what is
measured as held out can never drift apart."""

from __future__ import annotations

from pathlib import Path

Sentence = list[tuple[str, str]]


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of (token, tag); TAB-separated (IndoLEM) or "token UPOS tag" (idner) lines."""
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        cur.append((parts[0], parts[-1].strip()))
    if cur:
        sents.append(cur)
    return sents


def gold_spans(sent: Sentence, typemap: dict[str, str]) -> list[tuple[int, int, str]]:
    """(first token, end token, PER/ORG/LOC) of the IOB entities whose type ``typemap`` maps."""
    out, i = [], 0
    while i < len(sent):
        tag = sent[i][1]
        if tag[:2] in ("B-", "I-"):
            typ = tag[2:]
            j = i + 1
            while j < len(sent) and sent[j][1] == "I-" + typ:
                j += 1
            if typ in typemap:
                out.append((i, j, typemap[typ]))
            i = j
        else:
            i += 1
    return out


def indolem_fold(sents: list[Sentence], heldout: bool) -> list[Sentence]:
    """The deterministic split of NER-UGM / NER-UI: every sentence whose index mod 3 == 0 is held out."""
    return [s for k, s in enumerate(sents) if (k % 3 == 0) == heldout]


_OPENERS = "([\"'“‘"
_CLOSERS = ")]\"'”’,.;:"


def token_offsets(tokens: list[str]) -> tuple[dict[int, int], dict[int, int]]:
    """Where mentions of the text ``" ".join(tokens)`` may start and end: character offset -> first token, and
    offset -> end token. A token that glues brackets or punctuation to a word (idner-news-2k's "(Jokowi)",
    "(UI),") may also be entered after its opening and left before its closing marks: its gold entity is the
    word, written there with the marks."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos = 0
    for k, t in enumerate(tokens):
        lead = min(len(t) - len(t.lstrip(_OPENERS)), len(t) - 1)
        trail = min(len(t) - len(t.rstrip(_CLOSERS)), len(t) - 1)
        for x in range(lead + 1):
            starts.setdefault(pos + x, k)
        for x in range(trail + 1):
            ends.setdefault(pos + len(t) - x, k + 1)
        pos += len(t) + 1
    return starts, ends
