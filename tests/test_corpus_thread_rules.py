"""Thread rules of session 20 on real text: one club's matches are one thread whatever the opponent,
a league is not an actor, a bare year of the year before is no reference back."""

from __future__ import annotations

import copy
from dataclasses import replace

from test_corpus_helpers import make_doc

from linimasa.corpus.stories import StoryStage
from linimasa.corpus.threads import ThreadConfig, thread_frames
from linimasa.pipeline import CorpusResult


def _arsenal_palace():
    return make_doc(
        "ars-palace",
        "Dua gol Alexis Sanchez membawa Arsenal menang 3 - 2 dari Crystal Palace di Selhurst Park, Kamis (28/12). "
        "Shkodran Mustafi membuka skor sebelum Wilfried Zaha sempat menyamakan kedudukan untuk tuan rumah. "
        "Roy Hodgson menyesalkan kesalahan lini belakang timnya di babak kedua.",
        "2017-12-29",
        title="Alexis Sanchez bawa Arsenal menang di Selhurst Park",
        timexes=[("Kamis (28/12)", "2017-12-28")],
        entities=[
            ("Arsenal", "ORG:arsenal"),
            ("Alexis Sanchez", "PER:alexis-sanchez"),
            ("Crystal Palace", "ORG:crystal-palace"),
            ("Selhurst Park", "LOC:selhurst-park"),
            ("Shkodran Mustafi", "PER:shkodran-mustafi"),
            ("Wilfried Zaha", "PER:wilfried-zaha"),
            ("Roy Hodgson", "PER:roy-hodgson"),
        ],
    )


def _arsenal_southampton():
    return make_doc(
        "ars-saints",
        "Arsenal harus puas dengan hasil imbang 1 - 1 saat bertandang ke markas Southampton di St Mary's, "
        "Minggu (10/12). Olivier Giroud mencetak gol penyeimbang pada menit ke-88 setelah Charlie Austin membawa "
        "tuan rumah unggul. Mauricio Pellegrino menyebut timnya layak menang.",
        "2017-12-11",
        title="Giroud selamatkan Arsenal di St Mary's",
        timexes=[("Minggu (10/12)", "2017-12-10")],
        entities=[
            ("Arsenal", "ORG:arsenal"),
            ("Southampton", "ORG:southampton"),
            ("St Mary's", "LOC:st-marys"),
            ("Olivier Giroud", "PER:olivier-giroud"),
            ("Charlie Austin", "PER:charlie-austin"),
            ("Mauricio Pellegrino", "PER:mauricio-pellegrino"),
        ],
    )


def test_two_matches_of_one_club_with_other_opponents_and_scorers_are_one_thread():
    """Nothing but the club is shared (opponent, scorers, ground, coach all differ): the club named in the
    lead of both match reports makes them one series, one thread, and the link names it."""
    docs = [_arsenal_southampton(), _arsenal_palace()]
    result = StoryStage()(CorpusResult(documents=docs))
    assert len(result.stories) == 2 and len(result.threads) == 1
    link = result.threads[0].links[0]
    assert link["entities"][0] == "ORG:arsenal"
    # without the series rule the two reports share too little to link
    loose = StoryStage(thread_config=replace(ThreadConfig(), series_main=False))(
        CorpusResult(documents=[_arsenal_southampton(), _arsenal_palace()])
    )
    assert loose.threads == []


def _cl_match(doc_id: str, home: str, away: str, score: str, surface: str, day: str, scorer: str):
    text = (
        f"{home} menang {score} atas {away} dalam laga Liga Champions, {surface}. "
        f"Gol kemenangan dicetak {scorer} pada babak kedua. "
        f"Hasil itu membuat {home} memimpin klasemen grup Liga Champions."
    )
    return make_doc(
        doc_id,
        text,
        day,
        title=f"{home} menang atas {away} di Liga Champions",
        timexes=[(surface, day)],
        entities=[
            (home, f"ORG:{home.lower().replace(' ', '-')}"),
            (away, f"ORG:{away.lower().replace(' ', '-')}"),
            ("Liga Champions", "ORG:liga-champions"),
            (scorer, f"PER:{scorer.lower().replace(' ', '-')}"),
        ],
    )


