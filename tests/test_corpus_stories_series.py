"""Series happenings: another tie of one evening, a club's next match in one weekend, and talk about
a race's actors are other happenings than the match or race a story reports."""

from __future__ import annotations

from test_corpus_helpers import make_doc
from test_corpus_stories_happenings import SEASON  # (the season's other pieces: the corpus words are weighed in)

from linimasa.corpus.stories import StoryConfig, StoryStage
from linimasa.pipeline import CorpusResult

MADRID = [
    ("Real Madrid", "ORG:real-madrid"),
    ("Leganes", "ORG:leganes"),
    ("Santiago Bernabeu", "LOC:santiago-bernabeu"),
    ("Copa del Rey", "ORG:copa-del-rey"),
    ("Zinedine Zidane", "PER:zinedine-zidane"),
]
BARCA = [
    ("Barcelona", "ORG:barcelona"),
    ("Espanyol", "ORG:espanyol"),
    ("Camp Nou", "LOC:camp-nou"),
    ("Copa del Rey", "ORG:copa-del-rey"),
    ("Ernesto Valverde", "PER:ernesto-valverde"),
]
ALAVES = [
    ("Barcelona", "ORG:barcelona"),
    ("Deportivo Alaves", "ORG:deportivo-alaves"),
    ("Camp Nou", "LOC:camp-nou"),
    ("La Liga", "ORG:la-liga"),
    ("Luis Suarez", "PER:luis-suarez"),
    ("Ernesto Valverde", "PER:ernesto-valverde"),
    ("Copa del Rey", "ORG:copa-del-rey"),
]

TIE = (
    "{home} {verb} {away} pada laga leg kedua perempat final Copa del Rey di {ground}, {day}. "
    "Pelatih {coach} mengaku timnya bermain di bawah tekanan sepanjang laga leg kedua perempat final itu. "
    "Hasil leg kedua perempat final Copa del Rey ini menentukan tim yang melaju ke babak semifinal."
)

# other matches months away (their own stories): the corpus the words are weighed in
OTHERS = [
    make_doc(
        f"other-{k}",
        f"Sevilla {w} Valencia pada laga lanjutan La Liga di Stadion Mestalla. Pelatih Sevilla mengaku puas "
        "dengan permainan timnya dan berharap bisa menjaga peluang ke Liga Champions.",
        day,
        entities=[("Sevilla", "ORG:sevilla"), ("Valencia", "ORG:valencia"), ("La Liga", "ORG:la-liga")],
    )
    for k, (w, day) in enumerate(
        [("menang atas", "2017-10-01"), ("kalah dari", "2018-04-01"), ("imbang", "2018-06-01")]
    )
]


def _stories(docs, config: StoryConfig | None = None) -> dict[str, str]:
    result = StoryStage(config=config or StoryConfig())(CorpusResult(documents=docs))
    return {d.id: d.story for d in result.documents}


def _tie(
    doc_id: str,
    published: str,
    home: str,
    verb: str,
    away: str,
    ground: str,
    coach: str,
    surface: str,
    value: str,
    ents,
):
    text = TIE.format(home=home, verb=verb, away=away, ground=ground, coach=coach, day=surface)
    return make_doc(doc_id, text, published, timexes=[(surface, value)], entities=ents)


def test_two_ties_of_one_evening_are_two_happenings():
    """Real Madrid–Leganes and Barcelona–Espanyol on one Thursday evening: the same cup round's words
    and day, but the leads name other clubs and grounds, so two stories. A second report of the Barcelona tie (the same participants) joins its story."""
    madrid = _tie(
        "madrid", "2018-01-25", "Real Madrid", "disingkirkan", "Leganes", "Santiago Bernabeu", "Zinedine Zidane",
        "Kamis (25/1/2018)", "2018-01-25", MADRID,
    )  # fmt: skip
    barca = _tie(
        "barca", "2018-01-26", "Barcelona", "menang 2-0 atas", "Espanyol", "Camp Nou", "Ernesto Valverde",
        "Kamis (25/1/2018)", "2018-01-25", BARCA,
    )  # fmt: skip
    again = _tie(
        "barca-2", "2018-01-26", "Barcelona", "menyingkirkan", "Espanyol", "Camp Nou", "Ernesto Valverde",
        "Kamis (25/1)", "2018-01-25", BARCA,
    )  # fmt: skip
    story = _stories([madrid, barca, again, *OTHERS])
    assert story["madrid"] != story["barca"]
    assert story["barca"] == story["barca-2"]
    # without the rule the cup round's words and the near days make one story of the two ties
    loose = _stories([madrid, barca, again, *OTHERS], StoryConfig(series_participants=None))
    assert loose["madrid"] == loose["barca"]


