"""How the rule recogniser types a run of name words: head and tail words, numbered heads, clubs,
gazetteer entries, cues before and after a name, and the default for a run nothing explains."""

from __future__ import annotations

from linimasa.entities.gazetteer import GazEntry, fold
from linimasa.entities.rulebase import (
    _ABSTRACT_ENDINGS,
    _ABSTRACT_NOUN,
    _AGE,
    _CAMEL_ACRONYM,
    _CONNECTORS,
    _DOMAIN,
    _KEY,
    _NAME_NUMBER,
    _QUOTE_MARKS,
    _ROLE_GLUE,
    _ROMAN,
    Found,
    RuleBase,
    _is_abbreviation_of,
    _norm_space,
)
from linimasa.entities.tokens import Token


class NameRules(RuleBase):
    """Typing of capitalised runs (see the module docstring)."""

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
            if t.text[:1] in self._age_initials and (m := self._age_group(toks, j, n)):
                names.append(self._age_group_name(toks, j, m))  # "Timnas Indonesia U-22": the team's age group
                j += m
                break  # (it ends the name: "juru taktik Timnas U-22 Luis Milla")
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
