"""Timelines (events, granularity, status, merging, evidence) and extractive summaries."""

from __future__ import annotations

import datetime as dt

from test_corpus_helpers import make_doc

from linimasa.corpus.stage import TimelineStage, corpus_stages
from linimasa.corpus.summary import Summarizer
from linimasa.corpus.timeline import (
    clause_cue,
    corpus_timeline,
    document_events,
    event_status,
    event_terms,
    stories_timeline,
    story_events,
)
from linimasa.model import Story
from linimasa.pipeline import CorpusResult


def article_a():
    text = (
        "Gubernur Jawa Barat meresmikan jalan tol baru di Cirebon pada Senin (4/3/2024). "
        "Pembangunan jalan tol itu dimulai pada Juli 2021 dengan biaya Rp 6 triliun. "
        "Jalan tol tersebut akan dibuka untuk umum pada 10 Maret. "
        "Volume kendaraan diperkirakan melonjak pada April saat musim mudik. "
        "Proyek ini telah tertunda selama dua tahun. "
        "Gubernur juga meninjau jembatan yang dibangun pada 1998 di dekat gerbang tol."
    )
    return make_doc(
        "a",
        text,
        "2024-03-04",
        timexes=[
            ("Senin (4/3/2024)", "2024-03-04"),
            ("Juli 2021", "2021-07"),
            ("10 Maret", "2024-03-10"),
            ("April", "2024-04"),
            ("dua tahun", "P2Y"),
            ("1998", "1998"),
        ],
    )


def article_b():
    text = (
        "Jalan tol baru di Cirebon yang diresmikan Gubernur Jawa Barat pada Senin (4/3) mulai dibuka untuk umum "
        "pada 10 Maret 2024. Pengelola jalan tol memberlakukan tarif gratis selama sepekan pertama. "
        "Saat ini antrean kendaraan masih terlihat di gerbang tol."
    )
    return make_doc(
        "b",
        text,
        "2024-03-10",
        timexes=[("Senin (4/3)", "2024-03-04"), ("10 Maret 2024", "2024-03-10"), ("Saat ini", "PRESENT_REF")],
    )


def test_events_from_sentences_with_concrete_dates_only():
    events = document_events(article_a())
    dates = [e.date for e in events]
    assert dates == ["2024-03-04", "2021-07", "2024-03-10", "2024-04", "1998"]  # no event for the duration
    assert {e.granularity for e in events} == {"day", "month", "year"}
    b = document_events(article_b())
    assert "PRESENT_REF" not in {e.date for e in b}


def test_status_from_clause_cues():
    by_date = {e.date: e.status for e in document_events(article_a())}
    assert by_date["2024-03-10"] == "planned"  # akan dibuka
    assert by_date["2024-04"] == "expected"  # diperkirakan
    assert by_date["2021-07"] == "happened"  # before publication
    assert by_date["2024-03-04"] == "happened"  # the day of writing, no cue: news of the day


def test_clause_cue_looks_at_the_clause_of_the_expression_only():
    text = "Presiden diperkirakan akan berkunjung dalam beberapa hari, menurut media lokal pada Senin."
    start = text.index("Senin")
    assert clause_cue(text, start, start + 5, "id") is None
    text = "Menteri telah tiba di Tokyo pada Minggu (21/4)."
    start = text.index("Minggu")
    assert clause_cue(text, start, start + 13, "id") == "past"
    text = "The two leaders will meet on Thursday in Tokyo."
    start = text.index("Thursday")
    assert clause_cue(text, start, start + 8, "en") == "planned"


def test_most_specific_expression_dates_a_sentence():
    d = make_doc(
        "c",
        "Setelah terpilih pada 2014 ia mengunjungi Papua pada Desember 2015.",
        "2016-01-01",
        timexes=[("2014", "2014"), ("Desember 2015", "2015-12")],
    )
    assert [e.date for e in document_events(d)] == ["2015-12"]


def test_same_event_merged_across_documents_with_all_evidence():
    events = story_events([article_a(), article_b()])
    opening = [e for e in events if e.date == "2024-03-10"]
    assert len(opening) == 1
    assert opening[0].documents == ["a", "b"]
    assert len(opening[0].evidence) == 2
    inauguration = [e for e in events if e.date == "2024-03-04"]
    assert len(inauguration) == 1 and inauguration[0].documents == ["a", "b"]
    # background events stay at their own dates
    assert "1998" in {e.date for e in events} and "2021-07" in {e.date for e in events}
    for e in events:
        for ev in e.evidence:
            doc = article_a() if ev["document"] == "a" else article_b()
            assert doc.text[ev["start"] : ev["end"]] == ev["text"]


