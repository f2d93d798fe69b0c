"""The one error type readers yield instead of raising.

A reader never raises for a bad input: it yields a :class:`ReadError` saying where
(``path``, ``path:line`` or ``path#record N``) and why, and the run goes on with the next
file, line or record. The engine counts these as skipped inputs and prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal may act on (C0 and C1 controls, DEL, the Unicode line and paragraph
# separators, bidirectional overrides) and lone surrogates (undecodable bytes of a file name).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (an ESC of an escape sequence,
    a newline in a file name) and lone surrogates written as ``\\x1b``, ``\\n`` -> ``\\x0a``,
    ``\\udcff``; anything else as it is."""
    return _UNPRINTABLE.sub(_escape, text)


@dataclass(frozen=True, slots=True)
class ReadError:
    """An input (file, JSON line, WARC record) that could not be read, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return printable(f"{self.source}: {self.reason}")
