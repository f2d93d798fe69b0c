"""Timelines: dated events built from the sentences that carry resolved dates, with evidence.

An event is a sentence holding a concrete date (a resolved DATE or TIME expression: day,
month, year, week, quarter or range; never a reference such as ``PRESENT_REF``, a duration
or a value with unknown parts). When a sentence holds dates of several granularities, the
finest dates it ("after taking office in 1999, he visited in July 2000" is a July 2000
event); two dates of the same granularity make two events. Within a story, events from any member are merged when they report the same
thing: the same or overlapping dates and similar sentences; the merged event keeps the
finest date, every evidence sentence and every supporting document. Background events
(a visit decades ago) stay on the timeline at their own dates.

Each event gets a ``status`` from the words of the clause that holds its date (cue lists
in ``lang/<code>/corpus.toml``): ``expected`` (diperkirakan, kemungkinan), ``planned``
(akan, dijadwalkan, berencana, nanti, will), ``happened`` (a past cue, or a date up to the
article's publication day), else ``reported`` (no cue, and a date after the publication day
or no publication date: see ``docs/time.md``). The same clause cues constrain the publication
date of articles dated from their story (:mod:`linimasa.corpus.dating`).

Hand-written: the event notion here is tied to linimasa's timex layer and sentence spans.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from linimasa.corpus.features import (
    GRANULARITY_ORDER,
    cosine,
    cue_words,
    parse_day,
    sentence_vectors,
    terms,
    value_interval,
    words,
)
from linimasa.lang.packs import DEFAULT_LANGUAGE, load_toml, resource_language
from linimasa.model import Document, Story, TimelineEvent, Timex
from linimasa.pipeline import CorpusResult
from linimasa.published import MIN_YEAR

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”„]|\s[-–—]\s|[.!?](?=\s|$)")
_CLAUSE_WINDOW = 2000
# Sentence and quotation breaks: the wider span looked at when the clause itself has no cue.
_STRONG_BREAK = re.compile(r"[;:\"“”„]|[.!?](?=\s|$)|\n")
_EARLIEST_PUBLICATION = dt.date(MIN_YEAR, 1, 1)
STATUS_RANK = {"happened": 0, "reported": 1, "planned": 2, "expected": 3}


# A timeline event with its evidence (the model's type; the name is kept for this module).
Event = TimelineEvent


# ------------------------------------------------------------------ clause cues


def _has_phrase(tokens: list[str], phrase: tuple[str, ...]) -> int:
    """Index after the last occurrence of ``phrase`` in ``tokens``, or -1."""
    n = len(phrase)
    for i in range(len(tokens) - n, -1, -1):
        if tuple(tokens[i : i + n]) == phrase:
            return i + n
    return -1


@functools.lru_cache(maxsize=4096)
def clause_cue(text: str, start: int, end: int, lang: str | None) -> str | None:
    """The modality of the clause holding ``text[start:end]``: planned, expected, past or None.

    Cached (a pure function): story dating asks it for the same expressions under every
    candidate date. Looks at the expression's own words ("24 Januari nanti"), then at the
    words of the same clause before the expression (the nearest cue wins,
    except that an ``expected`` cue anywhere there wins over ``planned``), then, when
    none is found, at the words after it up to the next clause break.
    """
    # A clause never spans more than a few hundred characters: look only that far, so the
    # cost per expression does not grow with the text (a long date-dense text was quadratic).
    before = text[max(0, start - _CLAUSE_WINDOW) : start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    m = _CLAUSE_BREAK.search(text, end, min(len(text), end + _CLAUSE_WINDOW))
    after = text[end : m.start()] if m else text[end : end + _CLAUSE_WINDOW]
    cues = cue_words(lang or DEFAULT_LANGUAGE)
    # the expression's own words first: "24 Januari nanti", "pekan mendatang" are planned
    own = words(text[start:end])
    after_tokens = words(after)
    for tokens in (own, words(before[cut:]), after_tokens):
        kinds: tuple[str, ...] = ("expected", "planned", "past", "ahead")
        if tokens is after_tokens and _speech_first(tokens, cues):
            kinds = ("past",)  # "Hari ini diketahui ... bakal dibangun": today it became known
        cue = _cue_in(tokens, cues, kinds)
        if cue is not None:
            return cue
    # No cue in the clause: the comma before a date often only sets it off from its own
    # clause ("dan akan menghadapi Chile, Rabu (28/6)", "KPK berencana memanggil ... e - KTP
    # pada Senin (3/7)"), so the rest of the sentence before it counts -- unless a speech
    # verb stands after that cue ("pihaknya akan memanggil X, kata Argo, Senin (14/5)",
    # "akan berkunjung, menurut media lokal pada Senin": the date is when it was said). A
    # date that opens its sentence ("Pada 2017, Marcus/Kevin sudah memenangi ...") takes a
    # cue of the clause after it (a plan only when no speech verb comes first).
    sentence_cut = max((m.end() for m in _STRONG_BREAK.finditer(before)), default=0)
    if sentence_cut < cut:
        tokens = words(before[sentence_cut:])
        found = _cues_at(words(before[sentence_cut:cut]), cues, ("expected", "planned", "past", "ahead"))
        speech = _cues_at(tokens, cues, ("speech",))
        # a speech verb after the cue ("akan ..., kata Argo, Senin"): the date is when it was
        # said; before it ("Argo mengatakan, pihaknya akan memanggil X, pekan ini"), the cue counts
        if found and not (speech and max(speech)[0] >= max(found)[0]):
            return _pick(found)
    if len(words(before[sentence_cut:])) <= 2:
        m = _STRONG_BREAK.search(text, end, min(len(text), end + _CLAUSE_WINDOW))
        tokens = words(text[end : m.start() if m else end + _CLAUSE_WINDOW])
        # "Hari ini, KBRI akan menulis surat": the plan of the clause after it, unless a
        # speech verb comes first ("Pada Senin (5/6), Presiden mengatakan akan datang": the
        # day it was said)
        found = _cues_at(tokens, cues, ("expected", "planned"))
        speech = _cues_at(tokens, cues, ("speech",))
        if found and not (speech and min(speech)[0] <= min(found)[0]):
            return _pick(found)
        return _cue_in(tokens, cues, ("past",))
    return None


def _speech_first(tokens: list[str], cues: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether a speech verb comes before the first planned or expected cue of ``tokens``: the
    plan is what was said, the date before it when it was said."""
    found = _cues_at(tokens, cues, ("expected", "planned"))
    speech = _cues_at(tokens, cues, ("speech",))
    return bool(found and speech and min(speech)[0] <= min(found)[0])


