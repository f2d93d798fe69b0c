"""Cross-document dates: an undated article takes its publication date from its story."""

from __future__ import annotations

import datetime as dt

from test_corpus_helpers import make_doc

from linimasa.corpus.dating import StoryDater, StoryDatingStage, candidate_years
from linimasa.pipeline import CorpusResult

YEARS = ["2013", "2019", "2024"]


def preview():
    """Announces a Thursday meeting and narrates a Sunday arrival, without any year."""
    text = (
        "Presiden Filipina dijadwalkan bertemu Perdana Menteri Jepang pada Kamis (25/4) di Tokyo. "
        "Menteri luar negeri Filipina telah tiba di Tokyo pada Minggu (21/4) untuk menyiapkan pertemuan itu. "
        "Kedua pemimpin akan membahas kerja sama maritim dan investasi infrastruktur."
    )
    return make_doc(
        "preview",
        text,
        timexes=[
            ("Kamis (25/4)", "XXXX-04-25", [f"{y}-04-25" for y in YEARS]),
            ("Minggu (21/4)", "XXXX-04-21", [f"{y}-04-21" for y in YEARS]),
        ],
    )


def report():
    text = (
        "Presiden Filipina dan Perdana Menteri Jepang menandatangani perjanjian kerja sama maritim di Tokyo. "
        "Pertemuan kedua pemimpin itu berlangsung pada Kamis (25/4/2019) selama tiga jam."
    )
    return make_doc("report", text, "2019-04-26", timexes=[("Kamis (25/4/2019)", "2019-04-25")])


def stage_on(docs, resolver=None, story_only=True):
    for d in docs:
        d.story = "s1"
    StoryDatingStage(dater=StoryDater(resolver=resolver, story_only=story_only))(CorpusResult(documents=docs))
    return {d.id: d for d in docs}


def test_candidate_years_come_from_the_year_less_dates():
    assert candidate_years(preview()) == {2013, 2019, 2024}


def test_year_from_the_story_day_between_narrated_past_and_announced_future():
    got = stage_on([preview(), report()])
    d = got["preview"]
    assert d.published_from == "story"
    # after Sunday 21 April (narrated as past), before Thursday 25 (announced), nearest the report
    assert d.published == "2019-04-24"
    assert got["report"].published == "2019-04-26" and got["report"].published_from == "input"


def test_by_default_the_story_alone_dates_no_article():
    # an announcement with no reporting day of its own: its one cue ("dijadwalkan ... Kamis
    # (25/4)") leaves every day before the meeting, and the agreeing sentence of the report is
    # no evidence of the day; the old rule (story_only) took the day nearest the report
    text = (
        "Presiden Filipina dan Perdana Menteri Jepang akan menandatangani perjanjian kerja sama maritim. "
        "Pertemuan kedua pemimpin itu dijadwalkan berlangsung pada Kamis (25/4) selama tiga jam."
    )
    cands = [f"{y}-04-25" for y in YEARS]

    def announcement():
        return make_doc("ann", text, timexes=[("Kamis (25/4)", "XXXX-04-25", cands)])

    assert stage_on([announcement(), report()], story_only=False)["ann"].published is None
    assert stage_on([announcement(), report()], story_only=True)["ann"].published == "2019-04-24"
    # with a narrated past day as well ("telah tiba pada Minggu (21/4)"), its own cues leave
    # 21-24 April: dated by default
    assert stage_on([preview(), report()], story_only=False)["preview"].published == "2019-04-24"
    # a copy of a dated member still takes its date
    r = report()
    copy = make_doc("copy", r.text)
    copy.duplicate_of = "report"
    got = stage_on([r, copy], story_only=False)
    assert got["copy"].published == "2019-04-26"


def test_no_date_when_candidate_years_contradict_the_story():
    r = report()
    r.published = "2016-04-26"
    got = stage_on([preview(), r])
    assert got["preview"].published is None


def week_resolver(doc, anchor: dt.date, anchor_from: str):
    """A stand-in for the time stage: 'minggu ini' is the anchor's week, 'Senin' its Monday."""
    monday = anchor - dt.timedelta(days=anchor.weekday())
    for t in doc.timexes:
        if t.text == "minggu ini":
            y, w, _ = anchor.isocalendar()
            t.value = f"{y}-W{w:02d}"
        elif t.text == "Senin":
            t.value = monday.isoformat()
    return doc


def test_relative_expressions_aligned_with_the_dated_sentences_of_the_story():
    dated = make_doc(
        "dated",
        "Kabar itu disampaikan pejabat pemerintah pada Selasa (5/9/2023). "
        "Konferensi tingkat tinggi iklim di Nairobi kemungkinan berlangsung pekan depan, pada 11-13 September.",
        "2023-09-05",
        timexes=[
            ("Selasa (5/9/2023)", "2023-09-05"),
            ("pekan depan", "2023-W37"),
            ("11-13 September", "2023-09-11/2023-09-13"),
        ],
    )
    undated = make_doc(
        "undated",
        "Presiden Kenya membuka persiapan akhir konferensi iklim, kata media setempat pada Senin. "
        "Para delegasi tiba di Nairobi untuk konferensi tingkat tinggi iklim minggu ini.",
        timexes=[("Senin", "XXXX-WXX-1"), ("minggu ini", "XXXX-WXX")],
    )
    got = stage_on([dated, undated], resolver=week_resolver)
    # 'minggu ini' agrees with the week of the summit: Monday 11 September 2023
    assert got["undated"].published == "2023-09-11"
    assert got["undated"].timexes[0].value == "2023-09-11"


def test_a_lead_weekday_and_an_agreeing_sentence_date_the_article_by_default():
    dated = make_doc(
        "dated",
        "Kabar itu disampaikan pejabat pemerintah pada Selasa (5/9/2023). "
        "Konferensi tingkat tinggi iklim di Nairobi kemungkinan berlangsung pekan depan, pada 11-13 September.",
        "2023-09-05",
        timexes=[("Selasa (5/9/2023)", "2023-09-05"), ("11-13 September", "2023-09-11/2023-09-13")],
    )

    def undated(weekday):
        d = make_doc(
            "undated",
            "Presiden Kenya membuka persiapan akhir konferensi iklim, kata media setempat pada Senin. "
            "Para delegasi tiba di Nairobi untuk konferensi tingkat tinggi iklim minggu ini.",
            timexes=[("Senin", "XXXX-WXX-1"), ("minggu ini", "XXXX-WXX")],
        )
        if weekday is not None:
            d.features["time"] = {"lead_weekday": weekday}
        return d

    got = stage_on([dated, undated(0)], resolver=week_resolver, story_only=False)
    assert got["undated"].published == "2023-09-11"  # the Monday of the summit's week
    # without the reporting weekday, agreement alone does not date it
    got = stage_on([dated, undated(None)], resolver=week_resolver, story_only=False)
    assert got["undated"].published is None


def test_without_a_resolver_the_stage_still_dates_from_candidates():
    got = stage_on([preview(), report()], resolver=None)
    assert got["preview"].published == "2019-04-24"


def test_a_copy_takes_its_originals_date():
    r = report()
    copy = make_doc("copy", r.text)
    copy.duplicate_of = "report"
    got = stage_on([r, copy])
    assert got["copy"].published == "2019-04-26" and got["copy"].published_from == "story"
