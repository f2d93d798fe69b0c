"""A plan that continues the last one: the new documents of a run that adds to a store are
placed among the stored stories without planning the store again (docs/incremental.md).

The corpus decisions are single passes (entity tables from counts, duplicates in canonical
order against an LSH index of the group starters, stories in processing order against
blocking indexes of the stories so far). A full plan ends by writing the state each pass
ended with (:func:`full_state`: keyed rows, JSON text): the entity aggregator's counts and
links, every term's and entity's document frequency, the duplicate index's buckets and exact
keys, and the clustering pass's stories (centroid, entities, days) and postings (blocking key
-> stories, by two-week bucket). :func:`plan_increment` continues the passes with the new
documents, reading only the rows their keys name (their terms, entities, LSH buckets, the
postings of their blocking keys, the stories those postings hold), and plans only the stories
they touch; the same scoring code decides (:class:`~linimasa.corpus.clustering.StoryClusterer`).

Where the result differs from one plan over the union is listed in docs/incremental.md.
"""

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from linimasa.corpus.clustering import ClusterPass, ClusterStory, StoryClusterer
from linimasa.corpus.dating import dated_window, self_dated
from linimasa.corpus.duplicates import DuplicateStage
from linimasa.corpus.entities import EntityTable, MentionRow
from linimasa.corpus.entity_state import continue_entities
from linimasa.corpus.features import ranked_terms, tfidf
from linimasa.corpus.plan import CorpusPlan, Member
from linimasa.corpus.plan_state import (
    PROFILE_POSTING,
    _day,
    _profile_from,
    _profile_json,
    _story_from,
    _story_json,
)
from linimasa.corpus.records import DocRecord
from linimasa.corpus.stories import StoryConfig, group_story, story_id
from linimasa.corpus.story_items import StoryItem, centrality
from linimasa.corpus.threads import StoryProfile, ThreadConfig, Threader, ThreadGroup, story_profile
from linimasa.corpus.undated_join import undated_adopter
from linimasa.entities.corrections import load_table
from linimasa.jsontext import dumps
from linimasa.model import Story

# -- continuing it ----------------------------------------------------------------------------------


class StateReader(Protocol):
    """What :func:`plan_increment` reads of the store (``jobs.incremental`` gives it)."""

    def load(self, keys: list[str]) -> dict[str, Any]: ...  # parsed values, shared: not to be changed

    def records(self, ids: list[str]) -> dict[str, DocRecord]: ...

    # (records with their story items and speakers only: what a story is assembled from)
    def story_records(self, ids: list[str]) -> dict[str, DocRecord]: ...

    def members(self, story_ids: list[str]) -> dict[str, list[str]]: ...

    def with_entities(self, entity_ids: list[str]) -> set[str]: ...

    def scores(self, ids: list[str]) -> dict[str, float | None]: ...

    def final(self, ids: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]: ...


@dataclass
class Increment:
    """What :func:`plan_increment` decided."""

    plan: CorpusPlan  # the touched stories only; ``members`` their members
    rows: dict[str, str] = field(default_factory=dict)  # plan state rows to write once the run is complete
    new_stories: int = 0
    # threading over the touched stories and the stored ones that share a central actor with them
    thread_groups: list[ThreadGroup] = field(default_factory=list)
    changed_entities: set[str] = field(default_factory=set)  # entities whose stored row changes
    gone_entities: set[str] = field(default_factory=set)  # entities now linked to another (no row of their own)
    relinked_entities: set[str] = field(default_factory=set)  # entities a name left (or renamed)


Final = tuple[str | None, str | None, str | None]  # a stored document's (story, duplicate_of, published)


class _Finals:
    """The stored documents' final decisions, read from the store only for the documents asked
    about (a run that adds to a store never reads every document's)."""

    def __init__(self, reader: StateReader, new: Iterable[str]) -> None:
        self.reader = reader
        self.known: dict[str, Final] = {}
        self.asked: set[str] = set(new)  # (the new documents have none)

    def fetch(self, ids: Iterable[str]) -> None:
        want = sorted({i for i in ids if i not in self.asked})
        if want:
            self.asked.update(want)
            self.known.update(self.reader.final(want))

    def get(self, doc_id: str) -> Final | None:
        self.fetch([doc_id])
        return self.known.get(doc_id)

    def __contains__(self, doc_id: str) -> bool:
        return self.get(doc_id) is not None


