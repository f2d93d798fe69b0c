"""Helpers for the corpus-stage tests: hand-built documents with sentences, timexes, entities.

The corpus stages read what the per-document stages leave; these tests build that by hand
(offsets found in the text) so that they test the corpus logic alone. The sentences are
written for these tests.
"""

from __future__ import annotations

from linimasa.model import Document, EntityMention, Timex
from linimasa.sentences.split import split_sentences


def make_doc(
    doc_id: str,
    text: str,
    published: str | None = None,
    title: str | None = None,
    timexes: list[tuple[str, str] | tuple[str, str, list[str]]] = (),
    entities: list[tuple[str, str]] = (),
    lang: str = "id",
) -> Document:
    """A document with ``(surface, value[, candidates])`` timexes and ``(surface, id)`` entities.

    Each surface is located in ``text`` (first occurrence after the previous one of the
    same surface), so offsets are always right.
    """
    doc = Document(id=doc_id, source="test", raw=text, text=text, lang=lang, title=title)
    if published:
        doc.published, doc.published_from = published, "input"
    doc.sentences = split_sentences(text, lang)
    seen: dict[str, int] = {}
    for spec in timexes:
        surface, value = spec[0], spec[1]
        cands = list(spec[2]) if len(spec) > 2 else []
        start = text.index(surface, seen.get(surface, 0))
        seen[surface] = start + 1
        doc.timexes.append(Timex(surface, start, start + len(surface), "DATE", value, candidates=cands))
    doc.timexes.sort(key=lambda t: t.start)
    for surface, eid in entities:
        pos = 0
        while (start := text.find(surface, pos)) >= 0:
            doc.entities.append(EntityMention(surface, start, start + len(surface), eid.split(":")[0], eid, surface))
            pos = start + len(surface)
    assert not doc.check_offsets()
    return doc


def test_make_doc_offsets_are_right():
    d = make_doc(
        "a",
        "Banjir melanda Bekasi pada Senin (3/1). Warga mengungsi.",
        "2022-01-04",
        timexes=[("Senin (3/1)", "2022-01-03")],
        entities=[("Bekasi", "LOC:bekasi")],
    )
    assert d.text[d.timexes[0].start : d.timexes[0].end] == "Senin (3/1)"
    assert d.entities[0].id == "LOC:bekasi"
    assert len(d.sentences) == 2
