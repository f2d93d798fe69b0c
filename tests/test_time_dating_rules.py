"""Issue 22 rules on texts written for these tests: years pinned by the weekday (inside the
window the evidence allows), typo years, publication dates of undated articles from their
lead and their run, story spans and placements, non-events, statuses."""

from __future__ import annotations

import datetime as dt
import json

from test_corpus_helpers import make_doc

from linimasa.corpus.dating import RUN_WINDOW_MARGIN_DAYS, StoryDatingStage, dated_window, pin_in_window
from linimasa.corpus.stage import TimelineStage
from linimasa.corpus.timeline import clause_cue, document_events, event_status, story_span
from linimasa.model import Document, Story
from linimasa.pipeline import CorpusResult
from linimasa.time import TimeStage
from linimasa.time.interpret import interpret, typo_year

TODAY = dt.date(2026, 1, 1)


def _timed(doc_id: str, text: str) -> Document:
    doc = Document(id=doc_id, source="test", raw=text, text=text, lang="id")
    return TimeStage(today=lambda: TODAY)(doc)


# -- typo years -------------------------------------------------------------------------


def test_typo_year_read_through_the_weekday_with_a_warning():
    # 13/12/2016 is a Tuesday; 2106 is one transposition away
    assert typo_year(2106, 12, 13, 1) == 2016
    doc = _timed("t", "Jakarta, Selasa (13/12/2106) - Polisi menangkap dua tersangka pencurian di Pasar Baru.")
    assert doc.published == "2016-12-13"
    t = next(t for t in doc.timexes if "13/12" in t.text)
    assert t.value == "2016-12-13"
    assert any("2106" in w and "2016" in w for w in doc.warnings)


def test_a_weekday_that_fits_its_year_changes_nothing():
    assert typo_year(2016, 12, 13, 1) is None
    spec = next(s for s in interpret("Selasa (13/12/2016) lalu", "id") if s.kind == "date")
    assert spec.year == 2016 and spec.year_written is None


def test_a_contradicting_weekday_without_a_unique_one_digit_year_stays_as_written():
    # 10/5/2016 is a Tuesday; "Senin" fits several one-digit neighbours (or none): no guess
    assert dt.date(2016, 5, 10).weekday() == 1
    assert typo_year(2016, 5, 10, 0) is None
    spec = next(s for s in interpret("Senin (10/5/2016) lalu", "id") if s.kind == "date")
    assert spec.year == 2016 and spec.year_written is None


# -- year pinning: the document's own full dates ------------------------------------------


def test_year_less_lead_date_pinned_by_the_documents_full_dates():
    # Minggu 19/3 falls on a Sunday in 2006, 2017 and 2023; the text's full date is in 2017
    text = (
        "Jakarta, Minggu (19/3) - Panitia menutup pameran buku yang dibuka pada Kamis (9/3/2017) "
        "di Senayan. Pengunjung tahun ini lebih banyak."
    )
    doc = _timed("p", text)
    assert doc.published == "2017-03-19"
    assert doc.published_from == "text"
    assert doc.features["time"]["year_basis"] == "weekday+document-years"


def test_ambiguous_lead_date_stays_null_with_candidates():
    doc = _timed("a", "Jakarta, Minggu (19/3) - Panitia menutup pameran buku di Senayan.")
    assert doc.published is None
    assert {"2006-03-19", "2017-03-19", "2023-03-19"} <= set(doc.features["time"]["lead_dates"])


# -- year pinning: the span of the run's dated documents -----------------------------------


def test_run_window_pins_the_one_fitting_year():
    window = dated_window([dt.date(2017, 1, 5), dt.date(2017, 6, 1), dt.date(2017, 11, 30)])
    margin = dt.timedelta(days=RUN_WINDOW_MARGIN_DAYS)
    assert RUN_WINDOW_MARGIN_DAYS == 90
    assert window == (dt.date(2017, 1, 5) - margin, dt.date(2017, 11, 30) + margin)
    undated = _timed("u", "Jakarta, Minggu (19/3) - Panitia menutup pameran buku di Senayan.")
    assert pin_in_window(undated, window) == dt.date(2017, 3, 19)
    wide = (dt.date(2005, 1, 1), dt.date(2018, 1, 1))  # 2006 and 2017 both fit: no choice
    assert pin_in_window(undated, wide) is None


