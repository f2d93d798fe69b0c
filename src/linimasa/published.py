"""Publication date from metadata: input fields, the HTML page, the URL, a timestamp line.

The one definition of this rule: the cleaning stage applies it (``choose_published``) and
the time stage falls back on it (:func:`linimasa.time.published.from_metadata`) when a
document reaches it without a date; benchmarks read their gold from :func:`date_from_url`.

Trust order (``docs/output-contract.md``): a value given in the input (``input``) beats what
Trafilatura/htmldate found in the page (``html``), which beats a date in the URL path
(``url``), which beats a stand-alone timestamp line in the text such as
"April 26, 2019 at 12:37AM" (``text``). Dates in the body are not used here: the time stage
infers a publication date from them later. No date before 1990 or after today is taken.
Month names, weekday names and labels come from ``lang/<code>/metadata.toml``; the small
parsers are hand-written because dateparser guesses from any string (too eager for a
whole-line test) and is not a runtime dependency.

:func:`set_published` is the one writer of ``doc.published`` / ``doc.published_from``: the
cleaning stage, the time stage and the corpus's story dating (``corpus/dating.py``) go through it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml
from linimasa.model import Document

_ISO_TIME = r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$"
# 2024-03-14 and 2024/03/14, optionally with a time and zone
_ISO = re.compile(r"^\s*(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _ISO_TIME)
# ISO 8601 week dates (2024-W49-1, 2024W491; 2024-W49 has no day) and ordinal dates (2024-342)
_ISO_WEEK = re.compile(r"^\s*(?P<year>\d{4})-?W(?P<week>\d{2})(?:-?(?P<weekday>\d))?" + _ISO_TIME)
_ISO_ORDINAL = re.compile(r"^\s*(?P<year>\d{4})-(?P<yearday>\d{3})" + _ISO_TIME)
# the basic format: 20241207, 20241207T100000Z
_ISO_BASIC = re.compile(
    r"^\s*(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?(?:[.,]\d+)?(?P<tz>Z|[+-]\d{2}(?:\d{2})?)?)?\s*$"
)
_URL_DATES = (
    # /2016/08/19/ or /2016-08-19/ or /2016_08_19
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})[/_-](?P<month>\d{1,2})[/_-](?P<day>\d{1,2})(?!\d)"),
    # compact stamps at the start of a path segment or after a separator:
    # /20160819123456-20-152345/, /20160819/, /judul-berita-20160819.html
    re.compile(r"(?<=[/_-])(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})(?:\d{4,6})?(?=[-_/.]|$)"),
)
MIN_YEAR = 1990


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A parsed publication timestamp: ISO date or date-time string, and how explicit the line was."""

    value: str
    has_time: bool = False
    labelled: bool = False


def _valid(year: int, month: int, day: int, today: dt.date | None = None) -> dt.date | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    today = today or dt.date.today()
    if d.year < MIN_YEAR or d > today:
        return None
    return d


def _render(d: dt.date, hour: int | None, minute: int | None, second: int | None = None, tz: str | None = None) -> str:
    if hour is None or minute is None or not (0 <= hour < 24 and 0 <= minute < 60):
        return d.isoformat()
    t = dt.time(hour, minute, second or 0)
    out = f"{d.isoformat()}T{t.isoformat(timespec='seconds' if second else 'minutes')}"
    if tz:
        out += "Z" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:] or '00'}")
    return out


