"""Roles in the rule recogniser: a title phrase ("juru bicara Kemlu Korsel"), the places and
organisations inside it, and the person it introduces."""

from __future__ import annotations

from linimasa.entities.naming import NameRules
from linimasa.entities.rulebase import (
    _CAMEL_ACRONYM,
    _FIELD_NOUN,
    _ROLE_GLUE,
    _ROLE_MAX_TOKENS,
    Found,
    _norm_space,
)
from linimasa.entities.tokens import Token


class RoleRules(NameRules):
    """Reading of roles and the person after them."""

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
        field_next = False  # the next capitalised word is a field of the role ("Bidang Humas, Hukum, dan Kerja Sama")
        while k < n and steps < _ROLE_MAX_TOKENS:
            steps += 1
            t = toks[k]
            if "\n" in t.gap:
                break
            if (
                inner
                and inner[-1].end == toks[k - 1].end
                and self._takes_age_group(inner[-1], toks)
                and t.text[:1] in self._age_initials
                and (m := self._age_group(toks, k, n))
            ):
                self._add_age_group(inner[-1], toks, k, m)  # "Pelatih Persib U-19 ...": the team's age group
                k += m
                role_end = toks[k - 1].end
                continue
            if t.text == "," and not comma_used and (after := self._field_list_end(toks, i, k, n)):
                k, field_next = after, True  # "Kepala Bidang Humas, Hukum, dan Kerja Sama BPOM Budi": one role
                continue
            if (
                t.text == ","
                and not comma_used
                and k + 1 < n
                and toks[k + 1].is_cap
                and not self._common(toks[k + 1])
                and not self._phrase_at(self.res.titles, toks, k + 1, n)  # "Kapolri, Wadir Lantas ...": another role
            ):
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
            if (
                t.is_cap
                and not comma_used
                and (field_next or toks[k - 1].key in self.res.field_words)
                and self._gaz_at(toks, k, n)[1] is None
            ):
                k += 1  # "Kepala Bidang Peternakan ...": the field after "bidang" is part of the role
                role_end = t.end
                field_next = False
                continue
            field_next = False
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
                    if self._phrase_at(self.res.org_heads, toks, j, n):
                        break
                    j += 1
                if (
                    j < n
                    and not comma_used
                    and not toks[j].gap.strip()
                    and "\n" not in toks[j].gap
                    and self._phrase_at(self.res.org_heads, toks, j, n)
                    and not self._given_name_start(toks, k, n)
                    and t.key not in self.res.given_names
                ):
                    # "Direktur Reserse Narkoba Polda Metro Jaya Kombes Nico Afinta": words between a title and an
                    # organisation's head are the title's portfolio, not a name
                    k = j
                    role_end = toks[j - 1].end
                    continue
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

    def _field_list_end(self, toks: list[Token], i: int, k: int, n: int) -> int:
        """After the field of a role with a word of ``field_words`` ("Kepala Bidang Humas"), the comma at ``k``
        opening a list of more fields closed by "dan"/"serta" (", Hukum, dan Kerja Sama"): the
        index of the last field's first word, or 0 when no such list follows (", Budi Santoso,
        mengatakan" is the person's name; a field never starts with a first name)."""
        if not any(x.key in self.res.field_words for x in toks[i:k]) or not toks[k - 1].is_cap:
            return 0
        j = k
        while j < n and toks[j].text == ",":
            j += 1
            if j < n and toks[j].key in _ROLE_GLUE:
                break  # ", dan Kerja Sama"
            words = 0
            while j < n and toks[j].is_cap and "\n" not in toks[j].gap and words < 4:
                if words == 0 and self._given_name_start(toks, j, n):
                    return 0
                j += 1
                words += 1
            if not words:
                return 0
        if j + 1 < n and toks[j].key in _ROLE_GLUE and toks[j + 1].is_cap and "\n" not in toks[j + 1].gap:
            return j + 1
        return 0
