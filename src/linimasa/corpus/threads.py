"""Threads: stories linked into longer histories of the same actors and subject.

A story is one happening; a thread is what an analyst follows across happenings: the 2019
summit, the 2023 trip and the 2024 invitation of the same two leaders; the matches of a
club; the steps of one corruption case. Each story is summed up by a profile: its central
entities (weighted by how many of its members name them and how rare they are among
stories), its subject terms (TF-IDF over its members) and the dates it refers back to.

Stories are taken in time order; each is compared with the earlier stories that share one of its
central actors (blocking: inverted index person/organisation -> stories, capped postings,
entities central to too many stories left out), and joins the thread of the best one when

    entity_weight * entity cosine + term_weight * term cosine (+ reference bonus) >= threshold

and a central actor is shared; else it starts a thread. The reference bonus applies when the story names
a date long before it (``pada 2019``) that falls in the span of that earlier story.
The cost per story is bounded (capped candidates), so the pass is linear in the stories.
After the pass, threads of one history that it started apart are merged (a shared core actor and
subject, or a story that could have joined both; a person's series through their competition), and a
story left alone joins a case or saga whose own term it carries (:meth:`Threader._attach`); both are blocked by actor, capped postings.

Each link records why: the story it follows, the score, the shared entities and terms with
the highest weights, and the reference back when there is one. Threads of one story are
dropped (the story's ``thread`` stays None).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.thread_profiles import (
    StoryProfile,
    ThreadConfig,
    abbreviates,
    cos_normed,
    is_year,
    ref_value,
    refresh_threads,
    story_profile,
    subject_terms,
    thread_frames,
    thread_title,
    vec_norm,
)

__all__ = [
    "StoryProfile",
    "abbreviates",
    "ThreadConfig",
    "ThreadGroup",
    "ThreadLink",
    "Threader",
    "refresh_threads",
    "story_profile",
    "thread_frames",
    "thread_id",
]


@dataclass
class ThreadLink:
    story: str
    to: str
    score: float
    entities: list[str]
    terms: list[str]
    reference: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "to": self.to,
            "score": round(self.score, 3),
            "entities": self.entities,
            "terms": self.terms,
            "reference": self.reference,
        }


@dataclass
class ThreadGroup:
    """One thread as threading found it: story ids in time order and the links."""

    id: str
    stories: list[str]
    entities: list[str]
    links: list[ThreadLink]
    title: str


@dataclass
class _Thread:
    members: list[int] = field(default_factory=list)
    core: dict[str, float] = field(default_factory=dict)  # actor -> summed centrality over its stories
    top: float = 0.0  # the highest value of ``core`` (its main actor's)
    entities: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)
    last: dt.date | None = None
    links: list[ThreadLink] = field(default_factory=list)
    reports: int = 0  # how many of its stories are reports of series happenings


_FRAME = "frame\x00"  # the prefix of a competition's key in the merge's blocking index


def thread_id(first_story: str) -> str:
    """Stable thread id: a hash of its earliest story's id."""
    return "thread-" + hashlib.blake2b(first_story.encode("utf-8"), digest_size=6).hexdigest()