def test_timeline_stage_fills_story_and_corpus_timeline():
    a, b = article_a(), article_b()
    a.story = b.story = "s1"
    result = CorpusResult(documents=[a, b], stories=[Story(id="s1", title="t", documents=["a", "b"])])
    result = TimelineStage()(result)
    story = result.stories[0]
    assert story.start == "2024-03-04" and story.end == "2024-03-10"
    assert 3 <= len(story.summary) <= 5
    assert all(item["document"] in {"a", "b"} for item in story.summary)
    events = corpus_timeline(result)
    assert [e.date for e in events] == sorted({e.date for e in events}, key=lambda v: (v[:4], v))
    assert story.timeline[0].to_json()["evidence"]


def test_summary_has_no_two_sentences_saying_the_same_thing():
    base = article_b()
    twin = make_doc("b2", base.text.replace("Pengelola jalan tol", "Operator jalan tol"), "2024-03-10")
    items = Summarizer().summarize([article_a(), base, twin])
    texts = [i["text"] for i in items]
    assert 3 <= len(texts) <= 5
    assert not any("Operator jalan tol" in t for t in texts) or not any("Pengelola jalan tol" in t for t in texts)


def test_corpus_stages_order():
    names = [s.name for s in corpus_stages()]
    core = [n for n in names if n != "entities-corpus"]
    assert core == ["duplicates", "stories", "story-dates", "timelines"]


def test_corpus_timeline_compares_the_event_terms_an_engine_computed_where_it_built_the_story():
    """Two stories report the same opening on the same day: merged on one corpus event,
    the same with the terms computed before (as the streaming engine's finalisers send them)
    as computed here; terms that share nothing keep the events apart, so the given ones are used."""
    a, b = article_a(), article_b()
    a.story, b.story = "s1", "s2"
    stories = [Story(id="s1", title="a", documents=["a"]), Story(id="s2", title="b", documents=["b"])]
    result = TimelineStage()(CorpusResult(documents=[a, b], stories=stories))
    langs = {"a": a.lang, "b": b.lang}
    here = stories_timeline(result.stories, langs)
    opening = [e for e in here if e.date == "2024-03-10"]
    assert len(opening) == 1 and opening[0].documents == ["a", "b"]
    given = {s.id: event_terms(s, langs) for s in result.stories}
    assert [e.to_json() for e in stories_timeline(result.stories, langs, bags=given)] == [e.to_json() for e in here]
    apart = {s.id: [frozenset({s.id}) for _ in s.timeline] for s in result.stories}
    assert len([e for e in stories_timeline(result.stories, langs, bags=apart) if e.date == "2024-03-10"]) == 2


def _cue(text: str, expr: str) -> str | None:
    start = text.index(expr)
    return clause_cue(text, start, start + len(expr), "id")


def test_a_date_set_off_by_a_comma_takes_the_cue_of_its_sentence():
    # the comma only sets the date off: the plan is in the sentence before it
    assert (
        _cue("Timnas lolos ke semifinal dan akan menghadapi Chile , Rabu ( 28 / 6 ) .", "Rabu ( 28 / 6 )") == "planned"
    )
    # a dash inside a name ("e - KTP") does not hide the cue either
    text = "KPK berencana memanggil Menteri terkait kasus proyek e - KTP pada Senin ( 3 / 7 ) ."
    assert _cue(text, "Senin ( 3 / 7 )") == "planned"
    # after a speech verb the date is when it was said
    text = "Polisi akan memanggil Firza pekan depan , kata Argo , Senin ( 15 / 5 ) ."
    assert _cue(text, "Senin ( 15 / 5 )") is None
    # a speech verb before the plan: the date belongs to the plan
    text = "Argo mengatakan , pihaknya akan memanggil Firza , pekan ini ."
    assert _cue(text, "pekan ini") == "planned"
    # a date that opens its sentence takes the past cue after it
    assert _cue("Pada 2017 , Marcus / Kevin sudah memenangi All England .", "2017") == "past"
    assert _cue("Pada Senin ( 5 / 6 ) , Presiden mengatakan akan datang .", "Senin ( 5 / 6 )") is None
    # ... and its plan, when no speech verb comes first
    text = "“ Karena itu , hari ini , KBRI juga akan menulis surat ke jaksa agung . ”"
    assert _cue(text, "hari ini") == "planned"
    assert _cue("Tahun ini , pemerintah diperkirakan membangun 10 bendungan .", "Tahun ini") == "expected"


def test_nothing_after_the_publication_day_has_happened():
    pub = dt.date(2017, 8, 18)
    # "akan terus membalap setelah tahun 2020": "setelah" is a past cue, the year is not past
    assert event_status("past", dt.date(2020, 12, 31), pub, dt.date(2020, 1, 1)) == "reported"
    assert event_status("past", dt.date(2017, 8, 17), pub, dt.date(2017, 8, 17)) == "happened"
    assert event_status("planned", dt.date(2020, 12, 31), pub, dt.date(2020, 1, 1)) == "planned"
