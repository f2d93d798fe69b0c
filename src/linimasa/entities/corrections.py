"""Nicknames, short forms and users' corrections: one id per real-world entity.

Two sources, one format (``docs/entities-config.md``):

- the shipped ``lang/<code>/aliases.toml`` of every language pack: a table per type (``[PER]``,
  ``[ORG]``, ``[LOC]``) of ``"Canonical Name" = ["alias", ...]`` lines ("Jokowi" is
  "Joko Widodo", "Kemenkeu" is "Kementerian Keuangan", "Man United" is "Manchester United");
- a user's correction file (``linimasa run/annotate --entities-config FILE``, or the
  ``LINIMASA_ENTITIES_CONFIG`` environment variable the option sets): the same tables, which
  win over the shipped ones, plus ``[block] words = [...]`` (never an entity) and
  ``[types] "Name" = "ORG"`` (force a type).

:func:`load_table` merges them once per process (per file path). The table is applied twice:
in each document by :func:`linimasa.entities.aliases.resolve` (mentions get the canonical
name, type and id) and again by the corpus entity stage on the ids documents carry, so a
corrections file takes effect on documents analysed before it changed without analysing them
again (see the doc for what does need a re-analysis).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from linimasa.entities.gazetteer import ALIAS_TYPES as TYPES
from linimasa.entities.gazetteer import fold, short_form, slug
from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml

ENV = "LINIMASA_ENTITIES_CONFIG"

# fold() of the names and surfaces the lookups below are asked about: every mention of every
# document goes through them (five to six folds a mention), and the same names recur from one
# document to the next (a memo of a pure function)
_fold = lru_cache(maxsize=1 << 16)(fold)


class ConfigError(ValueError):
    """A correction file that cannot be read or does not follow the documented format."""


@dataclass(frozen=True)
class AliasTable:
    """Lookups from surface forms to ``(type, canonical name)``, blocked words and forced types."""

    folded: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded alias or canonical -> target
    exact: dict[str, tuple[str, str]] = field(default_factory=dict)  # all-capital short forms, case-sensitive
    blocked: frozenset[str] = frozenset()  # folded words and names that are never entities
    types: dict[str, str] = field(default_factory=dict)  # folded canonical name -> forced type
    # football: a city alone is its club in an article with enough of the cue words
    club_places: dict[str, str] = field(default_factory=dict)  # folded city -> club's canonical name
    football_cues: tuple[str, ...] = ()
    source_cues: tuple[tuple[str, ...], ...] = ()  # "dilansir dari": a city after them is an outlet
    member_cues: frozenset[str] = frozenset()  # "pemain", "pelatih": a city right after them is its club
    # source_cues by their number of words (source_cued compares the words before a place with each length once)
    _sources_by_length: tuple[tuple[int, frozenset[tuple[str, ...]]], ...] = field(
        default=(), init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        lengths = sorted({len(c) for c in self.source_cues})
        index = tuple((n, frozenset(c for c in self.source_cues if len(c) == n)) for n in lengths)
        object.__setattr__(self, "_sources_by_length", index)  # (a frozen dataclass)

    def target(self, surface: str, name: str) -> tuple[str, str] | None:
        """``(type, canonical name)`` for a mention written ``surface`` and resolved to ``name``, or None.

        The resolved name is tried first; the surface only when the document did not link it to
        another name ("Trump" linked to "Ivanka Trump" in her article stays hers).
        """
        hit = self.exact.get(name) or self.folded.get(_fold(name))
        if hit is None and _fold(surface) == _fold(name):
            hit = self.exact.get(surface)
        if hit is None:
            return None
        forced = self.types.get(_fold(hit[1])) if self.types else None
        return (forced, hit[1]) if forced else hit

    def forced_type(self, name: str) -> str | None:
        return self.types.get(_fold(name)) if self.types else None

    def is_blocked(self, surface: str, name: str) -> bool:
        return bool(self.blocked) and (_fold(surface) in self.blocked or _fold(name) in self.blocked)

    def remap_id(self, entity_id: str, name: str, surface: str) -> tuple[str, str] | None:
        """The corrected ``(id, name)`` of a mention that carries ``entity_id``, or None when unchanged."""
        typ = entity_id.split(":", 1)[0]
        hit = self.target(surface, name)
        if hit is None:
            forced = self.forced_type(name)
            if forced is None or forced == typ:
                return None
            hit = (forced, name)
        new = f"{hit[0]}:{slug(hit[1])}"
        if new == entity_id and hit[1] == name:
            return None
        return new, hit[1]

    @property
    def empty(self) -> bool:
        return not (self.folded or self.exact or self.blocked or self.types)

    def source_cued(self, text: str, start: int) -> bool:
        """Do words citing a source ("dilansir dari") come right before ``start``?"""
        before = fold(text[max(0, start - 30) : start]).split()
        size = len(before)
        for n, cues in self._sources_by_length:
            if n > size:
                break
            if tuple(before[size - n :]) in cues:
                return True
        return False

    def member_cued(self, text: str, start: int) -> bool:
        """Is the word right before ``start`` a team-member word ("pemain Barcelona": the club's player)?"""
        before = fold(text[max(0, start - 20) : start]).split()
        return bool(before) and before[-1] in self.member_cues

    def football(self, text: str) -> bool:
        """Is ``text`` about football (three or more distinct cue words)?"""
        low = " " + " ".join(fold(text).replace(",", " ").replace(".", " ").split()) + " "
        return sum(1 for c in self.football_cues if f" {c} " in low) >= 3


def _add_tables(
    data: dict[str, Any], where: str, folded: dict[str, tuple[str, str]], exact: dict[str, tuple[str, str]]
) -> None:
    for typ in TYPES:
        table = data.get(typ, {})
        if not isinstance(table, dict):
            raise ConfigError(f'{where}: [{typ}] must be a table of "Name" = [aliases]')
        for canonical, aliases in table.items():
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise ConfigError(f"{where}: [{typ}] {canonical!r} must be a list of strings")
            target = (typ, canonical)
            folded[fold(canonical)] = target
            for a in aliases:
                if short_form(a):
                    exact[a] = target
                else:
                    folded[fold(a)] = target


def read_config(path: str | Path) -> dict[str, Any]:
    """A user's correction file, checked against the documented format."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
    unknown = set(data) - {*TYPES, "block", "types"}
    if unknown:
        raise ConfigError(f"{p}: unknown tables {sorted(unknown)} (expected PER, ORG, LOC, block, types)")
    block = data.get("block", {})
    if not isinstance(block, dict) or not all(isinstance(w, str) for w in block.get("words", [])):
        raise ConfigError(f'{p}: [block] must hold words = ["word", ...]')
    types = data.get("types", {})
    if not isinstance(types, dict) or any(t not in TYPES for t in types.values()):
        raise ConfigError(f"{p}: [types] values must be one of {', '.join(TYPES)}")
    return data


@lru_cache(maxsize=8)
def _table(config: str | None) -> AliasTable:
    folded: dict[str, tuple[str, str]] = {}
    exact: dict[str, tuple[str, str]] = {}
    blocked: set[str] = set()
    types: dict[str, str] = {}
    clubs: dict[str, str] = {}
    cues: list[str] = []
    sources: list[tuple[str, ...]] = []
    members: set[str] = set()
    for lang in SUPPORTED_LANGUAGES:
        data = load_toml(lang, "aliases")
        _add_tables(data, f"lang/{lang}/aliases.toml", folded, exact)
        blocked.update(fold(w) for w in data.get("block", {}).get("words", []))
        football = data.get("football", {})
        clubs.update({fold(k): v for k, v in football.get("clubs", {}).items()})
        cues.extend(fold(w) for w in football.get("cues", []))
        members.update(fold(w) for w in football.get("member_cues", []))
        sources.extend(tuple(fold(w).split()) for w in data.get("sources", {}).get("cues", []))
    if config:
        data = read_config(config)
        _add_tables(data, config, folded, exact)
        blocked.update(fold(w) for w in data.get("block", {}).get("words", []))
        types = {fold(k): v for k, v in data.get("types", {}).items()}
        # a user's alias or type for a blocked word unblocks it
        blocked -= {k for k in types} | set(folded)
    return AliasTable(
        folded,
        exact,
        frozenset(blocked),
        types,
        clubs,
        tuple(dict.fromkeys(cues)),
        tuple(dict.fromkeys(sources)),
        frozenset(members),
    )


def config_path() -> str | None:
    """The user's correction file in effect (``--entities-config`` sets ``LINIMASA_ENTITIES_CONFIG``)."""
    value = os.environ.get(ENV, "").strip()
    return str(Path(value).resolve()) if value else None


def load_table() -> AliasTable:
    """The shipped aliases merged with the user's correction file in effect (cached per file)."""
    return _table(config_path())


__all__ = ["ENV", "AliasTable", "ConfigError", "config_path", "load_table", "read_config"]
