"""Thread rules of session 25: a club's matches are joined through the club (the thread's main actor), not
through an opponent, a ground or a coach that another club's match report shares with one of them."""

from __future__ import annotations

from dataclasses import replace

from test_corpus_thread_rules24 import _profile, _stories

from linimasa.corpus.threads import ThreadConfig, Threader

CHE = "ORG:chelsea"
MCI = "ORG:manchester-city"
ETI = "LOC:stadion-etihad"
KDB = "PER:kevin-de-bruyne"


def _matches():
    """Chelsea's three matches (the third at City's ground), then City's match against Everton at home: it shares
    City, the ground and City's scorer with Chelsea's third match, and not Chelsea."""
    return [
        _profile("che-1", "2017-09-09", {CHE: 1.0, "ORG:tottenham": 1.0}, {"gol": 1.0, "menang": 1.0}, series=1.0),
        _profile("che-2", "2017-09-16", {CHE: 1.0, "ORG:everton": 1.0}, {"gol": 1.0, "imbang": 1.0}, series=1.0),
        _profile(
            "che-3", "2017-09-23", {CHE: 1.0, MCI: 1.0, ETI: 1.0, KDB: 0.6}, {"gol": 1.0, "kalah": 1.0}, series=1.0
        ),
        _profile("mci-1", "2017-09-30", {MCI: 1.0, ETI: 1.0, KDB: 1.0, "ORG:everton": 0.6}, {"gol": 1.0}, series=1.0),
    ]


def test_a_club_s_matches_are_not_joined_through_an_opponent_s_match():
    assert _stories(Threader().threads(_matches())) == [["che-1", "che-2", "che-3"]]
    # without the rule, City's match joins Chelsea's matches through City, its ground and its scorer
    old = Threader(replace(ThreadConfig(), series_via_main=False)).threads(_matches())
    assert _stories(old) == [["che-1", "che-2", "che-3", "mci-1"]]


MESSI = "PER:lionel-messi"
BARCA = "ORG:fc-barcelona"


def test_a_player_and_his_club_alone_do_not_link_talk_pieces():
    """A legend praising Messi and, months later, a rumour of Messi's contract: Messi and Barcelona are central to
    both (as to most of his stories), their words differ. Two persons in common (the leaders who meet again) still
    need no shared words."""
    praise = _profile("praise", "2017-04-19", {MESSI: 1.0, BARCA: 1.0}, {"legenda": 2.0, "puji": 2.0, "klub": 0.3})
    rumour = _profile("rumour", "2017-06-09", {MESSI: 1.0, BARCA: 1.0}, {"kontrak": 2.0, "gaji": 2.0, "klub": 0.3})
    assert Threader().threads([praise, rumour]) == []
    old = Threader(replace(ThreadConfig(), pair_subject=0.0)).threads([praise, rumour])
    assert _stories(old) == [["praise", "rumour"]]
    leaders = {"PER:kim-jong-un": 1.0, "PER:vladimir-putin": 1.0}
    a = _profile("summit", "2019-04-25", leaders, {"vladivostok": 2.0})
    b = _profile("visit", "2023-09-13", leaders, {"kosmodrom": 2.0})
    assert _stories(Threader().threads([a, b])) == [["summit", "visit"]]


def test_a_case_of_mostly_other_stories_is_joined_by_a_hearing_through_any_of_its_core_actors():
    """A corruption case told mostly through the watchdog's steps (its main actor), one of them the suspect's
    pre-trial hearing; the suspect's trial hearing (a series report whose central actor is the suspect, not the
    watchdog) follows the pre-trial hearing: the series rule applies only to threads mostly of series reports."""
    kpk, sn = "ORG:kpk", "PER:setya-novanto"
    case = {"ktp": 3.0, "korupsi": 2.0}
    steps = [
        _profile("kpk-1", "2017-11-01", {kpk: 1.0, sn: 1.0}, {**case, "panggil": 2.0}),
        _profile("pretrial", "2017-11-30", {kpk: 1.0, sn: 1.0}, {**case, "sidang": 2.0, "praperadilan": 2.0}, 1.0),
        _profile("kpk-3", "2017-12-05", {kpk: 1.0}, {**case, "tahan": 2.0}),
    ]
    hearing = _profile("hearing", "2017-12-13", {sn: 1.0, "ORG:pengadilan-tipikor": 1.0}, {**case, "sidang": 2.0}, 1.0)
    groups = Threader().threads([*steps, hearing])
    assert _stories(groups) == [["hearing", "kpk-1", "kpk-3", "pretrial"]]
    assert next(link.to for link in groups[0].links if link.story == "hearing") == "pretrial"
