"""The attributes the entity tagger (:mod:`linimasa.entities.tagger`) reads of each token: word form,
shape, affixes, POS lexicon class, gazetteer and region flags, cue words, the rule recogniser's reading
and the words around it. The training script (``training/train_ner.py``) extracts them with
:func:`token_attributes`; the decoder sums the weights of the same attributes."""

from __future__ import annotations

import gzip
from bisect import bisect_left
from functools import cache
from operator import itemgetter

from linimasa.entities.gazetteer import Resources
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.recognize import Found, Recognizer
from linimasa.entities.tokens import Token
from linimasa.lang.packs import DEFAULT_LANGUAGE, lang_dir

CLUSTERS_FILE = "word_clusters.tsv.gz"  # in lang/<code>/ beside the tagger's weights (training/word_clusters.py)

_CONNECTORS = frozenset({"bin", "binti", "van", "von", "der", "den", "de", "da", "del", "al", "el", "ibn", "of", "the"})
_OFFSETS = (-2, -1, 1, 2)
_START = itemgetter(1)


def shape(word: str) -> str:
    """ "Jakarta" -> "Xx", "KPK" -> "X", "2016" -> "d", "Jong-un" -> "Xx-x": character classes, runs collapsed."""
    out: list[str] = []
    last = ""
    for c in word:
        if c.isupper():
            k = "X"
        elif c.islower():
            k = "x"
        elif c.isdigit():
            k = "d"
        else:
            k = c
        if k != last:
            out.append(k)
            last = k
    return "".join(out)


