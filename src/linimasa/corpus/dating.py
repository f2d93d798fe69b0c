"""Cross-document dates: an article whose text cannot pin down its publication date takes it
from its story.

"Kamis (25/4)" fits several years; "pada Senin" and "minggu ini" fit any week. Once the
article is in a story, the story's dated members narrow it down:

1. Years: the article's candidate years (from the time stage) intersected with the years
   of the story's dated members. An article without candidate years (no year-less
   weekday+date in its lead) is dated from its story only when the story is one happening
   (its dated members within ``tight_days`` of each other), the best day breaks none of
   its tense cues, and either a sentence agrees with the members or the tense cues alone
   leave at most ``tight_days`` of possible days; or when it is a copy of a dated member; one with such a date chooses only
   among that date's candidate full dates within ``window_days`` of a member
   (``require_own_evidence``; precision first).
2. Candidate days: every day within ``window_days`` of the dated members most similar to
   the article, in the allowed years.
3. Each candidate day is tried as the publication date: the article's expressions are
   re-resolved against it (``linimasa.time.resolve_document``; without it, the candidate
   full dates of year-less expressions are used) and the day is scored by
   - consistency: a date in a clause announced as future (akan, dijadwalkan, diperkirakan)
     must lie after the publication day, a date narrated as past (telah, sudah, lalu) on or
     before it; each violation costs one point;
   - agreement: each sentence with a date is compared with the dated sentences of the
     other members that resemble it, and scores the best overlap of their date intervals
     times the similarity of the two sentences
     ("minggu ini" next to "the forum on 10-13 September" agrees with the week of the forum).
4. The best day wins; ties go to the day nearest the story's dated members, then the
   earliest. Its year-less expressions are then re-resolved for good and
   ``published_from`` is ``story``.

Before that, every undated document whose lead holds a year-less weekday+date ("Jakarta,
Minggu (19/3)") is pinned to the one full date of it, if exactly one, that lies inside the
span of the run's dated documents (``input``/``html``/``url``/``text``; the 5 % earliest and
latest left out so that stray dates do not widen it) widened by
``RUN_WINDOW_MARGIN_DAYS`` (90 days) on each side: a weekday fits a given day and month
once in about six years, so a span of two or three years usually holds one. The date is
then the publication date with ``published_from = "text"`` and
``features.time.year_basis = "weekday+run-window"``; with several fitting dates it stays
unknown (the candidates stay in ``features.time.lead_dates``). A lead date whose year the
time stage took from the document's own years (``OVERRULED_BASES``) and that lies outside
that span yields to its one candidate inside it, with a warning: the years an article
writes are often history ("Kamis (1/6)" read as 2006 in a 2017 article about a 2006 case).
On IndoSum a margin of 183 days let in 7 wrong years and no right one more than 90 days.

Hand-written: the constraint scheme is specific to linimasa's timex and story layers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from linimasa.corpus.duplicates import canonical_key
from linimasa.corpus.features import (
    cosine,
    interval_jaccard,
    publication_date,
    sentence_vectors,
    value_interval,
)
from linimasa.corpus.timeline import clause_cue, dated_sentences
from linimasa.model import Document, Timex
from linimasa.pipeline import CorpusResult
from linimasa.published import set_published
from linimasa.time.stage import resolve_document

Resolver = Callable[[Document, dt.date, str], Document | None]

RUN_WINDOW_MARGIN_DAYS = 90
# Year bases of the time stage that the run window overrules (StoryDatingStage._overruled).
OVERRULED_BASES = ("weekday+document-years", "weekday+mentioned-year", "weekday+elapsed", "weekday")
WINDOW_SOURCES = ("input", "html", "url", "text")


def dated_window(dates: list[date]) -> tuple[date, date] | None:
    """The span of a run's publication dates, 5 % trimmed at each end, widened by the margin."""
    ds = sorted(dates)
    if not ds:
        return None
    trim = len(ds) // 20
    kept = ds[trim : len(ds) - trim] or ds
    margin = dt.timedelta(days=RUN_WINDOW_MARGIN_DAYS)
    return kept[0] - margin, kept[-1] + margin


def self_dated(published_from: str | None, year_basis: str | None) -> bool:
    """Whether a publication date found so counts in the run window: dated by the document's own
    evidence, and not a lead date whose year the run window may overrule (``OVERRULED_BASES``:
    counted, a 2006 history date widened the window to 2006 and was never overruled)."""
    return published_from in WINDOW_SOURCES and not (published_from == "text" and year_basis in OVERRULED_BASES)


