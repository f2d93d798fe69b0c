"""``report.html`` rendered by another process while the run writes its JSON Lines outputs.

Rendering the page (the annotated texts of the first documents, the Jinja templates) is
pure Python and takes a few seconds on a large run, while the machine's other cores are
idle: the run's own process writes ``documents.jsonl`` and the rest meanwhile. The process
gets the page's :func:`~linimasa.report.render.report_context` (bounded by the report's
limits, not by the corpus) and returns the HTML, which the run writes once its other
outputs are written. With one worker the page is rendered here, at that point.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.output import OutputError
from linimasa.report.render import render_context


class ReportJob:
    """The HTML of a report context, rendered in another process when ``background``."""

    def __init__(self, context: dict[str, Any], background: bool) -> None:
        self._context = context
        self._pool: OrderedPool | None = None
        self._future: Future[str] | None = None
        if background:
            self._pool = OrderedPool(1)  # spawned, as the engine's workers are
            self._future = self._pool.submit(render_context, context)

    def html(self) -> str:
        """The page (waits for the other process; renders it here when there is none)."""
        try:
            if self._future is None:
                return render_context(self._context)
            try:
                return self._future.result()
            except BrokenProcessPool as exc:
                raise OutputError("cannot render report.html: the process rendering it stopped") from exc
        finally:
            self.close()

    def close(self) -> None:
        """Stop the other process (a run that fails before :meth:`html` leaves none behind)."""
        if self._pool is not None:
            self._pool.__exit__(None, None, None)
            self._pool = None

    def __enter__(self) -> ReportJob:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