def test_story_dating_stage_pins_undated_documents_inside_the_run_window():
    dated = [
        _timed(f"d{i}", f"Jakarta, Kamis ({d}/{m}/2017) - Rapat warga ke-{i} digelar di balai desa.")
        for i, (d, m) in enumerate([(5, 1), (2, 3), (1, 6), (7, 9)])
    ]
    undated = _timed("u", "Bandung, Minggu (19/3) - Panitia menutup pameran buku di Gedung Sate.")
    docs = [*dated, undated]
    stories = []
    for d in docs:
        d.story = "s-" + d.id
        stories.append(Story(id=d.story, title=d.id, documents=[d.id]))
    StoryDatingStage()(CorpusResult(documents=docs, stories=stories))
    assert undated.published == "2017-03-19"
    assert undated.published_from == "text"
    assert undated.features["time"]["year_basis"] == "weekday+run-window"


def test_the_run_window_overrules_a_year_taken_from_the_documents_history():
    # the article is of 2017 but writes only the 2006 dates of the case it recalls; 1 June is
    # a Thursday in 2006 and in 2017
    text = (
        "Jakarta, Kamis (1/6) - Sidang kasus korupsi alat kesehatan kembali digelar. "
        "Kasus itu bermula dari proyek yang diteken pada Senin (5/6/2006) dan dibayar pada Jumat (9/6/2006)."
    )
    old = _timed("u", text)
    assert old.published == "2006-06-01"
    assert old.features["time"]["year_basis"] in ("weekday+document-years", "weekday+mentioned-year")
    dated = [
        _timed(f"d{i}", f"Jakarta, Kamis ({d}/{m}/2017) - Rapat warga ke-{i} digelar di balai desa.")
        for i, (d, m) in enumerate([(5, 1), (2, 3), (1, 6), (7, 9)])
    ]
    StoryDatingStage()(CorpusResult(documents=[*dated, old], stories=[]))
    assert (old.published, old.published_from) == ("2017-06-01", "text")
    assert old.features["time"]["year_basis"] == "weekday+run-window"
    assert any("2006-06-01" in w and "2017-06-01" in w for w in old.warnings)
    # inside the window, the document's own year stands
    inside = _timed(
        "v", text.replace("Senin (5/6/2006)", "Senin (5/6/2017)").replace("Jumat (9/6/2006)", "Jumat (9/6/2017)")
    )
    StoryDatingStage()(CorpusResult(documents=[*dated, inside], stories=[]))
    assert inside.published == "2017-06-01" and not inside.warnings


def test_linimasa_run_overrules_the_history_year_too(tmp_path):
    # the same five articles through `linimasa run` (the plan's window over the document
    # records) and added to a store that holds the four dated ones (the stored window widened
    # by the new documents'): the 2006 lead date counted in the window, which then reached 2006
    # and overruled nothing
    from linimasa.jobs.run import run_pipeline

    text = (
        "Jakarta, Kamis (1/6) - Sidang kasus korupsi alat kesehatan kembali digelar. "
        "Kasus itu bermula dari proyek yang diteken pada Senin (5/6/2006) dan dibayar pada Jumat (9/6/2006)."
    )
    dated = [
        {"id": f"d{i}", "text": f"Jakarta, Kamis ({d}/{m}/2017) - Rapat warga ke-{i} digelar di balai desa."}
        for i, (d, m) in enumerate([(5, 1), (2, 3), (1, 6), (7, 9)])
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(o) for o in dated) + "\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "u", "text": text}) + "\n", encoding="utf-8")
    run_pipeline([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], tmp_path / "one", str(tmp_path / "one.db"))
    run_pipeline([str(tmp_path / "a.jsonl")], tmp_path / "two", str(tmp_path / "two.db"))
    run_pipeline([str(tmp_path / "b.jsonl")], tmp_path / "two", str(tmp_path / "two.db"))
    for out in ("one", "two"):
        docs = {o["id"]: o for o in map(json.loads, (tmp_path / out / "documents.jsonl").read_text().splitlines())}
        assert (docs["u"]["published"], docs["u"]["features"]["time"]["year_basis"]) == (
            "2017-06-01",
            "weekday+run-window",
        ), out


