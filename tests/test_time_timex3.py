"""TIMEX3 conventions (docs/time.md, "TIMEX3 conventions"), one test per convention, on text
written here."""

from __future__ import annotations

import datetime as dt

from linimasa.corpus.timeline import document_events, when
from linimasa.model import Document
from linimasa.time import tag

ANCHOR = dt.date(2017, 6, 1)  # a Thursday


def found(text: str, anchor: dt.date | None = ANCHOR) -> dict[str, tuple[str, str | None]]:
    return {t.text: (t.type, t.value) for t in tag(text, "id", anchor)}


def test_date_with_clock_time_is_one_expression() -> None:
    got = found("Ledakan terjadi Minggu (28/12/2014) pukul 06.18 WIB di pasar.")
    assert got == {"Minggu (28/12/2014) pukul 06.18 WIB": ("TIME", "2014-12-28T06:18")}
    got = found("Jalan ditutup mulai pukul 18.00 WIB pada 31 Desember 2017 .")
    assert got == {"pukul 18.00 WIB pada 31 Desember 2017": ("TIME", "2017-12-31T18:00")}


def test_date_with_part_of_day_is_one_expression() -> None:
    assert found("Hujan deras turun Selasa (30/12/2014) sore.") == {
        "Selasa (30/12/2014) sore": ("TIME", "2014-12-30TAF")
    }
    assert found("Sidang digelar Rabu ( 31 / 5 ) malam .") == {"Rabu ( 31 / 5 ) malam": ("TIME", "2017-05-31TNI")}


def test_parts_of_day() -> None:
    got = found("Kamis pagi hujan, Kamis siang panas, Kamis sore mendung, Kamis petang sepi, Kamis malam dingin.")
    parts = [v[1][-2:] for v in got.values()]
    assert parts == ["MO", "AF", "AF", "EV", "NI"]


def test_clock_time_on_the_narrative_day() -> None:
    text = "Pelaku ditangkap Minggu (28/5). Ia tiba di kantor polisi pukul 14.00 WIB. Hari itu ia diperiksa."
    got = found(text)
    assert got["pukul 14.00 WIB"] == ("TIME", "2017-05-28T14:00")
    assert got["Hari itu"] == ("DATE", "2017-05-28")
    # with no date before it, the publication day
    assert found("Rapat dimulai pukul 09.00 WIB.")["pukul 09.00 WIB"] == ("TIME", "2017-06-01T09:00")


def test_reference_words() -> None:
    got = found("Saat itu ia masih kecil. Kini ia dewasa. Dulu, desa ini sepi. Nanti kita lihat hasilnya.")
    assert got == {
        "Saat itu": ("DATE", "PAST_REF"),
        "Kini": ("DATE", "PRESENT_REF"),
        "Dulu": ("DATE", "PAST_REF"),
        "Nanti": ("DATE", "FUTURE_REF"),
    }
    # "dulu" at the end of a clause is "first", not a time
    assert found("Kami urus izinnya dulu, baru membangun.") == {}


def test_indefinite_day_of_a_narrative() -> None:
    got = found("Suatu malam saat band itu tur, ia jatuh. Pada suatu hari ia kembali. Suatu pagi hujan turun.")
    assert got == {
        "Suatu malam": ("TIME", "XXXX-XX-XXTNI"),
        "suatu hari": ("DATE", "XXXX-XX-XX"),
        "Suatu pagi": ("TIME", "XXXX-XX-XXTMO"),
    }
    text = "Suatu malam ia jatuh dari panggung."
    doc = Document(id="d", source="t", raw=text, text=text, lang="id", published="2017-06-01")
    doc.timexes = tag(text, "id", ANCHOR)
    assert document_events(doc) == []  # a day no text can pin is no timeline event


def test_full_duration_keeps_its_word() -> None:
    got = found("Ia bekerja setahun penuh di sana dan menunggu dua hari penuh. Gedung itu penuh sehari.")
    assert got == {
        "setahun penuh": ("DURATION", "P1Y"),
        "dua hari penuh": ("DURATION", "P2D"),
        "sehari": ("DURATION", "P1D"),
    }


