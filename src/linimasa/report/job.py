"""``report.html`` rendered by another process while the run writes its other outputs.

Rendering the page (the annotated texts of the first documents, the Jinja templates) is
pure Python and takes about a second on a large run, one-core work next to the run's own
(rebuilding the mention indexes, storing the entities, the JSON Lines outputs). The process
gets the page's :func:`~linimasa.report.render.report_context` (bounded by the report's
limits, not by the corpus) and returns the HTML, which the run writes once its other
outputs are written. The CLI gives it a process of a pool it started when the final
documents were stored (:func:`warm_renderer` compiled the template there meanwhile); with
one worker the page is rendered here, at that point.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from linimasa.engines.pool import OrderedPool
from linimasa.output import OutputError
from linimasa.report.render import REPORT_TEMPLATE, render_context
from linimasa.web.views import environment


def warm_renderer() -> None:
    """A pool worker that will render reports: the page's template compiled ahead of the context."""
    environment().get_template(REPORT_TEMPLATE)


class ReportJob:
    """The HTML of a report context, rendered in another process when ``background``: a
    process of ``pool`` when given (the caller's pool, left open), else one of its own."""

    def __init__(self, context: dict[str, Any], background: bool, pool: OrderedPool | None = None) -> None:
        self._context = context
        self._pool: OrderedPool | None = None
        self._future: Future[str] | None = None
        if background:
            if pool is None:
                pool = self._pool = OrderedPool(1)  # spawned, as the engine's workers are
            self._future = pool.submit(render_context, context)

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
