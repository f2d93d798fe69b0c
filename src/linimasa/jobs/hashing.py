"""Content hashes: what decides that a stored analysis can be reused."""

from __future__ import annotations

import hashlib
import json

from linimasa import __version__
from linimasa.model import RawDocument

# Bump when a stage changes its output for the same input, so stores re-analyse.
ANALYSIS_VERSION = "1"


def content_hash(raw: RawDocument) -> str:
    """sha256 over the document's text, URL and input metadata, and the analysis version."""
    h = hashlib.sha256()
    meta = {k: v for k, v in raw.meta.items() if k != "warnings"}
    for part in (__version__, ANALYSIS_VERSION, raw.text, raw.url or "", json.dumps(meta, sort_keys=True, default=str)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()