# -- story spans and placements ----------------------------------------------------------


def _story_docs():
    a = make_doc(
        "a",
        "Polisi menangkap pelaku pada Sabtu (4/3/2017) di Bekasi. Kasus serupa terjadi pada "
        "12 Januari 2010. Sidang perdana dijadwalkan pada 20 April 2017.",
        "2017-03-06",
        timexes=[
            ("Sabtu (4/3/2017)", "2017-03-04"),
            ("12 Januari 2010", "2010-01-12"),
            ("20 April 2017", "2017-04-20"),
        ],
    )
    b = make_doc(
        "b",
        "Tersangka diperiksa pada Selasa (7/3/2017) di Polda Metro Jaya.",
        "2017-03-08",
        timexes=[("Selasa (7/3/2017)", "2017-03-07")],
    )
    return [a, b]


def test_span_from_publication_dates_and_events_just_before():
    docs = _story_docs()
    story = Story(id="s", title="t", documents=["a", "b"])
    for d in docs:
        d.story = "s"
    TimelineStage()(CorpusResult(documents=docs, stories=[story]))
    assert story.start == "2017-03-04"  # the arrest, two days before the first article
    assert story.end == "2017-03-08"  # the last article, not the scheduled hearing
    placement = {e.date: e.placement for e in story.timeline}
    assert placement["2017-04-20"] == "scheduled"
    assert placement["2010-01-12"] == "background"
    assert placement["2017-03-04"] == "span" and placement["2017-03-07"] == "span"
    assert story.timeline[0].to_json()["placement"] == "background"


def test_events_long_before_the_first_article_never_move_the_start():
    a = make_doc(
        "a",
        "Perjanjian itu diteken pada Senin (6/2/2017) di Jakarta.",
        "2017-03-06",
        timexes=[("Senin (6/2/2017)", "2017-02-06")],
    )
    events = document_events(a)
    start, end = story_span(events, [a])
    assert (start, end) == ("2017-03-06", "2017-03-06")
    assert events[0].placement == "background"


# -- non-events --------------------------------------------------------------------------


def test_laws_periods_and_birth_years_are_not_timeline_events():
    text = (
        "Polisi menjerat pelaku dengan UU Nomor 44 tahun 2008 tentang pornografi. "
        "Ia menjabat ketua untuk periode 2017 - 2022. "
        "Pemain kelahiran 1995 itu mencetak gol. "
        "Stadion itu direnovasi pada 2015."
    )
    doc = make_doc(
        "n",
        text,
        "2017-05-01",
        timexes=[("2008", "2008"), ("2017", "2017"), ("2022", "2022"), ("1995", "1995"), ("2015", "2015")],
    )
    assert {e.date for e in document_events(doc)} == {"2015"}


# -- statuses ----------------------------------------------------------------------------


def test_status_cues():
    text = "Pelantikan digelar 24 Januari nanti. Rapat itu sudah berlangsung pada 3 Januari."
    s = text.index("24 Januari nanti")
    assert clause_cue(text, s, s + len("24 Januari nanti"), "id") == "planned"
    s = text.index("3 Januari")
    assert clause_cue(text, s, s + len("3 Januari"), "id") == "past"
    pub = dt.date(2018, 1, 10)
    assert event_status("planned", dt.date(2018, 1, 24), pub) == "planned"
    assert event_status(None, dt.date(2018, 1, 3), pub) == "happened"
    assert event_status(None, pub, pub) == "happened"  # news of the day
    assert event_status(None, dt.date(2018, 1, 12), pub) == "reported"  # no cue, after the day
    assert event_status(None, dt.date(2018, 1, 3), None) == "reported"  # no publication date
    assert event_status("expected", dt.date(2018, 2, 1), pub) == "expected"


