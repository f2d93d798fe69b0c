"""Writers for the contract's output files (``docs/output-contract.md``).

Every file is written to a temporary name in the same folder and renamed into place, so a
reader never sees half a file and an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linimasa.jsontext import dumps

if TYPE_CHECKING:
    from linimasa.engines.pool import OrderedPool


class OutputError(Exception):
    """The output folder or file cannot be written."""


def prepare_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {path}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK):
        raise OutputError(f"output folder {path} is not writable")
    return path


def write_jsonl(path: Path, objects: Iterable[dict[str, Any]]) -> Path:
    """Write one JSON object per line, atomically."""
    return write_lines(path, (dumps(obj) for obj in objects))


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    """Write lines of JSON text already serialised (one object each), atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(line)
                fh.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def write_text(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


class OutputJob:
    """One output made by ``fn(*args)``: by a process of ``pool`` from now on when a pool is
    given (the caller's: it stays open), else here when :meth:`result` asks for it. A run
    starts its longest outputs so while it writes the others (``linimasa.cli``)."""

    def __init__(self, name: str, fn: Callable[..., Any], *args: Any, pool: OrderedPool | None = None) -> None:
        self.name, self._fn, self._args = name, fn, args
        self._future: Future[Any] | None = pool.submit(fn, *args) if pool is not None else None

    def result(self) -> Any:
        """What ``fn`` returned (waits for the other process; runs it here when there is none).
        Its error is raised here, whichever process met it."""
        if self._future is None:
            return self._fn(*self._args)
        try:
            return self._future.result()
        except BrokenProcessPool as exc:
            raise OutputError(f"cannot make {self.name}: the process making it stopped") from exc