# Barcelona's league match on the Sunday after its Friday cup tie (another happening)
SUNDAY_MATCH = (
    "Barcelona harus bersusah payah untuk mengalahkan Deportivo Alaves 2-1 dalam laga lanjutan La Liga di "
    "Camp Nou, Minggu (28/1). Gol kemenangan Barcelona dicetak Luis Suarez di babak kedua. Pelatih Ernesto "
    "Valverde mengaku timnya bermain di bawah tekanan sepanjang laga setelah tampil di leg kedua perempat "
    "final Copa del Rey. Barcelona tetap memimpin klasemen."
)


def _friday_tie():
    return _tie(
        "barca", "2018-01-26", "Barcelona", "menang 2-0 atas", "Espanyol", "Camp Nou", "Ernesto Valverde",
        "Jumat (26/1/2018)", "2018-01-26", BARCA,
    )  # fmt: skip


def test_a_clubs_sunday_match_is_not_its_friday_tie():
    """Barcelona's cup tie reported for Friday and its league match on Sunday are in one weekend, but
    the Sunday report names another opponent and competition: another happening. A race weekend's
    sessions name the same grand prix and circuit (tests/test_corpus_stories_happenings.py)."""
    barca = _friday_tie()
    text = SUNDAY_MATCH
    alaves = make_doc("alaves", text, "2018-01-29", timexes=[("Minggu (28/1)", "2018-01-28")], entities=ALAVES)
    story = _stories([barca, alaves, *OTHERS])
    assert story["barca"] != story["alaves"]
    loose = _stories([barca, alaves, *OTHERS], StoryConfig(weekend_participants=None))
    assert loose["barca"] == loose["alaves"]


RIDERS = [
    ("Valentino Rossi", "PER:valentino-rossi"),
    ("Yamaha", "ORG:yamaha"),
    ("MotoGP", "ORG:motogp"),
    ("Sirkuit Jerez", "LOC:sirkuit-jerez"),
    ("Carmelo Ezpeleta", "PER:carmelo-ezpeleta"),
]

RACE = (
    "Valentino Rossi mengalami hari terburuk bersama Yamaha pada balapan MotoGP Spanyol di Sirkuit Jerez, "
    "Minggu (7/5). Rossi hanya finis di posisi kesepuluh dan kehilangan posisi puncak klasemen MotoGP. "
    "Pebalap Yamaha itu mengaku tak menemukan cengkeraman ban sepanjang balapan di Sirkuit Jerez."
)
TALK = (
    "CEO Dorna Sports, Carmelo Ezpeleta, berusaha santai ketika ditanya rencana Valentino Rossi pensiun usai "
    "musim 2018. Menurut Ezpeleta, kepergian sang legenda tidak akan membuat penonton MotoGP berkurang karena "
    "generasi baru sudah siap menggantikan Rossi di Yamaha."
)
PREVIEW = (
    "Tim Yamaha percaya diri Valentino Rossi bisa mendapatkan hasil bagus di GP Spanyol yang akan berlangsung "
    "di Sirkuit Jerez, Minggu (7/5). Rossi mengaku Sirkuit Jerez cocok dengan motor Yamaha. Ia ingin "
    "mempertahankan posisi puncak klasemen MotoGP."
)


def test_talk_about_a_races_actors_is_not_the_race():
    """Two days after Rossi's race at Jerez, the head of the series talks about Rossi's retirement (his
    lead names no day and no race, match or hearing): not a report of the race, another story. The race's
    preview (its lead names the grand prix and the race day) is the race's story."""
    race = make_doc("race", RACE, "2017-05-08", timexes=[("Minggu (7/5)", "2017-05-07")], entities=RIDERS)
    talk = make_doc("talk", TALK, "2017-05-09", entities=RIDERS)
    preview = make_doc("preview", PREVIEW, "2017-05-04", timexes=[("Minggu (7/5)", "2017-05-07")], entities=RIDERS)
    story = _stories([race, talk, preview, *SEASON])
    assert story["race"] != story["talk"]
    assert story["race"] == story["preview"]
    loose = _stories([race, talk, preview, *SEASON], StoryConfig(talk_series=False))
    assert loose["race"] == loose["talk"]