def test_the_start_of_a_period_in_the_lead_is_not_the_reporting_day():
    # "sejak Minggu (12/1) malam" says when the flood began; the report is of Monday 13/1/2025
    text = (
        "Kendari - Banjir merendam lima kecamatan sejak Minggu (12/1) malam setelah hujan deras. "
        "Ketinggian air mencapai 1,5 meter, kata petugas, Senin (13/1/2025) pagi."
    )
    assert _timed("p", text).published == "2025-01-13"
    # without the period word, a lead date after a comma is the reporting day (at night: the
    # report is of the next day)
    assert _timed("q", text.replace(" sejak Minggu", ", Minggu")).published == "2025-01-13"
    assert _timed("r", text.replace(" sejak Minggu", ", Minggu").replace("(12/1) malam", "(12/1)")).published == (
        "2025-01-12"
    )


def test_an_event_date_in_the_lead_is_not_the_reporting_day():
    # "pada Sabtu (9/12)" names the premiere; the report's own day is ", Senin (11/12)"
    text = (
        "Los Angeles - Pemutaran perdana film itu digelar pada Sabtu (9/12/2017) malam. "
        "Sutradara mengaku puas dengan sambutan penonton, katanya, Senin (11/12/2017)."
    )
    assert _timed("p", text).published == "2017-12-11"
    # with only the event's date, the publication date stays unknown (precision first)
    assert _timed("q", text.split(". ")[0] + ".").published is None
    # a lead date followed by "lalu" is an earlier day, not the day of the report
    last = "Jakarta - Konser amal itu, Minggu (4/6/2017) lalu, dipuji banyak kritikus."
    assert _timed("r", last).published is None
    assert _timed("s", last.replace(" lalu,", ",")).published == "2017-06-04"


def test_the_lead_reporting_weekday_is_kept_for_the_story_stage():
    # "menurut media Rusia pada Senin": an attribution, so the future "akan" of the clause
    # does not make the weekday an announced day
    text = (
        "Seoul - Pemimpin itu akan mengunjungi Rusia dalam beberapa hari, menurut media Rusia pada Senin, "
        "di tengah berita tentang rencana pertemuan."
    )
    assert _timed("p", text).features["time"]["lead_weekday"] == 0
    # an announced day is not the reporting day
    planned = "Seoul - Pemimpin itu akan mengunjungi Rusia pada Senin untuk bertemu presiden."
    assert "lead_weekday" not in _timed("q", planned).features["time"]
    # an attributed weekday+date in a future clause is the reporting day
    dated = "Seoul - Pemimpin itu akan mengunjungi Rusia, menurut media Rusia pada Senin (11/9/2023)."
    assert _timed("r", dated).published == "2023-09-11"


def test_a_story_without_a_dated_article_has_no_span():
    # a birth date and an anniversary's base year are history, not when the story happened
    a = make_doc(
        "u",
        "Napoleon lahir pada 15 Agustus 1769 . Pertempuran Waterloo terjadi pada 18 Juni 1815 .",
        None,
        timexes=[("15 Agustus 1769", "1769-08-15"), ("18 Juni 1815", "1815-06-18")],
    )
    events = document_events(a)
    assert len(events) == 2
    assert story_span(events, [a]) == (None, None)
    assert {e.placement for e in events} == {"span"}


def test_targets_terms_held_and_publication_notes_are_not_events():
    text = (
        "Target itu dikejar hingga akhir tahun . "
        "Kontrak pemain itu diperpanjang hingga 2018 . "
        "Ia pernah menjabat Komisaris PT Maju Jaya pada 2000 - 2002 . "
        "Berita ini telah terbit di Koran Harian , Senin ( 9/10/2017 ) . "
        "Stadion itu direnovasi pada 2015 . Ia bekerja di sana 2010 hingga 2012 ."
    )
    doc = make_doc(
        "n",
        text,
        "2017-10-09",
        timexes=[
            ("akhir tahun", "2017"),
            ("2018", "2018"),
            ("2000", "2000"),
            ("2002", "2002"),
            ("Senin ( 9/10/2017 )", "2017-10-09"),
            ("2015", "2015"),
            ("2010", "2010"),
            ("2012", "2012"),
        ],
    )
    assert {e.date for e in document_events(doc)} == {"2015", "2010", "2012"}


