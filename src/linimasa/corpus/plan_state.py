"""The plan state: what a full plan leaves in the store for a later run to continue
(:mod:`linimasa.corpus.increment`; docs/incremental.md): keyed JSON values (stored packed in
shards of a key prefix each, :mod:`linimasa.store.state_shards`).

``entities`` the entity aggregator's counts and links; ``d:TERM`` / ``n:ENTITY`` document
frequencies; ``x:KEY`` / ``b:BAND:KEY`` the duplicate index (exact-text keys, the group
starters' LSH buckets); ``s:N`` the clustering pass's stories and ``k:KEY`` its postings;
``p:STORY`` the stories' thread profiles and ``q:ENTITY`` the stories of each central actor;
``meta`` the counts that go with them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from linimasa.corpus.clustering import ClusterStory, StoryClusterer
from linimasa.corpus.duplicates import DupItem
from linimasa.corpus.entities import EntityAggregator
from linimasa.corpus.plan import CorpusPlan
from linimasa.corpus.records import DocRecord
from linimasa.corpus.threads import StoryProfile, ThreadConfig

STATE_VERSION = 2  # (2: the values packed in shards, store/state_shards.py)
PROFILE_POSTING = 16  # stories kept per central actor for threading (the most recent)


def _iv(v: tuple[dt.date, dt.date] | None) -> list[str] | None:
    return [v[0].isoformat(), v[1].isoformat()] if v is not None else None


def _vi(v: list[str] | None) -> tuple[dt.date, dt.date] | None:
    return (dt.date.fromisoformat(v[0]), dt.date.fromisoformat(v[1])) if v else None


# -- what a full plan leaves ----------------------------------------------------------------------


@dataclass
class PassState:
    """What :func:`linimasa.corpus.plan.plan_corpus` keeps for :func:`full_state`."""

    aggregator: EntityAggregator
    clusterer: StoryClusterer
    names: list[str]
    seq_ids: list[str]  # the story of each of the pass's stories, by its index
    lsh: list[dict[bytes, list[str]]] | None = None  # the duplicate index's buckets (group starters)
    lang: str | None = None
    # the duplicate blocks (``x:``, ``b:``) packed already, by the process that ran the duplicate pass
    # (jobs.local.duplicates_task): yielded as they are, instead of built from ``lsh``
    dup_blocks: Any = None


def _story_json(s: ClusterStory, sid: str, term: Callable[[int], str], entity: Callable[[int], str]) -> dict[str, Any]:
    return {
        "id": sid,
        "first": s.first,
        "m": len(s.members),
        "c": {term(t): round(w, 7) for t, w in s.centroid.items()},
        "e": {entity(e): round(w, 7) for e, w in s.entities.items()},
        "span": _iv(s.span),
        "rep": _iv(s.reported),
        "compact": s.compact,
        "ev": [_iv(e) for e in s.events],
        "series": s.series,
        "cands": [c.isoformat() for c in s.cands],
    }


def _story_from(obj: dict[str, Any], term: Callable[[str], int], entity: Callable[[str], int]) -> ClusterStory:
    s = ClusterStory(first=obj["first"], members=[-1] * obj["m"])
    s.centroid = {term(t): w for t, w in obj["c"].items()}
    s.norm = math.sqrt(sum(w * w for w in s.centroid.values()))
    s.entities = {entity(e): w for e, w in obj["e"].items()}
    s.entity_norm = math.sqrt(sum(w * w for w in s.entities.values()))
    s.span, s.reported, s.compact = _vi(obj["span"]), _vi(obj["rep"]), obj["compact"]
    s.events = [_vi(e) for e in obj["ev"]]  # type: ignore[misc]
    s.series = obj["series"]
    s.cands = [dt.date.fromisoformat(c) for c in obj["cands"]]
    return s


def dup_blocks(items: list[DupItem], lsh: list[dict[bytes, list[str]]] | None) -> Iterator[dict[str, Any]]:
    """The duplicate index's blocks of the state: ``x:`` the exact-text keys of ``items`` (the run's
    duplicate items, in input order), ``b:`` the group starters' LSH buckets ``lsh``."""
    keys = {it.id: it.key[0] for it in items}
    exact: dict[str, Any] = {}
    for it in sorted(items, key=lambda it: it.key):
        if it.exact is not None and it.minhash is not None:
            exact.setdefault("x:" + it.exact.hex(), [it.id, it.key[0]])
    yield exact
    buckets: dict[str, Any] = {}
    for band, table in enumerate(lsh or ()):
        head = f"b:{band}:"
        for key, ids in table.items():
            buckets[head + key.hex()] = [[i, keys[i]] for i in ids]
    yield buckets


