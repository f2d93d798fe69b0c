"""The bundled demo corpus (synthetic articles written by the project)."""

from __future__ import annotations

from importlib import resources as importlib_resources
from pathlib import Path


def corpus_path() -> Path:
    """The folder holding the demo corpus inside the installed package."""
    return Path(str(importlib_resources.files("linimasa") / "demo" / "corpus"))