def test_vague_durations() -> None:
    got = found("Warga menunggu bertahun-tahun. Ia dirawat beberapa hari dan berjam-jam antre, beberapa menit.")
    assert got["bertahun-tahun"] == ("DURATION", "PXY")
    assert got["beberapa hari"] == ("DURATION", "PXD")
    assert got["berjam-jam"] == ("DURATION", "PTXH")
    assert got["beberapa menit"] == ("DURATION", "PTXM")


def test_compound_durations() -> None:
    got = found("Ia dipenjara tujuh tahun enam bulan, lalu 2 jam 30 menit.")
    assert got["tujuh tahun enam bulan"] == ("DURATION", "P7Y6M")
    assert got["2 jam 30 menit"] == ("DURATION", "PT2H30M")


def test_decades() -> None:
    got = found("Musik tahun 40-an kembali populer, juga lagu 1990-an dan era 80an.")
    assert got["tahun 40-an"] == ("DATE", "194")
    assert got["1990-an"] == ("DATE", "199")
    assert got["era 80an"] == ("DATE", "198")


def test_seasons() -> None:
    got = found("Konser digelar musim panas 2016. Musim dingin lalu salju turun. Musim hujan tiba.")
    assert got["musim panas 2016"] == ("DATE", "2016-SU")
    assert got["Musim dingin lalu"] == ("DATE", "2016-WI")
    # Indonesia's rainy and dry seasons have no TimeML value: not tagged
    assert "Musim hujan" not in got
    assert found("Setiap musim panas festival digelar.") == {"Setiap musim panas": ("SET", "XXXX-SU")}


def test_later_anchored_to_previous_date() -> None:
    got = found("Ia tiba pada 3 Maret 2016. Tiga minggu kemudian ia pergi.")
    assert got["Tiga minggu kemudian"] == ("DATE", "2016-W12")  # 24 March 2016
    got = found("Ia tiba pada Desember 2016, dan 6 pekan kemudian ia mengajukan suaka.")
    assert got["6 pekan kemudian"] == ("DATE", "2017-W02")


def test_forward_span_is_a_duration_with_interval() -> None:
    (t,) = tag("Hujan diperkirakan turun tiga hari ke depan.", "id", ANCHOR)
    assert (t.text, t.type, t.value, t.interval) == ("tiga hari ke depan", "DURATION", "P3D", "2017-06-01/2017-06-04")
    assert t.to_json()["interval"] == "2017-06-01/2017-06-04"
    assert when(t) == "2017-06-01/2017-06-04"
    # the timeline still places it
    text = "Hujan diperkirakan turun tiga hari ke depan."
    doc = Document(id="d", source="t", raw=text, text=text, lang="id", published="2017-06-01")
    doc.timexes = [t]
    events = document_events(doc)
    assert [e.date for e in events] == ["2017-06-01/2017-06-04"]


def test_weekday_with_its_week_and_bracketed_date() -> None:
    got = found("Minggu pekan lalu ia datang. Pertemuan dilakukan Senin pekan depan ( 5 / 6 ).")
    assert got["Minggu pekan lalu"] == ("DATE", "2017-05-28")
    assert got["Senin pekan depan ( 5 / 6 )"] == ("DATE", "2017-06-05")
    assert found("Sidang isbat digelar hari ini ( 1 / 6 ).") == {"hari ini ( 1 / 6 )": ("DATE", "2017-06-01")}


def test_years_of_numbered_regulations_and_names() -> None:
    got = found("Sesuai PMK Nomor 119 tahun 2016 dan UU 8 Tahun 2006, gereja di Pasar Minggu ditutup.")
    assert got == {"tahun 2016": ("DATE", "2016"), "Tahun 2006": ("DATE", "2006")}


def test_ages_and_sets() -> None:
    got = found("Pebalap berusia 33 tahun ini ikut pameran tahunan, 2.197 menit bermain.")
    assert got["33 tahun"] == ("DURATION", "P33Y")
    assert got["tahunan"] == ("SET", "P1Y")
    assert got["2.197 menit"] == ("DURATION", "PT2197M")


