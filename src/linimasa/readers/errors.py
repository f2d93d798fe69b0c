"""The one error type readers yield instead of raising.

A reader never raises for a bad input: it yields a :class:`ReadError` saying where
(``path``, ``path:line`` or ``path#record N``) and why, and the run goes on with the next
file, line or record. The engine counts these as skipped inputs and prints them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input (file, JSON line, WARC record) that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
