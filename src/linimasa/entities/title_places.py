"""Place words inside titles and names of works or groups: "Captain America", "Good Morning America",
"Warkop DKI", "Directors Guild of America" hold a place name that is no place mention (benchmarks/audit-session19.md)."""

from __future__ import annotations

from functools import lru_cache

from linimasa.entities.gazetteer import fold, load_resources
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.recognize import Found
from linimasa.lang.packs import DEFAULT_LANGUAGE, load_toml


def drop_places_in_titles(found: list[Found], text: str, lex: Lexicon) -> list[Found]:
    """ "Captain America", "Good Morning America", "Warkop DKI", "Directors Guild of America": a one-word place
    right after a capitalised word that is no name the project knows (not in the POS lexicon, or a foreign word
    there, and no home-language title, head or listed word) or after English "of" is a word of a title or a group's name, not
    the place. "Gubernur DKI", "Pemerintah DKI", "Kota Jakarta" keep the place."""
    out: list[Found] = []
    ends = {f.end for f in found}
    for f in found:
        if f.type == "LOC" and " " not in text[f.start : f.end] and text[f.start - 1 : f.start] == " ":
            head = text[max(0, f.start - 40) : f.start - 1].rsplit(None, 1)[-1:]
            word = head[0] if head else ""
            if word and (f.start - 1) not in ends and _title_word(word, lex):
                continue
        out.append(f)
    return out


def _title_word(word: str, lex: Lexicon) -> bool:
    """Is ``word`` (right before a place) part of a title or a foreign name rather than of the sentence?"""
    if word == "of":
        return True
    if not (word[:1].isupper() and word[1:].isalpha() and not word[1:].isupper()):
        return False
    key = fold(word)
    res = load_resources()
    if key in _home_titles() or key in res.non_names or key in res.event_heads:
        return False
    if (key,) in res.org_heads or (key,) in res.loc_heads:
        return False
    wc = lex.get(word)
    return wc is None or wc.tag == "FW"


@lru_cache(maxsize=1)
def _home_titles() -> frozenset[str]:
    """One-word titles of the home language's pack ("Gubernur", "Menlu", "Kapolsek"): an office of the place after
    it. A title only another language lists ("Captain") is a word of a title of a work here ("Captain America")."""
    data = load_toml(DEFAULT_LANGUAGE, "entities")
    keys = ("person_titles", "regional_titles", "office_titles")
    return frozenset(fold(w) for k in keys for w in data.get(k, []) if " " not in w)
