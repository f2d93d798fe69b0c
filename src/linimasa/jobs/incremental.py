"""A run that adds to a store: the corpus decisions over everything the store holds, only the
stories the new documents touch finalised again (docs/incremental.md).

Phase 1 of a run analyses what is new or changed and keeps every document's corpus record in
the store (``doc_records``). Before the plan, :func:`add_stored_records` adds the stored
records of the documents the run did not read, so the plan (entity links, duplicates,
stories, threads) is taken over the union, as one run over every input would take it. Then
:func:`reconcile` compares the plan with what the store held:

* a planned story that holds stored documents keeps the id of the stored story of its
  earliest stored member (canonical order: publication date, then id), so stories keep their
  ids as they grow, and a story that new articles bridge with another keeps the id of the one
  whose member is earliest; a story of new documents only gets the usual id (a hash of its
  earliest member);
* a story is *touched* when it holds a new or changed document, or its members or their
  ``duplicate_of`` differ from the stored ones; only touched stories are finalised (story
  dates, undated members re-dated from the story, timeline, summary);
* an untouched story is read back from the store (its thread set anew, since threads are
  taken again over every story).
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from linimasa import __version__
from linimasa.corpus.entity_state import FORMAT_KEY, entity_blocks
from linimasa.corpus.increment import Increment
from linimasa.corpus.kept_dates import KeptDates
from linimasa.corpus.plan import CorpusBuilder, CorpusPlan
from linimasa.corpus.plan_state import STATE_VERSION, PassState, full_state
from linimasa.corpus.records import DocRecord, document_record, record_from_json, record_object, record_to_json
from linimasa.corpus.stories import story_id
from linimasa.corpus.threads import refresh_threads
from linimasa.corpus.timeline import event_terms
from linimasa.entities.corrections import config_path
from linimasa.jobs.finalise import StreamResult
from linimasa.jobs.thread_merge import merge_threads
from linimasa.jsontext import dumps, loads
from linimasa.model import Document, Entity, Story, Thread, TimelineEvent
from linimasa.store.database import Store
from linimasa.store.state_shards import PackedState, StateError, group_keys, pack_state

# how many stored analyses are turned into records per batch (a store from before version 5)
BACKFILL_BATCH = 256


def record_row(rec: DocRecord) -> dict[str, Any]:
    """The ``doc_records`` row of a fresh record (mentions and shingles still on it)."""
    return {"id": rec.id, "data": record_text(rec)}


def record_text(rec: DocRecord) -> str:
    """:func:`record_to_json`'s object as JSON text, the same text, without making its values plain
    first: orjson writes tuples as arrays and dates as ISO days itself (the run's main process
    writes one record per document). What orjson refuses goes the general way (:func:`dumps`)."""
    try:
        return orjson.dumps(record_object(rec)).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return dumps(record_to_json(rec))


def add_stored_records(
    store: Store,
    builder: CorpusBuilder,
    run_ids: set[str],
    on_shingles: Callable[[str, bytes | None], None],
) -> list[str]:
    """Add to ``builder`` the records of the stored documents not in ``run_ids`` (after the run's
    own, numbered on from them); ``on_shingles(id, packed)`` takes each one's shingle hashes.
    A stored document without a record (a store written before version 5, an API ingest) gets
    one from its stored analysis, saved for the next run. Returns their ids, by id."""
    index = max((r.index for r in builder.records), default=-1) + 1
    added: list[str] = []

    def add(rec: DocRecord) -> None:
        nonlocal index
        rec.index = index
        index += 1
        on_shingles(rec.id, rec.shingles)
        builder.add(rec)
        added.append(rec.id)

    for text in store.iter_records(run_ids):
        add(record_from_json(loads(text)))
    missing = sorted(set(store.document_ids()) - run_ids - set(added))
    for i in range(0, len(missing), BACKFILL_BATCH):
        chunk = missing[i : i + BACKFILL_BATCH]
        stored = store.load_analysis_json(chunk)
        recs = [document_record(Document.from_json(loads(stored[d])), with_shingles=True) for d in chunk if d in stored]
        store.save_records([record_row(r) for r in recs])
        for r in recs:
            add(r)
    order = {d: k for k, d in enumerate(sorted(added))}
    added.sort(key=order.__getitem__)
    return added


@dataclass
class Reconciled:
    """What :func:`reconcile` decided: the plan restricted to the touched stories, and the rest."""

    plan: CorpusPlan  # its ``stories`` only the touched ones (renamed); ``members`` every document
    kept: list[Story] = field(default_factory=list)  # untouched stories, read back from the store
    renamed: dict[str, str] = field(default_factory=dict)  # planned id -> the id kept
    threads_before: dict[str, str | None] = field(default_factory=dict)  # kept story -> its stored thread
    langs: dict[str, str | None] = field(default_factory=dict)  # language of each kept story's members
    order: dict[str, int] = field(default_factory=dict)  # story id -> its place in the plan's order


def reconcile(
    plan: CorpusPlan,
    store: Store,
    changed: set[str],
    state: dict[str, tuple[str | None, str | None, str | None]],
    keys: dict[str, tuple[str, str]],
    langs: dict[str, str | None],
) -> Reconciled:
    """Compare ``plan`` (over the whole store) with what the store held (``state``:
    :meth:`Store.final_state` before the run): story ids kept, the touched stories left in
    the plan, the others read back. ``changed``: the documents this run analysed (new or
    changed); ``keys``: each document's canonical key (publication day, id); ``langs``: its language."""
    old_members: dict[str, set[str]] = {}
    for doc_id, (sid, _dup, _pub) in state.items():
        if sid:
            old_members.setdefault(sid, set()).add(doc_id)

    # each planned story's claim: the stored story of its earliest stored member
    claims = []
    for s in plan.stories:
        stored = [d for d in s.documents if d not in changed and state.get(d, (None,))[0]]
        if stored:
            first = min(stored, key=keys.__getitem__)
            claims.append((keys[first], s, state[first][0]))
    taken: set[str] = set()
    kept_id: dict[int, str] = {}  # id(planned story) -> the stored id it keeps
    for _key, s, old in sorted(claims, key=lambda c: c[0]):
        if old not in taken:
            taken.add(old)  # type: ignore[arg-type]
            kept_id[id(s)] = old  # type: ignore[assignment]
    renamed: dict[str, str] = {}
    used = set(taken)
    for s in plan.stories:
        new_id = kept_id.get(id(s))
        if new_id is None:
            new_id = s.id
            k = 0
            while new_id in used:  # its own id is kept by another story (one of its members' story)
                k += 1
                new_id = story_id(f"{s.documents[0]}~{k}")
            used.add(new_id)
        if new_id != s.id:
            renamed[s.id] = new_id
    for s in plan.stories:
        if s.id in renamed:
            s.id = renamed[s.id]
            for d in s.documents:
                plan.members[d].story = s.id
    for t in plan.threads:
        t.stories = [renamed.get(x, x) for x in t.stories]
        for link in t.links:
            for k in ("story", "to"):
                if link.get(k) in renamed:
                    link[k] = renamed[link[k]]

    touched, untouched = [], []
    for s in plan.stories:
        same = (
            old_members.get(s.id) == set(s.documents)
            and not changed.intersection(s.documents)
            and all(plan.members[d].duplicate_of == state[d][1] for d in s.documents)
        )
        (untouched if same else touched).append(s)
    # ... and a story whose members' entities the new documents relinked or renamed
    relinked = _relinked(plan, store, [d for s in untouched for d in s.documents])
    touched += [s for s in untouched if relinked.intersection(s.documents)]
    untouched = [s for s in untouched if not relinked.intersection(s.documents)]
    stored_json = store.load_objects("stories", [s.id for s in untouched])
    kept = []
    before: dict[str, str | None] = {}
    for s in untouched:
        text = stored_json.get(s.id)
        story = story_from_json(loads(text)) if text is not None else None
        if story is None or set(story.documents) != set(s.documents):
            # (not stored, or stored with other members: a run interrupted between its documents
            # and its stories, or after a member's new analysis dropped its final object)
            touched.append(s)
            continue
        before[story.id] = story.thread
        story.thread = s.thread
        kept.append(story)
    order = {s.id: k for k, s in enumerate(plan.stories)}
    touched.sort(key=lambda s: order[s.id])
    plan.stories = touched
    return Reconciled(plan, kept, renamed, before, langs, order)


