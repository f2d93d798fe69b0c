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

import functools
import re
from collections.abc import Iterable

from linimasa.time.context import after_verb, clause_tense, generic_before, is_noun_reading, prev_token
from linimasa.time.context import direction_of as _dir
from linimasa.time.context import sentence_initial as _sentence_initial
from linimasa.time.grammar import Mention, scan
from linimasa.time.lexicon import lexicon, parse_number
from linimasa.time.merge import merge
from linimasa.time.spec import Spec, roman_numeral, typo_year, whole_count
from linimasa.time.spec import duration_value as _duration_value
from linimasa.time.spec import month_of as _month
from linimasa.time.spec import norm as _norm
from linimasa.time.spec import valid_dm as _valid_dm
from linimasa.time.spec import year_of as _year

# A word and a hyphen right before a unit: its reduplication, a plural ("tahun-tahun").
_REDUPLICATED = re.compile(r"(?<!\w)(\w+)\s*-\s*$")
# Tokens after which an expression opens its sentence or clause.
_CLAUSE_OPENERS = frozenset({"", ".", ",", ";", ":", "!", "?", "-", "–", "—", '"', "“", "("})
_HYPHEN_WORD = re.compile(r"\s*-\s*([^\W\d_]+)")
_YEAR_AFTER = re.compile(r"\s+(?:1[89]|20)\d\d(?!\d)")


