"""Thread rules of session 24: two threads of one history that the single pass started apart merge through a
*bridge*, a story that scored well with both (here the crash of a suspect's car: his case, and the thread of the
journalist who drove the car), when they share a core actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader


def _profile(sid, day, entities, terms, series=0.0, cue=0.0):
    d = dt.date.fromisoformat(day)
    return StoryProfile(sid, sid, d, d, entities, terms, series=series, cue=cue)


def _stories(threads):
    return sorted(sorted(t.stories) for t in threads)


SN = "PER:setya-novanto"
KPK = "ORG:komisi-pemberantasan-korupsi"
HM = "PER:hilman-mattauch"


def _case():
    """A corruption case (three steps), the journalist named suspect for the crash of the suspect's car (a day
    before the crash's own story), the crash's story, and the watchdog questioning the journalist weeks later."""
    case = {"ktp": 3.0, "korupsi": 2.0, "sangka": 1.5}
    return [
        _profile("case-1", "2017-11-01", {SN: 1.0, KPK: 1.0}, {**case, "panggil": 2.0}),
        _profile("case-2", "2017-11-06", {SN: 1.0, KPK: 1.0}, {**case, "mangkir": 2.0}),
        _profile("case-3", "2017-11-14", {SN: 1.0, KPK: 1.0}, {**case, "jemput": 2.0}),
        _profile("hm-suspect", "2017-11-17", {HM: 1.0, SN: 1.0}, {"celaka": 3.0, "mobil": 2.5, "lalai": 2.0}),
        _profile("crash", "2017-11-18", {SN: 1.0, KPK: 1.0, HM: 0.6}, {**case, "celaka": 2.0, "mobil": 1.5}),
        _profile("hm-kpk", "2018-01-09", {HM: 1.0, KPK: 0.6, SN: 0.6}, {"lalai": 2.0, "celaka": 2.0, "saksi": 2.0}),
    ]


def test_a_story_that_could_join_two_threads_bridges_them():
    stories = _case()
    one = [["case-1", "case-2", "case-3", "crash", "hm-kpk", "hm-suspect"]]
    assert _stories(Threader(ThreadConfig()).threads(stories)) == one
    # without the bridge: the journalist's thread stays apart (its subject, the crash, is not the case's)
    apart = _stories(Threader(replace(ThreadConfig(), merge_bridge=0.0)).threads(stories))
    assert ["hm-kpk", "hm-suspect"] in apart


def test_a_derby_does_not_bridge_two_clubs_matches():
    """A derby is a report of both clubs' series: it joins Real Madrid's matches (its own main actor's) and scores
    well with Atlético's too, but two series threads of different main actors stay two series."""
    rm, atm = "ORG:real-madrid", "ORG:atletico-madrid"
    stories = [
        _profile(
            "rm-1", "2017-03-19", {rm: 1.0, "ORG:athletic-bilbao": 1.0}, {"bilbao": 1.0, "zidane": 2.0, "skor": 2.0}
        ),
        _profile("atm-1", "2017-03-20", {atm: 1.0, "ORG:sevilla": 1.0}, {"sevilla": 1.0, "simeone": 2.0, "menit": 2.0}),
        _profile(
            "atm-2",
            "2017-04-22",
            {atm: 1.0, "ORG:granada": 1.0, rm: 0.6},
            {"granada": 1.0, "simeone": 2.0, "menit": 2.0},
        ),
        _profile(
            "derby", "2017-05-02", {rm: 1.0, atm: 1.0}, {"simeone": 2.0, "zidane": 2.0, "skor": 2.0, "menit": 2.0}
        ),
    ]
    for p in stories:
        p.series = p.cue = 1.0
    threader = Threader(ThreadConfig())
    assert _stories(threader.threads(stories)) == [["atm-1", "atm-2"], ["derby", "rm-1"]]
    assert [(link.story, link.to) for link in threader._bridges.values()] == [("derby", "atm-2")]