def _relinked(plan: CorpusPlan, store: Store, ids: list[str]) -> set[str]:
    """Those of the stored documents ``ids`` whose entity ids or names the plan changes: an
    id linked to another (a surname to the full name a new article gives), or an entity whose
    display name is now another."""
    if not ids:
        return set()
    table = plan.entities
    now = {e.id: e.name for e in table.entities}
    before = store.entity_names()
    renamed = {e for e, name in now.items() if e in before and before[e] != name}
    stored = store.entity_refs(ids)
    out = set()
    for d in ids:
        current = {table.final_id(e) for e in plan.entity_ids.get(d, ())}
        if current != stored[d] or not renamed.isdisjoint(current):
            out.add(d)
    return out


def story_from_json(obj: dict[str, Any]) -> Story:
    """The :class:`Story` of a stored story object (``stories.jsonl``'s)."""
    return Story(
        id=obj["id"],
        title=obj["title"],
        documents=list(obj["documents"]),
        start=obj.get("start"),
        end=obj.get("end"),
        entities=list(obj.get("entities") or ()),
        summary=[dict(x) for x in obj.get("summary") or ()],
        timeline=[TimelineEvent(**e) for e in obj.get("timeline") or ()],
        thread=obj.get("thread"),
        why=dict(obj.get("why") or {}),
    )