def test_a_league_is_not_an_actor_two_clubs_matches_in_it_are_no_thread():
    """Chelsea's match and Juventus' match share only the competition, named in both leads: not a history."""
    assert "liga" in thread_frames() and "league" in thread_frames()

    def docs():
        return [
            _cl_match("cl1", "Chelsea", "Qarabag", "2 - 1", "Rabu (22/11)", "2017-11-22", "Eden Hazard"),
            _cl_match("cl2", "Juventus", "Olympiakos", "1 - 0", "Rabu (6/12)", "2017-12-06", "Paulo Dybala"),
        ]

    assert StoryStage()(CorpusResult(documents=docs())).threads == []
    # were the league an actor (and the series rule not held to the report's own main actor), it would be
    # the shared actor of two series reports, and link them
    framed = StoryStage(thread_config=replace(ThreadConfig(), frames=frozenset(), series_own_main=False))(
        CorpusResult(documents=docs())
    )
    assert len(framed.threads) == 1 and framed.threads[0].links[0]["entities"] == ["ORG:liga-champions"]


RIDER = [("Valentino Rossi", "PER:valentino-rossi"), ("Yamaha", "ORG:yamaha")]


def _rossi_2016():
    return make_doc(
        "rossi-2016",
        "Valentino Rossi memperpanjang kontrak bersama Yamaha hingga akhir 2018. Pebalap asal Italia itu "
        "menandatangani kesepakatan baru di Qatar sebelum musim dimulai. Yamaha menyebut pengalaman Rossi "
        "masih dibutuhkan tim.",
        "2016-03-17",
        title="Rossi perpanjang kontrak dengan Yamaha",
        entities=RIDER,
    )


def _rossi_2017():
    text = (
        "Valentino Rossi mengalami patah kaki saat berlatih motocross di Italia. Cedera itu lebih parah daripada "
        "yang dialaminya pada musim 2016, kata dokter timnya. Tim Yamaha menyebut Rossi kemungkinan absen di "
        "sirkuit Aragon."
    )
    doc = make_doc(
        "rossi-2017",
        text,
        "2017-09-01",
        title="Rossi patah kaki saat berlatih motocross",
        timexes=[("2016", "2016")],
        entities=RIDER,
    )
    return doc


def test_a_bare_year_of_the_year_before_is_no_reference_back():
    """'musim 2016' in a 2017 story is last season, not the contract story of 2016: no link by it; a bare
    year two or more years back still is one (the seeds: 'pada 2019' in 2023)."""
    result = StoryStage()(CorpusResult(documents=[_rossi_2016(), _rossi_2017()]))
    assert len(result.stories) == 2 and result.threads == []
    old = StoryStage(thread_config=replace(ThreadConfig(), year_refs=True))(
        CorpusResult(documents=[_rossi_2016(), _rossi_2017()])
    )
    assert len(old.threads) == 1 and old.threads[0].links[0]["reference"] == "2016"


def _liga1(doc_id: str, lead: str, rest: str, day: str, surface: str, entities: list[tuple[str, str]]):
    return make_doc(
        doc_id,
        f"{lead}, {surface}. {rest}",
        day,
        title=lead[:60],
        timexes=[(surface, day)],
        entities=entities,
    )


PERSIB = ("Persib Bandung", "ORG:persib-bandung")
BHAYANGKARA = ("Bhayangkara FC", "ORG:bhayangkara-fc")
PATRIOT = [("Stadion Patriot", "LOC:stadion-patriot"), ("Bekasi", "LOC:bekasi")]


