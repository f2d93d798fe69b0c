"""Quote stage: direct and indirect quotations with their speakers.

Hand-written because attribution in Indonesian news follows a handful of writing patterns
no library covers: the speaker after the quote ('"...," kata Putin', "ungkap dia"), before
it ("Putin mengatakan, "..."", "X mengatakan bahwa ..."), "menurut X, ...", institutions as
speakers ("laporan kantor berita ..., Yonhap", "kata sumber itu"), and pronouns ("dia",
"ia", "beliau") and *-nya* tags ("ujarnya", "menurutnya") that point back to the last person
who spoke or acted as a subject. Also tags inside a sentence ("A, kata Erwan, B."), quotes
continued without a tag of their own, and requests/hopes/promises left out of indirect speech
(conventions: ``docs/quotes.md``). The cue words are in ``lang/<code>/quotes.toml``; the
speaker is looked up among the entity mentions of the EntityStage, which must run first.

This module drives the search and finds the quotations (direct, indirect); where the quotation
marks are is ``marks``, who a speaker phrase names is ``speakers``.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from linimasa.lang.packs import has_language_pack
from linimasa.model import Document, EntityMention, Quote
from linimasa.quotes.cues import QuoteCues, cue_finditer, cue_search, load_cues
from linimasa.quotes.marks import (
    _BAHWA,
    _DOUBLE,
    _HAS_WORD,
    _LEADING_SPACE_COMMA,
    _MIN_WORDS_UNATTRIBUTED,
    _SENT_END,
    _WORD,
    _first_in,
    find_direct_quotes,
)
from linimasa.quotes.speakers import SpeakerResolver, _Speaker

__all__ = ["QuoteFinder", "QuoteStage", "find_direct_quotes"]


class QuoteStage:
    """Sets ``doc.quotes``; needs ``doc.entities`` from the EntityStage."""

    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        if not has_language_pack(doc.lang):  # (the entity stage warned)
            doc.quotes = []
            return doc
        doc.quotes = QuoteFinder(doc.text or "", doc.entities, load_cues(doc.lang)).find()
        return doc


class QuoteFinder(SpeakerResolver):
    """Finds the quotations of one text and attributes them (one instance per document)."""

    def __init__(self, text: str, entities: list[EntityMention], cues: QuoteCues) -> None:
        super().__init__(text, entities, cues)
        self.acc_hits: list[re.Match[str]] = []
        self.tag_hits: list[re.Match[str]] = []
        self.after_hits: list[re.Match[str]] = []

    # ----- driver -----------------------------------------------------------------------

    def find(self) -> list[Quote]:
        text = self.text
        direct = find_direct_quotes(text)
        self.direct = direct
        # "menurut"/"demikian dikatakan" are rare: searched once in the text, not per sentence
        cues, low, n = self.cues, self.low, len(text)
        self.acc_hits = cue_finditer(cues.according_to, cues.according_to_cs, text, low, 0, n)
        firsts = self.cues.after_content_firsts
        self.after_hits = (
            cue_finditer(cues.after_content, cues.after_content_cs, text, low, 0, n)
            if any(w in text for w in firsts)
            else []
        )
        self.tag_hits = cue_finditer(cues.mid_tag, cues.mid_tag_cs, text, low, 0, n)
        # quotations that make their sentence a direct quote (not '" sisa-sisa Nazi "', two words)
        blocking = [d for d in direct if len(text[d[0] + 1 : d[1]].split()) >= _MIN_WORDS_UNATTRIBUTED]
        events: list[tuple[int, str, tuple[int, int]]] = [(o, "direct", (o, c)) for o, c in direct]
        for s, e in self._sentences():
            events.append((s, "sentence", (s, e)))
        events.sort(key=lambda x: (x[0], x[1] != "direct"))
        quotes: list[Quote] = []
        for _, kind, (a, b) in events:
            if kind == "direct":
                q = self._direct(a, b)
                if q is not None:
                    quotes.append(q)
            else:
                quotes.extend(self._indirect(a, b, blocking))
        quotes.sort(key=lambda q: q.start)
        self._continued(quotes)
        return quotes

    def _continued(self, quotes: list[Quote]) -> None:
        """A direct quote with no tag of its own continues the next or the previous one.

        '" ... . "' followed by '" ... ," kata Buffon.' (only marks and space between): the
        speaker of the next; a quote after an attributed quote of the same paragraph, or a
        quote paragraph right after the paragraph of an attributed quote ('" ... ," kata Kemlu
        ... .' then '" Sangat disayangkan ... "'): the speaker of the previous.
        """
        text = self.text
        direct = [q for q in quotes if q.kind == "direct"]
        for k in range(len(direct) - 2, -1, -1):
            q, nxt = direct[k], direct[k + 1]
            if q.speaker is None and nxt.speaker is not None and not _HAS_WORD.search(text, q.end, nxt.start):
                q.speaker, q.speaker_id, q.cue = nxt.speaker, nxt.speaker_id, nxt.cue
        for k in range(1, len(quotes)):
            q = quotes[k]
            if q.speaker is not None or q.kind != "direct":
                continue
            line = text.rfind("\n", 0, q.start) + 1
            prev = quotes[k - 1]
            if prev.speaker is None:
                continue
            if prev.end >= line:  # an earlier quote of the same paragraph
                q.speaker, q.speaker_id, q.cue = prev.speaker, prev.speaker_id, prev.cue
                continue
            if prev.kind != "direct" or _HAS_WORD.search(text, line, q.start):
                continue  # not at the start of its paragraph
            between = [p for p in text[prev.end : line].split("\n") if p.strip()]
            if len(between) <= 1:  # only the rest of the previous quote's paragraph
                q.speaker, q.speaker_id, q.cue = prev.speaker, prev.speaker_id, prev.cue

    def _sentences(self) -> list[tuple[int, int]]:
        out, start = [], 0
        ends = self.ends
        for m in _SENT_END.finditer(self.text):
            ends.append(m.end())
            if self.text[start : m.end()].strip():
                out.append((start, m.end()))
            start = m.end()
        if self.text[start:].strip():
            out.append((start, len(self.text)))
        return out

    # ----- direct quotes ----------------------------------------------------------------

    def _direct(self, o: int, c: int) -> Quote | None:
        text = self.text
        inner_s, inner_e = o + 1, c
        while inner_s < inner_e and text[inner_s].isspace():
            inner_s += 1
        while inner_e > inner_s and text[inner_e - 1] in " \t,.":
            inner_e -= 1
        if inner_e <= inner_s:
            return None
        content = text[inner_s:inner_e]
        sp, cue = self._speaker_after(c + 1, o)
        if sp is None:
            words = _WORD.findall(content)
            if len(words) < _MIN_WORDS_UNATTRIBUTED:
                return None  # a scare-quoted word inside a sentence, not a quotation
            sp, cue = self._speaker_before(self._sentence_start(o), o)
            if sp is None and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
                return None  # a title in quotation marks ("Silariang : Cinta Yang ( Tak ) Direstui")
        if sp is not None:
            self.said.append(sp)
        return Quote(content, inner_s, inner_e, sp.name if sp else None, sp.id if sp else None, "direct", cue)

    def _speaker_after(self, pos: int, o: int) -> tuple[_Speaker | None, str | None]:
        """'"...," kata Putin' / '"...," ungkap dia' / '"...," ujarnya' / '"...," Putin mengatakan'."""
        end = self._sentence_end(pos)
        seg = self.text[pos:end]
        m = self.cues.after_verbs.match(seg)
        if m:
            cue = m.group().strip(" ,.")
            if m.group("nya"):  # "ujarnya": who speaks in the sentence, else the person the text is about
                sp, _ = self._speaker_before(self._sentence_start(o), o)
                if sp is not None and (sp.is_person or sp.id is not None):
                    return sp, cue
                return self._resolve_pronoun(o), cue
            return self._speaker_in_phrase(pos + m.end(), end, o), cue
        m = _LEADING_SPACE_COMMA.match(seg)
        start = pos + (m.end() if m else 0)
        cues = self.cues
        v = cue_search(cues.speech_verbs, cues.speech_verbs_cs, self.text, self.low, start, min(end, start + 80))
        if v and v.start() > start and not any(ch in self.text[start : v.start()] for ch in '.!?"“”'):
            sp = self._subject(start, v.start())
            if sp is not None and (sp.id is not None or sp.is_person):
                return sp, v.group()
        return None, None

    def _speaker_before(self, sent_start: int, o: int) -> tuple[_Speaker | None, str | None]:
        """'Putin mengatakan, "..."' / 'X mengatakan bahwa Kim "..."' / 'Pernyataan itu berlanjut, "..."'."""
        seg_start = sent_start
        verbs = [
            v
            for v in cue_finditer(self.cues.speech_verbs, self.cues.speech_verbs_cs, self.text, self.low, seg_start, o)
            if not self._inside_quote(v.start(), seg_start)
        ]
        if verbs:
            v = verbs[-1]
            return self._subject(seg_start, v.start()), v.group()
        acc = cue_finditer(self.cues.according_to, self.cues.according_to_cs, self.text, self.low, seg_start, o)
        if acc:
            a = acc[-1]
            stop = self.text.find(",", a.end(), o)
            return self._speaker_in_phrase(a.end(), stop if stop > 0 else o), a.group()
        before = self.text[seg_start:o].rstrip()
        if before.endswith((",", ":")):
            # "Subject verb, "...": the subject is the words before the first verb
            pos = seg_start
            for w in _WORD.finditer(self.text, seg_start, o):
                if self.lex.tag(w.group()) == "VB" and not w.group()[:1].isupper():
                    return self._subject(seg_start, w.start()), w.group()
                pos = w.end()
            del pos
        return None, None

    def _inside_quote(self, pos: int, start: int) -> bool:
        seg = self.text[start:pos]
        return sum(seg.count(ch) for ch in _DOUBLE) % 2 == 1

    # ----- indirect speech --------------------------------------------------------------

    def _indirect(self, a: int, b: int, direct: list[tuple[int, int]]) -> list[Quote]:
        k = bisect_right(direct, (b, -1)) - 1  # the last quotation opened before b
        if k >= 0 and direct[k][1] > a:  # (quotations do not overlap: their ends are in order too)
            return []  # a sentence with a direct quotation is that quotation
        q = self._according_to(a, b)
        if q is None:
            q = self._after_content(a, b)
        if q is None:
            q = self._reported(a, b)
        if q is None:
            q = self._tagged_sentence(a, b)
        return [q] if q is not None else []

    def _according_to(self, a: int, b: int) -> Quote | None:
        """ "Menurut X, content." / "Menurutnya, content." / "content, menurut X." / "A, menurutnya, B." """
        text = self.text
        acc = _first_in(self.acc_hits, a, b)
        if acc is None:
            return None
        nya = acc.group("nya") is not None
        comma = text.find(",", acc.end(), b)
        if not _HAS_WORD.search(text, a, acc.start()):  # at the start of the sentence
            if nya:
                return self._make_indirect(acc.end(), b, self._resolve_pronoun(acc.start()), acc.group())
            if comma > 0 and len(text[acc.end() : comma].split()) <= 12:
                sp = self._speaker_in_phrase(acc.end(), comma)
                return self._make_indirect(comma + 1, b, sp, acc.group())
            # "Menurut Erwan Partai Demokrat perlu ...": the name right after "menurut"
            e = self._entity_at(acc.end() + len(text[acc.end() : b]) - len(text[acc.end() : b].lstrip()))
            if e is not None and e.type in ("PER", "ORG"):
                sp = _Speaker(e.name, e.id, e.start, e.type == "PER")
                return self._make_indirect(e.end, b, sp, acc.group())
            return None
        if not text[a : acc.start()].rstrip().endswith(","):
            return None
        if nya:
            sp = self._resolve_pronoun(acc.start())
            rest = acc.end()
        else:
            stop = comma if comma > 0 else b
            sp = self._speaker_in_phrase(acc.end(), stop)
            rest = comma if comma > 0 else b
        if len(_WORD.findall(text, rest, b)) >= _MIN_WORDS_UNATTRIBUTED:
            return self._make_indirect(a, b, sp, acc.group())  # "A, menurutnya, B.": the sentence
        return self._make_indirect(a, text.rindex(",", a, acc.start()), sp, acc.group())  # "content, menurut X."

    def _after_content(self, a: int, b: int) -> Quote | None:
        """ "content demikian dikatakan Henry Tanoto, ..." """
        m = _first_in(self.after_hits, a, b)
        if m is None or m.start() <= a:
            return None
        sp = self._speaker_in_phrase(m.end(), b)
        return self._make_indirect(a, m.start(), sp, m.group())

    def _reported(self, a: int, b: int) -> Quote | None:
        """ "X mengatakan (bahwa) content." """
        text = self.text
        v = cue_search(self.cues.speech_verbs, self.cues.speech_verbs_cs, text, self.low, a, b)
        if v is None:
            return None
        sp = self._subject(a, v.start())
        if sp is None:
            return None
        cs = v.end()
        comp = self.cues.complementizer.match(text, cs)
        if comp:
            cs = comp.end()
        else:
            first = _WORD.search(text, cs, b)
            if (
                first is not None
                and first.group().lower() in self.cues.object_nouns
                and "," not in text[cs : first.start()]
            ):
                return None  # "mengungkapkan alasannya ...": what was said is not given
            bahwa = _BAHWA.search(text[cs : min(b, cs + 80)])
            if bahwa:
                cs = cs + bahwa.end()
        return self._make_indirect(cs, b, sp, v.group())

    def _tagged_sentence(self, a: int, b: int) -> Quote | None:
        """ "A, kata Erwan, B." / "A, jelas Henry, B." / "Kata dia, content." / "content, ujarnya." """
        text = self.text
        first = self.cues.start_tag.match(text, a, b)
        tags = [first] if first is not None else []
        for m in self.tag_hits:
            if m.start() >= b:
                break
            if m.start() >= a and m.end() <= b:
                tags.append(m)
        for m in tags:
            at_start = m is first
            nya = m.group("nya") is not None
            comma = text.find(",", m.end(), b)
            stop = comma if comma > 0 else b
            if len(text[m.end() : stop].split()) > 8:
                continue
            if nya:
                if _HAS_WORD.search(text, m.end(), stop):
                    continue
                sp = self._resolve_pronoun(m.start())
            else:
                if not _HAS_WORD.search(text, m.end(), stop):
                    continue
                sp = self._speaker_in_phrase(m.end(), stop)
            if sp is None:
                continue
            cue = m.group().strip(" ,")
            if comma > 0 and cue.lower() in self.cues.end_only_tags:
                continue
            if at_start:
                return self._make_indirect(stop + 1, b, sp, cue) if comma > 0 else None
            if comma > 0:
                return self._make_indirect(a, b, sp, cue)
            return self._make_indirect(a, m.start(), sp, cue)
        return None

    def _make_indirect(self, s: int, e: int, sp: _Speaker | None, cue: str) -> Quote | None:
        text = self.text
        while s < e and text[s] in " ,:\n\t":
            s += 1
        while e > s and text[e - 1] in " .,\n\t":
            e -= 1
        r = cue_search(self.cues.requests, self.cues.requests_cs, text, self.low, s, e)
        if r is not None:  # "... , namun ia berharap ...": a hope is not a statement
            cut = text.rfind(",", s, r.start())
            e = cut if cut > s else e
            while e > s and text[e - 1] in " .,\n\t":
                e -= 1
        if sp is None or len(_WORD.findall(text[s:e])) < 3:
            return None
        self.said.append(sp)
        self.reported.append((s, e))
        return Quote(text[s:e], s, e, sp.name, sp.id, "indirect", cue)
