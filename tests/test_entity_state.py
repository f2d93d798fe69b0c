"""The entity state kept name by name (corpus/entity_state.py): a run that adds documents links
and names again only the names near its own, and ends with the links and display names a full
resolve over every document gives, whatever the documents added and in whatever batches."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from linimasa.corpus.entities import EntityAggregator, EntityTable, MentionRow
from linimasa.corpus.entity_state import CORRECTED, FORMAT_KEY, ROW, WORD, continue_entities, entity_rows
from linimasa.entities.aliases import entity_id
from linimasa.entities.corrections import load_table
from linimasa.jsontext import loads

# (type, name as resolved, text as written): the ways the news writes the same people, and others
NAMES = [
    ("PER", "Joko Widodo", "Joko Widodo"),
    ("PER", "Joko Widodo", "Jokowi"),
    ("PER", "Widodo", "Widodo"),
    ("PER", "Joko", "Joko"),
    ("PER", "Ir Joko Widodo", "Ir Joko Widodo"),
    ("PER", "Iriana Joko Widodo", "Iriana Joko Widodo"),
    ("PER", "Djarot Saiful Hidayat", "Djarot Saiful Hidayat"),
    ("PER", "Djarot Syaiful Hidayat", "Djarot Syaiful Hidayat"),
    ("PER", "Djarot", "Djarot"),
    ("PER", "Joshua Kimmich", "Joshua Kimmich"),
    ("PER", "Joshua Suherman", "Joshua Suherman"),
    ("PER", "Joshua", "Joshua"),
    ("PER", "Kimmich", "Kimmich"),
    ("PER", "Soeharto", "Soeharto"),
    ("PER", "Titiek Soeharto", "Titiek Soeharto"),
    ("PER", "Kim Jong-un", "Kim Jong-un"),
    ("PER", "Kim Jong Un", "Kim Jong Un"),
    ("PER", "Kim", "Kim"),
    ("PER", "Yasonna H Laoly", "Yasonna H Laoly"),
    ("PER", "Yasonna Laoly", "Yasonna Laoly"),
    ("PER", "Laoly", "Laoly"),
    ("PER", "Radhan Nur Alam", "Radhan Nur Alam"),
    ("PER", "Nur Alam", "Nur Alam"),
    ("PER", "Alam", "Alam"),
    ("LOC", "Korea Utara", "Korut"),
    ("LOC", "Korea Utara", "Korea Utara"),
    ("ORG", "Komisi Pemberantasan Korupsi", "KPK"),
]


def _documents(seed: int, n: int) -> list[list[MentionRow]]:
    rng = random.Random(seed)
    weights = [rng.randint(1, 12) for _ in NAMES]
    docs = []
    for _ in range(n):
        picked = {NAMES[k] for k in rng.choices(range(len(NAMES)), weights=weights, k=rng.randint(1, 5))}
        docs.append([(entity_id(t, name), name, t, text, rng.randint(1, 3)) for t, name, text in sorted(picked)])
    return docs


def _ids(rows: list[MentionRow]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r[0] for r in rows))


def _final(state: dict[str, str], i: str) -> str:
    corr = state.get(CORRECTED + i)
    base = loads(corr)[0] if corr is not None else i
    row = loads(state[ROW + base]) if ROW + base in state else {}
    return row.get("u") or row.get("v") or base


@pytest.mark.parametrize("fmt", [1, 2])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_continued_entity_state_links_and_names_as_one_resolve(seed, fmt) -> None:
    """Format 2 (the word postings with each id's summary) and a store's format 1 alike; the
    postings a format-2 state is left with are those a full plan writes."""
    docs = _documents(seed, 120)
    rng = random.Random(seed)
    start = rng.randint(5, 40)
    agg = EntityAggregator()
    for rows in docs[:start]:
        agg.add(rows)
    table = agg.resolve([_ids(r) for r in docs[:start]])
    state = entity_rows(agg, table, fmt)
    seen = docs[:start]
    at = start
    moved = 0
    parsed: dict = {}  # (the values read are shared between runs, as the store's reader shares its parsed shards)

    def load(keys: list[str]) -> dict:
        for k in keys:
            if k in state and k not in parsed:
                parsed[k] = loads(state[k])
        return {k: parsed[k] for k in keys if k in parsed}

    while at < len(docs):
        batch = docs[at : at + rng.choice([1, 1, 3, 10, 25])]
        at += len(batch)

        def recount(want, tbl: EntityTable, ensure, seen=seen) -> Counter:
            counts: Counter = Counter()
            for rows in seen:
                ensure(_ids(rows))
                counts.update({tbl.final_id(e) for e in _ids(rows)} & want)
            return counts

        inc = continue_entities(load, batch, [_ids(r) for r in batch], load_table(), recount)
        assert all(v == loads(state[k]) for k, v in parsed.items())  # (no value read was changed in place)
        state.update(inc.rows)
        for k in inc.rows:
            parsed.pop(k, None)
        moved += len(inc.moved)
        for rows in batch:
            agg.add(rows)
        seen = seen + batch
        full = agg.resolve([_ids(r) for r in seen])
        for i in set(agg.names) | set(agg.corrected):
            assert _final(state, i) == full.final_id(i), (i, at)
        entities = {e.id: e for e in full.entities}
        kept = {k[len(ROW) :]: loads(v) for k, v in state.items() if k.startswith(ROW) and "d" in loads(v)}
        assert set(kept) == set(entities), at
        for e, obj in entities.items():
            assert kept[e]["d"] == obj.name, (e, at)
        # the changed entities the increment lists are those of the table, with its names and aliases
        for e in inc.table.entities:
            assert (e.name, e.type, e.aliases) == (entities[e.id].name, entities[e.id].type, entities[e.id].aliases)
        assert loads(state[FORMAT_KEY]) == fmt
        whole = entity_rows(agg, full, fmt)
        for k, v in whole.items():
            if k.startswith(WORD):
                assert loads(state[k]) == loads(v), (k, at)
    assert moved  # (the documents added did relink names: "Joshua" to one full name, then to none)


def _rows(name: str) -> list[MentionRow]:
    return [(entity_id("PER", name), name, "PER", name, 1)]


def test_a_name_that_becomes_a_variant_takes_its_own_variants_along() -> None:
    """"Ir Ahmad Suharyono" is a full name of its own, and "Ir Ahmad Suharyomo" (one letter off) its
    variant, until "Ahmad Suharyono" is reported more: the first becomes its variant, so the second
    (which no lookup of it finds) is a name of its own again. The continued state follows the chain."""
    docs = [_rows("Ir Ahmad Suharyono")] * 4 + [_rows("Ir Ahmad Suharyomo")]
    agg = EntityAggregator()
    for rows in docs:
        agg.add(rows)
    state = entity_rows(agg, agg.resolve([_ids(r) for r in docs]))
    typo, middle = entity_id("PER", "Ir Ahmad Suharyomo"), entity_id("PER", "Ir Ahmad Suharyono")
    assert _final(state, typo) == middle
    batch = [_rows("Ahmad Suharyono")] * 10
    inc = continue_entities(
        lambda keys: {k: loads(state[k]) for k in keys if k in state},
        batch,
        [_ids(r) for r in batch],
        load_table(),
        lambda want, tbl, ensure: Counter(),
    )
    state.update(inc.rows)
    for rows in batch:
        agg.add(rows)
    full = agg.resolve([])
    assert full.final_id(middle) == entity_id("PER", "Ahmad Suharyono") and full.final_id(typo) == typo
    for i in agg.names:
        assert _final(state, i) == full.final_id(i), i