F1 = [
    ("Lewis Hamilton", "PER:lewis-hamilton"),
    ("Sebastian Vettel", "PER:sebastian-vettel"),
    ("Valtteri Bottas", "PER:valtteri-bottas"),
    ("Mercedes", "ORG:mercedes"),
    ("Ferrari", "ORG:ferrari"),
    ("Sirkuit Monza", "LOC:sirkuit-monza"),
    ("Formula 1", "ORG:formula-1"),
]
POLE = (
    "Pebalap Mercedes, Lewis Hamilton, meraih pole position GP Italia setelah mencatat waktu putaran tercepat di "
    "Sirkuit Monza, Sabtu (2/9/2017). Hamilton mengungguli pebalap Ferrari Sebastian Vettel dan rekan setimnya "
    "Valtteri Bottas. Kualifikasi Formula 1 itu berlangsung di lintasan basah."
)
PRACTICE = (
    "Pebalap Mercedes, Valtteri Bottas, menjadi yang tercepat pada latihan kedua GP Italia di Sirkuit Monza, "
    "Jumat (1/9/2017). Bottas unggul atas Lewis Hamilton dan pebalap Ferrari Sebastian Vettel. Latihan Formula 1 "
    "itu berlangsung di lintasan kering."
)
# another race's pole, with no date at all (no publication date, no day in its lead)
UNDATED_POLE = (
    "Pebalap Ferrari Sebastian Vettel menempati posisi start terdepan (pole) dalam upaya merebut kembali "
    "keunggulan di klasemen Formula 1 dari Lewis Hamilton. Vettel mengaku mobilnya jauh lebih kompetitif di "
    "tikungan lambat. Ferrari berharap bisa menutup selisih poin sebelum akhir musim."
)


def test_an_undated_report_does_not_join_a_series_or_talk_story_by_standing_out():
    """An article no date places may join a story whose score stands out among the candidates (one of
    the actors' happenings clearly), but not a race weekend's story (the season's other races, which it
    may report, need not be in the corpus) nor a story whose leads name no day (talk). Held to the
    strong-evidence score alone (set out of reach here), the undated pole of another race stays alone."""
    from test_corpus_stories import corpus

    def run(lead_days: bool, strict: bool) -> dict[str, str]:
        days = {"practice": ("Jumat (1/9/2017)", "2017-09-01"), "pole": ("Sabtu (2/9/2017)", "2017-09-02")}
        docs = [
            make_doc(k, text, days[k][1], timexes=[days[k]] if lead_days else [], entities=F1)
            for k, text in (("practice", PRACTICE), ("pole", POLE))
        ]
        docs.append(make_doc("undated", UNDATED_POLE, None, entities=F1))
        config = StoryConfig(undated_threshold=0.9, undated_series_strict=strict)
        return _stories(docs + SEASON + corpus(), config)

    for lead_days in (True, False):
        story = run(lead_days, strict=True)
        assert story["practice"] == story["pole"] != story["undated"]
        # without the rule its score stands out and it joins
        loose = run(lead_days, strict=False)
        assert loose["undated"] == loose["pole"]


def test_a_match_named_by_its_sides_or_its_round_is_a_series_report():
    """The series cues include a match's two sides ("vs", "kontra", "berhadapan") and its round ("final",
    "semifinal"), in Indonesian and English, and a race's grid ("pole")."""
    from linimasa.corpus.stories import story_item

    cases = [
        ("Juventus akan menghadapi Real Madrid pada final Liga Champions di Cardiff, Sabtu (3/6).", "id"),
        ("Duel Persib vs Persija pada Sabtu (22/7) mendatang ramai dibicarakan.", "id"),
        ("Sebastian Vettel menempati posisi start terdepan (pole) di Singapura, Sabtu (16/9).", "id"),
        ("Arsenal and Chelsea meet in the semi-final at Wembley on Saturday, April 22.", "en"),
    ]
    for text, lang in cases:
        assert story_item(make_doc("m", text, "2017-06-01", lang=lang)).cue, text
    # plain talk holds none
    assert not story_item(make_doc("t", "Menteri itu memuji kerja keras para petani di Jawa Barat.", "2017-06-01")).cue


MARKET = [("Bank Indonesia", "ORG:bank-indonesia"), ("Jakarta Interbank Spot Dollar Rate", "ORG:jisdor")]
CLOSE = (
    "Nilai tukar rupiah ditutup {move} {points} poin ke level Rp{level} per dolar AS pada perdagangan {surface}. "
    "Kurs tengah Bank Indonesia atau Jakarta Interbank Spot Dollar Rate mencatat rupiah di level Rp{level}. "
    "Analis menyebut pergerakan rupiah dipengaruhi data ekonomi Amerika Serikat dan harga minyak dunia."
)


def _close(doc_id: str, day: str, surface: str, move: str, points: int, level: str):
    text = CLOSE.format(move=move, points=points, level=level, surface=surface)
    return make_doc(doc_id, text, day, timexes=[(surface, day)], entities=MARKET)


