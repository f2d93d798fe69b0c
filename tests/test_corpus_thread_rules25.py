"""Thread rules of session 25: a club's matches are joined through the club (the thread's main actor), not
through an opponent, a ground or a coach that another club's match report shares with one of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader


def _profile(sid, day, entities, terms, series=0.0, cue=0.0):
    d = dt.date.fromisoformat(day)
    return StoryProfile(sid, sid, d, d, entities, terms, series=series, cue=cue)


def _stories(threads):
    return sorted(sorted(t.stories) for t in threads)


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