_NO_FINAL: Final = (None, None, None)


class _Stories:
    """The pass's stories: the stored ones loaded when a posting names them, the new ones appended."""

    def __init__(self, count: int, load: Callable[[list[int]], dict[int, ClusterStory]]) -> None:
        self.items: dict[int, ClusterStory] = {}
        self.count = count
        self.load = load

    def prefetch(self, seqs: Iterable[int]) -> None:
        want = sorted({s for s in seqs if s not in self.items and s < self.count})
        if want:
            self.items.update(self.load(want))

    def __getitem__(self, seq: int) -> ClusterStory:
        if seq not in self.items:
            self.prefetch([seq])
        return self.items[seq]

    def __len__(self) -> int:
        return self.count

    def append(self, s: ClusterStory) -> None:
        self.items[self.count] = s
        self.count += 1


def _recount(
    ids: set[str],
    table: EntityTable,
    ensure: Callable[[Iterable[str]], None],
    new: list[DocRecord],
    stored: _Finals,
    reader: StateReader,
) -> Counter[str]:
    """The stored-document counts of the entities ``ids`` from the records of the stored documents
    that mention them (a name unlinked from one of them moves only its own documents)."""
    skip = {r.id for r in new}
    holders = sorted(d for d in reader.with_entities(sorted(ids)) if d not in skip)
    stored.fetch(holders)
    holders = [d for d in holders if d in stored]
    counts: Counter[str] = Counter()
    records = reader.story_records(holders).values()
    ensure({e for rec in records for e, _ in rec.story.entities} | {x for rec in records for x in rec.speakers})
    for rec in records:
        named = {table.final_id(e) for e, _ in rec.story.entities} | {table.final_id(x) for x in rec.speakers}
        counts.update(named & ids)
    return counts


