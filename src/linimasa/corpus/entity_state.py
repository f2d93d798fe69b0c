"""The entity tables kept name by name, so that a run that adds documents links and names again
only the names its documents mention and those a link can join to them (docs/incremental.md).

A full plan leaves, beside the rest of the plan state (:mod:`linimasa.corpus.plan_state`), one row
per entity id as analysed (``a:ID``: its name counts, aliases, type, how many documents write it in
full, whether one writes it as one word, the full name it is a variant or a surname of, and, for an
entity of the table, its display name, document count and the ids linked to it), one per id the
corrections map (``c:ID``), and one per folded name word (``w:WORD``: the person ids whose full
name has the word, or whose one-word name is it).

Every link is between names that share a word: a variant shares its core, its last words or all
but one letter with the full name it goes to, a surname is a word of its full name. So
:func:`continue_entities` decides again, in the order a full pass takes them (most reported
first), the full names the new documents mention, then every full name that shares a word with
one whose link, count or name changed (the decision of :meth:`VariantIndex.main_of` over the
names before it that share a word), then the one-word names those words are; it reads only the
rows of those names and words. The decisions are those of :meth:`EntityAggregator.resolve` over
every name (tested).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from linimasa.corpus.entities import (
    EntityAggregator,
    EntityTable,
    MentionRow,
    VariantIndex,
    _core,
    canonical_name,
    name_tokens,
    name_words,
)
from linimasa.corpus.entity_cache import (
    CORRECTED,
    ROW,
    WORD,
    EntityRows,
    full_name,
    posted_words,
    summary_of,
)
from linimasa.entities.corrections import AliasTable
from linimasa.entities.gazetteer import edit_distance_at_most_one
from linimasa.jsontext import dumps
from linimasa.model import Entity

FORMAT_KEY = "e:format"  # present when the entity state is kept name by name
# 1: a word posting is the list of its person ids; 2: ``{id: summary}``, what a variant or surname
# lookup asks of each (:func:`_summary`), so the lookups read no entity row of the names they pass over
ENTITY_FORMAT = 2


def _lookup_keys(w: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word sets one of which every name ``VariantIndex.main_of`` can find for ``w`` has: its core,
    its last words, its words but one of six letters or more."""
    keys = []
    core = _core(w)
    if len(core) >= 2:
        keys.append(core)
    keys.extend(w[k:] for k in range(1, len(w) - 1))
    keys.extend(w[:k] + w[k + 1 :] for k, p in enumerate(w) if len(p) >= 6 and len(w) >= 2)
    return keys


