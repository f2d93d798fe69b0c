"""A continued run keeps the day a story gave a stored member while the story's dated members stay
the same (corpus.kept_dates), and chooses again when a dated member joins."""

from __future__ import annotations

from test_corpus_dating import preview, report
from test_corpus_helpers import make_doc

from linimasa.corpus.dating import StoryDater, StoryDatingStage
from linimasa.corpus.kept_dates import KeepingDater, kept_dates
from linimasa.pipeline import CorpusResult


def _date(docs, dater):
    for d in docs:
        d.story = "s1"
    StoryDatingStage(dater=dater)(CorpusResult(documents=docs))
    return {d.id: d for d in docs}


def _finals(docs):
    """What the store holds of each finalised member (as Store.final_dates reads it)."""
    return {
        d.id: (d.story, d.duplicate_of, d.published, d.published_from, d.features.get("story_dating"))
        for d in docs.values()
    }


def test_the_stored_choice_is_kept_while_the_dated_members_are_the_same() -> None:
    first = _date([preview(), report()], StoryDater())
    assert first["preview"].published == "2019-04-24"
    kept = kept_dates(_finals(first))
    assert kept.dated == {"s1": frozenset({("report", "2019-04-26")})}
    assert kept.chosen["preview"][0] == "2019-04-24"
    assert "published" not in (kept.chosen["preview"][1] or {})

    # a later run finalises the story again (an undated member joined): the stored choice is kept
    # (shown by a stored day no choice would give), with its evidence
    kept.chosen["preview"] = ("2019-04-23", {"agreement": 9.0, "members": ["report"]})
    undated = make_doc("later", "Presiden Filipina kembali ke Manila setelah kunjungan kerja ke Jepang.")
    again = _date([preview(), report(), undated], KeepingDater(kept=kept))
    assert again["preview"].published == "2019-04-23" and again["preview"].published_from == "story"
    assert again["preview"].features["story_dating"] == {
        "published": "2019-04-23",
        "agreement": 9.0,
        "members": ["report"],
    }

    # a dated member joined: the day is chosen again (among both dated members)
    text = (
        "Presiden Filipina dan Perdana Menteri Jepang menyepakati latihan bersama penjaga pantai. "
        "Kesepakatan itu dicapai pada Kamis (25/4/2019) di Tokyo."
    )
    second = make_doc("report2", text, "2019-04-27", timexes=[("Kamis (25/4/2019)", "2019-04-25")])
    chosen = _date([preview(), report(), second], KeepingDater(kept=kept))
    assert chosen["preview"].published == "2019-04-24"
    assert chosen["preview"].features["story_dating"]["members"] != ["report"]


def test_copies_and_own_dates_are_not_kept_choices() -> None:
    r = report()
    copy = make_doc("copy", r.text)
    copy.duplicate_of = "report"
    first = _date([r, copy], StoryDater())
    assert first["copy"].features["story_dating"]["copy_of"] == "report"
    kept = kept_dates(_finals(first))
    # the copy's day came from its original, not from a choice; the original dated itself
    assert "copy" not in kept.chosen and "report" not in kept.chosen
    assert kept.dated["s1"] == frozenset({("report", "2019-04-26")})
