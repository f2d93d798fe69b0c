"""Stories: reports of another happening of a series stay apart even when the leads say little of the day."""

from __future__ import annotations

from test_corpus_helpers import make_doc

from linimasa.corpus.stories import StoryStage
from linimasa.pipeline import CorpusResult

CLUB = [("Persib Bandung", "ORG:persib-bandung"), ("Djadjang Nurdjaman", "PER:djanur")]
BODY = (
    "Pelatih Djadjang Nurdjaman puas dengan penampilan anak asuhnya di depan ribuan bobotoh. "
    "Kemenangan itu membawa Persib Bandung naik ke papan atas klasemen sementara Liga 1."
)


def _stories(*docs):
    result = StoryStage()(CorpusResult(documents=list(docs)))
    return {d.id: d.story for d in result.documents}


def test_a_later_report_with_a_series_cue_and_no_day_is_another_match():
    first = make_doc(
        "m1",
        f"Persib Bandung menang 2 - 0 atas Persipura dalam laga lanjutan Liga 1, Minggu (7/5). {BODY}",
        "2017-05-07",
        timexes=[("Minggu (7/5)", "2017-05-07")],
        entities=CLUB,
    )
    later = make_doc(
        "m2",
        f"Persib Bandung menang 1 - 0 atas Persipura dalam laga lanjutan Liga 1 di kandang sendiri. {BODY}",
        "2017-05-10",
        entities=CLUB,
    )
    # the same words without the series cue ("laga", "menang") would be a follow-up of the match
    follow = make_doc(
        "f1",
        f"Persib Bandung bersyukur atas dukungan bobotoh di Stadion Gelora Bandung Lautan Api. {BODY}",
        "2017-05-09",
        entities=CLUB,
    )
    story = _stories(first, later, follow)
    assert story["m1"] != story["m2"]
    assert story["m1"] == story["f1"]


def test_a_match_day_announced_in_a_body_does_not_pull_that_match_into_the_story():
    """A report whose lead names no day mentions the next match ("Kamis (25/1) mendatang"); the
    report of that next match (its lead names the day) is another happening."""
    first = make_doc(
        "leg1",
        f"Persib Bandung kalah 0 - 1 dari Persija dalam laga leg pertama. {BODY} "
        "Leg kedua digelar Kamis (25/1) mendatang.",
        "2018-01-18",
        timexes=[("Kamis (25/1)", "2018-01-25")],
        entities=CLUB,
    )
    second = make_doc(
        "leg2",
        f"Persib Bandung menang 2 - 0 atas Persija dalam laga leg kedua, Kamis (25/1). {BODY}",
        "2018-01-26",
        timexes=[("Kamis (25/1)", "2018-01-25")],
        entities=CLUB,
    )
    story = _stories(first, second)
    assert story["leg1"] != story["leg2"]
