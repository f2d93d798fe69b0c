"""Quote cue words of a language pack (``lang/<code>/quotes.toml``), compiled once per process.

The attribution rules are language-independent; the words they look for (reporting verbs,
"menurut", pronouns, demonstratives) live in data files so adding a language is adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from linimasa.lang.packs import DEFAULT_LANGUAGE, load_toml, resource_language


@dataclass(frozen=True)
class QuoteCues:
    after_verbs: re.Pattern[str]  # at the start of the text after a closing quote mark
    speech_verbs: re.Pattern[str]  # anywhere: "X mengatakan"
    complementizer: re.Pattern[str]
    according_to: re.Pattern[str]
    pronouns: frozenset[str]
    demonstratives: frozenset[str]
    stops: frozenset[str]
    relative: frozenset[str]
    prepositions: frozenset[str]
    clause_openers: frozenset[str]
    mid_tag: re.Pattern[str]  # ", kata Erwan ," inside a sentence (searched from its comma: fast)
    start_tag: re.Pattern[str]  # "Kata dia ," at the start of a sentence (matched there)
    suffixes: tuple[str, ...]  # pronoun suffixes: "ujarnya", "menurutnya"
    plural_pronouns: frozenset[str]
    person_nouns: frozenset[str]
    former: frozenset[str]
    adverbs: frozenset[str]
    object_nouns: frozenset[str]
    requests: re.Pattern[str]
    after_content: re.Pattern[str]
    after_content_firsts: tuple[str, ...]  # their first words: the text is searched only if it has one
    end_only_tags: frozenset[str]
    quantifiers: tuple[tuple[str, ...], ...]  # "seorang", "salah seorang": before a described source
    titles: frozenset[str]  # person titles of the entity pack: "kata Menpora" names a person by role
    # case-sensitive twins of the patterns searched most (see case_twin), None when a pattern has no twin
    speech_verbs_cs: re.Pattern[str] | None = None
    according_to_cs: re.Pattern[str] | None = None
    mid_tag_cs: re.Pattern[str] | None = None
    after_content_cs: re.Pattern[str] | None = None
    requests_cs: re.Pattern[str] | None = None


# The cue patterns are case-insensitive, which the regex engine runs markedly slower than
# case-sensitive matching (the quote stage's costliest step is searching its sentences for speech
# verbs). Their words are lower-cased (``_alt``), so on the lower-cased text a case-sensitive twin
# finds the same places, exactly when the pattern is ASCII and no character of the text matches an
# ASCII letter only by ignoring case, other than the ASCII capitals themselves (then lower-casing
# changes only A-Z and keeps every offset: linimasa.casefold, shared with the time grammar). A place the twin
# finds is matched again with the pattern itself on the text as written, at that place: the match
# objects (their text, groups, spans) are the pattern's own.
def case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, when it can stand for it on lower-cased text (see above)."""
    if not pattern.flags & re.IGNORECASE or not pattern.pattern.isascii():
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def cue_search(
    pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str, low: str | None, pos: int, endpos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)``, through its twin on ``low`` (``lowered(text)``) when there are both."""
    if twin is None or low is None:
        return pattern.search(text, pos, endpos)
    m = twin.search(low, pos, endpos)
    return None if m is None else pattern.match(text, m.start(), endpos)


def cue_finditer(
    pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str, low: str | None, pos: int, endpos: int
) -> list[re.Match[str]]:
    """``list(pattern.finditer(text, pos, endpos))``, through its twin as :func:`cue_search` does."""
    if twin is None or low is None:
        return list(pattern.finditer(text, pos, endpos))
    out = []
    for m in twin.finditer(low, pos, endpos):
        hit = pattern.match(text, m.start(), endpos)
        if hit is None or hit.end() != m.end():  # (never, by the test above; the pattern's own reading then)
            return list(pattern.finditer(text, pos, endpos))
        out.append(hit)
    return out


def _alt(words: list[str]) -> str:
    words = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) or "(?!)"


def _anywhere(words: list[str], suffix: str = "") -> re.Pattern[str]:
    """``\\b(?:words)\\b``, case-insensitive, searched once per sentence.

    The lookahead on the words' first letters says nothing the alternation does not (same matches),
    but lets the engine skip a position after one test instead of trying every word: the searches
    cost half as much.
    """
    firsts = "".join(sorted({re.escape(w[0].lower()) for w in words if w}))
    ahead = f"(?=[{firsts}])" if firsts else ""
    return re.compile(rf"\b{ahead}(?:{_alt(words)}){suffix}\b", re.IGNORECASE)


@cache
def load_cues(lang: str | None) -> QuoteCues:
    """Cues of ``lang`` merged with the packs its ``quotes.toml`` names in ``merged_packs``
    (Indonesian: English, which news quotes in Indonesian text); without that key, with the
    default pack."""
    code = resource_language(lang)
    own = load_toml(code, "quotes")
    merged = own.get("merged_packs", [DEFAULT_LANGUAGE])
    packs = [own, *(load_toml(other, "quotes") for other in merged if other != code)]

    def words(key: str) -> list[str]:
        return [w for p in packs for w in p.get(key, [])]

    suffixes = tuple(w.lower() for w in words("pronoun_suffixes"))
    # the tag's pronoun suffix, when there is one, is the group "nya"
    suffix = f"(?P<nya>{_alt(list(suffixes))})?" if suffixes else "(?P<nya>(?!))?"
    after = _alt(words("after_quote_verbs"))
    cues = QuoteCues(
        after_verbs=re.compile(rf"^[\s,.]*(?:{after}){suffix}\b", re.IGNORECASE),
        speech_verbs=_anywhere(words("speech_verbs")),
        complementizer=re.compile(rf"^\s*,?\s*(?:{_alt(words('complementizers'))})\b\s*", re.IGNORECASE),
        according_to=_anywhere(words("according_to"), suffix),
        pronouns=frozenset(w.lower() for w in words("pronouns")),
        demonstratives=frozenset(w.lower() for w in words("demonstratives")),
        stops=frozenset(w.lower() for w in words("speaker_stops")),
        relative=frozenset(w.lower() for w in words("relative_markers")),
        prepositions=frozenset(w.lower() for w in words("prepositions")),
        clause_openers=frozenset(w.lower() for w in words("clause_openers")),
        mid_tag=re.compile(rf",\s*(?:{after}){suffix}\b", re.IGNORECASE),
        start_tag=re.compile(rf"\s*(?:{after}){suffix}\b", re.IGNORECASE),
        suffixes=suffixes,
        plural_pronouns=frozenset(w.lower() for w in words("plural_pronouns")),
        person_nouns=frozenset(w.lower() for w in words("person_nouns")),
        former=frozenset(w.lower() for w in words("former_markers")),
        adverbs=frozenset(w.lower() for w in words("speaker_adverbs")),
        object_nouns=frozenset(w.lower() for w in words("object_nouns")),
        requests=_anywhere(words("request_verbs")),
        after_content=_anywhere(words("after_content")),
        after_content_firsts=tuple(
            sorted({f for w in words("after_content") for f in (w.split()[0].lower(), w.split()[0].capitalize())})
        ),
        end_only_tags=frozenset(w.lower() for w in words("end_only_tags")),
        quantifiers=tuple(
            sorted({tuple(w.lower().split()) for w in words("speaker_quantifiers")}, key=len, reverse=True)
        ),
        titles=frozenset(
            w.lower()
            for pack in {code, DEFAULT_LANGUAGE}
            for w in load_toml(pack, "entities").get("person_titles", [])
        ),
    )
    return replace(
        cues,
        speech_verbs_cs=case_twin(cues.speech_verbs),
        according_to_cs=case_twin(cues.according_to),
        mid_tag_cs=case_twin(cues.mid_tag),
        after_content_cs=case_twin(cues.after_content),
        requests_cs=case_twin(cues.requests),
    )