def keep_stories(
    recon: Reconciled,
    collect: Any,
    state: dict[str, tuple[str | None, str | None, str | None]],
    store: Store,
    run_id: int,
) -> None:
    """Hand the untouched stories to ``collect`` (a :class:`~linimasa.jobs.finalise.FinalCollector`,
    after its last flush) as if finalised: their event terms, their members' stored dates;
    those whose thread changed are stored again."""
    langs = recon.langs
    moved = [s for s in recon.kept if s.thread != recon.threads_before.get(s.id)]
    if moved:
        store.save_final_rows([], [], [], moved, run_id)
    stored_terms = store.load_story_terms([s.id for s in recon.kept])
    for s in recon.kept:
        for d in s.documents:
            collect.published_by_id.setdefault(d, state[d][2])
        bags = stored_terms.get(s.id)
        collect.bags[s.id] = bags if bags is not None and len(bags) == len(s.timeline) else event_terms(s, langs)
    if recon.kept:
        collect.stories.extend(recon.kept)
        collect.stories.sort(key=lambda s: recon.order[s.id])  # the plan's order, as one run writes them


def plan_fingerprint(store: Store) -> str:
    """What a plan depends on besides the code: the stored documents and the entity corrections
    in effect (``--entities-config``).

    The documents are their number, not a hash of every id and content hash (which read every
    document row on each run): documents are never deleted, a new one adds to the number, and
    a changed one clears the plan marker in the transaction that stores its new analysis
    (:meth:`Store.save_analysis_rows`), so a marker that stands with the same number names the
    documents the store holds."""
    return f"{store.count('documents')}:{config_fingerprint()}"


def mark_planned(store: Store, fingerprint: str, result: StreamResult, duplicates: int, whole: bool = True) -> None:
    """Record that the store's final rows are the plan over ``fingerprint``'s documents, for
    :func:`read_back` (and how many of them are copies, for the next run's summary); with ``whole``
    (the result holds every stored story and entity) the order they were written in, else none
    (read back by start and id, entities by documents)."""
    marker = {
        "fingerprint": fingerprint,
        "config": config_fingerprint(),
        "duplicates": duplicates,
        "stories": [s.id for s in result.stories] if whole else None,
        "entities": [e.id for e in result.entities] if whole else None,
    }
    store.set_plan_marker(dumps(marker))


def planned_duplicates(store: Store) -> int:
    """How many stored documents the last plan made copies (``duplicate_of``), from its marker."""
    text = store.plan_marker()
    n = loads(text).get("duplicates") if text is not None else None
    return int(n) if n is not None else store.count_duplicates()


