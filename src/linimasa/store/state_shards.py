"""The plan state's storage format (docs/incremental.md): its keyed JSON values packed into shards.

A full plan leaves hundreds of thousands of small keyed values (a term's document frequency, one
LSH bucket, one story); one table row each cost a full run seconds to format and insert and
hundreds of megabytes to hold until the run's end. So the values of each key prefix (``d``,
``b``, ``s``..., the part before the first ``:``; ``meta`` and ``entities`` are prefixes of
one key) are packed into a few shards, each one row: a JSON object from key to value. A key's
shard is the CRC-32 of its UTF-8 bytes modulo the prefix's shard count (stable across
processes and platforms), so a continued run that needs a few keys reads only their shards.
The shard counts are chosen when the whole state is written (0.1-2 KB of JSON a shard) and
kept in the row :data:`LAYOUT_KEY` with the format number; a state without that row (written by
an older linimasa, one row a key) reads as no state.
"""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linimasa.jsontext import dumps, loads

# 1: one row a key, before the layout row existed; 2: shards; 3: shards with delta rows (below). A
# format-2 state is read as it is (it has no delta row) and says 3 from its first continued write on,
# so that a linimasa of format 2, which would not read the deltas, finds no state in it (and plans
# over the whole store) instead of continuing the values the deltas replaced
FORMAT = 3
READABLE = (2, 3)
# A continued run writes the changed keys of a shard into the shard's *delta* row (the shard's row key
# and this suffix: ``b#12+``), a JSON object over the shard's: reading a shard reads both. So an
# ingest writes what changed, not every shard it touches whole again (a 100-document ingest at
# 101,000 documents: 2.5 MB instead of 5 MB with the same shards). A delta is folded into its shard
# once it holds half as many keys as a shard is made of (:func:`fold_delta`).
DELTA = "+"
LAYOUT_KEY = "#layout"
# keys a shard holds, by prefix. Small enough that a continued run of a few documents reads little
# more than its keys (a shard is parsed whole, and written back whole when one of its keys changes),
# large enough that a full state is not one row a key (that cost a full run seconds to insert)
PER_SHARD = {"b": 4, "x": 16, "d": 32, "n": 16, "k": 2, "s": 1, "p": 1, "q": 16, "a": 1, "c": 1, "w": 1}
# (the keys a continued run reads are scattered over the shards, about one a shard: the entity
# state's rows, ``a``/``c``/``w``, about 14,000 for 100 new documents at 100,000; the LSH buckets and
# blocking postings of the new documents, a few thousand; the stories and profiles threading and the
# clustering pass look at, about 800 each; the document frequencies of their terms and entities,
# some thousands. With 2-8 KB shards (16 buckets, 2 stories, 256 entity frequencies a shard) such a
# batch read 23.5 MB of shards and wrote 10.5 MB back; with these (and the delta rows below), 10 MB
# and 2.5 MB, for a full state of 337,000 rows instead of 84,000 at 101,000 documents)
DEFAULT_PER_SHARD = 16


def prefix_of(key: str) -> str:
    """A key's prefix: the part before its first ``:`` (the key itself when it has none)."""
    head, sep, _rest = key.partition(":")
    return head if sep else key


