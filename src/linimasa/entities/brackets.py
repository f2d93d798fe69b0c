"""An organisation and its abbreviation in brackets, "Komisi Pemberantasan Korupsi (KPK)", as one mention.

Why: mentions follow the convention of the annotated news the tagger learns from and is measured on.
Counted on the training data (idner-news-2k train, the training parts of NER-UGM and NER-UI; see
``benchmarks/README.md``), an organisation written with its abbreviation in brackets is one entity
with the brackets inside (idner-news-2k 22 of 26, NER-UGM 24 of 24; NER-UI writes two, 32 of 33), and a
person's or a place's short form in brackets ("Joko Widodo (Jokowi)", "Korea Utara (Korut)") is a
mention of its own (idner-news-2k and NER-UI; NER-UGM joins them). The rules and the tagger read the
name and the abbreviation apart (the abbreviation rules link them: one id); this module joins the two
mentions of one organisation into one after the linking, so later "KPK" mentions still get the
organisation's id. The abbreviation stays one of the entity's surface forms (:func:`surfaces`, read
where the corpus collects aliases).
"""

from __future__ import annotations

import re

from linimasa.entities.gazetteer import fold, load_resources
from linimasa.entities.rulebase import _is_abbreviation_of
from linimasa.model import EntityMention

_OPEN = re.compile(r"\s*\(\s*")
_CLOSE = re.compile(r"\s*\)")
# a mention's text that ends with a one-word abbreviation in brackets
_BRACKETED = re.compile(r"(.*\S)\s*\(\s*(\S+?)\s*\)")
# a one-word legal form in brackets: "(Persero)"
_LEGAL_FORM = re.compile(r"\s*\(\s*([^\W\d_]+)\s*\)")
JOINED_TYPES = frozenset({"ORG"})


def join_bracketed_abbreviations(
    mentions: list[EntityMention], text: str, tails: frozenset[str] = frozenset()
) -> list[EntityMention]:
    """The mentions (in text order) with each organisation and its bracketed abbreviation right after it (written
    like an abbreviation of the name, of the same type) joined into one mention from the name to the closing
    bracket, with the organisation's id, name and role; the abbreviation written again elsewhere in the text
    gets that id and name too. A legal-form word of ``tails`` (folded organisation tails) in brackets after an
    organisation is part of its name: "PT Pertamina (Persero)" is one mention (named "PT Pertamina")."""
    out: list[EntityMention] = []
    relinked: dict[str, EntityMention] = {}  # abbreviation text -> the organisation it was defined for
    k, n = 0, len(mentions)
    while k < n:
        m = mentions[k]
        if m.type in JOINED_TYPES and "(" in text[m.end : m.end + 3]:
            opened = _OPEN.match(text, m.end)
            a = mentions[k + 1] if k + 1 < n else None
            if (
                opened is not None
                and a is not None
                and a.start == opened.end()
                and a.type == m.type
                and " " not in a.text
                and (close := _CLOSE.match(text, a.end)) is not None
                and (a.id == m.id or _is_abbreviation_of(a.text, m.text, m.text))
            ):
                end = close.end()
                out.append(EntityMention(text[m.start : end], m.start, end, m.type, m.id, m.name, m.role))
                if a.id != m.id:
                    relinked[a.text] = m
                k += 2
                continue
            legal = _LEGAL_FORM.match(text, m.end) if tails else None
            if legal is not None and fold(legal.group(1)) in tails:
                end = legal.end()
                out.append(EntityMention(text[m.start : end], m.start, end, m.type, m.id, m.name, m.role))
                k += 1
                while k < n and mentions[k].start < end:
                    k += 1  # (the legal form read as a mention of its own)
                continue
        out.append(m)
        k += 1
    if relinked:
        for x in out:
            src = relinked.get(x.text)
            if src is not None and x.type == src.type:
                x.id, x.name = src.id, src.name
    return out


def surfaces(mention_text: str) -> tuple[str, ...]:
    """The surface forms a mention's text stands for: "Komisi Pemberantasan Korupsi (KPK)" is written both
    "Komisi Pemberantasan Korupsi" and "KPK" (what :func:`join_bracketed_abbreviations` joined, also a listed
    short form that spells no initials: "Kepolisian Negara Republik Indonesia (Polri)"); a legal form in
    brackets ("PT Pertamina (Persero)") and any other text are the one form written."""
    if not mention_text.endswith(")"):
        return (mention_text,)
    m = _BRACKETED.fullmatch(mention_text)
    if m is None or fold(m.group(2)) in load_resources().org_tails:
        return (mention_text,)
    return m.group(1), m.group(2)
