"""The ``meta`` filter: documents whose kept input field ``KEY`` equals ``VALUE``.

A document's ``meta`` (the input fields the contract does not name: IndoSum's ``category``,
a feed's ``tags``) lives in its stored JSON, not in a column, so the condition reads the JSON:
``json_each`` on SQLite, ``jsonb`` on PostgreSQL (one SQL construct, :class:`MetaMatch`,
compiled for each dialect). A value matches as text: a string equal to ``VALUE``, a number
of the value ``VALUE`` writes (``2017``; ``2.50`` matches ``2.5``, :func:`json_number`),
``true``/``false``, or a list holding such an item (``tags=banjir`` matches ``["banjir", "jakarta"]``). No index: the documents left by the other filters are
read.
"""

from __future__ import annotations

import math
import re
from typing import Any

from sqlalchemy import literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

from linimasa.limits import META_KEY_PATTERN

# A key that can be asked for: printable, no double quote or backslash (it is quoted in a JSON path).
META_KEY = re.compile(META_KEY_PATTERN)
MAX_META_VALUE = 500


class MetaMatch(ColumnElement[bool]):
    """True for a ``documents`` row whose ``meta[key]`` is (or holds) ``value``."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, key: str, value: str) -> None:
        if not META_KEY.match(key):
            raise ValueError(f"meta key {key!r}: printable characters, no quote or backslash, at most 100")
        self.key, self.value = key, value
        self.number = json_number(value)


_NUMBER = re.compile(r"^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def json_number(value: str) -> int | float | None:
    """The number ``value`` writes in JSON (``2017``, ``2.50``, ``1e-7``), or None: a stored
    number matches it by value, whatever digits SQLite or PostgreSQL print it with (SQLite
    prints 15 significant digits: ``0.30000000000000004`` as ``0.3``, ``1e-07`` as ``1.0e-07``)."""
    m = _NUMBER.match(value.strip())
    if not m or len(value) > 40:
        return None
    number = float(value) if m[1] or m[2] else int(value)
    if number == 0 and re.search(r"[1-9]", value.split("e")[0].split("E")[0]):
        return None  # 1e-400: not zero, though a float makes it so
    return number if math.isfinite(number) else None


_JSON = "coalesce(documents.data, documents.analysis)"


@compiles(MetaMatch, "sqlite")
def _sqlite(element: MetaMatch, compiler: Any, **kw: Any) -> str:
    path = compiler.process(literal(f'$.meta."{element.key}"'), **kw)
    value = compiler.process(literal(element.value), **kw)
    text = "CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END"
    match = f"{text} = {value}"
    if element.number is not None:
        n = element.number
        # SQLite holds a JSON integer past 64 bits as a float, and cannot bind a larger Python int
        number = compiler.process(literal(n if -(2**63) <= n < 2**63 else float(n)), **kw)
        match = f"CASE WHEN m.type IN ('integer', 'real') THEN m.value = {number} ELSE {match} END"
    # a stored text SQLite cannot parse (NaN written by an older linimasa) matches nothing
    # rather than failing the whole query with "malformed JSON"
    source = f"CASE WHEN json_valid({_JSON}) THEN {_JSON} END"
    # json_each walks an object's members too: an object value is no list (as on PostgreSQL)
    whole = f"json_type({source}, {path}) != 'object'"
    return f"EXISTS (SELECT 1 FROM json_each({source}, {path}) AS m WHERE m.type != 'object' AND {whole} AND {match})"


@compiles(MetaMatch, "postgresql")
def _postgresql(element: MetaMatch, compiler: Any, **kw: Any) -> str:
    key = compiler.process(literal(element.key), **kw)
    value = compiler.process(literal(element.value), **kw)
    x = f"(CAST({_JSON} AS jsonb) -> 'meta' -> {key})"
    items = f"CASE jsonb_typeof({x}) WHEN 'array' THEN {x} ELSE jsonb_build_array({x}) END"
    match = f"m.v #>> '{{}}' = {value}"
    if element.number is not None:
        number = compiler.process(literal(element.value.strip()), **kw)
        match = f"CASE WHEN jsonb_typeof(m.v) = 'number' THEN CAST(m.v AS numeric) = CAST({number} AS numeric) ELSE {match} END"
    return f"EXISTS (SELECT 1 FROM jsonb_array_elements({items}) AS m(v) WHERE {match})"


def parse_meta(item: str) -> tuple[str, str]:
    """``("KEY", "VALUE")`` of ``"KEY=VALUE"``, both trimmed (``"category = berita"`` asks for
    ``berita``); ``ValueError`` saying what is wrong."""
    key, sep, value = item.partition("=")
    key, value = key.strip(), value.strip()
    if not sep or not key:
        raise ValueError(f"{item!r} is not KEY=VALUE")
    return check_meta(key, value)


def check_meta(key: str, value: str) -> tuple[str, str]:
    """``(key, value)`` when they can be asked for (the API's ``?meta.KEY=VALUE``, where the key
    may hold ``=``); ``ValueError`` saying what is wrong."""
    if not META_KEY.match(key):
        raise ValueError(f"{key!r} is not a field name (printable, no quote or backslash, at most 100 characters)")
    if len(value) > MAX_META_VALUE:
        raise ValueError(f"the value of {key!r} is over {MAX_META_VALUE} characters")
    return key, value
