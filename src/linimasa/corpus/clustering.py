"""Story clustering: incremental clustering of documents by words, entities and time, with blocking.

An editor groups articles about one real-world happening. Words and names are not enough
(the same two leaders meet in the same city years apart), so three signals are combined:

* text: cosine between the document's TF-IDF vector over stems and the story's centroid;
* entities: cosine between IDF-weighted entity-id vectors (document vs. story);
* time: the gap in days between the document's dates (its publication date and the dates
  it talks about near it, or, when the year is open, the candidate dates of its year-less
  expressions) and the story's span, cut to its first ``max_story_days`` so that a topic
  (a racing season, a long trial) does not chain into one story. A gap within a few days costs nothing, the score then
  decays exponentially and a gap beyond ``max_gap_days`` forbids the join: a story that develops over a
  week stays one, the same actors years apart make two.

Clustering is a single pass in canonical order (publication date, then id; documents
without a date come last, those with candidate dates first), so the input order does not
change the result. Each document is compared only with candidate stories found by
blocking: inverted indexes keyed by (rare term or entity, two-week bucket) over the
stories' dates, with capped posting lists, so the cost per document is bounded and the
whole pass is linear in the corpus. Undated documents use a date-free index of the same
keys. Stories that fall out of every future document's time window are compacted.

Hand-written rather than a library clusterer because none combines incremental
assignment, time windows and blocking; the vectors come from the shared feature code
(and near-duplicates, which join their original's story, from ``corpus.duplicates``).
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from linimasa.corpus.features import Vector, Vocabulary, cosine, first_terms, interval_gap, ranked_terms, tfidf
from linimasa.corpus.story_items import FOCUS_DAYS, Interval, StoryItem, capped_counts


@dataclass
class StoryConfig:
    """The knobs of story clustering (language-independent; days and similarity levels)."""

    top_terms: int = 200  # terms kept in a document vector
    centroid_terms: int = 250  # terms kept in a story centroid
    compact_terms: int = 40  # terms kept once a story is out of every time window
    block_terms: int = 10  # strongest rare terms of a document used as blocking keys
    block_entities: int = 8
    rare_fraction: float = 0.02  # a blocking key is "rare" below this share of documents ...
    rare_min: int = 30  # ... or this many documents, whichever is larger
    bucket_days: int = 14
    max_gap_days: int = 30  # beyond this, a document never joins a story
    max_story_days: int = 14  # the gap is measured to the story's first two weeks
    grace_days: int = 3  # gaps up to this cost nothing ...
    decay_days: float = 8.0  # ... then the score decays exponentially with this scale
    focus_days: int = FOCUS_DAYS
    posting_cap: int = 48
    max_candidates: int = 40
    text_weight: float = 0.6
    entity_weight: float = 0.4
    threshold: float = 0.28
    # a document whose lead holds a series cue but names no day, written more than this after the
    # story's days, reports another happening of the series
    series_grace_days: int = 2
    # a document without date evidence (no publication date, no day in its lead) joins a story only
    # with a score this high, its text alone at least ``undated_text``: the same happening's
    # wording, not the same topic; it then joins as a leaf (it does not change the story)
    undated_threshold: float = 0.45
    undated_text: float = 0.4
    undated_margin: float = 1.15  # ... or a score this many times the next story's (one story stands out) ...
    undated_series_strict: bool = True  # ... only for a story whose leads name its day, not a series'
    # two pieces whose leads name no day (talk, opinion, interviews about the same actors) more than
    # ``talk_days`` apart are one story only with the same wording (text cosine ``talk_text``): the
    # same happening's reports, not a topic (a rider's interviews over a season); None: no such rule
    talk_days: int | None = 2
    talk_text: float = 0.5
    # a piece whose lead names no day and holds no series cue is talk about the actors, not a report
    # of a series happening (a match, a race, a hearing): it joins such a story only with the same
    # wording (text cosine ``talk_text``); False: no such rule
    talk_series: bool = True
    weekend: bool = True  # lead days of one weekend (Friday to Sunday) can be one happening's ...
    weekend_participants: float | None = 0.6  # ... when this share of the lead's participants are the story's
    # a report of a series happening (its lead has a series cue and a day) whose title and lead name
    # participants the story's members hardly name (under this share of their IDF weight) reports
    # another happening of that day (another tie of the cup's evening); None: no such rule
    series_participants: float | None = 0.3
    # a series report whose lead names its own publication day, the day after the story's, is the next
    # trading day or hearing (a templated daily report), not the same happening
    next_day_series: bool = True
    # a report whose lead names a day joins a story whose leads name none only near its dates
    dayless_reach: bool = True
    # a piece whose lead names no day, published on the story's happening day or the next one, whose
    # body names that day ("Rabu (12/7) malam"), is the next morning's reaction to that happening, not
    # talk about its actors: the talk rules do not keep it out (it still needs the threshold)
    reaction_days: int | None = 1
    event_tolerance_days: int = 1  # the day a lead names (its happening) differs by more: another story's happening is another one when its day differs by more


class ClusterDoc:
    """A document's compact features in a pass (built by :meth:`StoryClusterer._prepare`)."""

    __slots__ = (
        "index",
        "id",
        "terms",
        "counts",
        "entities",
        "points",
        "dated",
        "events",
        "series",
        "cue",
        "pub",
        "evidence",
        "cands",
        "lead_entities",
    )

    def __init__(self, index: int, doc_id: str) -> None:
        self.index = index
        self.id = doc_id
        self.terms = array("I")
        self.counts = array("H")
        self.entities: tuple[int, ...] = ()
        self.points: list[Interval] = []
        self.dated = False
        self.events: list[Interval] = []
        self.series = False
        self.cue = False
        self.pub: dt.date | None = None
        self.evidence = False  # a publication date or a day its lead names
        self.cands: list[dt.date] = []  # without evidence: the candidate days of its lead's year-less dates
        self.lead_entities: tuple[int, ...] = ()  # the entities its title or lead names (its participants)


