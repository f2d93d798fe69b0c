"""Thread rules of session 22: a match report whose lead names no day is still a series report; a
series report joins a series only through its own main actor; talk needs a shared subject."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader


def _profile(sid, day, entities, terms, series=0.0, cue=0.0):
    d = dt.date.fromisoformat(day)
    return StoryProfile(sid, sid, d, d, entities, terms, series=series, cue=cue)


def _stories(threads):
    return sorted(sorted(t.stories) for t in threads)


def test_a_match_report_whose_lead_names_no_day_is_a_series_report():
    """Two match reports of one club, other opponents and words; the second's lead holds a series cue
    ("laga", a score) but no day: a report of one of the club's matches all the same, so the series rule
    (the club in the leads of both) links them."""
    a = _profile(
        "ars-mu", "2017-05-08", {"ORG:arsenal": 1.0, "ORG:manchester-united": 1.0}, {"taklukkan": 2.0}, series=1.0
    )
    b = _profile(
        "ars-psg", "2017-05-20", {"ORG:arsenal": 1.0, "ORG:psg": 1.0, "PER:cavani": 0.35}, {"imbang": 2.0}, cue=1.0
    )
    assert _stories(Threader().threads([a, b])) == [["ars-mu", "ars-psg"]]
    # without the cue counted, the second is talk to the first: no series rule, other words, no link
    assert Threader(replace(ThreadConfig(), cue_series=2.0)).threads([a, b]) == []


def test_a_series_report_joins_a_series_through_its_own_main_actor():
    """Real Madrid's two matches are a thread; Barcelona's cup tie, whose lead also names Real Madrid (its
    rival in the table), is Barcelona's match: it does not join Real Madrid's matches by the series rule."""
    rm1 = _profile(
        "rm-bilbao", "2017-03-19", {"ORG:real-madrid": 1.0, "ORG:athletic-bilbao": 1.0}, {"puncak": 1.0}, 1.0
    )
    rm2 = _profile("rm-coruna", "2017-04-27", {"ORG:real-madrid": 1.0, "ORG:la-coruna": 1.0}, {"riazor": 1.0}, 1.0)
    barca = _profile(
        "fcb-hercules",
        "2017-05-01",
        {"ORG:fc-barcelona": 1.0, "ORG:real-madrid": 0.9, "ORG:hercules": 1.0},
        {"copa": 1.0},
        series=1.0,
    )
    cfg = replace(ThreadConfig(), entity_weight=0.0, series_entity_weight=0.0)  # the series rule alone
    assert _stories(Threader(cfg).threads([rm1, rm2, barca])) == [["rm-bilbao", "rm-coruna"]]
    loose = Threader(replace(cfg, series_own_main=False)).threads([rm1, rm2, barca])
    assert _stories(loose) == [["fcb-hercules", "rm-bilbao", "rm-coruna"]]


def test_two_talk_pieces_of_one_actor_need_a_shared_subject():
    """A rider's two interviews share him and the sport's words a little (subject cosine below 0.2): not a
    history; his two statements on retiring share their subject, and are one."""
    rossi = {"PER:valentino-rossi": 1.0}
    a = _profile("rossi-biaggi", "2017-05-11", rossi, {"biaggi": 3.0, "rival": 2.0, "balap": 1.5})
    b = _profile("rossi-m1", "2017-07-11", rossi, {"sasis": 3.0, "tes": 2.0, "balap": 1.5})
    assert Threader().threads([a, b]) == []  # subject cosine 0.15
    assert len(Threader(replace(ThreadConfig(), min_subject=0.1)).threads([a, b])) == 1  # session 20's 0.1
    c = _profile("rossi-pensiun", "2017-05-09", rossi, {"pensiun": 3.0, "kontrak": 2.0, "balap": 1.0})
    d = _profile("rossi-pensiun-2", "2018-02-09", rossi, {"pensiun": 3.0, "kontrak": 1.0, "ambisi": 2.0})
    assert _stories(Threader().threads([c, d])) == [["rossi-pensiun", "rossi-pensiun-2"]]
