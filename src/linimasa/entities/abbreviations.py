"""Abbreviations and lists in the rule recogniser: "Korea Utara (Korut)", an abbreviation in
brackets that spells a whole list ("Badan Meteorologi, Klimatologi, dan Geofisika (BMKG)"),
common acronyms dropped, and the members of one list sharing a type."""

from __future__ import annotations

import re

from linimasa.entities.roles import RoleRules
from linimasa.entities.rulebase import (
    _CLOSE_BRACKET,
    _OPEN_BRACKET,
    _START,
    Found,
    _is_abbreviation_of,
    _norm_space,
    _token_at,
)
from linimasa.entities.tokens import Token


class AbbreviationRules(RoleRules):
    """Bracketed abbreviations after a name."""

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
