"""English temporal tagging and normalisation on news-style sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from linimasa.time import tag

ANCHOR = dt.date(2023, 9, 5)  # a Tuesday


def found(text: str, anchor: dt.date | None = ANCHOR) -> dict[str, str | None]:
    out = {}
    for t in tag(text, "en", anchor):
        assert text[t.start : t.end] == t.text
        out[t.text] = t.value
    return out


@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("On March 3, 2021, the firm announced a merger.", "March 3, 2021", "2021-03-03"),
        ("The deal closed on 3 March 2021.", "3 March 2021", "2021-03-03"),
        ("He spoke on Tuesday, Sept. 5, 2023, in Seoul.", "Tuesday, Sept. 5, 2023", "2023-09-05"),
        ("The forum runs September 10-13.", "September 10-13", "2023-09-10/2023-09-13"),
        ("The law passed in July 2000.", "July 2000", "2000-07"),
        ("The talks last met in 2009.", "2009", "2009"),
        ("Filed on 9/5/2023 in court.", "9/5/2023", "2023-09-05"),
        ("It was built in the 1990s.", "1990s", "199"),
        ("Sales fell in early April.", "early April", "2023-04"),
        ("Sales rose by mid-April.", "mid-April", "2023-04"),
        ("The rally was on the 4th of July.", "the 4th of July", "2023-07-04"),
    ],
)
def test_calendar_dates(text: str, expr: str, value: str) -> None:
    assert found(text)[expr] == value


@pytest.mark.parametrize(
    "expr,value",
    [
        ("last week", "2023-W35"),
        ("next week", "2023-W37"),
        ("this week", "2023-W36"),
        ("last month", "2023-08"),
        ("next year", "2024"),
        ("this year", "2023"),
        ("two years ago", "2021"),
        ("three days ago", "2023-09-02"),
        ("in two weeks", "2023-W38"),
        ("yesterday", "2023-09-04"),
        ("today", "2023-09-05"),
        ("tomorrow", "2023-09-06"),
        ("last July", "2023-07"),
        ("next March", "2024-03"),
        ("the end of last month", "2023-08"),
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("several days ago", "PAST_REF"),
    ],
)
def test_relative(expr: str, value: str) -> None:
    assert found(f"Officials said {expr} that the plan is on track.")[expr] == value


def test_weekdays() -> None:
    got = found("Talks ended on Monday; the minister will travel on Friday and returned last Sunday.")
    assert got["Monday"] == "2023-09-04"
    assert got["Friday"] == "2023-09-08"
    assert got["last Sunday"] == "2023-09-03"
    assert found("Protests began Monday night.")["Monday night"] == "2023-09-04TNI"


def test_anaphora() -> None:
    got = found("The ship docked on June 2, 2022. A day earlier, the crew had mutinied. Two days later it left.")
    assert got["A day earlier"] == "2022-06-01"
    assert got["Two days later"] == "2022-06-03"
    got = found("He arrived yesterday. The day before, he was in Tokyo.")
    assert got["The day before"] == "2023-09-03"


def test_times() -> None:
    got = found("Doors open at 10:00 a.m. and close at 5 p.m. local time; the post went up April 26, 2019 at 12:37AM.")
    assert got["10:00 a.m."] == "2023-09-05T10:00"
    assert got["5 p.m. local time"] == "2023-09-05T17:00"
    assert got["April 26, 2019 at 12:37AM"] == "2019-04-26T00:37"


def test_durations_and_sets() -> None:
    got = {
        t.text: (t.type, t.value, t.mod)
        for t in tag(
            "He served six years, waited 50 minutes, and over the last two decades, for more than 20 years, "
            "in the past few years, every Tuesday, every year and each month.",
            "en",
            ANCHOR,
        )
    }
    assert got["six years"] == ("DURATION", "P6Y", None)
    assert got["50 minutes"] == ("DURATION", "PT50M", None)
    assert got["over the last two decades"][:2] == ("DURATION", "P20Y")
    assert got["more than 20 years"] == ("DURATION", "P20Y", "MORE_THAN")
    assert got["in the past few years"][:2] == ("DURATION", "PXY")
    assert got["every Tuesday"] == ("SET", "XXXX-WXX-2", None)
    assert got["every year"] == ("SET", "P1Y", None)
    assert got["each month"] == ("SET", "P1M", None)


def test_year_boundary() -> None:
    assert found("Floods hit last December.", dt.date(2024, 1, 8))["last December"] == "2023-12"
    assert found("It happened last week.", dt.date(2024, 1, 2))["last week"] == "2023-W52"


def test_leap_day() -> None:
    assert found("She was born on February 29, 2024.")["February 29, 2024"] == "2024-02-29"
    assert found("On February 29, 2023 nothing happened.") == {}


def test_common_words_are_not_dates() -> None:
    # "may" the verb, "March" capitalised at sentence start without a day or cue, "a second" round
    assert found("Officials may march on. March forward, they said, for a second round.") == {}
