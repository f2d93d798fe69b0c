"""Language packs: the data files under ``linimasa/lang/<code>/``.

Language knowledge (boilerplate patterns, month names, reporting verbs, titles...) lives in
TOML/TSV files, not in code: adding a language is adding a folder, and the supported
languages are the folders present (:func:`languages`; ``docs/languages.md``). Files are read
once per process and cached, so stages stay cheap to call from a process pool or a Spark task.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "id"
# Folders of lang/ that are not a language: shared data, Python caches.
_NOT_LANGUAGES = frozenset({"common", "__pycache__"})


def _root() -> Path:
    return Path(str(importlib_resources.files("linimasa") / "lang"))


def languages() -> tuple[str, ...]:
    """The supported languages: every folder of ``lang/`` holding a pack (a ``.toml`` file), the
    default language first, then the others in alphabetical order. Packs that merge the rules
    of every language (the gazetteer, boilerplate for an unknown language) merge them in this order."""
    found = sorted(
        d.name
        for d in _root().iterdir()
        if d.is_dir() and d.name not in _NOT_LANGUAGES and any(d.glob("*.toml"))
    )
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LANGUAGE))


SUPPORTED_LANGUAGES: tuple[str, ...] = languages()
# The languages whose entity knowledge (their pack's entities.toml, aliases, given names, and
# CLDR's territory, month and weekday names) the entity rules merge for every document: a pack
# opts in by shipping entities.toml, so that a minimal pack (lang/ms) does not change the
# entities found in the other languages' documents (its own month and weekday names are kept
# out of its own documents' entities by the entity stage).
ENTITY_LANGUAGES: tuple[str, ...] = tuple(
    lang for lang in SUPPORTED_LANGUAGES if (_root() / lang / "entities.toml").exists()
)


# Undetermined ("und": too little text) or not said: the default pack, as for any short text.
_DEFAULT_PACK_FOR = (None, "und")
NO_PACK_WARNING = "no language pack for '{lang}': no entities or quotes"


def has_language_pack(lang: str | None) -> bool:
    """Whether entity and quote rules exist for ``lang`` (a folder under ``lang/``). A document in
    another language (French, Thai) gets no entities or quotes rather than the Indonesian rules'
    ("Nous", "Isnin" as persons); one whose language is unknown gets the default pack."""
    return lang in SUPPORTED_LANGUAGES or lang in _DEFAULT_PACK_FOR


def no_pack_warning(lang: str | None) -> str:
    """The document warning of a document whose language has no pack (counted by ``RunSummary``)."""
    return NO_PACK_WARNING.format(lang=lang)


def no_pack_language(warning: str) -> str | None:
    """The language named by a :func:`no_pack_warning`, else None."""
    head, tail = NO_PACK_WARNING.split("{lang}")
    if warning.startswith(head) and warning.endswith(tail) and len(warning) > len(head) + len(tail):
        return warning[len(head) : len(warning) - len(tail)]
    return None


@cache
def ships(lang: str | None, filename: str) -> bool:
    """Whether the pack of ``lang`` itself (not the default pack standing in for it) ships
    ``filename``: a language opts into a behaviour by shipping its file (the entity tagger's
    weights, ``ner_crf.tsv.gz``)."""
    return lang in SUPPORTED_LANGUAGES and (_root() / str(lang) / filename).exists()


def lang_dir(lang: str) -> Path:
    """The folder holding the resource files of ``lang``."""
    return _root() / lang


def resource_language(lang: str | None) -> str:
    """The resource pack to use for ``lang``: itself when shipped, else the default."""
    return lang if lang in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


@cache
def load_toml(lang: str, name: str) -> dict[str, Any]:
    """``lang/<lang>/<name>.toml`` as a dict; an empty dict when the pack lacks that file."""
    path = lang_dir(lang) / f"{name}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_lines(lang: str, name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of ``lang/<lang>/<name>.txt``."""
    path = lang_dir(lang) / f"{name}.txt"
    if not path.exists():
        return ()
    lines = (ln.strip() for ln in path.read_text(encoding="utf-8").splitlines())
    return tuple(ln for ln in lines if ln and not ln.startswith("#"))