@dataclass
class ClusterStory:
    """A story of a pass: its members, centroid, entity weights and days."""

    first: int  # index (canonical rank) of the founding document
    members: list[int] = field(default_factory=list)
    centroid: Vector = field(default_factory=dict)
    norm: float = 0.0
    entities: dict[int, float] = field(default_factory=dict)  # entity key -> summed IDF weights
    entity_norm: float = 0.0
    span: Interval | None = None
    reported: Interval | None = None  # the span of its members' dates up to their publication (not coming days)
    compact: bool = False
    events: list[Interval] = field(default_factory=list)  # the days of the happening, from its members' leads
    series: bool = False  # its first dated lead reports one of a series (its days do not grow)
    cands: list[dt.date] = field(default_factory=list)  # founded by an article without evidence: its lead's candidates


class StoryClusterer:
    """Single-pass clustering with blocking: :meth:`cluster_items` groups the compact items into stories."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self.scores: dict[str, float | None] = {}  # document id -> score of the story it joined
        self.last_pass: ClusterPass | None = None  # the state the last pass ended with (a later run continues it)
        self.last_entities: dict[str, int] = {}  # its entity ids -> their ints

    # ------------------------------------------------------------ features
    def _prepare(
        self, items: list[StoryItem], names: Sequence[str] | None
    ) -> tuple[list[ClusterDoc], Vocabulary, Counter[int], dict[str, int]]:
        langs = Counter(it.lang for it in items if it.lang)
        vocab = Vocabulary(langs.most_common(1)[0][0] if langs else None, names=names)
        entity_ids: dict[str, int] = {}
        entity_df: Counter[int] = Counter()
        out = []
        for i, it in enumerate(items):
            f = ClusterDoc(i, it.id)
            ids = vocab.add_document(it.terms)
            f.terms = array("I", ids)
            f.counts = capped_counts(it.counts)
            ents = sorted({e for e, _ in it.entities})
            f.entities = tuple(entity_ids.setdefault(e, len(entity_ids)) for e in ents)
            entity_df.update(f.entities)
            f.points, f.dated = it.points, it.dated or it.anchor is not None
            f.events = it.events
            f.series = it.series
            f.cue = it.cue
            f.pub = it.pub or it.anchor  # an undated document's lead day stands for its publication
            f.evidence = f.pub is not None
            f.cands = it.lead_candidates
            lead = {e for e, w in it.central if w >= 1.0}
            f.lead_entities = tuple(entity_ids[e] for e in ents if e in lead)
            out.append(f)
        return out, vocab, entity_df, entity_ids

    # ------------------------------------------------------------ time
    def _buckets(self, points: list[Interval], pad: int) -> set[int]:
        size = self.config.bucket_days
        out: set[int] = set()
        for a, b in points:
            last = min(b.toordinal(), a.toordinal() + 8 * size)  # a long range counts by its start
            out.update(range((a.toordinal() - pad) // size, (last + pad) // size + 1))
        return out

    def _time_factor(self, points: list[Interval], span: Interval | None) -> float:
        if not points or span is None:
            return 1.0
        cfg = self.config
        # a story is one happening: it can reach only so far past its first dates (no topic chains)
        window = (span[0], min(span[1], span[0] + dt.timedelta(days=cfg.max_story_days)))
        gap = min(interval_gap(p, window) for p in points)
        if gap <= cfg.grace_days:
            return 1.0
        if gap > cfg.max_gap_days:
            return 0.0
        return math.exp(-(gap - cfg.grace_days) / cfg.decay_days)

    def _placed(self, f: ClusterDoc, s: ClusterStory) -> bool:
        """Whether a document without date evidence is placed in the story's time by its lead: one
        of the candidate days of its year-less weekday+date within ``grace_days`` of the story's
        first days, or within a day of those of the undated article that founded it."""
        if not f.cands:
            return False
        cfg = self.config
        if s.span is not None and placed_near(cfg, f.cands, s.span):
            return True
        tol = cfg.event_tolerance_days
        return any(abs((c - x).days) <= tol for c in f.cands for x in s.cands)

    def _same_event_day(self, a: Interval, story_events: list[Interval], others: bool = False) -> bool:
        """Whether a day a lead names can be the story's happening's: within ``event_tolerance_days``
        of one of the story's days, or in one weekend with all of them (:meth:`_weekend`)."""
        tol = self.config.event_tolerance_days
        if any(interval_gap(a, d) <= tol for d in story_events):
            return True
        return self._weekend(a, story_events, others)

    def _weekend(self, a: Interval, story_events: list[Interval], others: bool) -> bool:
        """Whether, with ``weekend`` on, a lead's day and all the story's days are in one weekend
        (Friday to Sunday: a race weekend's practice, qualifying and race; a tournament's last
        rounds) and the lead's participants are the story's (not ``others``: a club's Sunday match
        after its Friday one names another opponent and competition)."""
        if not self.config.weekend or others:
            return False
        week = a[0].isocalendar()[:2]
        return all(x.weekday() >= 4 and x.isocalendar()[:2] == week for d in [a, *story_events] for x in (d[0], d[1]))

    def _reaction(self, f: ClusterDoc, s: ClusterStory) -> bool:
        """Whether ``f`` (its lead naming no day) was published on the story's happening day or up to
        ``reaction_days`` after it and its body names that day: the reaction to that happening
        (the club fed up with its striker the morning after the draw), not talk about its actors."""
        days = self.config.reaction_days
        if days is None or f.events or f.pub is None or not s.events:
            return False
        last = max(d[1] for d in s.events)
        if not 0 <= (f.pub - last).days <= days:
            return False
        return any(p[0] == p[1] and interval_gap(p, d) == 0 for p in f.points[1:] for d in s.events)

    def _next_series_day(self, f: ClusterDoc, s: ClusterStory, others: bool) -> bool:
        """Whether ``f`` is a templated report of the next day of a series: a series report whose lead
        names its own publication day, a day none of the story's leads names and on which none of its
        members was published (the next trading day's close, the next day's hearing), outside a
        weekend of the story's participants. A report of the same match published the next morning
        names the match's day, not its own."""
        if not self.config.next_day_series or f.pub is None or s.reported is None or not (f.series or s.series):
            return False
        day = (f.pub, f.pub)
        if day not in f.events or any(interval_gap(day, d) == 0 for d in s.events):
            return False
        return s.reported[1] < f.pub and not self._weekend(day, s.events, others)

    def _other_happening(self, f: ClusterDoc, s: ClusterStory, eidf: dict[int, float] | None = None) -> bool:
        """Whether the document reports another happening than the story's.

        * Its lead names a day apart from the story's days: another happening when either
          lead reports one of a series (another match, hearing, trading day: the series cue
          words of the language), or when its body does not name one of the story's days
          either (within a day); a later day of a continuing happening names the earlier one (the flood
          since Sunday).
        * Its lead names no day and it was written days after the story's days: a piece on
          the same actors, not a report of that happening; when its lead holds a series cue
          (the next race's preview, the next match's report), more than ``series_grace_days``
          after the story's last day is enough.
        * The story's leads name no day yet, and the document's lead reports a day of a series
          happening that none of the story's dates up to their publication comes near (a coming
          day its body announces does not count): another match, not this one.
        """
        story_events = s.events
        tol = self.config.event_tolerance_days
        if not story_events:
            if f.series and s.reported is not None:
                return all(interval_gap(e, s.reported) > tol for e in f.events)
            if self.config.dayless_reach and f.events and s.reported is not None:
                # any other report: a day more than ``grace_days`` from the story's dates up to its
                # members' publication is another step (the minister summoned ten days after a
                # dossier was completed), not what its pieces talked about
                return all(interval_gap(e, s.reported) > self.config.grace_days for e in f.events)
            return False
        if not f.events and f.cue and f.cands:
            # an undated report of a series happening placed by its lead's year-less day ("Minggu
            # (28/1)"): that day must be the story's, as for a dated one
            others = eidf is not None and _other_participants_of(f, s, eidf, self.config.weekend_participants)
            return not any(self._same_event_day((c, c), story_events, others) for c in f.cands)
        if f.events:
            others = eidf is not None and _other_participants_of(f, s, eidf, self.config.weekend_participants)
            if any(self._same_event_day(e, story_events, others) for e in f.events):
                return self._next_series_day(f, s, others)
            if f.series or s.series:
                return True
            return not any(p[0] == p[1] and interval_gap(p, d) <= tol for p in f.points for d in story_events)
        if f.cue and f.pub is not None:
            last = max(d[1] for d in story_events)
            if (f.pub - last).days > self.config.series_grace_days:
                return True
        grace = self.config.grace_days
        return bool(f.points) and all(interval_gap(p, d) > grace for p in f.points for d in story_events)

    # ------------------------------------------------------------ clustering
    def cluster_items(self, items: list[StoryItem], names: Sequence[str] | None = None) -> list[list[int]]:
        """The stories of ``items``: groups of indexes into ``items``, each group one story."""
        cfg = self.config
        order = sorted(range(len(items)), key=lambda i: items[i].processing_key())
        feats, vocab, entity_df, entity_ids = self._prepare([items[i] for i in order], names)
        n = max(len(order), 1)
        idf = vocab.idfs()
        rare_limit = max(cfg.rare_min, cfg.rare_fraction * n)
        eidf = {e: math.log((1 + n) / (1 + c)) + 1.0 for e, c in entity_df.items()}

        run = ClusterPass(self, vocab, idf, entity_df, eidf, rare_limit)
        assignment: list[int] = [0] * len(order)
        for f in feats:
            assignment[f.index] = run.step(f)
        self.last_pass = run
        self.last_entities = entity_ids

        groups: dict[int, list[int]] = defaultdict(list)
        for rank, i in enumerate(order):
            groups[assignment[rank]].append(i)
        return [sorted(g, key=lambda i: items[i].canonical_key()) for _, g in sorted(groups.items())]

    def _keys(
        self, ranked: list[int], ents: tuple[int, ...], vocab: Vocabulary, edf: Counter[int], rare: float, eidf
    ) -> list[int]:
        """``ranked``: the document vector's terms, the strongest first (:func:`ranked_terms`)."""
        cfg = self.config
        # a key held by one document only can never meet another: rare, but shared
        terms = first_terms(ranked, vocab.df, 2, rare, cfg.block_terms)
        rare_ents = sorted((e for e in ents if 2 <= edf[e] <= rare), key=lambda e: (-eidf[e], e))[: cfg.block_entities]
        # entity keys are negative so that they never collide with term ids
        return terms + [-1 - e for e in rare_ents]

    def _alone_keys(self, ranked: list[int], ents: tuple[int, ...], vocab: Vocabulary, edf: Counter[int]) -> list[int]:
        """Keys this document alone holds: indexed, never looked up, so that a later run's document
        sharing one finds its story (corpus/increment.py; one run's stories do not change)."""
        terms = first_terms(ranked, vocab.df, 1, 1, self.config.block_terms)
        return terms + [-1 - e for e in sorted(ents) if edf[e] == 1][: self.config.block_entities]

    def _candidates(self, keys: list[int], f: ClusterDoc, dated_index, free_index) -> list[int]:
        hits: Counter[int] = Counter()
        if f.points:
            buckets = self._buckets(f.points, self.config.max_gap_days)
            for k in keys:
                for b in buckets:
                    posting = dated_index.get((k, b))
                    if posting:
                        hits.update(set(posting))
        else:
            for k in keys:
                posting = free_index.get(k)
                if posting:
                    hits.update(posting)
        return ranked_terms(hits)[: self.config.max_candidates]

    def _index(self, s_idx: int, story: ClusterStory, keys: list[int], f: ClusterDoc, dated_index, free_index) -> None:
        cap = self.config.posting_cap
        buckets = self._buckets(f.points, 0) if f.points else set()
        for k in keys:
            for b in buckets:
                posting = dated_index[(k, b)]
                if not posting or posting[-1] != s_idx:
                    posting.append(s_idx)
                    if len(posting) > cap:
                        del posting[0]
            posting = free_index[k]
            if s_idx not in posting[-4:]:
                posting.append(s_idx)
                if len(posting) > cap * 4:
                    del posting[0]

    def _add(self, s: ClusterStory, f: ClusterDoc, vec: Vector, evec: Vector, cfg: StoryConfig) -> None:
        s.members.append(f.index)
        if not f.evidence and (s.cands or not s.members[:-1]):
            # a story of undated articles: the candidate days of its members' leads place the next ones
            if len(s.cands) < 48:  # bounded: a few members' days are enough to place the next ones
                s.cands.extend(c for c in f.cands if c not in s.cands)
        if not s.events and f.events:
            s.events = list(f.events)
            s.series = f.series
        elif f.events and not s.series:
            # a continuing happening: its days grow with its reports (a series' days do not)
            s.events.extend(e for e in f.events if e not in s.events)
        c = s.centroid
        for t, w in vec.items():
            c[t] = c.get(t, 0.0) + w
        limit = cfg.compact_terms if s.compact else cfg.centroid_terms
        if len(c) > limit * 1.5:
            s.centroid = c = {t: c[t] for t in ranked_terms(c)[:limit]}
        s.norm = math.sqrt(sum(w * w for w in c.values()))
        for e, w in evec.items():
            s.entities[e] = s.entities.get(e, 0.0) + w
        s.entity_norm = math.sqrt(sum(w * w for w in s.entities.values()))
        points = f.points
        if not f.dated:
            # candidate dates of an undated document span years: only those near the story count
            if s.span is not None:
                points = [p for p in points if interval_gap(p, s.span) <= cfg.max_gap_days]
            elif points and (max(b for _, b in points) - min(a for a, _ in points)).days > cfg.max_gap_days:
                points = []
        for a, b in points:
            if s.span is None:
                s.span = (a, b)
            else:
                s.span = (min(s.span[0], a), max(s.span[1], b))
            if f.pub is None or a <= f.pub:
                b = min(b, f.pub) if f.pub else b
                s.reported = (a, b) if s.reported is None else (min(s.reported[0], a), max(s.reported[1], b))

    def _compact(self, stories: Sequence[ClusterStory], active: list[int], now: dt.date) -> list[int]:
        """Shrink stories that no later dated document can join; keep the rest active. ``stories``
        is the pass's list, or a continued plan's lazily loaded stories (``corpus/increment.py``):
        not typed ``list``, which the compiled build checks at the call."""
        horizon = now - dt.timedelta(days=2 * self.config.max_gap_days + self.config.focus_days)
        keep = []
        limit = self.config.compact_terms
        for i in active:
            s = stories[i]
            if s.span is not None and s.span[1] < horizon:
                s.compact = True
                if len(s.centroid) > limit:
                    s.centroid = {t: s.centroid[t] for t in ranked_terms(s.centroid)[:limit]}
                    s.norm = math.sqrt(sum(w * w for w in s.centroid.values()))
                if len(s.entities) > 20:
                    # the 20 heaviest, ties in insertion order (what Counter.most_common(20) keeps)
                    s.entities = dict(heapq.nlargest(20, s.entities.items(), key=itemgetter(1)))
                    s.entity_norm = math.sqrt(sum(w * w for w in s.entities.values()))
            else:
                keep.append(i)
        return keep


