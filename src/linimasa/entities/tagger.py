"""A learned PER/ORG/LOC tagger for Indonesian: a linear-chain CRF decoded here (features + Viterbi).

The weights (``lang/id/ner_crf.tsv.gz``) are trained by ``training/train_ner.py`` with
python-crfsuite from idner-news-2k train (MIT), NER-UGM and NER-UI (CC BY 4.0, via IndoLEM);
see ``lang/id/NOTICE``. Nothing of crfsuite is needed at run time: this module extracts the
same features the training script extracted (it imports :func:`token_attributes` from here)
and finds the best BIO label sequence with Viterbi.

Features are what the project already knows about a token: its lower-cased form, shape and
affixes, the word class of the POS lexicon, gazetteer and region flags, the cue words of
``lang/id/entities.toml`` (titles, organisation and place heads and tails, cues before a
name), those of its neighbours, the word pairs around it, and the rule recogniser's own reading
(its B/I-type and kind for the token and its neighbours). The rules stay in charge of what they
do well (roles, canonical names, abbreviations, ids): :func:`combine` keeps a rule mention where
the tagger agrees on its span, and the rule readings the tagger cannot make.

Built for speed: every feature of a word that depends only on the word is summed into one
weight vector per (word, offset) and cached, so a token costs a few dict probes and vector
additions; a token that is not capitalised, in no rule mention and not a lower-case word seen
inside names next to a capitalised one (nor is a common word opening a sentence alone, "Namun, ...") is
labelled O without decoding, which splits the text
into short independent runs (decoded exactly: a label fixed to O separates the chain).
"""

from __future__ import annotations

import gzip
import io
from bisect import bisect_left
from functools import lru_cache
from itertools import compress, count, repeat
from operator import add, itemgetter, ne
from pathlib import Path

from linimasa.entities.gazetteer import Resources
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.recognize import Found, Recognizer
from linimasa.entities.tokens import Token
from linimasa.lang.packs import lang_dir

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
NL = len(LABELS)
MODEL_FILE = "ner_crf.tsv.gz"  # in lang/id/
_CONNECTORS = frozenset({"bin", "binti", "van", "von", "der", "den", "de", "da", "del", "al", "el", "ibn", "of", "the"})
_OFFSETS = (-2, -1, 1, 2)
_CACHE_MAX = 1 << 17
# Token fields by position, for C-level map over a token list (Token is a NamedTuple)
_TEXT = itemgetter(0)
_START = itemgetter(1)
_KEY = itemgetter(5)
_IS_CAP = itemgetter(7)
_FIRST = itemgetter(0)
_INITIAL = itemgetter(3)


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
    n = len(emissions)
    rng = range(NL)
    score = list(emissions[0])
    if after_o:
        score = list(map(add, score, trans[0]))
    if n == 1:
        if before_o:
            score = list(map(add, score, cols[0]))
        return [score.index(max(score))]
    back: list[list[int]] = []
    for i in range(1, n):
        em = emissions[i]
        new = [0.0] * NL
        ptr = [0] * NL
        for y in rng:
            vals = list(map(add, score, cols[y]))
            best = max(vals)
            new[y] = best + em[y]
            ptr[y] = vals.index(best)
        score = new
        back.append(ptr)
    if before_o:
        score = list(map(add, score, cols[0]))
    y = score.index(max(score))
    path = [y]
    for ptr in reversed(back):
        y = ptr[y]
        path.append(y)
    path.reverse()
    return path


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