def shard_count(prefix: str, keys: int) -> int:
    return max(1, -(-keys // PER_SHARD.get(prefix, DEFAULT_PER_SHARD)))


def shard_name(key: str, prefix: str, count: int) -> str:
    """The row of ``key`` (of ``prefix``) when the prefix has ``count`` shards."""
    if count <= 1:
        return prefix + "#0"
    return f"{prefix}#{zlib.crc32(key.encode('utf-8', 'surrogatepass')) % count}"


@dataclass
class PackedState:
    """A whole plan state, packed: the shard counts and each shard's JSON text, by row key."""

    layout: dict[str, int] = field(default_factory=dict)
    shards: dict[str, str] = field(default_factory=dict)
    # names this whole write: a run that continues the state checks that it is still the one it read
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def rows(self) -> list[tuple[str, str]]:
        """The table rows: the layout row, then the shards."""
        return [(LAYOUT_KEY, layout_text(self.layout, self.token)), *self.shards.items()]


def layout_text(layout: Mapping[str, int], token: str | None = None) -> str:
    return dumps({"format": FORMAT, "shards": dict(layout), "token": token})


def token_of(text: str | None) -> str | None:
    """The token of a stored layout row (which whole write of the state it is), None if none."""
    try:
        obj = loads(text) if text is not None else None
    except ValueError:
        return None
    token = obj.get("token") if isinstance(obj, dict) else None
    return token if isinstance(token, str) else None


class StateError(ValueError):
    """A stored plan state row that does not parse as what it should be (a truncated or damaged
    shard): the state is unusable, the run plans over the whole store instead."""


def layout_of(text: str | None) -> dict[str, int] | None:
    """The shard counts of a stored layout row, None when there is none, it is of another
    format or it does not parse (the state then reads as empty)."""
    if text is None:
        return None
    try:
        obj = loads(text)
        if not isinstance(obj, dict) or obj.get("format") not in READABLE or not isinstance(obj.get("shards"), dict):
            return None
        return {str(k): int(v) for k, v in obj["shards"].items()}
    except (ValueError, TypeError):
        return None


def fold_delta(name: str, delta_keys: int) -> bool:
    """Whether a delta row of ``delta_keys`` keys is folded into its shard ``name`` (the shard read,
    updated and written whole, the delta deleted): once it holds half a shard's keys, so a shard is
    written whole at most once for every half-shard of changed keys."""
    return 2 * delta_keys >= PER_SHARD.get(name.partition("#")[0], DEFAULT_PER_SHARD)


def parse_shard(name: str, text: str) -> dict[str, Any]:
    """A stored shard's ``{key: value}``; :class:`StateError` when its text is not a JSON object."""
    try:
        obj = loads(text)
    except ValueError as e:
        raise StateError(f"plan state row {name!r} is damaged ({e})") from None
    if not isinstance(obj, dict):
        raise StateError(f"plan state row {name!r} is damaged (not a JSON object)")
    return obj


def pack_state(blocks: Iterable[dict[str, Any] | PackedState]) -> PackedState:
    """Pack a whole state given as blocks of keyed values, each block the keys of one prefix (the
    blocks are consumed one at a time, so only one prefix's values are unpacked at once). A block
    may come packed already (:func:`pack_state` of some prefixes, run by another process)."""
    out = PackedState()
    crc = zlib.crc32
    for block in blocks:
        if isinstance(block, PackedState):  # (blocks another process packed: their shards as they are)
            out.layout.update(block.layout)
            out.shards.update(block.shards)
            continue
        if not block:
            continue
        prefix = prefix_of(next(iter(block)))
        count = out.layout[prefix] = shard_count(prefix, len(block))
        if count == 1:
            out.shards[prefix + "#0"] = dumps(block)
            continue
        parts: list[dict[str, Any]] = [{} for _ in range(count)]
        for key, value in block.items():  # (shard_name's arithmetic, inline: a few hundred thousand keys)
            parts[crc(key.encode("utf-8", "surrogatepass")) % count][key] = value
        for i, part in enumerate(parts):
            if part:
                out.shards[f"{prefix}#{i}"] = dumps(part)
        block, parts = {}, []  # (let them go before the next block is built)
    return out


def group_keys(keys: Iterable[str], layout: Mapping[str, int]) -> dict[str, list[str]]:
    """``{row key: keys}`` of the ``keys`` whose prefix the layout has (the others have no value)."""
    out: dict[str, list[str]] = {}
    crc = zlib.crc32
    for key in keys:  # (prefix_of's and shard_name's arithmetic, inline: some ten thousand keys an ingest)
        head, sep, _rest = key.partition(":")
        prefix = head if sep else key
        count = layout.get(prefix)
        if count is None:
            continue
        name = prefix + "#0" if count <= 1 else f"{prefix}#{crc(key.encode('utf-8', 'surrogatepass')) % count}"
        out.setdefault(name, []).append(key)
    return out
