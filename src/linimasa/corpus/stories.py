"""Stories: incremental clustering of documents by words, entities and time, with blocking.

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
import hashlib
import heapq
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from linimasa.corpus.features import (
    Vector,
    Vocabulary,
    cosine,
    document_terms,
    has_cue,
    interval_gap,
    publication_date,
    series_cues,
    tfidf,
    value_interval,
)
from linimasa.corpus.threads import ThreadConfig, Threader, story_profile
from linimasa.model import Document, Story, Thread
from linimasa.pipeline import CorpusResult

Interval = tuple[dt.date, dt.date]
FOCUS_DAYS = 30  # dates a document talks about within this distance of its publication


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
    event_tolerance_days: int = 1  # the day a lead names (its happening) differs by more: another story's happening is another one when its day differs by more


LEAD_WORDS = 15  # words of an untitled story's first sentence kept for its title (one more than shown)


class _Doc:
    __slots__ = ("index", "id", "terms", "counts", "entities", "points", "dated", "events", "series")

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


@dataclass
class _Story:
    first: int  # index (canonical rank) of the founding document
    members: list[int] = field(default_factory=list)
    centroid: Vector = field(default_factory=dict)
    norm: float = 0.0
    entities: dict[int, float] = field(default_factory=dict)  # entity key -> summed IDF weights
    entity_norm: float = 0.0
    span: Interval | None = None
    compact: bool = False
    events: list[Interval] = field(default_factory=list)  # the days of the happening, from its members' leads
    series: bool = False  # its first dated lead reports one of a series (its days do not grow)


@dataclass(slots=True)
class StoryItem:
    """What clustering and story assembly need of one document (no text, no layers).

    ``terms`` are the document's term keys in first-seen order (strings, or integers
    standing for ``names[key]`` when the caller interns them) with their ``counts``;
    ``entities`` its final entity ids with mention counts, in first-seen order.
    """

    id: str
    lang: str | None
    pub: date | None  # (a plain name: mypyc resolves a compiled dataclass's field types by name)
    terms: Sequence[Any]
    counts: Sequence[int]
    entities: Sequence[tuple[str, int]]
    points: list[Interval]
    dated: bool
    title: str | None = None  # the stripped headline, None when there is none
    lead: str = ""  # the first words of the first sentence (story titles of untitled stories)
    duplicate_of: str | None = None
    # the days its first sentences name (the day of the happening it reports: "Sabtu (23/12)", "kemarin")
    events: list[Interval] = field(default_factory=list)
    # dates it refers back to, long before it (background: "setelah pertemuan ... pada 2019"), for threads
    refs: list[Interval] = field(default_factory=list)
    series: bool = False  # its lead reports one of a series of repeated happenings (a match, a hearing)

    def canonical_key(self) -> tuple[str, str]:
        return (self.pub.isoformat() if self.pub else "9999-99-99", self.id)

    def processing_key(self) -> tuple[int, str, str]:
        if self.pub:
            return (0, self.pub.isoformat(), self.id)
        return (1 if self.points else 2, "", self.id)


def story_item(doc: Document, focus_days: int = FOCUS_DAYS) -> StoryItem:
    """The :class:`StoryItem` of a document (entity ids as its mentions have them)."""
    counts = document_terms(doc)
    ents: dict[str, int] = {}
    for e in doc.entities:
        if e.id:
            ents[e.id] = ents.get(e.id, 0) + 1
    points, dated = document_points(doc, focus_days)
    events, refs = lead_and_background_dates(doc, focus_days)
    lead_text = doc.text[: doc.sentences[min(2, len(doc.sentences)) - 1].end] if doc.sentences else doc.text[:300]
    series = bool(events) and has_cue(lead_text, series_cues(doc.lang or ""))
    title = doc.title.strip() if doc.title and doc.title.strip() else None
    lead = ""
    if title is None:
        text = doc.text[doc.sentences[0].start : doc.sentences[0].end] if doc.sentences else doc.text
        lead = " ".join(text.split()[:LEAD_WORDS])
    return StoryItem(
        id=doc.id,
        lang=doc.lang,
        pub=publication_date(doc),
        terms=list(counts.keys()),
        counts=list(counts.values()),
        entities=list(ents.items()),
        points=points,
        dated=dated,
        title=title,
        lead=lead,
        duplicate_of=doc.duplicate_of,
        events=events,
        refs=refs,
        series=series,
    )


def story_id(first_member: str) -> str:
    """Stable story id: a hash of its earliest member's id."""
    return "story-" + hashlib.blake2b(first_member.encode("utf-8"), digest_size=6).hexdigest()


