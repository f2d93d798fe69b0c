"""Writers for the contract's output files (``docs/output-contract.md``).

Every regular file is written to a temporary name in the same folder and renamed into place,
so a reader never sees half a file and an interrupted run leaves the previous outputs intact.
A symbolic link's target is replaced so (the link stays); a device, a named pipe or
``/dev/stdout`` is written in place, never replaced (:func:`_destination`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.jsontext import dumps


class OutputError(Exception):
    """The output folder or file cannot be written."""


def prepare_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise OutputError(f"cannot use {path} as output folder: it is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {path}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK):
        raise OutputError(f"output folder {path} is not writable")
    return path


def check_targets(paths: Iterable[Path]) -> None:
    """Raise :class:`OutputError` now for an output that cannot be written where it would be (a
    folder of its name), rather than after the work of a run."""
    for path in paths:
        _destination(path)


def remove_stale(
    out: Path,
    names: Iterable[str],
    suffixes: Iterable[str],
    whose: str,
    ours: Callable[[Path, str], bool] | None = None,
) -> None:
    """Remove the tables (``name + suffix``) an earlier run or export left in ``out``: they must not
    stay beside JSON Lines files they no longer describe. ``whose``: said in the error ("an earlier
    run's"). ``ours(path, name)``: whether a file is such a table (a file of that name a person
    put in the folder is left alone)."""
    for name in names:
        for suffix in suffixes:
            path = out / f"{name}{suffix}"
            try:
                if path.is_symlink() or (path.is_file() and (ours is None or ours(path, name))):
                    path.unlink()
            except OSError as exc:
                raise OutputError(f"cannot remove {path}, {whose} table: {exc.strerror or exc}") from exc


def write_jsonl(path: Path, objects: Iterable[dict[str, Any]]) -> Path:
    """Write one JSON object per line, atomically (see :func:`write_lines`)."""
    return write_lines(path, (dumps(obj) for obj in objects))


def _destination(path: Path) -> tuple[Path, bool]:
    """Where to write ``path``, and whether in place (``True``) rather than by temp-and-rename.

    A regular file (or a new one) is replaced atomically: written to a temporary name beside
    it, then renamed. A symbolic link is followed: its target is replaced that way, and the
    link stays a link. Anything else is written in place, streaming, never replaced: a
    device (``/dev/null``, a terminal; as root, renaming over ``/dev/full`` destroyed the
    device), a named pipe (its reader gets the lines), a socket, and the ``/proc`` links
    behind ``/dev/stdout`` and ``/dev/fd/N`` (whatever the descriptor is: a pipe, a
    terminal, or a file the shell opened, which is appended to, not swapped for another).
    """
    if _through_proc(path):
        return path, True
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:  # a new file, or a dangling link: its target is created
        return real, False
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if stat.S_ISREG(mode):
        return real, False
    return path, True


def _through_proc(path: Path) -> bool:
    """Whether ``path`` or a link on its way names a descriptor (``/dev/stdout`` ->
    ``/proc/self/fd/1``, ``/dev/fd/N``): that is the open file itself, never a name to rename over
    (the real path of a descriptor of a deleted file or a pipe is not even a usable name)."""
    p = os.path.abspath(path)
    for _ in range(40):
        if os.path.realpath(os.path.dirname(p)).startswith("/proc/"):
            return True
        if not os.path.islink(p):
            return False
        p = os.path.join(os.path.dirname(p), os.readlink(p))
    return False


def is_replaced_by_rename(path: Path) -> bool:
    """Whether :func:`write_lines` and :func:`write_text` replace ``path`` whole (a regular
    file) rather than write into it (a device, a pipe: see :func:`_destination`)."""
    try:
        return not _destination(path)[1]
    except OutputError:
        return True


def discard_temporary(path: Path) -> None:
    """Remove the temporary file a write of ``path`` left behind (none for a file written in
    place). For a write made by another process that was killed before it could clean up
    (``run``'s ``documents.jsonl``, copied out by a worker that an interruption SIGKILLs):
    the interrupted process calls it once that worker is gone."""
    try:
        target, in_place = _destination(path)
    except OutputError:
        return
    if not in_place:
        _temporary(target).unlink(missing_ok=True)


def _temporary(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp")


def _write(path: Path, write: Callable[[Any], None]) -> Path:
    target, in_place = _destination(path)
    if in_place:
        try:
            with open(target, "a", encoding="utf-8") as fh:
                write(fh)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return path
    tmp = _temporary(target)
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            write(fh)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:  # an interruption: no temporary file left behind
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_file(path: Path, write: Callable[[Any], None]) -> Path:
    """Write ``path`` with ``write(fh)`` (a text file open for writing), as :func:`write_lines` does."""
    return _write(path, write)


def write_lines(path: Path, lines: Iterable[str]) -> Path:
    """Write lines of JSON text already serialised (one object each): a regular file
    atomically, a device or a pipe in place (:func:`_destination`)."""

    def write(fh: Any) -> None:
        for line in lines:
            fh.write(line)
            fh.write("\n")

    return _write(path, write)


def write_text(path: Path, text: str) -> Path:
    """Write ``text``, as :func:`write_lines` does."""
    return _write(path, lambda fh: fh.write(text))


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
