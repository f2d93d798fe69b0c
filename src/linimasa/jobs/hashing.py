"""Content hashes: what decides that a stored analysis can be reused."""

from __future__ import annotations

import hashlib
import json

from linimasa import __version__
from linimasa.model import RawDocument

# Bump when a stage changes its output for the same input, so stores re-analyse (and the
# documents' corpus records, which phase 1 makes, are made again). "2": session 20 (series cues
# of a match's sides and rounds in the story items, and the entity and time rules since "1").
ANALYSIS_VERSION = "2"


def content_hash(raw: RawDocument) -> str:
    """sha256 over the document's text, URL and input metadata, and the analysis version.

    The kept input fields (``raw.extra``, the document's ``meta``) count when there are some:
    a document without any hashes as before they were kept; one with some (IndoSum's
    ``category``) hashed differently once, when they began to be kept, and is analysed again
    once; a change of them later is a change of the document (its ``meta`` is stored with it)."""
    h = hashlib.sha256()
    meta = {k: v for k, v in raw.meta.items() if k != "warnings"}
    parts = [__version__, ANALYSIS_VERSION, raw.text, raw.url or "", json.dumps(meta, sort_keys=True, default=str)]
    if raw.extra:
        parts.append(json.dumps(raw.extra, sort_keys=True, default=str))
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()
