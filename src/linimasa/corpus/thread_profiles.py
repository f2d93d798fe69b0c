"""Thread profiles: what threading needs of a story, and the knobs of threading.

A story is summed up by its central entities (how central each is, averaged over its members),
its subject terms (TF-IDF over its members), the dates it refers back to and its series share
(:func:`story_profile`). :class:`ThreadConfig` holds the knobs of :mod:`corpus.threads`; the
words that make an entity a frame rather than an actor come from the language packs
(``thread_frames`` in ``lang/<code>/corpus.toml``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml, resource_language

Interval = tuple[dt.date, dt.date]


@cache
def thread_frames() -> frozenset[str]:
    """The name words that make an entity a frame, not an actor (``thread_frames`` in
    ``lang/<code>/corpus.toml``, every pack's merged: names cross languages)."""
    out: set[str] = set()
    for lang in SUPPORTED_LANGUAGES:
        out.update(w.lower() for w in load_toml(resource_language(lang), "corpus").get("thread_frames", []))
    return frozenset(out)


def abbreviates(term: str, words: Sequence[str]) -> bool:
    """Whether ``term`` is made of the beginnings of two or more of ``words`` in order (words may be skipped):
    "kpk" of komisi-pemberantasan-korupsi, "golkar" of partai-golongan-karya, "gerindra" of
    partai-gerakan-indonesia-raya: a name's abbreviation, not a subject."""

    seen: set[tuple[int, int, int]] = set()  # (states that failed: the search stays polynomial)

    def fit(t: int, w: int, used: int) -> bool:
        if t == len(term):
            return used >= 2
        if (t, w, min(used, 2)) in seen:
            return False
        seen.add((t, w, min(used, 2)))
        for k in range(w, len(words)):
            word = words[k]
            n = 1
            while n <= len(word) and t + n <= len(term) and word[n - 1] == term[t + n - 1]:
                if fit(t + n, k + 1, used + 1):
                    return True
                n += 1
        return False

    return 2 <= len(term) <= 12 and fit(0, 0, 0)


def _iso(d: dt.date | Interval) -> str:
    if isinstance(d, tuple):
        return d[0].isoformat() if d[0] == d[1] else f"{d[0].isoformat()}/{d[1].isoformat()}"
    return d.isoformat()


def is_year(iv: Interval) -> bool:
    """Whether ``iv`` is a whole calendar year (a bare year: "pada 2019")."""
    a, b = iv
    return a.month == 1 and a.day == 1 and b.month == 12 and b.day == 31 and a.year == b.year


def ref_value(iv: Interval) -> str:
    """A reference back as a link shows it: a year, a month (YYYY-MM) or a day or span in ISO."""
    a, b = iv
    if a.month == 1 and a.day == 1 and b.month == 12 and b.day == 31 and a.year == b.year:
        return str(a.year)
    if a.day == 1 and a.year == b.year and a.month == b.month and (b + dt.timedelta(days=1)).day == 1:
        return f"{a.year:04d}-{a.month:02d}"
    return _iso(iv)


@dataclass
class ThreadConfig:
    """The knobs of threading (language-independent)."""

    top_terms: int = 30  # subject terms kept in a story profile
    top_entities: int = 8  # central entities kept in a story profile
    entity_weight: float = 0.5
    term_weight: float = 0.5
    # a link needs at least this score (0.2: chosen leave-one-group-out on the dev part among 0.18-0.24, in five
    # folds of six with the session-22 rules; 0.22 is better for two clubs' matches, 0.2 for the e-KTP case)
    threshold: float = 0.2
    reference_bonus: float = 0.15
    # an entity central to more than this share of stories does not block (3 %: a big club's matches; 2 % left
    # Real Madrid, central to 2.1 % of IndoSum's stories, out of blocking, and its matches apart) ...
    common_fraction: float = 0.03
    common_min: int = 40  # ... unless it is central to fewer stories than this
    max_gap_days: int = 6 * 366  # a thread is not continued after this long a silence
    posting_cap: int = 32
    max_candidates: int = 24
    # the candidate stories of a report of one of a series are the earlier reports of series first (a match
    # report looks among the club's matches before its rumours and interviews), then by shared actors
    kind_candidates: bool = True
    shown_terms: int = 5
    # a link needs the strongest central entity of one story to be central to the other
    # (tried on the gold dev part: thread pair precision x2, recall /2, F1 a little lower)
    main_actor: bool = False
    # entity types (the id's prefix) that can block and link: actors, not the places they are in
    actor_prefixes: tuple[str, ...] = ("PER:", "ORG:")
    shown_entities: int = 4
    thread_entities: int = 5  # the central entities listed for a thread (its links' actors first)
    # a story is scored against the ``link_members`` most recent members of each candidate thread
    # and joins the thread of the best ("single") or of the best average ("average": tried on the
    # gold dev part, thread pair F1 lower at every threshold)
    linkage: str = "single"
    link_members: int = 12
    # a report of one of a series (a match, a hearing) and a story that is not one are seldom
    # steps of one history: their score is multiplied by this
    kind_factor: float = 0.5
    series_entity_weight: float = 0.8  # the entity weight between two reports of series happenings
    core_min: float = 0.5  # a link needs an actor at least this central to both stories (0: none needed)
    min_central: float = 0.3  # entities less central than this (on average over members) are left out
    # a story joins a thread only through one of the thread's core actors: an actor central (at least
    # ``core_min``) to the story and to at least this share of the thread's stories (no drift along a
    # chain of single links: MotoGP in Palembang -> Pertamina -> a tanker drivers' strike); 0: none
    core_share: float = 0.2
    # subject terms: a story's terms without the words of its entities' names (what, not who); the
    # term cosine of a link is over them, and a link between stories that are not two reports of a
    # series needs a subject cosine of at least ``min_subject``, a reference back to the other story or
    # two core actors in common (the two leaders who meet again): one shared actor alone is not a
    # history (a company's product news, a celebrity's next gossip)
    subject_only: bool = True
    # ... two core actors in common stand in for the subject only with a subject cosine of at least this (session 25, 0.08:
    # 0.1 and 0.12 cut the e-KTP case, 0.05 and 0 keep talk links; chosen in every fold of leave-one-group-out;
    # a person and his club or party are central together in most of his stories, so two actors alone linked talk
    # pieces of one club: a legend praising Messi, a rumour of Suarez; 0 before)
    pair_subject: float = 0.08
    pair_persons: tuple[str, ...] = ("PER:",)  # ... two of these in common need no subject (the leaders)
    min_subject: float = 0.2  # (0.1 before session 22; 0.2-0.25 chosen leave-one-group-out in all six folds)
    # after the pass, threads of ``merge_min`` stories or more are merged when they share a core actor
    # (central to ``merge_core_share`` of the stories of each) and their subjects agree (cosine of their
    # subject terms at least ``merge_subject``): one case the pass started twice (its politics, its trial)
    merge: bool = True
    merge_core_share: float = 0.4
    merge_subject: float = 0.4
    merge_min: int = 2
    # ... or, instead of the subject cosine, a *bridge*: a story of the pass that scored at least this with both
    # threads (it could have joined either: the KPK questioning the journalist who drove the suspect's car, in his
    # thread, and the suspect's case);
    # not between two series threads of different main actors (a derby links two clubs' matches). 0: off. 0.4 and
    # 0.45 score alike on the dev part (URL dates); 0.45 leaves out two topic merges 0.4 makes (a statistics office's
    # releases, a phone maker's models); 0.35 lowers URL-dated F1 (0.724)
    merge_bridge: float = 0.45
    # ... and a thread of a competition's series (mostly series reports, a person its main actor, a competition
    # among its entities: a rider's races) merges with a thread mostly of other stories (his interviews) only at
    # this subject cosine: a rider's races and his talk share the sport's words (0.42-0.49 on MotoGP), and the gold
    # keeps interviews out of threads; a case and its trial's hearings (no competition) merge at 0.4 as before
    merge_kind_subject: float = 0.55
    # a competition (a frame) is a thread's when it is central to at least this share of its stories
    competition_share: float = 0.25
    # two threads of competitions' series also merge through a shared competition (two riders' races of one season:
    # one series; clubs' matches, whose main actors are organisations, never). Off: tried in session 23, dev +0.002
    # with URL dates, -0.018 with text dates (undated talk pieces count as races there); leave-one-group-out chose
    # it off in three folds of six
    merge_competitions: bool = False
    competition_prefixes: tuple[str, ...] = ("PER:",)
    # a story in no thread joins a thread of ``attach_min`` stories or more (0: never), mostly not series reports,
    # when it holds a term the thread owns (held by ``attach_share`` of its stories and with ``attach_own`` of all
    # the stories holding it in the thread) and shares an actor central to two of its stories (see Threader)
    attach_min: int = 5
    attach_share: float = 0.3
    attach_own: float = 0.5
    # a report of one of a series (a match, a hearing) that could join several threads joins first the one
    # whose main actor (the most central over its stories) is its own main actor (its most central actor,
    # then the most often named): a story belongs to the thread of its main actor, Persib's match against
    # Bhayangkara to Persib's matches when Persib is the actor of the report. (Tried on the dev part and
    # lower: any story, not only series reports; a thread whose main actor is only central to the story;
    # a series link only through the later report's main actor.)
    prefer_main: bool = True
    # a reference back must name a month or a day: a bare year of the year before ("musim 2016" in 2017,
    # last season) overlaps any story of that year of the same actors, another history's as often as
    # this one's (on the dev part, most such references linked two histories)
    year_refs: bool = False
    year_ref_gap: int = 2  # ... unless it is at least this many years before the story ("pada 2019" in 2023)
    # two reports of series happenings whose main actor is the same (named in the lead of both: the club
    # of two matches, the defendant of two hearings) score at least the threshold: one series
    series_main: bool = True
    series_thread_main: bool = True  # ... through the main actor of the thread it joins (see Threader)
    series_own_main: bool = True  # ... and through the joining report's own main actor
    # two reports of series happenings link only when the joining report names (one of) the most central actors
    # of the thread it joins: a club's matches are joined through the club, not through an opponent, a ground or
    # a coach another club's report shares with one of them
    series_via_main: bool = True
    # the series rule's score keeps the order of the pairs' own scores (threshold + 0.001 + this x score):
    # the closest of the actor's series reports is followed, not the first met (0: all tie)
    series_main_order: float = 0.1
    # entities whose name holds one of ``frames`` (a league, a cup: ``thread_frames`` of the packs) are not
    # actors for the uses named in ``frame_uses`` (blocking, a thread's core, a link's shared actor, the
    # series rule)
    frames: frozenset[str] = field(default_factory=thread_frames)
    frame_uses: tuple[str, ...] = ("block", "core", "pair", "series")
    lead_share: float = 0.9  # an entity this central to a story is named in (nearly) all its members' leads
    # a story whose leads hold a series cue without naming a day (a match report of "Arsenal beat PSG 2-1")
    # counts as a series report for threads when at least this share of its members do (above 1: never)
    cue_series: float = 0.5


@dataclass
class StoryProfile:
    """What threading needs of one story."""

    id: str
    title: str
    start: dt.date | None
    end: dt.date | None
    entities: dict[str, float]  # central entity id -> share of the story's members naming it
    terms: dict[str, float]  # subject term -> TF-IDF weight (unnormalised)
    refs: list[Interval] = field(default_factory=list)  # dates named long before the story
    size: int = 1
    series: float = 0.0  # share of its members whose lead reports one of a series (a match, a hearing)
    cue: float = 0.0  # share of its members whose lead holds a series cue, with or without a day


_N_LOGS = 64
_LOGS = [0.0] + [math.log(c) for c in range(1, _N_LOGS)]  # (a member's term counts are mostly small)


def story_profile(
    sid: str,
    title: str,
    members: Sequence[Any],
    df: Counter[Hashable],
    n_docs: int,
    names: Sequence[str] | None,
    config: ThreadConfig,
) -> StoryProfile:
    """The profile of a story from its members' :class:`StoryItem` s (originals and copies).

    Its entities are weighted by how central they are on average over its members (named in
    the title or lead, or often; a source credit met once in a last sentence weighs nothing)."""
    central: dict[str, float] = {}
    mentions: Counter[str] = Counter()
    tf: dict[Hashable, float] = {}
    refs: list[Interval] = []
    # a member without a publication date counts by its lead's day (its anchor), when it names one
    dates = [d for m in members if (d := m.pub or getattr(m, "anchor", None))]
    originals = 0
    series = 0
    cue = 0
    for m in members:
        for e, w in m.central:
            central[e] = central.get(e, 0.0) + w
        for e, c in m.entities:
            mentions[e] += c
        if m.duplicate_of:
            continue
        originals += 1
        series += m.series
        cue += bool(getattr(m, "cue", False))
        for t, c in zip(m.terms, m.counts, strict=True):
            tf[t] = tf.get(t, 0.0) + 1.0 + (_LOGS[c] if 0 < c < _N_LOGS else math.log(c))
        for r in m.refs:
            if r not in refs:
                refs.append(r)
    size = len(members)
    # the most central: named in the leads of the most members, then most often (the actors)
    ranked = sorted(central, key=lambda e: (-central[e], -mentions[e], e))[: config.top_entities]
    ents = {e: central[e] / size for e in ranked if central[e] / size >= config.min_central}
    # (term keys are strings, or ints standing for ``names[key]``: ranked by name, the same either way)
    weights = {
        (names[t] if names is not None and isinstance(t, int) else str(t)): w * math.log((1 + n_docs) / (1 + df[t]))
        for t, w in tf.items()
    }
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[: config.top_terms]
    terms = {t: w for t, w in top if w > 0}
    return StoryProfile(
        id=sid,
        title=title,
        start=min(dates) if dates else None,
        end=max(dates) if dates else None,
        entities=ents,
        terms=terms,
        refs=refs,
        size=size,
        series=series / originals if originals else 0.0,
        cue=cue / originals if originals else 0.0,
    )


def subject_terms(p: StoryProfile) -> dict[str, float]:
    """The story's terms that are not words of its entities' names: what it is about, not who."""
    names: set[str] = set()
    for e in p.entities:
        names.update(w for w in e.split(":", 1)[-1].split("-") if w)
    # (a term of 3+ letters that begins a name word: one of the words' prefixes of 3+ letters)
    prefixes = {n[:k] for n in names for k in range(3, len(n) + 1)}
    return {t: w for t, w in p.terms.items() if t not in names and t not in prefixes}


def thread_title(members: Sequence[StoryProfile], ents: Sequence[str]) -> str:
    """The title of the thread's main story: the one with the most articles, then the one to which
    the thread's central entities are most central (each weighted by the number of its stories
    naming it), then the earliest: the happening that names the history, not merely its first."""
    named = Counter(e for m in members for e in m.entities if e in ents)
    main = min(
        members,
        key=lambda m: (
            -m.size,
            -round(sum(w * named[e] for e, w in m.entities.items() if e in named), 6),
            (m.start or dt.date.max).toordinal(),
            m.id,
        ),
    )
    return main.title


def refresh_threads(threads: list[Any], stories: Sequence[Any]) -> list[Any]:
    """Threads with their stories in time order and ``start``/``end`` taken again from the
    final stories (whose spans the timelines set), in order of start."""
    by_id = {s.id: s for s in stories}
    for t in threads:
        members = [by_id[x] for x in t.stories if x in by_id]
        members.sort(key=lambda s: (s.start or "9999", s.id))
        t.stories = [s.id for s in members]
        starts = [s.start for s in members if s.start]
        ends = [s.end for s in members if s.end]
        t.start = min(starts) if starts else None
        t.end = max(ends) if ends else None
    threads.sort(key=lambda t: (t.start or "9999", t.id))
    return threads


def vec_norm(a: dict[str, float]) -> float:
    """The Euclidean norm of a sparse vector."""
    return math.sqrt(sum(w * w for w in a.values()))


def cos_normed(a: dict[str, float], na: float, b: dict[str, float], nb: float) -> float:
    """The cosine of ``a`` and ``b``, whose norms (:func:`vec_norm`) are ``na`` and ``nb``."""
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b, na, nb = b, a, nb, na
    dot = 0.0
    get = b.get
    for k, w in a.items():  # (the keys b lacks add nothing: skipped, the sum taken in the same order)
        v = get(k)
        if v is not None:
            dot += w * v
    if dot == 0.0:
        return 0.0
    return dot / (na * nb)
