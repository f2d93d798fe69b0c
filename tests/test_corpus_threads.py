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


def test_one_shared_actor_without_a_shared_subject_is_no_thread():
    """A company's product launch and its data leak share the company, not a history; the names'
    own words ("uber") are not a shared subject. A second step of the leak is."""
    launch = _profile("launch", "2017-03-01", {"ORG:uber": 1.0}, {"uber": 3.0, "fitur": 2.0, "aplikasi": 2.0})
    leak = _profile("leak", "2017-08-01", {"ORG:uber": 1.0}, {"uber": 3.0, "data": 2.0, "bocor": 2.0})
    assert Threader().threads([launch, leak]) == []
    # without the subject rule the company alone (its name among the terms) links them
    loose = ThreadConfig(subject_only=False, min_subject=0.0)
    assert [g.stories for g in Threader(loose).threads([launch, leak])] == [["launch", "leak"]]
    fine = _profile("fine", "2017-09-01", {"ORG:uber": 1.0}, {"uber": 3.0, "data": 2.0, "bocor": 1.0, "denda": 2.0})
    groups = Threader().threads([launch, leak, fine])
    assert [g.stories for g in groups] == [["leak", "fine"]]
    assert "uber" not in groups[0].links[0].terms and "data" in groups[0].links[0].terms


def test_two_leaders_in_common_need_no_shared_words():
    """Two core actors of both stories (the leaders who meet again) are enough evidence by themselves."""
    leaders = {"PER:kim-jong-un": 1.0, "PER:vladimir-putin": 1.0}
    a = _profile("summit", "2019-04-25", leaders, {"vladivostok": 2.0, "nuklir": 1.0})
    b = _profile("visit", "2023-09-13", leaders, {"kosmodrom": 2.0, "senjata": 1.0})
    assert [g.stories for g in Threader().threads([a, b])] == [["summit", "visit"]]
    one = _profile("visit", "2023-09-13", {"PER:kim-jong-un": 1.0}, {"kosmodrom": 2.0, "senjata": 1.0})
    assert Threader().threads([a, one]) == []


def test_a_story_joins_a_thread_through_its_core_not_a_passing_actor():
    """Six hearings of one trial (the defendant central to all) and, in one of them, a witness; a later
    story about that witness's own business shares the witness and words with that hearing only: it does
    not drift into the trial's thread (the witness is central to one story in six)."""
    trial = {"PER:irman": 1.0}
    words = {"sidang": 2.0, "ktp": 2.0, "saksi": 1.0}
    hearings = [_profile(f"h{k}", f"2017-0{k + 1}-10", dict(trial), dict(words)) for k in range(6)]
    hearings[2].entities["PER:andi"] = 1.0
    hearings[2].terms["proyek"] = 2.0
    later = _profile("andi", "2017-08-10", {"PER:andi": 1.0, "ORG:pt-quadra": 1.0}, {"proyek": 2.0, "saksi": 1.0})
    groups = Threader().threads([*hearings, later])
    assert [g.stories for g in groups] == [[f"h{k}" for k in range(6)]]
    drift = Threader(ThreadConfig(core_share=0.0)).threads([*hearings, later])
    assert "andi" in drift[0].stories


def test_two_threads_of_one_case_are_merged_with_the_reason():
    """A case the single pass starts twice (the politician's party news, then the investigation whose
    first story names him in passing): merged after the pass on a shared core actor and subject."""
    subject = {"korupsi": 2.0, "ktp": 2.0, "proyek": 1.0}
    p1 = _profile("p1", "2017-03-01", {"PER:novanto": 1.0, "ORG:golkar": 1.0}, {**subject, "partai": 1.0})
    p2 = _profile("p2", "2017-03-20", {"PER:novanto": 1.0, "ORG:golkar": 1.0}, {**subject, "munas": 1.0})
    k1 = _profile("k1", "2017-04-01", {"ORG:kpk": 1.0, "PER:novanto": 0.4}, {**subject, "periksa": 1.0})
    k2 = _profile("k2", "2017-04-20", {"ORG:kpk": 1.0, "PER:novanto": 0.45}, {**subject, "sangka": 1.0})
    apart = Threader(ThreadConfig(merge=False)).threads([p1, p2, k1, k2])
    assert sorted(g.stories for g in apart) == [["k1", "k2"], ["p1", "p2"]]
    groups = Threader().threads([p1, p2, k1, k2])
    assert [g.stories for g in groups] == [["p1", "p2", "k1", "k2"]]
    merge = next(link for link in groups[0].links if link.story == "k1")
    assert merge.to == "p1" and merge.entities == ["PER:novanto"] and "korupsi" in merge.terms


def test_a_thread_lists_the_actor_its_link_was_made_through():
    # two stories whose only shared actor (Ahok) is central to each at 0.6: the summed centrality is
    # under 2, yet the link was made through him, so the thread's central entities name him
    terms = {"gubernur": 2.0, "reklamasi": 2.0, "teluk": 1.0}
    a = _profile("a", "2016-04-01", {"PER:ahok": 0.6, "LOC:jakarta": 0.6, "PER:sanusi": 1.0}, terms)
    b = _profile("b", "2016-05-01", {"PER:ahok": 0.6, "LOC:jakarta": 0.5, "ORG:dprd": 1.0}, terms)
    groups = Threader().threads([a, b])
    assert [g.stories for g in groups] == [["a", "b"]]
    g = groups[0]
    assert "PER:ahok" in g.links[0].entities
    assert g.entities[:2] == ["PER:ahok", "LOC:jakarta"]  # both in two stories, Ahok more central
    assert "PER:sanusi" not in g.entities  # central to one story only


def test_a_thread_title_is_its_main_story_not_its_first():
    terms = {"sidang": 2.0, "korupsi": 2.0, "ktp": 1.0}
    side = _profile("a", "2017-03-07", {"PER:novanto": 0.5, "PER:irman": 1.0}, terms)
    main = _profile("b", "2017-04-07", {"PER:novanto": 1.0, "ORG:kpk": 1.0}, terms)
    last = _profile("c", "2017-05-07", {"PER:novanto": 1.0, "ORG:kpk": 1.0, "PER:yanto": 0.5}, terms)
    side.title, main.title, last.title = "Irman bersaksi", "Novanto diperiksa KPK", "Novanto dan KPK lagi"
    groups = Threader().threads([side, main, last])
    assert [g.stories for g in groups] == [["a", "b", "c"]]
    assert groups[0].entities[:2] == ["PER:novanto", "ORG:kpk"]
    assert groups[0].title == "Novanto diperiksa KPK"  # the central actors most central, then earliest
    last.size = 3
    assert Threader().threads([side, main, last])[0].title == "Novanto dan KPK lagi"  # the most articles first
