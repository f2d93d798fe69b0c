"""How the entity tagger's spans and the rule recogniser's mentions make one reading of a text: the
tagger decides spans and types; the rules keep names, roles, abbreviation links and the kinds of
mention the tagger cannot see."""

from __future__ import annotations

import re
from bisect import bisect_left

from linimasa.entities.recognize import Found
from linimasa.entities.tokens import Token


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


def combine(
    text: str,
    toks: list[Token],
    found: list[Found],
    tagged: list[tuple[int, int, str]],
    keep_rules: frozenset[str],
    trust_type: frozenset[str] = frozenset(),
    lower_heads: frozenset[str] = frozenset(),
    org_words: frozenset[str] = frozenset(),
    title_words: frozenset[str] = frozenset(),
    age_tail: re.Pattern[str] | None = None,
) -> list[Found]:
    """The mentions of a text from the tagger's spans and the rules' mentions.

    A tagger span the rules found too keeps the rule mention (its canonical name, role, kind and
    abbreviation links), typed as the tagger says; a span the rules missed becomes a new mention.
    A rule mention that overlaps no tagger span survives when its kind is in ``keep_rules``
    (evidence the tagger's features cannot see, e.g. a bracketed abbreviation defined in the text);
    on the same span, a rule mention of two words or more whose kind is in ``trust_type`` keeps its type
    ("Aktris Chelsea Islan": a person after a title, whatever the tagger thinks of "Chelsea"), but not one
    word ("Direktur Indofood") nor a span holding one of ``org_words`` ("Kepala Divisi PT Telkom Tbk"). Words
    of ``title_words`` the tagger adds after a rule organisation or place, right before a person the rules
    read with that title, are the person's ("Polda Metro Jaya Kombes Argo Yuwono": "Kombes" is his rank).
    A team's age group (``age_tail`` matches the end of a name) the rules read after or across the end of a tagger
    span is the team's ("Timnas Indonesia U-22"), an organisation whatever the tagger says (a country with one is
    its national team).
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
        if (
            f is None
            and age_tail is not None
            and (g := by_start.get(s)) is not None
            and g.end > en
            and g.type == "ORG"
            and (m := age_tail.search(text, s, g.end)) is not None
            and m.start() > s
            and not text[en : m.start()].strip()
        ):
            # "Timnas Indonesia U-22": the age group the tagger left out (or cut: "Timnas Malaysia U") is the team's
            f, en = g, g.end
        if f is not None and f.type == "ORG" and age_tail is not None and age_tail.search(text, f.start, f.end):
            typ = "ORG"  # (a person is never written with an age group: "Timnas U - 19" is the team)
        if f is None and typ != "PER" and (g := by_start.get(s)) is not None and g.type == typ and g.end < en:
            # "Polda Metro Jaya Kombes Argo Yuwono": the words the tagger adds after the rules' organisation or
            # place end the role of the person named next (a rank, a title): they are the person's, not the name's
            after = by_start.get(_next_start(text, en, len(text)))
            tail = text[g.end : en].strip()
            if (
                after is not None
                and after.type == "PER"
                and after.role
                and after.role.endswith(tail)
                and all(t.key in title_words for t in toks[a:e] if t.start >= g.end)
            ):
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
            if (
                len(titled) == 1
                and not any(g.type == "PER" and g.start == s for g in found)
                # "Kepala Divisi PT Telkom Tbk": a name with an organisation's head or tail word ("PT", "Tbk") is the
                # organisation the title belongs to
                and not any(t.key in org_words for t in toks[a:e])
            ):
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
            if f.type != typ and (f.kind not in trust_type or " " not in f.name):
                # (a single word after a title, "Direktur Indofood", "Putri Disney", is as often the organisation
                # the title belongs to as a person: the tagger's type stands)
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
        # "Lembaga Kajian Pasar Ritel (LKPR) ... LKPR mencatat": an abbreviation the text defines in brackets is a
        # mention wherever it is written again (the tagger may leave it O, e.g. opening a sentence)
        defined = (
            {text[f.start : f.end] for f in found if f.kind == "abbr-local"} if "abbr-local" in keep_rules else set()
        )
        for f in found:
            if (f.start, f.end) in used:
                continue
            if f.kind not in keep_rules and (not defined or text[f.start : f.end] not in defined):
                continue
            x = bisect_left(starts, f.end)
            if x > 0 and covered[x - 1][1] > f.start:
                continue  # overlaps a tagger span (the spans do not overlap each other)
            out.append(f)
    return out
