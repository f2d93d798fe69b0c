"""The ``meta`` filter: documents whose kept input field ``KEY`` equals ``VALUE``.

A document's ``meta`` (the input fields the contract does not name: IndoSum's ``category``,
a feed's ``tags``) lives in its stored JSON, not in a column, so the condition reads the JSON:
``json_each`` on SQLite, ``jsonb`` on PostgreSQL (one SQL construct, :class:`MetaMatch`,
compiled for each dialect). A value matches as text: a string equal to ``VALUE``, a number
written so (``2017``), ``true``/``false``, or a list holding such an item (``tags=banjir``
matches ``["banjir", "jakarta"]``). No index: the documents left by the other filters are
read.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean

# A key that can be asked for: printable, no double quote or backslash (it is quoted in a JSON path).
META_KEY = re.compile(r'^[^\x00-\x1f\x7f"\\]{1,100}$')
MAX_META_VALUE = 500


class MetaMatch(ColumnElement[bool]):
    """True for a ``documents`` row whose ``meta[key]`` is (or holds) ``value``."""

    type = Boolean()
    inherit_cache = False

    def __init__(self, key: str, value: str) -> None:
        if not META_KEY.match(key):
            raise ValueError(f"meta key {key!r}: printable characters, no quote or backslash, at most 100")
        self.key, self.value = key, value


_JSON = "coalesce(documents.data, documents.analysis)"


@compiles(MetaMatch, "sqlite")
def _sqlite(element: MetaMatch, compiler: Any, **kw: Any) -> str:
    path = compiler.process(literal(f'$.meta."{element.key}"'), **kw)
    value = compiler.process(literal(element.value), **kw)
    text = "CASE m.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(m.value AS TEXT) END"
    return f"EXISTS (SELECT 1 FROM json_each({_JSON}, {path}) AS m WHERE m.type != 'object' AND {text} = {value})"


@compiles(MetaMatch, "postgresql")
def _postgresql(element: MetaMatch, compiler: Any, **kw: Any) -> str:
    key = compiler.process(literal(element.key), **kw)
    value = compiler.process(literal(element.value), **kw)
    x = f"(CAST({_JSON} AS jsonb) -> 'meta' -> {key})"
    items = f"CASE jsonb_typeof({x}) WHEN 'array' THEN {x} ELSE jsonb_build_array({x}) END"
    return f"EXISTS (SELECT 1 FROM jsonb_array_elements_text({items}) AS m(v) WHERE m.v = {value})"


def parse_meta(item: str) -> tuple[str, str]:
    """``("KEY", "VALUE")`` of ``"KEY=VALUE"``; ``ValueError`` saying what is wrong."""
    key, sep, value = item.partition("=")
    key = key.strip()
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