@functools.cache
def _month_range_rx(lang: str) -> re.Pattern[str]:
    """A range connector, a month and a year, right after a month ("- Agustus 2016")."""
    lex = lexicon(lang)

    def alt(words: Iterable[str]) -> str:
        ordered = sorted((str(w) for w in words), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"

    return re.compile(
        rf"\s*(?:{alt(lex.cue_list('range'))})\s*({alt(lex.months_bare)})\s*,?\s*((?:1[89]|20)\d\d)(?![\d.,]\d)",
        re.IGNORECASE,
    )


__all__ = ["Interpreter", "Spec", "clause_tense", "interpret", "prev_token", "typo_year"]


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
        if g.get("m2") and "d2" in mt.starts and self._list_joined(mt, "m", "d2"):
            return None  # "pada 13 April dan 18 April": two days, not a range (the dates are read apart)
        wd = self.lex.weekdays.get(g["wd"].lower()) if g.get("wd") else None
        y = int(g["y"]) if g.get("y") else None
        spec = self._new(
            mt, "range", year=y, month=m, day=d, weekday=wd, month2=m2, day2=d2, explicit_year=y is not None
        )
        if y is None:
            # "4 - 10 Agustus mendatang": the direction word decides, else the clause's tense
            direction, _ = _dir(self.lex, g)
            spec.tense = direction if direction in (-1, 1) else self._tense(mt)
        return spec

    def _list_joined(self, mt: Mention, first: str, second: str) -> bool:
        """Whether the words between group ``first`` and group ``second`` are a list word ("dan")."""
        a = mt.starts[first] + len(mt.groups[first])
        gap = _norm(self.text[a : mt.starts[second]])
        return gap in self.lex.cue_list("list_join")

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
        if y is None and direction is None and year_offset is None:
            y = self._range_year(mt.end, m)  # "Januari - Agustus 2016": the year is both ends'
        bare = y is None and mod is None and direction is None and year_offset is None and mt.start == mt.starts["m"]
        if bare and not self._cued(mt.start) and not after_verb(self.text, mt.start, mt.end, self.lex):
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

    def _range_year(self, end: int, m: int) -> int | None:
        """The year written at the far end of a month range that starts at ``end`` ("Januari
        - Agustus 2016", "Desember hingga Februari 2017": December 2016), else None."""
        found = _month_range_rx(self.lex.lang).match(self.text, end)
        if found is None:
            return None
        m2 = _month(self.lex, found.group(1))
        if m2 is None:
            return None
        y = int(found.group(2))
        return y if m <= m2 else y - 1

    def _year(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        y = int(g["y"])
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        direction, _ = _dir(self.lex, g)
        if not g.get("yw") and mod is None and direction is None:
            if not self._cued(mt.start) and not after_verb(self.text, mt.start, mt.end, self.lex):
                return None
        return self._new(mt, "date", year=y, mod=mod, explicit_year=True)

    def _decade(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if g.get("dec2"):
            # "tahun 60-an": a two-digit decade is of the 1900s (TimeML value "196")
            return self._new(mt, "decade", value="19" + g["dec2"], explicit_year=False)
        return self._new(mt, "decade", value=g["dec"], explicit_year=True)

    def _quarter(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        letter = self.lex.quarter_words[_norm(g["qw"])]
        n = self.lex.quarter_numbers[_norm(g["qn"])] if g.get("qn") else None
        if letter == "H" and n is not None and n > 2:
            return None
        y = int(g["y"]) if g.get("y") else None
        direction, rel_to = _dir(self.lex, g)
        if rel_to != "anchor":
            return None  # "kuartal sebelumnya": the quarter before the narrative's, not handled
        year_offset = None
        if g.get("ydir"):
            year_offset = self.lex.suffix_dirs.get(_norm(g["ydir"]), (None, ""))[0]
            if year_offset is None:
                return None
        if n is None and direction is None:
            return None
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        return self._new(
            mt,
            "quarter",
            year=y,
            unit=letter,
            amount=n,
            direction=direction,
            year_offset=year_offset,
            explicit_year=y is not None,
            mod=mod,
        )

    def _century(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        raw = g["cn"]
        n = int(raw) if raw.isdigit() else roman_numeral(raw)
        if n is None or not 1 <= n <= 21 or (raw.isupper() and not raw.isdigit() and len(raw) == 1 and raw in "VXL"):
            return None  # "abad V" alone is too short to tell from a letter; "abad X" is not
        return self._new(mt, "decade", value=f"{n - 1:02d}", explicit_year=True)

    def _season(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        code = self.lex.seasons[_norm(g["season"])]
        if not g.get("mod") and self._cap(mt, "season") and self._in_name(mt.start):
            return None  # "Olimpiade Musim Panas tahun 1912": the name of the games
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
        spec = self._weekday_spec(mt, self.lex.weekdays[word.lower()], direction, part)
        spec.coming = bool(g.get("sdir")) and _norm(g["sdir"]) in self.lex.cue_list("weekday_coming")
        return spec

    def _rel_unit(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        word = g["unit"]
        unit = self.lex.units[word.lower()]
        sign, rel_to = _dir(self.lex, g)
        if sign is None:
            return None
        if not g.get("mod") and self._after_count(mt.start):
            return None  # "55 ribu tahun yang lalu": a count the grammar did not read, not "last year"
        mod = self.lex.mods.get(_norm(g["mod"])) if g.get("mod") else None
        if not g.get("mod"):
            plural = _REDUPLICATED.search(self.text, max(0, mt.start - 24), mt.start)
            if plural is not None and plural.group(1).lower() == word.lower():
                # "tahun-tahun sebelumnya" (the years before): vague, PAST_REF / FUTURE_REF
                spec = self._new(mt, "ref", value={-1: "PAST_REF", 1: "FUTURE_REF"}.get(sign, "PRESENT_REF"))
                spec.start = plural.start()
                return spec
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
        if sign is None and generic_before(self.text, mt.start, self.lex):
            # "Rp 20 ribu untuk akhir pekan", "talkshow yang tayang khusus pada akhir pekan"
            return self._new(mt, "weekend", value="XXXX-WXX-WE")
        return self._new(mt, "weekend", direction=0 if sign is None else sign)

    def _after_count(self, pos: int) -> bool:
        """Whether a number stands just before ``pos`` ("55 ribu", "sekitar 5 juta")."""
        prev = prev_token(self.text, pos)
        return prev.isdigit() or (prev[:1].isalpha() and parse_number(prev, self.lex) is not None)

    def _quantity(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if g.get("num") and not g["num"][:1].isdigit() and prev_token(self.text, mt.start).isdigit():
            return None  # "55 ribu tahun yang lalu": the count is 55,000, not "ribu" alone
        if g.get("one"):
            unit = self.lex.unit_one[g["one"].lower()]
            amount: float | int | None = 1
            redup = _HYPHEN_WORD.match(self.text, mt.end)
            if redup is not None and any(
                g["one"].lower().endswith(redup.group(1).lower()[:k]) for k in range(3, len(redup.group(1)) + 1)
            ):
                return None  # "sehari-hari" (everyday), not one day
        else:
            unit = self.lex.units[g["unit"].lower()]
            amount = parse_number(g["num"], self.lex)
            if amount is None and _norm(g["num"]) not in self.lex.number_vague:
                return None
        approx = self.lex.approx.get(_norm(g["approx"])) if g.get("approx") else None
        if not g.get("sdir") and unit == "Y" and _YEAR_AFTER.match(self.text, mt.end):
            return None  # "Nomor 119 tahun 2016": the year, not 119 years
        forward = g.get("sdir") and (
            _norm(g["sdir"]) in self.lex.cue_list("span_forward")
            or (
                _norm(g["sdir"]) in self.lex.cue_list("span_remaining")
                and prev_token(self.text, mt.start) not in _CLAUSE_OPENERS
            )
        )
        if forward and amount is None and _norm(g["sdir"]) in self.lex.cue_list("span_forward"):
            # "beberapa tahun ke depan" (the next few years): a vague duration, PXY, no interval
            return self._new(mt, "duration", unit=unit, amount=None, value=_duration_value(None, unit), mod=approx)
        if forward and amount is not None:
            # "tiga hari ke depan": a duration from now; the resolver keeps its interval
            return self._new(
                mt, "duration", unit=unit, amount=amount, value=_duration_value(amount, unit), mod=approx, direction=1
            )
        if g.get("sdir") and self.lex.suffix_dirs.get(_norm(g["sdir"]), (None, ""))[0] == 0:
            # "33 tahun ini" (an age), "tiga tahun ini", "beberapa hari ini" (these few days,
            # PXD, not today): the duration; "ini" stays outside
            if isinstance(amount, (int, float)) and amount >= 1000:
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
            amount, unit = whole_count(amount, unit)  # "satu setengah tahun lalu" = 18 months ago
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
        plural = _REDUPLICATED.search(self.text, max(0, mt.start - 24), mt.start)
        if plural is not None and plural.group(1).lower() == g["ana"].split()[0].lower():
            # "tahun-tahun sebelumnya" (the years before): vague, not the year before
            spec = self._new(mt, "ref", value="PAST_REF" if offset < 0 else "FUTURE_REF")
            spec.start = plural.start()
            return spec
        part = None
        if unit.startswith("D") and len(unit) > 1:
            unit, part = "D", unit[1:]
            if prev_token(self.text, mt.start) in self.lex.cue_list("meal_words"):
                return None  # "makan malam itu": that dinner, not that night
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
        value = self.lex.references[word]
        # an indefinite day with its part ("suatu malam" = XXXX-XX-XXTNI) is a TIME
        part = value.partition("T")[2] if value.startswith("XXXX") else ""
        return self._new(mt, "ref", value=value, part=part or None)

    def _set_word(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if not g["sw"][:1].islower():
            return None
        return self._new(mt, "set", value=self.lex.set_words[_norm(g["sw"])])

    # -- clock times ---------------------------------------------------------------------
    def _time(self, mt: Mention, g: dict[str, str]) -> Spec | None:
        if g.get("hhw"):
            # "pukul delapan pagi", "pukul dua belas": an hour in words, read only with a part
            # of the day or a time zone (a bare "jam dua" is as often two hours)
            words = parse_number(g["hhw"], self.lex)
            if not isinstance(words, int) or not (g.get("part") or g.get("tz")):
                return None
            g = {**g, "hh": str(words)}
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
        elif part_word in self.lex.pm_parts and h == 12 and self.lex.parts.get(part_word) == "NI":
            h = 0  # "pukul 12 malam": midnight
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
        if prev_token(self.text, mt.start) in self.lex.cue_list("rate_units"):
            return None  # "17.500 mil per jam", "80 km per jam": a speed, not every hour
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