def join_score(cfg: StoryConfig, text: float, evec: Vector, enorm: float, s: ClusterStory) -> float:
    """A document's score for joining story ``s`` before the time factor: ``text_weight`` of its text
    cosine ``text`` with the centroid and ``entity_weight`` of the cosine of the IDF-weighted entity
    vectors (``evec``, of norm ``enorm``, and the story's) when both name entities, else ``text``."""
    if not evec or not s.entities or enorm <= 0.0 or s.entity_norm <= 0.0:
        return text
    ents, ent = s.entities, 0.0
    for e, w in evec.items():  # in order, as ``sum`` adds
        ent += w * ents.get(e, 0.0)
    ent /= enorm * s.entity_norm
    return cfg.text_weight * text + cfg.entity_weight * ent


def undated_joins(cfg: StoryConfig, text: float, score: float, dated: bool, rival: float) -> bool:
    """The undated test: whether an article that time does not place in a story (no date evidence of
    its own; in a continued pass, a stored story of such articles) is joined with it: the same
    happening's wording (text cosine at least ``undated_text``) and a score of at least
    ``undated_threshold``, or, when the story is a happening dated articles place (``dated``:
    :func:`dated_happening`), ``undated_margin`` times the best other story's score ``rival``."""
    if text < cfg.undated_text:
        return False
    return score >= cfg.undated_threshold or (dated and score >= cfg.undated_margin * rival)