def _persib_bhayangkara_series():
    return [
        _liga1(
            "bh1",
            "Bhayangkara FC menekuk Persegres Gresik United 2 - 1 dalam laga Liga 1 di Stadion Patriot, Bekasi",
            "Dua gol Bhayangkara FC dicetak Paulo Sergio. Pelatih Simon McMenemy puas dengan kemenangan itu.",
            "2017-05-07",
            "Minggu (7/5)",
            [
                BHAYANGKARA,
                ("Persegres Gresik United", "ORG:persegres-gresik-united"),
                *PATRIOT,
                ("Paulo Sergio", "PER:paulo-sergio"),
                ("Simon McMenemy", "PER:simon-mcmenemy"),
            ],
        ),
        _liga1(
            "ps1",
            "Persib Bandung menang 2 - 0 atas Persipura Jayapura dalam laga Liga 1 di Stadion Gelora Bandung Lautan Api",
            "Gol Persib Bandung dicetak Febri Hariyadi dan Atep. Djadjang Nurdjaman memuji lini tengah Persib Bandung.",
            "2017-05-14",
            "Minggu (14/5)",
            [
                PERSIB,
                ("Persipura Jayapura", "ORG:persipura-jayapura"),
                ("Febri Hariyadi", "PER:febri-hariyadi"),
                ("Atep", "PER:atep"),
                ("Djadjang Nurdjaman", "PER:djadjang-nurdjaman"),
            ],
        ),
        _liga1(
            "bh2",
            "Bhayangkara FC mengalahkan PSM Makassar 1 - 0 dalam laga Liga 1 di Stadion Patriot, Bekasi",
            "Gol tunggal Bhayangkara FC dicetak Paulo Sergio. Simon McMenemy menyebut timnya bermain disiplin.",
            "2017-05-20",
            "Sabtu (20/5)",
            [
                BHAYANGKARA,
                ("PSM Makassar", "ORG:psm-makassar"),
                *PATRIOT,
                ("Paulo Sergio", "PER:paulo-sergio"),
                ("Simon McMenemy", "PER:simon-mcmenemy"),
            ],
        ),
        _liga1(
            "ps2",
            "Persib Bandung ditahan imbang 1 - 1 oleh Bali United dalam laga Liga 1 di Stadion Gelora Bandung Lautan Api",
            "Persib Bandung tertinggal lebih dulu sebelum Febri Hariyadi menyamakan skor. Djadjang Nurdjaman kecewa.",
            "2017-05-27",
            "Sabtu (27/5)",
            [
                PERSIB,
                ("Bali United", "ORG:bali-united"),
                ("Febri Hariyadi", "PER:febri-hariyadi"),
                ("Djadjang Nurdjaman", "PER:djadjang-nurdjaman"),
            ],
        ),
        _liga1(
            "ps3",
            "Persib Bandung kalah 0 - 1 dari Bhayangkara FC dalam laga Liga 1 di Stadion Patriot, Bekasi",
            "Persib Bandung gagal membalas gol Paulo Sergio. Djadjang Nurdjaman menyebut Persib Bandung kurang tajam, "
            "sementara Simon McMenemy memuji pertahanan timnya.",
            "2017-06-04",
            "Minggu (4/6)",
            [
                PERSIB,
                BHAYANGKARA,
                *PATRIOT,
                ("Paulo Sergio", "PER:paulo-sergio"),
                ("Djadjang Nurdjaman", "PER:djadjang-nurdjaman"),
                ("Simon McMenemy", "PER:simon-mcmenemy"),
            ],
        ),
    ]


