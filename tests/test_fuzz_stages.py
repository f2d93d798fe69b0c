"""Property tests for the per-document stages: the cleaning stage, the temporal grammar and
the whole per-document pipeline, on arbitrary and on news-like text.

* no exception escapes a stage (the pipeline turns a stage failure into a warning, so the
  stages are called directly here, and the pipeline's output must carry no such warning);
* every offset matches the text (``text[start:end] == annotation text``);
* TIMEX3 values have valid shapes, and a full date value is a real calendar date (an
  impossible "31/2" is never produced as a value);
* cleaning accounts for its input: what it keeps is cut from the input, what it drops is
  listed in ``removed``.
"""

from __future__ import annotations

import datetime as dt
import re

from fixtures_fuzz import date_phrases, fuzz_settings, newsy_text
from hypothesis import given
from hypothesis import strategies as st

from linimasa.clean.normalize import normalize_lines
from linimasa.clean.stage import CleanStage
from linimasa.jobs.stages import default_stages
from linimasa.language.stage import LanguageStage
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline
from linimasa.readers.text import normalize_text
from linimasa.time import tag

_DATE = r"(?:\d{2,4}|\d{4}-(?:\d{2}(?:-\d{2})?|W\d{2}(?:-WE|-\d)?|Q[1-4]|H[12]|SP|SU|FA|WI)|XXXX(?:-[\dWXQ-]+)?)"
_TIME = r"(?:T(?:\d{2}(?::\d{2}(?::\d{2})?)?|MO|AF|EV|NI|MI|DT))?"
_DUR = r"P(?:T?(?:\d+(?:\.\d+)?|X)[YMWDHS])+|PT?(?:\d+(?:\.\d+)?[HMS])+"
TIMEX_VALUE = re.compile(rf"^(?:{_DATE}{_TIME}(?:/{_DATE}{_TIME})?|{_DUR}|PRESENT_REF|PAST_REF|FUTURE_REF)$")
TYPES = {"DATE", "TIME", "DURATION", "SET"}
ANCHORS = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))


def _check_timexes(text: str, timexes: list) -> None:
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start : t.end] == t.text, t
        assert t.type in TYPES, t
        if t.value is None:
            continue
        assert TIMEX_VALUE.match(t.value), t
        for full in re.findall(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})", t.value):
            dt.date(*map(int, full))  # a real calendar date: never 2024-02-31


@fuzz_settings(200)
@given(text=newsy_text(), lang=st.sampled_from(["id", "en"]), anchor=ANCHORS)
def test_temporal_grammar_on_news_like_text(text: str, lang: str, anchor) -> None:
    _check_timexes(text, tag(text, lang, anchor, today=dt.date(2031, 1, 1)))


@fuzz_settings(150)
@given(text=st.text(max_size=300), lang=st.sampled_from(["id", "en", "xx"]), anchor=ANCHORS)
def test_temporal_grammar_on_arbitrary_text(text: str, lang: str, anchor) -> None:
    _check_timexes(text, tag(text, lang, anchor))


@fuzz_settings(300)
@given(
    phrase=date_phrases(),
    before=st.sampled_from(["", "Rapat digelar ", "Pada ", "(", "Palu, "]),
    after=st.sampled_from(["", ".", " lalu.", ")", " mendatang", ", kata dia."]),
    anchor=ANCHORS,
)
def test_temporal_grammar_on_date_phrases(phrase: str, before: str, after: str, anchor) -> None:
    text = before + phrase + after
    timexes = tag(text, "id", anchor)
    _check_timexes(text, timexes)
    m = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b", phrase)
    if m and not _possible(int(m.group(1)), int(m.group(2))):
        for t in timexes:  # the impossible d/m is not read as that day
            assert not (t.value or "").endswith(f"-{int(m.group(2)):02d}-{int(m.group(1)):02d}"), (text, t)


def _possible(d: int, m: int) -> bool:
    try:
        dt.date(2024, m, d)  # 2024: a leap year, so 29/2 is possible
        return True
    except ValueError:
        return False


def _cleaned(raw: str, lang: str | None = None) -> Document:
    doc = Document.from_raw(RawDocument(id="f", text=raw, source="fuzz"))
    doc = LanguageStage()(doc)
    if lang:
        doc.lang = lang
    return CleanStage()(doc)


@fuzz_settings(200)
@given(raw=newsy_text(40), lang=st.sampled_from([None, "id", "en", "th"]))
def test_cleaning_accounts_for_its_input(raw: str, lang) -> None:
    raw = normalize_text(raw)
    doc = _cleaned(raw, lang)
    assert isinstance(doc.text, str)
    raw_words = _words(raw)
    for p in doc.paragraphs:
        piece = doc.text[p.start : p.end]
        assert piece.strip(), (p, doc.text)
        assert _subsequence(_words(piece), raw_words), (piece, raw)  # cut from the input, in order
    for r in doc.removed:
        assert r.text and r.reason, r
    # Nothing vanishes: every word of the input is kept, listed as removed, or taken as metadata.
    accounted = set(_words(" ".join([doc.text, *(r.text for r in doc.removed), *doc.credits])))
    accounted |= set(_words(" ".join(x for x in (doc.title, doc.outlet, doc.dateline) if x)))
    lost = set(raw_words) - accounted
    assert not lost, (lost, raw, doc.text, doc.removed)


def _words(s: str) -> list[str]:
    """Words of ``s`` as cleaning reads them (its own line and invisible-character normalisation first)."""
    return re.findall(r"\w+", "\n".join(normalize_lines(s)).casefold())


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(w == h for h in it) for w in needle)


@fuzz_settings(60)
@given(raw=newsy_text(30))
def test_whole_pipeline_never_fails_a_stage(raw: str) -> None:
    if not raw.strip():
        return
    doc = Pipeline(default_stages()).process(Document.from_raw(RawDocument(id="f", text=raw, source="fuzz")))
    assert not [w for w in doc.warnings if "failed" in w], doc.warnings
    assert doc.check_offsets() == [], doc.check_offsets()
    _check_timexes(doc.text, doc.timexes)