def plan_increment(
    new: list[DocRecord],
    mentions: dict[str, list[MentionRow]],
    names: list[str],
    reader: StateReader,
    shingles_of: Callable[[str], set[int]],
    config: StoryConfig | None = None,
) -> Increment:
    """Place the ``new`` records (their terms interned in ``names``; their mention rows in
    ``mentions``) among the stored stories, continuing the state the last plan wrote (see the
    module doc). Each stored document's story, ``duplicate_of`` and date are read from the
    store (``reader.final``) only for the documents a decision looks at."""

    cfg = config or StoryConfig()
    stored = _Finals(reader, (r.id for r in new))
    meta = reader.load(["meta"])["meta"]
    rows: dict[str, str] = {}

    # 1. entities: the names the new documents mention, and those a link can join to them, linked and
    # named again from their stored counts (corpus.entity_state)
    def recount(ids: set[str], table: EntityTable, ensure: Callable[[Iterable[str]], None]) -> Counter[str]:
        return _recount(ids, table, ensure, new, stored, reader)

    ent = continue_entities(
        reader.load,
        [mentions.get(r.id, []) for r in new],
        [tuple(e for e, _ in r.story.entities) + r.speakers for r in new],
        load_table(),
        recount,
    )
    rows.update(ent.rows)
    table = ent.table
    relinked_entities = ent.relinked
    changed_entities = ent.changed
    entity_ids: dict[str, tuple[str, ...]] = {}
    for r in new:
        entity_ids[r.id] = tuple(e for e, _ in r.story.entities) + r.speakers
        _link(r.story, table)

    # 2. duplicates: the new documents in canonical order, against the stored index and each other
    stage = DuplicateStage()
    duplicate_of = _duplicates(stage, new, stored, reader, shingles_of, rows)
    for r in new:
        r.story.duplicate_of = duplicate_of.get(r.id)

    # 3. stories: the clustering pass continued with the new originals
    pub_of = {r.id: r.story.pub for r in new}
    copies: dict[str, str] = {}  # copy -> the document whose story it follows
    originals: list[StoryItem] = []
    for r in new:
        orig = r.story.duplicate_of
        if orig:
            a = r.story.pub
            b = pub_of[orig] if orig in pub_of else _day((stored.get(orig) or _NO_FINAL)[2])
            if a is None or b is None or abs((a - b).days) <= cfg.max_gap_days:
                copies[r.id] = orig
                continue
        originals.append(r.story)
    clusterer = StoryClusterer(cfg)
    joined, run, term_name, ent_name = _continue(clusterer, originals, names, meta, reader, rows)
    # (the seq of every stored story a new document joined, and of every new story)
    seq_story: dict[int, str] = {}
    touched_seqs = sorted(set(joined.values()))
    for seq in touched_seqs:
        if seq < meta["n_stories"]:
            seq_story[seq] = run.stories.stored_ids[seq]
    story_of: dict[str, str] = {}
    new_groups: dict[int, list[str]] = {}
    for doc, seq in joined.items():
        if seq in seq_story:
            story_of[doc] = seq_story[seq]
        else:
            new_groups.setdefault(seq, []).append(doc)
    # a new story's id: the hash of its earliest member (its copies with it)
    by_id = {r.id: r for r in new}
    followers: dict[str, list[str]] = {}
    for c, o in copies.items():
        followers.setdefault(o, []).append(c)
    for seq, members in new_groups.items():
        group = [by_id[d].story for d in members]
        for d in members:
            group.extend(by_id[c].story for c in followers.get(d, ()))
        group.sort(key=StoryItem.canonical_key)
        sid = seq_story[seq] = story_id(group[0].id)
        for d in members:
            story_of[d] = sid
    # copies follow their original's story (a stored original's stored story), in input order of dependence
    for c in sorted(copies, key=lambda c: by_id[c].story.canonical_key()):
        o = copies[c]
        story_of[c] = story_of.get(o) or (stored.get(o) or _NO_FINAL)[0] or story_of.get(o, "")
    touched = set(story_of.values())
    # stored documents whose entities the new documents relinked or renamed: their stories too
    if relinked_entities:
        holders = sorted(reader.with_entities(sorted(relinked_entities)))
        stored.fetch(holders)
        for d in holders:
            sid = (stored.get(d) or _NO_FINAL)[0]
            if sid:
                touched.add(sid)
    touched.discard("")

    # 4. the touched stories, assembled from their members' records as one plan assembles them
    members_of = reader.members(sorted(touched))
    stored_members = sorted({d for ms in members_of.values() for d in ms} - set(by_id))
    loaded = reader.story_records(stored_members)
    stored.fetch(stored_members)
    ent.ensure(
        {e for rec in loaded.values() for e, _ in rec.story.entities} | {x for r in loaded.values() for x in r.speakers}
    )
    scores = reader.scores(stored_members)
    items: dict[str, StoryItem] = {}
    for d, rec in loaded.items():
        entity_ids[d] = tuple(e for e, _ in rec.story.entities) + rec.speakers
        _link(rec.story, table)
        rec.story.duplicate_of = (stored.get(d) or _NO_FINAL)[1]
        items[d] = rec.story
    for r in new:
        it = r.story
        it.terms = [names[t] for t in it.terms]
        items[r.id] = it
    all_scores: dict[str, float | None] = {**scores, **{d: clusterer.scores.get(d) for d in joined}}
    groups: dict[str, list[StoryItem]] = {sid: [items[d] for d in ms if d in items] for sid, ms in members_of.items()}
    for d, sid in story_of.items():
        groups.setdefault(sid, []).append(items[d])
    term_df = _term_df(run, term_name, reader, {t for g in groups.values() for it in g for t in it.terms})
    n_docs = meta["n"] + len(originals)
    stories: list[Story] = []
    members: dict[str, Member] = {}
    for sid, group in groups.items():
        if not group:
            continue
        group.sort(key=StoryItem.canonical_key)
        stories.append(group_story(sid, group, term_df, n_docs, None, all_scores))
        for it in group:
            members[it.id] = Member(
                index=len(members),
                id=it.id,
                duplicate_of=it.duplicate_of,
                story=sid,
                scored=it.id in all_scores and it.id not in copies,
                score=all_scores.get(it.id),
            )
    stories.sort(key=lambda s: (s.start or "9999", s.id))
    tcfg = ThreadConfig()
    profiles = [story_profile(s.id, s.title, groups[s.id], term_df, n_docs, None, tcfg) for s in stories]
    thread_groups = _threads(profiles, reader, rows, tcfg)
    window = _window(meta.get("window"), new)
    plan = CorpusPlan(table, stories, members=members, entity_ids=entity_ids, window=window)

    # 5. the state rows to write once the run is complete
    for seq, s in run.stories.items.items():
        if seq in seq_story and (seq >= meta["n_stories"] or seq in set(joined.values())):
            rows[f"s:{seq}"] = dumps(_story_json(s, seq_story[seq], term_name, ent_name))
    rows["meta"] = dumps(
        {
            **meta,
            "n": n_docs,
            "next_first": meta["next_first"] + len(originals),
            "n_stories": len(run.stories),
            "window": list(window) if window else None,
        }
    )
    return Increment(plan, rows, len(new_groups), thread_groups, changed_entities, ent.gone, relinked_entities)


