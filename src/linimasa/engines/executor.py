"""The one interface of the local executors: map a function over tasks, results in task order.

A job (``linimasa.jobs``) hands an executor ``(tag, args)`` pairs and gets
``on_result(tag, fn(*args))`` back in task order, whether the tasks ran in this process
(:class:`InProcess`) or in a process pool (:class:`linimasa.engines.pool.OrderedPool`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol


class Executor(Protocol):
    def imap(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        """``fn(*args)`` for each ``args`` of ``tasks``, results yielded in task order."""
        ...

    def map(
        self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple]], on_result: Callable[[Any, Any], None]
    ) -> None:
        """Run ``fn(*args)`` for each ``(tag, args)``; ``on_result(tag, result)`` in task order."""
        ...


class InProcess:
    """The executor of one worker: every task in this process, one after the other."""

    def imap(self, fn: Callable[..., Any], tasks: Iterable[tuple]) -> Iterator[Any]:
        for args in tasks:
            yield fn(*args)

    def map(
        self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, tuple]], on_result: Callable[[Any, Any], None]
    ) -> None:
        for tag, args in tasks:
            on_result(tag, fn(*args))
