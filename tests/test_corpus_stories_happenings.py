"""Stories are happenings: talk pieces on the same actors days apart, and one race weekend's days."""

from __future__ import annotations

import datetime as dt

from test_corpus_helpers import make_doc

from linimasa.corpus.stories import StoryConfig, StoryStage
from linimasa.pipeline import CorpusResult

RIDER = [("Valentino Rossi", "PER:valentino-rossi"), ("Yamaha", "ORG:yamaha"), ("MotoGP", "ORG:motogp")]


def _talk(doc_id: str, published: str, text: str):
    return make_doc(doc_id, text, published, entities=RIDER)


INTERVIEW = (
    "Valentino Rossi mengaku masih menikmati setiap balapan bersama Yamaha di MotoGP. Pebalap Italia itu "
    "menyebut motivasinya tidak berkurang meski usianya tak lagi muda. Rossi juga memuji kerja keras tim "
    "Yamaha yang terus memperbaiki motor mereka."
)
MANAGER = (
    "Mantan manajer Valentino Rossi yakin MotoGP tak akan kehilangan sang legenda dalam waktu dekat. "
    "Ia bercerita Rossi kini sibuk mengurus akademi pebalap muda dan bisnis pakaian di kampung halamannya. "
    "Yamaha disebut ikut mendukung akademi tersebut. Sang manajer juga mengenang masa awal kariernya "
    "di kelas 125cc, ketika sponsor pertama datang dari sebuah pabrik pakaian kecil di Tavullia. Kenangan "
    "itu, katanya, membuat Rossi selalu dekat dengan para penggemar di kotanya."
)
REWRITE = (
    "Valentino Rossi mengaku masih menikmati setiap balapan bersama Yamaha di MotoGP. Pebalap asal Italia itu "
    "menyebut motivasinya tidak berkurang walau usianya tak lagi muda. Rossi pun memuji kerja keras tim "
    "Yamaha yang terus memperbaiki motor mereka."
)


# other pieces of the season, months away (their own stories): the corpus the words are weighed in
SEASON = [
    make_doc(
        f"season-{k}",
        f"Marc Marquez mengaku {w} jelang seri berikutnya MotoGP bersama Honda. Pebalap Spanyol itu ingin "
        "memperbaiki hasil buruk di seri sebelumnya dan menjaga peluang juara dunia musim ini.",
        day,
        entities=[("Marc Marquez", "PER:marc-marquez"), ("Honda", "ORG:honda"), ("MotoGP", "ORG:motogp")],
    )
    for k, (w, day) in enumerate([("optimistis", "2017-03-01"), ("waspada", "2017-08-01"), ("siap", "2017-10-01")])
]


def _stories(docs, config: StoryConfig | None = None) -> dict[str, str]:
    result = StoryStage(config=config or StoryConfig())(CorpusResult(documents=docs))
    return {d.id: d.story for d in result.documents}


def test_talk_pieces_days_apart_are_two_stories_unless_they_share_the_wording():
    """Two pieces on one rider whose leads name no day, five days apart, in other words: two stories
    (interviews over a season are not one happening). A rewrite of the first four days later is its story."""
    a = _talk("interview", "2017-05-16", INTERVIEW)
    b = _talk("manager", "2017-05-21", MANAGER)
    story = _stories([a, b, *SEASON])
    assert story["interview"] != story["manager"]
    # without the rule the same actors and the season's words put them in one story
    loose = _stories([a, b, *SEASON], StoryConfig(talk_days=None))
    assert loose["interview"] == loose["manager"]
    c = _talk("rewrite", "2017-05-20", REWRITE)
    story = _stories([a, b, c, *SEASON])
    assert story["interview"] == story["rewrite"] != story["manager"]


RACE = [
    ("Sirkuit Mugello", "LOC:sirkuit-mugello"),
    ("Andrea Dovizioso", "PER:andrea-dovizioso"),
    ("Ducati", "ORG:ducati"),
]


def _session(doc_id: str, published: str, lead: str, surface: str, value: str):
    text = (
        f"{lead} GP Italia di Sirkuit Mugello, {surface}. Andrea Dovizioso dari tim Ducati tampil impresif di "
        "depan ribuan penggemar yang memadati tribun. Dovizioso mengaku motor Ducati sangat cocok dengan "
        "karakter Sirkuit Mugello yang cepat."
    )
    return make_doc(doc_id, text, published, timexes=[(surface, value)], entities=RACE)