def document_points(doc: Document, focus_days: int) -> tuple[list[Interval], bool]:
    """The dates that place a document in time, and whether it has a publication date.

    Dated: the publication day and the concrete dates of its expressions within
    ``focus_days`` of it (background dates years back are left out). Undated: the
    candidate dates of its year-less expressions and its concrete day-level dates.
    """
    pub = publication_date(doc)
    points: list[Interval] = []
    if pub:
        points.append((pub, pub))
    for t in doc.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        iv = value_interval(t.value)
        if iv and iv[2] in ("day", "range", "week"):
            if pub is None or interval_gap((iv[0], iv[1]), (pub, pub)) <= focus_days:
                points.append((iv[0], iv[1]))
        elif pub is None:
            for c in t.candidates[:12]:
                civ = value_interval(c)
                if civ and civ[2] in ("day", "range", "week"):
                    points.append((civ[0], civ[1]))
    return points, pub is not None


def lead_and_background_dates(
    doc: Document, focus_days: int, lead_sentences: int = 2
) -> tuple[list[Interval], list[Interval]]:
    """The day-level dates of the document's first sentences near its publication (the day of
    the happening it reports, or of the one a preview announces), and the concrete dates it
    names long before its publication (references back: a year, a month, a day)."""
    pub = publication_date(doc)
    if pub is None:
        return [], []
    lead_end = doc.sentences[min(lead_sentences, len(doc.sentences)) - 1].end if doc.sentences else 300
    events: list[Interval] = []
    refs: list[Interval] = []
    for t in doc.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        iv = value_interval(t.value)
        if not iv:
            continue
        a, b, kind = iv
        gap = interval_gap((a, b), (pub, pub))
        if t.start < lead_end and kind in ("day", "range") and (b - a).days <= 3 and gap <= focus_days:
            if (a, b) not in events:
                events.append((a, b))
        elif b < pub and gap > focus_days and (a, b) not in refs:
            refs.append((a, b))
    return events[:3], refs[:8]


def capped_counts(counts: Sequence[int]) -> array:
    """Term counts as an ``array('H')``, capped at 65,535 (a C-level copy when nothing needs capping)."""
    if max(counts, default=0) <= 65535:
        return array("H", counts)
    return array("H", (min(c, 65535) for c in counts))


