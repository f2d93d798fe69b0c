"""Quote stage: direct and indirect quotations with their speakers.

Hand-written because attribution in Indonesian news follows a handful of writing patterns
no library covers: the speaker after the quote ('"...," kata Putin', "ungkap dia"), before
it ("Putin mengatakan, "..."", "X mengatakan bahwa ..."), "menurut X, ...", institutions as
speakers ("laporan kantor berita ..., Yonhap", "kata sumber itu"), and pronouns ("dia",
"ia", "beliau") that point back to the last person who spoke or acted as a subject. The
cue words are in ``lang/<code>/quotes.toml``; the speaker is looked up among the entity
mentions of the EntityStage, which must run first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linimasa.entities.lexicon import load_lexicon
from linimasa.model import Document, EntityMention, Quote
from linimasa.quotes.cues import QuoteCues, load_cues

_DOUBLE = '"“”„«»'
_WORD = re.compile(r"[^\W_][\w'’-]*")
_SENT_END = re.compile(r"[.!?](?:[\"”’']+)?(?=\s)|\n")
# Compiled once here rather than looked up in re's cache per paragraph/sentence/speaker (hot loops).
_DOUBLE_MARK = re.compile(f"[{_DOUBLE}]")
# single quotes: 'meyakinkan Pyongyang ...' (not apostrophes inside words)
_SINGLE_QUOTED = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))['‘](?=[^\W\d_])([^'‘’\n]{2,400}?)(?<=[^\s])['’](?=[\s,.;:!?)]|$)")
_LEADING_SPACE_COMMA = re.compile(r"^[\s,]*")
_BAHWA = re.compile(r"\b(?:bahwa|that)\b")
_TOKEN = re.compile(r"[^\W_][\w'’-]*(?:\.[^\W_][\w'’-]*)*|\S")
_LIST_JOINER = re.compile(r"\s*(?:,|dan|and|serta|,\s*dan|,\s*and)\s*")
_MAX_QUOTE = 2000
_MIN_WORDS_UNATTRIBUTED = 3


@dataclass(slots=True)
class _Speaker:
    name: str | None
    id: str | None
    pos: int  # where the speaker was named (for pronoun resolution)
    is_person: bool


def find_direct_quotes(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotation marks that enclose a quotation, in text order."""
    spans: list[tuple[int, int]] = []
    for para_start, para in _paragraphs(text):
        opened = None
        for m in _DOUBLE_MARK.finditer(para):
            p = para_start + m.start()
            if opened is None:
                opened = p
            else:
                if 0 < p - opened - 1 <= _MAX_QUOTE and text[opened + 1 : p].strip():
                    spans.append((opened, p))
                opened = None
        # single quotes: 'meyakinkan Pyongyang ...' (not apostrophes inside words)
        for m in _SINGLE_QUOTED.finditer(para):
            spans.append((para_start + m.start(), para_start + m.end() - 1))
    spans.sort()
    out: list[tuple[int, int]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue  # a single-quoted phrase inside a double-quoted quotation
        out.append(s)
    return out


def _paragraphs(text: str):
    pos = 0
    for part in text.split("\n"):
        yield pos, part
        pos += len(part) + 1


class QuoteStage:
    """Sets ``doc.quotes``; needs ``doc.entities`` from the EntityStage."""

    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        doc.quotes = QuoteFinder(doc.text or "", doc.entities, load_cues(doc.lang)).find()
        return doc


class QuoteFinder:
    """Finds the quotations of one text and attributes them (one instance per document)."""

    def __init__(self, text: str, entities: list[EntityMention], cues: QuoteCues) -> None:
        self.text = text
        self.ents = sorted(entities, key=lambda e: e.start)
        self.cues = cues
        self.lex = load_lexicon()
        self.said: list[_Speaker] = []  # attributions so far, for pronouns

    # ----- driver -----------------------------------------------------------------------

    def find(self) -> list[Quote]:
        text = self.text
        direct = find_direct_quotes(text)
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
                quotes.extend(self._indirect(a, b, direct))
        quotes.sort(key=lambda q: q.start)
        return quotes

    def _sentences(self) -> list[tuple[int, int]]:
        out, start = [], 0
        for m in _SENT_END.finditer(self.text):
            if self.text[start : m.end()].strip():
                out.append((start, m.end()))
            start = m.end()
        if self.text[start:].strip():
            out.append((start, len(self.text)))
        return out

    def _sentence_start(self, pos: int) -> int:
        best = 0
        for m in _SENT_END.finditer(self.text, max(0, pos - 3000), min(len(self.text), pos + 1)):
            if m.end() <= pos:
                best = m.end()
        return best

    def _sentence_end(self, pos: int) -> int:
        m = _SENT_END.search(self.text, pos)
        return m.start() if m else len(self.text)

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
        sp, cue = self._speaker_after(c + 1)
        if sp is None:
            if len(_WORD.findall(content)) < _MIN_WORDS_UNATTRIBUTED:
                return None  # a scare-quoted word inside a sentence, not a quotation
            sp, cue = self._speaker_before(self._sentence_start(o), o)
        if sp is not None:
            self.said.append(sp)
        return Quote(content, inner_s, inner_e, sp.name if sp else None, sp.id if sp else None, "direct", cue)

    def _speaker_after(self, pos: int) -> tuple[_Speaker | None, str | None]:
        """'"...," kata Putin' / '"...," ungkap dia' / '"...," Putin mengatakan'."""
        end = self._sentence_end(pos)
        seg = self.text[pos:end]
        m = self.cues.after_verbs.match(seg)
        if m:
            return self._speaker_in_phrase(pos + m.end(), end), m.group().strip(" ,.")
        m = _LEADING_SPACE_COMMA.match(seg)
        start = pos + (m.end() if m else 0)
        v = self.cues.speech_verbs.search(self.text, start, min(end, start + 80))
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
            for v in self.cues.speech_verbs.finditer(self.text, seg_start, o)
            if not self._inside_quote(v.start(), seg_start)
        ]
        if verbs:
            v = verbs[-1]
            return self._subject(seg_start, v.start()), v.group()
        acc = list(self.cues.according_to.finditer(self.text, seg_start, o))
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
        text = self.text
        out: list[Quote] = []
        overl = [d for d in direct if d[0] < b and d[1] > a]
        acc = self.cues.according_to.search(text, a, b)
        if acc and not overl:
            comma = text.find(",", acc.end(), b)
            if acc.start() - a <= 2 and comma > 0:  # "Menurut X, content."
                sp = self._speaker_in_phrase(acc.end(), comma)
                q = self._make_indirect(comma + 1, b, sp, acc.group())
                if q:
                    out.append(q)
                    return out
            elif acc.start() > a and text[a : acc.start()].rstrip().endswith(","):  # "content, menurut X."
                sp = self._speaker_in_phrase(acc.end(), b)
                q = self._make_indirect(a, text.rindex(",", a, acc.start()), sp, acc.group())
                if q:
                    out.append(q)
                    return out
        v = self.cues.speech_verbs.search(text, a, b)
        if v is None or overl:
            return out
        sp = self._subject(a, v.start())
        if sp is None:
            return out
        cs = v.end()
        comp = self.cues.complementizer.match(text, cs)
        if comp:
            cs = comp.end()
        else:
            bahwa = _BAHWA.search(text[cs : min(b, cs + 80)])
            if bahwa:
                cs = cs + bahwa.end()
        q = self._make_indirect(cs, b, sp, v.group())
        if q:
            out.append(q)
        return out

    def _make_indirect(self, s: int, e: int, sp: _Speaker | None, cue: str) -> Quote | None:
        text = self.text
        while s < e and text[s] in " ,:\n\t":
            s += 1
        while e > s and text[e - 1] in " .,\n\t":
            e -= 1
        if sp is None or len(_WORD.findall(text[s:e])) < 3:
            return None
        self.said.append(sp)
        return Quote(text[s:e], s, e, sp.name, sp.id, "indirect", cue)

    # ----- speakers ---------------------------------------------------------------------

    def _entities_in(self, a: int, b: int) -> list[EntityMention]:
        return [e for e in self.ents if e.start >= a and e.end <= b]

    def _speaker_in_phrase(self, a: int, end: int) -> _Speaker | None:
        """The speaker named after a cue: 'kata Putin', 'papar juru bicara X Kim In-chul', 'kata sumber itu'."""
        text = self.text
        b = a
        for w in _TOKEN.finditer(text[a:end]):
            tok = w.group()
            low = tok.lower()
            if b > a and low in self.cues.stops:
                break
            if tok in ",;:" or tok in "()":
                nxt = text[a + w.end() : end].lstrip()
                if (
                    tok == "("
                    or tok == ")"
                    or (
                        tok == ","
                        and nxt[:1].isupper()
                        and self._entity_at(a + w.end() + (len(text[a + w.end() : end]) - len(nxt)))
                    )
                ):
                    continue
                break
            if tok in '.!?"“”':
                break
            b = a + w.end()
        phrase = text[a:b].strip()
        if not phrase:
            return None
        first = phrase.split()[0].lower()
        if first in self.cues.pronouns:
            return self._resolve_pronoun(a)
        return self._pick(a, b, phrase)

    def _entity_at(self, pos: int) -> EntityMention | None:
        for e in self.ents:
            if e.start == pos:
                return e
        return None

    def _subject(self, a: int, v: int) -> _Speaker | None:
        """The subject of a speech verb at ``v`` in the clause starting at ``a``."""
        text = self.text
        seg = text[a:v]
        # mask relative clauses ("Kim, yang telah tiba di Vladivostok, mengatakan")
        masked = (
            re.sub(r",\s*(?:" + "|".join(self.cues.relative) + r")\b[^,]*,", lambda m: " " * len(m.group()), seg)
            if self.cues.relative
            else seg
        )
        words = list(_WORD.finditer(masked))
        if not words:
            return None
        last = words[-1].group().lower()
        if last in self.cues.pronouns:
            return self._resolve_pronoun(a + words[-1].start())
        # the clause right before the verb: after the last comma or conjunction
        cut = max(masked.rfind(","), masked.rfind(";"))
        for w in words:
            if w.group().lower() in self.cues.clause_openers and w.start() > cut:
                cut = w.end() - 1
        if cut >= 0:
            a, masked = a + cut + 1, masked[cut + 1 :]
        ents = [e for e in self._entities_in(a, v) if masked[e.start - a : e.end - a].strip()]
        per = [e for e in ents if e.type == "PER"]
        if per:
            e = per[-1]
            return _Speaker(e.name, e.id, e.start, True)
        org = [e for e in ents if e.type == "ORG"]
        if org:
            e = org[-1]
            return _Speaker(e.name, e.id, e.start, False)
        phrase = text[a:v].strip()
        if not phrase or len(phrase.split()) > 12:
            return None
        if any(self.lex.tag(w.group()) == "VB" for w in _WORD.finditer(phrase) if not w.group()[:1].isupper()):
            return None  # not a noun phrase
        return self._pick(a, v, phrase)

    def _pick(self, a: int, b: int, phrase: str) -> _Speaker | None:
        ents = self._entities_in(a, b)
        per = [e for e in ents if e.type == "PER"]
        if per:
            return _Speaker(per[0].name, per[0].id, per[0].start, True)
        org = [e for e in ents if e.type == "ORG"]
        if org:
            return _Speaker(org[-1].name, org[-1].id, org[-1].start, False)
        lead = len(self.text[a:b]) - len(self.text[a:b].lstrip())
        locs = [e for e in ents if e.type == "LOC"]
        if locs and locs[0].start == a + lead:
            group = self._coordination(locs[0])
            return group
        words = phrase.split()
        if len(words) >= 2 and words[-1].lower() in self.cues.demonstratives:
            ref = self._antecedent(words[0].lower(), a)
            if ref is not None:
                return ref
        if phrase[:1].isupper() and len(words) <= 3 and not self.lex.is_common(words[0]):
            return None
        return _Speaker(phrase, None, a, False)

    def _coordination(self, first: EntityMention) -> _Speaker:
        """ "Inggris, AS, Jepang, dan Korea Selatan": a group of speakers named together."""
        group = [first]
        for e in self.ents:
            if e.start <= group[-1].start:
                continue
            between = self.text[group[-1].end : e.start]
            if _LIST_JOINER.fullmatch(between) and e.type == first.type:
                group.append(e)
            elif e.start > group[-1].end:
                break
        if len(group) == 1:
            return _Speaker(first.name, first.id, first.start, first.type == "PER")
        surface = self.text[group[0].start : group[-1].end]
        return _Speaker(surface, None, first.start, False)

    def _antecedent(self, noun: str, before: int) -> _Speaker | None:
        """ "Pernyataan tersebut" -> who made the statement mentioned earlier."""
        start = before
        look_from = max(0, start - 1500)
        hits = [m for m in re.finditer(rf"\b{re.escape(noun)}\b", self.text[look_from:start], re.IGNORECASE)]
        if not hits:
            return None
        pos = look_from + hits[-1].start()
        s0 = self._sentence_start(pos)
        ents = [e for e in self._entities_in(s0, pos)]
        if not ents:
            return None
        # the coordination closest to the noun
        last = ents[-1]
        first = last
        for e in reversed(ents[:-1]):
            between = self.text[e.end : first.start]
            if _LIST_JOINER.fullmatch(between):
                first = e
            else:
                break
        return self._coordination(first)

    def _resolve_pronoun(self, pos: int) -> _Speaker | None:
        """The person a pronoun at ``pos`` refers to: the latest speaker or subject before it."""
        best: _Speaker | None = None
        for sp in self.said:
            if sp.is_person and sp.pos < pos and (best is None or sp.pos > best.pos):
                best = sp
        for e in self.ents:
            if e.type != "PER" or e.start >= pos:
                continue
            if (best is None or e.start > best.pos) and self._is_subject(e):
                best = _Speaker(e.name, e.id, e.start, True)
        return best

    def _is_subject(self, e: EntityMention) -> bool:
        """Is the mention the subject of its clause (nothing but its title before it)?"""
        text = self.text
        cs = max(text.rfind(ch, 0, e.start) for ch in ',.;:!?\n"“”')
        prefix = text[cs + 1 : e.start].strip()
        if e.role and prefix.endswith(e.role):
            prefix = prefix[: -len(e.role)].strip()
        if not prefix:
            return True
        words = prefix.split()
        if any(w.lower() in self.cues.prepositions for w in words):
            return False
        return all(w[:1].isupper() or w[:1] in "()" for w in words)
