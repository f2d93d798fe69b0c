"""Entity stage: PER/LOC/ORG mentions with canonical names, roles and corpus-wide ids.

Recognition is in :mod:`linimasa.entities.recognize` (rules, word classes, gazetteers),
linking of short forms and abbreviations in :mod:`linimasa.entities.aliases`. The stage
holds no state of its own: the resources are built once per process and cached, so the
stage pickles cheaply for process pools and Spark tasks.
"""

from __future__ import annotations

from functools import lru_cache

from linimasa.entities.aliases import resolve
from linimasa.entities.gazetteer import load_resources
from linimasa.entities.lexicon import load_lexicon
from linimasa.entities.recognize import Recognizer
from linimasa.model import Document, EntityMention


@lru_cache(maxsize=1)
def recognizer() -> Recognizer:
    """The process-wide recogniser (read-only after construction)."""
    return Recognizer(load_resources(), load_lexicon())


def find_entities(text: str) -> list[EntityMention]:
    """Entity mentions of ``text``, linked within the text (usable without a Document)."""
    rec = recognizer()
    return resolve(rec.find(text), text, rec.lex)


class EntityStage:
    """Sets ``doc.entities``; language-independent rules with Indonesian and English packs merged."""

    name = "entities"

    def __call__(self, doc: Document) -> Document:
        doc.entities = find_entities(doc.text or "")
        return doc