def _dependant_keys(w: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word sets one of which every name whose lookup can find ``w`` has: its core, all its words,
    its words but one of five letters or more (one letter from a word of six)."""
    keys = [w]
    core = _core(w)
    if len(core) >= 2:
        keys.append(core)
    keys.extend(w[:k] + w[k + 1 :] for k, p in enumerate(w) if len(p) >= 5 and len(w) >= 2)
    return keys


def _could_find(w: tuple[str, ...], m: tuple[str, ...]) -> bool:
    """Whether the lookup of the full name ``w`` (its words) can find the name ``m`` (see
    :meth:`VariantIndex.main_of`): the same core, ``m`` its last words, or one letter apart in one
    word of six letters or more."""
    core = _core(w)
    if len(core) >= 2 and core == _core(m):
        return True
    if 2 <= len(m) <= len(w) - 1 and w[len(w) - len(m) :] == m:
        return True
    if len(w) == len(m) and len(w) >= 2:
        diff = [k for k in range(len(w)) if w[k] != m[k]]
        if len(diff) == 1 and len(w[diff[0]]) >= 6 and edit_distance_at_most_one(m[diff[0]], w[diff[0]]):
            return True
    return False


def entity_blocks(agg: EntityAggregator, table: EntityTable, fmt: int = ENTITY_FORMAT) -> Iterator[dict[str, Any]]:
    """The entity state after a full plan (``agg`` resolved into ``table``): its keyed JSON values,
    in blocks of one key prefix each (``a:``, ``c:``, ``w:``, then the format key), as
    :func:`linimasa.corpus.plan_state.full_state` gives the rest of the state; ``fmt``: the word
    postings' format (:data:`ENTITY_FORMAT`)."""
    variants = agg.variants
    surnames = agg.surnames
    docs = {e.id: e.documents for e in table.entities}
    sources: dict[str, list[str]] = {}
    for i in agg.names:
        link = surnames.get(i) or variants.get(i)
        if link is not None:
            sources.setdefault(link[0], []).append(i)
    rows: dict[str, Any] = {}
    posting: dict[str, list[str]] = {}
    summaries: dict[str, Any] = {}
    for i, names in agg.names.items():
        row: dict[str, Any] = {"n": names, "a": list(agg.aliases[i]), "t": agg.types[i]}
        if agg.full_docs.get(i):
            row["f"] = agg.full_docs[i]
        if i in agg.single:
            row["s"] = 1
        if i in variants:
            row["v"] = variants[i][0]
        if i in surnames:
            row["u"] = surnames[i][0]
        if i in table.display and i not in surnames and i not in variants:
            row["d"] = table.display[i]
            row["c"] = docs.get(i, 0)
            if i in sources:
                row["src"] = sorted(sources[i])
        posted = posted_words(i, row)
        for w in posted:
            posting.setdefault(w, []).append(i)
        if posted and fmt != 1:
            summaries[i] = summary_of(row)
        rows[ROW + i] = row
    yield rows
    rows = {}
    yield {CORRECTED + i: list(v) for i, v in agg.corrected.items()}
    if fmt == 1:
        yield {WORD + w: sorted(ids) for w, ids in posting.items()}
    else:
        yield {WORD + w: {i: summaries[i] for i in sorted(ids)} for w, ids in posting.items()}
    yield {FORMAT_KEY: fmt}


def entity_rows(agg: EntityAggregator, table: EntityTable, fmt: int = ENTITY_FORMAT) -> dict[str, str]:
    """:func:`entity_blocks` as keyed JSON text."""
    return {k: dumps(v) for block in entity_blocks(agg, table, fmt) for k, v in block.items()}


@dataclass
class EntityIncrement:
    """What :func:`continue_entities` decided."""

    table: EntityTable  # links and names of the ids asked for (``ensure``); ``entities`` the changed ones
    ensure: Callable[[Iterable[str]], None]  # add ids (as analysed) to ``table``
    moved: dict[str, str] = field(default_factory=dict)  # entity -> the entity its documents now count for
    relinked: set[str] = field(default_factory=set)  # entities relinked or renamed (their documents' stories touched)
    changed: set[str] = field(default_factory=set)  # entities whose stored row changes
    gone: set[str] = field(default_factory=set)  # entities no longer in the table (linked to another)
    rows: dict[str, str] = field(default_factory=dict)  # state rows to write


def _target(row: dict[str, Any] | None) -> str | None:
    """The id a name is linked to (a surname link before a variant one, as ``resolve`` merges them)."""
    return (row.get("u") or row.get("v")) if row is not None else None


def _with(row: dict[str, Any], k: str, v: Any) -> dict[str, Any]:
    new = {x: y for x, y in row.items() if x != k}
    if v is not None:
        new[k] = v
    return new


def continue_entities(
    load: Callable[[list[str]], dict[str, Any]],
    new_rows: list[list[MentionRow]],
    new_ids: list[tuple[str, ...]],
    corrections: AliasTable,
    recount: Callable[[set[str], EntityTable, Callable[[Iterable[str]], None]], Counter[str]],
) -> EntityIncrement:
    """The entity state continued with the new documents' mention rows (``new_rows``, one list a
    document; ``new_ids``: each one's entity and speaker ids), read from the rows of
    :func:`entity_blocks` (``load(keys)`` reads them, parsed). ``recount(entities, table, ensure)``: the
    stored documents of ``entities`` counted again (when a name left one of them; ``ensure`` adds
    the ids they hold to ``table``)."""

    fmt = load([FORMAT_KEY]).get(FORMAT_KEY) or 1
    st = EntityRows(load, fmt)
    probe = EntityAggregator(corrections)
    rows_by_doc = [probe._correct(rows) if not corrections.empty else rows for rows in new_rows]
    touched = sorted({r[0] for rows in rows_by_doc for r in rows})
    st.fetch(touched)
    old_rows = {i: st.rows[i] for i in touched}

    # 1. the counts: the stored rows of the names mentioned, with the new mentions added
    agg = EntityAggregator(AliasTable())  # (the rows are corrected already)
    for i in touched:
        _put(agg, i, st.rows[i])
    for rows in rows_by_doc:
        agg.add(rows)
    agg.corrections = corrections  # (what a one-word name's surname link asks of it)
    counted: dict[str, dict[str, Any]] = {}
    for i in touched:
        row = counted[i] = dict(old_rows[i] or {})
        row["n"], row["a"], row["t"] = agg.names[i], list(agg.aliases[i]), agg.types[i]
        if agg.full_docs.get(i):
            row["f"] = agg.full_docs[i]
        if i in agg.single:
            row["s"] = 1
    # (the postings the new rows change, read at once)
    st.postings({w for i, r in counted.items() for x in (r, old_rows[i]) if x is not None for w in posted_words(i, x)})
    for i in touched:
        st.set_row(i, counted[i])
    st.fetch_corrected(probe.corrected)
    for i, v in probe.corrected.items():
        if st.corrected.get(i) != v:
            st.corrected[i] = v
            st.dirty_corrected.add(i)

    def put(i: str) -> dict[str, Any] | None:
        row = st.row(i)
        if row is not None and i not in agg.names:
            _put(agg, i, row)
        return row

    fulls: dict[str, str] = {}  # (format 2: the full names of ids known by their summary alone)

    def full(i: str) -> str:
        return full_name(agg.names[i]) if i in agg.names else fulls[i]

    def known(j: str) -> bool:
        """Whether ``j`` is a full-name person no variant lookup passes over, noted for ``full``
        and ``key``: from its row when read (always, in format 1), else from its summary."""
        if fmt == 1 or j in st.rows:
            r = put(j)
            return r is not None and bool(r.get("f")) and r.get("t") == "PER"
        summ = st.summary(j)
        if summ is None or not summ[1]:
            return False
        if j not in agg.names:
            fulls[j], agg.full_docs[j] = summ[0], summ[1]
        return True

    def is_variant(j: str) -> bool:
        summ = st.summary(j) if fmt != 1 else None
        return bool(summ[2:]) if summ is not None else bool((st.rows[j] or {}).get("v"))

    def key(i: str) -> tuple[int, str]:
        return (-agg.full_docs[i], i)

    old_full = {i: full_name(r["n"]) for i, r in old_rows.items() if r is not None and r.get("f")}
    changed_full = {
        i
        for i in touched
        if agg.full_docs.get(i)
        and agg.types.get(i) == "PER"
        and (old_full.get(i) != full(i) or (old_rows[i] or {}).get("f") != agg.full_docs[i])
    }

    # 2. variant links, in the order of a full pass, from the changed full names on
    words: dict[str, tuple[str, ...]] = {}

    def words_of(i: str) -> tuple[str, ...]:
        if i not in words:
            words[i] = name_words(full(i))
        return words[i]

    def with_words(keys: Iterable[tuple[str, ...]]) -> list[str]:
        """The full-name person ids that have every word of one of ``keys``."""
        keys = [k for k in keys if k]
        st.postings({w for k in keys for w in k})
        found: set[str] = set()
        for k in keys:
            found |= set.intersection(*(st.words[w] for w in k))
        if fmt == 1:
            st.fetch(found)
        out = []
        for j in sorted(found):
            if known(j):
                words_of(j)
                out.append(j)
        return out

    def candidates(i: str) -> list[str]:
        """The names a full pass could find ``i`` a variant of (sharing what its lookups need)."""
        return [j for j in with_words(_lookup_keys(words_of(i))) if j != i]

    found_dependants: dict[str, list[str]] = {}

    def dependants(i: str) -> list[str]:
        """The names whose variant lookup could find ``i`` (under its name now or before the run;
        both fixed during the pass, as are the words and types the lookup compares: asked once)."""
        got = found_dependants.get(i)
        if got is None:
            mine = [words_of(i)] + ([name_words(old_full[i])] if i in old_full else [])
            keys = [k for w in mine for k in _dependant_keys(w)]
            got = [j for j in with_words(keys) if j != i and any(_could_find(words[j], w) for w in mine)]
            found_dependants[i] = got
        return got

    def prefetch(ids: Iterable[str]) -> None:
        """Read at once the rows the lookups of ``ids`` will need."""
        keys = [k for i in ids for k in _lookup_keys(words_of(i)) if k]
        st.postings({w for k in keys for w in k})
        if fmt == 1:
            st.fetch({j for k in keys for j in set.intersection(*(st.words[w] for w in k))})
        else:  # (the rows of the names decided: the others' summaries are in the postings)
            st.fetch(ids)

    heap: list[tuple[int, str]] = []
    queued: set[str] = set()

    def push(i: str) -> None:
        if i not in queued:
            queued.add(i)
            heapq.heappush(heap, key(i))

    status_changed: set[str] = set()
    for i in sorted(changed_full):
        push(i)
        for j in dependants(i):
            push(j)
    prefetch(queued)
    while heap:
        _n, i = heapq.heappop(heap)
        row = put(i)
        assert row is not None
        here = key(i)
        index = VariantIndex()
        for j in sorted((j for j in candidates(i) if key(j) < here and not is_variant(j)), key=key):
            index.add(j, words[j])
        main = index.main_of(i, words, agg.full_docs)
        if main != row.get("v"):
            st.set_row(i, _with(row, "v", main))
            status_changed.add(i)
        if i in status_changed or i in changed_full:
            later = [j for j in dependants(i) if key(j) > here and j not in queued]
            for j in later:
                push(j)
            prefetch(later)

    # 3. surname links of the one-word names mentioned, and of those that are a word of a full name
    # whose count, name or link changed
    tokens: set[str] = set()
    for i in changed_full | status_changed:
        tokens.update(name_tokens(full(i)))
        if i in old_full:
            tokens.update(name_tokens(old_full[i]))
    singles = {i for i in touched if i in agg.single}
    st.fetch("PER:" + t for t in tokens)  # (a one-word person's id is its word)
    singles.update(j for t in tokens if (r := put(j := "PER:" + t)) is not None and r.get("s") and r.get("t") == "PER")
    surname_changed: set[str] = set()
    for i in sorted(singles):
        token = i.split(":", 1)[1]
        cand_ids = st.posting(token)
        if fmt == 1:
            st.fetch(cand_ids)
        cands = []
        for c in sorted(cand_ids):
            if known(c) and not is_variant(c) and token in name_tokens(full(c)):
                cands.append(c)
        main = agg.surname_of(i, {token: cands})
        row = st.rows[i]
        assert row is not None
        if main != row.get("u"):
            st.set_row(i, _with(row, "u", main))
            surname_changed.add(i)

    # 4. where each relinked id goes now; the entities whose members or names change
    moved: dict[str, str] = {}  # (as EntityTable remaps compare: the old final id -> the new one)
    affected: set[str] = set()
    for i in sorted(status_changed | surname_changed | {i for i in touched if old_rows[i] is None}):
        was, now = _target(st.before(i)), _target(st.rows[i])
        if was == now:
            continue
        if was is not None:
            st.with_source(was, i, add=False)
            affected.add(was)
            moved[was] = now or i
        else:
            moved[i] = now  # type: ignore[assignment]  # (now is set: was != now)
        if now is not None:
            st.with_source(now, i, add=True)
            affected.add(now)
        affected.add(i)
    for i in touched:
        affected.add(_target(st.rows[i]) or i)

    # 5. display names of the affected entities (their own names and those of the ids linked to them)
    for e in sorted(affected):
        row = put(e)
        if row is None:
            continue
        if _target(row) is not None:  # (linked to another: no entity of its own any more)
            if "d" in row or "c" in row or "src" in row:
                st.set_row(e, {k: v for k, v in row.items() if k not in ("d", "c", "src")})
            continue
        src = row.get("src", [])
        st.fetch(src)
        merged: Counter[str] = Counter(agg.names[e])
        for x in src:
            if put(x) is not None:
                merged[full(e)] += sum(agg.names[x].values())
        d = canonical_name(merged)
        if row.get("d") != d:
            st.set_row(e, _with(row, "d", d))
    finals_now = {e for e in affected if _target(st.rows.get(e)) is None and st.rows.get(e) is not None}
    gone = {e for e in affected if e not in finals_now and (b := st.before(e)) is not None and "d" in b}

    table_remap: dict[str, tuple[str, str]] = {}
    display: dict[str, str] = {}

    def ensure(ids: Iterable[str]) -> None:
        want = sorted({i for i in ids if i not in table_remap and i not in display})
        st.fetch_corrected(want)
        st.fetch(want + [c[0] for i in want if (c := st.corrected.get(i)) is not None])
        for i in want:
            corr = st.corrected.get(i)
            base = corr[0] if corr is not None else i
            link = _target(put(base))
            if link is not None:
                put(link)
                table_remap[i] = (link, full(link))
                final = link
            elif corr is not None:
                table_remap[i] = corr
                final = base
            else:
                final = i
            frow = st.row(final)
            if frow is not None and "d" in frow:
                display[final] = frow["d"]

    # 6. document counts: the stored ones; a linked entity's carried over; a split one counted again
    ensure({e for ids in new_ids for e in ids} | {r[0] for rows in new_rows for r in rows})
    table = EntityTable(table_remap, display, [], corrections)
    new_count: Counter[str] = Counter()
    for ids in new_ids:
        new_count.update({table.final_id(e) for e in ids})
    docs: dict[str, int] = {}

    def count(e: str) -> int:
        if e not in docs:
            b = st.before(e)
            docs[e] = int(b.get("c", 0)) if b is not None else 0
        return docs[e]

    for old, now in moved.items():
        if old in gone:  # (the whole entity linked to another: its count goes along)
            docs[now] = count(now) + count(old)
            docs[old] = 0
    split = {old for old in moved if old in finals_now and st.before(old) is not None}
    if split:  # only some of its names left it: its documents counted again
        again = split | {moved[o] for o in split}
        ensure(again)
        counted = recount(again, table, ensure)
        for e in again:
            docs[e] = counted[e]
    renamed = {
        e for e in finals_now if (b := st.before(e)) is not None and "d" in b and (st.rows[e] or {}).get("d") != b["d"]
    }
    relinked = set(moved) | renamed
    changed = {table.final_id(r[0]) for rows in new_rows for r in rows} | set(new_count)
    changed |= {table.final_id(e) for e in relinked} | {table.final_id(now) for now in moved.values()}
    ensure(changed)

    # 7. the changed entities, their counts kept
    entities = []
    for e in sorted(changed):
        row = put(e)
        if row is None or _target(row) is not None:
            continue
        aliases: dict[str, None] = dict.fromkeys(row["a"])
        for x in row.get("src", []):
            xr = put(x)
            if xr is not None:
                aliases.update(dict.fromkeys(xr["a"]))
        name = row["d"]
        display[e] = name
        n = count(e) + new_count[e]
        entities.append(
            Entity(id=e, name=name, type=row["t"], aliases=sorted(aliases, key=lambda a: (a != name, a)), documents=n)
        )
        if row.get("c") != n:
            st.set_row(e, _with(row, "c", n))
    entities.sort(key=lambda x: (-x.documents, x.id))
    table.entities = entities
    return EntityIncrement(table, ensure, moved, relinked, changed, gone, st.changed_rows())


def _put(agg: EntityAggregator, i: str, row: dict[str, Any] | None) -> None:
    if row is None:
        return
    agg.names[i] = dict(row["n"])
    agg.aliases[i] = dict.fromkeys(row["a"])
    agg.types[i] = row["t"]
    if row.get("f"):
        agg.full_docs[i] = int(row["f"])
    if row.get("s"):
        agg.single.add(i)
