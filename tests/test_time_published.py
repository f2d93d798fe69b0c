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


def test_future_word_inside_a_quote_leaves_the_speech_date_the_reporting_day() -> None:
    # "akan" is what was said; Friday is when it was said (a quote mark or a speech word
    # stands between the two)
    text = (
        'Polisi memanggil pemilik kapal.\n\n" Kalau tidak datang, nanti kami jemput , " kata Kepala '
        "Bidang Humas Polda Metro Jaya Komisaris Besar Raden Argo di Jakarta, Jumat (6/1/2017)."
    )
    assert stage()(doc(text)).published == "2017-01-06"
    text = "Partai itu akan tetap dipilih warga di wilayah timur laut , ujarnya kepada Reuters, Selasa (18/7/2017)."
    assert stage()(doc(text)).published == "2017-07-18"
    # without either, the future clause still announces
    text = "Jakarta - Presiden akan meresmikan jembatan itu di Kalimantan Barat, Jumat (4/11/2016)."
    assert stage()(doc(text)).published is None


def test_lead_date_called_this_day_or_before_a_speech_verb_is_the_reporting_day() -> None:
    # after "pada" an event date is not the reporting day, unless the text calls it this day
    # or the date stands right before a speech verb
    assert stage()(doc("Kontrak Bale diperpanjang pada Minggu (30/10/2016).")).published is None
    assert stage()(doc("Kontrak Bale diperpanjang pada Minggu (30/10/2016) ini.")).published == "2016-10-30"
    text = "Wakil Kepala Polisi Malaysia pada Minggu (21/8/2016) mengungkapkan ada mahasiswa yang direkrut."
    assert stage()(doc(text)).published == "2016-08-21"
    text = "Wakil Kepala Polisi Malaysia pada Minggu (21/8/2016) ujarnya di Kuala Lumpur."
    assert stage()(doc(text)).published == "2016-08-21"


def test_lead_date_opening_a_line_or_after_a_no_break_space_is_the_reporting_day() -> None:
    text = "Sejumlah warga mengungsi.\nSenin (13/11/2017), petugas mendata kerusakan."
    assert stage()(doc(text)).published == "2017-11-13"
    # a no-break space before the date is a space: the comma before it counts
    text = "Polisi menangkap tiga remaja di Jakarta Selatan,\xa0 Jumat (9/2/2018) dini hari."
    assert stage()(doc(text)).published == "2018-02-09"
    text = "Polisi menangkap tiga remaja di Jakarta Selatan pada\xa0 Jumat (9/2/2018) dini hari."
    assert stage()(doc(text)).published is None


def test_lead_date_whose_weekday_contradicts_it_is_not_the_reporting_day() -> None:
    # 14/8/2017 is a Monday, and no year one digit away fits a Thursday alone: a slip
    text = "Bocah itu sudah diizinkan pulang dari rumah sakit di Jakarta Pusat, Kamis (14/8/2017)."
    assert stage()(doc(text)).published is None
    # the next lead date is taken instead
    text += " Hal itu disampaikan dokternya di Jakarta, Jumat (15/9/2017)."
    assert stage()(doc(text)).published == "2017-09-15"
    # a weekday that fits its date is the reporting day as before
    assert stage()(doc("Ia pulang dari rumah sakit di Jakarta, Kamis (14/9/2017).")).published == "2017-09-14"


def test_dateline_without_weekday_only_at_the_top() -> None:
    assert stage()(doc("JAKARTA, 5 September 2023 (ANTARA) - Harga naik.")).published == "2023-09-05"
    # a date inside the first sentence is an event, not a dateline
    assert stage()(doc("Jakarta - Michael Jackson wafat pada 25 Juni 2009 silam.")).published is None


def test_lead_date_called_yesterday_gives_the_next_day() -> None:
    # the event is dated and said to be yesterday: the report is of the day after it
    text = (
        "Jakarta - Penyanyi itu merilis video lagu barunya, Rabu (14/6/2017) kemarin. Video itu ditonton jutaan kali."
    )
    d = stage()(doc(text))
    assert (d.published, d.published_from) == ("2017-06-15", "text")
    assert d.features["time"]["published_evidence"] == "lead date, the day after"
    assert {t.text: t.value for t in d.timexes}["kemarin"] == "2017-06-14"
    # "kemarin" before the date, after a part of the day
    text = "Bandung - Timbunan batuan sore kemarin, Selasa (7/3/2017) sudah dapat dilalui kendaraan."
    assert stage()(doc(text)).published == "2017-03-08"
    # between the weekday and its bracketed date; the year pinned by the text's mentions
    text = "Sumedang - Banjir merendam jalan sejak Selasa kemarin (20/9). Banjir 2016 ini terparah.\nTahun 2016 hujan turun lebih awal."
    assert stage()(doc(text)).published == "2016-09-21"


def test_yesterday_makes_an_event_date_after_pada_the_reporting_day() -> None:
    # without "kemarin" an event date after "pada" is not the reporting day; with it, it fixes it
    assert stage()(doc("Jakarta - Miley Cyrus merayakan ulang tahun pada Rabu (23/11/2016).")).published is None
    d = stage()(doc("Jakarta - Miley Cyrus merayakan ulang tahun pada Rabu (23/11/2016) kemarin."))
    assert d.published == "2016-11-24"


def test_yesterday_elsewhere_in_the_lead_leaves_the_dateline_day() -> None:
    # the dateline is the reporting day; "kemarin" about another event does not move it
    d = stage()(doc("Jakarta, Senin (19/3/2018) - Presiden kemarin meresmikan jembatan baru."))
    assert d.published == "2018-03-19"
    assert {t.text: t.value for t in d.timexes}["kemarin"] == "2018-03-18"


def test_year_less_lead_called_yesterday_leaves_next_day_candidates() -> None:
    # no year in the text: the candidates the corpus stage pins are the days after the event
    d = stage()(doc("Jakarta - Video itu dirilis pada Rabu (14/6) kemarin di London."))
    assert d.published is None
    lead = d.features["time"]["lead_dates"]
    assert "2017-06-15" in lead and "2017-06-14" not in lead
    assert all(dt.date.fromisoformat(x).weekday() == 3 for x in lead)  # Thursdays, the day after a Wednesday


def test_english_lead_called_yesterday() -> None:
    text = "WASHINGTON - The president said yesterday, Monday, March 19, 2018, that the talks would go on."
    d = stage()(doc(text, lang="en"))
    assert d.published == "2018-03-20"
