"""The on-disk cache of resources built at first use (the POS lexicon, the region lists).

Built once per machine, read by every process: written atomically (a temporary file
renamed into place) so parallel workers never read half a file, and a cache that cannot
be written (read-only home) only means rebuilding per process.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """Where built resources are cached: ``$LINIMASA_CACHE`` or ``~/.cache/linimasa``."""
    env = os.environ.get("LINIMASA_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "linimasa"


def read_json(path: Path) -> Any | None:
    """The cached JSON at ``path``, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path, data: Any) -> None:
    """Store ``data`` at ``path`` atomically; silently skipped when the cache is not writable."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
