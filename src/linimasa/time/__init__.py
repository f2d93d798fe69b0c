"""Temporal expressions: tagging, TIMEX3 normalisation and publication dates.

``tag(text, lang, anchor)`` is the pure tagger; :class:`~linimasa.time.stage.TimeStage` is
the pipeline stage; ``resolve_document`` re-anchors a document (used by the story stage).
"""

from linimasa.time.stage import TimeStage, resolve_document, tag

__all__ = ["TimeStage", "resolve_document", "tag"]