def _cues_at(
    tokens: list[str], cues: dict[str, tuple[tuple[str, ...], ...]], kinds: tuple[str, ...]
) -> list[tuple[int, str]]:
    """``(position after the last occurrence, kind)`` of each cue of ``kinds`` in ``tokens``."""
    found: list[tuple[int, str]] = []
    present = set(tokens)
    for kind in kinds:
        for phrase in cues.get(kind, ()):
            if phrase and phrase[0] not in present:  # most cue phrases are not there at all
                continue
            pos = _has_phrase(tokens, phrase)
            if pos >= 0:
                found.append((pos, kind))
    return found


def _pick(found: list[tuple[int, str]]) -> str | None:
    """The last cue, except that ``expected`` beats ``planned`` anywhere."""
    if not found:
        return None
    if any(k == "expected" for _, k in found) and any(k == "planned" for _, k in found):
        return "expected"
    return max(found)[1]


def _cue_in(tokens: list[str], cues: dict[str, tuple[tuple[str, ...], ...]], kinds: tuple[str, ...]) -> str | None:
    """The cue of ``tokens`` among ``kinds`` (:func:`_pick`)."""
    return _pick(_cues_at(tokens, cues, kinds))


def event_status(
    cue: str | None, last_day: dt.date, published: dt.date | None, first_day: dt.date | None = None
) -> str:
    """The status of an event from its clause cue and its dates against the publication day.
    Without a publication day, a date before the earliest one linimasa ever gives
    (``MIN_YEAR``: "letusan Gunung Tambora pada 11 April 1815") is past all the same."""
    if published is None and last_day < _EARLIEST_PUBLICATION:
        published = _EARLIEST_PUBLICATION
    if cue in ("expected", "planned"):
        if published is not None and last_day < published:
            # a plan for a day now past ("merencanakan pemboman ... pada tahun 2014" in a 2017
            # article): the text does not say whether it happened
            return "reported"
        return cue
    if cue == "ahead":
        # "menjelang pelantikan, 20 Oktober": the event to come when it is after the
        # publication day ("planned"); a day already past is news like any other
        if published is not None and first_day is not None and first_day > published:
            return "planned"
        cue = None
    # no cue: a date up to the publication day is news of what happened ("Rapat yang dihelat
    # pada Senin (20/11)" in an article of that Monday); a later one is only "reported"
    if published is not None and first_day is not None and first_day > published:
        return "reported"  # after the publication day it cannot have happened, whatever the cue
    if cue == "past" or (published is not None and last_day <= published):
        return "happened"
    return "reported"


