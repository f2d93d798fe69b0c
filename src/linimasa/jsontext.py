"""JSON text of the outputs and of the store's documents, stories and entities.

orjson writes a document's JSON about eight times as fast as ``json.dumps`` and reads it
twice as fast, and a run writes every document twice (its analysis, then its final
object) and reads it back once. The text is compact (no spaces after ``,`` and ``:``),
UTF-8 characters as they are. What orjson refuses (an integer past 64 bits, a lone
surrogate, ``NaN`` in a store written by an older linimasa) goes through the standard
library instead, so nothing that was readable or writable before fails now.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(obj: Any) -> str:
    """The JSON text of ``obj`` (compact, non-ASCII characters kept)."""
    try:
        return orjson.dumps(obj, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """The value of the JSON text ``text``."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


# -- untrusted JSON (input lines, request bodies) ------------------------------------------------

# Deepest nesting of arrays and objects accepted in input JSON. A news article object needs a
# handful of levels; far deeper text is an attack or a dump, and the standard library's parser
# recurses once per level (RecursionError near 1,000, sooner in a deep call stack).
MAX_INPUT_DEPTH = 128


class InputLimitError(ValueError):
    """Valid JSON text that is refused as input: nested too deep, or an integer too long to convert."""


def _parse_int(text: str) -> int:
    limit = sys.get_int_max_str_digits()
    digits = len(text.lstrip("-"))
    if limit and digits > limit:
        raise InputLimitError(f"integer too long ({digits:,} digits; at most {limit:,})")
    return int(text)


def depth_over(value: Any, limit: int) -> bool:
    """True when arrays and objects nest more than ``limit`` levels in ``value`` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def parse_input(text: str | bytes, max_depth: int = MAX_INPUT_DEPTH) -> Any:
    """The value of untrusted JSON ``text`` (an input line, a request body), exactly as ``json.loads``
    reads it, but never raising anything other than ``ValueError``.

    Raises ``json.JSONDecodeError`` for text that is not JSON, :class:`InputLimitError` for JSON
    nested more than ``max_depth`` levels (``"JSON nested too deep (...)"``) or holding an
    integer of more digits than Python converts (``"integer too long (...)"``), and
    ``UnicodeDecodeError`` (a ``ValueError``) for bytes that are not UTF-8. Never
    ``RecursionError``, whatever the depth of the text or of the caller's stack.
    """
    too_deep = InputLimitError(f"JSON nested too deep (more than {max_depth} levels of arrays and objects)")
    try:
        value = json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise too_deep from None
    if isinstance(value, (dict, list)) and depth_over(value, max_depth):
        raise too_deep
    return value