class Tagger:
    """Decodes a token list with a :class:`Model`; word vectors are cached per process."""

    def __init__(self, model: Model, feats: Features) -> None:
        self.model = model
        self.feats = feats
        self._cache: dict[str, tuple[list[float], list[float], list[float], list[float], list[float]]] = {}
        self._zero = [0.0] * NL
        self._cols = [[model.trans[p][y] for p in range(NL)] for y in range(NL)]
        self._dyn: dict[tuple[str, str, str, str, bool, bool, bool], list[float]] = {}
        # "b-=w1|w2" (w2 is the token) and "b+=w1|w2" (w1 is the token): first word -> second word -> weights
        self._pairs_before: dict[str, dict[str, list[float]]] = {}
        self._pairs_after: dict[str, dict[str, list[float]]] = {}
        # common words: written in lower case at least half the time, or hardly ever a name ("Namun", "Menurut")
        words = feats.lex._words
        self._lower_most = frozenset(w for w, wc in words.items() if wc.lower >= 0.5 or wc.proper < 0.02)
        for attr, vec in model.state.items():
            if attr.startswith(("b-=", "b+=")):
                first, _, second = attr[3:].partition("|")
                index = self._pairs_before if attr[1] == "-" else self._pairs_after
                index.setdefault(first, {})[second] = vec

    def _sum(self, attrs: list[str], prefix: str) -> list[float]:
        state = self.model.state
        acc = [0.0] * NL
        for a in attrs:
            v = state.get(prefix + a)
            if v is not None:
                for k in range(NL):
                    acc[k] += v[k]
        return acc

    def _vectors(self, t: Token) -> tuple[list[float], list[float], list[float], list[float], list[float]]:
        """(own, as the token before, as the token after, two before, two after) weight vectors of a word."""
        got = self._cache.get(t.text)
        if got is None:
            nb = self.feats.flags(t.text, t.key)
            got = (
                self._sum(self.feats.own(t.text, t.key), ""),
                self._sum(nb, "-1:"),
                self._sum(nb, "1:"),
                self._sum(nb[:2], "-2:"),
                self._sum(nb[:2], "2:"),
            )
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[t.text] = got
        return got

    def candidates(self, toks: list[Token], tags: list[str]) -> list[bool]:
        """The tokens that may be inside a name: capitalised ones, those the rules put in a mention, a number
        after a capitalised word, a lower-case word seen inside names ("dan", "jalan") next to a capitalised one;
        not a common word opening a sentence alone ("Namun, ..."). The others are O (which splits the text into
        independent runs)."""
        n = len(toks)
        # (C-level scans: a Python test per token would cost more than the decoding)
        out = list(map(_IS_CAP, toks))
        for i in compress(count(), map(ne, tags, repeat("O"))):
            out[i] = True
        words = list(map(_TEXT, toks))
        for i in compress(count(), map(self.model.lower_ok.__contains__, map(_KEY, toks))):
            if not out[i] and ((i > 0 and toks[i - 1].is_cap) or (i + 1 < n and toks[i + 1].is_cap)):
                out[i] = True
        for i in compress(count(), map(str.isdigit, map(_FIRST, words))):
            if i > 0 and toks[i - 1].is_cap:
                out[i] = True
        # a sentence's first word that is a common word, alone, not in capitals and outside the rules' mentions,
        # is O (a third of the decoded runs in news text; on 500 IndoSum articles and the dev sets the
        # weights made none of them a name)
        lower_most = self._lower_most
        for i in compress(count(), map(_INITIAL, toks)):
            if (
                out[i]
                and tags[i] == "O"
                and not toks[i].is_upper
                and (i == 0 or not out[i - 1])
                and (i + 1 == n or not out[i + 1])
                and toks[i].key in lower_most
            ):
                out[i] = False
        return out

    def _dynamic(self, key: tuple[str, str, str, str, bool, bool, bool]) -> list[float]:
        """The summed weights of a position's attributes (see :func:`dynamic_attributes`), cached by their values."""
        got = self._dyn.get(key)
        if got is None:
            r0, kind, before, after, ini, brk, brk1 = key
            attrs = ["bias", "r0=" + r0, "rk=" + kind, "r-1=" + before, "r+1=" + after]
            if ini:
                attrs.append("ini")
            if brk:
                attrs.append("brk")
            if brk1:
                attrs.append("brk+1")
            got = self._sum(attrs, "")
            if len(self._dyn) >= _CACHE_MAX:
                self._dyn.clear()
            self._dyn[key] = got
        return got

    def tag(self, toks: list[Token], found: list[Found]) -> list[tuple[int, int, str]]:
        """Entity spans (first token, end token, type) of ``toks``; ``found`` is the rules' reading."""
        n = len(toks)
        if not n:
            return []
        tags, kinds = rule_tags(toks, found)
        cand = self.candidates(toks, tags)
        trans = self.model.trans
        cols = self._cols
        before = self._pairs_before
        after = self._pairs_after
        vectors = self._vectors
        zero = self._zero
        labels = [0] * n
        i = 0
        while i < n:
            if not cand[i]:
                i += 1
                continue
            j = i
            while j < n and cand[j]:
                j += 1
            ems: list[list[float]] = []
            lo = i - 2 if i > 1 else 0
            vecs = [vectors(toks[y]) for y in range(lo, j + 2 if j + 2 < n else n)]  # the run and two words around
            for x in range(i, j):
                t = toks[x]
                own = vecs[x - lo][0]
                v1 = vecs[x - 1 - lo][1] if x > 0 else zero
                v2 = vecs[x + 1 - lo][2] if x + 1 < n else zero
                v3 = vecs[x - 2 - lo][3] if x > 1 else zero
                v4 = vecs[x + 2 - lo][4] if x + 2 < n else zero
                dyn = self._dynamic(
                    (
                        tags[x],
                        kinds[x],
                        tags[x - 1] if x > 0 else "BOS",
                        tags[x + 1] if x + 1 < n else "EOS",
                        t.initial,
                        not t.tight,
                        x + 1 < n and not toks[x + 1].tight,
                    )
                )
                em = [a + b + c + d + e + f for a, b, c, d, e, f in zip(own, v1, v2, v3, v4, dyn, strict=True)]
                # the word pairs (see bigrams), through two-level indexes: most pairs have no weight
                pair = before.get(toks[x - 1].key if x > 0 else "")
                if pair is not None:
                    vb = pair.get(t.key)
                    if vb is not None:
                        em = list(map(add, em, vb))
                pair = after.get(t.key)
                if pair is not None:
                    vb = pair.get(toks[x + 1].key if x + 1 < n else "")
                    if vb is not None:
                        em = list(map(add, em, vb))
                ems.append(em)
            if j - i == 1:
                # one token (two runs in three): the best label with the transitions from and to the O around it
                em = ems[0]
                if i > 0:
                    em = list(map(add, em, trans[0]))
                if j < n:
                    em = list(map(add, em, cols[0]))
                labels[i] = em.index(max(em))
            else:
                labels[i:j] = viterbi_cols(ems, trans, cols, i > 0, j < n)
            i = j
        break_at_gaps(toks, labels)
        return spans(labels)


