"""From grammar matches to what they mean: :class:`Spec`, a value not yet anchored.

A spec says "Thursday 25 April, year unknown", "one week after the anchor", "a duration
of six years". Deciding *which* Thursday 25 April needs the anchor and is done later
(:mod:`linimasa.time.resolve`); this module only reads the words, including the two
context decisions that belong to reading rather than resolving:

* "Minggu" is Sunday or week. It is the weekday after a weekday cue ("pada Minggu",
  "hari minggu", "Jakarta, Minggu"), when capitalised inside a sentence, or when a part of
  the day follows ("Minggu malam"); it is the week when written in lower case or when it
  opens a sentence followed by a direction word ("Minggu lalu, ..."), and always after a
  count ("dua minggu").
* The tense of the clause ("akan", "telah", "will", "was") is recorded so a year-less date
  or a bare weekday can be placed before or after the anchor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from linimasa.time.grammar import Mention, scan
from linimasa.time.lexicon import Lexicon, lexicon, parse_number


@dataclass(slots=True)
class Spec:
    """The meaning of one temporal expression, before anchoring."""

    start: int
    end: int
    text: str
    kind: str  # date | range | weekday | rel | weekend | time | duration | set | ref | decade | season
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    year2: int | None = None
    month2: int | None = None
    day2: int | None = None
    unit: str | None = None
    amount: float | int | None = 1
    direction: int | None = None
    rel_to: str = "anchor"
    year_offset: int | None = None
    mod: str | None = None
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    value: str | None = None
    tense: int | None = None
    explicit_year: bool = False
    lookback: bool = False
    year_written: int | None = None  # the year as written when a weekday showed it is a typo


def typo_year(y: int, m: int, d: int, wd: int) -> int | None:
    """The year meant when weekday ``wd`` contradicts ``d/m/y`` but fits exactly one year that
    differs from ``y`` in one digit or by two adjacent digits swapped ("Selasa (13/12/2106)":
    13/12/2016 is a Tuesday); else None. Only years 1900-2100 are considered."""
    try:
        if dt.date(y, m, d).weekday() == wd:
            return None
    except ValueError:
        pass
    written = f"{y:04d}"
    alts = {written[:i] + c + written[i + 1 :] for i in range(4) for c in "0123456789"}
    alts |= {written[:i] + written[i + 1] + written[i] + written[i + 2 :] for i in range(3)}
    fits = []
    for a in sorted(alts):
        alt = int(a)
        if alt == y or not 1900 <= alt <= 2100:
            continue
        try:
            if dt.date(alt, m, d).weekday() == wd:
                fits.append(alt)
        except ValueError:
            continue
    return fits[0] if len(fits) == 1 else None  # several fit: the date stays as written


_YEAR_AFTER = re.compile(r"\s+(?:1[89]|20)\d\d(?!\d)")
# Greedy: one match runs to the last sentence end of the window.
_TO_LAST_SENT_END = re.compile(r".*[.!?\n]", re.DOTALL)


@cache
def _cue_regex(lang: str, name: str) -> re.Pattern[str] | None:
    words = lexicon(lang).cue_list(name)
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)


def clause_tense(text: str, start: int, lang: str) -> int | None:
    """-1 (past), +1 (future) or None from the nearest tense word before ``start`` in its sentence."""
    lo = max(0, start - 160)
    window = text[lo:start]
    last = _TO_LAST_SENT_END.match(window)
    if last is not None:
        window = window[last.end() :]
    best_pos, best = -1, None
    for sign, name in ((1, "future"), (-1, "past")):
        rx = _cue_regex(lang, name)
        if rx is None:
            continue
        for m in rx.finditer(window):
            if m.start() > best_pos:
                best_pos, best = m.start(), sign
    return best


def prev_token(text: str, pos: int) -> str:
    """The word (or punctuation mark) just before ``pos``, lower-cased."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0:
        return ""
    if not text[i - 1].isalnum():
        return text[i - 1]
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "-'’"):
        j -= 1
    return text[j:i].lower()


