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
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from linimasa.entities.lexicon import load_lexicon
from linimasa.lang.packs import has_language_pack
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
_HAS_WORD = re.compile(r"\w")
# POS tags of the lexicon a described speaker may start with ("sumber itu", "juru bicara ...");
# a verb, adverb, preposition, pronoun or adjective ("menambahkan", "lagi", "dalam", "yang",
# "singkat") is not a speaker.
_NOUN_TAGS = frozenset({"NN", "NNP", "FW"})
# POS tags a speaker phrase after a tag never starts with ("Sebut saja Maman ...": not a tag)
_NOT_SPEAKER_TAGS = frozenset({"ADV", "IN", "VB", "CC", "SC", "NEG", "RP"})
# Coordinators after which a clause shares the subject of the clause before: "Trump tidak
# membantahnya dan mengatakan ...".
_SHARED_SUBJECT = frozenset({",", "dan", "serta", "lalu", "kemudian", "tetapi", "tapi", "namun", "and", "but", "then"})


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
        if opened is not None and not _HAS_WORD.search(para[: opened - para_start]):
            # a quotation continued in the next paragraph: it opens the paragraph and is not
            # closed in it (the next paragraph opens with the mark again)
            end = para_start + len(para)
            if len(_WORD.findall(text, opened + 1, end)) >= _MIN_WORDS_UNATTRIBUTED:
                spans.append((opened, end))
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


def _first_in(hits: list[re.Match[str]], a: int, b: int) -> re.Match[str] | None:
    """The first of ``hits`` (in text order) inside [a, b)."""
    for m in hits:
        if m.start() >= a:
            return m if m.end() <= b else None
    return None


def _paragraphs(text: str):
    pos = 0
    for part in text.split("\n"):
        yield pos, part
        pos += len(part) + 1


