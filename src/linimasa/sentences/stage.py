"""Sentence stage: sentence spans over the cleaned text."""

from __future__ import annotations

from linimasa.model import Document
from linimasa.sentences.split import split_sentences


class SentenceStage:
    name = "sentences"

    def __call__(self, doc: Document) -> Document:
        doc.sentences = split_sentences(doc.text, doc.lang)
        return doc