@lru_cache(maxsize=1)
def _zone_offsets() -> dict[str, str]:
    """The UTC offset of each time-zone word of every shipped pack that names one (``wib``: ``+07:00``)."""
    offsets: dict[str, str] = {}
    for lang in SUPPORTED_LANGUAGES:
        offsets.update({k.lower(): v for k, v in load_toml(lang, "metadata").get("time_zone_offsets", {}).items()})
    return offsets


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Month table, weekday names, timestamp labels and time-zone words of every shipped pack.

    Timestamp lines are whole lines with a rigid shape, so all packs can be used together
    (an English IFTTT stamp turns up under an Indonesian article).
    """
    months: dict[str, int] = {}
    weekdays: list[str] = []
    labels: list[str] = []
    zones: list[str] = []
    for lang in SUPPORTED_LANGUAGES:
        data = load_toml(lang, "metadata")
        months.update({k.lower(): int(v) for k, v in data.get("months", {}).items()})
        meta = data.get("metadata", {})
        weekdays += meta.get("weekdays", [])
        labels += meta.get("timestamp_labels", [])
        zones += meta.get("time_zones", [])
    return months, tuple(weekdays), tuple(labels), tuple(zones)


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _timestamp_patterns() -> tuple[re.Pattern[str], ...]:
    months, weekdays, labels, zones = _vocabulary()
    month = f"(?P<month>{_alt(list(months))})\\.?"
    head = f"^(?:(?P<label>{_alt(labels)})\\s*(?:on\\s*)?:?\\s*)?(?:(?:{_alt(weekdays)})\\s*,?\\s*)?"
    time = (
        r"(?:\s*(?:,|\||-|–|at|pukul|jam)?\s*(?P<hour>\d{1,2})\s*[:.]\s*(?P<minute>\d{2})"
        r"(?:\s*[:.]\s*(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?\s*m\.?)?"
        f"(?:\\s*(?P<tz>{_alt(zones)}|[+-]\\d{{2}}:?\\d{{2}}))?)?"
    )
    tail = r"\s*\.?$"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>\d{4})"
    shapes = (
        f"{head}{day}\\s+{month}\\s*,?\\s*{year}{time}{tail}",  # 26 April 2019, 12:37 WIB
        f"{head}{month}\\s+{day}\\s*,?\\s*{year}{time}{tail}",  # April 26, 2019 at 12:37AM
        f"{head}{day}\\s*/\\s*(?P<mnum>\\d{{1,2}})\\s*/\\s*{year}{time}{tail}",  # 26/04/2019 12:37
        f"{head}{year}-(?P<mnum2>\\d{{2}})-{day}{time}{tail}",  # 2019-04-26 12:37
    )
    return tuple(re.compile(s, re.IGNORECASE) for s in shapes)


@dataclass(frozen=True, slots=True)
class _Stamp:
    """The parts of a timestamp-shaped value, not yet checked against the calendar."""

    year: int
    month: int
    day: int
    hour: int | None
    minute: int | None
    second: int | None
    tz: str | None  # an offset ("+07:00", "Z"), or None (none written, or a zone of unknown offset)
    labelled: bool
    numeric: bool = False  # the month written as a number (26/04/2019: day first)


def _stamp_shapes(line: str) -> list[_Stamp]:
    """The readings of ``line`` as a whole-line timestamp ("April 26, 2019 at 12:37AM"), in the
    order of the shapes; none when it has no such shape."""
    if len(line) > 80 or not any(ch.isdigit() for ch in line):
        return []
    months = _vocabulary()[0]
    found = []
    for pattern in _timestamp_patterns():
        m = pattern.match(line)
        if not m:
            continue
        g = m.groupdict()
        if g.get("month"):
            month = months.get(g["month"].lower().rstrip("."))
        else:
            month = int(g.get("mnum") or g.get("mnum2") or 0)
        hour = int(g["hour"]) if g.get("hour") else None
        minute = int(g["minute"]) if g.get("minute") else None
        if hour is not None and g.get("ampm"):
            pm = g["ampm"].lower().startswith("p")
            if not 1 <= hour <= 12:
                hour = None
            else:
                hour = hour % 12 + (12 if pm else 0)
        second = int(g["second"]) if g.get("second") else None
        zone = g.get("tz")
        tz = zone if zone and zone[0] in "+-" else _zone_offsets().get((zone or "").lower())
        numeric = bool(g.get("mnum"))
        found.append(
            _Stamp(int(g["year"]), month or 0, int(g["day"]), hour, minute, second, tz, bool(g.get("label")), numeric)
        )
    return found


def parse_timestamp_line(line: str, today: dt.date | None = None) -> Timestamp | None:
    """A publication timestamp when the whole line is one ("April 26, 2019 at 12:37AM"); a line
    in the text keeps no time zone."""
    for st in _stamp_shapes(line):
        d = _valid(st.year, st.month, st.day, today)
        if d:
            value = _render(d, st.hour, st.minute, st.second)
            return Timestamp(value, has_time="T" in value, labelled=st.labelled)
    return None


def parse_metadata_date(value: Any, today: dt.date | None = None) -> str | None:
    """An ISO date/date-time from a metadata value (an input's ``published``, the page's): an ISO
    8601 date or date-time (also ``2024/03/14``, a week date ``2024-W49-1``, an ordinal date
    ``2024-342``), a ``datetime``, or a timestamp-line shape ("7 Desember 2024 10:00 WIB", a
    feed's RFC 2822 "Sat, 07 Dec 2024 10:00:00 +0700"), its zone kept when its offset is known."""
    return _read_metadata_date(value, today)[0]


def rejected_reason(value: Any, today: dt.date | None = None) -> str:
    """Why :func:`parse_metadata_date` gives no date for ``value`` (an input's ``published``), for
    its warning: ``is after today``, ``is before 1990...``, ``has no day...``."""
    return _read_metadata_date(value, today)[1]


_NOT_A_DATE = (
    "is not a date (YYYY-MM-DD, optionally with a time and zone; also 2024/12/07, 2024-W49-6, 2024-342, "
    "7 Desember 2024 10:00 WIB, Sat, 07 Dec 2024 10:00:00 +0700)"
)


def _read_metadata_date(value: Any, today: dt.date | None = None) -> tuple[str | None, str]:
    """(:func:`parse_metadata_date`, :func:`rejected_reason`): one reading, so the reason given is
    that of the rule applied."""
    if value is None:
        return None, "is empty"
    if isinstance(value, dt.datetime | dt.date):
        if isinstance(value, dt.datetime):
            return _checked(value.year, value.month, value.day, value.hour, value.minute, value.second, None, today)
        return _checked(value.year, value.month, value.day, None, None, None, None, today)
    text = str(value).strip()
    m = _ISO.match(text) or _ISO_BASIC.match(text) or _ISO_ORDINAL.match(text) or _ISO_WEEK.match(text)
    if m:
        g = m.groupdict()
        hour, minute, second = (int(g[k]) if g[k] else None for k in ("hour", "minute", "second"))
        year = int(g["year"])
        if "week" in g or "yearday" in g:
            if "week" in g and not g["weekday"]:
                return None, "has no day (an ISO week: a publication date is a day, e.g. 2024-W49-6)"
            try:
                if "week" in g:
                    d = dt.date.fromisocalendar(year, int(g["week"]), int(g["weekday"]))
                else:
                    d = dt.date(year, 1, 1) + dt.timedelta(days=int(g["yearday"]) - 1)
                    if d.year != year or int(g["yearday"]) < 1:
                        raise ValueError
            except ValueError:
                return None, "is not a day of the calendar"
            return _checked(d.year, d.month, d.day, hour, minute, second, g["tz"], today)
        return _checked(year, int(g["month"]), int(g["day"]), hour, minute, second, g["tz"], today)
    shapes = _stamp_shapes(text)
    reason = _NOT_A_DATE
    for st in shapes:
        if st.numeric and st.day <= 12 and st.month <= 12 and st.day != st.month:
            # 07/12/2024 is 7 December day first (Indonesian), 12 July month first (a US feed): a
            # trusted date is not guessed (a line of the text is read day first)
            reason = "is ambiguous (DD/MM/YYYY or MM/DD/YYYY: write it YYYY-MM-DD)"
            continue
        value, why = _checked(st.year, st.month, st.day, st.hour, st.minute, st.second, st.tz, today)
        if value:
            return value, why
        reason = why if reason is _NOT_A_DATE else reason
    if not shapes and re.fullmatch(r"\d{4}([-/]\d{2})?", text):
        return None, "has no day (a publication date is a day: YYYY-MM-DD)"
    return None, reason


def _checked(
    year: int,
    month: int,
    day: int,
    hour: int | None,
    minute: int | None,
    second: int | None,
    tz: str | None,
    today: dt.date | None,
) -> tuple[str | None, str]:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None, "is not a day of the calendar"
    if d > (today or dt.date.today()):
        return None, "is after today"
    if d.year < MIN_YEAR:
        return None, f"is before {MIN_YEAR} (the earliest year read as a publication date)"
    return _render(d, hour, minute, second, tz), ""


def url_date(url: str | None, today: dt.date | None = None) -> str | None:
    """The date in a URL path (``/2016/08/19/``, ``/20160819123456-20-152345/``), if valid."""
    if not url:
        return None
    d = date_from_url(url, today)
    return d.isoformat() if d else None


def date_from_url(url: str | None, today: dt.date | None = None) -> dt.date | None:
    """:func:`url_date` as a date: the path first, then the query ("?tanggal=2019-04-26")."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    for where in (parts.path, parts.query):
        for pattern in _URL_DATES:
            for m in pattern.finditer(where):
                d = _valid(int(m["year"]), int(m["month"]), int(m["day"]), today)
                if d:
                    return d
    return None


def choose_published(
    meta: dict[str, Any], url: str | None, text_stamps: list[str], today: dt.date | None = None
) -> tuple[str | None, str | None]:
    """``(published, published_from)`` by the trust order input > html > url > text."""
    value, source, _refused = choose_published_why(meta, url, text_stamps, today)
    return value, source


def choose_published_why(
    meta: dict[str, Any], url: str | None, text_stamps: list[str], today: dt.date | None = None
) -> tuple[str | None, str | None, str]:
    """:func:`choose_published` and why the input's ``published`` was not taken (its
    :func:`rejected_reason`; ``""`` when it was taken or none was given): the value is read once,
    so the reason is that of the reading that refused it."""
    given = meta.get("published")
    value, why = _read_metadata_date(given, today) if given else (None, "")
    if value:
        return value, "input", ""
    refused = why if given else ""
    value = parse_metadata_date(meta.get("html_published"), today)
    if value:
        return value, "html", refused
    value = url_date(url, today)
    if value:
        return value, "url", refused
    for stamp in text_stamps:
        return stamp, "text", refused
    return None, None, refused


# Where a document's publication date came from, most trusted first (docs/time.md): the
# input's field, the page's metadata, the URL, the text, the document's story.
SOURCES = ("input", "html", "url", "text", "story")


def set_published(doc: Document, value: str | None, source: str | None) -> None:
    """The only place that assigns ``doc.published`` and ``doc.published_from`` (the cleaning
    stage, the time stage and the corpus's story dating all call it; tests/test_architecture.py
    checks that no other module does). ``source`` is one of :data:`SOURCES`, or ``None`` with
    ``value`` ``None`` (no date)."""
    if source not in SOURCES and not (source is None and value is None):
        raise ValueError(f"publication date {value!r} from unknown source {source!r}")
    doc.published, doc.published_from = value, source