class QuoteStage:
    """Sets ``doc.quotes``; needs ``doc.entities`` from the EntityStage."""

    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        if not has_language_pack(doc.lang):  # (the entity stage warned)
            doc.quotes = []
            return doc
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
        self.direct: list[tuple[int, int]] = []  # direct quotations (mark offsets)
        self.acc_hits: list[re.Match[str]] = []
        self.tag_hits: list[re.Match[str]] = []
        self.ends: list[int] = []  # sentence ends (filled by _sentences)
        self.after_hits: list[re.Match[str]] = []

    # ----- driver -----------------------------------------------------------------------

    def find(self) -> list[Quote]:
        text = self.text
        direct = find_direct_quotes(text)
        self.direct = direct
        # "menurut"/"demikian dikatakan" are rare: searched once in the text, not per sentence
        self.acc_hits = list(self.cues.according_to.finditer(text))
        firsts = self.cues.after_content_firsts
        self.after_hits = list(self.cues.after_content.finditer(text)) if any(w in text for w in firsts) else []
        self.tag_hits = list(self.cues.mid_tag.finditer(text))
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

    def _sentence_start(self, pos: int) -> int:
        k = bisect_right(self.ends, pos) - 1
        return self.ends[k] if k >= 0 else 0

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
        v = self.cues.speech_verbs.search(text, a, b)
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
        r = self.cues.requests.search(text, s, e)
        if r is not None:  # "... , namun ia berharap ...": a hope is not a statement
            cut = text.rfind(",", s, r.start())
            e = cut if cut > s else e
            while e > s and text[e - 1] in " .,\n\t":
                e -= 1
        if sp is None or len(_WORD.findall(text[s:e])) < 3:
            return None
        self.said.append(sp)
        return Quote(text[s:e], s, e, sp.name, sp.id, "indirect", cue)

    # ----- speakers ---------------------------------------------------------------------

    def _entities_in(self, a: int, b: int) -> list[EntityMention]:
        return [e for e in self.ents if e.start >= a and e.end <= b]

    def _speaker_in_phrase(self, a: int, end: int, ref: int = -1) -> _Speaker | None:
        """The speaker named after a cue: 'kata Putin', 'papar juru bicara X Kim In-chul', 'kata sumber itu'.

        ``ref``: where a pronoun ("kata dia") looks back from (the quote's start; ``a`` if not given).
        """
        text = self.text
        if ref < 0:
            ref = a
        b = a
        for w in _TOKEN.finditer(text[a:end]):
            tok = w.group()
            low = tok.lower()
            if low in self.cues.stops:
                break  # "katanya dalam acara X": the event is not the speaker
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
        words = text[a:b].split()
        while words and words[-1].lower() in self.cues.adverbs:  # "kata Trump lagi", "sebutnya singkat"
            b = text.rindex(words.pop(), a, b)
        phrase = text[a:b].strip()
        if not phrase:
            return None
        first = words[0].lower()
        if first in self.cues.pronouns:
            return self._resolve_pronoun(ref)
        if first in self.cues.plural_pronouns:
            return None
        if words[0][:1].islower() and first not in self.cues.person_nouns and self.lex.tag(first) in _NOT_SPEAKER_TAGS:
            return None  # "Sebut saja Maman ...", "kata lagi"
        if self._described_person(a, b, words):
            return self._resolve_pronoun(ref)
        return self._pick(a, b, phrase)

    def _described_person(self, a: int, b: int, words: list[str]) -> bool:
        """ "pria berkumis itu", "mantan pelatih timnas Indonesia U-23 itu": the person the text is about."""
        if not words or words[0].lower() not in self.cues.person_nouns:
            return False
        former = words[0].lower() in self.cues.former  # "eks pelatih Timnas Yunani"
        if len(words) > 1 and words[-1].lower() not in self.cues.demonstratives and words[0].lower() != "sang":
            if not former:
                return False  # "kata pria itu", "ujar sang pelatih", "tutur pria" (but "kata pejabat Kemlu")
        # a name inside its relative clause is not who it is ("Pria yang kerap disapa Bani ini")
        rel = [m.start() for m in _WORD.finditer(self.text, a, b) if m.group().lower() in self.cues.relative]
        stop = rel[0] if rel else b
        types = ("PER",) if former else ("PER", "ORG")
        return not any(e.type in types and (not rel or e.start < stop) for e in self._entities_in(a, b))

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
        while words and words[-1].group().lower() in self.cues.adverbs:  # "Ia juga mengatakan"
            words.pop()
        if not words:
            return None
        last = words[-1].group().lower()
        if last in self.cues.pronouns:
            return self._resolve_pronoun(a + words[-1].start())
        if last in self.cues.plural_pronouns:
            return None
        # the clause right before the verb: after the last comma or conjunction
        cut = max(masked.rfind(","), masked.rfind(";"))
        cut_start = cut
        cut_word = masked[cut] if cut >= 0 else ""
        for w in words:
            if w.group().lower() in self.cues.clause_openers and w.start() > cut:
                cut, cut_start = w.end() - 1, w.start()
                cut_word = w.group().lower()
        if cut >= 0:
            if not _HAS_WORD.search(masked, cut + 1) and cut_word in _SHARED_SUBJECT:
                # "Trump tidak membantahnya dan mengatakan", "Manajer tim X, Davide Brivio, yakin"
                head = masked[:cut_start].rstrip(" ,")
                return self._subject(a, a + len(head)) if _HAS_WORD.search(head) else None
            a, masked = a + cut + 1, masked[cut + 1 :]
        clause = masked.split()
        while clause and clause[-1].lower() in self.cues.adverbs:
            clause.pop()
        if self._described_person(a, v, clause):  # "Mantan kapten timnas Indonesia itu juga menyatakan"
            return self._resolve_pronoun(a)
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

    def _nominal(self, words: list[str]) -> bool:
        """Can the phrase be a described speaker ("sumber itu", "Humas Polda Metro Jaya")?"""
        first = words[0]
        low = first.lower()
        if low in self.cues.stops or low in self.cues.adverbs or low in self.cues.plural_pronouns:
            return False
        if low in self.cues.person_nouns or first[:1].isupper():
            return not first[:1].isdigit()
        return self.lex.tag(first) in _NOUN_TAGS

    def _pick(self, a: int, b: int, phrase: str) -> _Speaker | None:
        ents = self._entities_in(a, b)
        per = [e for e in ents if e.type == "PER"]
        if per:
            return _Speaker(per[0].name, per[0].id, per[0].start, True)
        org = [e for e in ents if e.type == "ORG"]
        if org:
            # "tulis Ditjen Perhubungan Udara, Kemenhub": the first named (the parent follows)
            return _Speaker(org[0].name, org[0].id, org[0].start, False)
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
        if phrase[:1].isupper() and len(words) <= 2:
            named = self._named_before(phrase, a)
            if named is not None:  # "kata Menpora", "menurut Kementerian", "kata Singer": named in full before
                return named
            if len(words) == 1 and phrase.lower() in self.cues.titles:
                return _Speaker(phrase, None, a, True)  # "papar Menperin": a person named by role
        if phrase[:1].isupper() and len(words) <= 3 and not self.lex.is_common(words[0]):
            return None
        while len(words) > 1 and words[-1].lower() in self.cues.adverbs:  # "Polisi sebelumnya"
            words.pop()
        if words[-1].lower() in self.cues.relative:  # "Banyak yang"
            return None
        if not self._nominal(words) or not any(ch.isalpha() for ch in phrase):
            return None  # a verb, adverb, date or function word is not a speaker
        phrase = " ".join(words)
        return _Speaker(phrase, None, a, False)

    def _named_before(self, phrase: str, pos: int) -> _Speaker | None:
        """The latest person or organisation before ``pos`` whose role is ``phrase`` ("Menpora"),
        whose name starts with it ("Kementerian" for "Kementerian Luar Negeri Turki"), or the
        person whose name ends with it ("Singer" for "Bryan Singer")."""
        low = phrase.lower()
        for e in reversed(self.ents):
            if e.start >= pos or e.type not in ("PER", "ORG") or self._in_direct(e.start):
                continue
            name = (e.name or e.text).lower()
            if (
                (e.role is not None and e.role.lower().endswith(low))
                or name.startswith(low + " ")
                or (e.type == "PER" and name.endswith(" " + low))
            ):
                return _Speaker(e.name, e.id, e.start, e.type == "PER")
        return None

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
            if (best is None or e.start > best.pos) and not self._in_direct(e.start) and self._is_subject(e):
                best = _Speaker(e.name, e.id, e.start, True)
        return best

    def _in_direct(self, pos: int) -> bool:
        """Is ``pos`` inside a direct quotation (a name the speaker said is not who speaks)?"""
        k = bisect_right(self.direct, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.direct[k][0] < pos < self.direct[k][1]

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
        if all(w[:1].isupper() or w[:1] in "()" for w in words):
            return True
        # "... waktu kepulangan Antasari": the person a noun phrase is about, not a verb's object
        last = words[-1]
        return last[:1].islower() and self.lex.tag(last) == "NN"