def _threads(
    profiles: list[StoryProfile], reader: StateReader, rows: dict[str, str], cfg: ThreadConfig
) -> list[ThreadGroup]:
    """Threading over the touched stories' profiles and those of the stored stories that share a
    central entity with them (the most recent ``PROFILE_POSTING`` of each); the profiles and the
    entity postings updated in ``rows``."""

    touched = {p.id for p in profiles}
    ents = sorted({e for p in profiles for e in p.entities if e.startswith(cfg.actor_prefixes)})
    postings = {k[2:]: v for k, v in reader.load(["q:" + e for e in ents]).items()}
    picked: set[str] = set()
    for p in profiles:  # each touched story's candidates: the stored stories sharing most of its actors
        hits = Counter(s for e in p.entities for s in postings.get(e, ()) if s not in touched)
        picked.update(s for s, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.max_candidates])
    others = sorted(picked)
    stored = [_profile_from(v) for v in reader.load(["p:" + s for s in others]).values()]
    groups = [g for g in Threader(cfg).threads([*stored, *profiles]) if touched.intersection(g.stories)]
    for p in profiles:
        rows["p:" + p.id] = dumps(_profile_json(p, p.id))
        for e in p.entities:
            if not e.startswith(cfg.actor_prefixes):
                continue
            sids = [s for s in postings.setdefault(e, []) if s != p.id] + [p.id]
            postings[e] = sids[-PROFILE_POSTING:]
    for e in ents:
        rows["q:" + e] = dumps(postings[e])
    return groups


def _window(stored: list[str] | None, new: list[DocRecord]) -> tuple[str, str] | None:
    """The stored span of self-dated documents, widened to the new ones' (docs/incremental.md)."""

    days = [d for r in new if self_dated(r.published_from, r.year_basis) and (d := _day(r.published)) is not None]
    span = dated_window(days)
    if stored is None:
        return (span[0].isoformat(), span[1].isoformat()) if span else None
    if span is None:
        return (stored[0], stored[1])
    return (min(stored[0], span[0].isoformat()), max(stored[1], span[1].isoformat()))


def _link(item: StoryItem, table: EntityTable) -> None:
    """The item's entities under the corpus-wide ids (as ``plan_corpus`` links them)."""
    if table.remap and any(e in table.remap for e, _ in item.entities):
        merged: dict[str, int] = {}
        for e, n in item.entities:
            f = table.final_id(e)
            merged[f] = merged.get(f, 0) + n
        item.entities = tuple(merged.items())
    if table.remap and any(f[0] in table.remap for f in item.central_facts):
        item.central = centrality(item.central_facts, table.final_id)
    item.central_facts = []