def window_of(docs: list[Document]) -> tuple[date, date] | None:
    """:func:`dated_window` of the documents dated by their own evidence (:func:`self_dated`)."""
    return dated_window(
        [
            p
            for d in docs
            if self_dated(d.published_from, (d.features.get("time") or {}).get("year_basis"))
            and (p := publication_date(d)) is not None
        ]
    )


def _lead_dates(doc: Document) -> list[date]:
    """The candidate full dates of the document's year-less lead weekday+date (time stage)."""
    out = []
    for c in (doc.features.get("time") or {}).get("lead_dates") or []:
        try:
            out.append(dt.date.fromisoformat(str(c)))
        except ValueError:
            continue
    return out


def _lead_weekday(doc: Document) -> int | None:
    """The lead's bare reporting weekday (0 = Monday) the time stage found, if any."""
    wd = (doc.features.get("time") or {}).get("lead_weekday")
    return wd if isinstance(wd, int) and 0 <= wd <= 6 else None


def pin_in_window(doc: Document, window: tuple[date, date] | None) -> date | None:
    """The one candidate date of the document's lead weekday+date inside ``window``, if exactly one."""
    if window is None:
        return None
    inside = [d for d in _lead_dates(doc) if window[0] <= d <= window[1]]
    return inside[0] if len(inside) == 1 else None


def candidate_years(doc: Document) -> set[int]:
    """Years the time stage left open for the document (its year-less dates agree in them)."""
    feats = doc.features.get("time") or {}
    years = {int(y) for y in feats.get("candidate_years") or [] if str(y).isdigit()}
    if years:
        return years
    sets = []
    for t in doc.timexes:
        ys = {int(c[:4]) for c in t.candidates if c[:4].isdigit()}
        if ys:
            sets.append(ys)
    return set.intersection(*sets) if sets else set()


@dataclass
class _Member:
    doc: Document
    pub: date  # (a plain name: mypyc resolves a compiled dataclass's field types by name)
    sentences: list[tuple[str, list[tuple[date, date]]]] = field(default_factory=list)


def _value_at(t: Timex, anchor: dt.date) -> str | None:
    """A timex value under ``anchor`` without a resolver: concrete, or the candidate of that year."""
    if value_interval(t.value):
        return t.value
    best = None
    for c in t.candidates:
        iv = value_interval(c)
        if iv and (best is None or abs(iv[0].year - anchor.year) < abs(best[1].year - anchor.year)):
            best = (c, iv[0])
    return best[0] if best and best[1].year == anchor.year else None