def test_mendatang_after_a_date_and_menjelang_an_event_to_come_are_planned():
    text = "Laga Sabtu ( 22/7/2017 ) mendatang akan seru ."
    doc = make_doc("m", text, "2017-07-19", timexes=[("Sabtu ( 22/7/2017 ) mendatang", "2017-07-22")])
    assert [e.status for e in document_events(doc)] == ["planned"]
    text = "Polisi berjaga menjelang pelantikan , Jumat ( 20/10/2017 ) ."
    doc = make_doc("j", text, "2017-10-18", timexes=[("Jumat ( 20/10/2017 )", "2017-10-20")])
    assert [e.status for e in document_events(doc)] == ["planned"]
    # a day already past: "menjelang" says nothing more
    text = "Insiden terjadi menjelang sertijab Kapolsek , Rabu ( 21/9/2016 ) ."
    doc = make_doc("k", text, "2016-09-21", timexes=[("Rabu ( 21/9/2016 )", "2016-09-21")])
    assert [e.status for e in document_events(doc)] == ["happened"]


def test_a_lead_date_called_today_is_the_reporting_day_even_in_a_future_clause():
    text = "Album Witness akan diluncurkan pada hari ini , Kamis ( 14/9/2017 ) di seluruh dunia ."
    doc = _timed("t", text)
    assert (doc.published, doc.published_from) == ("2017-09-14", "text")
    text = "Band itu tampil di Columbus malam ini, Kamis (18/5/2017). Tiket sudah habis."
    assert _timed("m", text).published == "2017-05-18"
    # without "hari ini" the future clause announces the date: no reporting day
    text = "Album Witness akan diluncurkan pada Kamis ( 14/9/2017 ) di seluruh dunia ."
    assert _timed("f", text).published is None


def test_a_lead_date_at_night_is_reported_the_next_day():
    text = "Jakarta - Polisi menangkap dua pencuri di Jalan Permata Hijau , Kamis ( 16/11/2017 ) malam ."
    doc = _timed("n", text)
    assert (doc.published, doc.features["time"]["published_evidence"]) == (
        "2017-11-17",
        "lead date at night, the day after",
    )
    # the timex keeps its own day; in the afternoon the report is of the same day
    assert {t.text: t.value for t in doc.timexes}["Kamis ( 16/11/2017 ) malam"] == "2017-11-16TNI"
    assert _timed("s", text.replace("malam", "sore")).published == "2017-11-16"


def test_a_day_word_beside_a_written_date_is_one_event_on_the_date():
    # an article of 2 November calls 31 October "kemarin": one event, on the written date
    text = "Kemarin , Selasa ( 31/10/2017 ) , polisi menangkap dua orang . Pada Senin ( 30/10/2017 ) dan kemarin polisi berjaga ."
    doc = make_doc(
        "k",
        text,
        "2017-11-02",
        timexes=[
            ("Kemarin", "2017-11-01"),
            ("Selasa ( 31/10/2017 )", "2017-10-31"),
            ("Senin ( 30/10/2017 )", "2017-10-30"),
            ("kemarin", "2017-11-01"),
        ],
    )
    events = [(e.date, e.text[:7]) for e in document_events(doc)]
    # "dan" joins two days: both stay
    assert events == [("2017-10-31", "Kemarin"), ("2017-10-30", "Pada Se"), ("2017-11-01", "Pada Se")]


def test_a_law_in_tokenised_text_is_not_an_event():
    text = "Ia diduga melanggar Pasal 27 ayat 3 Undang - undang Nomor 19 Tahun 2016 tentang ITE ."
    doc = make_doc("u", text, "2018-01-09", timexes=[("Tahun 2016", "2016")])
    assert document_events(doc) == []


def test_a_plan_for_a_day_now_past_is_only_reported():
    pub = dt.date(2017, 12, 9)
    assert event_status("planned", dt.date(2014, 12, 31), pub, dt.date(2014, 1, 1)) == "reported"
    assert event_status("expected", dt.date(2017, 12, 8), pub, dt.date(2017, 12, 8)) == "reported"
    # today's plan and a plan to come stay planned
    assert event_status("planned", pub, pub, pub) == "planned"
    assert event_status("planned", dt.date(2017, 12, 20), pub, dt.date(2017, 12, 20)) == "planned"