def read_back(store: Store, run_ids: list[str], fingerprint: str, report_documents: int) -> StreamResult | None:
    """The result of a run that read nothing new, read back from the store, when the last complete
    run's plan was taken over exactly the documents the store holds now (and no final row was
    written since); None otherwise (the run plans)."""
    text = store.plan_marker()
    if text is None:
        return None
    marker = loads(text)
    if marker.get("fingerprint") != fingerprint:
        return None
    in_run = set(run_ids)
    ids = sorted(set(store.document_ids()) - in_run) + run_ids
    if marker.get("stories") is None:  # (an ingest's marker: no order kept, the continued run's order)
        stories = [story_from_json(loads(t)) for t in store.iter_objects("stories")]
        stories.sort(key=lambda s: (s.start or "9999", s.id))
        entities = [Entity(**loads(t)) for t in store.iter_objects("entities")]
        entities.sort(key=lambda e: (-e.documents, e.id))
        marker["stories"] = [s.id for s in stories]
    else:
        story_json = store.load_objects("stories", marker["stories"])
        entity_json = store.load_objects("entities", marker["entities"])
        if len(story_json) != len(marker["stories"]) or len(entity_json) != len(marker["entities"]):
            return None
        stories = [story_from_json(loads(story_json[i])) for i in marker["stories"]]
        entities = [Entity(**loads(entity_json[i])) for i in marker["entities"]]
    threads = refresh_threads([Thread(**loads(t)) for t in store.iter_objects("threads")], stories)
    columns = store.document_rows(ids)
    rows = [
        {k: columns[i][k] for k in ("id", "title", "outlet", "published", "lang", "story", "duplicate_of")} for i in ids
    ]
    langs = {i: columns[i]["lang"] for i in ids}
    terms = store.load_story_terms(marker["stories"])
    bags = {
        s.id: b if (b := terms.get(s.id)) is not None and len(b) == len(s.timeline) else event_terms(s, langs)
        for s in stories
    }
    shown_ids = ids[:report_documents]
    shown = {i: loads(t) for i, t in zip(shown_ids, store.iter_data(shown_ids), strict=True)}
    return StreamResult(ids, stories, entities, langs, rows, shown, bags, threads, added=list(run_ids))


# -- continuing the last plan (corpus.increment): the cost proportional to what is new ------------


def config_fingerprint() -> str:
    """What a plan depends on besides the documents: the entity corrections, linimasa's version."""
    path = config_path()
    extra = Path(path).read_bytes() if path and Path(path).is_file() else b""
    return hashlib.sha256(extra + __version__.encode()).hexdigest()


def can_continue(store: Store) -> bool:
    """Whether the store's final rows are the last complete plan's over every document it holds
    (its marker stands, no final row or document written since), taken with the same corrections
    and version, and its state kept: then a run that only adds documents continues that plan
    instead of planning the whole store again."""
    text = store.plan_marker()
    if text is None or loads(text).get("fingerprint") != plan_fingerprint(store):
        return False
    try:
        head = store.load_state(["meta", FORMAT_KEY])
    except StateError:  # (a damaged state: plan over the whole store, which writes it anew)
        return False
    meta = head.get("meta")
    return isinstance(meta, dict) and meta.get("version") == STATE_VERSION and FORMAT_KEY in head


# (the fields of a record that StoreReader.story_records leaves unread)
_NO_PARTS = {k: None for k in ("lang", "outlet", "title", "published", "published_from", "shingles")}
_NO_PARTS.update(source="", mentions=[])


