"""Temporal word tables of one language: CLDR names through Babel plus ``lang/<code>/time.toml``.

Month and weekday names (wide and abbreviated, format and stand-alone) come from CLDR via
Babel so every language pack starts from the standard names; the TOML file adds what news
writers actually type ("Agt", "Nop", "Sept", "Jum'at"), relative words, modifiers, units and
cue words. Everything is lower-cased for lookup; the grammar matches case-insensitively and
the interpreter checks capitalisation where it matters ("Minggu" vs "minggu").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from babel import Locale

from linimasa.lang.packs import load_toml, resource_language

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _lower_keys(table: dict[str, Any] | None) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in (table or {}).items()}


def _lower_list(items: list[str] | None) -> tuple[str, ...]:
    return tuple(str(x).lower() for x in (items or []))


@dataclass(frozen=True)
class Lexicon:
    """Read-only word tables for one language (built once per process, see :func:`lexicon`)."""

    lang: str
    months: dict[str, int]
    months_bare: dict[str, int]
    weekdays: dict[str, int]
    weekday_nouns: dict[str, str]
    weekday_cues: tuple[str, ...]
    weekday_lead: tuple[str, ...]
    number_words: dict[str, int]
    number_teen: str
    number_multipliers: dict[str, int]
    number_vague: tuple[str, ...]
    units: dict[str, str]
    unit_one: dict[str, str]
    unit_many: dict[str, str]
    suffix_dirs: dict[str, tuple[int, str]]
    prefix_dirs: dict[str, tuple[int, str]]
    mods: dict[str, str]
    approx: dict[str, str]
    parts: dict[str, str]
    time_prefix: tuple[str, ...]
    time_zones: tuple[str, ...]
    ampm: dict[str, str]
    pm_parts: tuple[str, ...]
    relative_days: dict[str, tuple[int, str]]
    anaphora: dict[str, tuple[int, str]]
    references: dict[str, str]
    set_every: tuple[str, ...]
    set_per: tuple[str, ...]
    cues: dict[str, Any]
    set_words: dict[str, str] = field(default_factory=dict)
    seasons: dict[str, str] = field(default_factory=dict)
    quarter_words: dict[str, str] = field(default_factory=dict)
    quarter_numbers: dict[str, int] = field(default_factory=dict)
    numeric_order: str = "dmy"
    news_day_cutoff_hour: int = 6
    timestamp_labels: tuple[str, ...] = ()
    lead_chars: int = 700
    extra: dict[str, Any] = field(default_factory=dict)
    # cue lists already lower-cased, filled on first use (the interpreter asks for the same
    # few lists at every mention)
    _cue_lists: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def cue_list(self, name: str) -> tuple[str, ...]:
        found = self._cue_lists.get(name)
        if found is None:
            found = self._cue_lists[name] = _lower_list(self.cues.get(name))
        return found


def _cldr_names(locale_code: str) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """(all month forms, wide month forms, weekday forms) from CLDR, lower-cased."""
    loc = Locale.parse(locale_code)
    months: dict[str, int] = {}
    wide: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for ctx in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for num, name in loc.months[ctx][width].items():
                name = name.lower().rstrip(".")
                months[name] = num
                if width == "wide":
                    wide[name] = num
        for num, name in loc.days[ctx]["wide"].items():
            weekdays[name.lower()] = num
    return months, wide, weekdays


@cache
def lexicon(lang: str) -> Lexicon:
    """The word tables of ``lang`` (falls back to the default pack for unknown languages)."""
    code = resource_language(lang)
    data = load_toml(code, "time")
    months, wide, weekdays = _cldr_names(data.get("babel_locale", code))
    months.update({k: int(v) for k, v in _lower_keys(data.get("months")).items()})
    wide.update({k: int(v) for k, v in _lower_keys(data.get("months_bare_extra")).items()})
    weekdays.update({k: int(v) for k, v in _lower_keys(data.get("weekdays")).items()})
    noun = data.get("weekday_noun", {})
    numbers = data.get("numbers", {})
    time_cfg = data.get("time", {})
    return Lexicon(
        lang=code,
        months=months,
        months_bare=wide,
        weekdays=weekdays,
        weekday_nouns=_lower_keys(noun.get("words")),
        weekday_cues=_lower_list(noun.get("cues")),
        weekday_lead=_lower_list(noun.get("lead")),
        number_words={k: int(v) for k, v in _lower_keys(numbers.get("words")).items()},
        number_teen=str(numbers.get("teen", "")).lower(),
        number_multipliers={k: int(v) for k, v in _lower_keys(numbers.get("multipliers")).items()},
        number_vague=_lower_list(numbers.get("vague")),
        units=_lower_keys(data.get("units")),
        unit_one=_lower_keys(data.get("unit_one")),
        unit_many=_lower_keys(data.get("unit_many")),
        suffix_dirs={k: (int(v[0]), str(v[1])) for k, v in _lower_keys(data.get("suffix_directions")).items()},
        prefix_dirs={k: (int(v[0]), str(v[1])) for k, v in _lower_keys(data.get("prefix_directions")).items()},
        mods=_lower_keys(data.get("mods")),
        approx=_lower_keys(data.get("approx")),
        parts=_lower_keys(data.get("parts")),
        time_prefix=_lower_list(time_cfg.get("prefix")),
        time_zones=tuple(time_cfg.get("zones", [])),
        ampm=_lower_keys(time_cfg.get("ampm")),
        pm_parts=_lower_list(time_cfg.get("pm_parts")),
        relative_days={k: (int(v[0]), str(v[1])) for k, v in _lower_keys(data.get("relative_days")).items()},
        anaphora={k: (int(v[0]), str(v[1])) for k, v in _lower_keys(data.get("anaphora")).items()},
        references=_lower_keys(data.get("references")),
        set_every=_lower_list(data.get("sets", {}).get("every")),
        set_per=_lower_list(data.get("sets", {}).get("per")),
        cues=data.get("cues", {}),
        set_words=_lower_keys(data.get("sets", {}).get("words")),
        seasons=_lower_keys(data.get("seasons")),
        quarter_words=_lower_keys(data.get("quarters", {}).get("words")),
        quarter_numbers={k: int(v) for k, v in _lower_keys(data.get("quarters", {}).get("numbers")).items()},
        numeric_order=str(data.get("numeric_order", "dmy")),
        news_day_cutoff_hour=int(data.get("news_day_cutoff_hour", 6)),
        timestamp_labels=_lower_list(data.get("timestamp_labels")),
        lead_chars=int(data.get("lead", {}).get("chars", 700)),
    )


def parse_number(words: str, lex: Lexicon) -> int | float | None:
    """A count written in digits or words ("50", "1,5", "dua puluh lima", "twenty-one").

    Returns None for vague counts ("beberapa", "several"), which become X in values.
    """
    w = words.strip().lower()
    if not w:
        return None
    if w[0].isdigit():
        # "2.197" is 2197 where "." groups thousands ("decimal_comma"), "2,197" elsewhere
        group, point = (".", ",") if lex.cues.get("decimal_comma", True) else (",", ".")
        if group in w and _GROUPED.fullmatch(w.replace(group, ".")):
            return int(w.replace(group, ""))
        num = w.replace(point, ".")
        try:
            return float(num) if "." in num else int(num)
        except ValueError:
            return None
    if w in lex.number_vague:
        return None
    total: int | float = 0
    current: int | float = 0
    seen = False
    half = lex.cue_list("number_half")
    for tok in w.replace("-", " ").split():
        if tok in half:
            current += 0.5  # "satu setengah jam" = 1.5 hours, "setengah abad" = half a century
            seen = True
        elif tok in lex.number_words:
            current += lex.number_words[tok]
            seen = True
        elif tok == lex.number_teen:
            current = (current or 1) + 10
            seen = True
        elif tok in lex.number_multipliers:
            mult = lex.number_multipliers[tok]
            if mult >= 1000:
                total += (current or 1) * mult
                current = 0
            else:
                current = (current or 1) * mult
            seen = True
        elif tok in lex.number_vague:
            return None
    return total + current if seen else None
