"""A continued clustering pass (corpus/increment.py): a new dated document may join a stored story
whose members have no dates (docs/incremental.md).

One pass visits the documents with date evidence first and the undated ones last, so an undated
article meets the stories of the dated ones (by the blocking postings of every story) and joins
one by the undated test (:class:`~linimasa.corpus.clustering.ClusterPass`). A continued pass places the
new documents after the stored ones: an undated article stored before a dated article of its
happening arrives has a story of its own, with no dates, which the dated article's candidates
(the postings of its days) never name. So a new document with dates that would found a story
looks up the stored stories without dates among the postings of its keys, and joins the best one
the undated test of one pass lets that story's articles join the new document's story with:
the same score and test (:func:`~linimasa.corpus.clustering.join_score`, text and entities, no time
factor: the undated article has no dates; :func:`~linimasa.corpus.clustering.undated_joins`, with the
threshold as the rival's score), unless the story's lead candidate days place it in the new
document's time (then the threshold is enough).
The story is then finalised again, its undated members dated from it.
"""

from collections import Counter
from collections.abc import Callable

from linimasa.corpus.clustering import (
    ClusterDoc,
    ClusterPass,
    ClusterStory,
    StoryClusterer,
    dated_happening,
    join_score,
    placed_near,
    undated_joins,
)
from linimasa.corpus.features import Vector, cosine


def undated_adopter(
    clusterer: StoryClusterer, run: ClusterPass, stored_dated: dict[int, set[int]], n_stored: int
) -> Callable[..., tuple[int, float]]:
    """The ``adopt`` hook of a continued pass: ``(story, score)`` a document that founds no story
    joins, ``(-1, threshold)`` when no stored story without dates takes it. ``stored_dated``: the
    stored stories the dated postings of a key name (they have dates: not loaded to be looked at),
    ``n_stored`` the number of stored stories."""

    cfg = clusterer.config

    def placed(f: ClusterDoc, s: ClusterStory) -> bool:
        # the story's (undated founder's) lead candidate days near the new document's first days
        return bool(s.cands) and placed_near(cfg, s.cands, (min(a for a, _ in f.points), max(b for _, b in f.points)))

    def adopt(
        f: ClusterDoc, vec: Vector, evec: Vector, enorm: float, keys: list[int], deferred: list[int]
    ) -> tuple[int, float]:
        best, best_score = -1, cfg.threshold
        if not f.points:
            return best, best_score  # (its candidates came from the postings of every story already)
        hits: Counter[int] = Counter()
        for k in keys:
            hits.update(run.free_index.get(k, ()))
        # ``deferred``: the stories without dates that the dated postings name (their members'
        # year-less days index them), left to this test by the pass
        dated = {s for k in keys for s in stored_dated.get(k, ())} - set(deferred)
        for s in [s for s in hits if s < n_stored and s in dated]:
            del hits[s]
        ranked = [s for s, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.max_candidates]]
        ranked += [s for s in deferred if s not in ranked]
        prefetch = getattr(run.stories, "prefetch", None)
        if prefetch is not None:
            prefetch(ranked)
        # the story the new document founds (it has dates) as the one pass's undated test sees it
        happening = dated_happening(cfg, True, f.events, f.series)
        for s_idx in ranked:
            s = run.stories[s_idx]
            if s.span is not None or s.events:
                continue
            text = cosine(vec, s.centroid, s.norm)
            if cfg.talk_series and f.series and text < cfg.talk_text:
                continue  # (talk about a series happening's actors)
            score = join_score(cfg, text, evec, enorm, s)
            if not placed(f, s) and not undated_joins(cfg, text, score, happening, cfg.threshold):
                continue
            if score > best_score or (score == best_score and best >= 0 and s.first < run.stories[best].first):
                best, best_score = s_idx, score
        return best, best_score

    return adopt
