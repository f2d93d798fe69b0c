"""Language stage: ``doc.lang`` from input metadata when given, else detected."""

from __future__ import annotations

from linimasa.language.detect import detect_language
from linimasa.model import Document

UNKNOWN = "und"


class LanguageStage:
    name = "language"

    def __call__(self, doc: Document) -> Document:
        given = doc.meta.get("lang")
        if isinstance(given, str) and 2 <= len(given) <= 3:
            doc.lang = given.lower()
        else:
            doc.lang = detect_language(doc.raw) or UNKNOWN
        return doc