def test_quarters_halves_and_parts_of_the_current_year() -> None:
    got = found("Premi per kuartal III 2017 naik; semester I tahun 2016 turun. Hingga akhir tahun , target aman.")
    assert got["kuartal III 2017"] == ("DATE", "2017-Q3")
    assert got["semester I tahun 2016"] == ("DATE", "2016-H1")
    (t,) = [t for t in tag("Hingga akhir tahun , target aman.", "id", ANCHOR)]
    assert (t.text, t.value, t.mod) == ("akhir tahun", "2017", "END")


def test_english_follows_the_same_conventions() -> None:
    text = (
        "The blast hit on Sunday, December 28, 2014 at 6:18 a.m. local time. At the time, rain was expected "
        "three days ahead. The band toured in summer 2016 and every winter. Police arrived Sunday. At 3 p.m. "
        "they left."
    )
    got = {t.text: (t.type, t.value, t.interval) for t in tag(text, "en", ANCHOR)}
    assert got["Sunday, December 28, 2014 at 6:18 a.m. local time"] == ("TIME", "2014-12-28T06:18", None)
    assert got["At the time"] == ("DATE", "PAST_REF", None)
    assert got["three days ahead"] == ("DURATION", "P3D", "2017-06-01/2017-06-04")
    assert got["summer 2016"] == ("DATE", "2016-SU", None)
    assert got["every winter"] == ("SET", "XXXX-WI", None)
    assert got["3 p.m."] == ("TIME", "2017-05-28T15:00", None)


# -- conventions from the hand check of story timelines (issue 22, session 18) -----------


def test_tokenised_decades_are_decades() -> None:
    # IndoSum's tokenised text writes "1980 - an"; the decade, not the year 1980
    assert found("Musik era 1980 - an hingga 1990 - an sangat populer .") == {
        "1980 - an": ("DATE", "198"),
        "1990 - an": ("DATE", "199"),
    }
    assert found("Lagu itu populer pada tahun 60 - an .") == {"tahun 60 - an": ("DATE", "196")}


def test_weekday_nanti_is_the_coming_one_and_depan_next_weeks() -> None:
    # ANCHOR is Thursday 1 June 2017
    assert found("Acara digelar Sabtu nanti .") == {"Sabtu nanti": ("DATE", "2017-06-03")}
    assert found("Rapat digelar Selasa mendatang .") == {"Selasa mendatang": ("DATE", "2017-06-06")}
    assert found("Rapat digelar Kamis mendatang .") == {"Kamis mendatang": ("DATE", "2017-06-08")}
    assert found("Rapat digelar Sabtu depan .") == {"Sabtu depan": ("DATE", "2017-06-10")}


def test_direction_word_after_a_bracketed_date_is_part_of_it() -> None:
    assert found("Laga Sabtu ( 3/6/2017 ) mendatang akan seru .") == {
        "Sabtu ( 3/6/2017 ) mendatang": ("DATE", "2017-06-03")
    }
    # "nanti" is not a FUTURE_REF of its own there
    assert found("Acara digelar Sabtu ( 3/6 ) nanti .") == {"Sabtu ( 3/6 ) nanti": ("DATE", "2017-06-03")}
    assert found("Ia datang pada Minggu ( 28/5 ) lalu .") == {"Minggu ( 28/5 ) lalu": ("DATE", "2017-05-28")}


def test_the_year_of_a_month_range_applies_to_both_ends() -> None:
    assert found("Periode Januari - Agustus 2016 penjualan naik .") == {
        "Januari": ("DATE", "2016-01"),
        "Agustus 2016": ("DATE", "2016-08"),
    }
    # a range over the turn of the year: December of the year before
    assert found("Pada Desember hingga Februari 2017 hujan turun .") == {
        "Desember": ("DATE", "2016-12"),
        "Februari 2017": ("DATE", "2017-02"),
    }