@dataclass
class StoryDater:
    """Chooses a publication date for an undated member of a story (see the module doc)."""

    resolver: Resolver | None = None
    window_days: int = 21
    max_members: int = 6
    max_pool: int = 50  # dated members compared with the article as a whole
    min_similarity: float = 0.1
    violation_cost: float = 1.0
    require_own_evidence: bool = True  # see choose(): the lead's candidates, or a tight story
    tight_days: int = 7
    # Dating an article that has nothing of its own naming the day (no year-less lead
    # weekday+date) from its story alone. Off by default: on IndoSum (URL dates as gold) such
    # picks were within a day of the truth 8 times in 47, although the members' own dates were
    # right; only about one undated story member in five is published within three days of a
    # dated member, so nearness to the members is no evidence of the day.
    story_only: bool = False

    def choose(self, doc: Document, dated: list[Document]) -> tuple[dt.date, dict] | None:
        if not dated:
            return None
        years = candidate_years(doc)
        lead = _lead_dates(doc)
        weekday = _lead_weekday(doc)
        if self.require_own_evidence and not lead:
            # precision first: with nothing of its own that names the day (no year-less
            # weekday+date in the lead), an article takes a day near the members only when
            # the story is one happening, its dated members within ``tight_days`` of each
            # other; on IndoSum, whose stories often run for weeks, picks from loose stories
            # were within a day of the truth about one time in ten
            pubs = [p for d in dated if (p := publication_date(d)) is not None]
            if not pubs or (max(pubs) - min(pubs)).days > self.tight_days:
                return None
        members = self._nearest_members(doc, dated)
        member_years = {m.pub.year for m in members}
        allowed = (years & member_years) or (years & {y + d for y in member_years for d in (-1, 1)}) if years else None
        if years and not allowed:
            return None
        anchors = sorted(
            {
                m.pub + dt.timedelta(days=k)
                for m in members
                for k in range(-self.window_days, self.window_days + 1)
                if allowed is None or (m.pub + dt.timedelta(days=k)).year in allowed
            }
        )
        if not lead and weekday is not None:
            # the lead's "pada Senin" names the day up to its week: only that weekday is tried
            anchors = [a for a in anchors if a.weekday() == weekday]
        if self.require_own_evidence and lead:
            # the lead's weekday+date names the reporting day up to its year: the story only
            # chooses among its candidate dates (those near a dated member)
            anchors = [a for a in lead if any(abs((a - m.pub).days) <= self.window_days for m in members)]
        if not anchors:
            return None
        own = self._own_sentences(doc)
        texts = [s for s, _ in own] + [s for m in members for s, _ in m.sentences]
        vecs = sentence_vectors(texts, doc.lang) if texts else []
        own_vecs = vecs[: len(own)]
        member_vecs = vecs[len(own) :]
        member_ivs = [ivs for m in members for _, ivs in m.sentences]
        # the member sentences each own sentence resembles (independent of the anchor)
        alignment: list[list[tuple[float, list[tuple[dt.date, dt.date]]]]] = []
        for v in own_vecs:
            aligned = []
            for mv, ivs in zip(member_vecs, member_ivs, strict=True):
                sim = cosine(v, mv) if ivs else 0.0
                if sim >= self.min_similarity:
                    aligned.append((sim, ivs))
            alignment.append(aligned)

        scored = []
        for a in anchors:
            values = self._values(doc, a)
            score, violations = self._score(doc, values, own, alignment, a)
            nearest = min(abs((a - m.pub).days) for m in members)
            scored.append((-(score - self.violation_cost * violations), nearest, a, score, violations))
        scored.sort()
        _, nearest, best_anchor, score, violations = scored[0]
        if self.require_own_evidence and not lead:
            if violations:
                return None  # no day agrees with the article's own tense cues
            # the days the article's own tense cues allow ("telah tiba pada Minggu (21/4)",
            # "dijadwalkan pada Kamis (25/4)") must lie within ``tight_days``; agreement with
            # the members' sentences is enough only with the lead's own reporting weekday
            # (``story_only`` restores the old rule: any agreement). On IndoSum, picks made
            # on agreement alone were within a day of the URL date 8 times in 47.
            free = [x[2] for x in scored if x[4] == 0]
            narrow = (max(free) - min(free)).days <= self.tight_days
            if not (narrow or (score > 0 and (weekday is not None or self.story_only))):
                return None
        return best_anchor, {
            "agreement": round(score, 4),
            "violations": violations,
            "days_from_members": nearest,
            "members": [m.doc.id for m in members],
        }

    def _nearest_members(self, doc: Document, dated: list[Document]) -> list[_Member]:
        if len(dated) > self.max_pool:  # a big story: an even sample of its dated members
            step = len(dated) / self.max_pool
            dated = [dated[int(i * step)] for i in range(self.max_pool)]
        texts = [doc.text] + [d.text for d in dated]
        vecs = sentence_vectors(texts, doc.lang)
        ranked = sorted(range(len(dated)), key=lambda i: (-cosine(vecs[0], vecs[i + 1]), canonical_key(dated[i])))
        out = []
        for i in ranked[: self.max_members]:
            d = dated[i]
            pub = publication_date(d)
            assert pub is not None
            sents = []
            for a, b, timexes in dated_sentences(d):
                ivs = [iv[:2] for t in timexes if (iv := value_interval(t.value))]
                sents.append((d.text[a:b], ivs))
            out.append(_Member(d, pub, sents))
        return out

    @staticmethod
    def _own_sentences(doc: Document) -> list[tuple[str, list[int]]]:
        """The article's sentences that hold any temporal expression, with those timexes' indexes."""
        spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        out: dict[int, list[int]] = defaultdict(list)
        for k, t in enumerate(doc.timexes):
            if t.type not in ("DATE", "TIME"):
                continue
            for i, (a, b) in enumerate(spans):
                if a <= t.start < b:
                    out[i].append(k)
                    break
        return [(doc.text[spans[i][0] : spans[i][1]], ks) for i, ks in sorted(out.items())]

    def _values(self, doc: Document, anchor: dt.date) -> list[str | None]:
        """The value of each of the document's timexes when published on ``anchor``."""
        base = [_value_at(t, anchor) for t in doc.timexes]
        if self.resolver is None:
            return base
        trial = replace(
            doc,
            # built directly: dataclasses.replace inspects the fields on every call (once per
            # timex per candidate date)
            timexes=[
                Timex(t.text, t.start, t.end, t.type, t.value, t.mod, t.anchor, list(t.candidates)) for t in doc.timexes
            ],
            features=dict(doc.features),  # the resolver replaces top-level keys only
            warnings=list(doc.warnings),
        )
        try:
            out = self.resolver(trial, anchor, "story") or trial
        except Exception:  # a resolver bug must not stop the corpus stage
            return base
        resolved = {(t.start, t.end): t.value for t in out.timexes}
        return [
            v if value_interval(v := resolved.get((t.start, t.end))) else b
            for t, b in zip(doc.timexes, base, strict=True)
        ]

    @staticmethod
    def _score(doc, values, own, alignment, anchor: dt.date) -> tuple[float, int]:
        violations = 0
        for t, v in zip(doc.timexes, values, strict=True):
            iv = value_interval(v)
            if iv is None:
                continue
            cue = clause_cue(doc.text, t.start, t.end, doc.lang)
            if cue in ("planned", "expected"):
                last_allowed = iv[0] - dt.timedelta(days=1) if iv[2] == "day" else iv[1]
                violations += anchor > last_allowed
            elif cue == "past":
                violations += anchor < iv[0]
        score = 0.0
        for (_, ks), aligned in zip(own, alignment, strict=True):
            best = 0.0
            for k in ks:
                iv = value_interval(values[k])
                if iv:
                    for sim, ivs in aligned:
                        best = max(best, sim * max(interval_jaccard(iv[:2], m) for m in ivs))
            score += best
        return score, violations