class Threader:
    """Single pass over stories in time order; :meth:`threads` returns the threads of 2+ stories."""

    def __init__(self, config: ThreadConfig | None = None) -> None:
        self.config = config or ThreadConfig()
        self._frame: dict[str, bool] = {}  # entity id -> whether its name holds a frame word

    def threads(self, profiles: Sequence[StoryProfile]) -> list[ThreadGroup]:
        cfg = self.config
        self._bridges: dict[tuple[int, int], ThreadLink] = {}  # (thread, thread) -> a story that could join both
        order = sorted(range(len(profiles)), key=lambda i: (profiles[i].start or dt.date.max, profiles[i].id))
        order_rank = {i: r for r, i in enumerate(order)}
        n = max(len(profiles), 1)
        edf: defaultdict[str, float] = defaultdict(float)  # (summed weights: a Counter's values are ints to mypyc)
        for p in profiles:
            for e, w in p.entities.items():
                edf[e] += w
        self._subject = [subject_terms(p) if cfg.subject_only else p.terms for p in profiles]
        self._norms = [vec_norm(sub) for sub in self._subject]  # (and the entity vectors' by story, below)
        self._enorms: dict[int, float] = {}
        self._cores: dict[int, list[str]] = {}  # story -> its core actors for a pair (see _pair)
        common = max(cfg.common_min, cfg.common_fraction * n)
        eidf = {e: math.log((1 + n) / (1 + c)) + 1.0 for e, c in edf.items()}
        threads: list[_Thread] = []
        thread_of: dict[int, int] = {}  # story index -> thread index
        vecs: dict[int, dict[str, float]] = {}
        mains: dict[int, str | None] = {}
        index: dict[str, list[int]] = defaultdict(list)  # central entity -> stories (most recent last)
        for i in order:
            p = profiles[i]
            evec = {e: w * eidf[e] for e, w in p.entities.items()}
            vecs[i] = evec
            self._enorms[i] = vec_norm(evec)
            mains[i] = max(evec, key=lambda e: (evec[e], e)) if evec else None
            keys = [
                e
                for e in sorted(p.entities, key=lambda e: (-evec[e], e))
                if edf[e] <= common and self._actor(e, "block")
            ]
            hits: Counter[int] = Counter()
            for e in keys:
                hits.update(index.get(e, ()))
            top_e = mains[i]
            # the candidate threads: those of the earlier stories sharing a central actor
            cand_threads: list[int] = []
            if cfg.kind_candidates:
                kind = self._series(p)
                ranked = sorted(
                    hits.items(), key=lambda kv: (self._series(profiles[kv[0]]) != kind, -kv[1], -order_rank[kv[0]])
                )
            else:
                ranked = sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))
            for j, _ in ranked[: cfg.max_candidates]:
                if thread_of[j] not in cand_threads:
                    cand_threads.append(thread_of[j])
            best, best_score, best_to, best_ref, best_own = -1, cfg.threshold, -1, None, False
            passed: list[tuple[int, float, int, str | None]] = []
            for ti in cand_threads:
                t = threads[ti]
                if p.start and t.last and (p.start - t.last).days > cfg.max_gap_days:
                    continue
                if cfg.core_share > 0.0 and not self._through_core(p, t):
                    continue
                recent = t.members[-cfg.link_members :]
                scores: list[tuple[float, int, str | None]] = []
                for j in recent:
                    if cfg.main_actor and top_e not in vecs[j] and mains[j] not in evec:
                        scores.append((0.0, j, None))
                        continue
                    scores.append(self._pair(p, evec, i, j, profiles, vecs, t))
                top = max(scores, key=lambda x: (x[0], -x[1]))
                score = top[0] if cfg.linkage == "single" else sum(x[0] for x in scores) / len(scores)
                if score <= cfg.threshold:
                    continue
                own = cfg.prefer_main and self._own_thread(p, t)
                passed.append((ti, score, top[1], top[2]))
                if (own, score) > (best_own, best_score):
                    best, best_score, best_to, best_ref, best_own = ti, score, top[1], top[2], own
            for ti, sc, j, ref in passed:  # (a story that could join two threads: a bridge between them)
                if cfg.merge_bridge > 0.0 and best >= 0 and ti != best and sc >= cfg.merge_bridge:
                    self._bridges[min(ti, best), max(ti, best)] = self._link(i, j, sc, ref, profiles, vecs)
            if best < 0:
                thread_of[i] = len(threads)
                threads.append(_Thread())
            else:
                thread_of[i] = best
                threads[best].links.append(self._link(i, best_to, best_score, best_ref, profiles, vecs))
            t = threads[thread_of[i]]
            for e in keys:
                posting = index[e]
                posting.append(i)
                if len(posting) > cfg.posting_cap:
                    del posting[0]
            t.members.append(i)
            t.reports += self._series(p)
            for e, w in p.entities.items():
                if self._actor(e, "core"):
                    t.core[e] = t.core.get(e, 0.0) + w
                    t.top = max(t.top, t.core[e])
            last = p.end or p.start
            if last and (t.last is None or last > t.last):
                t.last = last
        if cfg.merge:
            threads = self._merge(threads, profiles, order_rank)
        if cfg.attach_min > 0:
            threads = self._attach(threads, profiles)
        out = []
        for t in threads:
            if len(t.members) < 2:
                continue
            members = [profiles[i] for i in sorted(t.members, key=lambda i: order_rank[i])]
            ents = self._central(members, t.links)
            title = thread_title(members, ents)
            out.append(ThreadGroup(thread_id(members[0].id), [m.id for m in members], ents, t.links, title))
        return out

    def _central(self, members: Sequence[StoryProfile], links: Sequence[ThreadLink]) -> list[str]:
        """The thread's central entities: those central to two of its stories or more, ranked by how
        many stories, then by their summed centrality (then id); at most ``thread_entities``, the
        actors its links were made through first (a two-story thread of Ahok keeps Ahok)."""
        stories: Counter[str] = Counter()
        weight: dict[str, float] = {}
        for m in members:
            stories.update(m.entities.keys())  # (one per story: the weights are shares, not counts)
            for e, w in m.entities.items():
                weight[e] = weight.get(e, 0.0) + w
        linked = {e for link in links for e in link.entities if self._actor(e, "core")}
        ranked = sorted(
            (e for e, c in stories.items() if c >= 2 or e in linked), key=lambda e: (-stories[e], -weight[e], e)
        )
        cap = self.config.thread_entities
        kept = set([e for e in ranked if e in linked][:cap])
        kept.update([e for e in ranked if e not in linked][: max(cap - len(kept), 0)])
        return [e for e in ranked if e in kept]

    def _merge(
        self, threads: list[_Thread], profiles: Sequence[StoryProfile], order_rank: dict[int, int]
    ) -> list[_Thread]:
        """Threads of one history that the single pass started apart (a case's politics and its
        trial), merged when they share a core actor (central to ``merge_core_share`` of the stories
        of each) and their subjects agree (the cosine of their subject terms, names left out, at
        least ``merge_subject``) or a story of the pass scored at least ``merge_bridge`` with both
        (``_bridges``; not two series threads of different main actors): two kinds of evidence. Blocked by
        core actor, capped postings. Each merge is recorded as a link from the later thread's first story
        to the other's first story, with the shared core actors and subject terms (a bridge: the bridging
        story's link to the thread it did not join)."""
        cfg = self.config
        cores: dict[int, set[str]] = {}
        subjects: dict[int, dict[str, float]] = {}
        kinds: dict[int, bool] = {}  # whether most of the thread's stories are series reports
        comps: dict[int, list[str]] = {}  # the competitions of a thread of series reports of a person
        index: dict[str, list[int]] = defaultdict(list)
        for k, t in enumerate(threads):
            if len(t.members) < cfg.merge_min:
                continue
            n = len(t.members)
            core = {e for e, w in t.core.items() if w / n >= cfg.merge_core_share}
            if not core:
                continue
            cores[k] = core
            kinds[k] = 2 * sum(self._series(profiles[i]) for i in t.members) >= n
            tv: dict[str, float] = {}
            for i in t.members:
                sub = self._subject[i]
                norm = math.sqrt(sum(w * w for w in sub.values())) or 1.0
                for term, w in sub.items():
                    tv[term] = tv.get(term, 0.0) + w / norm
            subjects[k] = dict(sorted(tv.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.top_terms * 2])
            comps[k] = self._competitions(t, profiles) if kinds[k] else []
            keys = sorted(core)
            if cfg.merge_competitions:
                keys += [_FRAME + e for e in comps[k]]
            for e in keys:
                posting = index[e]
                if len(posting) < cfg.posting_cap:
                    posting.append(k)
        parent = list(range(len(threads)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        merges: list[tuple[int, ThreadLink]] = []
        seen: set[tuple[int, int]] = set()
        for key, ks in sorted(index.items()):
            for x, a in enumerate(ks):
                for b in ks[x + 1 :]:
                    if (a, b) in seen:
                        continue
                    seen.add((a, b))
                    shared = sorted(cores[a] & cores[b]) or [key[len(_FRAME) :]]
                    score = cos_normed(subjects[a], vec_norm(subjects[a]), subjects[b], vec_norm(subjects[b]))
                    # a competition's series (a rider's races) and talk (his interviews)
                    talk = (comps[a] and not kinds[b]) or (comps[b] and not kinds[a])
                    need = cfg.merge_kind_subject if talk else cfg.merge_subject
                    bridge = self._bridges.get((min(a, b), max(a, b))) if score < need and not talk else None
                    if bridge and kinds[a] and kinds[b] and self._main_of(threads[a]) != self._main_of(threads[b]):
                        bridge = None  # (two series of different main actors: two clubs' matches, their derby)
                    if (score >= need or bridge) and find(a) != find(b):
                        parent[find(b)] = find(a)
                        first_a = min(threads[a].members, key=lambda i: order_rank[i])
                        first_b = min(threads[b].members, key=lambda i: order_rank[i])
                        if order_rank[first_a] > order_rank[first_b]:
                            first_a, first_b = first_b, first_a
                        sa, sb = subjects[a], subjects[b]
                        terms = sorted((k for k in sa if k in sb), key=lambda k: (-sa[k] * sb[k], k))[: cfg.shown_terms]
                        ents = shared[: cfg.shown_entities]
                        link = ThreadLink(profiles[first_b].id, profiles[first_a].id, score, ents, terms, None)
                        merges.append((b, bridge or link))  # (a bridge: the story that links both)
        groups: dict[int, _Thread] = {}
        for k, t in enumerate(threads):
            r = find(k)
            if r not in groups:
                groups[r] = _Thread(members=list(t.members), core=dict(t.core), links=list(t.links), reports=t.reports)
            else:
                g = groups[r]
                g.members.extend(t.members)
                g.links.extend(t.links)
                g.reports += t.reports
                for e, w in t.core.items():
                    g.core[e] = g.core.get(e, 0.0) + w
        for b, link in merges:
            groups[find(b)].links.append(link)
        return list(groups.values())

    def _attach(self, threads: list[_Thread], profiles: Sequence[StoryProfile]) -> list[_Thread]:
        """Stories left alone joined to the history whose subject they carry: a thread of at least ``attach_min``
        stories, most of them not series reports (a case, a saga), owns a term when at least ``attach_share`` of
        its stories hold it and at least ``attach_own`` of all stories holding it are its own ("ktp" for the e-KTP
        case); a story in no thread that holds one of its terms and shares an actor central to two of its stories
        (a witness's hearing naming the case's broker, a watchdog's demand on the suspect) joins it, linked to its
        nearest story sharing that actor and term. Blocked by actor, capped postings: linear."""
        cfg = self.config
        held: Counter[str] = Counter()
        for sub in self._subject:
            held.update(sub.keys())
        owned: dict[int, dict[str, float]] = {}  # thread -> the terms it owns -> the share of its stories holding it
        index: dict[str, list[int]] = defaultdict(list)
        for k, t in enumerate(threads):
            n = len(t.members)
            if n < cfg.attach_min or 2 * sum(self._series(profiles[i]) for i in t.members) >= n:
                continue
            terms: Counter[str] = Counter()
            actors: Counter[str] = Counter()
            for i in t.members:
                terms.update(self._subject[i].keys())
                actors.update(
                    e for e, w in profiles[i].entities.items() if w >= cfg.core_min and self._actor(e, "core")
                )
            names = [e.split(":", 1)[-1].split("-") for e in actors]
            owned[k] = {
                x: c / n
                for x, c in terms.items()
                if c >= cfg.attach_share * n
                and c >= cfg.attach_own * held[x]
                and not any(abbreviates(x, words) for words in names)  # "kpk": its actor's name, not its subject
            }
            if owned[k]:
                for e, c in sorted(actors.items()):
                    if c >= 2 and len(index[e]) < cfg.posting_cap:
                        index[e].append(k)
        moved: set[int] = set()
        for k, t in enumerate(threads):
            if len(t.members) != 1:
                continue
            i = t.members[0]
            p = profiles[i]
            cores = [e for e, w in p.entities.items() if w >= cfg.core_min and e in index]
            best: tuple[int, int, int, int] | None = None
            for e in cores:
                for c in index[e]:
                    shared = owned[c].keys() & self._subject[i].keys()
                    if shared and (best is None or (len(shared), len(threads[c].members)) > best[:2]):
                        best = (len(shared), len(threads[c].members), c, 0)
            if best is None:
                continue
            c = best[2]
            target = threads[c]
            day = (p.start or dt.date.min).toordinal()
            near = [
                j
                for j in target.members
                if owned[c].keys() & self._subject[i].keys() & self._subject[j].keys()
                and any(profiles[j].entities.get(e, 0.0) >= cfg.core_min for e in cores)
            ]
            if not near:
                continue
            j = min(near, key=lambda j: (abs((profiles[j].start or dt.date.min).toordinal() - day), profiles[j].id))
            q = profiles[j]
            if p.start and q.start and abs((p.start - q.start).days) > cfg.max_gap_days:
                continue  # (as the pass: not after a silence this long)
            ents = sorted(e for e in cores if q.entities.get(e, 0.0) >= cfg.core_min)[: cfg.shown_entities]
            common = sorted(
                owned[c].keys() & self._subject[i].keys() & self._subject[j].keys(), key=lambda x: (-owned[c][x], x)
            )
            target.members.append(i)
            # the score of such a link: the share of the thread's stories holding its strongest term
            target.links.append(ThreadLink(p.id, q.id, owned[c][common[0]], ents, common[: cfg.shown_terms], None))
            moved.add(k)
        return [t for k, t in enumerate(threads) if k not in moved]

    @staticmethod
    def _main_of(t: _Thread) -> str | None:
        """The thread's main actor: the most central over its stories."""
        return max(t.core, key=lambda e: (t.core[e], e)) if t.core else None

    def _link(
        self,
        i: int,
        j: int,
        score: float,
        ref: str | None,
        profiles: Sequence[StoryProfile],
        vecs: dict[int, dict[str, float]],
    ) -> ThreadLink:
        """The link of story ``i`` to ``j``: the shared entities and subject terms that weighed most."""
        cfg = self.config
        evec, qv = vecs[i], vecs[j]
        shared_e = sorted((e for e in evec if e in qv), key=lambda e: (-evec[e] * qv[e], e))[: cfg.shown_entities]
        ps, qs = self._subject[i], self._subject[j]
        shared_t = sorted((k for k in ps if k in qs), key=lambda k: (-ps[k] * qs[k], k))[: cfg.shown_terms]
        return ThreadLink(profiles[i].id, profiles[j].id, score, shared_e, shared_t, ref)

    def _competitions(self, t: _Thread, profiles: Sequence[StoryProfile]) -> list[str]:
        """The competitions (frames) of a thread of series reports whose main actor is a person (a rider's races,
        a player's tournaments) central to at least ``competition_share`` of its stories: a race or a tournament
        is the competition's happening, every rider's, so two riders' races of one season are one series (a
        club's matches are the club's: its main actor is an organisation, and it is not merged by its league)."""
        cfg = self.config
        if not t.core or not max(t.core, key=lambda e: (t.core[e], e)).startswith(cfg.competition_prefixes):
            return []
        share: dict[str, float] = {}
        for i in t.members:
            for e, w in profiles[i].entities.items():
                if e.startswith(cfg.actor_prefixes) and not self._actor(e, "core"):
                    share[e] = share.get(e, 0.0) + w
        need = cfg.competition_share * len(t.members)
        return sorted(e for e, w in share.items() if w >= need)

    def _main_actor(self, p: StoryProfile) -> str | None:
        """The story's main actor: its most central actor, then the most often named."""
        return next((e for e in p.entities if self._actor(e, "core")), None)

    def _lead_actor_shared(self, p: StoryProfile, q: StoryProfile, t: _Thread | None) -> bool:
        """Whether an actor is named in the leads of (nearly) all members of both stories and, with
        ``series_thread_main``, is (one of) the main actors of ``q``'s thread ``t``: a series thread is
        joined by the series rule through its own actor (the club whose matches it holds), not through an
        opponent named in one of its reports."""
        cfg = self.config
        own = self._main_actor(p) if cfg.series_own_main else None
        return any(
            w >= cfg.lead_share
            and (own is None or e == own)
            and q.entities.get(e, 0.0) >= cfg.lead_share
            and (not cfg.series_thread_main or t is None or t.core.get(e, 0.0) >= t.top - 1e-9)
            for e, w in p.entities.items()
            if self._actor(e, "series")
        )

    def _actor(self, e: str, use: str) -> bool:
        """Whether entity ``e`` is an actor (a person or organisation, not a place), and, for the uses in
        ``frame_uses``, not a competition or other frame named by ``frames`` (a league, a cup: every club's
        matches name it)."""
        cfg = self.config
        if cfg.actor_prefixes and not e.startswith(cfg.actor_prefixes):
            return False
        if cfg.frames and use in cfg.frame_uses:
            frame = self._frame.get(e)
            if frame is None:
                frame = self._frame[e] = any(w in cfg.frames for w in e.split(":", 1)[-1].split("-"))
            return not frame
        return True

    def _own_thread(self, p: StoryProfile, t: _Thread) -> bool:
        """Whether the story reports one of a series and the thread's main actor (the most central over its
        stories) is the story's own main actor (its most central actor, then the most often named)."""
        main = self._main_actor(p)
        if not t.core or not self._series(p) or main is None:
            return False
        return t.core.get(main, 0.0) >= t.top - 1e-9  # (one of) the thread's most central actors

    def _series(self, p: StoryProfile) -> bool:
        """Whether the story reports one of a series (a match, a hearing): most of its members' leads hold a
        series cue and a day, or (``cue_series``) a series cue."""
        return p.series >= 0.5 or p.cue >= self.config.cue_series

    def _two_actors(self, p: StoryProfile, q: StoryProfile, subject: float) -> bool:
        """Whether two core actors in common stand in for a shared subject: two persons (the leaders who meet
        again), or two actors and a subject cosine of at least ``pair_subject`` (a person and his club or party are
        central together to most of his stories, so they alone are one actor's talk, not a history)."""
        cfg = self.config
        both = [
            e
            for e, w in p.entities.items()
            if w >= cfg.core_min and q.entities.get(e, 0.0) >= cfg.core_min and self._actor(e, "pair")
        ]
        persons = sum(e.startswith(cfg.pair_persons) for e in both)
        return len(both) >= 2 and (persons >= 2 or subject >= cfg.pair_subject)

    def _via_main(self, p: StoryProfile, t: _Thread) -> bool:
        """Whether an actor central (``core_min``) to the story is (one of) the most central of thread ``t``."""
        cfg = self.config
        return any(
            w >= cfg.core_min and t.core.get(e, 0.0) >= t.top - 1e-9 and self._actor(e, "series")
            for e, w in p.entities.items()
        )

    def _through_core(self, p: StoryProfile, t: _Thread) -> bool:
        """Whether the story shares a core actor with the thread: central (``core_min``) to the story and,
        summed over the thread's stories, to at least ``core_share`` of them."""
        cfg = self.config
        need = cfg.core_share * len(t.members)
        return any(w >= cfg.core_min and t.core.get(e, 0.0) >= need for e, w in p.entities.items())

    def _pair(
        self,
        p: StoryProfile,
        evec: dict[str, float],
        i: int,
        j: int,
        profiles: Sequence[StoryProfile],
        vecs: dict[int, dict[str, float]],
        t: _Thread | None = None,
    ) -> tuple[float, int, str | None]:
        """The link score of story ``i`` (profile ``p``, entity vector ``evec``) to the earlier ``j`` (of
        thread ``t``)."""
        cfg = self.config
        q = profiles[j]
        core = self._cores.get(i)
        if core is None:  # (the story's own side of the test, once for all its pairs)
            core = self._cores[i] = [e for e, w in p.entities.items() if w >= cfg.core_min and self._actor(e, "pair")]
        shared = sum(1 for e in core if q.entities.get(e, 0.0) >= cfg.core_min)
        if cfg.core_min > 0.0 and not shared:
            return 0.0, j, None  # no core actor in common: no link, however similar the words
        subject = cos_normed(self._subject[i], self._norms[i], self._subject[j], self._norms[j])
        ref = self._reference(p, [j], profiles)
        if self._series(p) and self._series(q):
            if cfg.series_via_main and t is not None and 2 * t.reports >= len(t.members) and not self._via_main(p, t):
                return 0.0, j, None  # (another club's match sharing an opponent, a ground, a coach)
            # two happenings of a series (two matches): their actors, not their words (another opponent)
            we = cfg.series_entity_weight
            score = we * cos_normed(evec, self._enorms[i], vecs[j], self._enorms[j]) + (1.0 - we) * subject
            if cfg.series_main and score <= cfg.threshold and self._lead_actor_shared(p, q, t):
                # one series: the same actor in the lead of both reports
                score = cfg.threshold + 0.001 + cfg.series_main_order * score
        else:
            if subject < cfg.min_subject and ref is None and not self._two_actors(p, q, subject):
                # the same actors, but neither the same subject nor a reference back to it (a company's
                # other news, a celebrity's next gossip)
                return 0.0, j, None
            score = cfg.entity_weight * cos_normed(evec, self._enorms[i], vecs[j], self._enorms[j])
            score += cfg.term_weight * subject
            if self._series(p) or self._series(q):
                score *= cfg.kind_factor
        if ref is not None:
            score += cfg.reference_bonus
        return score, j, ref

    def _reference(self, p: StoryProfile, others: list[int], profiles: Sequence[StoryProfile]) -> str | None:
        """A date the story names long before it that falls in the span of one of ``others`` (a bare
        year only when ``year_refs``)."""
        for r in p.refs:
            if is_year(r) and not (
                self.config.year_refs or (p.start and p.start.year - r[0].year >= self.config.year_ref_gap)
            ):
                continue
            for i in others:
                q = profiles[i]
                if q.start and q.end and r[0] <= q.end and q.start <= r[1]:
                    return ref_value(r)
        return None
