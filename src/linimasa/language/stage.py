"""Language stage: ``doc.lang`` from input metadata when given, else detected; an ISO 639-1 code
or ``und`` (:mod:`linimasa.lang.codes`)."""

from __future__ import annotations

from linimasa.lang.codes import UNKNOWN, is_language, iso639_1
from linimasa.language.detect import detect_language
from linimasa.model import Document

__all__ = ["UNKNOWN", "LanguageStage"]


class LanguageStage:
    name = "language"

    def __call__(self, doc: Document) -> Document:
        given = doc.meta.get("lang")
        code: str | None = None
        if isinstance(given, str) and 2 <= len(given) <= 3 and given.lower() != UNKNOWN:
            code = given.lower()  # (``und``, an export's "too little text", is detected again)
            if not is_language(code):
                doc.warnings.append(f"language: the input's lang {code!r} is no language code; ignored")
                code = None
        if code is None:
            code = detect_language(doc.raw)
        lang = iso639_1(code) if code else None
        if code and lang is None:
            doc.warnings.append(f"language: {code!r} has no ISO 639-1 code; lang is {UNKNOWN!r}")
        doc.lang = lang or UNKNOWN
        return doc