class StoryClusterer:
    """Single-pass clustering with blocking; :meth:`cluster` maps document ids to member lists."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        self.config = config or StoryConfig()
        self.scores: dict[str, float | None] = {}  # document id -> score of the story it joined

    # ------------------------------------------------------------ features
    def _prepare(
        self, items: list[StoryItem], names: Sequence[str] | None
    ) -> tuple[list[_Doc], Vocabulary, Counter[int], dict[str, int]]:
        langs = Counter(it.lang for it in items if it.lang)
        vocab = Vocabulary(langs.most_common(1)[0][0] if langs else None, names=names)
        entity_ids: dict[str, int] = {}
        entity_df: Counter[int] = Counter()
        out = []
        for i, it in enumerate(items):
            f = _Doc(i, it.id)
            ids = vocab.add_document(it.terms)
            f.terms = array("I", ids)
            f.counts = capped_counts(it.counts)
            ents = sorted({e for e, _ in it.entities})
            f.entities = tuple(entity_ids.setdefault(e, len(entity_ids)) for e in ents)
            entity_df.update(f.entities)
            f.points, f.dated = it.points, it.dated
            f.events = it.events
            f.series = it.series
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

    def _other_happening(self, f: _Doc, s: _Story) -> bool:
        """Whether the document reports another happening than the story's.

        * Its lead names a day apart from the story's days: another happening when either
          lead reports one of a series (another match, hearing, trading day: the series cue
          words of the language), or when its body does not name one of the story's days
          either (within a day); a later day of a continuing happening names the earlier one (the flood
          since Sunday).
        * Its lead names no day and it was written days after the story's days: a piece on
          the same actors, not a report of that happening.
        """
        story_events = s.events
        if not story_events:
            return False
        if f.events:
            tol = self.config.event_tolerance_days
            if any(interval_gap(e, d) <= tol for e in f.events for d in story_events):
                return False
            if f.series or s.series:
                return True
            return not any(p[0] == p[1] and interval_gap(p, d) <= tol for p in f.points for d in story_events)
        grace = self.config.grace_days
        return bool(f.points) and all(interval_gap(p, d) > grace for p in f.points for d in story_events)

    # ------------------------------------------------------------ clustering
    def cluster(self, docs: list[Document]) -> list[list[Document]]:
        """Groups of documents, each group one story, members in canonical order."""
        items = [story_item(d, self.config.focus_days) for d in docs]
        return [[docs[i] for i in group] for group in self.cluster_items(items)]

    def cluster_items(self, items: list[StoryItem], names: Sequence[str] | None = None) -> list[list[int]]:
        """:meth:`cluster` over compact items: groups of indexes into ``items``."""
        cfg = self.config
        order = sorted(range(len(items)), key=lambda i: items[i].processing_key())
        feats, vocab, entity_df, _ = self._prepare([items[i] for i in order], names)
        n = max(len(order), 1)
        idf = vocab.idfs()
        rare_limit = max(cfg.rare_min, cfg.rare_fraction * n)
        eidf = {e: math.log((1 + n) / (1 + c)) + 1.0 for e, c in entity_df.items()}

        stories: list[_Story] = []
        dated_index: dict[tuple[int, int], list[int]] = defaultdict(list)
        free_index: dict[int, list[int]] = defaultdict(list)
        assignment: list[int] = [0] * len(order)
        active: list[int] = []
        last_compaction = None

        for f in feats:
            vec = tfidf(dict(zip(f.terms, f.counts, strict=True)), idf, cfg.top_terms)
            evec = {e: eidf[e] for e in f.entities}
            enorm = math.sqrt(sum(w * w for w in evec.values()))
            keys = self._keys(vec, f.entities, vocab, entity_df, rare_limit, eidf)

            # compaction of stories no later document can reach (documents come by date)
            if f.dated and f.points:
                now = f.points[0][0]
                if last_compaction is None or (now - last_compaction).days >= cfg.bucket_days:
                    active = self._compact(stories, active, now)
                    last_compaction = now

            candidates = self._candidates(keys, f, dated_index, free_index)
            best, best_score = -1, cfg.threshold
            for s_idx in candidates:
                s = stories[s_idx]
                factor = self._time_factor(f.points, s.span)
                if factor <= 0.0 or self._other_happening(f, s):
                    continue
                text = cosine(vec, s.centroid, s.norm)
                if evec and s.entities:
                    ents, ent = s.entities, 0.0
                    for e, w in evec.items():  # in order, as ``sum`` adds
                        ent += w * ents.get(e, 0.0)
                    ent /= enorm * s.entity_norm
                    score = cfg.text_weight * text + cfg.entity_weight * ent
                else:
                    score = text
                score *= factor
                if score > best_score or (score == best_score and best >= 0 and s.first < stories[best].first):
                    best, best_score = s_idx, score
            self.scores[f.id] = round(best_score, 4) if best >= 0 else None
            if best < 0:
                best = len(stories)
                stories.append(_Story(first=f.index))
                active.append(best)
            self._add(stories[best], f, vec, evec, cfg)
            assignment[f.index] = best
            self._index(best, stories[best], keys, f, dated_index, free_index)

        groups: dict[int, list[int]] = defaultdict(list)
        for rank, i in enumerate(order):
            groups[assignment[rank]].append(i)
        return [sorted(g, key=lambda i: items[i].canonical_key()) for _, g in sorted(groups.items())]

    def _keys(
        self, vec: Vector, entities: tuple[int, ...], vocab: Vocabulary, entity_df: Counter[int], rare: float, eidf
    ) -> list[int]:
        cfg = self.config
        # a key held by one document only can never meet another: rare, but shared
        terms = [t for t in sorted(vec, key=lambda t: (-vec[t], t)) if 2 <= vocab.df[t] <= rare][: cfg.block_terms]
        ents = sorted((e for e in entities if 2 <= entity_df[e] <= rare), key=lambda e: (-eidf[e], e))
        ents = ents[: cfg.block_entities]
        # entity keys are negative so that they never collide with term ids
        return terms + [-1 - e for e in ents]

    def _candidates(self, keys: list[int], f: _Doc, dated_index, free_index) -> list[int]:
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
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [s for s, _ in ranked[: self.config.max_candidates]]

    def _index(self, s_idx: int, story: _Story, keys: list[int], f: _Doc, dated_index, free_index) -> None:
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

    def _add(self, s: _Story, f: _Doc, vec: Vector, evec: Vector, cfg: StoryConfig) -> None:
        s.members.append(f.index)
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
            s.centroid = c = dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
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

    def _compact(self, stories: list[_Story], active: list[int], now: dt.date) -> list[int]:
        """Shrink stories that no later dated document can join; keep the rest active."""
        horizon = now - dt.timedelta(days=2 * self.config.max_gap_days + self.config.focus_days)
        keep = []
        limit = self.config.compact_terms
        for i in active:
            s = stories[i]
            if s.span is not None and s.span[1] < horizon:
                s.compact = True
                if len(s.centroid) > limit:
                    s.centroid = dict(sorted(s.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
                    s.norm = math.sqrt(sum(w * w for w in s.centroid.values()))
                if len(s.entities) > 20:
                    # the 20 heaviest, ties in insertion order (what Counter.most_common(20) keeps)
                    s.entities = dict(heapq.nlargest(20, s.entities.items(), key=itemgetter(1)))
                    s.entity_norm = math.sqrt(sum(w * w for w in s.entities.values()))
            else:
                keep.append(i)
        return keep


def central_entities(docs: list[StoryItem], limit: int = 5) -> list[str]:
    """Entity ids named by the most members (then most often), the story's main participants."""
    by_docs: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for d in docs:
        for e, n in d.entities:
            mentions[e] += n
            by_docs[e] += 1
    ranked = sorted(by_docs, key=lambda e: (-by_docs[e], -mentions[e], e))
    return ranked[:limit]


