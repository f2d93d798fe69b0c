"""Temporal stage: tags and normalises temporal expressions and fills in the publication date.

The anchor is the publication date the cleaning stage found (input, HTML, URL or a
timestamp line); when there is none, :mod:`linimasa.time.published` infers it (metadata and
URL first, then the text) and sets ``published_from``. Expressions that cannot be resolved
without an anchor keep X placeholders and their candidate values, and
``doc.features["time"]`` carries the evidence (candidate years, explicit dates) the story
stage uses to date such documents, which it applies with :func:`resolve_document`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from linimasa.lang.packs import resource_language
from linimasa.model import Document, Timex
from linimasa.published import set_published
from linimasa.time.interpret import Spec, interpret
from linimasa.time.lexicon import Lexicon, lexicon
from linimasa.time.published import (
    MIN_YEAR,
    YearDecision,
    decide_year,
    from_metadata,
    from_text,
    lead_date,
    lead_weekday,
    night_report,
    parse_date_time,
    reporting_offset,
    timestamp_line,
)
from linimasa.time.resolve import Resolver, valid, weekday_years

_TRUSTED_SOURCES = ("input", "html", "url", "text")


def system_today() -> dt.date:
    """The run's date (a module-level function so stages stay picklable; tests inject their own)."""
    return dt.date.today()


def _label(source: str | None) -> str:
    return "published" if source in _TRUSTED_SOURCES or source is None else source


def _stamp_hour(doc: Document, anchor: dt.date, lex: Lexicon, today: dt.date) -> int | None:
    """The hour of the timestamp line that gave ``anchor`` (the cleaner may have cut the line)."""
    for source in (doc.text, doc.raw):
        lines = [ln for ln in (source or "").splitlines() if ln.strip()]
        if not lines:
            continue
        head_tail = "\n".join(lines[:3] + lines[-6:])
        found = timestamp_line(head_tail, interpret(head_tail, lex.lang), lex, today)
        if found is not None and found[0] == anchor:
            return found[1]
    return None


def _year_evidence(specs: list[Spec], text: str, lex: Lexicon, today: dt.date) -> YearDecision | None:
    base = lead_date(specs, lex) or next(
        (s for s in specs if s.kind == "date" and s.weekday is not None and s.day and s.year is None), None
    )
    if base is None or base.year is not None:
        return None
    return decide_year(base, specs, text, lex, today)


def _lead_dates(specs: list[Spec], lex: Lexicon, text: str, today: dt.date) -> list[str]:
    """Every full date the lead's year-less weekday+date can be (its weekday fits), for the
    corpus stage to pin within the span of the run's dated documents."""
    base = lead_date(specs, lex, text)
    if base is None or base.year is not None or base.weekday is None or base.month is None or base.day is None:
        return []
    offset = dt.timedelta(days=reporting_offset(text, base, lex) or int(night_report(base, lex)))
    out = []
    for y in weekday_years(base.month, base.day, base.weekday, MIN_YEAR, today.year):
        d = valid(y, base.month, base.day)
        if d is not None and d + offset <= today:
            out.append((d + offset).isoformat())
    return out


def _features(
    timexes: list[Timex], anchor: dt.date | None, decision: YearDecision | None, evidence: str | None
) -> dict[str, Any]:
    explicit = [
        t.value for t in timexes if t.anchor == "explicit" and t.type == "DATE" and t.value and len(t.value) == 10
    ]
    return {
        "anchor": anchor.isoformat() if anchor else None,
        "year": anchor.year if anchor else (decision.year if decision else None),
        "year_basis": decision.basis if decision and decision.year else None,
        "candidate_years": list(decision.candidates) if decision else [],
        "explicit_dates": explicit,
        "published_evidence": evidence,
        "unresolved": sum(
            1 for t in timexes if t.type in ("DATE", "TIME") and t.value and "X" in t.value.split("T")[0]
        ),
    }


