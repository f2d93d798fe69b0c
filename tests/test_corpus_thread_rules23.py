"""Thread rules of session 23: a competition's series (a rider's races) and talk (his interviews) merge only
when their subjects agree closely (a case and its trial's hearings merge as before); two riders' races merge
through their competition (off by default); a story left alone joins the case whose own term it carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader, abbreviates


def _profile(sid, day, entities, terms, series=0.0, cue=0.0):
    d = dt.date.fromisoformat(day)
    return StoryProfile(sid, sid, d, d, entities, terms, series=series, cue=cue)


def _stories(threads):
    return sorted(sorted(t.stories) for t in threads)


ROSSI = {"PER:valentino-rossi": 1.0}


def test_races_and_talk_of_one_rider_merge_only_on_a_close_subject():
    """Rossi's two races (a series of the competition MotoGP) and his two statements on retiring (talk), a year
    apart (the pass does not reach: ``max_gap_days`` 60), share Rossi and the sport's word ("balap"), subject
    cosine 0.47 between the threads: over the usual 0.4, under the 0.55 a competition's series needs to merge with
    talk. Without the competition (a trial's hearings and the case's news), 0.4 as before."""
    gp = {"ORG:motogp": 1.0}
    r1 = _profile(
        "race-qatar", "2017-03-26", {**ROSSI, **gp, "ORG:ducati": 1.0}, {"balap": 2.5, "pole": 2.0, "qatar": 2.0}, 1.0
    )
    r2 = _profile(
        "race-jerez", "2017-05-07", {**ROSSI, **gp, "ORG:honda": 1.0}, {"balap": 2.5, "podium": 2.0, "jerez": 2.0}, 1.0
    )
    t1 = _profile("rossi-pensiun", "2018-02-09", ROSSI, {"balap": 2.5, "pensiun": 3.0, "kontrak": 2.0})
    t2 = _profile("rossi-pensiun-2", "2018-02-20", ROSSI, {"balap": 2.5, "pensiun": 3.0, "ambisi": 2.0})
    cfg = replace(ThreadConfig(), max_gap_days=60)
    stories = [r1, r2, t1, t2]
    assert _stories(Threader(cfg).threads(stories)) == [
        ["race-jerez", "race-qatar"],
        ["rossi-pensiun", "rossi-pensiun-2"],
    ]
    # as before session 23 (the same-kind cosine for any two threads): one thread
    one = [["race-jerez", "race-qatar", "rossi-pensiun", "rossi-pensiun-2"]]
    assert _stories(Threader(replace(cfg, merge_kind_subject=cfg.merge_subject)).threads(stories)) == one
    r1.entities.pop("ORG:motogp")
    r2.entities.pop("ORG:motogp")
    assert _stories(Threader(cfg).threads(stories)) == one  # no competition: a series and its case's news


def test_two_riders_races_merge_through_their_competition():
    """Márquez's races and Rossi's races (two series threads, each rider the main actor of his) share no core
    actor but the competition, central to half the reports of each: one season's races, one series. Two clubs'
    matches in one league stay apart (their main actors are organisations: a club's matches are its own)."""
    gp = {"ORG:motogp": 1.0}
    subject = {"balap": 2.0, "pole": 1.0, "finis": 1.0}
    mm = {"PER:marc-marquez": 1.0}
    vr = {"PER:valentino-rossi": 1.0}
    stories = [
        _profile("mm-1", "2017-03-26", {**mm, **gp, "LOC:qatar": 1.0}, {**subject, "qatar": 1.0}, 1.0),
        _profile("vr-1", "2017-04-09", {**vr, "LOC:argentina": 1.0}, {**subject, "argentina": 1.0}, 1.0),
        _profile("mm-2", "2017-04-23", {**mm, "LOC:austin": 1.0}, {**subject, "austin": 1.0}, 1.0),
        _profile("vr-2", "2017-05-07", {**vr, **gp, "LOC:jerez": 1.0}, {**subject, "jerez": 1.0}, 1.0),
    ]
    merging = replace(ThreadConfig(), merge_competitions=True)
    assert _stories(Threader(merging).threads(stories)) == [["mm-1", "mm-2", "vr-1", "vr-2"]]
    assert _stories(Threader(replace(ThreadConfig(), merge_competitions=False)).threads(stories)) == [
        ["mm-1", "mm-2"],
        ["vr-1", "vr-2"],
    ]
    league = {"ORG:liga-inggris": 1.0}
    clubs = [
        _profile(s.id.replace("mm", "ars").replace("vr", "che"), str(s.start), s.entities, s.terms, 1.0)
        for s in stories
    ]
    for c in clubs:
        main = "ORG:arsenal" if c.id.startswith("ars") else "ORG:chelsea"
        c.entities = {main: 1.0, **({k: v for k, v in c.entities.items() if k.startswith("LOC:")})}
        if c.id in ("ars-1", "che-2"):
            c.entities.update(league)
    assert _stories(Threader(merging).threads(clubs)) == [["ars-1", "ars-2"], ["che-1", "che-2"]]


def test_a_story_left_alone_joins_the_case_whose_term_it_carries():
    """Five steps of a corruption case (the suspect and the broker central, "ktp" in each, other words apart) are a
    thread that owns "ktp"; a witness's hearing naming the broker, in other words but "ktp", joins it with a link
    saying why (the broker, "ktp"); the broker's other news without the case's term stays alone."""
    sn, an, kpk = "PER:setya-novanto", "PER:andi-narogong", "ORG:kpk"
    words = ["saksi", "periksa", "sangka", "tahan", "dakwa"]
    case = [
        _profile(
            f"step-{k}",
            f"2017-0{k + 3}-10",
            {sn: 1.0, kpk: 1.0, **({an: 1.0} if k < 2 else {})},
            {"ktp": 2.0, "korupsi": 2.0, words[k]: 3.0},
        )
        for k in range(5)
    ]
    witness = _profile(
        "witness",
        "2017-04-18",
        {an: 1.0, "PER:husni-fahmi": 1.0},
        {"ktp": 1.0, "bppt": 3.0, "ruko": 3.0, "teknis": 2.0},
    )
    other = _profile("broker-car", "2017-05-20", {an: 1.0}, {"mobil": 3.0, "mewah": 3.0, "garasi": 2.0})
    threads = Threader().threads([*case, witness, other])
    assert _stories(threads) == [sorted(["witness", *(c.id for c in case)])]
    link = next(link for link in threads[0].links if link.story == "witness")
    assert link.entities == [an] and link.terms == ["ktp"] and link.to in ("step-0", "step-1")
    alone = Threader(replace(ThreadConfig(), attach_min=0)).threads([*case, witness, other])
    assert _stories(alone) == [sorted(c.id for c in case)]


def test_an_actor_abbreviation_is_not_a_term_a_thread_owns():
    """The terms "kpk", "golkar", "dpr" abbreviate their actors' names: a thread of the anti-graft agency's steps does not
    own "kpk" (every story of the agency holds it), while "ktp", the case's object, is a term of its own."""
    assert abbreviates("kpk", "komisi-pemberantasan-korupsi".split("-"))
    assert abbreviates("golkar", "partai-golongan-karya".split("-"))
    assert abbreviates("gerindra", "partai-gerakan-indonesia-raya".split("-"))
    assert not abbreviates("ktp", "komisi-pemberantasan-korupsi".split("-"))
    assert not abbreviates("novel", ["novel", "baswedan"])  # one word: the name itself, not an abbreviation
