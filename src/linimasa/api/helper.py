"""The ingest on two cores: a warm helper process analyses part of each batch and finalises
some of the stories it touches.

``POST /api/documents`` analyses its documents in the server's process (one core), each
request from the stages' caches as the requests before it left them. A 100-document batch
spent about 13 ms a document there against 3-6 ms in a run's worker: one core, and caches
(the Sastrawi stems, lazily loaded resources, compiled patterns) that a server fills only
slowly. :class:`AnalysisHelper` keeps one worker process (``jobs.analyse.init_worker``, the
pipeline of ``linimasa run``'s workers) for the server's lifetime: it is started by the
server's first ingest, which it also analyses (results dropped) so that it loads its models
then; once that is done, each batch of at least :data:`MIN_SPLIT` documents is cut in up to
:data:`CHUNKS` chunks, which this process analyses from the first on and the helper from the
last back, each taking the next as soon as it is free (the results are the same either way:
each document's analysis depends on its text alone). The touched stories' finalise tasks
(``jobs.finalise.finalise_task``) are shared the same way (the helper reads the store by its
name, as a run's phase-3 workers do), and the results are handed on in task order, as a run's
pool hands them. Until the helper is ready, or if it fails, everything is done in this process,
as before.

The helper holds its own copy of the models (about 370 MB). ``linimasa serve`` starts the
app with it; ``create_app(..., analysis_helper=False)`` (the default) does not.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.jobs.analyse import Analysed, analyse_entries, init_worker
from linimasa.jobs.finalise import finalise_task, init_finaliser
from linimasa.pipeline import Pipeline

MIN_SPLIT = 8  # (smaller batches: the round trip to the helper costs more than it saves)
CHUNKS = 8  # a batch is analysed in up to this many chunks, taken by whichever process is free


def init_helper(stages: list[Any], db: str | None) -> None:
    """The helper process: a run's analysis worker, and its phase-3 worker over the store ``db``."""
    init_worker(stages, None)
    if db:
        init_finaliser(db)


class AnalysisHelper:
    """One warm worker process that shares an ingest's analysis and finalise tasks (see the module doc)."""

    def __init__(self, stages: list[Any], db: str | None = None) -> None:
        self.stages = stages
        self.db = db  # (the store's name or URL: without it the helper only analyses)
        self._pool: OrderedPool | None = None
        self._ready: Future | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.shared = 0  # batches cut in two so far
        self.done_there = 0  # tasks (chunks of a batch to analyse, finalise tasks) the helper did so far

    def start(self, entries: list[Any]) -> None:
        """Start the helper (once), its first task ``entries`` analysed to load its models."""
        with self._lock:
            if self._pool is not None or self._closed or not entries:
                return
            try:
                self._pool = OrderedPool(1, init_helper, (self.stages, self.db))
                self._ready = self._pool.submit(analyse_entries, list(entries), 0)
            except (OSError, RuntimeError):  # (no process can be started: analyse here)
                self._pool, self._ready = None, None

    @property
    def ready(self) -> bool:
        ready = self._ready
        return ready is not None and ready.done() and ready.exception() is None

    def analyse(self, pipeline: Pipeline, entries: list[Any], first: int) -> list[Analysed]:
        """``analyse_entries(entries, first)``: in chunks, some analysed by the helper when it is ready."""
        pool = self._pool
        if pool is None or not self.ready or len(entries) < MIN_SPLIT:
            self.start(entries)
            return analyse_entries(entries, first, pipeline=pipeline)
        self.shared += 1
        size = max(MIN_SPLIT // 2, -(-len(entries) // CHUNKS))
        starts = list(range(0, len(entries), size))
        done = _share(
            self,
            pool,
            len(starts),
            lambda k: analyse_entries(entries[starts[k] : starts[k] + size], first + starts[k], pipeline=pipeline),
            lambda k: (analyse_entries, entries[starts[k] : starts[k] + size], first + starts[k]),
        )
        return [a for k in range(len(starts)) for a in done[k]]

    def finaliser(self) -> _Finaliser:
        """The executor of an ingest's finalise tasks (``run_stream``'s ``finalise_executor``)."""
        return _Finaliser(self)

    def _drop(self) -> None:
        with self._lock:
            pool, self._pool, self._ready = self._pool, None, None
        if pool is not None:
            pool.close(kill=True)

    def close(self) -> None:
        """Stop the helper (the server is shutting down)."""
        with self._lock:
            self._closed = True
            pool, self._pool, self._ready = self._pool, None, None
        if pool is not None:
            pool.close(kill=True)


class _Finaliser:
    """Runs ``finalise_task`` over an ingest's tasks in this process (``fn``, bound to its store)
    and in the helper, from both ends; ``on_result`` in task order (see the module doc)."""

    def __init__(self, helper: AnalysisHelper) -> None:
        self.helper = helper

    def map(
        self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple]], on_result: Callable[[Any, Any], None]
    ) -> None:
        helper = self.helper
        pool = helper._pool
        if pool is None or not helper.db or not helper.ready:
            for tag, args in tasks:
                on_result(tag, fn(*args))
            return
        todo = list(tasks)
        results = _share(helper, pool, len(todo), lambda i: fn(*todo[i][1]), lambda i: (finalise_task, *todo[i][1]))
        for i, (tag, _args) in enumerate(todo):
            on_result(tag, results[i])


def _share(
    helper: AnalysisHelper,
    pool: OrderedPool,
    n: int,
    here: Callable[[int], Any],
    there: Callable[[int], tuple],
) -> dict[int, Any]:
    """The results of ``n`` tasks by index: this process runs ``here(i)`` from the first on, the helper
    the call ``there(i)`` names (a function and its arguments) from the last back, taking its next one
    as soon as one is done; a task the helper could not do (it died) is done here."""
    results: dict[int, Any] = {}
    remote: dict[int, Future] = {}
    refused: list[int] = []  # (claimed for the helper, which could not take them)
    lock = threading.RLock()  # (a task claimed for the helper is in ``remote`` or ``refused`` once it is let go)
    span = [0, n]  # the tasks nobody took yet

    def give(_done: Future | None = None) -> None:
        with lock:
            if span[0] >= span[1] or helper._pool is not pool:
                return
            span[1] -= 1
            i = span[1]
            try:
                fut = pool.submit(*there(i))
            except RuntimeError:  # (a broken pool refuses tasks: this process does it)
                refused.append(i)
                return
            remote[i] = fut
        fut.add_done_callback(give)

    give()
    while True:
        with lock:
            if span[0] >= span[1]:
                break
            i = span[0]
            span[0] += 1
        results[i] = here(i)
    with lock:
        mine = list(refused)
        theirs = dict(remote)
    for i in mine:
        results[i] = here(i)
    for i, fut in theirs.items():
        try:
            results[i] = fut.result()
            helper.done_there += 1
        except Exception:  # noqa: BLE001 - the helper died: its task is done here (a task's own error is raised here again)
            helper._drop()
            results[i] = here(i)
    return results