def full_state(
    plan: CorpusPlan, state: PassState, records: list[DocRecord], renamed: dict[str, str], window: Any
) -> Iterator[dict[str, Any]]:
    """The whole plan state after ``plan`` (``renamed``: planned story id -> the id kept): its
    keyed JSON values, in blocks of one key prefix each (built one at a time, for
    :func:`linimasa.store.state_shards.pack_state`)."""

    run = state.clusterer.last_pass
    if run is None:
        return
    vocab_keys: list[Any] = [None] * len(run.vocab.df)
    for k, vid in run.vocab.ids.items():
        vocab_keys[vid] = k
    names = state.names
    ent_names = [""] * len(state.clusterer.last_entities)
    for e, i in state.clusterer.last_entities.items():
        ent_names[i] = e
    terms = [names[k] if isinstance(k, int) else str(k) for k in vocab_keys]

    def key_name(k: int) -> str:
        return "k:t" + terms[k] if k >= 0 else "k:e" + ent_names[-1 - k]

    yield {"d:" + t: df for t, df in zip(terms, run.vocab.df, strict=True)}
    yield {"n:" + ent_names[e]: df for e, df in run.entity_df.items()}
    # (the pass's own lists, not copies, and its integer buckets: JSON text makes them strings;
    # the block is packed before anything changes them)
    key_names: dict[int, str] = {}
    postings: dict[str, dict[str, Any]] = {}
    for (k, b), seqs in run.dated_index.items():
        if seqs:
            name = key_names.get(k)
            if name is None:
                name = key_names[k] = key_name(k)
            entry = postings.get(name)
            if entry is None:
                entry = postings[name] = {"d": {}, "f": []}
            entry["d"][b] = seqs
    for k, seqs in run.free_index.items():
        if seqs:
            name = key_names.get(k) or key_name(k)
            entry = postings.get(name)
            if entry is None:
                entry = postings[name] = {"d": {}, "f": []}
            entry["f"] = seqs
    yield postings
    postings, key_names = {}, {}  # (not held while the next blocks are built)
    stories: dict[str, Any] = {}
    term, entity = terms.__getitem__, ent_names.__getitem__
    for seq, s in enumerate(run.stories):
        sid = state.seq_ids[seq]
        stories[f"s:{seq}"] = _story_json(s, renamed.get(sid, sid), term, entity)
    yield stories
    stories = {}
    if plan.assigned is not None:
        profiles: dict[str, Any] = {}
        posting: dict[str, list[str]] = {}
        actors = ThreadConfig().actor_prefixes  # (an instance's: the class of a compiled dataclass has no defaults)
        for p in sorted(plan.assigned.profiles, key=lambda p: (p.start or dt.date.max, p.id)):
            sid = renamed.get(p.id, p.id)
            profiles["p:" + sid] = _profile_json(p, sid)
            for e in p.entities:
                if e.startswith(actors):
                    posting.setdefault(e, []).append(sid)
        yield profiles
        profiles = {}
        yield {"q:" + e: sids[-PROFILE_POSTING:] for e, sids in posting.items()}
    if state.dup_blocks is not None:
        yield state.dup_blocks
    else:
        yield from dup_blocks([r.dup for r in records], state.lsh)
    yield {
        "meta": {
            "version": STATE_VERSION,
            "n": run.vocab.n_docs,
            "next_first": run.vocab.n_docs,
            "n_stories": len(run.stories),
            "window": list(window) if window else None,
            "lang": state.lang,
        }
    }


def _profile_json(p: StoryProfile, sid: str) -> dict[str, Any]:
    return {
        "id": sid,
        "title": p.title,
        "start": p.start.isoformat() if p.start else None,
        "end": p.end.isoformat() if p.end else None,
        "entities": p.entities,
        "terms": p.terms,
        "refs": [_iv(r) for r in p.refs],
        "size": p.size,
        "series": p.series,
    }


def _profile_from(obj: dict[str, Any]) -> StoryProfile:
    return StoryProfile(
        id=obj["id"],
        title=obj["title"],
        start=_day(obj["start"]),
        end=_day(obj["end"]),
        entities=dict(obj["entities"]),
        terms=dict(obj["terms"]),
        refs=[_vi(r) for r in obj["refs"]],  # type: ignore[misc]
        size=obj["size"],
        series=obj["series"],
    )


def _day(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None