def _duplicates(
    stage: DuplicateStage,
    new: list[DocRecord],
    stored: _Finals,
    reader: StateReader,
    shingles_of: Callable[[str], set[int]],
    rows: dict[str, str],
) -> dict[str, str]:
    """``{copy: original}`` of the new documents: each, in canonical order, an exact copy of the first
    with its text (stored or new), else a near copy of the earliest group starter the index confirms
    (stored or new), else a group starter itself (its buckets added to the stored index)."""

    items = sorted((r.dup for r in new), key=lambda it: it.key)
    keys: list[str] = []
    for it in items:
        if it.exact is not None and it.minhash is not None:
            keys.append("x:" + it.exact.hex())
            keys.extend(f"b:{band}:{k.hex()}" for band, k in stage.band_keys(it))
    found = dict(reader.load(keys))
    # the stored documents the index names (exact keys' first documents, bucket members), and their originals
    named = {v[0] for k, v in found.items() if k.startswith("x:")}
    named.update(d for k, v in found.items() if k.startswith("b:") for d, _day_ in v)
    stored.fetch(named)
    stored.fetch(dup for d in named if (f := stored.known.get(d)) is not None and (dup := f[1]) is not None)
    out: dict[str, str] = {}
    stored_shingles: dict[str, set[int]] = {}

    def root(d: str) -> str:
        if d in out:
            return out[d]
        dup = (stored.get(d) or _NO_FINAL)[1]
        return dup or d

    def shingles(d: str) -> set[int]:
        if d in stored_shingles:
            return stored_shingles[d]
        return shingles_of(d)

    for it in items:
        if it.exact is None or it.minhash is None:
            continue
        xk = "x:" + it.exact.hex()
        first = found.get(xk)
        if first is not None and first[0] != it.id:
            out[it.id] = root(first[0])
            continue
        found[xk] = [it.id, it.key[0]]
        rows[xk] = dumps([it.id, it.key[0]])
        bands = [f"b:{band}:{k.hex()}" for band, k in stage.band_keys(it)]
        cands: dict[str, str] = {}
        for b in bands:
            for d, day in found.get(b, ()):
                cands[d] = day
        want = [d for d in cands if d not in stored_shingles and d in stored]
        if want:
            for d, rec in reader.records(want).items():
                stored_shingles[d] = set(_unpack(rec.shingles))
        mine = shingles_of(it.id)
        match = None
        for d in sorted(cands, key=lambda d: (cands[d], d)):
            if stage.confirmed(mine, shingles(d)):
                match = d
                break
        if match is not None:
            out[it.id] = root(match)
            continue
        for b in bands:
            found[b] = [*found.get(b, ()), [it.id, it.key[0]]]  # (a new list: the read one is shared)
            rows[b] = dumps(found[b])
    return out


def _unpack(packed: bytes | None) -> list[int]:
    return list(array("I", packed)) if packed else []


