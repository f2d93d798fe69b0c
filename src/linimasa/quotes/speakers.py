"""Who a quote's speaker is: the subject of a speech verb, the name after a tag, a pronoun or
*-nya* form resolved to the person the text is about, a described source ("sumber itu").

``SpeakerResolver`` holds one text and its entity mentions; the quote finder (``stage``) is
built on it and records each attribution in ``said`` for later pronouns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from linimasa.casefold import lowered
from linimasa.entities.aliases import entity_id
from linimasa.entities.corrections import load_table
from linimasa.entities.gazetteer import fold, load_resources
from linimasa.entities.lexicon import load_lexicon
from linimasa.model import EntityMention
from linimasa.quotes.cues import QuoteCues
from linimasa.quotes.marks import _HAS_WORD, _LIST_JOINER, _SENT_END, _TOKEN, _WORD

# POS tags of the lexicon a described speaker may start with ("sumber itu", "juru bicara ...");
# a verb, adverb, preposition, pronoun or adjective ("menambahkan", "lagi", "dalam", "yang",
# "singkat") is not a speaker.
_NOUN_TAGS = frozenset({"NN", "NNP", "FW"})
# POS tags a speaker phrase after a tag never starts with ("Sebut saja Maman ...": not a tag)
_NOT_SPEAKER_TAGS = frozenset({"ADV", "IN", "VB", "CC", "SC", "NEG", "RP"})
# Gazetteer kinds of places too small to speak: a one-word one after a speech tag is a person's name.
_TOWN_KINDS = frozenset({"city", "regency", "district", "village"})
# Coordinators after which a clause shares the subject of the clause before: "Trump tidak
# membantahnya dan mengatakan ...".
_SHARED_SUBJECT = frozenset({",", "dan", "serta", "lalu", "kemudian", "tetapi", "tapi", "namun", "and", "but", "then"})


@dataclass(slots=True)
class _Speaker:
    name: str | None
    id: str | None
    pos: int  # where the speaker was named (for pronoun resolution)
    is_person: bool


class SpeakerResolver:
    """Speaker lookup in one text (one instance per document)."""

    def __init__(self, text: str, entities: list[EntityMention], cues: QuoteCues) -> None:
        self.text = text
        self.low = lowered(text)  # (for the cue patterns' case-sensitive twins)
        self.ents = sorted(entities, key=lambda e: e.start)
        self.cues = cues
        self.lex = load_lexicon()
        self.said: list[_Speaker] = []  # attributions so far, for pronouns
        self.direct: list[tuple[int, int]] = []  # direct quotations (mark offsets)
        self.reported: list[tuple[int, int]] = []  # contents of the indirect quotes so far, in text order
        self.ends: list[int] = []  # sentence ends (filled by the finder's sentence split)

    def _sentence_start(self, pos: int) -> int:
        k = bisect_right(self.ends, pos) - 1
        return self.ends[k] if k >= 0 else 0

    def _sentence_end(self, pos: int) -> int:
        m = _SENT_END.search(self.text, pos)
        return m.start() if m else len(self.text)

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
                comma = head.rfind(",")
                if (
                    cut_word == ","
                    and comma > 0
                    and any(w.group().lower() in self.cues.relative for w in _WORD.finditer(head, comma))
                ):
                    # "Carlo Bava, dokter yang merawat Morano, mengatakan": the apposition is not the subject
                    head = head[:comma].rstrip(" ,")
                return self._subject(a, a + len(head)) if _HAS_WORD.search(head) else None
            a, masked = a + cut + 1, masked[cut + 1 :]
        clause = masked.split()
        while clause and clause[-1].lower() in self.cues.adverbs:
            clause.pop()
        if self._described_person(a, v, clause):  # "Mantan kapten timnas Indonesia itu juga menyatakan"
            return self._resolve_pronoun(a)
        ents = [e for e in self._entities_in(a, v) if masked[e.start - a : e.end - a].strip()]
        rel = next((m.start() for m in _WORD.finditer(masked) if m.group().lower() in self.cues.relative), -1)
        if rel >= 0 and any(e.start < a + rel for e in ents):
            # "Carlo Bava, dokter yang merawat Morano, mengatakan": a name in the relative clause is not the subject
            ents = [e for e in ents if e.start < a + rel]
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
        if clause and clause[0][:1].isupper() and not self.lex.is_common(clause[0]):
            # "Trump tidak membantahnya dan mengatakan": a name the recogniser missed here, named before
            named = self._named_before(clause[0], a, person_only=True)
            if named is not None:
                return named
        if any(self.lex.tag(w.group()) == "VB" for w in _WORD.finditer(phrase) if not w.group()[:1].isupper()):
            return None  # not a noun phrase
        return self._pick(a, v, phrase)

    def _nominal(self, words: list[str]) -> bool:
        """Can the phrase be a described speaker ("sumber itu", "Humas Polda Metro Jaya", "seorang petinggi")?"""
        low_words = [w.lower() for w in words]
        for q in self.cues.quantifiers:
            if len(words) > len(q) and tuple(low_words[: len(q)]) == q:
                words = words[len(q) :]
                break
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
            if len(words := phrase.split()) <= 2 and " " not in locs[0].text:
                # "sambung Bima" after "Bima Sakti": a person's first or last name that is also a place
                named = self._named_before(locs[0].text, a, person_only=True)
                if named is not None:
                    return named
                entry = load_resources().names.get((fold(locs[0].text),))
                if entry is not None and entry.kind in _TOWN_KINDS:
                    # "ujar Awang", "kata Anggi": a town never speaks; a name it shares is a person's (no type
                    # claimed), in full where the text gave it before ("Bima Sakti", read as a place too)
                    word = locs[0].text
                    full = next(
                        (
                            e
                            for e in reversed(self.ents)
                            if e.start < locs[0].start
                            and e.text.startswith(word + " ")
                            and len(e.text.split()) == 2
                            and not self._in_direct(e.start)
                        ),
                        None,
                    )
                    if full is not None:
                        return _Speaker(full.text, None, full.start, True)
                    return _Speaker(word, None, locs[0].start, True)
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
            hit = load_table().target(phrase, phrase)  # "Menurut Sandi": a listed short form the recogniser missed
            if hit is not None and hit[0] in ("PER", "ORG"):
                return _Speaker(hit[1], entity_id(*hit), a, hit[0] == "PER")
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

    def _named_before(self, phrase: str, pos: int, person_only: bool = False) -> _Speaker | None:
        """The latest person or organisation before ``pos`` whose role is ``phrase`` ("Menpora"),
        whose name starts with it ("Kementerian" for "Kementerian Luar Negeri Turki"), or the
        person whose name ends with it ("Singer" for "Bryan Singer") or is it.
        ``person_only``: only a person's name, not a role or an organisation."""
        low = phrase.lower()
        types = ("PER",) if person_only else ("PER", "ORG")
        for e in reversed(self.ents):
            if e.start >= pos or e.type not in types or self._in_direct(e.start):
                continue
            name = (e.name or e.text).lower()
            if (
                (not person_only and e.role is not None and e.role.lower().endswith(low))
                or name.startswith(low + " ")
                or (e.type == "PER" and (name.endswith(" " + low) or name == low))
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
            if (
                (best is None or e.start > best.pos)
                and not self._in_direct(e.start)
                and not self._in_reported(e.start)
                and self._is_subject(e)
            ):
                best = _Speaker(e.name, e.id, e.start, True)
        return best

    def _in_reported(self, pos: int) -> bool:
        """Is ``pos`` inside the content of an indirect quote ("X mengatakan, Mandiri Online merupakan ...":
        what X talks about is not who the text is about)?"""
        k = bisect_right(self.reported, (pos, len(self.text) + 1)) - 1
        return k >= 0 and self.reported[k][0] <= pos < self.reported[k][1]

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