def test_n_years_before_is_counted_from_the_narrative_date() -> None:
    got = found("Sebanyak 18 orang tewas pada 2015 ketika gempa . Setahun sebelumnya , 16 pemandu tewas .")
    assert got["Setahun sebelumnya"] == ("DATE", "2014")
    got = found("Ia ditangkap pada 3 Maret 2015 . Satu tahun sebelumnya , ia menikah .")
    assert got["Satu tahun sebelumnya"] == ("DATE", "2014")


def test_n_units_lagi_after_a_word_is_a_duration_with_its_interval() -> None:
    got = {
        t.text: (t.type, t.value, t.interval) for t in tag("Kontraknya diperpanjang satu tahun lagi .", "id", ANCHOR)
    }
    assert got == {"satu tahun lagi": ("DURATION", "P1Y", "2017-06-01/2018-06-01")}
    assert found("Pemilu tinggal dua hari lagi .") == {"dua hari lagi": ("DURATION", "P2D")}
    # opening the sentence it is the day it ends: "in two weeks"
    assert found("Dua pekan lagi ia akan menikah .") == {"Dua pekan lagi": ("DATE", "2017-W24")}


def test_a_vague_count_ahead_is_a_vague_duration() -> None:
    assert found("Harga akan naik hingga beberapa tahun ke depan .") == {"beberapa tahun ke depan": ("DURATION", "PXY")}
    assert found("Hujan turun dalam beberapa hari ke depan .") == {"beberapa hari ke depan": ("DURATION", "PXD")}


def test_a_season_in_a_name_is_not_a_season() -> None:
    assert found("Lomba itu ada sejak Olimpiade Musim Panas tahun 1912 .") == {"tahun 1912": ("DATE", "1912")}
    assert found("Ia pindah pada musim panas lalu .") == {"musim panas lalu": ("DATE", "2016-SU")}


def test_part_of_day_with_tadi_is_today_or_last_night() -> None:
    # ANCHOR is Thursday 1 June 2017
    assert found("Ia datang sore tadi .") == {"sore tadi": ("TIME", "2017-06-01TAF")}
    assert found("Gempa terjadi dini hari tadi .") == {"dini hari tadi": ("TIME", "2017-06-01TMO")}
    assert found("Malam tadi ia pergi .") == {"Malam tadi": ("TIME", "2017-05-31TNI")}


def test_a_direction_word_after_a_range_sets_its_year() -> None:
    # ANCHOR is 1 June 2017
    assert found("Pendaftaran dibuka 4 - 10 Agustus mendatang .") == {
        "4 - 10 Agustus mendatang": ("DATE", "2017-08-04/2017-08-10")
    }
    assert found("Pameran digelar pada 4 - 10 Agustus lalu .") == {
        "4 - 10 Agustus lalu": ("DATE", "2016-08-04/2016-08-10")
    }
    # a range to come that is under way keeps this year
    assert found("Festival berlangsung 20 Mei - 10 Juni mendatang .") == {
        "20 Mei - 10 Juni mendatang": ("DATE", "2017-05-20/2017-06-10")
    }


def test_a_title_in_quotes_is_not_a_time() -> None:
    assert found("Pelantun ' 11 Januari ' ini akan fokus tur .") == {}
    assert found("Film “ 3 Hari ” tayang pada 5 Juni .") == {"5 Juni": ("DATE", "2017-06-05")}
    # a quote that only starts or ends next to the date does not make it a title
    assert found("“ Pada 11 Januari kami datang , ” katanya .") == {"11 Januari": ("DATE", "2017-01-11")}


def test_a_reduplicated_unit_is_vague() -> None:
    # "tahun-tahun sebelumnya" = the years before: PAST_REF, not the year before
    assert found("Acara ini lebih besar dari tahun-tahun sebelumnya .") == {
        "tahun-tahun sebelumnya": ("DATE", "PAST_REF")
    }
    assert found("Harga naik dalam bulan-bulan mendatang .") == {"bulan-bulan mendatang": ("DATE", "FUTURE_REF")}
    assert found("Acara ini lebih besar dari tahun sebelumnya .") == {"tahun sebelumnya": ("DATE", "2016")}


