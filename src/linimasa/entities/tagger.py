"""A learned PER/ORG/LOC tagger for Indonesian: a linear-chain CRF decoded here (features + Viterbi).

The weights (``lang/id/ner_crf.tsv.gz``) are trained by ``training/train_ner.py`` with
python-crfsuite from idner-news-2k train (MIT), NER-UGM and NER-UI (CC BY 4.0, via IndoLEM);
see ``lang/id/NOTICE``. Nothing of crfsuite is needed at run time: this module sums the weights
of the features the training script extracted (:mod:`linimasa.entities.tagger_features`, whose
:func:`token_attributes` the script imports) and finds the best BIO label sequence with Viterbi
(:mod:`linimasa.entities.crf`: labels, weights file, decoding).

Features are what the project already knows about a token: its lower-cased form, shape and
affixes, the word class of the POS lexicon, gazetteer and region flags, the cue words of
``lang/id/entities.toml`` (titles, organisation and place heads and tails, cues before a
name), those of its neighbours, the word pairs around it, and the rule recogniser's own reading
(its B/I-type and kind for the token and its neighbours). The rules stay in charge of what they
do well (roles, canonical names, abbreviations, ids): :func:`linimasa.entities.combine.combine` keeps a rule mention where
the tagger agrees on its span, and the rule readings the tagger cannot make.

Built for speed: every feature of a word that depends only on the word is summed into one
weight vector per (word, offset) and cached, so a token costs a few dict probes and vector
additions; a token that is not capitalised, in no rule mention and not a lower-case word seen
inside names next to a capitalised one (nor is a common word opening a sentence alone, "Namun, ...") is
labelled O without decoding, which splits the text
into short independent runs (decoded exactly: a label fixed to O separates the chain).
"""

from __future__ import annotations

from functools import cache
from itertools import compress, count, repeat
from operator import itemgetter, ne

from linimasa.entities.combine import combine as combine
from linimasa.entities.crf import LABELS as LABELS
from linimasa.entities.crf import NL as NL
from linimasa.entities.crf import Model as Model
from linimasa.entities.crf import argmax, viterbi_cols
from linimasa.entities.crf import break_at_gaps as break_at_gaps
from linimasa.entities.crf import spans as spans
from linimasa.entities.crf import viterbi as viterbi
from linimasa.entities.recognize import Found
from linimasa.entities.tagger_features import Features as Features
from linimasa.entities.tagger_features import features_of as features_of
from linimasa.entities.tagger_features import rule_tags as rule_tags
from linimasa.entities.tagger_features import token_attributes as token_attributes
from linimasa.entities.tokens import Token
from linimasa.lang.packs import DEFAULT_LANGUAGE, lang_dir

MODEL_FILE = "ner_crf.tsv.gz"  # in lang/<code>/ of a language with a learned tagger (lang/id/)
_CACHE_MAX = 1 << 17
# Token fields by position, for C-level map over a token list (Token is a NamedTuple)
_TEXT = itemgetter(0)
_START = itemgetter(1)
_KEY = itemgetter(5)
_IS_CAP = itemgetter(7)
_FIRST = itemgetter(0)
_INITIAL = itemgetter(3)


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
            # the run and two words around (the method called directly: compiled, a native call without a bound
            # method's argument parsing)
            vecs = [self._vectors(toks[y]) for y in range(lo, j + 2 if j + 2 < n else n)]
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
                # (index loops: compiled, on C doubles; the same additions in the same order as before)
                em = [own[k] + v1[k] + v2[k] + v3[k] + v4[k] + dyn[k] for k in range(NL)]
                # the word pairs (see bigrams), through two-level indexes: most pairs have no weight
                pair = before.get(toks[x - 1].key if x > 0 else "")
                if pair is not None:
                    vb = pair.get(t.key)
                    if vb is not None:
                        em = [em[k] + vb[k] for k in range(NL)]
                pair = after.get(t.key)
                if pair is not None:
                    vb = pair.get(toks[x + 1].key if x + 1 < n else "")
                    if vb is not None:
                        em = [em[k] + vb[k] for k in range(NL)]
                ems.append(em)
            if j - i == 1:
                # one token (two runs in three): the best label with the transitions from and to the O around it
                em = ems[0]
                if i > 0:
                    t0 = trans[0]
                    em = [em[k] + t0[k] for k in range(NL)]
                if j < n:
                    c0 = cols[0]
                    em = [em[k] + c0[k] for k in range(NL)]
                labels[i] = argmax(em)
            else:
                labels[i:j] = viterbi_cols(ems, trans, cols, i > 0, j < n)
            i = j
        break_at_gaps(toks, labels)
        return spans(labels)


@cache
def load_model(lang: str = DEFAULT_LANGUAGE) -> Model | None:
    """The model shipped in ``lang``'s pack, or None when the file is missing (then the rules
    work alone)."""
    path = lang_dir(lang) / MODEL_FILE
    if not path.exists():
        return None
    return Model.load(path)
