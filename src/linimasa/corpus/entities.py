"""Corpus-level entities: one :class:`Entity` per id, with every alias and a document count.

Documents are analysed apart (pools, Spark), so each one only knows its own names. Here,
with all of them together, a person written only by surname in one article ("Putin") is
linked to the full name another article gives ("Vladimir Putin") when that is the only
candidate (or by far the most reported one), and each id gets one display name: the form
most mentions use ("Kim Jong-un" over "Kim Jong Un"). Mentions and quote speakers are
updated to match, so documents.jsonl and entities.jsonl agree.

Every choice here is a function of the counts, never of the order the documents came in
(:func:`canonical_name`): the same articles in any order, or split into other files, give
the same names, links and aliases (issue 20: "Calderon" or "Calderón" used to be whichever
came first).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from linimasa.entities.aliases import entity_id
from linimasa.entities.brackets import surfaces
from linimasa.entities.corrections import AliasTable, load_table
from linimasa.entities.gazetteer import edit_distance_at_most_one, fold, load_resources
from linimasa.entities.lexicon import load_lexicon
from linimasa.model import Document, Entity
from linimasa.pipeline import CorpusResult

# name words that make another person of the same name: "Donald Trump Jr", "Kahiyang Ayu binti Joko Widodo"
_GENERATIONS = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_PATRONYMIC = frozenset({"bin", "binti", "binte", "putra", "putri"})
_DOMINANCE = 3  # a surname goes to the most reported full name if it has this many times the documents of the next


class EntityAggregator:
    """The corpus-wide entity tables, fed one document at a time (no document is kept).

    :meth:`add` takes a document's mentions as ``(id, name, type, text, count)`` rows (see
    :func:`mention_rows`); :meth:`resolve` then links surnames to full names and gives
    each id its display name. Streaming engines feed it as analyses arrive; the in-memory
    stage feeds it every document first.
    """

    def __init__(self, corrections: AliasTable | None = None) -> None:
        # nicknames, short forms and the user's corrections, applied to the ids documents carry (so that
        # documents analysed before the corrections changed need no new analysis)
        self.corrections = corrections if corrections is not None else load_table()
        self.corrected: dict[str, tuple[str, str]] = {}  # id as analysed -> (id, name) the corrections give
        self.names: dict[str, dict[str, int]] = {}
        self.aliases: dict[str, dict[str, None]] = {}
        self.types: dict[str, str] = {}
        self.full_docs: Counter[str] = Counter()  # person ids written in full -> documents that do
        self.single: set[str] = set()

    def add(self, rows: list[MentionRow]) -> None:
        if not self.corrections.empty:
            rows = self._correct(rows)
        full_here: set[str] = set()
        names, aliases, types = self.names, self.aliases, self.types
        for i, name, typ, text, n in rows:  # every mention row of the corpus, in one process: kept lean
            counts = names.get(i)
            if counts is None:
                counts = names[i] = {}
            counts[name] = counts.get(name, 0) + n
            known = aliases.get(i)
            if known is None:
                known = aliases[i] = {}
            known[text] = None
            types[i] = typ
            if typ != "PER" or not name:
                continue
            if len(name.split()) >= 2:
                full_here.add(i)
            else:
                self.single.add(i)
        self.full_docs.update(full_here)

    def _correct(self, rows: list[MentionRow]) -> list[MentionRow]:
        """The rows with blocked words dropped and aliases and forced types applied to their ids."""
        corr = self.corrections
        out: list[MentionRow] = []
        for i, name, typ, text, n in rows:
            if corr.is_blocked(text, name):
                continue
            hit = corr.remap_id(i, name, text)
            if hit is not None:
                self.corrected[i] = hit
                i, name = hit
                typ = i.split(":", 1)[0]
            out.append((i, name, typ, text, n))
        return out

    def full_names(self) -> dict[str, str]:
        """Person ids written in full -> their canonical full name (the most used form of two or more words)."""
        out: dict[str, str] = {}
        for i in self.full_docs:
            counts = self.names[i]
            out[i] = canonical_name({n: c for n, c in counts.items() if len(n.split()) >= 2} or counts)
        return out

    def variant_links(self, full_name: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
        """Full-name person ids -> (id, name) of the more reported full name they are a variant of.

        One person written three ways: with or without initials ("Yasonna H Laoly", "Retno LP Marsudi"),
        with more leading words that are no name (a title among them, or only known organisations or places
        and ordinary words:
        "Yamaha Valentino Rossi", "Jaya Kombes Argo
        Yuwono": the last two or more words are the other name, reported in twice the documents and at
        least three; not "Iriana Joko Widodo", "Donald Trump Jr", "... binti Joko Widodo"), or with one letter changed in one word of six letters or more of a
        name as long ("Djarot Syaiful Hidayat"; the main form has twice the documents). Two different full
        names (other words) are never joined.
        """
        if full_name is None:
            full_name = self.full_names()
        docs = self.full_docs
        res, lex = load_resources(), load_lexicon()

        def not_a_name(p: str) -> bool:  # a title, a known organisation or place, or an ordinary word
            if p in res.given_names:
                return False
            return (p,) in res.titles or (p,) in res.names or lex.is_common(p)

        order = sorted(full_name, key=lambda c: (-docs[c], c))
        words = {i: tuple(p for p in fold(full_name[i]).split() if p) for i in order}
        by_core: dict[tuple[str, ...], str] = {}
        by_words: dict[tuple[str, ...], str] = {}
        by_blank: dict[tuple[int, tuple[str, ...]], list[str]] = defaultdict(list)
        out: dict[str, tuple[str, str]] = {}
        for i in order:  # the most reported first: a variant goes to a name seen before it
            w = words[i]
            core = tuple(p for p in w if len(p.rstrip(".")) > 2 or p in _GENERATIONS)
            main = by_core.get(core) if len(core) >= 2 else None
            if main is None and len(w) >= 3 and not _GENERATIONS.intersection(w) and not _PATRONYMIC.intersection(w):
                for k in range(1, len(w) - 1):
                    if not any((p,) in res.titles for p in w[:k]) and not all(not_a_name(p) for p in w[:k]):
                        break  # "Iriana Joko Widodo" is not "Joko Widodo"
                    main = by_words.get(w[k:])
                    if main is not None and docs[main] < max(3, 2 * docs[i]):
                        main = None  # ("Radhan Nur Alam", son of "Nur Alam": the shorter must be far more reported)
                    if main is not None:
                        break
            if main is None and len(w) >= 2:
                for k, p in enumerate(w):
                    if len(p) < 6:
                        continue  # ("Iwan", "Irwan": two first names, not a typo)
                    for m in by_blank.get((k, w[:k] + ("",) + w[k + 1 :]), ()):
                        if docs[m] >= 2 * docs[i] and edit_distance_at_most_one(words[m][k], p):
                            main = m
                            break
                    if main is not None:
                        break
            if main is not None:
                main = out[main][0] if main in out else main
                out[i] = (main, full_name[main])
                continue
            if len(core) >= 2:
                by_core.setdefault(core, i)
            by_words.setdefault(w, i)
            for k in range(len(w)):
                by_blank[(k, w[:k] + ("",) + w[k + 1 :])].append(i)
        return out

    def stripped_links(self, full_name: dict[str, str]) -> dict[str, str]:
        """Person ids of a one-word name read with organisation, rank or ordinary words in front ("Bawaslu RI
        Abhan", "Pol Rikwanto") -> the id of that one word, when the corpus has it as a person: every word in
        front is a title, a known organisation or place, or an ordinary word, and one at least a title or a
        known organisation; or the word right before it is a title ("Polro Brigadi Jenderal Rikwanto")."""
        not_a_name, res = self._not_a_name(), load_resources()
        corr = self.corrections

        def title_or_org(p: str) -> bool:  # ("Bima Arya", "Mary Jane": ordinary or place words alone are no proof)
            if (p,) in res.titles:
                return True
            entry = res.names.get((p,)) or res.exact.get(p.upper()) or res.exact.get(p.capitalize())
            hit = corr.target(p, p)
            return (entry is not None and entry.type == "ORG") or (hit is not None and hit[0] == "ORG")

        out: dict[str, str] = {}
        for i, n in full_name.items():
            w = [p for p in fold(n).split() if p]
            one = entity_id("PER", w[-1]) if len(w) >= 2 else ""
            lead = w[:-1]
            if one not in self.single or one == i:
                continue
            if ((lead[-1],) in res.titles and lead[-1] not in res.given_names) or (
                all(map(not_a_name, lead)) and any(map(title_or_org, lead))
            ):
                out[i] = one
        return out

    def prefix_links(
        self, full_name: dict[str, str], variants: dict[str, tuple[str, str]]
    ) -> dict[str, tuple[str, str]]:
        """Full-name person ids that are the first words of exactly one longer full name of the corpus ("Budi
        Karya" of "Budi Karya Sumadi") -> (id, name) of that name, when it is in twice the documents and at
        least three (not a misread run, "Valentino Rossi ITA Movistar Yamaha") and joins no names by a hyphen
        ("Anies Baswedan - Sandiaga"). Not when the longer name adds a generation or a patronymic ("Donald Trump Jr", "... bin ...")."""
        words = {i: tuple(p for p in fold(n).split() if p) for i, n in full_name.items() if i not in variants}
        by_prefix: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for i, w in words.items():
            if _GENERATIONS.intersection(w) or _PATRONYMIC.intersection(w):
                continue
            for k in range(2, len(w)):
                by_prefix[w[:k]].add(i)
        out: dict[str, tuple[str, str]] = {}
        for i, w in words.items():
            longer = by_prefix.get(w, set())
            target = next(iter(longer)) if len(longer) == 1 else ""
            if target and self.full_docs[target] >= max(3, 2 * self.full_docs[i]) and "-" not in full_name[target]:
                out[i] = (target, full_name[target])
        return out

    def _not_a_name(self) -> Callable[[str], bool]:
        """A folded word that is no part of a person's name: a title, a known organisation or place (also as a
        capitalised abbreviation, "RI", "Bawaslu"), or an ordinary word."""
        res, lex, corr = load_resources(), load_lexicon(), self.corrections

        def not_a_name(p: str) -> bool:
            if p in res.given_names:
                return False
            if (p,) in res.titles or (p,) in res.names or lex.is_common(p):
                return True
            if p.upper() in res.exact or p.capitalize() in res.exact:
                return True
            hit = corr.target(p, p)
            return hit is not None and hit[0] != "PER"

        return not_a_name

    def surname_links(
        self, variants: dict[str, tuple[str, str]] | None = None, full_name: dict[str, str] | None = None
    ) -> dict[str, tuple[str, str]]:
        """One-word person ids -> (id, name) of the full name they abbreviate, when unambiguous."""
        if full_name is None:
            full_name = self.full_names()
        if variants is None:
            variants = self.variant_links(full_name)
        full_name = {i: n for i, n in full_name.items() if i not in variants}
        by_token: dict[str, list[str]] = defaultdict(list)
        for i, n in full_name.items():
            parts = [p for p in re.split(r"\s+", fold(n)) if p]
            # (and the first word after initials: "Hanif" of "M. Hanif Dhakiri")
            given = next((p for p in parts[:-1] if len(p.rstrip(".")) > 2), parts[0])
            for p in {parts[0], parts[-1], given}:
                by_token[p].append(i)
        out: dict[str, tuple[str, str]] = {}
        for i in self.single:
            hit = self.corrections.target(canonical_name(self.names[i]), canonical_name(self.names[i]))
            if hit is not None and " " not in hit[1].strip():
                continue  # "Wiranto": a person known by one name (the alias table says so) is nobody's surname
            token = i.split(":", 1)[1]
            cands = sorted(by_token.get(token, []), key=lambda c: (-self.full_docs[c], c))
            if not cands:
                continue
            if len(cands) == 1 or self.full_docs[cands[0]] >= _DOMINANCE * self.full_docs[cands[1]]:
                out[i] = (cands[0], full_name[cands[0]])
        return out

    def resolve(self, documents: Iterable[Iterable[str]]) -> EntityTable:
        """Links, display names and the :class:`Entity` list; ``documents`` gives each document's ids."""
        full_name = self.full_names()  # (once: every kind of link starts from it)
        stripped = self.stripped_links(full_name)
        full_name = {i: n for i, n in full_name.items() if i not in stripped}
        variants = self.variant_links(full_name)
        remap = {**variants, **self.prefix_links(full_name, variants)}
        remap.update(self.surname_links(remap, full_name))
        for i, one in stripped.items():  # "Bawaslu RI Abhan" goes where "Abhan" goes
            remap[i] = remap.get(one, (one, canonical_name(self.names[one])))
        merged: dict[str, Counter[str]] = {}
        # an id as analysed -> where the corrections and then the surname links take it
        final: dict[str, tuple[str, str]] = dict(remap)
        for i, (target, name) in self.corrected.items():
            final[i] = remap.get(target, (target, name))
        aliases: dict[str, dict[str, None]] = {}
        types: dict[str, str] = {}
        for i, counts in self.names.items():
            target, full = remap.get(i, (i, None))
            into = merged.setdefault(target, Counter())
            if full is None:
                for name, n in counts.items():
                    into[name] += n
            else:
                into[full] += sum(counts.values())
            aliases.setdefault(target, {}).update(self.aliases[i])
            types.setdefault(target, self.types[i])
        display = {i: canonical_name(c) for i, c in merged.items()}
        doc_count: Counter[str] = Counter()
        for ids in documents:
            doc_count.update({final[i][0] if i in final else i for i in ids})
        entities = [
            Entity(
                id=i,
                name=display[i],
                type=types[i],
                aliases=sorted(aliases[i], key=lambda a: (a != display[i], a)),
                documents=doc_count[i],
            )
            for i in sorted(display, key=lambda i: (-doc_count[i], i))
        ]
        return EntityTable(final, display, entities, self.corrections)


def canonical_name(counts: dict[str, int]) -> str:
    """The name to show among the forms ``counts`` has seen, whatever order they came in.

    The most mentioned form; on a tie the one with more letters outside ASCII ("Calderón"
    over "Calderon": an accent is information a plain form dropped), then the first in code
    point order. A total order, so one answer for the same counts.
    """
    return min(counts, key=lambda name: (-counts[name], -sum(1 for ch in name if ord(ch) > 127), name))


@dataclass
class EntityTable:
    """What the corpus entity stage decided: surname links, display names, the entity list."""

    remap: dict[str, tuple[str, str]]
    display: dict[str, str]
    entities: list[Entity]
    corrections: AliasTable = field(default_factory=AliasTable)

    def final_id(self, entity_id: str) -> str:
        hit = self.remap.get(entity_id)
        return hit[0] if hit else entity_id

    def apply(self, doc: Document) -> None:
        """Rewrite one document's mentions and quote speakers to the corpus-wide ids and names."""
        remap, display, corr = self.remap, self.display, self.corrections
        if corr.blocked:
            doc.entities = [m for m in doc.entities if not corr.is_blocked(m.text, m.name or m.text)]
        for m in doc.entities:
            if m.id is None:  # not a corpus entity (see mention_rows)
                continue
            if m.id in remap:
                m.id, m.name = remap[m.id]
                m.type = m.id.split(":", 1)[0]
            m.name = display.get(m.id, m.name)
        for q in doc.quotes:
            if q.speaker_id is None:
                continue
            if corr.blocked and corr.is_blocked(q.speaker or "", q.speaker or ""):
                q.speaker = q.speaker_id = None
                continue
            if q.speaker_id in remap:
                q.speaker_id, q.speaker = remap[q.speaker_id]
            if q.speaker_id in display:
                q.speaker = display[q.speaker_id]

    def subset(self, ids: Iterable[str]) -> EntityTable:
        """The part of the table a handful of documents need (to send to a worker)."""
        ids = set(ids)
        remap = {i: self.remap[i] for i in ids if i in self.remap}
        wanted = ids | {t for t, _ in remap.values()}
        return EntityTable(remap, {i: self.display[i] for i in wanted if i in self.display}, [], self.corrections)


MentionRow = tuple[str, str, str, str, int]


def mention_rows(doc: Document) -> list[MentionRow]:
    """A document's mentions as distinct ``(id, name, type, text, count)`` rows, in first-seen order.

    A mention without an id or name is no corpus entity and has no row (linimasa's
    recognizer gives every mention both; a document made by hand may not).
    """
    counts: dict[tuple[str, str, str, str], int] = {}
    for m in doc.entities:
        if m.id is None or m.name is None:
            continue
        if m.text.endswith(")"):
            # "Komisi Pemberantasan Korupsi (KPK)", one mention: the name and the abbreviation are its surface
            # forms (the abbreviation's row counts no mention: the name's counts stay one per mention)
            name_text, *abbr = surfaces(m.text)
            for a in abbr:
                counts.setdefault((m.id, m.name, m.type, a), 0)
        else:
            name_text = m.text
        key = (m.id, m.name, m.type, name_text)
        counts[key] = counts.get(key, 0) + 1
    return [(*k, n) for k, n in counts.items()]


class EntityCorpusStage:
    """Fills ``result.entities`` and unifies short-form person ids across documents."""

    name = "entities-corpus"

    def __call__(self, result: CorpusResult) -> CorpusResult:
        agg = EntityAggregator()
        for d in result.documents:
            agg.add(mention_rows(d))
        table = agg.resolve([m.id for m in d.entities if m.id is not None] for d in result.documents)
        for d in result.documents:
            table.apply(d)
        result.entities = table.entities
        return result


__all__ = ["EntityAggregator", "EntityCorpusStage", "EntityTable", "canonical_name", "entity_id", "mention_rows"]
