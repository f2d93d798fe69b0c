"""Threads: central actors (not source credits), series reports linked by their actors, core actors shared."""

from __future__ import annotations

import datetime as dt

from test_corpus_helpers import make_doc

from linimasa.corpus.story_items import entity_centrality, story_item
from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader


def _profile(sid: str, day: str, entities: dict[str, float], terms: dict[str, float], series: float = 0.0):
    d = dt.date.fromisoformat(day)
    return StoryProfile(sid, sid, d, d, entities, terms, series=series)


def test_lead_entities_are_central_and_a_source_credit_is_not():
    doc = make_doc(
        "c1",
        "Setya Novanto hadir di Pengadilan Tipikor pada Senin. Sidang dipimpin hakim Yanto. "
        "Jaksa KPK membacakan dakwaan selama tiga jam. Yanto menunda sidang hingga pekan depan. "
        "Sumber: Boldsky.",
        "2018-01-04",
        entities=[
            ("Setya Novanto", "PER:setya-novanto"),
            ("Yanto", "PER:yanto"),
            ("KPK", "ORG:kpk"),
            ("Boldsky", "ORG:boldsky"),
        ],
    )
    lead_end = doc.sentences[1].end
    central = dict(entity_centrality(doc, lead_end))
    assert central["PER:setya-novanto"] == 1.0 and central["PER:yanto"] == 1.0  # named in the lead
    assert 0.0 < central["ORG:kpk"] < 0.5  # named once, in the body
    assert central["ORG:boldsky"] == 0.0  # once, in the last sentence: a credit
    assert dict(story_item(doc).central) == central


def test_two_reports_of_a_series_link_by_their_actors_a_club_news_piece_does_not():
    club = {"ORG:persib": 1.0, "PER:djanur": 0.6}
    m1 = _profile("m1", "2017-05-07", {**club, "ORG:persipura": 1.0}, {"persipura": 3.0, "gol": 1.0}, series=1.0)
    m2 = _profile("m2", "2017-05-14", {**club, "ORG:bali-united": 1.0}, {"bali": 3.0, "united": 2.0}, series=1.0)
    news = _profile("n1", "2017-05-20", {**club, "PER:cole": 1.0}, {"kontrak": 3.0, "gol": 1.0}, series=0.0)
    groups = Threader().threads([news, m2, m1])
    assert [g.stories for g in groups] == [["m1", "m2"]]
    assert groups[0].links[0].entities[0] == "ORG:persib"
    # without the kind rule (factor 1) and with the words weighing, the news piece would join
    loose = Threader(ThreadConfig(kind_factor=1.0, series_entity_weight=0.8, threshold=0.1)).threads([news, m2, m1])
    assert [g.stories for g in loose] == [["m1", "m2", "n1"]]


def test_a_link_needs_an_actor_central_to_both_stories():
    terms = {"korupsi": 2.0, "ktp": 2.0, "sidang": 1.0}
    a = _profile("a", "2017-03-07", {"PER:novanto": 1.0, "ORG:kpk": 0.35}, terms)
    b = _profile("b", "2017-04-07", {"PER:irman": 1.0, "ORG:kpk": 0.35}, terms)
    assert Threader().threads([a, b]) == []  # same words, but KPK is only named in passing in both
    c = _profile("c", "2017-05-07", {"PER:novanto": 1.0, "ORG:kpk": 0.35}, terms)
    groups = Threader().threads([a, b, c])
    assert [g.stories for g in groups] == [["a", "c"]]
    assert Threader(ThreadConfig(core_min=0.0)).threads([a, b]) != []