def dated_happening(cfg: StoryConfig, has_dates: bool, events: list[Interval], series: bool) -> bool:
    """Whether a story (with dates: ``has_dates``) is a happening that dated articles place, for
    :func:`undated_joins`: with ``undated_series_strict``, only when its leads name its days
    (``events``) and it is not a series' happening (the season's other races, which an undated
    report may be about, need not be in the corpus; leads naming no day are talk)."""
    return has_dates and not (cfg.undated_series_strict and (series or not events))


def placed_near(cfg: StoryConfig, days: list[dt.date], span: Interval) -> bool:
    """Whether one of ``days`` (the candidate days of an undated lead's year-less date) is within
    ``grace_days`` of the first ``max_story_days`` of ``span`` (a story's dates)."""
    window = (span[0], min(span[1], span[0] + dt.timedelta(days=cfg.max_story_days)))
    return any(interval_gap((c, c), window) <= cfg.grace_days for c in days)


def _other_participants_of(f: ClusterDoc, s: ClusterStory, eidf: dict[int, float], share: float | None) -> bool:
    """Whether the entities ``f``'s title and lead name (its participants: the two clubs, the
    defendant, the court) are mostly absent from the story's members: under ``share`` of their IDF weight."""
    if share is None or not f.lead_entities:
        return False
    total = sum(eidf[e] for e in f.lead_entities)
    found = sum(eidf[e] for e in f.lead_entities if e in s.entities)
    return found < share * total