def short_title(docs: list[StoryItem], max_words: int = 14) -> str:
    """The headline of the earliest member with one, else its first sentence, shortened."""
    for d in docs:
        if d.title:
            text = d.title
            break
    else:
        text = docs[0].lead
    words = text.split()
    return " ".join(words[:max_words]) + (" ..." if len(words) > max_words else "")


def story_reasons(
    members: list[StoryItem],
    df: Counter[Any],
    n_docs: int,
    names: Sequence[str] | None,
    scores: dict[str, float | None],
    top: int = 6,
) -> dict[str, Any]:
    """Why a story's members are together: the terms and entities most of them share (rarest
    first), the days their leads name, and the weakest score a member joined with."""
    originals = [m for m in members if not m.duplicate_of]
    if len(members) < 2:
        return {}
    in_docs: Counter[Any] = Counter()
    for m in originals:
        in_docs.update(m.terms)
    # (terms are strings, or ints standing for ``names[key]``: ranked by name, the same either way)
    shared = [
        (-c * math.log((1 + n_docs) / (1 + df[t])), names[t] if names is not None and isinstance(t, int) else str(t))
        for t, c in in_docs.items()
        if c >= 2
    ]
    shared.sort()
    terms = [name for _, name in shared[:top]]
    ents: Counter[str] = Counter()
    for m in members:
        ents.update({e for e, _ in m.entities})
    days: Counter[str] = Counter()
    for m in originals:
        days.update({a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}" for a, b in m.events})
    joined = [s for s in (scores.get(m.id) for m in originals) if s is not None]
    return {
        "terms": terms,
        "entities": [e for e, c in sorted(ents.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 2][:top],
        "dates": [d for d, _ in sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[:3]],
        "copies": len(members) - len(originals),
        "weakest_score": min(joined) if joined else None,
    }


@dataclass
class StoryAssignment:
    """The stories of a corpus and, per document, its story and the score it joined with."""

    stories: list[Story]
    story_of: dict[str, str]
    scores: dict[str, float | None]  # originals only: None for a story's founder
    threads: list[Thread] = field(default_factory=list)


@dataclass
class StoryStage:
    """Sets ``doc.story`` and builds ``result.stories``; duplicates join their original's story."""

    name: str = "stories"
    config: StoryConfig = field(default_factory=StoryConfig)
    thread_config: ThreadConfig = field(default_factory=ThreadConfig)

    def __call__(self, result: CorpusResult) -> CorpusResult:
        items = [story_item(d, self.config.focus_days) for d in result.documents]
        assigned = self.assign(items)
        for d in result.documents:
            d.story = assigned.story_of[d.id]
            if d.id in assigned.scores:
                score = assigned.scores[d.id]
                if score is not None:
                    d.features["story_score"] = score
                else:
                    d.features.pop("story_score", None)
        result.stories = assigned.stories
        result.threads = assigned.threads
        return result

    def assign(self, items: list[StoryItem], names: Sequence[str] | None = None) -> StoryAssignment:
        """Cluster the originals, attach the copies, build the :class:`Story` objects."""
        by_id = {it.id: it for it in items}

        def follows_original(d: StoryItem) -> bool:
            """A copy joins its original's story, unless both are dated and too far apart (a re-post years later)."""
            if not d.duplicate_of or d.duplicate_of not in by_id:
                return False
            a, b = d.pub, by_id[d.duplicate_of].pub
            return a is None or b is None or abs((a - b).days) <= self.config.max_gap_days

        originals = [d for d in items if not follows_original(d)]
        clusterer = StoryClusterer(self.config)
        groups = clusterer.cluster_items(originals, names)
        copies: dict[str, list[StoryItem]] = defaultdict(list)
        for d in items:
            if follows_original(d):
                copies[d.duplicate_of].append(d)  # type: ignore[index]
        stories = []
        story_of: dict[str, str] = {}
        df: Counter[Any] = Counter()
        for d in originals:
            df.update(d.terms)
        profiles = []
        for group in groups:
            members = [originals[i] for i in group]
            for i in group:
                members.extend(copies.get(originals[i].id, ()))
            members.sort(key=StoryItem.canonical_key)
            sid = story_id(members[0].id)
            for d in members:
                story_of[d.id] = sid
            dates = sorted(d.pub for d in members if d.pub)
            stories.append(
                Story(
                    id=sid,
                    title=short_title(members),
                    documents=[d.id for d in members],
                    start=dates[0].isoformat() if dates else None,
                    end=dates[-1].isoformat() if dates else None,
                    entities=central_entities(members),
                    why=story_reasons(members, df, len(originals), names, clusterer.scores),
                )
            )
            profiles.append(
                story_profile(sid, stories[-1].title, members, df, len(originals), names, self.thread_config)
            )
        threads = []
        by_sid = {s.id: s for s in stories}
        for g in Threader(self.thread_config).threads(profiles):
            for sid in g.stories:
                by_sid[sid].thread = g.id
            starts = [by_sid[x].start for x in g.stories if by_sid[x].start]
            ends = [by_sid[x].end for x in g.stories if by_sid[x].end]
            threads.append(
                Thread(
                    id=g.id,
                    title=g.title,
                    stories=g.stories,
                    entities=g.entities,
                    start=min(starts) if starts else None,  # type: ignore[type-var]
                    end=max(ends) if ends else None,  # type: ignore[type-var]
                    links=[link.to_json() for link in g.links],
                )
            )
        stories.sort(key=lambda s: (s.start or "9999", s.id))
        threads.sort(key=lambda t: (t.start or "9999", t.id))
        return StoryAssignment(stories, story_of, {d.id: clusterer.scores.get(d.id) for d in originals}, threads)
