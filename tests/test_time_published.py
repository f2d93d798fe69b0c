"""Publication-date inference and the document-level year decision."""

from __future__ import annotations

import datetime as dt

from linimasa.model import Document
from linimasa.published import date_from_url
from linimasa.time.interpret import interpret
from linimasa.time.lexicon import lexicon
from linimasa.time.published import decide_year, from_metadata, from_text, lead_date
from linimasa.time.stage import TimeStage

TODAY = dt.date(2026, 11, 23)


def stage(today: dt.date = TODAY) -> TimeStage:
    return TimeStage(today=lambda: today)


def doc(text: str, **kw) -> Document:
    return Document(id="d", source="test", raw=text, text=text, lang=kw.pop("lang", "id"), **kw)


def test_url_dates() -> None:
    assert date_from_url("http://www.suara.com/otomotif/2016/08/19/110340/judul", TODAY) == dt.date(2016, 8, 19)
    assert date_from_url("http://www.cnnindonesia.com/nasional/20160822115846-106-152964/judul/", TODAY) == dt.date(
        2016, 8, 22
    )
    assert date_from_url("https://example.com/news/2019-04-26/judul", TODAY) == dt.date(2019, 4, 26)
    assert date_from_url("https://kumparan.com/berita/judul-berita-123456", TODAY) is None
    assert date_from_url("https://example.com/2030/01/02/future", TODAY) is None


def test_metadata_order_of_trust() -> None:
    got = from_metadata(
        {"published": "2019-04-26T00:37:00", "html_published": "2019-04-20"}, "http://x.com/2019/01/01/a", TODAY
    )
    assert (got.date, got.hour, got.source) == (dt.date(2019, 4, 26), 0, "input")
    got = from_metadata({"html_published": "2019-04-20"}, "http://x.com/2019/01/01/a", TODAY)
    assert (got.date, got.source) == (dt.date(2019, 4, 20), "html")
    got = from_metadata({}, "http://x.com/2019/01/01/a", TODAY)
    assert (got.date, got.source) == (dt.date(2019, 1, 1), "url")


def test_timestamp_line_at_the_end() -> None:
    text = "Kedua pemimpin bertemu di Vladivostok.\nKim telah tiba sehari sebelumnya.\nhttp://bit.ly/xyz\nApril 26, 2019 at 12:37AM\nBagikan Berita Ini"
    d = stage()(doc(text))
    assert (d.published, d.published_from) == ("2019-04-26", "text")
    # stamped after midnight: the reported day is 25 April, "sehari sebelumnya" the 24th
    assert {t.text: t.value for t in d.timexes}["sehari sebelumnya"] == "2019-04-24"


def test_labelled_timestamp_line() -> None:
    text = "Diterbitkan: 5 September 2023 10:15 WIB\nPemerintah mengumumkan kebijakan baru kemarin."
    d = stage()(doc(text))
    assert d.published == "2023-09-05"
    assert {t.text: t.value for t in d.timexes}["kemarin"] == "2023-09-04"


def test_lead_weekday_date_with_year() -> None:
    text = "Jakarta - Kabar itu disampaikan otoritas, seperti dilansir dari kantor berita, Selasa (5/9/2023). Pertemuan berlangsung pekan depan."
    d = stage()(doc(text))
    assert (d.published, d.published_from) == ("2023-09-05", "text")
    assert {t.text: t.value for t in d.timexes}["pekan depan"] == "2023-W37"


def test_year_less_lead_with_year_pinned_by_mentions() -> None:
    text = (
        "Jakarta , Kamis ( 18 / 8 ) - Penjualan mobil baru di pameran GIIAS 2016 melampaui target.\n\n"
        "Target tahun 2016 adalah 8.000 unit per bulan."
    )
    d = stage()(doc(text))
    assert d.published == "2016-08-18"
    assert d.features["time"]["year_basis"] == "weekday+mentioned-year"


def test_year_less_lead_with_elapsed_time() -> None:
    # the first visit "after more than two decades" since 1999 can only be the 2024 Sunday 21 January
    text = (
        "Seoul - Presiden itu ingin berkunjung, lapor kantor berita, Minggu (21/01).\n"
        "Ia terakhir datang pada 1999. Ini kunjungan pertama setelah lebih dari dua dekade."
    )
    d = stage()(doc(text))
    assert d.published == "2024-01-21"
    assert d.features["time"]["year_basis"] == "weekday+elapsed"


def test_undecidable_year_stays_null_with_candidates() -> None:
    text = "Moskow - Keduanya akan bertemu pada Kamis (25/4) di Vladivostok, setelah bertemu Minggu (21/4)."
    d = stage()(doc(text))
    assert d.published is None
    feats = d.features["time"]
    assert {2013, 2019, 2024} <= set(feats["candidate_years"])
    assert all(dt.date(y, 4, 25).weekday() == 3 for y in feats["candidate_years"])
    kamis = d.timexes[0]
    assert kamis.value == "XXXX-04-25" and "2019-04-25" in kamis.candidates


def test_no_evidence_no_date() -> None:
    d = stage()(doc("Harga cabai naik tajam di pasar tradisional menurut pedagang."))
    assert d.published is None and d.published_from is None


def test_never_in_the_future() -> None:
    d = stage(dt.date(2023, 9, 1))(doc("Jakarta - Kabar itu disampaikan Selasa (5/9/2023)."))
    assert d.published is None
    d = stage(dt.date(2023, 9, 1))(doc("Diterbitkan: 5 September 2023\nIsi berita."))
    assert d.published is None


def test_candidates_exclude_future_years() -> None:
    # Sunday 21 January is also 2029: not a candidate when the run is in 2026
    lex = lexicon("id")
    text = "Kabar itu muncul pada Minggu (21/01)."
    specs = interpret(text, "id")
    decision = decide_year(lead_date(specs, lex), specs, text, lex, TODAY)
    assert 2029 not in decision.candidates and 2024 in decision.candidates


def test_metadata_given_by_cleaning_is_kept() -> None:
    d = doc("Rapat digelar kemarin.", published="2020-02-02", published_from="input")
    stage()(d)
    assert (d.published, d.published_from) == ("2020-02-02", "input")
    assert d.timexes[0].value == "2020-02-01"


def test_from_text_prefers_timestamp_over_lead() -> None:
    text = "Jakarta, Senin (4/9/2023) - Isi berita.\nLain lagi.\nDiperbarui 5 September 2023"
    lex = lexicon("id")
    got = from_text(text, interpret(text, "id"), lex, TODAY)
    assert (got.date, got.evidence) == (dt.date(2023, 9, 5), "timestamp line")


def test_lead_date_in_a_future_clause_is_not_the_reporting_day() -> None:
    text = (
        "Jakarta - Polisi akan mengamankan aksi unjuk rasa pada Jumat (4/11/2016) di depan Istana.\n"
        "Rencana itu disampaikan Kapolri di Jakarta, Minggu (30/10/2016)."
    )
    d = stage()(doc(text))
    assert d.published == "2016-10-30"


def test_dateline_without_weekday_only_at_the_top() -> None:
    assert stage()(doc("JAKARTA, 5 September 2023 (ANTARA) - Harga naik.")).published == "2023-09-05"
    # a date inside the first sentence is an event, not a dateline
    assert stage()(doc("Jakarta - Michael Jackson wafat pada 25 Juni 2009 silam.")).published is None
