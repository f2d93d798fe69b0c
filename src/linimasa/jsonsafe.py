"""JSON from untrusted input, parsed so that no value can break the code that handles it.

Two kinds of valid JSON break Python code that parses or walks it: a value nested some
hundreds of levels deep (``json.loads`` raises ``RecursionError`` near the interpreter's
recursion limit, and a value that it did parse makes every recursive walk of it - scrubbing,
``json.dumps`` - raise it later), and an integer of more than 4,300 digits (``json.loads``
raises a plain ``ValueError``, not a ``JSONDecodeError``, since Python 3.11). Neither is a
news article. :func:`parse` refuses both with a :class:`JSONLimitError` that says which, and
reports invalid JSON as a :class:`JSONSyntaxError`, so a caller can skip one line or refuse
one request body and go on. A value it returns is at most :data:`MAX_DEPTH` levels deep.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson

# Containers inside containers: an input document is one object of strings (depth 1); a
# feed item with extra fields rarely goes past 5. Far below the recursion limit (1000).
MAX_DEPTH = 100


class JSONInputError(ValueError):
    """The text is not a JSON value this program accepts; ``reason`` says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JSONSyntaxError(JSONInputError):
    """Not JSON at all (or not UTF-8)."""


class JSONLimitError(JSONInputError):
    """Valid JSON beyond a limit: nested too deep, or an integer with too many digits."""


def _too_deep(max_depth: int) -> JSONLimitError:
    return JSONLimitError(f"JSON nested deeper than {max_depth} levels")


def _digits_limit() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get else 4300


def depth(value: Any, stop: int | None = None) -> int:
    """How many containers deep ``value`` is (a string: 0, ``{"a": []}``: 2), without recursion.

    With ``stop``, returns as soon as the depth is known to exceed it.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        level += 1
        if level > deepest:
            deepest = level
            if stop is not None and deepest > stop:
                return deepest
        stack.extend((child, level) for child in children if isinstance(child, dict | list))
    return deepest


def parse(text: bytes | str, max_depth: int = MAX_DEPTH) -> Any:
    """The value of the JSON ``text``; raises :class:`JSONSyntaxError` or :class:`JSONLimitError`.

    orjson parses first (fast, and its own nesting limit is enforced without Python
    recursion); what it refuses although the standard library accepts it (integers past 64
    bits, ``NaN``, unpaired surrogate escapes) is parsed by ``json.loads``, whose recursion
    and integer-size failures are turned into :class:`JSONLimitError`.
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "recursion" in str(exc).lower():
            raise _too_deep(max_depth) from None
        value = _stdlib_parse(text, max_depth)
    if depth(value, stop=max_depth) > max_depth:
        raise _too_deep(max_depth)
    return value


def _stdlib_parse(text: bytes | str, max_depth: int) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise _too_deep(max_depth) from None
    except json.JSONDecodeError as exc:
        raise JSONSyntaxError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except UnicodeDecodeError as exc:
        raise JSONSyntaxError(
            f"not valid UTF-8 (byte {exc.object[exc.start]:#04x} at column {exc.start + 1})"
        ) from None
    except ValueError as exc:  # since 3.11: int('9' * 5000) refuses; json.loads lets it through as ValueError
        if "digits" in str(exc):
            raise JSONLimitError(f"JSON integer with more than {_digits_limit()} digits") from None
        raise JSONSyntaxError(f"not valid JSON ({exc})") from None