class ClusterPass:
    """The state of one clustering pass (the stories so far and their blocking indexes): what
    :meth:`StoryClusterer.cluster_items` goes through document by document, and what a later
    run that adds documents continues (:mod:`linimasa.corpus.increment`)."""

    def __init__(
        self,
        clusterer: StoryClusterer,
        vocab: Vocabulary,
        idf: list[float],
        entity_df: Counter[int],
        eidf: dict[int, float],
        rare_limit: float,
        stories: Any = None,
    ) -> None:
        self.c = clusterer
        self.vocab, self.idf, self.entity_df, self.eidf, self.rare_limit = vocab, idf, entity_df, eidf, rare_limit
        self.stories: Any = stories if stories is not None else []
        self.dated_index: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.free_index: dict[int, list[int]] = defaultdict(list)
        self.active: list[int] = []
        self.last_compaction: dt.date | None = None
        self.next_first = 0  # (a continued pass: the rank the next founder gets)
        # (a continued pass: a stored story, without dates, that a document which founds none joins)
        self.adopt: Any = None

    def step(self, f: ClusterDoc) -> int:
        """Place one document (in processing order): the story it joins (founded when none), or
        the story it joins as a leaf."""
        c, cfg = self.c, self.c.config
        stories = self.stories
        vec = tfidf(dict(zip(f.terms, f.counts, strict=True)), self.idf, cfg.top_terms)
        evec = {e: self.eidf[e] for e in f.entities}
        enorm = math.sqrt(sum(w * w for w in evec.values()))
        ranked = ranked_terms(vec)  # (sorted once for both kinds of keys)
        keys = c._keys(ranked, f.entities, self.vocab, self.entity_df, self.rare_limit, self.eidf)

        # compaction of stories no later document can reach (documents come by date)
        if f.dated and f.points:
            now = f.points[0][0]
            if self.last_compaction is None or (now - self.last_compaction).days >= cfg.bucket_days:
                self.active = c._compact(stories, self.active, now)
                self.last_compaction = now

        candidates = c._candidates(keys, f, self.dated_index, self.free_index)
        best, best_score, best_text = -1, cfg.threshold, 0.0
        scored: list[tuple[float, int]] = []  # the scores of the stories that do not place it
        # stored stories without dates (a continued pass; one pass visits them last): to ``adopt``'s test
        deferred = [i for i in candidates if f.evidence and self.adopt and not (stories[i].span or stories[i].events)]
        for s_idx in (i for i in candidates if i not in deferred):
            s = stories[s_idx]
            factor = c._time_factor(f.points, s.span)
            if factor <= 0.0 or c._other_happening(f, s, self.eidf):
                continue
            text = cosine(vec, s.centroid, s.norm)
            if f.series and _other_participants_of(f, s, self.eidf, cfg.series_participants):
                continue  # a report of another match or hearing of the same day (other clubs, other defendants)
            reaction = c._reaction(f, s)
            if (
                cfg.talk_days is not None
                and not reaction
                and not f.events
                and not s.events
                and f.pub is not None
                and s.reported is not None
                and (f.pub - s.reported[0]).days > cfg.talk_days
                and text < cfg.talk_text
            ):
                continue  # a piece on the same actors days later, not a report of one happening
            if cfg.talk_series and not reaction and s.series and not f.events and not f.cue and text < cfg.talk_text:
                continue  # talk about a series happening's actors (a CEO on a rider), not a report of it
            score = join_score(cfg, text, evec, enorm, s) * factor
            placed = f.evidence or c._placed(f, s)
            if not placed:
                scored.append((score, s_idx))
                if text < cfg.undated_text:
                    continue  # (the wording ``undated_joins`` asks for: without it, not a candidate)
            if score > best_score or (score == best_score and best >= 0 and s.first < stories[best].first):
                best, best_score, best_text = s_idx, score, text
        if best >= 0 and not f.evidence and not c._placed(f, stories[best]):
            # not placed in time: a strong score, or, for a happening dated articles place, one clearly
            # above every other story's (it stands out among the actors' happenings)
            second = max((x for x, i in scored if i != best), default=cfg.threshold)
            b = stories[best]
            dated = dated_happening(cfg, b.span is not None, b.events, b.series)
            if not undated_joins(cfg, best_text, best_score, dated, second):
                best = -1
        if best < 0 and self.adopt is not None:
            best, best_score = self.adopt(f, vec, evec, enorm, keys, deferred)
        c.scores[f.id] = round(best_score, 4) if best >= 0 else None
        if best >= 0 and not f.evidence and not c._placed(f, stories[best]):
            return best  # a leaf: an article that cannot be placed in time does not bridge others in
        if best < 0:
            best = len(stories)
            stories.append(ClusterStory(first=f.index + self.next_first))
            self.active.append(best)
        c._add(stories[best], f, vec, evec, cfg)
        keys += c._alone_keys(ranked, f.entities, self.vocab, self.entity_df)
        c._index(best, stories[best], keys, f, self.dated_index, self.free_index)
        return best