# ------------------------------------------------------------------ events


def _date_value(value: str) -> str:
    """A TIMEX3 value at date granularity (times of day dropped, ranges kept)."""
    if "/" in value:
        a, _, b = value.partition("/")
        return f"{_date_value(a)}/{_date_value(b)}"
    return value.split("T", 1)[0]


def _sentence_spans(doc: Document) -> list[tuple[int, int]]:
    if doc.sentences:
        return [(s.start, s.end) for s in doc.sentences]
    return [(0, len(doc.text))] if doc.text else []


def sentence_of(spans: list[tuple[int, int]], offset: int) -> int:
    for i, (a, b) in enumerate(spans):
        if a <= offset < b:
            return i
    return -1


@functools.lru_cache(maxsize=16)
def _non_event_patterns(lang: str | None, key: str = "before") -> tuple[re.Pattern[str], ...]:
    data = load_toml(resource_language(lang), "time").get("non_events", {})
    # whole words: "ta" (tahun anggaran) must not match the end of "data"
    return tuple(re.compile(f"(?<![\\w-])(?:{p})", re.IGNORECASE) for p in data.get(key, []))


_NON_EVENT_LOOKBACK = 80
# A sentence end in the look-back: not a period before a number or a lower-case word, which
# ends an abbreviation ("UU No. 20 Tahun 2001", "Perpres No. 3 Tahun 2016").
_LOOKBACK_SENTENCE_END = re.compile(r"[.!?](?=\s+[^\s\da-z]|\s*$)|\n")
_CLOSE_PAREN = re.compile(r"\s*\)")
_RANGE_JOIN = re.compile(r"^\s*(?:[-–—/]|s\.?d\.?|hingga|sampai|to|until)\s*$", re.IGNORECASE)


def non_event_timexes(doc: Document) -> set[int]:
    """Indexes of the year and range expressions that are references, not events: a law by
    number and year ("UU Nomor 44 tahun 2008"), a term ("periode 2017 - 2022"), a season, a
    birth or founding year (patterns in ``lang/<code>/time.toml`` ``[non_events]``), a
    year pair after a post held ("Komisaris PT X pada 2000 - 2002", ``period_before``), any
    date of a publication note ("Berita ini telah terbit di Koran X, Senin (9/10/2017)",
    ``any_before``), a year or year pair alone in brackets after a title or name ("film
    Inception ( 2010 )", "Piala Winners ( 1984 )", "PSM Makassar (2004 - 2006 )",
    ``paren_before``), the end of a contract or a term at any granularity ("terikat kontrak
    hingga 30 Juni 2020", ``term_before``). The second year of a range whose first year is such a reference is one too."""
    patterns = _non_event_patterns(doc.lang)
    any_patterns = _non_event_patterns(doc.lang, "any_before")
    period_patterns = _non_event_patterns(doc.lang, "period_before")
    paren_patterns = _non_event_patterns(doc.lang, "paren_before")
    term_patterns = _non_event_patterns(doc.lang, "term_before")
    out: set[int] = set()
    prev_end = -1
    timexes = doc.timexes
    for k, t in enumerate(timexes):
        iv = value_interval(t.value)
        if t.type not in ("DATE", "TIME") or iv is None:
            continue
        before = doc.text[max(0, t.start - _NON_EVENT_LOOKBACK) : t.start]
        cut = max((m.end() for m in _LOOKBACK_SENTENCE_END.finditer(before)), default=0)
        before = before[cut:]
        if any(p.search(before) for p in any_patterns):
            out.add(k)  # "Berita ini telah terbit di Koran X, Senin (9/10/2017)": a note, any date
            continue
        if t.type == "DATE" and any(p.search(before) for p in term_patterns):
            out.add(k)  # "terikat kontrak hingga 30 Juni 2020": when a term ends, any granularity
            prev_end = t.end
            continue
        if t.type != "DATE" or iv[2] not in ("year", "range"):
            continue
        if prev_end >= 0 and _RANGE_JOIN.match(doc.text[prev_end : t.start]):
            out.add(k)
            prev_end = t.end
            continue
        nxt = timexes[k + 1] if k + 1 < len(timexes) else None
        pair = (
            iv[2] == "year"
            and nxt is not None
            and (niv := value_interval(nxt.value)) is not None
            and niv[2] == "year"
            and _RANGE_JOIN.match(doc.text[t.end : nxt.start]) is not None
        )
        titled = (
            iv[2] == "year"
            and any(p.search(before) for p in paren_patterns)
            and _CLOSE_PAREN.match(doc.text, nxt.end if pair and nxt is not None else t.end) is not None
        )
        if (
            titled
            or any(p.search(before) for p in patterns)
            or (pair and any(p.search(before) for p in period_patterns))
        ):
            out.add(k)
            prev_end = t.end
        else:
            prev_end = -1
    return out


