"""Indonesian temporal tagging and normalisation, family by family, on news-style sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from linimasa.time import tag

ANCHOR = dt.date(2023, 9, 5)  # a Tuesday


def found(text: str, anchor: dt.date | None = ANCHOR) -> dict[str, str | None]:
    out = {}
    for t in tag(text, "id", anchor):
        assert text[t.start : t.end] == t.text
        out[t.text] = t.value
    return out


def one(text: str, anchor: dt.date | None = ANCHOR):
    got = tag(text, "id", anchor)
    assert len(got) == 1, [(t.text, t.value) for t in got]
    return got[0]


# -- weekday with numeric dates -----------------------------------------------------------
@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Hal itu disampaikan di Jakarta, Selasa (5/9/2023).", "Selasa (5/9/2023)", "2023-09-05"),
        ("Ditemui di BSD , Kamis ( 18 / 8 / 2016 ) , ia berkata.", "Kamis ( 18 / 8 / 2016 )", "2016-08-18"),
        ("Rapat digelar Rabu (4/10/23) di Bandung.", "Rabu (4/10/23)", "2023-10-04"),
        ("Ia tiba pada Senin, 4/9/2023 pagi.", "Senin, 4/9/2023 pagi", "2023-09-04TMO"),
        ("Polisi menangkapnya pada Jum'at (1/9).", "Jum'at (1/9)", "2023-09-01"),
    ],
)
def test_weekday_numeric_dates(text: str, expr: str, value: str) -> None:
    assert found(text)[expr] == value


def test_year_less_weekday_date_takes_the_agreeing_year_nearest_the_anchor() -> None:
    # Thursday 25 April: 2013, 2019 and 2024 agree; nearest to an April 2019 anchor is 2019.
    assert one("Keduanya bertemu pada Kamis (25/4) di Vladivostok.", dt.date(2019, 4, 24)).value == "2019-04-25"
    # the same words anchored in 2024 give 2024
    assert one("Keduanya bertemu pada Kamis (25/4) di Vladivostok.", dt.date(2024, 4, 20)).value == "2024-04-25"


def test_year_less_weekday_date_without_anchor_keeps_candidates() -> None:
    t = one("Keduanya bertemu pada Kamis (25/4) di Vladivostok.", None)
    assert t.value == "XXXX-04-25"
    assert {"2013-04-25", "2019-04-25", "2024-04-25"} <= set(t.candidates)
    assert all(dt.date.fromisoformat(c).weekday() == 3 for c in t.candidates)


def test_day_month_order_is_day_first() -> None:
    # 5/9 is 5 September in Indonesian, not 9 May
    assert one("Kabar itu muncul Selasa (5/9).", ANCHOR).value == "2023-09-05"


# -- day, month and year forms -------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Kunjungan dijadwalkan pada 25 April di Vladivostok.", "25 April", "2024-04-25"),
        ("Putin datang pada Juli 2000.", "Juli 2000", "2000-07"),
        ("Forum digelar pada 10-13 September.", "10-13 September", "2023-09-10/2023-09-13"),
        ("Forum digelar pada 10 - 13 September 2023.", "10 - 13 September 2023", "2023-09-10/2023-09-13"),
        (
            "Pameran berlangsung 28 Agustus hingga 2 September.",
            "28 Agustus hingga 2 September",
            "2023-08-28/2023-09-02",
        ),
        ("Perundingan terakhir digelar pada 2009.", "2009", "2009"),
        ("Kebijakan itu berlaku sejak tahun 2009.", "tahun 2009", "2009"),
        ("Harga naik sejak 17 Agt 2023.", "17 Agt 2023", "2023-08-17"),
        ("Kontrak diteken 3 Nop. 2022.", "3 Nop. 2022", "2022-11-03"),
        ("Pemilu digelar pada 14 Pebruari 2024.", "14 Pebruari 2024", "2024-02-14"),
        ("Ia lahir pada 1 Sept 1990.", "1 Sept 1990", "1990-09-01"),
        ("Musim hujan terjadi pada era 1990-an.", "1990-an", "199"),
    ],
)
def test_calendar_dates(text: str, expr: str, value: str) -> None:
    assert found(text)[expr] == value


def test_future_clause_sends_year_less_date_after_anchor() -> None:
    # written 5 September 2023: "akan ... 25 April" is April 2024, not April 2023
    assert found("Pertemuan akan digelar pada 25 April.")["25 April"] == "2024-04-25"
    # past clause: the last 25 April before the anchor
    assert found("Pertemuan telah digelar pada 25 April.")["25 April"] == "2023-04-25"


def test_bare_numbers_are_not_years() -> None:
    assert found("Sebanyak 2009 orang hadir dan 1999 unit terjual.") == {}


def test_bare_month_needs_a_cue_and_a_capital() -> None:
    assert found("Ia bertemu Putin pada September.")["September"] == "2023-09"
    assert "Mei" not in found("Nama panggilannya Mei dan ia guru.")


# -- relative expressions ----------------------------------------------------------------
@pytest.mark.parametrize(
    "expr,value",
    [
        ("kemarin", "2023-09-04"),
        ("besok", "2023-09-06"),
        ("lusa", "2023-09-07"),
        ("hari ini", "2023-09-05"),
        ("sekarang", "PRESENT_REF"),
        ("saat ini", "PRESENT_REF"),
        ("pekan depan", "2023-W37"),
        ("pekan lalu", "2023-W35"),
        ("pekan ini", "2023-W36"),
        ("bulan lalu", "2023-08"),
        ("bulan depan", "2023-10"),
        ("tahun lalu", "2022"),
        ("tahun depan", "2024"),
        ("tiga hari lalu", "2023-09-02"),
        ("dua pekan lalu", "2023-W34"),
        ("enam bulan lalu", "2023-03"),
        ("lima tahun lalu", "2018"),
        ("dua hari lagi", "2023-09-07"),
        ("dua tahun yang lalu", "2021"),
        ("tujuh tahun silam", "2016"),
        ("Juli lalu", "2023-07"),
        ("Desember mendatang", "2023-12"),
        ("beberapa hari lalu", "PAST_REF"),
        ("beberapa hari mendatang", "FUTURE_REF"),
        ("baru-baru ini", "PAST_REF"),
        ("masa depan", "FUTURE_REF"),
    ],
)
def test_relative_expressions(expr: str, value: str) -> None:
    text = f"Menurut sumber itu, {expr} ada perkembangan baru."
    assert found(text)[expr] == value


def test_modified_months_and_months_relative() -> None:
    got = found("Pada akhir bulan lalu, awal April, pertengahan Juni dan akhir April ada rapat.")
    assert got["akhir bulan lalu"] == "2023-08"
    assert got["awal April"] == "2023-04"
    assert got["pertengahan Juni"] == "2023-06"
    ts = {t.text: t.mod for t in tag("Pada akhir bulan lalu dan awal April ada rapat.", "id", ANCHOR)}
    assert ts == {"akhir bulan lalu": "END", "awal April": "START"}


def test_year_boundary_desember_lalu_written_in_january() -> None:
    assert found("Banjir melanda pada Desember lalu.", dt.date(2024, 1, 10))["Desember lalu"] == "2023-12"
    assert found("Pemilu digelar Februari mendatang.", dt.date(2023, 12, 20))["Februari mendatang"] == "2024-02"
    assert found("Rapat pekan lalu membahasnya.", dt.date(2024, 1, 3))["pekan lalu"] == "2023-W52"
    assert found("Proyek dimulai bulan lalu.", dt.date(2024, 1, 3))["bulan lalu"] == "2023-12"
    assert found("Ia berangkat kemarin.", dt.date(2024, 1, 1))["kemarin"] == "2023-12-31"


def test_leap_years() -> None:
    assert found("Ia lahir pada 29 Februari 2024.")["29 Februari 2024"] == "2024-02-29"
    assert found("Tanggal 29 Februari 2023 tidak ada.") == {}
    # a year-less 29 February goes to the nearest leap year
    assert found("Rapat digelar pada 29 Februari.", dt.date(2023, 9, 5))["29 Februari"] == "2024-02-29"
    assert found("Rapat telah digelar pada 29 Februari.", dt.date(2023, 9, 5))["29 Februari"] == "2020-02-29"
    # Thursday 29 February only in 2024 (and 1996, 2052...)
    assert found("Rapat pada Kamis (29/2).", dt.date(2023, 9, 5))["Kamis (29/2)"] == "2024-02-29"
    assert found("Ia datang sehari sebelumnya.", dt.date(2024, 3, 1))["sehari sebelumnya"] == "2024-02-29"


# -- anaphora ----------------------------------------------------------------------------
def test_anaphoric_expressions_follow_the_last_mentioned_date() -> None:
    text = "Kim tiba di Vladivostok pada Rabu (24/4/2019). Sehari sebelumnya, ajudannya datang. Hari itu hujan."
    got = found(text, dt.date(2019, 4, 26))
    assert got["Sehari sebelumnya"] == "2019-04-23"
    assert got["Hari itu"] == "2019-04-23"
    text = "Pada 1 Mei 2020 pabrik ditutup. Dua hari kemudian pekerja berdemo. Keesokan harinya polisi datang."
    got = found(text, dt.date(2020, 6, 1))
    assert got["Dua hari kemudian"] == "2020-05-03"
    assert got["Keesokan harinya"] == "2020-05-04"


def test_anaphora_without_antecedent_uses_the_news_day() -> None:
    from linimasa.time.interpret import interpret
    from linimasa.time.resolve import Resolver

    text = "Kim, yang telah tiba sehari sebelumnya, berbicara."
    specs = interpret(text, "id")
    # stamped 00:37: the news day is the day before publication
    late = Resolver(dt.date(2019, 4, 26), anchor_hour=0, cutoff_hour=6).resolve(specs)
    assert late[0].value == "2019-04-24"
    day = Resolver(dt.date(2019, 4, 26), anchor_hour=14, cutoff_hour=6).resolve(specs)
    assert day[0].value == "2019-04-25"


# -- Sunday or week ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expr,value",
    [
        ("Ia tiba di sana pada Minggu (21/4).", "Minggu (21/4)", "2019-04-21"),
        ("Laporan itu terbit pada Minggu.", "Minggu", "2019-04-21"),
        ("Jubir Kremlin pada hari minggu berkata bahwa kunjungan siap.", "hari minggu", "2019-04-21"),
        ("Jakarta, Minggu (21/4) - Hujan deras turun.", "Minggu (21/4)", "2019-04-21"),
        ("Acara itu digelar Minggu malam di Jakarta.", "Minggu malam", "2019-04-21TNI"),
        ("Ia bertemu menteri itu minggu lalu.", "minggu lalu", "2019-W16"),
        ("Minggu lalu, harga cabai naik.", "Minggu lalu", "2019-W16"),
        ("Forum ekonomi digelar minggu ini.", "minggu ini", "2019-W17"),
        ("Polisi akan memeriksanya minggu depan.", "minggu depan", "2019-W18"),
        ("Pameran berlangsung dua minggu.", "dua minggu", "P2W"),
        ("Ia dirawat seminggu di rumah sakit.", "seminggu", "P1W"),
        ("Pasar tutup pada Minggu lalu.", "Minggu lalu", "2019-04-21"),
    ],
)
def test_minggu_sunday_or_week(text: str, expr: str, value: str) -> None:
    assert found(text, dt.date(2019, 4, 24))[expr] == value


def test_set_minggu() -> None:
    got = found("Pasar buka setiap minggu, tetapi misa digelar setiap hari Minggu.")
    assert got["setiap minggu"] == "P1W"
    assert got["setiap hari Minggu"] == "XXXX-WXX-7"


# -- bare weekdays -----------------------------------------------------------------------
def test_bare_weekday_resolves_around_the_anchor() -> None:
    monday = dt.date(2023, 9, 11)
    assert found("Kata media Rusia pada Senin.", monday)["Senin"] == "2023-09-11"
    assert found("Kata media Rusia pada Jumat.", monday)["Jumat"] == "2023-09-08"
    assert found("Kim akan tiba pada Rabu.", monday)["Rabu"] == "2023-09-13"
    assert found("Rapat digelar Senin lalu.", monday)["Senin lalu"] == "2023-09-04"
    assert found("Rapat digelar Senin depan.", monday)["Senin depan"] == "2023-09-18"


# -- times, durations, sets ----------------------------------------------------------------
def test_clock_times() -> None:
    got = found("Rapat dimulai Kamis (7/9/2023) pukul 10.00 WIB dan selesai pukul 8 malam.")
    # a date with its clock time is one TIMEX3 expression (TimeML); a later clock time is on
    # the day the narrative is on
    assert got["Kamis (7/9/2023) pukul 10.00 WIB"] == "2023-09-07T10:00"
    assert got["pukul 8 malam"] == "2023-09-07T20:00"
    assert found("Diunggah April 26, 2019 at 12:37AM")["12:37AM"] == "2019-04-26T00:37"
    assert found("Gempa terjadi 14.30 WIB tadi.")["14.30 WIB"] == "2023-09-05T14:30"


def test_numbers_with_dots_are_not_times() -> None:
    assert found("Harganya Rp 10.000 per unit.") == {}


@pytest.mark.parametrize(
    "expr,value",
    [
        ("50 menit", "PT50M"),
        ("enam tahun", "P6Y"),
        ("dua dekade", "P20Y"),
        ("satu hari", "P1D"),
        ("dua puluh lima tahun", "P25Y"),
        ("tiga belas hari", "P13D"),
        ("24 jam", "PT24H"),
        ("setahun", "P1Y"),
        ("beberapa tahun terakhir", "PXY"),
        ("bertahun-tahun", "PXY"),
        ("1,5 tahun", "P1.5Y"),
    ],
)
def test_durations(expr: str, value: str) -> None:
    text = f"Ia bekerja selama {expr} di sana."
    t = {x.text: x for x in tag(text, "id", ANCHOR)}[expr]
    assert (t.type, t.value) == ("DURATION", value)


def test_duration_modifiers() -> None:
    t = one("Kunjungan itu yang pertama setelah lebih dari dua dekade.")
    assert (t.value, t.mod) == ("P20Y", "MORE_THAN")
    assert one("Ia menunggu sekitar tiga jam.").mod == "APPROX"


@pytest.mark.parametrize(
    "expr,value",
    [
        ("setiap tahun", "P1Y"),
        ("tiap Senin", "XXXX-WXX-1"),
        ("setiap hari", "P1D"),
        ("setiap bulan", "P1M"),
        ("setiap 17 Agustus", "XXXX-08-17"),
        ("setiap tanggal 25", "XXXX-XX-25"),
        ("setiap dua tahun", "P2Y"),
        ("per bulan", "P1M"),
    ],
)
def test_sets(expr: str, value: str) -> None:
    t = {x.text: x for x in tag(f"Acara itu digelar {expr} di balai kota.", "id", ANCHOR)}[expr]
    assert (t.type, t.value) == ("SET", value)


def test_offsets_sorted_and_non_overlapping() -> None:
    text = "Kamis (25/4) pukul 10.00 WIB, tiga hari lalu, pekan depan dan 10-13 September 2023 setiap tahun."
    got = tag(text, "id", ANCHOR)
    assert [t.start for t in got] == sorted(t.start for t in got)
    assert all(a.end <= b.start for a, b in zip(got, got[1:], strict=False))
    assert all(text[t.start : t.end] == t.text for t in got)


def test_weekday_slip_near_a_known_anchor() -> None:
    # 13 November 2016 was a Sunday: "Senin (13/11)" in a November 2016 story is a slip for
    # the date next to the anchor, not 13 November 2017 (the next Monday 13 November)
    assert found("Ia diperiksa pada Senin (13/11).", dt.date(2016, 11, 17))["Senin (13/11)"] == "2016-11-13"


def test_second_year_after_a_conjunction() -> None:
    got = found("Pemilu digelar pada 2014 dan 2019, sementara 2024 orang hadir.")
    assert got == {"2014": "2014", "2019": "2019"}


def test_a_month_with_lalu_in_that_month_is_this_years() -> None:
    d = dt.date(2017, 7, 13)
    assert found("Ia menang di Sachsenring awal Juli lalu.", d)["awal Juli lalu"] == "2017-07"
    assert found("Ia menang di Assen pada Juni lalu.", d)["Juni lalu"] == "2017-06"
    assert found("Ia menang di Brno pada Agustus lalu.", d)["Agustus lalu"] == "2016-08"


def test_two_full_dates_joined_by_dan_are_two_dates() -> None:
    got = found("Ia tidak menghadiri panggilan pada 13 April dan 18 April.", dt.date(2017, 5, 8))
    assert got == {"13 April": "2017-04-13", "18 April": "2017-04-18"}
    # one month for both days: a span
    assert found("Forum itu digelar pada 10 dan 11 September.", dt.date(2017, 5, 8)) == {
        "10 dan 11 September": "2017-09-10/2017-09-11"
    }


def test_lower_case_minggu_with_a_direction_is_the_week() -> None:
    d = dt.date(2017, 5, 14)
    assert found("Ia akan pulang pada minggu depan.", d) == {"minggu depan": "2017-W20"}
    assert found("Ia akan pulang pada Minggu depan.", d) == {"Minggu depan": "2017-05-21"}


def test_a_count_before_a_unit_is_not_last_year() -> None:
    # "55 ribu tahun yang lalu" is 55,000 years ago, not 1017 and not "last year"
    assert found("Danau itu terbentuk sekitar 55 ribu tahun yang lalu.", dt.date(2017, 5, 8)) == {}
    assert found("Ia pindah ke sana dua tahun lalu.", dt.date(2017, 5, 8)) == {"dua tahun lalu": "2015"}


def test_the_javanese_market_day_after_a_weekday_is_part_of_the_date() -> None:
    d = dt.date(2017, 6, 24)
    assert found("Puncaknya jatuh pada Ahad Legi, 25 Juni 2017.", d) == {"Ahad Legi, 25 Juni 2017": "2017-06-25"}