@dataclass
class StoryDatingStage:
    """Dates the undated members of each story from its dated members (``published_from="story"``)."""

    name: str = "story-dates"
    dater: StoryDater | None = None
    window: tuple[date, date] | None = None  # the run's dated span (else the documents' own)

    @staticmethod
    def _overruled(doc: Document, window: tuple[date, date] | None) -> bool:
        """Whether the run window overrules a lead date whose year came from the document's
        own years (``OVERRULED_BASES``): it lies outside the window, and one of its other
        candidate dates inside (on IndoSum the document's years were history, "Kamis (1/6)"
        read as 2006 in a 2017 article)."""
        feats = doc.features.get("time") or {}
        if window is None or doc.published_from != "text" or feats.get("year_basis") not in OVERRULED_BASES:
            return False
        p = publication_date(doc)
        return p is not None and not window[0] <= p <= window[1]

    def __call__(self, result: CorpusResult) -> CorpusResult:
        dater = self.dater or StoryDater(resolver=resolve_document)
        window = self.window or window_of(result.documents)
        for doc in result.documents:
            if publication_date(doc) is not None and not self._overruled(doc, window):
                continue
            pinned = pin_in_window(doc, window)
            if pinned is None:
                continue
            if doc.published is not None:
                doc.warnings.append(
                    f"time: the year of the lead date ({doc.published[:10]}, from the document's own years) "
                    f"is outside the run's dated span; read as {pinned.isoformat()}"
                )
                set_published(doc, None, None)  # set again below
            if dater.resolver is not None:
                try:
                    dater.resolver(doc, pinned, "text")
                except Exception as exc:
                    doc.warnings.append(f"run-window dating: re-resolution failed: {type(exc).__name__}: {exc}")
            set_published(doc, pinned.isoformat(), "text")
            feats = doc.features.setdefault("time", {})
            feats["year_basis"] = "weekday+run-window"
            feats["published_evidence"] = "lead date"
        stories: dict[str, list[Document]] = defaultdict(list)
        for d in result.documents:
            if d.story:
                stories[d.story].append(d)
        for members in stories.values():
            dated = [d for d in members if publication_date(d) and not d.duplicate_of]
            for doc in members:
                if publication_date(doc) is not None:
                    continue
                original = next((m for m in members if m.id == doc.duplicate_of), None)
                choice = None
                original_date = publication_date(original) if original is not None else None
                if original is not None and original_date:
                    choice = (original_date, {"copy_of": original.id})
                elif dated:
                    choice = dater.choose(doc, dated)
                if choice is None:
                    continue
                anchor, evidence = choice
                if dater.resolver is not None:
                    try:
                        dater.resolver(doc, anchor, "story")
                    except Exception as exc:  # keep the date, report the failed re-resolution
                        doc.warnings.append(f"story dating: re-resolution failed: {type(exc).__name__}: {exc}")
                set_published(doc, anchor.isoformat(), "story")
                doc.features["story_dating"] = {"published": doc.published, **evidence}
        return result
