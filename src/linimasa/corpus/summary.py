"""Extractive story summaries: 3 to 5 sentences from the story's articles, each with its document.

Sentences are scored by how close their stemmed, stopword-free TF-IDF vector is to the
story's centroid (what the articles keep saying), with a small bonus for an article's
lead, where news puts the essentials. Picking is greedy by score with a redundancy cut (a
thresholded maximal marginal relevance): a sentence too similar to one already picked is
skipped, so no two summary sentences say the same
thing (copies and rewrites of the same wire repeat sentences almost word for word). The
picked sentences are given in story order (earliest article first, then text order).

Hand-written because the extractive summarisers in libraries are English-only (stopwords,
stemming) and know nothing of story members.
"""

from __future__ import annotations

from dataclasses import dataclass

from linimasa.corpus.features import Vector, cosine, normalise, sentence_vectors, word_count
from linimasa.model import Document


@dataclass
class Summarizer:
    min_sentences: int = 3
    max_sentences: int = 5
    min_words: int = 6
    max_words: int = 60
    per_document: int = 12  # sentences considered per article (leads matter most)
    max_documents: int = 30
    redundancy: float = 0.5  # two sentences this similar say the same thing
    lead_bonus: float = 0.15

    def summarize(self, docs: list[Document]) -> list[dict[str, str]]:
        """``{text, document}`` items for the story made of ``docs`` (canonical order, no copies)."""
        lang = next((d.lang for d in docs if d.lang), None)
        return self.pick([(d.id, self.candidates(d)) for d in docs[: self.max_documents]], lang, len(docs))

    def candidates(self, d: Document) -> list[tuple[int, str]]:
        """``(position, text)`` of the document's sentences a summary may take (a function of its text)."""
        out = []
        spans = [(s.start, s.end) for s in d.sentences] or [(0, len(d.text))]
        for pos, (a, b) in enumerate(spans[: self.per_document]):
            text = " ".join(d.text[a:b].split())
            n = word_count(text)
            if self.min_words <= n <= self.max_words:
                out.append((pos, text))
        return out

    def pick(
        self, found: list[tuple[str, list[tuple[int, str]]]], lang: str | None, n_docs: int
    ) -> list[dict[str, str]]:
        """:meth:`summarize` from the :meth:`candidates` of the first ``max_documents`` documents
        (``(id, candidates)`` in canonical order) of ``n_docs``, their language ``lang``."""
        cands: list[tuple[int, int, str, str]] = []  # (doc rank, position, text, doc id)
        for rank, (doc_id, items) in enumerate(found[: self.max_documents]):
            cands.extend((rank, pos, text, doc_id) for pos, text in items)
        if not cands:
            return []
        vecs = sentence_vectors([c[2] for c in cands], lang)
        centroid: Vector = {}
        for v in vecs:
            for t, w in v.items():
                centroid[t] = centroid.get(t, 0.0) + w
        centroid = normalise(centroid)
        relevance = [cosine(v, centroid) + self.lead_bonus / (1 + c[1]) for v, c in zip(vecs, cands, strict=True)]
        want = min(self.max_sentences, max(self.min_sentences, n_docs + 2))
        picked: list[int] = []
        seen_texts: set[str] = set()
        for i in sorted(range(len(cands)), key=lambda i: (-relevance[i], cands[i][0], cands[i][1])):
            if len(picked) >= want:
                break
            if not vecs[i] or cands[i][2].lower() in seen_texts:
                continue
            if any(cosine(vecs[i], vecs[j]) >= self.redundancy for j in picked):
                continue
            picked.append(i)
            seen_texts.add(cands[i][2].lower())
        picked.sort(key=lambda i: (cands[i][0], cands[i][1]))
        return [{"text": cands[i][2], "document": cands[i][3]} for i in picked]
