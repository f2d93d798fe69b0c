"""The ingest's analysis on two cores: a warm helper process takes half of each batch.

``POST /api/documents`` analyses its documents in the server's process (one core), each
request from the stages' caches as the requests before it left them. A 100-document batch
spent about 13 ms a document there against 3-6 ms in a run's worker: one core, and caches
(the Sastrawi stems, lazily loaded resources, compiled patterns) that a server fills only
slowly. :class:`AnalysisHelper` keeps one worker process (``jobs.analyse.init_worker``, the
pipeline of ``linimasa run``'s workers) for the server's lifetime: it is started by the
server's first ingest, which it also analyses (results dropped) so that it loads its models
then; once that is done, each batch of at least :data:`MIN_SPLIT` documents is cut in two,
the second half analysed by the helper while this process analyses the first (the results
are the same either way: each document's analysis depends on its text alone). Until the
helper is ready, or if it fails, batches are analysed in this process, as before.

The helper holds its own copy of the models (about 370 MB). ``linimasa serve`` starts the
app with it; ``create_app(..., analysis_helper=False)`` (the default) does not.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.jobs.analyse import Analysed, analyse_entries, init_worker
from linimasa.pipeline import Pipeline

MIN_SPLIT = 8  # (smaller batches: the round trip to the helper costs more than it saves)


class AnalysisHelper:
    """One warm worker process that analyses half of each batch (see the module doc)."""

    def __init__(self, stages: list[Any]) -> None:
        self.stages = stages
        self._pool: OrderedPool | None = None
        self._ready: Future | None = None
        self._lock = threading.Lock()
        self._closed = False
        self.shared = 0  # batches cut in two so far

    def start(self, entries: list[Any]) -> None:
        """Start the helper (once), its first task ``entries`` analysed to load its models."""
        with self._lock:
            if self._pool is not None or self._closed or not entries:
                return
            try:
                self._pool = OrderedPool(1, init_worker, (self.stages, None))
                self._ready = self._pool.submit(analyse_entries, list(entries), 0)
            except (OSError, RuntimeError):  # (no process can be started: analyse here)
                self._pool, self._ready = None, None

    @property
    def ready(self) -> bool:
        ready = self._ready
        return ready is not None and ready.done() and ready.exception() is None

    def analyse(self, pipeline: Pipeline, entries: list[Any], first: int) -> list[Analysed]:
        """``analyse_entries(entries, first)``: the second half in the helper when it is ready."""
        pool = self._pool
        if pool is None or not self.ready or len(entries) < MIN_SPLIT:
            self.start(entries)
            return analyse_entries(entries, first, pipeline=pipeline)
        half = len(entries) // 2
        try:
            theirs = pool.submit(analyse_entries, entries[half:], first + half)
        except RuntimeError:  # (the helper is gone: a broken pool refuses tasks)
            self._drop()
            return analyse_entries(entries, first, pipeline=pipeline)
        self.shared += 1
        mine = analyse_entries(entries[:half], first, pipeline=pipeline)
        try:
            return mine + theirs.result()
        except Exception:  # noqa: BLE001 - the helper died (killed, out of memory): analyse its half here
            self._drop()
            return mine + analyse_entries(entries[half:], first + half, pipeline=pipeline)

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