def test_bare_year_or_month_after_a_verb_ends_a_phrase() -> None:
    # a bare year or month right after a verb, ending its phrase, is a date
    assert found("Sekuel film yang seri pertamanya dirilis 2009 itu akan tayang lagi.") == {"2009": ("DATE", "2009")}
    assert found("Ekspor naik dibandingkan 2016 yang mencapai 94 juta ton.") == {"2016": ("DATE", "2016")}
    assert found("Jadwalnya dipercepat menjadi Maret , kata studio.") == {"Maret": ("DATE", "2017-03")}
    # a count after a verb has its unit after it; a lower-case or non-verb word is no cue
    assert found("Peternak itu menjual 2000 ekor sapi.") == {}
    assert found("Layarnya beresolusi 1920×1080 piksel.") == {}
    assert found("Jumlah pemilih di sana 2009 orang.") == {}


def test_bare_month_after_tepatnya_is_a_date() -> None:
    got = found("Tahun depan , tepatnya Februari , ia akan tampil di Meksiko .", dt.date(2016, 11, 5))
    assert got == {"Tahun depan": ("DATE", "2017"), "Februari": ("DATE", "2017-02")}


def test_the_end_of_a_range_is_not_before_its_start() -> None:
    # the past cue would put 28 June a year back; as the end of a range it follows 15 June
    text = "Lonjakan penumpang sudah terjadi dimulai tanggal 15 Juni ( H - 10 ) sampai 28 Juni ( H+2 ) ."
    got = found(text, dt.date(2017, 6, 23))
    assert got["15 Juni"] == ("DATE", "2017-06-15") and got["28 Juni"] == ("DATE", "2017-06-28")
    # two days listed with "dan" are not a range: each keeps its own reading
    got = found("Ia sudah datang pada 15 Juni dan pernah datang 28 Juni .", dt.date(2017, 6, 23))
    assert got["28 Juni"] == ("DATE", "2016-06-28")


def test_a_weekend_for_prices_or_habits_is_generic() -> None:
    assert found("Tiket Rp 15 ribu untuk hari kerja , dan Rp 20 ribu untuk akhir pekan .") == {
        "akhir pekan": ("DATE", "XXXX-WXX-WE")
    }
    assert found("Talkshow itu tayang khusus pada akhir pekan .") == {"akhir pekan": ("DATE", "XXXX-WXX-WE")}
    # a weekend told as news is this weekend; a habit in another clause does not count
    assert found("Kami akan bertanding pada akhir pekan .") == {"akhir pekan": ("DATE", "2017-W22-WE")}
    assert found("Biasanya macet , tapi polisi berjaga pada akhir pekan .") == {"akhir pekan": ("DATE", "2017-W22-WE")}


def test_quarters_with_number_words_directions_and_their_year() -> None:
    # anchor: Thursday 1 June 2017, in the second quarter
    got = found("Pendapatan melemah di kuartal empat 2016 dan naik pada kuartal ke - 3 .")
    assert got["kuartal empat 2016"] == ("DATE", "2016-Q4") and got["kuartal ke - 3"] == ("DATE", "2017-Q3")
    got = found("Penjualan naik hingga akhir kuartal tiga tahun ini , dan semester II tahun lalu turun .")
    assert got == {"akhir kuartal tiga tahun ini": ("DATE", "2017-Q3"), "semester II tahun lalu": ("DATE", "2016-H2")}
    assert [(t.text, t.mod) for t in tag("Hingga akhir kuartal tiga tahun ini .", "id", ANCHOR)] == [
        ("akhir kuartal tiga tahun ini", "END")
    ]
    # "lalu" after a numbered quarter: the last one begun; without a number: the anchor's quarter shifted
    got = found("Produksi hingga kuartal I lalu turun , belanja kuartal lalu naik , dan kuartal ini stagnan .")
    assert got == {
        "kuartal I lalu": ("DATE", "2017-Q1"),
        "kuartal lalu": ("DATE", "2017-Q1"),
        "kuartal ini": ("DATE", "2017-Q2"),
    }
    assert found("Mobil itu diluncurkan pada kuartal II lalu .") == {"kuartal II lalu": ("DATE", "2017-Q2")}
    assert found("Mobil itu diluncurkan pada kuartal IV lalu .") == {"kuartal IV lalu": ("DATE", "2016-Q4")}
    assert found("Mobil itu meluncur pada kuartal IV mendatang .") == {"kuartal IV mendatang": ("DATE", "2017-Q4")}
    # "kuarter" is a quarter of a basketball game; "kuartal sebelumnya" needs the narrative's quarter
    assert found("Thailand unggul pada akhir kuarter pertama .") == {}
    assert found("Angka ini stagnan dibandingkan kuartal sebelumnya .") == {}