def test_templated_daily_market_reports_are_one_happening_each():
    """The rupiah's close on Tuesday 7 July and on Wednesday 8 July: the same wording with another day and
    figure, each lead naming its own publication day: two trading days, two stories (and the week after
    another). A second outlet's report of the 7 July close joins its day's story."""
    tue = _close("tue", "2020-07-07", "Selasa (7/7)", "melemah", 20, "14.480")
    wed = _close("wed", "2020-07-08", "Rabu (8/7)", "menguat", 15, "14.465")
    later = _close("tue-2", "2020-07-14", "Selasa (14/7)", "melemah", 35, "14.500")
    other_outlet = make_doc(
        "tue-b",
        "Rupiah ditutup melemah 20 poin ke level Rp14.480 per dolar AS pada perdagangan Selasa (7/7). Pelemahan "
        "rupiah terjadi di tengah kenaikan kasus Covid-19 di Amerika Serikat, kata analis.",
        "2020-07-07",
        timexes=[("Selasa (7/7)", "2020-07-07")],
        entities=MARKET,
    )
    story = _stories([tue, wed, later, other_outlet, *OTHERS])
    assert len({story["tue"], story["wed"], story["tue-2"]}) == 3
    assert story["tue"] == story["tue-b"]
    # without the rule the next day's report, a day from the story's, joins it
    loose = _stories([tue, wed, later, other_outlet, *OTHERS], StoryConfig(next_day_series=False))
    assert loose["tue"] == loose["wed"]


CASE = [
    ("Komisi Pemberantasan Korupsi", "ORG:kpk"),
    ("KPK", "ORG:kpk"),
    ("Miryam S Haryani", "PER:miryam-s-haryani"),
    ("Yasonna Laoly", "PER:yasonna-laoly"),
    ("e-KTP", "MISC:e-ktp"),
]
DOSSIER = (
    "Komisi Pemberantasan Korupsi (KPK) telah melengkapi berkas perkara dugaan memberikan keterangan palsu dalam "
    "persidangan kasus korupsi e-KTP, Miryam S Haryani. KPK menyebut Miryam segera diadili di Pengadilan Tipikor. "
    "Juru bicara KPK mengatakan berkas Miryam S Haryani sudah dilimpahkan ke jaksa penuntut umum."
)
SUMMONS = (
    "Komisi Pemberantasan Korupsi (KPK) memanggil Menteri Hukum dan HAM Yasonna Laoly terkait kasus korupsi e-KTP "
    "pada Senin (3/7). KPK menyebut keterangan Yasonna Laoly dibutuhkan untuk melengkapi berkas perkara e-KTP. "
    "Juru bicara KPK mengatakan pemeriksaan dijadwalkan di gedung KPK."
)


def test_a_day_less_story_does_not_absorb_a_report_of_a_later_day():
    """A dossier completed (its lead names no day) and, eleven days later, the minister summoned on a day his
    report's lead names: the same case and words, but that day is far from the story's dates, another step."""
    from test_corpus_stories import corpus

    dossier = make_doc("dossier", DOSSIER, "2017-06-22", entities=CASE)
    summons = make_doc("summons", SUMMONS, "2017-07-03", timexes=[("Senin (3/7)", "2017-07-03")], entities=CASE)
    story = _stories([dossier, summons, *corpus()])
    assert story["dossier"] != story["summons"]
    loose = _stories([dossier, summons, *corpus()], StoryConfig(dayless_reach=False, grace_days=12))
    assert loose["dossier"] == loose["summons"]


def test_an_undated_match_report_placed_by_its_year_less_day_is_held_to_that_day():
    """Barcelona's Sunday league match, reported with no publication date and a year-less "Minggu (28/1)":
    its lead's day places it near the Friday cup tie's story, but as a series report it must be that
    story's day (or, in one weekend, name its participants): another happening."""
    barca = _friday_tie()
    text = SUNDAY_MATCH
    sundays = ["2018-01-28", "2024-01-28", "2029-01-28"]  # the 28 Januaries that are Sundays, near the tie
    alaves = make_doc("alaves", text, None, timexes=[("Minggu (28/1)", "XXXX-01-28", sundays)], entities=ALAVES)
    config = StoryConfig(undated_threshold=0.0, undated_text=0.0)  # not held back for want of a date
    story = _stories([barca, alaves, *OTHERS], config)
    assert story["barca"] != story["alaves"]
    loose = _stories(
        [barca, alaves, *OTHERS], StoryConfig(undated_threshold=0.0, undated_text=0.0, weekend_participants=None)
    )
    assert loose["barca"] == loose["alaves"]
