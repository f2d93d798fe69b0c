"""Cleaning stage: raw article text -> clean body ``text``, ``removed`` pieces and metadata.

Order of work on one document:
1. normalize line breaks, spaces, invisible characters and mojibake (``normalize``);
2. drop whole boilerplate lines and cut inline fragments, each with a reason, collecting
   credits and titles the rules capture (``boilerplate``, rules in ``lang/*/boilerplate.toml``);
   a stand-alone timestamp line near the start or end becomes a ``text`` publication stamp;
3. take off a headline line (``title``) and the outlet/dateline lead of the first paragraph
   (``lead``): the lead is stripped from the text and recorded in ``removed`` as "dateline";
4. drop paragraphs that repeat earlier ones (``repeats``);
5. choose ``published`` by the trust order input > html > url > text (``published``).

Why the lead is stripped: the contract's ``text`` is the article body, and "Seoul (ANTARA) - "
is publication metadata (it lands in ``outlet``/``dateline``). The price is that later stages
see no entity at that position (the dateline place is usually named again in the body).

``removed`` reasons form a small fixed vocabulary: related-link, share-widget, comment-widget,
shortcode, credit, image-credit, image-caption, video-teaser, url, social-embed, editor-initials,
empty-image, byline, promo, disclosure, advertisement, copyright, markup, separator, timestamp,
title, dateline, section-label, repeated.

The stage is a pure function of the document plus cached read-only language resources, so it
can run in a process pool or as a Spark task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linimasa.clean.boilerplate import RuleSet, match_line, rules_for, strip_fragments
from linimasa.clean.credits import body_citations, dedupe, split_credit
from linimasa.clean.lead import Lead, parse_lead
from linimasa.clean.normalize import normalize_lines
from linimasa.clean.repeats import find_repeats
from linimasa.clean.title import clean_quoted_title, is_headline_like, is_title_line, same_title
from linimasa.model import Document, Removed, Span
from linimasa.published import choose_published_why, parse_timestamp_line, set_published

PARAGRAPH_SEPARATOR = "\n\n"
BODY_WORDS = 12  # a paragraph this long is article body; edge rules apply only before the first / after the last
CAPTION_MAX_WORDS = 8


@dataclass
class _Work:
    """Mutable per-call state (never shared between documents)."""

    paragraphs: list[str]
    keep: list[bool]
    removed: list[tuple[int, int, Removed]] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    quoted_titles: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)
    leads: dict[str, Lead | None] = field(default_factory=dict)  # parse_lead results by paragraph text

    def lead(self, paragraph: str, url: str | None) -> Lead | None:
        """``parse_lead`` of a paragraph, remembered: the title and the lead steps often ask about the same one."""
        if paragraph not in self.leads:
            self.leads[paragraph] = parse_lead(paragraph, url)
        return self.leads[paragraph]

    def drop(self, i: int, text: str, reason: str) -> None:
        self.removed.append((i, len(self.removed), Removed(text, reason)))

    def drop_line(self, i: int, reason: str) -> None:
        self.keep[i] = False
        self.drop(i, self.paragraphs[i], reason)

    def kept(self) -> list[int]:
        return [i for i, k in enumerate(self.keep) if k]


def _is_caption(rest: str) -> bool:
    return len(rest.split()) <= CAPTION_MAX_WORDS and rest.rstrip()[-1:] not in '.!?"”'


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class CleanStage:
    """``doc.raw`` -> ``doc.text``, ``paragraphs``, ``removed``, ``title``, ``outlet``, ``dateline``,
    ``credits``, ``published``/``published_from``."""

    name = "clean"

    def __call__(self, doc: Document) -> Document:
        rules = rules_for(doc.lang)
        paragraphs = [line for line in normalize_lines(doc.raw) if line]
        work = _Work(paragraphs=paragraphs, keep=[True] * len(paragraphs))
        self._boilerplate(work, rules, doc.lang)
        self._title(work, doc)
        self._lead(work, doc)
        self._repeats(work)

        kept = [work.paragraphs[i] for i in work.kept()]
        doc.text = PARAGRAPH_SEPARATOR.join(kept)
        doc.paragraphs = []
        pos = 0
        for p in kept:
            doc.paragraphs.append(Span(pos, pos + len(p)))
            pos += len(p) + len(PARAGRAPH_SEPARATOR)
        doc.removed = [r for _, _, r in sorted(work.removed, key=lambda t: (t[0], t[1]))]
        input_credits = list(doc.meta.get("credits") or ())  # the input's (linimasa's own documents.jsonl read again)
        doc.credits = dedupe(input_credits + work.credits + body_citations(doc.text, doc.lang))
        published, source, refused = choose_published_why(doc.meta, doc.url, work.stamps)
        set_published(doc, published, source)
        if refused:  # (the reason of the one reading that refused it)
            doc.warnings.append(f"clean: input published value {doc.meta['published']!r} {refused}; ignored")
        return doc

    # ------------------------------------------------------------------ steps

    def _boilerplate(self, work: _Work, rules: RuleSet, lang: str | None) -> None:
        n = len(work.paragraphs)
        long = [i for i, p in enumerate(work.paragraphs) if p.count(" ") + 1 >= BODY_WORDS]
        first_body, last_body = (long[0], long[-1]) if long else (n, -1)
        i = 0
        while i < n:
            line = work.paragraphs[i]
            edge = i < first_body or i > last_body
            hit = match_line(line, rules, edge)
            if hit:
                rule, m = hit
                work.drop_line(i, rule.reason)
                groups = m.groupdict()
                if groups.get("credit"):
                    work.credits += split_credit(groups["credit"], lang)
                if groups.get("title"):
                    title = clean_quoted_title(groups["title"])
                    if title:
                        work.quoted_titles.append(title)
                if rule.takes_next and i + 1 < n and is_headline_like(work.paragraphs[i + 1], 20):
                    work.drop_line(i + 1, rule.reason)
                    i += 1
                i += 1
                continue
            if edge:
                stamp = parse_timestamp_line(line)
                # a date alone after the body may be a letter's date; a stamp there needs a time or a label
                if stamp and (i < first_body or stamp.has_time or stamp.labelled):
                    work.drop_line(i, "timestamp")
                    work.stamps.append(stamp.value)
                    i += 1
                    continue
            self._fragments(work, rules, lang, i, last=False)
            i += 1
        kept = work.kept()
        if kept:
            self._fragments(work, rules, lang, kept[-1], last=True)

    def _fragments(self, work: _Work, rules: RuleSet, lang: str | None, i: int, last: bool) -> None:
        rest, fragments = strip_fragments(work.paragraphs[i], rules, last)
        if not fragments:
            return
        for f in fragments:
            work.drop(i, f.text, f.rule.reason)
            credit = f.match.groupdict().get("credit")
            if credit:
                work.credits += split_credit(credit, lang)
        if not _has_words(rest):
            work.keep[i] = False
            if rest:
                work.drop(i, rest, "separator")
        elif any(f.rule.caption for f in fragments) and _is_caption(rest):
            work.keep[i] = False
            work.drop(i, rest, "image-caption")
        work.paragraphs[i] = rest

    def _title(self, work: _Work, doc: Document) -> None:
        known = doc.meta.get("title") or doc.meta.get("html_title")
        known = str(known).strip() if known else None
        kept = work.kept()
        first = kept[0] if kept else None
        following = work.paragraphs[kept[1]] if len(kept) > 1 else None
        if first is not None:
            line = work.paragraphs[first]
            candidates = [known, *work.quoted_titles]
            if any(same_title(line, c) for c in candidates):
                work.drop_line(first, "title")
            elif not known and work.lead(line, doc.url) is None and is_title_line(line, following):
                known = line
                work.drop_line(first, "title")
        doc.title = (known or (work.quoted_titles[0] if work.quoted_titles else None)) or None
        if doc.title:
            doc.title = str(doc.title).strip()

    def _lead(self, work: _Work, doc: Document) -> None:
        kept = work.kept()
        lead = None
        if kept:
            i = kept[0]
            lead = work.lead(work.paragraphs[i], doc.url)
            if lead:
                reason = "section-label" if lead.section else "dateline"
                rest = work.paragraphs[i][len(lead.text) :].strip()
                if _has_words(rest):
                    work.drop(i, lead.text.strip(), reason)
                    work.paragraphs[i] = rest
                else:
                    work.drop_line(i, reason)
        doc.outlet = doc.meta.get("outlet") or doc.meta.get("html_outlet") or (lead.outlet if lead else None)
        doc.dateline = doc.meta.get("dateline") or (lead.dateline if lead else None)  # the input's first, as outlet

    def _repeats(self, work: _Work) -> None:
        kept = work.kept()
        for j in find_repeats([work.paragraphs[i] for i in kept]):
            work.drop_line(kept[j], "repeated")