def test_a_match_report_joins_the_thread_of_its_own_club_not_its_opponents():
    """Persib's defeat at Bhayangkara's ground shares more names with Bhayangkara's matches (their ground,
    scorer and coach) than with Persib's, but Persib is the report's actor: it follows Persib's matches."""

    def threads_of(cfg: ThreadConfig) -> dict[str, set[str]]:
        result = StoryStage(thread_config=cfg)(CorpusResult(documents=_persib_bhayangkara_series()))
        story = {d.id: d.story for d in result.documents}
        by_story = {s: d for d, s in story.items()}
        return {t.id: {by_story[s] for s in t.stories} for t in result.threads}

    assert sorted(map(sorted, threads_of(ThreadConfig()).values())) == [["bh1", "bh2"], ["ps1", "ps2", "ps3"]]
    # without the rule, the report follows the member it scores highest with: Bhayangkara's match
    loose = threads_of(replace(ThreadConfig(), prefer_main=False))
    assert sorted(map(sorted, loose.values())) == [["bh1", "bh2", "ps3"], ["ps1", "ps2"]]


CHELSEA = ("Chelsea", "ORG:chelsea")
CITY = ("Manchester City", "ORG:manchester-city")


def _epl(doc_id: str, lead: str, rest: str, day: str, surface: str, entities: list[tuple[str, str]]):
    return _liga1(doc_id, lead, rest, day, surface, entities)


def test_an_opponent_named_in_a_series_thread_does_not_pull_its_own_matches_in():
    """Chelsea's matches: the second is against Manchester City. City's next match (against Everton) names
    City in its lead, as that Chelsea report does, but City is not the actor of Chelsea's thread: the
    series rule does not put City's matches into it."""
    docs = [
        _epl(
            "ch1",
            "Chelsea menang 2 - 0 atas Tottenham Hotspur di Stamford Bridge",
            "Gol Chelsea dicetak Eden Hazard dan Pedro. Antonio Conte memuji lini tengah Chelsea.",
            "2017-11-04",
            "Sabtu (4/11)",
            [
                CHELSEA,
                ("Tottenham Hotspur", "ORG:tottenham-hotspur"),
                ("Stamford Bridge", "LOC:stamford-bridge"),
                ("Eden Hazard", "PER:eden-hazard"),
                ("Pedro", "PER:pedro"),
                ("Antonio Conte", "PER:antonio-conte"),
            ],
        ),
        _epl(
            "ch2",
            "Chelsea kalah 0 - 1 dari Manchester City di Stamford Bridge",
            "Gol tunggal Manchester City dicetak Kevin De Bruyne. Antonio Conte menyebut Chelsea kurang beruntung.",
            "2017-11-18",
            "Sabtu (18/11)",
            [
                CHELSEA,
                CITY,
                ("Stamford Bridge", "LOC:stamford-bridge"),
                ("Kevin De Bruyne", "PER:kevin-de-bruyne"),
                ("Antonio Conte", "PER:antonio-conte"),
            ],
        ),
        _epl(
            "mc1",
            "Manchester City menang 3 - 1 atas Everton di Etihad Stadium",
            "Raheem Sterling mencetak dua gol untuk Manchester City. Pep Guardiola puas dengan permainan timnya.",
            "2017-11-25",
            "Sabtu (25/11)",
            [
                CITY,
                ("Everton", "ORG:everton"),
                ("Etihad Stadium", "LOC:etihad-stadium"),
                ("Raheem Sterling", "PER:raheem-sterling"),
                ("Pep Guardiola", "PER:pep-guardiola"),
            ],
        ),
    ]

    def threads_of(cfg: ThreadConfig) -> list[list[str]]:
        result = StoryStage(thread_config=cfg)(CorpusResult(documents=[copy.deepcopy(d) for d in docs]))
        by_story = {d.story: d.id for d in result.documents}
        return sorted(sorted(by_story[s] for s in t.stories) for t in result.threads)

    assert threads_of(ThreadConfig()) == [["ch1", "ch2"]]
    # through any actor named in both leads, City's match would join Chelsea's thread
    assert threads_of(replace(ThreadConfig(), series_thread_main=False, series_via_main=False)) == [
        ["ch1", "ch2", "mc1"]
    ]