def tag(text: str, lang: str, anchor: dt.date | None, *, today: dt.date | None = None) -> list[Timex]:
    """Temporal expressions of ``text`` resolved against ``anchor`` (a pure function)."""
    lex = lexicon(resource_language(lang))
    return Resolver(anchor, cutoff_hour=lex.news_day_cutoff_hour, today=today).resolve(interpret(text, lex.lang))


@functools.lru_cache(maxsize=8)
def _interpreted(text: str, lang: str) -> tuple:
    """The anchor-free reading of a text, kept for the next call: the story stage re-resolves
    one document against dozens of candidate dates, and only the anchoring changes.
    (Specs are not modified by the resolver.)"""
    return tuple(interpret(text, lang))


def resolve_document(doc: Document, anchor: dt.date, anchor_from: str, *, today: dt.date | None = None) -> Document:
    """Re-resolves ``doc``'s timexes against ``anchor`` (e.g. a date the story stage found).

    When the document had no publication date, ``anchor`` becomes it, with ``published_from``
    set to ``anchor_from`` ("story").
    """
    today = today or system_today()
    lex = lexicon(resource_language(doc.lang))
    if doc.published is None:
        set_published(doc, anchor.isoformat(), anchor_from)
    specs = _interpreted(doc.text, lex.lang)
    resolver = Resolver(anchor, label=_label(anchor_from), cutoff_hour=lex.news_day_cutoff_hour, today=today)
    doc.timexes = resolver.resolve(specs)
    old = doc.features.get("time", {})
    feats = _features(doc.timexes, anchor, None, old.get("published_evidence"))
    feats["candidate_years"] = old.get("candidate_years", [])
    feats["year_basis"] = anchor_from
    doc.features["time"] = feats
    return doc


class TimeStage:
    """Per-document stage "time": ``doc.timexes``, ``doc.published`` and ``doc.features["time"]``."""

    name = "time"

    def __init__(self, today: Callable[[], dt.date] = system_today):
        self.today = today

    def __call__(self, doc: Document) -> Document:
        today = self.today()
        lex = lexicon(resource_language(doc.lang))
        text = doc.text or ""
        specs = interpret(text, lex.lang)
        anchor, hour = parse_date_time(doc.published)
        if anchor is not None and anchor > today:
            anchor, hour = None, None
        evidence = doc.published_from if anchor is not None else None
        decision = _year_evidence(specs, text, lex, today)
        pub_basis: str | None = None
        if anchor is not None:
            if hour is None and doc.published_from == "text":
                hour = _stamp_hour(doc, anchor, lex, today)
        else:
            pub = from_metadata(doc.meta, doc.url, today)
            if pub.date is None:
                pub = from_text(text, specs, lex, today)
            evidence = pub.evidence
            pub_basis = pub.year.basis if pub.year is not None else None
            if pub.date is not None:
                anchor, hour = pub.date, pub.hour
                set_published(doc, anchor.isoformat(), pub.source)
        doc_years = decision.candidates if decision and anchor is None else ()
        resolver = Resolver(
            anchor,
            anchor_hour=hour,
            label=_label(doc.published_from),
            cutoff_hour=lex.news_day_cutoff_hour,
            today=today,
            doc_years=doc_years,
        )
        doc.timexes = resolver.resolve(specs)
        doc.features["time"] = _features(doc.timexes, anchor, decision, evidence)
        if anchor is None:
            lead = _lead_dates(specs, lex, text, today)
            if lead:
                doc.features["time"]["lead_dates"] = lead
            elif (wd := lead_weekday(specs, lex, text)) is not None:
                doc.features["time"]["lead_weekday"] = wd.weekday
        elif doc.published_from == "text" and pub_basis:
            doc.features["time"]["year_basis"] = pub_basis
            # the year came from the document's own years, which may all be history: the
            # candidates stay for the run window to overrule (corpus/dating.py)
            lead = _lead_dates(specs, lex, text, today)
            if len(lead) > 1:
                doc.features["time"]["lead_dates"] = lead
        for s in specs:
            if s.year_written is not None:
                doc.warnings.append(
                    f"time: the weekday of {s.text!r} contradicts the year {s.year_written}; read as {s.year}"
                )
        return doc