def test_one_race_weekend_is_one_happening_the_next_race_is_another():
    """Friday's practice and Sunday's race of one grand prix (series cues, lead days two days apart, one
    weekend) are one story; the same words about a Thursday and a Saturday are two happenings."""
    practice = _session(
        "fp1", "2017-06-02", "Andrea Dovizioso tercepat pada latihan bebas pertama", "Jumat (2/6)", "2017-06-02"
    )
    race = _session("race", "2017-06-04", "Andrea Dovizioso memenangi balapan", "Minggu (4/6)", "2017-06-04")
    story = _stories([practice, race])
    assert story["fp1"] == story["race"]
    assert len(set(_stories([practice, race], StoryConfig(weekend=False)).values())) == 2
    thursday = _session(
        "thu", "2017-06-08", "Andrea Dovizioso tercepat pada latihan bebas pertama", "Kamis (8/6)", "2017-06-08"
    )
    saturday = _session("sat", "2017-06-10", "Andrea Dovizioso memenangi balapan", "Sabtu (10/6)", "2017-06-10")
    story = _stories([thursday, saturday])
    assert story["thu"] != story["sat"]


def test_the_race_a_preview_announces_this_weekend_is_its_happening():
    """A preview whose lead says "akhir pekan ini" (TIMEX3 ``2017-W22-WE``) announces the race of that
    Saturday and Sunday: the race's report joins its story. "akhir pekan kemarin" written days later
    looks back and names no day of a happening."""
    from linimasa.corpus.story_items import lead_and_background_dates

    preview = _session(
        "preview", "2017-05-30", "Andrea Dovizioso siap tampil di seri", "akhir pekan ini", "2017-W22-WE"
    )
    race = _session("race", "2017-06-04", "Andrea Dovizioso memenangi balapan", "Minggu (4/6)", "2017-06-04")
    assert lead_and_background_dates(preview, 30)[0] == [(dt.date(2017, 6, 3), dt.date(2017, 6, 4))]
    story = _stories([preview, race])
    assert story["preview"] == story["race"]
    later = _session("later", "2017-06-08", "Andrea Dovizioso mengenang balapan", "akhir pekan kemarin", "2017-W22-WE")
    assert lead_and_background_dates(later, 30)[0] == []


CLUB = [("Persib Bandung", "ORG:persib-bandung"), ("Carlton Cole", "PER:carlton-cole")]


def test_the_next_mornings_reaction_naming_the_happenings_day_joins_it():
    """The club fed up with its striker the morning after the draw (its lead names no day, its body names
    the match's evening) is the reaction to that match, not talk about its actors: it joins the story of
    the match's day, whose lead reports one of a series (a match); a week later it would not."""
    match = make_doc(
        "match",
        "Persib Bandung belum memutuskan nasib Carlton Cole sebelum laga kandang melawan Persela, Rabu (12/7) "
        "sore nanti. Manajemen Persib Bandung akan menilai penampilan Carlton Cole di laga itu.",
        "2017-07-12",
        timexes=[("Rabu (12/7)", "2017-07-12")],
        entities=CLUB,
    )
    text = (
        "Enough is enough: Persib Bandung tampak kelewat muak dengan Carlton Cole yang tak kunjung tajam. "
        "Bobotoh pun ramai meminta kontraknya diputus secepatnya. Pelatih menyebut striker asal Inggris itu "
        "kembali mandul saat tim ditahan imbang, Rabu (12/7) malam."
    )
    reaction = make_doc("reaction", text, "2017-07-13", timexes=[("Rabu (12/7)", "2017-07-12")], entities=CLUB)
    story = _stories([match, reaction, *SEASON])
    assert story["match"] == story["reaction"]
    loose = _stories([match, reaction, *SEASON], StoryConfig(reaction_days=None))
    assert loose["match"] != loose["reaction"]
    later = make_doc("later", text, "2017-07-20", timexes=[("Rabu (12/7)", "2017-07-12")], entities=CLUB)
    story = _stories([match, later, *SEASON])
    assert story["match"] != story["later"]
