"""Tasks on every core: a process pool fed task by task, results in task order.

Why a pool of processes (not threads): linimasa's stages are pure Python and hold the GIL.
Why a bounded window: the tasks come from a stream (a CC-NEWS month does not fit in
memory), so at most ``window`` tasks are read ahead of the slowest worker; results come
back in task order, so a job commits batch after batch to the store (the checkpoint an
interrupted run resumes from) exactly as the one-process loop does
(:class:`linimasa.engines.executor.InProcess`, the same interface).

Workers start with ``spawn`` (no inherited threads or locks from the parent, same on every
OS) and run the job's ``initializer`` once (building the stages, loading resources). This
module knows nothing of documents: what a task is belongs to the job (``linimasa.jobs``).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ------------------------------------------------------------------ worker side

_FROZEN = False


GC_THRESHOLDS = (10_000, 50, 50)
# a worker's: each young collection walks what the batch in hand holds (token lists, documents), so
# fewer of them cost less in all (8,000 articles in one process: 125 collections and 0.073 ms an
# article at 10,000; 13 and 0.037 ms at 50,000); cyclic garbage waits for 50,000 more objects
WORKER_GC_THRESHOLDS = (50_000, 50, 50)


def tune_worker_gc() -> None:
    """Fewer young-generation collections in a worker: the stages allocate many short-lived
    objects (tokens, matches) that reference counting frees anyway; only cycles wait longer."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """:func:`tune_worker_gc` for the engine's own process while a run's phases last (the
    results it unpacks and the rows it writes are the same kind of short-lived objects),
    then the thresholds it had."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def frozen_heap() -> Iterator[None]:
    """What this process holds now leaves the collector's view until the block ends: the
    objects the block allocates are collected without walking those again and again (a
    run's phases return results that live until its outputs are written). At the end the
    whole frozen generation is the collector's again."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def freeze_resources_once() -> None:
    """Called after a worker's first batch: its language resources (lexicons, gazetteers,
    models: hundreds of thousands of objects, loaded on first use and never freed) leave the
    garbage collector's view, so that full collections do not walk them again and again."""
    global _FROZEN
    if not _FROZEN:
        gc.freeze()
        _FROZEN = True


# ------------------------------------------------------------------ worker lifeline
#
# A worker must never outlive the process that started it, however that one ends. SIGKILL and
# SIGTERM (whose default action ends a process at once, without Python's clean-up) used to leave
# every idle worker blocked for ever on the pool's call queue: a spawned worker holds both ends
# of that queue's pipe, so it never sees end-of-file when its parent is gone, and nothing else
# told it (issue 20, finding 5: some 55 MB a worker, hundreds of them after a series of killed
# runs). Each worker now checks its parent itself: the kernel sends it SIGKILL when the parent
# dies (Linux ``PR_SET_PDEATHSIG``), and a watchdog thread (any POSIX system) ends it within a
# fraction of a second once it has been re-parented.

PARENT_POLL_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> bool:
    """Ask the kernel to SIGKILL this process when the thread that started it ends (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the interpreter's own symbols include the C library's (ctypes.util.find_library would
        # run ldconfig in a child process: a process more per worker)
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)  # re-parented: the process that started this one is gone
        time.sleep(PARENT_POLL_SECONDS)


def guard_worker(parent: int, parent_death_signal: bool = True) -> None:
    """Tie this worker's life to ``parent``'s (see above), and leave SIGINT to the parent.

    Ctrl-C reaches every process of the terminal's process group: a worker ignores it (the
    parent stops its pools itself, then reports the interruption once, without a traceback).
    ``parent_death_signal`` is False when the pool was made in a thread other than the main
    one: the kernel's signal follows the thread that started the worker, not the process.
    """
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_death_signal:
        _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="linimasa-parent-watch", daemon=True).start()


def _bootstrap(
    parent: int, parent_death_signal: bool, initializer: Callable[..., None] | None, initargs: tuple
) -> None:
    guard_worker(parent, parent_death_signal)
    if initializer is not None:
        initializer(*initargs)


class _WorkerProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that starts with SIGINT blocked (the mask is inherited through ``exec``),
    so that a Ctrl-C during its start-up, before :func:`guard_worker` runs, prints no traceback."""

    def start(self) -> None:
        blocks = hasattr(signal, "pthread_sigmask")
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if blocks else None
        try:
            super().start()
        finally:
            if old is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)


class _WorkerContext(multiprocessing.context.SpawnContext):
    Process = _WorkerProcess  # type: ignore[assignment]


_LIVE: weakref.WeakSet[OrderedPool] = weakref.WeakSet()


def stop_all_pools() -> None:
    """Kill the workers of every pool of this process now (an interrupted run: their work is
    lost anyway, and only this process writes the store). Safe in a signal handler: it only
    sends signals (the pools are shut down by their owners' ``finally``)."""
    for pool in list(_LIVE):
        pool.kill_workers()


# ------------------------------------------------------------------ parent side


class OrderedPool:
    """A process pool that maps a function over a stream of tasks and hands back results in
    task order, with at most ``window`` tasks in flight (the stream is never read ahead further).

    ``initializer(*initargs)`` runs once in each worker (spawned: no inherited threads or locks, the same on every OS).
    """

    def __init__(
        self,
        workers: int,
        initializer: Callable[..., None] | None = None,
        initargs: tuple = (),
        window: int | None = None,
    ):
        self.workers = max(1, workers)
        self.window = window or 2 * self.workers + 1
        in_main_thread = threading.current_thread() is threading.main_thread()
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_WorkerContext(),
            initializer=_bootstrap,
            initargs=(os.getpid(), in_main_thread, initializer, initargs),
        )
        _LIVE.add(self)

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, exc_type: Any = None, *exc: Any) -> None:
        self.close(kill=exc_type is not None)

    def close(self, kill: bool = False) -> None:
        """Stop the workers: once their running tasks are done, or at once with ``kill`` (an
        error or an interruption: nobody will read their results). Idempotent."""
        if kill:
            self.kill_workers()
        self._executor.shutdown(wait=True, cancel_futures=True)
        _LIVE.discard(self)

    def kill_workers(self) -> None:
        """SIGKILL every worker of this pool still running (only signals: no lock is taken)."""
        processes = getattr(self._executor, "_processes", None) or {}
        for process in list(processes.values()):
            try:
                if process.exitcode is None:  # (not yet reaped: its pid is still its own)
                    process.kill()
            except (OSError, ValueError):
                pass

    def start(self) -> OrderedPool:
        """Spawn the workers now (one empty task each) rather than with the first real task,
        so that their start-up (imports, ``initializer``) overlaps what the caller does next."""
        try:
            for _ in range(self.workers):
                self.submit(int)
        except BaseException:
            self.close(kill=True)
            raise
        return self

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        """One task outside :meth:`map`'s order (its result is the caller's to collect, or not)."""
        return self._executor.submit(fn, *args)

    def imap(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        """``fn(*args)`` for each ``args`` of ``tasks``, results yielded in task order."""
        pending: deque[Future] = deque()
        for args in tasks:
            pending.append(self.submit(fn, *args))
            while len(pending) > self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def map(
        self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple]], on_result: Callable[[Any, Any], None]
    ) -> None:
        """Run ``fn(*args)`` for each ``(tag, args)``; ``on_result(tag, result)`` in task order."""
        tags: deque[Any] = deque()

        def args() -> Iterator[tuple]:
            for tag, a in tasks:
                tags.append(tag)
                yield a

        for result in self.imap(fn, args()):
            on_result(tags.popleft(), result)


def chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