def _sentence_initial(text: str, pos: int) -> bool:
    i = pos
    while i > 0 and text[i - 1] in " \t\"'“‘([":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:"


def is_noun_reading(
    text: str, start: int, word: str, lex: Lexicon, *, followed_by_dir: bool, followed_by_part: bool
) -> bool:
    """True when a weekday name that is also a noun ("Minggu") means the noun (week) here."""
    if word.lower() not in lex.weekday_nouns:
        return False
    if prev_token(text, start) in lex.weekday_cues:
        return False
    if followed_by_part:
        return False
    if word[:1].islower():
        return True
    if _sentence_initial(text, start):
        return followed_by_dir
    return False


def _dir(lex: Lexicon, g: dict[str, str]) -> tuple[int | None, str]:
    word = g.get("sdir") or g.get("pdir")
    if not word:
        return None, "anchor"
    table = lex.suffix_dirs if g.get("sdir") else lex.prefix_dirs
    sign, rel_to = table.get(" ".join(word.lower().split()), (None, "anchor"))
    return sign, rel_to


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _year(s: str) -> int:
    y = int(s)
    if len(s) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _month(lex: Lexicon, s: str) -> int | None:
    return lex.months.get(s.lower().rstrip("."))


def _valid_dm(d: int, m: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= (29 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)


def _duration_value(amount: float | int | None, unit: str) -> str:
    scale = {"DE": (10, "Y"), "CE": (100, "Y"), "WINDU": (8, "Y"), "2W": (2, "W")}
    if unit in scale:
        k, unit = scale[unit]
        amount = None if amount is None else amount * k
    n = "X" if amount is None else (f"{amount:g}" if isinstance(amount, float) else str(amount))
    if unit in ("H", "MIN", "S"):
        return f"PT{n}{'M' if unit == 'MIN' else unit}"
    return f"P{n}{unit}"


class Interpreter:
    """Turns one :class:`Mention` into a :class:`Spec` (or rejects it) for one text."""

    def __init__(self, text: str, lang: str):
        self.text = text
        self.lang = lang
        self.lex = lexicon(lang)
        self.last_end = -100

    def __call__(self, mt: Mention) -> Spec | None:
        handler = getattr(self, "_" + mt.rule)
        spec = handler(mt, mt.groups)
        if spec is not None:
            spec.text = self.text[spec.start : spec.end]
            self.last_end = spec.end
        return spec

    def _cued(self, start: int) -> bool:
        """Whether a bare month or year at ``start`` is introduced as a date."""
        prev = prev_token(self.text, start)
        if prev in self.lex.cue_list("bare"):
            return True
        return prev in self.lex.cue_list("bare_weak") and start - self.last_end <= 12

    def _new(self, mt: Mention, kind: str, **kw) -> Spec:
        return Spec(start=mt.start, end=mt.end, text="", kind=kind, **kw)

    def _in_name(self, start: int) -> bool:
        """Whether a capitalised word right before ``start`` makes it part of a name ("Pasar Minggu")."""
        prev = prev_token(self.text, start)
        if not prev or not prev[0].isalpha() or prev in self.lex.weekday_cues:
            return False
        i = start
        while i > 0 and self.text[i - 1] in " \t":
            i -= 1
        word = self.text[i - len(prev) : i]
        return word[:1].isupper() and not _sentence_initial(self.text, i - len(prev))

    def _cap(self, mt: Mention, group: str) -> bool:
        pos = mt.starts.get(group)
        return pos is not None and self.text[pos].isupper()

    def _tense(self, mt: Mention) -> int | None:
        return clause_tense(self.text, mt.start, self.lang)

    # -- dates ---------------------------------------------------------------------------
    def _numeric(self, mt: Mention, g: dict[str, str], day_first: bool) -> Spec | None:
        a, b = int(g["a"]), int(g["b"])
        d, m = (a, b) if day_first else (b, a)
        if not _valid_dm(d, m):
            d, m = m, d
            if not _valid_dm(d, m):
                return None
        wd = self.lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None
        y = _year(g["y"]) if g.get("y") else None
        written = None
        if y is not None and wd is not None and (fixed := typo_year(y, m, d, wd)) is not None:
            y, written = fixed, y
        spec = self._new(
            mt, "date", year=y, month=m, day=d, weekday=wd, explicit_year=y is not None, year_written=written
        )
        if y is None:
            spec.tense = self._tense(mt)
        return spec

    def _wd_num(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        return self._numeric(mt, g, self.lex.numeric_order == "dmy")

    def _num_date(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        return self._numeric(mt, g, self.lex.numeric_order == "dmy")

    def _iso(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        d, m, y = int(g["a"]), int(g["b"]), int(g["y"])
        if not _valid_dm(d, m):
            return None
        if g.get("hh"):
            return self._new(
                mt, "time", year=y, month=m, day=d, hour=int(g["hh"]), minute=int(g["mi"]), explicit_year=True
            )
        return self._new(mt, "date", year=y, month=m, day=d, explicit_year=True)

    def _date(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        m = _month(self.lex, g["m"])
        d = int(g["d"])
        if m is None or not _valid_dm(d, m):
            return None
        wd = self.lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None
        y = int(g["y"]) if g.get("y") else None
        written = None
        if y is not None and wd is not None and (fixed := typo_year(y, m, d, wd)) is not None:
            y, written = fixed, y
        direction, _ = _dir(self.lex, g)
        spec = self._new(
            mt,
            "date",
            year=y,
            month=m,
            day=d,
            weekday=wd,
            direction=direction,
            explicit_year=y is not None,
            year_written=written,
        )
        if y is None and direction is None:
            spec.tense = self._tense(mt)
        return spec

    def _date_md(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if not g.get("y") and self.lex.cues.get("month_day_needs_year"):
            return None
        if not self._cap(mt, "m"):
            return None
        return self._date(mt, g)

    def _range(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        m = _month(self.lex, g["m"])
        m2 = _month(self.lex, g["m2"]) if g.get("m2") else m
        d, d2 = int(g["d"]), int(g["d2"])
        if m is None or m2 is None or not (_valid_dm(d, m) and _valid_dm(d2, m2)):
            return None
        if m2 == m and d2 <= d:
            return None
        wd = self.lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None
        y = int(g["y"]) if g.get("y") else None
        spec = self._new(
            mt, "range", year=y, month=m, day=d, weekday=wd, month2=m2, day2=d2, explicit_year=y is not None
        )
        if y is None:
            spec.tense = self._tense(mt)
        return spec

    def _month(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        m = _month(self.lex, g["m"])
        if m is None or not self._cap(mt, "m"):
            return None
        y = int(g["y"]) if g.get("y") else None
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        direction, _ = _dir(self.lex, g)
        year_offset = None
        if g.get("ydir"):
            year_offset = self.lex.suffix_dirs.get(_norm(g["ydir"]), (None, ""))[0]
            if year_offset is None:
                return None
        bare = y is None and mod is None and direction is None and year_offset is None and mt.start == mt.starts["m"]
        if bare and not self._cued(mt.start):
            return None
        spec = self._new(
            mt,
            "date",
            year=y,
            month=m,
            mod=mod,
            direction=direction,
            year_offset=year_offset,
            explicit_year=y is not None,
        )
        if y is None and direction is None and year_offset is None:
            spec.tense = self._tense(mt)
        return spec

    def _year(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        y = int(g["y"])
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        direction, _ = _dir(self.lex, g)
        if not g.get("yw") and mod is None and direction is None:
            if not self._cued(mt.start):
                return None
        return self._new(mt, "date", year=y, mod=mod, explicit_year=True)

    def _decade(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if g.get("dec2"):
            # "tahun 60-an": a two-digit decade is of the 1900s (TimeML value "196")
            return self._new(mt, "decade", value="19" + g["dec2"], explicit_year=False)
        return self._new(mt, "decade", value=g["dec"], explicit_year=True)

    def _quarter(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        letter = self.lex.quarter_words[_norm(g["qw"])]
        n = self.lex.quarter_numbers[_norm(g["qn"])]
        if letter == "H" and n > 2:
            return None
        y = int(g["y"]) if g.get("y") else None
        direction, _ = _dir(self.lex, g)
        if direction not in (None, 0):
            return None  # "kuartal III lalu": not handled
        return self._new(mt, "season", year=y, value=f"{letter}{n}", explicit_year=y is not None, direction=0)

    def _season(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        code = self.lex.seasons[_norm(g["season"])]
        y = int(g["y"]) if g.get("y") else None
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        direction, _ = _dir(self.lex, g)
        spec = self._new(mt, "season", year=y, mod=mod, direction=direction, value=code, explicit_year=y is not None)
        if y is None and direction is None:
            spec.tense = self._tense(mt)
        return spec

    # -- weekdays, weeks and relative units -----------------------------------------------
    def _weekday_spec(self, mt: Mention, wd: int, direction: int | None, part: str | None) -> Spec:
        spec = self._new(mt, "weekday", weekday=wd, direction=direction, part=part)
        if direction is None:
            spec.tense = self._tense(mt)
        return spec

    def _weekday(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = g["wd"]
        direction, _ = _dir(self.lex, g)
        part = self.lex.parts.get(_norm(g["part"])) if g.get("part") else None
        if not g.get("lead") and is_noun_reading(
            self.text,
            mt.starts["wd"],
            word,
            self.lex,
            followed_by_dir=direction is not None,
            followed_by_part=part is not None,
        ):
            return None
        if not g.get("lead") and direction is None and part is None and self._in_name(mt.start):
            return None
        return self._weekday_spec(mt, self.lex.weekdays[word.lower()], direction, part)

    def _rel_unit(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = g["unit"]
        unit = self.lex.units[word.lower()]
        sign, rel_to = _dir(self.lex, g)
        if sign is None:
            return None
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        if word.lower() in self.lex.weekday_nouns and mod is None and word.lower() in self.lex.weekdays:
            if not is_noun_reading(
                self.text, mt.starts["unit"], word, self.lex, followed_by_dir=True, followed_by_part=False
            ):
                return self._weekday_spec(mt, self.lex.weekdays[word.lower()], sign, None)
        return self._new(mt, "rel", unit=unit, amount=abs(sign), direction=sign, rel_to=rel_to, mod=mod)

    def _mod_unit(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        """ "akhir tahun", "awal bulan": the part of the current year or month."""
        unit = self.lex.units[g["unit"].lower()]
        if unit not in ("Y", "M"):
            return None
        mod = self.lex.mods.get(_norm(g["mod"]))
        return self._new(mt, "rel", unit=unit, amount=0, direction=0, mod=mod)

    def _weekend(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        sign, _ = _dir(self.lex, g)
        return self._new(mt, "weekend", direction=0 if sign is None else sign)

    def _quantity(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if g.get("one"):
            unit = self.lex.unit_one[g["one"].lower()]
            amount: float | int | None = 1
        else:
            unit = self.lex.units[g["unit"].lower()]
            amount = parse_number(g["num"], self.lex)
            if amount is None and _norm(g["num"]) not in self.lex.number_vague:
                return None
        approx = self.lex.approx.get(_norm(g["approx"])) if g.get("approx") else None
        if not g.get("sdir") and unit == "Y" and _YEAR_AFTER.match(self.text, mt.end):
            return None  # "Nomor 119 tahun 2016": the year, not 119 years
        if g.get("sdir") and _norm(g["sdir"]) in self.lex.cue_list("span_forward") and amount is not None:
            # "tiga hari ke depan": a duration from now; the resolver keeps its interval
            return self._new(
                mt, "duration", unit=unit, amount=amount, value=_duration_value(amount, unit), mod=approx, direction=1
            )
        if g.get("sdir") and self.lex.suffix_dirs.get(_norm(g["sdir"]), (None, ""))[0] == 0:
            # "33 tahun ini" (an age), "tiga tahun ini": the duration; "ini" stays outside
            if amount is None or (isinstance(amount, (int, float)) and amount >= 1000):
                return None
            spec = self._new(mt, "duration", unit=unit, amount=amount, value=_duration_value(amount, unit), mod=approx)
            spec.end = mt.starts["sdir"]
            while spec.end > spec.start and self.text[spec.end - 1].isspace():
                spec.end -= 1
            return spec
        if g.get("sdir") or g.get("futin"):
            if g.get("sdir"):
                sign, rel_to = _dir(self.lex, g)
            else:
                sign, rel_to = 1, "anchor"
            if sign is None:
                return None
            if amount is None:
                ref = {-1: "PAST_REF", 1: "FUTURE_REF"}.get(sign, "PRESENT_REF")
                return self._new(mt, "ref", value=ref)
            return self._new(mt, "rel", unit=unit, amount=amount, direction=sign, rel_to=rel_to, mod=approx)
        if isinstance(amount, (int, float)) and amount >= 1000 and unit not in ("D", "H", "MIN", "S"):
            return None
        lookback = bool(g.get("lbs") or g.get("lbp"))
        return self._new(
            mt, "duration", unit=unit, amount=amount, value=_duration_value(amount, unit), mod=approx, lookback=lookback
        )

    def _many(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        unit = self.lex.unit_many[_norm(g["many"])]
        return self._new(mt, "duration", unit=unit, amount=None, value=_duration_value(None, unit))

    # -- fixed phrases ---------------------------------------------------------------------
    def _rel_day(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        offset, part = self.lex.relative_days[_norm(g["rel"])]
        return self._new(
            mt, "rel", unit="D", amount=abs(offset), direction=(offset > 0) - (offset < 0), part=part or None
        )

    def _ana(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        offset, unit = self.lex.anaphora[_norm(g["ana"])]
        part = None
        if unit.startswith("D") and len(unit) > 1:
            unit, part = "D", unit[1:]
        return self._new(
            mt, "rel", unit=unit, amount=abs(offset), direction=(offset > 0) - (offset < 0), rel_to="ref", part=part
        )

    def _ref(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = _norm(g["ref"])
        if word in self.lex.cue_list("ref_guarded"):
            # "Dulu, ..." (formerly) but not "urus SBML dulu" (first)
            if not _sentence_initial(self.text, mt.start) and prev_token(self.text, mt.start) not in self.lex.cue_list(
                "ref_after"
            ):
                return None
        return self._new(mt, "ref", value=self.lex.references[word])

    def _set_word(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if not g["sw"][:1].islower():
            return None
        return self._new(mt, "set", value=self.lex.set_words[_norm(g["sw"])])

    # -- clock times ---------------------------------------------------------------------
    def _time(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        h = int(g["hh"])
        mi = int(g["mi"]) if g.get("mi") else 0
        ampm = self.lex.ampm.get(_norm(g["ampm"])) if g.get("ampm") else None
        part_word = _norm(g["part"]) if g.get("part") else None
        if g.get("pfx") and not g.get("mi") and not ampm and not part_word and not g.get("tz"):
            if _norm(g["pfx"]) in self.lex.cue_list("weak_time_prefix"):
                return None
        if ampm:
            if not 1 <= h <= 12:
                return None
            h = (h % 12) + (12 if ampm == "PM" else 0)
        elif part_word in self.lex.pm_parts and h < 12:
            h += 12
        if h > 24 or mi > 59:
            return None
        return self._new(mt, "time", hour=h % 24, minute=mi)

    # -- sets ----------------------------------------------------------------------------
    def _set_wd(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = g["wd"]
        part = self.lex.parts.get(_norm(g["part"])) if g.get("part") else None
        lead = mt.starts["wd"] > mt.starts["every"] + len(g["every"]) + 1
        if not lead and is_noun_reading(
            self.text, mt.starts["wd"], word, self.lex, followed_by_dir=False, followed_by_part=part is not None
        ):
            return None
        wd = self.lex.weekdays[word.lower()]
        value = f"XXXX-WXX-{wd + 1}" + (f"T{part}" if part else "")
        return self._new(mt, "set", value=value)

    def _set_dm(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        d = int(g["d"])
        if g.get("m"):
            m = _month(self.lex, g["m"])
            if m is None or not _valid_dm(d, m):
                return None
            return self._new(mt, "set", value=f"XXXX-{m:02d}-{d:02d}")
        if not self.lex.cue_list("date_lead") or mt.starts["d"] == mt.starts["every"] + len(g["every"]) + 1:
            return None
        return self._new(mt, "set", value=f"XXXX-XX-{d:02d}")

    def _set_season(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        return self._new(mt, "set", value="XXXX-" + self.lex.seasons[_norm(g["season"])])

    def _set_unit(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = g["unit"]
        unit = self.lex.units[word.lower()]
        amount = parse_number(g["num"], self.lex) if g.get("num") else 1
        if amount is None:
            return None
        return self._new(mt, "set", value=_duration_value(amount, unit))


def interpret(text: str, lang: str) -> list[Spec]:
    """Every temporal expression in ``text`` with its meaning, sorted and non-overlapping."""
    lex = lexicon(lang)
    return merge(text, scan(text, lang, Interpreter(text, lang)), lex)


# -- one expression out of several matches (TIMEX3 extents) ------------------------------
_BRACKET_DATE = re.compile(r"\s*,?\s*\(\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?\s*\)")
_UNIT_ORDER = {"CE": 0, "DE": 1, "WINDU": 1, "Y": 2, "M": 3, "W": 4, "D": 5, "H": 6, "MIN": 7, "S": 8}


@cache
def _part_after(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lex.parts, key=len, reverse=True))
    return re.compile(rf"\s+({alt})(?!\w)", re.IGNORECASE)


@cache
def _join_gap(lang: str) -> re.Pattern[str]:
    words = lexicon(lang).cue_list("time_join")
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"[\s,]*(?:(?:{alt})[\s,]+)?", re.IGNORECASE)


def _day_like(s: Spec) -> bool:
    """An expression naming one day (a date, a weekday, "kemarin", "hari itu")."""
    if s.kind in ("date", "weekday"):
        return s.kind == "weekday" or (s.day is not None and s.month is not None)
    return s.kind == "rel" and s.unit == "D"


def _gap_is(text: str, a: int, b: int, rx: re.Pattern[str]) -> bool:
    m = rx.match(text, a)
    return m is not None and m.end() == b


def _compound(parts: list[tuple[float | int, str]]) -> str:
    """One TIMEX3 duration of several quantities ("tujuh tahun enam bulan" = P7Y6M)."""
    date, clock = "", ""
    for amount, unit in parts:
        value = _duration_value(amount, unit)
        if value.startswith("PT"):
            clock += value[2:]
        else:
            date += value[1:]
    return "P" + date + ("T" + clock if clock else "")


_SPACE = re.compile(r"\s*")
_AND_GAP = re.compile(r"\s*(?:,|dan|and)?\s*", re.IGNORECASE)


def merge(text: str, specs: list[Spec], lex: Lexicon) -> list[Spec]:
    """Joins the matches that make one TIMEX3 expression.

    A day with its bracketed date ("Senin pekan depan (5/6)", "hari ini (24/6)"), its part of
    the day ("Rabu (31/5) malam") or its clock time ("Minggu (28/12/2014) pukul 06.18 WIB",
    "pukul 18.00 WIB pada 31 Desember 2017"); a weekday with its week ("Minggu pekan lalu");
    "besok Jumat"; the quantities of one duration ("tujuh tahun enam bulan").
    """
    out: list[Spec] = []
    part_rx = _part_after(lex.lang)
    join_rx = _join_gap(lex.lang)
    i = 0
    n = len(specs)
    while i < n:
        s = specs[i]
        nxt = specs[i + 1] if i + 1 < n else None
        # a weekday and its week: "Minggu pekan lalu", "Senin pekan depan"
        if (
            s.kind == "weekday"
            and s.direction is None
            and nxt is not None
            and nxt.kind == "rel"
            and nxt.unit == "W"
            and nxt.rel_to == "anchor"
            and _gap_is(text, s.end, nxt.start, _SPACE)
        ):
            s.direction, s.unit, s.end, s.tense = nxt.direction, "W", nxt.end, None
            i += 1
            nxt = specs[i + 1] if i + 1 < n else None
        # "besok Jumat": the day word and its weekday
        if (
            s.kind == "rel"
            and s.unit == "D"
            and s.rel_to == "anchor"
            and nxt is not None
            and nxt.kind == "weekday"
            and nxt.direction is None
            and _gap_is(text, s.end, nxt.start, _SPACE)
        ):
            s.end, s.part = nxt.end, s.part or nxt.part
            i += 1
            nxt = specs[i + 1] if i + 1 < n else None
        # a day word and its bracketed date: "hari ini (24/6)", "Senin pekan depan (5/6)"
        if s.part is None and (s.kind == "weekday" or (s.kind == "rel" and s.unit == "D")):
            m = _BRACKET_DATE.match(text, s.end)
            if m is not None and (nxt is None or nxt.start >= m.end()):
                d, mo = int(m.group(1)), int(m.group(2))
                if lex.numeric_order != "dmy":
                    d, mo = mo, d
                if _valid_dm(d, mo):
                    s.end = m.end()
                    if s.kind == "weekday":
                        s.kind, s.day, s.month, s.direction = "date", d, mo, None
                        if m.group(3):
                            s.year, s.explicit_year = _year(m.group(3)), True
        # a day and its part of the day: "Rabu (31/5) malam"
        if _day_like(s) and s.part is None and s.hour is None:
            m = part_rx.match(text, s.end)
            if m is not None and (nxt is None or nxt.start >= m.end()):
                s.part, s.end = lex.parts[_norm(m.group(1))], m.end()
        # a day and its clock time, either way round
        if nxt is not None and nxt.start >= s.end:
            if _day_like(s) and nxt.kind == "time" and nxt.day is None and _gap_is(text, s.end, nxt.start, join_rx):
                s.hour, s.minute, s.part, s.end = nxt.hour, nxt.minute, None, nxt.end
                i += 1
            elif s.kind == "time" and s.day is None and _day_like(nxt) and nxt.hour is None:
                if _gap_is(text, s.end, nxt.start, join_rx):
                    nxt.hour, nxt.minute, nxt.part, nxt.start = s.hour, s.minute, None, s.start
                    s = nxt
                    i += 1
        # one duration of several quantities: "tujuh tahun enam bulan", "53 bulan 20 hari"
        if s.kind == "duration" and s.amount is not None and s.direction is None and not s.lookback:
            parts: list[tuple[float | int, str]] = [(s.amount, s.unit or "D")]
            j = i + 1
            while j < n:
                t = specs[j]
                if not (t.kind == "duration" and t.amount is not None and t.direction is None and t.mod is None):
                    break
                if _UNIT_ORDER.get(t.unit or "", 9) <= _UNIT_ORDER.get(parts[-1][1], 9):
                    break
                if not _gap_is(text, specs[j - 1].end, t.start, _AND_GAP):
                    break
                parts.append((t.amount, t.unit or "D"))
                s.end, s.lookback = t.end, t.lookback
                j += 1
            if len(parts) > 1:
                s.value = _compound(parts)
                i = j - 1
        out.append(s)
        i += 1
    approx_rx = _approx_before(lex.lang)
    for s in out:
        if s.kind in ("time", "date", "weekday") and s.mod is None:
            # "sekitar pukul 09.00 WIB": the approximation belongs to the expression (mod APPROX)
            m = approx_rx.search(text, max(0, s.start - 24), s.start)
            if m is not None and m.end() == s.start:
                s.start, s.mod = m.start(), lex.approx[_norm(m.group(1))]
        s.text = text[s.start : s.end]
    return out


@cache
def _approx_before(lang: str) -> re.Pattern[str]:
    lex = lexicon(lang)
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(lex.approx, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<!\w)({alt})\s+", re.IGNORECASE)