class Features:
    """The word-level attributes of a token (those that depend on its text only)."""

    def __init__(
        self,
        res: Resources,
        lex: Lexicon,
        title_starts: frozenset[str],
        org_heads: frozenset[str],
        loc_heads: frozenset[str],
        org_cue_ends: frozenset[str],
        loc_cue_ends: frozenset[str],
        person_cue_ends: frozenset[str],
        not_entity_ends: frozenset[str],
        clusters: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.res = res
        self.lex = lex
        self.title_starts = title_starts
        self.org_heads = org_heads
        self.loc_heads = loc_heads
        self.org_cue_ends = org_cue_ends
        self.loc_cue_ends = loc_cue_ends
        self.person_cue_ends = person_cue_ends
        self.not_entity_ends = not_entity_ends
        self.multi_starts = frozenset(k[0] for k in res.names if len(k) > 1)
        # folded word -> its distributional classes ("c=12", "cf=172"), coarse and fine
        self.clusters = clusters or {}

    def flags(self, text: str, key: str) -> list[str]:
        """Attributes shared by a token and its neighbours."""
        res = self.res
        out = ["w=" + key, "s=" + shape(text), "pos=" + self.lex.tag(text)]
        entry = res.exact.get(text)
        if entry is None and text[:1].isupper():
            entry = res.names.get((key,))
        if entry is not None:
            out.append("gz=" + entry.type)
            out.append("gk=" + entry.kind)
        if key in self.multi_starts:
            out.append("gzm")
        if key in self.title_starts:
            out.append("ttl")
        if key in self.org_heads:
            out.append("oh")
        if key in self.loc_heads:
            out.append("lh")
        if key in res.org_tails:
            out.append("ot")
        if key in res.loc_tails:
            out.append("lt")
        if key in res.event_heads or key in res.event_tails:
            out.append("ev")
        if key in self.org_cue_ends:
            out.append("oc")
        if key in self.loc_cue_ends:
            out.append("lc")
        if key in self.person_cue_ends:
            out.append("pc")
        if key in res.person_cues_after:
            out.append("pca")
        if key in self.not_entity_ends:
            out.append("nec")
        if key in res.given_names:
            out.append("giv")
        if key in res.compass:
            out.append("cmp")
        if key in res.non_names:
            out.append("nn")
        cl = self.clusters.get(key)
        if cl is not None:
            out.append(cl[0])
            out.append(cl[1])
        return out

    def own(self, text: str, key: str) -> list[str]:
        """All attributes of a token's own word."""
        out = self.flags(text, key)
        out.append("p2=" + key[:2])
        out.append("p3=" + key[:3])
        out.append("x2=" + key[-2:])
        out.append("x3=" + key[-3:])
        out.append("x4=" + key[-4:])
        wc = self.lex.get(text)
        if wc is None:
            out.append("lx=none")
        else:
            p = wc.proper
            out.append("lx=" + ("p0" if p < 0.05 else "p1" if p < 0.3 else "p2" if p < 0.7 else "p3"))
            if wc.lower >= 0.5:
                out.append("lowmost")
        if (key,) in self.res.villages:
            out.append("vil")
        if key in _CONNECTORS:
            out.append("conn")
        if text[:1].isupper():
            out.append("cap")
            if text.isupper() and len(text) > 1:
                out.append("upper")
        if key.endswith("nya"):
            out.append("nya")
        if len(text) == 1:
            out.append("len1")
        return out


def rule_tags(toks: list[Token], found: list[Found]) -> tuple[list[str], list[str]]:
    """The rule recogniser's reading per token: its BIO tag ("B-PER") and the kind of its mention."""
    n = len(toks)
    tags = ["O"] * n
    kinds = [""] * n
    starts = list(map(_START, toks))
    for f in sorted(found, key=lambda f: (f.start, f.start - f.end)):
        a = bisect_left(starts, f.start)
        if a >= n or toks[a].start != f.start or tags[a] != "O":
            continue
        b = a
        while b < n and toks[b].end <= f.end and tags[b] == "O":
            b += 1
        if b == a:
            continue
        tags[a] = "B-" + f.type
        kinds[a] = f.kind + ("+" if f.strong else "")
        for x in range(a + 1, b):
            tags[x] = "I-" + f.type
            kinds[x] = kinds[a]
    return tags, kinds


def dynamic_attributes(toks: list[Token], tags: list[str], kinds: list[str], i: int) -> list[str]:
    """Attributes of a token's position: sentence start, the gap before it, the rules' reading around it."""
    t = toks[i]
    n = len(toks)
    out = ["bias", "r0=" + tags[i], "rk=" + kinds[i]]
    out.append("r-1=" + (tags[i - 1] if i > 0 else "BOS"))
    out.append("r+1=" + (tags[i + 1] if i + 1 < n else "EOS"))
    if t.initial:
        out.append("ini")
    if not t.tight:
        out.append("brk")
    if i + 1 < n and not toks[i + 1].tight:
        out.append("brk+1")
    return out


def bigrams(toks: list[Token], i: int) -> list[str]:
    """The word pairs around a token ("b-=luar|negeri", "b+=negeri|sergei")."""
    key = toks[i].key
    out = ["b-=" + (toks[i - 1].key if i > 0 else "") + "|" + key]
    out.append("b+=" + key + "|" + (toks[i + 1].key if i + 1 < len(toks) else ""))
    return out


def token_attributes(feats: Features, toks: list[Token], found: list[Found]) -> list[list[str]]:
    """Every attribute of every token (the training script's view; the decoder sums the same weights)."""
    tags, kinds = rule_tags(toks, found)
    own = [feats.own(t.text, t.key) for t in toks]
    nb = [feats.flags(t.text, t.key) for t in toks]
    n = len(toks)
    out = []
    for i in range(n):
        attrs = own[i] + dynamic_attributes(toks, tags, kinds, i)
        for o in _OFFSETS:
            j = i + o
            if 0 <= j < n:
                attrs.extend(f"{o}:{a}" for a in (nb[j] if o in (-1, 1) else nb[j][:2]))
        attrs.extend(bigrams(toks, i))
        out.append(attrs)
    return out


@cache
def load_clusters(lang: str = DEFAULT_LANGUAGE) -> dict[str, tuple[str, str]]:
    """The word classes of ``lang``'s pack as attributes (folded word -> ("c=12", "cf=172")); empty without
    the file."""
    path = lang_dir(lang) / CLUSTERS_FILE
    if not path.exists():
        return {}
    out: dict[str, tuple[str, str]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3:
                out[parts[0]] = ("c=" + parts[1], "cf=" + parts[2])
    return out


def features_of(rec: Recognizer, clusters: dict[str, tuple[str, str]] | None = None) -> Features:
    """The word attributes over the recogniser's resources and phrase indexes (and the word classes of the
    Indonesian pack unless ``clusters`` is given)."""
    return Features(
        rec.res,
        rec.lex,
        frozenset(rec._title_starts),
        frozenset(rec._head_starts),
        frozenset(rec._loc_starts),
        frozenset(rec._org_cue_ends),
        frozenset(rec._loc_cue_ends),
        frozenset(rec._person_cue_ends),
        frozenset(rec._not_entity_ends),
        load_clusters() if clusters is None else clusters,
    )