def test_centuries() -> None:
    got = found("Usaha itu hadir sejak abad ke - 19 , candi sejak abad VIII , dan kini di abad 21 ini .")
    assert got["abad ke - 19"] == ("DATE", "18")
    assert got["abad VIII"] == ("DATE", "07")
    assert got["abad 21"] == ("DATE", "20")
    assert found("Ia menulis buku berjudul abad X .") == {}


def test_direction_word_after_a_month_with_its_year_is_in_the_extent() -> None:
    assert found("Ia bergabung pada April 2015 silam .") == {"April 2015 silam": ("DATE", "2015-04")}
    assert found("Laga digelar pada Agustus 2018 mendatang .") == {"Agustus 2018 mendatang": ("DATE", "2018-08")}


def test_half_counts() -> None:
    assert found("Konser itu berlangsung selama satu setengah jam .") == {"satu setengah jam": ("DURATION", "PT1.5H")}
    assert found("Ia kembali setelah setengah dekade tak berkarya .") == {"setengah dekade": ("DURATION", "P5Y")}
    assert found("Korut dihadapkan pada sanksi selama setengah abad .") == {"setengah abad": ("DURATION", "P50Y")}
    # a relative date counts whole months: a year and a half ago is 18 months ago
    assert found("Ia bekerja keras satu setengah tahun lalu .") == {"satu setengah tahun lalu": ("DATE", "2015-12")}
    assert found("Ia berlari setengah mati .") == {}


def test_parts_of_the_day_with_hari_ini_harinya_and_clock_times() -> None:
    assert found("Siang hari ini , seorang tentara menembak .") == {"Siang hari ini": ("TIME", "2017-06-01TAF")}
    got = found("Pelaku ditangkap Minggu (28/5) . Sore harinya ia diperiksa . Keesokan paginya ia dilepas .")
    assert got["Sore harinya"] == ("TIME", "2017-05-28TAF")
    assert got["Keesokan paginya"] == ("TIME", "2017-05-29TMO")
    # a clock time with its part of the day, without "pukul"
    assert found("Pada 3.48 dini hari , seorang wanita menelepon .") == {"3.48 dini hari": ("TIME", "2017-06-01T03:48")}
    assert found("Konser dimulai 7.30 malam .") == {"7.30 malam": ("TIME", "2017-06-01T19:30")}
    # a meal is no part of the day
    assert found("Ia menikmati makan malam itu dengan lahap .") == {}


def test_hours_in_words_need_a_part_of_the_day_or_a_zone() -> None:
    assert found("Acara itu tayang pukul delapan pagi .") == {"pukul delapan pagi": ("TIME", "2017-06-01T08:00")}
    assert found("Ia ditangkap pukul dua pagi hari ini .") == {"pukul dua pagi hari ini": ("TIME", "2017-06-01T02:00")}
    assert found("Rapat dimulai pukul sebelas WIB .") == {"pukul sebelas WIB": ("TIME", "2017-06-01T11:00")}
    assert found("Pesta berakhir pukul 12 malam .") == {"pukul 12 malam": ("TIME", "2017-06-01T00:00")}
    assert found("Ia menunggu jam dua .") == {}


