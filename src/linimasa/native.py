"""The compiled modules: which of linimasa's modules run as C extensions, and the way back to
their Python sources.

With ``LINIMASA_COMPILE=1`` at install (the default installs the sources only, in well under a
minute), ``setup.py`` compiles the modules every document goes through (the per-document stages, the
records, the model), the corpus entity tables and the story clustering, dating and
timelines with mypyc, the compiler
that comes with mypy: the same source, type
annotations enforced, 12-23 % less CPU for the per-document work (``benchmarks/README.md``). The
sources stay the program: the outputs are byte-identical either way (tested), and where no C
compiler is found the install keeps the sources.

An extension module is found before its source, so a source edited after the build would
be shadowed by the old compiled code. The build records each compiled source's SHA-256
(``native_sources.json``); when a source no longer matches (an editable install being worked
on), every compiled module is loaded from its source instead, with a warning: compiled modules
call each other directly, so mixing old compiled code with new sources would run neither.
``LINIMASA_PURE=1`` does the same on purpose (profiling, debugging, comparing).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

PACKAGE = Path(__file__).parent
RECORD = PACKAGE / "native_sources.json"  # written by setup.py when it compiles: {module: source SHA-256}
PURE_VARIABLE = "LINIMASA_PURE"
LIBRARY = "linimasa_native__mypyc"  # the shared library of setup.py's mypyc group: every compiled module's code


def source_path(module: str) -> Path:
    """The source file of a ``linimasa.*`` module that is not a package."""
    return PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")


def built_sources(record: Path = RECORD) -> dict[str, str]:
    """``{module: SHA-256 of its source when it was compiled}``; empty for an install without compiled modules."""
    try:
        return json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def changed_sources(built: dict[str, str]) -> list[str]:
    """The modules whose source differs from the one that was compiled."""
    out = []
    for module, digest in built.items():
        try:
            now = hashlib.sha256(source_path(module).read_bytes()).hexdigest()
        except OSError:
            now = ""
        if now != digest:
            out.append(module)
    return out


class SourceFinder:
    """Loads the given modules from their ``.py`` sources, ahead of the compiled extension files.

    A meta path finder needs only ``find_spec``; not derived from ``importlib.abc.MetaPathFinder``,
    whose import (``importlib.resources`` with it) would triple the cost of ``import linimasa``.
    """

    def __init__(self, modules: list[str]) -> None:
        self.modules = {m: source_path(m) for m in modules}

    def find_spec(
        self, fullname: str, path: object = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.modules.get(fullname)
        if source is None or not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def incomplete_build(built: dict[str, str], library: str = LIBRARY) -> bool:
    """True when compiled module files are installed but their shared library is not: the build's
    one large C compile failed (out of memory, killed) while the small per-module files compiled, and
    the extensions being optional, the install went on. Importing any of them would fail."""
    if importlib.util.find_spec(library) is not None:  # (a whole build: one look-up at start-up, no stat per module)
        return False
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    return any(source_path(m).with_suffix(suffix).is_file() for m in built)


def select(
    record: Path = RECORD, environ: Mapping[str, str] = os.environ, library: str = LIBRARY
) -> SourceFinder | None:
    """Called as the package is imported, before any compiled module: sources instead of
    compiled modules when ``LINIMASA_PURE=1``, when a compiled module's source has changed or
    when the build is incomplete (returns the finder put first on ``sys.meta_path`` then)."""
    built = built_sources(record)
    if not built or active_finder() is not None:
        return None
    if environ.get(PURE_VARIABLE) != "1":
        changed = changed_sources(built)
        if changed:
            warnings.warn(
                f"linimasa: {len(changed)} compiled module(s) older than their source ({', '.join(changed[:3])}"
                f"{', ...' if len(changed) > 3 else ''}): running every compiled module from its source, "
                "which is slower; `LINIMASA_COMPILE=1 pip install -e .` compiles them again",
                stacklevel=2,
            )
        elif incomplete_build(built, library):
            warnings.warn(
                f"linimasa: the compiled modules' shared library {library} is missing (its C compile failed "
                "at install, e.g. out of memory): running every compiled module from its source, which is "
                "slower; `LINIMASA_COMPILE=1 pip install -e .` compiles them again",
                stacklevel=2,
            )
        else:
            return None
    finder = SourceFinder(list(built))
    sys.meta_path.insert(0, finder)
    return finder


def active_finder() -> SourceFinder | None:
    """The :class:`SourceFinder` in effect in this process, if any."""
    return next((f for f in sys.meta_path if isinstance(f, SourceFinder)), None)


def compiled_modules() -> list[str]:
    """The ``linimasa.*`` modules loaded so far from extension files."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(
        name
        for name, module in list(sys.modules.items())
        if name.startswith("linimasa.") and str(getattr(module, "__file__", "") or "").endswith(suffixes)
    )


def status() -> str:
    """How this install runs, for ``linimasa --version``."""
    built = built_sources()
    if not built:
        return "pure Python; LINIMASA_COMPILE=1 pip install . compiles the hot modules"
    if active_finder() is not None:
        return "pure Python (LINIMASA_PURE=1, sources changed since the build, or the build incomplete)"
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    present = [m for m in built if source_path(m).with_suffix(suffix).is_file()]
    return f"{len(present)} of {len(built)} hot modules compiled" if present else "pure Python (compiling failed)"