def when(t: Timex) -> str | None:
    """The date a timex places on a timeline: its value for a DATE or TIME, the resolved
    ``interval`` of an anchored DURATION ("tiga hari ke depan": P3D over the next three days)."""
    if t.type in ("DATE", "TIME"):
        return t.value
    return t.interval if t.type == "DURATION" else None


_APPOSITION_GAP = re.compile(r"[\s,()–—-]*")


def _apposed_day_words(doc: Document) -> set[int]:
    """Indexes of day words without digits ("kemarin", "hari ini") set beside a written date
    with only punctuation between ("Kemarin, Selasa (31/10), ...", "pada Selasa (31/10)
    kemarin"): the same day named twice, so the sentence is one event, on the written date
    (the day word's own value may be off by the news day: an article of 2 November calling
    31 October "kemarin")."""
    out: set[int] = set()
    ts = doc.timexes
    for k in range(len(ts) - 1):
        a, b = ts[k], ts[k + 1]
        if not (_is_day(a) and _is_day(b)):
            continue
        if _APPOSITION_GAP.fullmatch(doc.text, a.end, b.start) is None:
            continue
        a_digits, b_digits = any(c.isdigit() for c in a.text), any(c.isdigit() for c in b.text)
        if a_digits and not b_digits:
            out.add(k + 1)
        elif b_digits and not a_digits:
            out.add(k)
    return out


def _is_day(t: Timex) -> bool:
    iv = value_interval(when(t))
    return iv is not None and iv[2] == "day"


def dated_sentences(doc: Document) -> list[tuple[int, int, list[Timex]]]:
    """``(start, end, timexes)`` of the sentences holding concrete dates, in text order
    (references that are not events, :func:`non_event_timexes`, and day words set beside a
    written date, :func:`_apposed_day_words`, left out)."""
    spans = _sentence_spans(doc)
    found: dict[int, list[Timex]] = defaultdict(list)
    skip = non_event_timexes(doc) | _apposed_day_words(doc)
    for k, t in enumerate(doc.timexes):
        if k in skip or value_interval(when(t)) is None:
            continue
        i = sentence_of(spans, t.start)
        if i >= 0:
            found[i].append(t)
    return [(spans[i][0], spans[i][1], found[i]) for i in sorted(found)]


def _specificity(t: Timex) -> tuple[int, int, int]:
    iv = value_interval(when(t))
    assert iv is not None
    return (GRANULARITY_ORDER[iv[2]] if iv[2] != "range" else 1, (iv[1] - iv[0]).days, t.start)


def document_events(doc: Document) -> list[Event]:
    """The events of ``doc``: per dated sentence, one for each distinct date of its finest granularity."""
    pub = parse_day(doc.published)
    out = []
    for a, b, timexes in dated_sentences(doc):
        finest = min(_specificity(t)[0] for t in timexes)
        sentence = doc.text[a:b].strip()
        lead = len(doc.text[a:b]) - len(doc.text[a:b].lstrip())
        values: set[str] = set()
        for t in timexes:
            value = _date_value(when(t) or "")
            iv = value_interval(value)
            if iv is None or _specificity(t)[0] != finest or value in values:
                continue
            values.add(value)
            cue = clause_cue(doc.text, t.start, t.end, doc.lang)
            out.append(
                Event(
                    date=value,
                    text=sentence,
                    documents=[doc.id],
                    status=event_status(cue, iv[1], pub, iv[0]),
                    granularity=iv[2],
                    evidence=[
                        {"document": doc.id, "text": sentence, "start": a + lead, "end": a + lead + len(sentence)}
                    ],
                )
            )
    return out