def test_sehari_hari_is_everyday_not_one_day() -> None:
    assert found("Itu rutinitas mereka sehari-hari .") == {}
    assert found("Sehari - hari pelaku bekerja sebagai sopir .") == {}
    assert found("Ia makan sebanyak itu sehari-harinya .") == {}
    assert found("Ia berjalan selama sehari penuh .") == {"sehari penuh": ("DURATION", "P1D")}


def test_a_bare_year_or_month_after_di_is_a_date() -> None:
    assert found("Kontes di 2016 dibatalkan , ia menunggu hingga 2017 .") == {
        "2016": ("DATE", "2016"),
        "2017": ("DATE", "2017"),
    }
    assert found("Ia bergabung dengan klub itu di Januari .") == {"Januari": ("DATE", "2017-01")}


def test_dinihari_and_sekira() -> None:
    assert found("MU kalah di Wembley , Kamis ( 1 / 2 / 2018 ) dinihari .") == {
        "Kamis ( 1 / 2 / 2018 ) dinihari": ("TIME", "2018-02-01TMO")
    }
    assert [(t.text, t.value, t.mod) for t in tag("Acara dimulai sejak sekira 9.30 WIB .", "id", ANCHOR)] == [
        ("sekira 9.30 WIB", "2017-06-01T09:30", "APPROX")
    ]


def test_a_clock_time_does_not_end_the_clause_its_tense_comes_from() -> None:
    # the period of "14.00" is no sentence end: "akan" still makes Monday the coming one
    text = "Balapan akan berlangsung pada Minggu ( 11 / 6 / 2017 ) pukul 14.00 waktu setempat atau Senin dini hari ."
    got = found(text, dt.date(2017, 6, 9))
    assert got["Senin dini hari"] == ("TIME", "2017-06-12TMO")


def test_a_vague_count_with_ini_is_a_vague_duration_not_today() -> None:
    assert found("Ini bisa diselesaikan dalam beberapa hari ini .") == {"beberapa hari": ("DURATION", "PXD")}
    assert found("Harga naik dalam beberapa tahun ini .") == {"beberapa tahun": ("DURATION", "PXY")}


def test_a_future_word_in_a_quote_does_not_set_the_tense_of_the_speech_date() -> None:
    # the quote's "akan"/"mau" is what was said: the bare weekday after the speech verb is past
    text = '" Kami akan mundur , " tutur Gus Ipul di Surabaya , Kamis ( 30 / 11 ) malam .'
    assert found(text, dt.date(2017, 12, 1))["Kamis ( 30 / 11 ) malam"] == ("TIME", "2017-11-30TNI")
    text = "Polri mau mengajukan penundaan , ujar dia di Jakarta , Sabtu ."
    assert found(text, dt.date(2017, 6, 1))["Sabtu"] == ("DATE", "2017-05-27")
    # "mau" alone makes the weekday the coming one
    assert found("Saya mau ke Nauru , Senin .", dt.date(2018, 1, 26)) == {"Senin": ("DATE", "2018-01-29")}


def test_a_weekday_that_fits_within_eleven_months_names_its_date() -> None:
    # 13 January 2017 was a Friday: in an October 2017 article it is the January past
    text = "Hal itu dikatakan dalam debat di Hotel Bidakara , Jakarta Selatan , Jumat ( 13 / 1 ) ."
    assert found(text, dt.date(2017, 10, 21))["Jumat ( 13 / 1 )"] == ("DATE", "2017-01-13")
    # a weekday that fits only a year away is a slip: the date near the anchor wins
    text = "Ia tewas pada Senin ( 13 / 11 ) dalam baku tembak ."
    assert found(text, dt.date(2016, 11, 17))["Senin ( 13 / 11 )"] == ("DATE", "2016-11-13")


def test_per_hour_after_a_distance_is_a_speed() -> None:
    assert found("Puing itu mengorbit dengan kecepatan 17.500 mil per jam .") == {}
    assert found("Mobil melaju 80 km per jam .") == {}
    assert found("Obat diminum dua kali per hari .") == {"per hari": ("SET", "P1D")}
