"""Entity stage: PER/LOC/ORG mentions with canonical names, roles and corpus-wide ids.

Recognition is in :mod:`linimasa.entities.recognize` (rules, word classes, gazetteers); for
Indonesian, the learned tagger of :mod:`linimasa.entities.tagger` (a CRF that reads the rules'
output among its features) decides the spans and types, and the rule mentions it agrees with
keep their names and roles. Linking of short forms and abbreviations is in
:mod:`linimasa.entities.aliases`. The stage holds no state of its own: the resources are built
once per process and cached, so the stage pickles cheaply for process pools and Spark tasks.
"""

from __future__ import annotations

from functools import cache, lru_cache

from linimasa.entities.aliases import resolve
from linimasa.entities.brackets import join_bracketed_abbreviations
from linimasa.entities.combine import combine
from linimasa.entities.gazetteer import calendar_words, fold, load_resources
from linimasa.entities.lexicon import load_lexicon
from linimasa.entities.recognize import Recognizer
from linimasa.entities.tagger import MODEL_FILE, Tagger, load_model
from linimasa.entities.tagger_features import features_of
from linimasa.lang.packs import (
    DEFAULT_LANGUAGE,
    ENTITY_LANGUAGES,
    SUPPORTED_LANGUAGES,
    has_language_pack,
    no_pack_warning,
    ships,
)
from linimasa.model import Document, EntityMention

# rule mentions kept where the tagger sees no entity: abbreviations, listed ("AS", "Korut", "KPK") or defined
# in the text in brackets, countries (the project tags every place, also a country as an actor, which
# idner-news-2k leaves untagged), web domains ("Metro.co.uk") and listed organisations ("PPP", "Golkar", "Reuters":
# names the tagger, which sees the listing as one feature among many, misses in thin context) and a country's
# national team written with its age group ("Indonesia U-22")
KEEP_RULES = frozenset({"abbr-local", "abbr", "country", "domain", "org", "team"})
# rule mentions whose type stands where the tagger agrees on the span: a person named after a title or role
TRUST_TYPE = frozenset({"title"})


@lru_cache(maxsize=1)
def recognizer() -> Recognizer:
    """The process-wide recogniser (read-only after construction)."""
    return Recognizer(load_resources(), load_lexicon())


@cache
def tagger(lang: str = DEFAULT_LANGUAGE) -> Tagger | None:
    """The process-wide tagger of ``lang`` (Indonesian by default), or None without its weights file."""
    model = load_model(lang)
    return None if model is None else Tagger(model, features_of(recognizer()))


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    """Words that make a name an organisation: one-word organisation heads ("PT") and tails ("Tbk", "FC")."""
    res = recognizer().res
    return frozenset(p[0] for p in res.org_heads if len(p) == 1) | frozenset(res.org_tails)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Every word of a person title ("kombes", "pol", "irjen"): a rank the tagger adds to an organisation."""
    return frozenset(w for phrase in recognizer().res.titles for w in phrase)


def find_entities(text: str, lang: str | None = None) -> list[EntityMention]:
    """Entity mentions of ``text``, linked within the text (usable without a Document).

    When ``lang``'s pack ships a learned tagger (``lang/<code>/ner_crf.tsv.gz``; Indonesian does),
    it decides spans and types; otherwise the rules alone. An organisation and its abbreviation in brackets
    are one mention ("Komisi Pemberantasan Korupsi (KPK)", :mod:`linimasa.entities.brackets`)."""
    rec = recognizer()
    if lang is not None and ships(lang, MODEL_FILE):
        tg = tagger(lang)
        if tg is not None:
            toks, found = rec.find_tokens(text)
            combined = combine(
                text,
                toks,
                found,
                tg.tag(toks, found),
                KEEP_RULES,
                TRUST_TYPE,
                rec.res.lower_name_heads,
                _org_words(),
                _title_words(),
                rec.age_tail,
            )
            rec.drop_party_units(text, toks, combined)
            return join_bracketed_abbreviations(resolve(combined, text, rec.lex), text, rec.res.org_tails)
    toks, found = rec.find_tokens(text)
    rec.drop_party_units(text, toks, found)
    return join_bracketed_abbreviations(resolve(found, text, rec.lex), text, rec.res.org_tails)


class EntityStage:
    """Sets ``doc.entities``; language-independent rules with Indonesian and English packs merged,
    and the learned tagger for Indonesian documents."""

    name = "entities"

    def __call__(self, doc: Document) -> Document:
        if not has_language_pack(doc.lang):  # no rules of its language: none of another's
            doc.entities = []
            doc.warnings.append(no_pack_warning(doc.lang))
            return doc
        doc.entities = find_entities(doc.text or "", doc.lang)
        own = _own_calendar(doc.lang)
        if own:  # (a language whose pack stays out of the entity rules: lang/ms)
            doc.entities = [m for m in doc.entities if own.isdisjoint(fold(m.text).split())]
        return doc


@lru_cache(maxsize=64)
def _own_calendar(lang: str | None) -> frozenset[str]:
    """The month and weekday names of a supported language that ships no entities.toml, which
    the entity rules do not know as non-names (their words are merged over every document);
    empty for the entity languages, whose names the rules already leave out."""
    if lang is None or lang in ENTITY_LANGUAGES or lang not in SUPPORTED_LANGUAGES:
        return frozenset()
    return calendar_words((lang,))