@dataclass
class EventMerger:
    """Merges events that report the same thing: compatible dates and similar sentences."""

    same_date_similarity: float = 0.2
    overlap_similarity: float = 0.25
    window: int = 200  # groups an event is compared with

    def merge(self, events: list[Event], lang: str | None, doc_rank: dict[str, int]) -> list[Event]:
        if not events:
            return []
        vecs = sentence_vectors([e.text for e in events], lang)
        groups: list[list[int]] = []
        group_iv: list[tuple[dt.date, dt.date]] = []
        group_finest: list[int] = []  # the first finest member of each group
        order = sorted(
            range(len(events)), key=lambda i: (_event_key(events[i]), doc_rank.get(events[i].documents[0], 0))
        )
        for i in order:
            iv = value_interval(events[i].date)
            assert iv is not None
            best, best_sim = -1, 0.0
            # events come by start date: only the latest groups can still overlap (bounded cost)
            for g in range(max(0, len(groups) - self.window), len(groups)):
                members = groups[g]
                giv = group_iv[g]
                if iv[1] < giv[0] or giv[1] < iv[0]:
                    continue
                same = events[members[0]].date == events[i].date
                need = self.same_date_similarity if same else self.overlap_similarity
                if not same and not _nested_or_fine(iv, giv):
                    continue
                sim = max(cosine(vecs[i], vecs[j]) for j in members[:20])
                if sim >= need and sim > best_sim:
                    best, best_sim = g, sim
            if best < 0:
                groups.append([i])
                group_iv.append((iv[0], iv[1]))
                group_finest.append(i)
            else:
                groups[best].append(i)
                if _fineness(events[i]) < _fineness(events[group_finest[best]]):
                    group_finest[best] = i
                finest = group_finest[best]
                fiv = value_interval(events[finest].date)
                assert fiv is not None
                group_iv[best] = (fiv[0], fiv[1])
        return [self._combine([events[j] for j in g], doc_rank) for g in groups]

    @staticmethod
    def _combine(members: list[Event], doc_rank: dict[str, int]) -> Event:
        finest = min(members, key=lambda e: (_fineness(e), doc_rank.get(e.documents[0], 0)))
        docs = sorted({d for e in members for d in e.documents}, key=lambda d: (doc_rank.get(d, 0), d))
        evidence = []
        seen = set()
        for e in sorted(members, key=lambda e: doc_rank.get(e.documents[0], 0)):
            for ev in e.evidence:
                key = (ev["document"], ev["start"])
                if key not in seen:
                    seen.add(key)
                    evidence.append(ev)
        status = min((e.status for e in members), key=STATUS_RANK.__getitem__)
        return Event(
            date=finest.date,
            text=finest.text,
            documents=docs,
            status=status,
            granularity=finest.granularity,
            evidence=evidence,
        )


def _fineness(e: Event) -> tuple[int, int]:
    iv = value_interval(e.date)
    assert iv is not None
    return (GRANULARITY_ORDER[iv[2]] if iv[2] != "range" else 1, (iv[1] - iv[0]).days)


def _event_key(e: Event) -> tuple[str, int]:
    iv = value_interval(e.date)
    assert iv is not None
    return (iv[0].isoformat(), (iv[1] - iv[0]).days)


def _nested_or_fine(a, b) -> bool:
    """Different dates merge only when one interval holds the other or both are short (<= a week)."""
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    short = (a[1] - a[0]).days <= 7 and (b[1] - b[0]).days <= 7
    return nested or short


def story_events(
    docs: list[Document], merger: EventMerger | None = None, known: Mapping[str, list[Event]] | None = None
) -> list[Event]:
    """The merged, date-ordered timeline of story members (canonical order); ``known``: some's events."""
    merger = merger or EventMerger()
    rank = {d.id: i for i, d in enumerate(docs)}
    events = [e for d in docs for e in (known[d.id] if known is not None and d.id in known else document_events(d))]
    lang = next((d.lang for d in docs if d.lang), None)
    merged = merger.merge(events, lang, rank)
    merged.sort(key=lambda e: (_event_key(e), e.documents[0]))
    return merged


LEAD_DAYS = 7  # how far before its first article a story may start (events of those days)