def _next_start(text: str, end: int, limit: int) -> int:
    while end < limit and text[end] == " ":
        end += 1
    return end


def _tiled(by_start: dict[int, Found], s: int, en: int, text: str) -> bool:
    """Do two or more rule places, separated by spaces, cover ``text[s:en]`` exactly, the last a country?"""
    x, parts = s, 0
    last = None
    while x < en:
        g = by_start.get(x)
        if g is None or g.type != "LOC" or g.end > en or (x > s and text[x - 1] != " "):
            return False
        parts += 1
        last = g
        x = _next_start(text, g.end, en)
    return parts > 1 and x == en and last is not None and last.kind == "country"


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


def features_of(rec: Recognizer) -> Features:
    """The word attributes over the recogniser's resources and phrase indexes."""
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
    )


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped model, or None when the file is missing (then the rules work alone)."""
    path = lang_dir("id") / MODEL_FILE
    if not path.exists():
        return None
    return Model.load(path)


def combine(
    text: str,
    toks: list[Token],
    found: list[Found],
    tagged: list[tuple[int, int, str]],
    keep_rules: frozenset[str],
    trust_type: frozenset[str] = frozenset(),
    lower_heads: frozenset[str] = frozenset(),
) -> list[Found]:
    """The mentions of a text from the tagger's spans and the rules' mentions.

    A tagger span the rules found too keeps the rule mention (its canonical name, role, kind and
    abbreviation links), typed as the tagger says; a span the rules missed becomes a new mention.
    A rule mention that overlaps no tagger span survives when its kind is in ``keep_rules``
    (evidence the tagger's features cannot see, e.g. a bracketed abbreviation defined in the text);
    on the same span, a rule mention whose kind is in ``trust_type`` keeps its type ("Aktris Chelsea
    Islan": a person after a title, whatever the tagger thinks of "Chelsea").
    """
    by_span = {(f.start, f.end): f for f in found}
    by_start = {f.start: f for f in found}
    out: list[Found] = []
    covered: list[tuple[int, int]] = []
    for a, e, typ in tagged:
        if not toks[a].is_cap and toks[a].key not in lower_heads:
            # "pemerintah Rusia", "rakyat Indonesia": a lower-case noun before a country is not part of its name
            # ("wilayah Jabotabek", "the Financial Times" are kept as the data sets write them)
            b = a
            while b < e - 1 and not toks[b].is_cap:
                b += 1
            g = by_span.get((toks[b].start, toks[e - 1].end))
            if g is not None and g.kind == "country":
                a = b
        s, en = toks[a].start, toks[e - 1].end
        f = by_span.get((s, en))
        if f is None:
            g = by_start.get(s)
            if g is not None and g.type == typ and g.end > en and "(" in text[en : g.end]:
                # "Kementerian Luar Negeri (Kemlu) Korsel": a name the rules read across its bracketed abbreviation
                f, en = g, g.end
        if f is None and typ == "LOC" and _tiled(by_start, s, en, text):
            # "Distrik Federal Timur Jauh Rusia": a place and the country after it (a modifier) that the rules
            # read apart stay apart
            x = s
            while x < en:
                g = by_start[x]
                covered.append((g.start, g.end))
                out.append(g)
                x = _next_start(text, g.end, en)
            continue
        if f is None and typ != "PER":
            # "Aktris Chelsea Islan": the rules' title-cued person ends the span, its first word taken by a
            # known organisation or place ("Chelsea"); the whole span is the person the title names
            titled = [g for g in found if g.type == "PER" and g.kind in trust_type and g.end == en and s < g.start]
            if len(titled) == 1 and not any(g.type == "PER" and g.start == s for g in found):
                typ = "PER"
                f = Found(s, en, typ, " ".join(text[s:en].split()), True, kind="title")
        if f is None and typ == "PER":
            # "Menteri Luar Negeri Sergei Lavrov": the rules know where a role ends and the name starts
            inner = [g for g in found if g.type == "PER" and g.role and g.end == en and s < g.start]
            if len(inner) == 1:
                f = inner[0]
                s = f.start
        covered.append((s, en))
        if f is not None:
            if f.type != typ and f.kind not in trust_type:
                f.type = typ
                f.kind = "tagger"
                if typ != "PER":
                    f.role = None
            f.strong = True
            out.append(f)
        else:
            out.append(Found(s, en, typ, " ".join(text[s:en].split()), True, kind="tagger"))
    if keep_rules:
        used = set(covered)
        covered.sort()
        starts = [c[0] for c in covered]
        for f in found:
            if f.kind not in keep_rules or (f.start, f.end) in used:
                continue
            x = bisect_left(starts, f.end)
            if x > 0 and covered[x - 1][1] > f.start:
                continue  # overlaps a tagger span (the spans do not overlap each other)
            out.append(f)
    return out