def _continue(
    clusterer: StoryClusterer,
    originals: list[StoryItem],
    names: list[str],
    meta: dict[str, Any],
    reader: StateReader,
    rows: dict[str, str],
) -> tuple[dict[str, int], Any, Callable[[int], str], Callable[[int], str]]:
    """The clustering pass continued with ``originals`` (their terms interned in ``names``): each
    one's story (by the pass's index), the pass, and the key names of its term and entity ints."""

    cfg = clusterer.config
    order = sorted(range(len(originals)), key=lambda i: originals[i].processing_key())
    items = [originals[i] for i in order]
    feats, vocab, entity_df, entity_ids = clusterer._prepare(items, names)
    vocab_keys: list[Any] = [None] * len(vocab.df)
    for k, vid in vocab.ids.items():
        vocab_keys[vid] = k
    extra_terms: dict[str, int] = {}  # terms of stored centroids that no new document has
    extra_names: list[str] = []
    term_ids = {names[k] if isinstance(k, int) else str(k): vid for k, vid in vocab.ids.items()}
    ent_names = [""] * len(entity_ids)
    for e, i in entity_ids.items():
        ent_names[i] = e

    stored_df = reader.load(["d:" + t for t in term_ids] + ["n:" + e for e in entity_ids])
    for t, vid in term_ids.items():
        vocab.df[vid] += int(stored_df.get("d:" + t, 0))
    for e, i in entity_ids.items():
        entity_df[i] += int(stored_df.get("n:" + e, 0))
    vocab.n_docs += meta["n"]
    n = max(vocab.n_docs, 1)
    idf = vocab.idfs()
    rare_limit = max(cfg.rare_min, cfg.rare_fraction * n)
    eidf = {e: math.log((1 + n) / (1 + c)) + 1.0 for e, c in entity_df.items()}

    def term_name(t: int) -> str:
        if t >= 0:
            k = vocab_keys[t]
            return names[k] if isinstance(k, int) else str(k)
        return extra_names[-1 - t]

    def term_int(s: str) -> int:
        vid = term_ids.get(s)
        if vid is not None:
            return vid
        if s not in extra_terms:
            extra_terms[s] = -1 - len(extra_names)
            extra_names.append(s)
        return extra_terms[s]

    def ent_int(e: str) -> int:
        if e not in entity_ids:
            entity_ids[e] = len(ent_names)
            ent_names.append(e)
        return entity_ids[e]

    def ent_name(i: int) -> str:
        return ent_names[i]

    def key_name(k: int) -> str:
        return "t" + term_name(k) if k >= 0 else "e" + ent_names[-1 - k]

    stored_ids: dict[int, str] = {}

    def load(seqs: list[int]) -> dict[int, ClusterStory]:
        got = reader.load([f"s:{s}" for s in seqs])
        out = {}
        for s in seqs:
            obj = got[f"s:{s}"]
            stored_ids[s] = obj["id"]
            out[s] = _story_from(obj, term_int, ent_int)
        return out

    stories = _Stories(meta["n_stories"], load)
    stories.stored_ids = stored_ids  # type: ignore[attr-defined]
    run = ClusterPass(clusterer, vocab, idf, entity_df, eidf, rare_limit, stories=stories)
    run.next_first = meta["next_first"]
    stored_dated: dict[int, set[int]] = {}  # key -> the stored stories its dated postings name
    run.adopt = undated_adopter(clusterer, run, stored_dated, meta["n_stories"])  # (corpus/undated_join.py)
    # the stored postings of every key a new document blocks by
    doc_keys: set[int] = set()
    blocking: list[list[int]] = []  # each document's blocking keys (its candidates' postings)
    for f in feats:
        ranked = ranked_terms(tfidf(dict(zip(f.terms, f.counts, strict=True)), idf, cfg.top_terms))
        keys = clusterer._keys(ranked, f.entities, vocab, entity_df, rare_limit, eidf)
        blocking.append(keys)
        doc_keys.update(keys)
        doc_keys.update(clusterer._alone_keys(ranked, f.entities, vocab, entity_df))
    named = {key_name(k): k for k in doc_keys}
    postings = reader.load(["k:" + k for k in named])
    for name, k in named.items():
        obj = postings.get("k:" + name)
        if obj is None:
            continue
        for b, seqs in obj["d"].items():
            run.dated_index[(k, int(b))] = list(seqs)
        run.free_index[k] = list(obj["f"])
        stored_dated[k] = {s for seqs in obj["d"].values() for s in seqs}
    joined: dict[str, int] = {}
    for f, keys in zip(feats, blocking, strict=True):
        stories.prefetch(clusterer._candidates(keys, f, run.dated_index, run.free_index))
        joined[f.id] = run.step(f)
    # the postings of the new documents' keys, as the pass left them
    by_key: dict[int, dict[str, list[int]]] = {}
    for (kk, b), seqs in run.dated_index.items():
        if seqs and kk in doc_keys:
            by_key.setdefault(kk, {})[str(b)] = list(seqs)
    for name, k in named.items():
        d = by_key.get(k, {})
        f_ = list(run.free_index.get(k, ()))
        if d or f_:
            rows["k:" + name] = dumps({"d": d, "f": f_})
    for t, vid in term_ids.items():
        rows["d:" + t] = str(vocab.df[vid])
    for e in list(entity_ids)[: len(entity_df)]:
        i = entity_ids[e]
        if i in entity_df:
            rows["n:" + e] = str(entity_df[i])
    return joined, run, term_name, ent_name


def _term_df(run: Any, term_name: Callable[[int], str], reader: StateReader, terms: set[str]) -> Counter[str]:
    """The document frequency of ``terms`` over the store and the new documents."""
    known: dict[str, int] = {}
    for vid in run.vocab.ids.values():
        known[term_name(vid)] = run.vocab.df[vid]
    missing = [t for t in terms if t not in known]
    got = reader.load(["d:" + t for t in missing])
    out: Counter[str] = Counter({t: known.get(t, 0) for t in terms if t in known})
    for t in missing:
        out[t] = int(got.get("d:" + t, 0))
    return out