def story_span(events: list[Event], docs: list[Document], focus_days: int = 30) -> tuple[str | None, str | None]:
    """Start and end of the happening, and each event's ``placement``.

    With dated members: the end is the last member's publication date; the start is the
    first member's, or an earlier event at most ``LEAD_DAYS`` before it (the deed a story
    reports comes a few days before its first article). Events after the end are
    ``scheduled``, events before the start ``background``; both stay on the timeline and
    never move the span. Without dated members there is no span (``None, None``; a mentioned
    date may be history), every event ``span`` (``focus_days`` is unused, kept for callers).
    """
    pubs = [p for d in docs if (p := parse_day(d.published))]
    if not pubs:
        # No dated member: nothing says when the story happened. The dates its text mentions
        # may all be history (a birth date, an anniversary's base year), so none becomes the
        # span: start and end stay null and every event is "span" (there is no window to be
        # outside of).
        for e in events:
            e.placement = "span"
        return None, None
    first, last = min(pubs), max(pubs)
    start = first
    earliest = first - dt.timedelta(days=LEAD_DAYS)
    for e in events:
        iv = value_interval(e.date)
        if iv is None or iv[2] in ("year", "half", "quarter", "month"):
            continue
        if earliest <= iv[0] < start and iv[1] <= last:
            start = iv[0]
    for e in events:
        iv = value_interval(e.date)
        if iv is None:
            continue
        if iv[0] > last:
            e.placement = "scheduled"
        elif iv[1] < start:
            e.placement = "background"
        else:
            e.placement = "span"
    return start.isoformat(), last.isoformat()


def corpus_timeline(result: CorpusResult, similarity: float = 0.35, window: int = 50) -> list[TimelineEvent]:
    """The whole corpus on one timeline: every story's events, the same event across stories merged.

    Events of different stories merge only with the same date and similar words (shared
    background, such as an earlier summit that several stories recall); each date group
    compares an event with at most ``window`` earlier groups, so the cost stays linear.
    """
    return stories_timeline(result.stories, {d.id: d.lang for d in result.documents}, similarity, window)


def event_terms(story: Story, langs: Mapping[str, str | None]) -> list[frozenset[str]]:
    """The content terms of each of the story's timeline events, which :func:`stories_timeline`
    compares across stories. An engine computes them where it built the story's timeline:
    that process has just stemmed the same sentences (stems are cached per process, and an
    uncached Indonesian stem costs about 0.1 ms)."""
    return [frozenset(terms(e.text, langs.get(e.documents[0]) if e.documents else None)) for e in story.timeline]


def stories_timeline(
    stories: list[Story],
    langs: dict[str, str | None],
    similarity: float = 0.35,
    window: int = 50,
    bags: Mapping[str, list[frozenset[str]]] | None = None,
) -> list[TimelineEvent]:
    """:func:`corpus_timeline` from the stories and each document's language; ``bags`` has
    the :func:`event_terms` of the stories whose terms were computed already (by story id)."""
    by_date: dict[str, list[tuple[frozenset[str], Event]]] = defaultdict(list)
    members: dict[int, set[str]] = {}  # id(merged event) -> its documents, for membership tests
    for story in stories:
        story_bags = bags.get(story.id) if bags is not None else None
        if story_bags is None:
            story_bags = event_terms(story, langs)
        for e, bag in zip(story.timeline, story_bags, strict=True):
            bucket = by_date[e.date]
            target = None
            for bag2, e2 in bucket[-window:]:
                union = len(bag | bag2)
                if union and len(bag & bag2) / union >= similarity:
                    target = e2
                    break
            if target is None:
                copy = Event(
                    date=e.date,
                    text=e.text,
                    documents=list(e.documents),
                    status=e.status,
                    granularity=getattr(e, "granularity", "day"),
                    evidence=list(getattr(e, "evidence", [])),
                    placement=getattr(e, "placement", "span"),
                )
                bucket.append((bag, copy))
                members[id(copy)] = set(copy.documents)
            else:
                known = members[id(target)]
                for d in e.documents:
                    if d not in known:  # a set, not the list: events shared by many stories grow long
                        known.add(d)
                        target.documents.append(d)
                target.evidence.extend(getattr(e, "evidence", []))
                if STATUS_RANK[e.status] < STATUS_RANK[target.status]:
                    target.status = e.status
    events = [e for bucket in by_date.values() for _, e in bucket]
    events.sort(key=lambda e: (_event_key(e), e.documents[0] if e.documents else ""))
    return events
