"""SIGINT and SIGTERM in the command line: workers stopped first, one clear line, exit 130 / 143.

Light on purpose (no import beyond the standard library): :func:`install` runs before the
command line's own imports (``python -m linimasa`` and the ``linimasa`` script start in
:mod:`linimasa.__main__`), so that a Ctrl-C during the start-up prints the same one line as
later, never a traceback.

The first signal kills the workers of every process pool of this process (their work is lost
anyway: only this process writes the store, one transaction per batch) and raises
:class:`Interrupted` in the main thread; the commands' ``finally`` blocks shut the pools and
close the store, and :func:`run_command` prints::

    interrupted (SIGINT): the store keeps the 3 batches committed; re-run the same command to resume

and exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as shells do. A
second signal while that clean-up runs ends the process at once (the workers are already gone),
and so does the end of a grace period (:func:`_deadline`), should the exception never arrive.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

TYPE_CHECKING = False  # (not typing's: importing typing alone takes longer than the rest of this module)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_STATE: dict[str, Any] = {"signum": None, "detail": None, "cleanup": None}


class Interrupted(BaseException):
    """Raised in the main thread by the first SIGINT / SIGTERM (a BaseException: no ``except
    Exception`` swallows it). ``detail`` says what the interrupted command leaves behind."""

    def __init__(self, signum: int, detail: str = "", advice: str = "re-run the same command to resume") -> None:
        super().__init__(signum)
        self.signum = signum
        self.detail = detail
        self.advice = advice

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def message(self) -> str:
        name = signal.Signals(self.signum).name
        detail = self.detail or "nothing was written"
        return f"interrupted ({name}): {detail}; {self.advice}"


def _stop_workers() -> None:
    pool = sys.modules.get("linimasa.engines.pool")  # (never imported here: no pool, nothing to stop)
    if pool is not None:
        stop = getattr(pool, "stop_all_pools", None)  # (None while the module is still being imported)
        if stop is not None:
            stop()


GRACE_SECONDS = 5.0


def describe(detail: Callable[[], str] | None) -> None:
    """What the running command leaves behind if interrupted now (``run``: the batches the store
    keeps), for the line the grace period's end prints: under load the clean-up can outlast the
    grace period, and the line then said "the batches committed before it" with no number where
    the handled case names them (test_faults_signals.py's committed-SIGTERM failed so). None: no
    command running."""
    _STATE["detail"] = detail


def on_forced_exit(cleanup: Callable[[], None] | None) -> None:
    """What the running command must still do should the process end without its ``finally``
    blocks (the grace period's end, a second signal): ``run`` removes the temporary
    ``documents.jsonl`` of the worker the signal killed, which its own clean-up removes only once
    the pools are shut, and their shutdown can outlast the grace period. None: nothing."""
    _STATE["cleanup"] = cleanup


def _forced_cleanup() -> None:
    cleanup = _STATE.get("cleanup")
    if cleanup is None:
        return
    time.sleep(0.1)  # (the workers were SIGKILLed a moment ago: gone before their files are removed)
    try:
        cleanup()
    except Exception:  # (a failed clean-up must not keep the process from ending)
        pass


def _detail() -> str:
    detail = _STATE.get("detail")
    try:
        return detail() if detail is not None else ""
    except Exception:  # (a broken description must not keep the process from ending)
        return ""


def _deadline(signum: int) -> None:
    """The process is still here :data:`GRACE_SECONDS` after the signal: the exception raised by
    the handler was swallowed (C code that clears any error, such as a dict look-up calling
    ``__eq__``, may do that to an exception raised by a signal handler) or the clean-up hangs.
    End it the way the signal promised; the store is as safe as after a SIGKILL."""
    time.sleep(GRACE_SECONDS)
    _stop_workers()
    _forced_cleanup()
    _report(Interrupted(signum, _detail() or "the store keeps the batches committed before it"))
    os._exit(128 + signum)


def _handler(signum: int, _frame: Any) -> None:
    if _STATE["signum"] is not None:  # a second signal during the clean-up: end now
        _stop_workers()
        _forced_cleanup()
        os._exit(128 + signum)
    _STATE["signum"] = signum
    _stop_workers()
    threading.Thread(target=_deadline, args=(signum,), name="linimasa-interrupt-deadline", daemon=True).start()
    raise Interrupted(signum)


def install() -> None:
    """Handle SIGINT and SIGTERM in this process (the main thread) as described above.
    A signal the parent left ignored (``nohup``, a shell's background job) stays ignored."""
    if _STATE.get("installed"):
        return
    _STATE["installed"] = True
    previous = sys.excepthook

    def excepthook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        # An interruption met outside run_command: while ``python -m linimasa`` imports the
        # package itself, before linimasa/__main__.py runs. The same line, never a traceback.
        if isinstance(exc, Interrupted):
            _report(exc)
            os._exit(exc.exit_code)  # (nothing was started yet)
        previous(kind, exc, tb)

    # The hook first: a signal that comes the moment its handler is in raises Interrupted here,
    # before run_command's try, and only the hook turns it into the one line (it was a traceback)
    sys.excepthook = excepthook
    for signum in SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _handler)


def install_for_module_run() -> None:
    """:func:`install` from ``linimasa/__init__.py`` when it is imported by ``python -m
    linimasa`` (``sys.argv[0]`` is ``-m`` until the module runs) or by the ``linimasa`` script
    (the ``__main__`` file named ``linimasa``, as pip writes it): the handlers then cover the
    package's own imports too (the script's SIGTERM in its first 0.1 s ended it with no line and
    exit code -15). Any other import of the package changes no signal handling."""
    argv = getattr(sys, "orig_argv", [])
    if sys.argv[:1] == ["-m"] and "-m" in argv and argv[argv.index("-m") + 1 :][:1] == ["linimasa"]:
        install()
        return
    script = getattr(sys.modules.get("__main__"), "__file__", None) or ""
    if os.path.basename(script) in ("linimasa", "linimasa-script.py"):
        install()


def _report(exc: Interrupted) -> None:
    try:
        sys.stderr.write(f"linimasa: {exc.message()}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def run_command(main: Callable[[], Any]) -> None:
    """``main()`` with :class:`Interrupted` turned into its one line on stderr and its exit code."""
    try:
        main()
    except Interrupted as exc:
        if not exc.detail and sys.argv[1:2] == ["serve"]:  # Ctrl-C is how a server is stopped
            exc.detail, exc.advice = "the server stopped", "its store is as it was"
        _report(exc)
        sys.exit(exc.exit_code)