class StoreReader:
    """:class:`~linimasa.corpus.increment.StateReader` over a store. The plan state is read by
    shard (store/state_shards.py); the shards last read are kept parsed, up to ``KEPT_BYTES`` of
    their JSON text, since the passes read the keys of one shard in several calls (a story's
    candidates, one document at a time; the entity rows of the names near each changed one). The
    values returned are those of the kept shards, not copies: the plan does not change them."""

    # (a 100-document ingest at 101,000 documents reads about 10 MB of shards: with 4 MB kept, 916 of
    # its 14,315 shard reads were of shards read before and let go)
    KEPT_BYTES = 16 << 20

    def __init__(self, store: Store, token: str | None = None) -> None:
        self.store = store
        self.token = token  # (the whole write of the state the run found continuable)
        self.layout: dict[str, int] | None = None
        self.shards: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.sizes: dict[str, int] = {}
        self.kept = 0  # (bytes of JSON text of the shards kept)

    def load(self, keys: list[str]) -> dict[str, Any]:
        if self.layout is None:
            layout, token = self.store.state_head()
            if self.token is not None and token != self.token:
                raise StateError("plan state written anew by another run meanwhile")
            self.layout = layout or {}
        want = group_keys(keys, self.layout)
        missing = sorted(n for n in want if n not in self.shards)
        sizes: dict[str, int] = {}
        got = self.store.load_state_shards(missing, sizes) if missing else {}
        out: dict[str, Any] = {}
        for name, ks in want.items():
            shard = got.get(name)
            if shard is None:
                shard = self.shards.get(name)
                if shard is None:
                    continue  # (no row: none of its keys has a value)
                self.shards.move_to_end(name)
            else:
                self.shards[name] = shard
                self.sizes[name] = sizes.get(name, 0)
                self.kept += self.sizes[name]
            for k in ks:
                if k in shard:
                    out[k] = shard[k]  # (the parsed value itself: readers do not change it)
        while self.kept > self.KEPT_BYTES and len(self.shards) > 1:
            name, _shard = self.shards.popitem(last=False)
            self.kept -= self.sizes.pop(name, 0)
        return out

    def close(self) -> None:
        """Let the parsed shards go (the plan is taken; the reader may outlive it in a cycle)."""
        self.shards.clear()
        self.sizes.clear()
        self.kept = 0
        self.layout = None

    def records(self, ids: list[str]) -> dict[str, DocRecord]:
        out: dict[str, DocRecord] = {}
        texts = self.store.load_records(ids)
        missing = [i for i in ids if i not in texts]
        for i, t in texts.items():
            out[i] = record_from_json(loads(t))
        if missing:  # (a store from before version 5: built from the stored analysis, kept for the next run)
            stored = self.store.load_analysis_json(missing)
            recs = [
                document_record(Document.from_json(loads(stored[d])), with_shingles=True)
                for d in missing
                if d in stored
            ]
            self.store.save_records([record_row(r) for r in recs])
            out.update({r.id: r for r in recs})
        return out

    def story_records(self, ids: list[str]) -> dict[str, DocRecord]:
        """:meth:`records` with only what a story is assembled from: the story item and the speakers
        (no mentions, shingles or MinHash signature, which the store leaves unparsed)."""
        parts = self.store.load_record_parts(ids)
        if parts is None:
            return self.records(ids)
        out: dict[str, DocRecord] = {}
        for i, (story, speakers) in parts.items():
            parsed = {"id": i, "story": loads(story), "speakers": loads(speakers) if speakers is not None else []}
            out[i] = record_from_json({**_NO_PARTS, **parsed, "dup": [["", i], None, None]})
        missing = [i for i in ids if i not in parts]
        if missing:  # (a store from before version 5: built from the stored analyses)
            out.update(self.records(missing))
        return out

    def members(self, story_ids: list[str]) -> dict[str, list[str]]:
        return self.store.story_members(story_ids)

    def with_entities(self, entity_ids: list[str]) -> set[str]:
        return self.store.documents_with_entities(entity_ids)

    def scores(self, ids: list[str]) -> dict[str, float | None]:
        return self.store.story_scores(ids)

    def final(self, ids: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        return self.store.final_of(ids)


def continued(store: Store, inc: Increment, whole: bool = True) -> Reconciled:
    """The :class:`Reconciled` of a continued plan: its stories the touched ones (stored ones keep
    their thread), every other stored story read back as it is (without ``whole``: only those the
    threading looked at, and only their threads and the touched stories' are read)."""
    plan = inc.plan
    touched = {s.id for s in plan.stories}
    # (a continued plan: its tasks keep the dates their stories gave stored members, corpus.kept_dates,
    # taken from the stored final objects they read)
    plan.kept_dates = KeptDates()
    before = store.load_objects("stories", sorted(touched))
    for s in plan.stories:
        if s.id in before:
            s.thread = loads(before[s.id]).get("thread")
    if whole:
        rest = sorted(set(store.story_ids()) - touched)
    else:
        rest = sorted({x for g in inc.thread_groups for x in g.stories} - touched)
    texts = store.load_objects("stories", rest)
    kept = [story_from_json(loads(texts[i])) for i in rest if i in texts]
    if whole:
        threads = [Thread(**loads(t)) for t in store.iter_objects("threads")]
    else:
        wanted = sorted({s.thread for s in [*plan.stories, *kept] if s.thread})
        threads = [Thread(**loads(t)) for t in store.load_objects("threads", wanted).values()]
    before_threads = {s.id: s.thread for s in kept}
    plan.threads = merge_threads(threads, plan.stories, kept, inc)
    every = sorted([*plan.stories, *kept], key=lambda s: (s.start or "9999", s.id))
    order = {s.id: k for k, s in enumerate(every)}
    return Reconciled(plan, kept, {}, before_threads, {}, order)


def continued_result(
    store: Store,
    ids: list[str],
    run_ids: list[str],
    plan: CorpusPlan,
    collect: Any,
    report_documents: int,
    whole: bool = True,
    gone: set[str] | frozenset[str] = frozenset(),
) -> StreamResult:
    """The write phase's input after a continued plan: the store's rows as they now stand (without
    ``whole``: the run's documents, the stories it finalised and the threads they are in only, and
    the entities it changed). ``gone``: the entities now linked to another."""
    if not whole:
        columns = store.document_rows(run_ids)
        rows = [{k: columns[i][k] for k in _ROW_KEYS} for i in run_ids if i in columns]
        # a thread's span and order are taken again over all its stories: those it holds, as stored
        in_threads = store.stories_in_threads(sorted(t.id for t in plan.threads))
        final = {i: story_from_json(loads(t)) for i, t in in_threads.items()}
        final.update((s.id, s) for s in collect.stories)
        threads = refresh_threads(plan.threads, list(final.values()))
        return StreamResult(
            list(run_ids),
            collect.stories,
            plan.entities.entities,
            {i: columns[i]["lang"] for i in columns},
            rows,
            {},
            collect.bags,
            threads,
            added=list(run_ids),
        )
    columns = store.document_rows(ids)
    rows = [
        {k: columns[i][k] for k in ("id", "title", "outlet", "published", "lang", "story", "duplicate_of")}
        for i in ids
        if i in columns
    ]
    langs = {i: columns[i]["lang"] for i in columns}
    shown = dict(collect.texts)
    want = [i for i in ids[:report_documents] if i not in shown]
    shown.update({i: loads(t) for i, t in zip(want, store.iter_data(want), strict=True)})
    threads = refresh_threads(plan.threads, collect.stories)
    # every entity: the stored ones, those the plan changed in their place (it names only those)
    entities = {e.id: e for e in (Entity(**loads(t)) for t in store.iter_objects("entities")) if e.id not in gone}
    entities.update((e.id, e) for e in plan.entities.entities)
    every = sorted(entities.values(), key=lambda e: (-e.documents, e.id))
    return StreamResult(ids, collect.stories, every, langs, rows, shown, collect.bags, threads, added=list(run_ids))


_ROW_KEYS = ("id", "title", "outlet", "published", "lang", "story", "duplicate_of")


def plan_state_rows(
    plan: CorpusPlan, records: list[DocRecord], names: list[str], renamed: dict[str, str], buckets: Any
) -> PackedState:
    """The whole plan state after a full plan (:func:`~linimasa.corpus.plan_state.full_state`),
    packed for the store."""
    if plan.assigned is None or plan.assigned.clusterer is None or plan.aggregator is None:
        return PackedState()
    langs = Counter(r.lang for r in records if r.lang)
    packed = isinstance(buckets, PackedState)  # (the duplicate blocks, packed by the worker that ran the pass)
    state = PassState(
        plan.aggregator,
        plan.assigned.clusterer,
        names,
        plan.assigned.seq_ids,
        None if packed else buckets,
        langs.most_common(1)[0][0] if langs else None,
        buckets if packed else None,
    )
    # the entity tables kept name by name (corpus.entity_state: a continued run reads only the
    # names it needs), after the rest of the state
    blocks = chain(
        full_state(plan, state, records, renamed, plan.window), entity_blocks(plan.aggregator, plan.entities)
    )
    return pack_state(blocks)


def reconcile_whole(
    plan: CorpusPlan,
    store: Store,
    changed: set[str],
    state: dict,
    records: list[DocRecord],
    names: list[str],
    buckets: Any,
    summary: Any,
) -> Reconciled:
    """After a plan over the whole store: the summary's counts, :func:`reconcile`, the whole state written."""
    summary.entities, summary.stories = len(plan.entities.entities), len(plan.stories)
    summary.duplicates = plan.duplicates
    langs = {r.id: r.lang for r in records}
    recon = reconcile(plan, store, changed, state, {r.id: r.story.canonical_key() for r in records}, langs)
    store.save_state(plan_state_rows(plan, records, names, recon.renamed, buckets))  # (the marker removed with it)
    plan.assigned = plan.aggregator = None  # (not held while the stories are finalised)
    return recon