def test_a_law_after_an_abbreviated_number_is_not_an_event():
    # "No." is an abbreviation, not the end of the sentence the law pattern looks back into
    text = (
        "Ia dijerat Pasal 11 UU No. 31 Tahun 1999 sebagaimana telah diubah dengan UU No. 20 Tahun 2001 tentang korupsi."
    )
    doc = make_doc("u", text, "2018-01-09", timexes=[("Tahun 1999", "1999"), ("Tahun 2001", "2001")])
    assert document_events(doc) == []
    # a sentence that ends before a year still ends there
    text = "Ia dijerat UU No. 31. Pada 2015 ia ditangkap."
    doc = make_doc("u", text, "2018-01-09", timexes=[("2015", "2015")])
    assert [e.date for e in document_events(doc)] == ["2015"]


def test_a_year_in_brackets_after_a_title_or_name_is_not_an_event():
    text = (
        "Pemeran film Inception ( 2010 ) itu memuji Styles. "
        "Ia pernah memperkuat PSM Makassar (2004 - 2006 ) dan Arema. "
        "Album ' All Rise ' ( 2001 ) laris. "
        "Stadion itu direnovasi ( 2015 ) oleh pemerintah. "
        "Gedung itu dibangun pada 2012 (Januari) lalu."
    )
    doc = make_doc(
        "p",
        text,
        "2017-05-01",
        timexes=[
            ("2010", "2010"),
            ("2004", "2004"),
            ("2006", "2006"),
            ("2001", "2001"),
            ("2015", "2015"),
            ("2012", "2012"),
        ],
    )
    # a lower-case word before the bracket is no title; a year outside brackets stays
    assert sorted(e.date for e in document_events(doc)) == ["2012", "2015"]


def test_without_a_publication_day_a_date_before_any_publication_is_past():
    # linimasa never dates an article before 1990: an older date is past even in an undated one
    assert event_status(None, dt.date(1815, 4, 11), None, dt.date(1815, 4, 11)) == "happened"
    assert event_status("planned", dt.date(1959, 12, 31), None, dt.date(1959, 1, 1)) == "reported"
    # a recent date of an undated article stays unknown
    assert event_status(None, dt.date(2016, 4, 11), None, dt.date(2016, 4, 11)) == "reported"
    assert event_status("planned", dt.date(2016, 12, 31), None, dt.date(2016, 1, 1)) == "planned"


def test_a_plan_said_after_the_date_is_not_the_dates_plan():
    # "diketahui" / "mengumumkan" before the plan: the date is when it became known or was said
    for text, key in (
        ("Hari ini diketahui pusat riset itu bakal dibangun di Serpong .", "Hari ini"),
        ("Pada Senin (5/6), pemerintah mengumumkan akan menaikkan harga .", "Senin (5/6)"),
    ):
        s = text.index(key)
        assert clause_cue(text, s, s + len(key), "id") is None
    # without it the plan stays the date's
    text = "Pada Senin (5/6) pemerintah akan menaikkan harga ."
    s = text.index("Senin (5/6)")
    assert clause_cue(text, s, s + len("Senin (5/6)"), "id") == "planned"


def test_the_end_of_a_contract_or_term_is_not_an_event() -> None:
    text = "Pemain itu akan terikat kontrak hingga 30 Juni 2020. Ia tiba di Frankfurt pada 18 Agustus 2017."
    doc = make_doc("k", text, "2017-08-19", timexes=[("30 Juni 2020", "2020-06-30"), ("18 Agustus 2017", "2017-08-18")])
    assert [e.date for e in document_events(doc)] == ["2017-08-18"]


def test_a_regulation_by_number_without_nomor_is_not_an_event():
    text = "Sesuai Instruksi Gubernur 16 Tahun 2015 guru itu dimutasi. Aturan UU 12 Tahun 2011 berlaku. Ia datang pada 2002."
    doc = make_doc("r", text, "2018-01-12", timexes=[("Tahun 2015", "2015"), ("Tahun 2011", "2011"), ("2002", "2002")])
    assert [e.date for e in document_events(doc)] == ["2002"]


def test_mau_is_a_plan():
    text = '" Saya mau ke Nauru , Senin .'
    s = text.index("Senin")
    assert clause_cue(text, s, s + len("Senin"), "id") == "planned"
