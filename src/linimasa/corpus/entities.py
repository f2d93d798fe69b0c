"""Corpus-level entities: one :class:`Entity` per id, with every alias and a document count.

Documents are analysed apart (pools, Spark), so each one only knows its own names. Here,
with all of them together, a person written only by surname in one article ("Putin") is
linked to the full name another article gives ("Vladimir Putin") when that is the only
candidate (or by far the most reported one), and each id gets one display name: the form
most mentions use ("Kim Jong-un" over "Kim Jong Un"). Mentions and quote speakers are
updated to match, so documents.jsonl and entities.jsonl agree.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from linimasa.entities.aliases import entity_id
from linimasa.entities.gazetteer import fold
from linimasa.model import Entity
from linimasa.pipeline import CorpusResult

_DOMINANCE = 3  # a surname goes to the most reported full name if it has this many times the documents of the next


class EntityCorpusStage:
    """Fills ``result.entities`` and unifies short-form person ids across documents."""

    name = "entities-corpus"

    def __call__(self, result: CorpusResult) -> CorpusResult:
        docs = result.documents
        remap = self._surname_links(result)
        names: dict[str, Counter] = defaultdict(Counter)
        for d in docs:
            for m in d.entities:
                if m.id in remap:
                    m.id, m.name = remap[m.id]
                names[m.id][m.name] += 1
            for q in d.quotes:
                if q.speaker_id in remap:
                    q.speaker_id, q.speaker = remap[q.speaker_id]
        display = {i: c.most_common(1)[0][0] for i, c in names.items()}
        aliases: dict[str, dict[str, None]] = defaultdict(dict)
        doc_count: Counter = Counter()
        types: dict[str, str] = {}
        for d in docs:
            seen = set()
            for m in d.entities:
                m.name = display.get(m.id, m.name)
                aliases[m.id][m.text] = None
                types[m.id] = m.type
                seen.add(m.id)
            doc_count.update(seen)
            for q in d.quotes:
                if q.speaker_id in display:
                    q.speaker = display[q.speaker_id]
        result.entities = [
            Entity(
                id=i,
                name=display[i],
                type=types[i],
                aliases=sorted(aliases[i], key=lambda a: (a != display[i], a)),
                documents=doc_count[i],
            )
            for i in sorted(display, key=lambda i: (-doc_count[i], i))
        ]
        return result

    def _surname_links(self, result: CorpusResult) -> dict[str, tuple[str, str]]:
        """One-word person ids -> (id, name) of the full name they abbreviate, when unambiguous."""
        full_docs: dict[str, set[str]] = defaultdict(set)
        full_name: dict[str, str] = {}
        single: set[str] = set()
        for d in result.documents:
            for m in d.entities:
                if m.type != "PER" or not m.name:
                    continue
                if len(m.name.split()) >= 2:
                    full_docs[m.id].add(d.id)
                    full_name.setdefault(m.id, m.name)
                else:
                    single.add(m.id)
        by_token: dict[str, list[str]] = defaultdict(list)
        for i, n in full_name.items():
            parts = [p for p in re.split(r"\s+", fold(n)) if p]
            for p in {parts[0], parts[-1]}:
                by_token[p].append(i)
        out: dict[str, tuple[str, str]] = {}
        for i in single:
            token = i.split(":", 1)[1]
            cands = sorted(by_token.get(token, []), key=lambda c: -len(full_docs[c]))
            if not cands:
                continue
            if len(cands) == 1 or len(full_docs[cands[0]]) >= _DOMINANCE * len(full_docs[cands[1]]):
                out[i] = (cands[0], full_name[cands[0]])
        return out


__all__ = ["EntityCorpusStage", "entity_id"]
