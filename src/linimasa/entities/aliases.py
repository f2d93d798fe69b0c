"""In-document alias resolution: one entity per real-world referent, with a corpus-wide id.

Hand-written because the rules are about news writing, not about a model: a name is written
in full once and shortened after ("Vladimir Putin" ... "Putin"; Korean family names first,
"Kim Jong-un" ... "Kim"), abbreviated in brackets ("Korea Utara (Korut)"), and sometimes
mistyped ("Puting"). The id is derived from the canonical name and type alone
(``PER:kim-jong-un``), so documents processed apart (process pools, Spark tasks) agree on
it without talking to each other; the corpus stage may later link short forms across
documents.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from operator import attrgetter

from linimasa.entities.corrections import AliasTable, load_table
from linimasa.entities.gazetteer import Resources, edit_distance_at_most_one, fold, load_resources, slug
from linimasa.entities.lexicon import Lexicon
from linimasa.entities.recognize import Found
from linimasa.entities.regions import load_regions
from linimasa.entities.title_places import drop_places_in_titles
from linimasa.model import EntityMention

# folded names: the same names recur in every document (a bounded cache of a pure function, like slug's)
_fold_name = lru_cache(maxsize=1 << 16)(fold)
_START = attrgetter("start")
_END = attrgetter("end")

_TYPE_PRIORITY = {
    "title": 6,
    "headed": 5,
    "abbr-local": 5,
    "org": 5,
    "country": 5,
    "team": 5,
    "abbr": 5,
    "province": 5,
    "region": 5,
    "tail": 4,
    "cue": 3,
    "domain": 3,
    "acronym": 2,
    "city": 4,
    "default": 0,
    "list": 0,
    "club": 4,
    "person-cue": 3,
    "default-initial": 0,
    "common": 0,
}


def entity_id(type_: str, name: str) -> str:
    """The corpus-wide id of an entity: type plus a slug of its canonical name."""
    return f"{type_}:{slug(name)}"


def resolve(found: list[Found], text: str, lex: Lexicon) -> list[EntityMention]:
    """Turn recognised mentions into linked :class:`EntityMention` objects, in text order."""
    # by start, the longest first at one start (two stable C-level sorts instead of a key function per mention)
    found = sorted(found, key=_END, reverse=True)
    found.sort(key=_START)
    found = _drop_overlaps(found)
    found = _drop_common_words(found, text)
    found = _merge_institution_country(found, text)
    found = _person_named_like_organisation(found, text, lex)
    found = _split_organisation_from_person(found, text)
    found = _drop_currency_codes(found, text)
    _apply_local_abbreviations(found, text)
    _propagate_types(found, text)
    _facility_names(found, text)  # (after the propagation: "Kabupaten Bandung" and "Kota Bandung" stay apart)
    table = load_table()
    found = _split_person_lists(found, text, table)  # (before the links: "Neymar" is not "Neymar - Edinson Cavani")
    _strip_title_words(found, text, lex)
    _given_name_read_as_title(found, text)
    _link_people(found, text, lex)
    found = [f for f in found if f.strong or not _junk(f, text, lex)]  # (a strong mention is never junk)
    found = drop_places_in_titles(found, text, lex)
    _drop_country_qualifier(found, text, table)
    if not table.empty:
        found = _apply_aliases(found, text, table)
    names_by_slug: dict[tuple[str, str], str] = {}
    out = []
    for f in found:
        key = (f.type, slug(f.name))
        name = names_by_slug.setdefault(key, f.name)
        # (entity_id(f.type, name) without the call: slug(name) is key[1], the slug it was stored under)
        out.append(EntityMention(text[f.start : f.end], f.start, f.end, f.type, f"{f.type}:{key[1]}", name, f.role))
    return out


def _drop_overlaps(found: list[Found]) -> list[Found]:
    out: list[Found] = []
    for f in found:
        if f.end <= f.start:
            continue
        if out and f.start < out[-1].end:
            prev = out[-1]
            if (f.end - f.start, f.strong) > (prev.end - prev.start, prev.strong):
                out[-1] = f
            continue
        out.append(f)
    return out


# gazetteer kinds a one-word common word may have come from ("Bukan", an Iranian town, is "not")
_GAZETTEER_KINDS = frozenset({"city", "regency", "district", "region", "country", "org"})
_SENTENCE_OPENERS = frozenset(".!?:;\"'“”‘’-–—•*")


def sentence_initial(text: str, start: int) -> bool:
    """Does the word at ``start`` open the text, a line, a sentence or a quotation?"""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n" or text[i] in _SENTENCE_OPENERS


def _drop_common_words(found: list[Found], text: str) -> list[Found]:
    """A known name that is also a common word is a name only with evidence.

    The evidence: written capitalised where a word is not (inside a sentence, "(ANTARA)" too), here or
    anywhere else in the document. "Bukan hanya itu" opens a sentence: the word "not", no town.
    """
    common = load_resources().common_words
    suspects = [
        f for f in found if f.strong and f.kind in _GAZETTEER_KINDS and _fold_name(text[f.start : f.end]) in common
    ]
    if not suspects:
        return found
    evidence: set[str] = set()
    for f in found:
        surface = text[f.start : f.end]
        if not sentence_initial(text, f.start):
            evidence.add(surface)  # (as written: "ANTARA" in a dateline says nothing of "Antara lain")
    drop = {id(f) for f in suspects if text[f.start : f.end] not in evidence}
    return [f for f in found if id(f) not in drop] if drop else found


def _person_named_like_organisation(found: list[Found], text: str, lex: Lexicon) -> list[Found]:
    """ "Chelsea Islan", "Keisuke Honda": a known one-word organisation name and the one-word person name
    written next to it are one person; in that document the organisation word alone is that person too,
    unless an organisation cue says otherwise ("klub Chelsea")."""
    out: list[Found] = []
    persons: dict[str, Found] = {}
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and f.type == "PER"
            and (not f.strong or (f.kind == "title" and lex.get(f.name) is None))
            and " " not in f.name
            and not _list_word(_fold_name(f.name))
            and prev.type == "ORG"
            and prev.kind == "org"
            and " " not in prev.name
            and text[prev.end : f.start] == " "
        ):
            prev.end = f.end
            prev.type, prev.kind, prev.strong = "PER", "person-cue", True
            prev.name = _join_space(text[prev.start : prev.end])
            if f.role is not None:  # "Aktris Chelsea" read as a title and its organisation: "Aktris"
                word = text[f.start - 1 - len(prev.name.split()[0]) : f.start - 1]
                prev.role = f.role[: -len(word)].rstrip() if f.role.endswith(word) else f.role
            persons[_fold_name(prev.name.split()[0])] = prev
            continue
        out.append(f)
    if persons:
        res = load_resources()
        for f in out:
            p = persons.get(_fold_name(text[f.start : f.end]))
            if p is not None and f is not p and f.type == "ORG" and _person_cued(text, f, res):
                f.type, f.name, f.kind = "PER", p.name, "person-cue"
    return out


def _split_organisation_from_person(found: list[Found], text: str) -> list[Found]:
    """ "Pelatih Barcelona Ernesto Valverde": a person of three words or more whose first word is a known
    one-word place or organisation (and no first name) is that place or organisation, then the person."""
    res = load_resources()
    out: list[Found] = []
    for f in found:
        if f.type == "PER" and f.name.count(" ") >= 2:
            first = f.name.split()[0]
            key = _fold_name(first)
            entry = res.names.get((key,))
            surface = text[f.start : f.end]
            if (
                entry is not None
                and entry.type in ("LOC", "ORG")
                and key not in res.given_names
                and surface.startswith(first + " ")
                and first[:1].isupper()
            ):
                cut = f.start + len(first)
                out.append(Found(f.start, cut, entry.type, entry.name, True, kind=entry.kind))
                f.start = cut + 1
                f.name = f.name[len(first) + 1 :]
                if f.role is not None and not f.role.endswith(first):
                    f.role = f"{f.role} {first}"
        out.append(f)
    return out


def _list_word(key: str) -> bool:
    """A word of the head, title or stop lists ("Liga", "Piala"): it names no person."""
    res = load_resources()
    return (
        key in res.non_names
        or key in res.event_heads
        or (key,) in res.org_heads
        or (key,) in res.loc_heads
        or (key,) in res.titles
    )


def _join_space(s: str) -> str:
    return " ".join(s.split())


def _person_cued(text: str, f: Found, res: Resources) -> bool:
    """A person cue word right before or after the mention ("kata Chelsea", "Chelsea mengaku")."""
    before = _fold_name(text[max(0, f.start - 40) : f.start]).split()
    if any(len(c) <= len(before) and tuple(before[len(before) - len(c) :]) == c for c in res.person_cues_before):
        return not sentence_initial(text, f.start) or not before
    after = _fold_name(text[f.end : f.end + 30]).split()
    return bool(after) and after[0].strip(",.") in res.person_cues_after


def _apply_aliases(found: list[Found], text: str, table: AliasTable) -> list[Found]:
    """Nicknames and short forms get their entity's canonical name and type ("Jokowi" -> "Joko Widodo");
    a user's blocked words are no entities; a user's forced types win."""
    out: list[Found] = []
    football: bool | None = None  # (decided at the first city that names a club)
    named = _clubs_named(found, text, table) if table.club_places else frozenset()
    for f in found:
        surface = text[f.start : f.end]
        if table.is_blocked(surface, f.name):
            continue
        if f.type == "LOC" and f.kind == "city" and " " not in surface and table.source_cued(text, f.start):
            f.type, f.kind = "ORG", "org"  # "dilansir dari Metro": the outlet
            out.append(f)
            continue
        if f.type == "LOC" and f.kind in ("city", "region", "tagger") and table.club_places:
            club = table.club_places.get(_fold_name(surface))
            if club is not None and _fold_name(f.name) == _fold_name(surface):
                if football is None and club not in named and not table.member_cued(text, f.start):
                    football = table.football(text)
                if club in named or football or table.member_cued(text, f.start):
                    f.type, f.name, f.kind = "ORG", club, "club"
                    continue_alias = table.target(club, club)
                    if continue_alias is not None:
                        f.type, f.name = continue_alias
                    out.append(f)
                    continue
        if f.type == "ORG" and " " not in surface and table.club_places and _fold_name(f.name) == _fold_name(surface):
            club = table.club_places.get(_fold_name(surface))
            if club is not None:  # "pemain Barcelona": the city as an organisation is its club
                f.name = club
                hit = table.target(club, club)
                if hit is not None:
                    f.type, f.name = hit
                out.append(f)
                continue
        hit = table.target(surface, f.name)
        if hit is not None:
            f.type, f.name = hit
        else:
            forced = table.forced_type(f.name)
            if forced is not None:
                f.type = forced
        out.append(f)
    return out


def _drop_country_qualifier(found: list[Found], text: str, table: AliasTable) -> None:
    """ "DPR RI", "Dewan Perwakilan Rakyat Indonesia": an organisation's name followed by the home country
    (``country_qualifiers``) is the organisation known without it: in the gazetteer ("DPR"), in the alias lists,
    or named so in the same document."""
    res = load_resources()
    if not res.country_qualifiers:
        return
    local: dict[str, str] = {}
    for f in found:
        if f.type == "ORG":
            local.setdefault(_fold_name(f.name), f.name)
            local.setdefault(_fold_name(text[f.start : f.end]), f.name)
    for f in found:
        if f.type != "ORG":
            continue
        words = f.name.split()
        folded = _fold_name(f.name).split()
        for n in (3, 2, 1):
            if len(words) <= n or tuple(folded[-n:]) not in res.country_qualifiers:
                continue
            rest = " ".join(words[:-n])
            known = _known_organisation(rest, res, table) or local.get(_fold_name(rest))
            if known is not None:
                f.name = known
            break


def _known_organisation(name: str, res: Resources, table: AliasTable) -> str | None:
    """The canonical name of a known organisation written ``name`` ("DPR" -> "Dewan Perwakilan Rakyat"), or None."""
    entry = res.exact.get(name) or res.names.get(tuple(_fold_name(name).split()))
    if entry is not None and entry.type == "ORG":
        return entry.name
    hit = table.target(name, name)
    return hit[1] if hit is not None and hit[0] == "ORG" else None


def _clubs_named(found: list[Found], text: str, table: AliasTable) -> frozenset[str]:
    """The clubs of ``[football.clubs]`` the document names otherwise than by the bare city ("FC Barcelona",
    "Barca", "pemain Barcelona" typed an organisation): in such a document the city alone is the club."""
    clubs = set(table.club_places.values())
    out: set[str] = set()
    for f in found:
        surface = text[f.start : f.end]
        if f.type == "ORG" and " " not in surface and _fold_name(surface) in table.club_places:
            out.add(table.club_places[_fold_name(surface)])
            continue
        if f.type != "ORG":
            continue
        hit = table.target(surface, f.name)
        name = hit[1] if hit is not None else f.name
        if name in clubs:
            out.add(name)
    return frozenset(out)


def _drop_currency_codes(found: list[Found], text: str) -> list[Found]:
    """ "US$ 519 juta", "Ant - Man US$ 519 juta": a country code written onto a dollar sign is a currency, not
    the country; a mention ending in one is no entity (its type came from the code)."""
    out: list[Found] = []
    for f in found:
        if text.startswith("$", f.end):
            last = text[f.start : f.end].split()[-1:]
            if last and last[0].isupper() and len(last[0]) <= 3:
                continue
        out.append(f)
    return out


def _strip_title_words(found: list[Found], text: str, lex: Lexicon) -> None:
    """ "Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto", "Menteri Kominfo Rudiantara": the
    end of a title the recogniser read as the first word of the name (an ordinary word or a known
    organisation's short name, right after a title word) is not part of the person's name."""
    res = load_resources()
    for f in found:
        if f.type != "PER":
            continue
        words = f.name.split()
        if len(words) < 2 or not text.startswith(words[0], f.start):
            continue
        key = _fold_name(words[0])
        if key in res.given_names:
            continue
        if not lex.is_common(words[0], min_count=5, max_proper=0.2):
            entry = res.exact.get(words[0]) or res.names.get((key,))
            role = _fold_name(f.role).split() if f.role and entry is not None and entry.type == "ORG" else []
            if not role or role[-1] not in res.office_titles:  # ("Aktris Chelsea Islan": a name)
                continue
        before = _fold_name(text[max(0, f.start - 80) : f.start]).replace(",", " ").split()
        if not any((w,) in res.titles for w in before[-8:]):
            continue
        cut = text.index(words[1], f.start + len(words[0]))
        if cut >= f.end:
            continue
        f.start, f.name = cut, " ".join(words[1:])


def _split_person_lists(found: list[Found], text: str, table: AliasTable) -> list[Found]:
    """ "Neymar - Edinson Cavani - Kylian Mbappe", "Tim Relawan Anies Sandi": people named side by side
    are one person each. Split: three or more hyphen-joined names, two hyphen-joined names of two words
    each, or two words that are each a listed person's short form (different people)."""
    out: list[Found] = []
    for f in found:
        surface = text[f.start : f.end]
        if f.type != "PER" or (" - " not in surface and surface.count(" ") != 1):
            out.append(f)
            continue
        if " - " in surface:
            parts = surface.split(" - ")
            ok = all(p.strip()[:1].isupper() for p in parts) and (
                len(parts) >= 3 or all(len(p.split()) >= 2 for p in parts)
            )
        else:
            parts = surface.split(" ")
            if not all(p in table.exact or _fold_name(p) in table.folded for p in parts):
                out.append(f)
                continue
            hits = [table.target(p, p) for p in parts]
            ok = all(h is not None and h[0] == "PER" for h in hits) and hits[0] != hits[1]
        if not ok:
            out.append(f)
            continue
        pos = f.start
        for p in parts:
            p = p.strip()
            a = text.index(p, pos)
            out.append(Found(a, a + len(p), "PER", _join_space(p), True, kind=f.kind))
            pos = a + len(p)
    return out


@lru_cache(maxsize=1)
def _twin_regions() -> frozenset[str]:
    """Names that are both a regency and a city in Indonesia ("Bandung", "Bogor", "Bekasi")."""
    return frozenset(load_regions().get("twins", []))


def _facility_names(found: list[Found], text: str) -> None:
    """ "Stasiun Bandung", "Istana Bogor": a place named by a facility head keeps its full name (the
    recogniser names "Kota Bandung" "Bandung"; a station or palace is not the town). A regency that
    shares its name with a city keeps its head: "Kabupaten Bandung" (the city is "Bandung")."""
    heads = load_resources().facility_heads
    twins = _twin_regions()
    for f in found:
        if f.type != "LOC":
            continue
        if f.name in twins:
            words = _fold_name(text[max(0, f.start - 11) : f.end]).split()
            if len(words) >= 2 and words[-2].rstrip(".") in ("kabupaten", "kab"):
                f.name = f"Kabupaten {f.name}"  # "Kabupaten Bandung" is not the city "Bandung" ("Kota Bandung")
                continue
        if f.kind != "headed":
            continue
        words = _fold_name(text[f.start : f.end]).split()
        if len(words) >= 2 and ((words[0],) in heads or tuple(words[:2]) in heads):
            full = _join_space(text[f.start : f.end])
            if f.name != full:
                f.name = full


def _merge_institution_country(found: list[Found], text: str) -> list[Found]:
    """ "Kemlu Korsel" -> one organisation "Kementerian Luar Negeri Korea Selatan"."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "ORG"
            and prev.expand
            and f.type == "LOC"
            and f.kind in ("country", "abbr", "abbr-local")
            and text[prev.end : f.start] == " "
        ):
            prev.end = f.end
            prev.name = f"{prev.name} {f.name}"
            prev.kind = "headed"
            prev.expand = False
            continue
        out.append(f)
    return out


def _apply_local_abbreviations(found: list[Found], text: str) -> None:
    """Every later "Korut"/"KPK" written like a bracketed abbreviation gets its entity."""
    local = {text[f.start : f.end]: f for f in found if f.kind == "abbr-local"}
    if not local:
        return
    for f in found:
        src = local.get(text[f.start : f.end])
        if src is not None and f is not src and f.kind != "headed":
            f.type, f.name, f.strong = src.type, src.name, True


def _propagate_types(found: list[Found], text: str) -> None:
    """A name typed by strong evidence somewhere keeps that type where it was only guessed."""
    best: dict[str, Found] = {}
    keys = list(map(_fold_name, [text[f.start : f.end] for f in found]))  # (once: the spans do not change below)
    for f, key in zip(found, keys, strict=True):
        if f.strong:
            cur = best.get(key)
            if cur is None or _TYPE_PRIORITY.get(f.kind, 1) > _TYPE_PRIORITY.get(cur.kind, 1):
                best[key] = f
    for f, key in zip(found, keys, strict=True):
        src = best.get(key)
        if (
            src is not None
            and src is not f
            and (not f.strong or _TYPE_PRIORITY.get(src.kind, 1) > _TYPE_PRIORITY.get(f.kind, 1))
        ):
            if f.kind != "title":
                f.type, f.name = src.type, src.name
                f.strong = True


def _link_people(found: list[Found], text: str, lex: Lexicon) -> None:
    """Short forms and typos of a person's full name written elsewhere in the document."""
    sizes = [len(f.name.split()) for f in found]  # words per name (each name is read before it changes below)
    full = [f for f, size in zip(found, sizes, strict=True) if f.type == "PER" and size >= 2]
    if not full:
        return
    counts = Counter(map(slug, [f.name for f in found if f.type == "PER"]))
    first_seen: dict[str, int] = {}
    for f in full:
        first_seen.setdefault(slug(f.name), f.start)
    by_token: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for f in full:
        s = slug(f.name)
        names.setdefault(s, f.name)
        parts = _fold_name(f.name).split()  # (str.split() splits on what re's \s matches, and drops empty parts)
        for p in {parts[0], parts[-1], _first_given(parts)}:
            by_token.setdefault(p, [])
            if s not in by_token[p]:
                by_token[p].append(s)
    # typo candidates: the name words of 4 letters or more by length (a typo changes the length by one at
    # most), with their place in by_token so that the candidates keep by_token's order
    by_length: dict[int, list[tuple[int, str, list[str]]]] = {}
    for x, (tok, ss) in enumerate(by_token.items()):
        if len(tok) >= 4:
            by_length.setdefault(len(tok), []).append((x, tok, ss))
    for f, size in zip(found, sizes, strict=True):
        if size != 1 or f.type not in ("PER",) and f.strong:
            continue
        key = _fold_name(f.name)
        cands = by_token.get(key)
        if not cands and f.type == "PER" and len(key) >= (6 if f.strong else 5):
            lk = len(key)
            near = []
            for size in (lk - 1, lk, lk + 1):
                for x, tok, ss in by_length.get(size, ()):
                    # (one edit between words of 4 letters or more leaves the first or the last letter in place)
                    if (tok[0] == key[0] or tok[-1] == key[-1]) and edit_distance_at_most_one(tok, key):
                        near.append((x, ss))
            near.sort()
            cands = [s for _, ss in near for s in ss]
        if not cands:
            continue
        best = max(cands, key=lambda s: (counts[s], -first_seen.get(s, 0)))
        f.type, f.name, f.strong = "PER", names[best], True


def _given_name_read_as_title(found: list[Found], text: str) -> None:
    """ "anggota Dewan Pers Imam Wahyudi": a title word that is also a first name ("Imam"), at the end of a
    role and right before the name, is the person's first name."""
    res = load_resources()
    for f in found:
        if f.type != "PER" or not f.role:
            continue
        words = f.role.split()
        last = words[-1] if words else ""
        key = _fold_name(last)
        if not last[:1].isupper() or key not in res.given_names or (key,) not in res.titles:
            continue
        at = f.start - len(last) - 1
        if at < 0 or text[at : f.start] != last + " ":
            continue
        f.start, f.name, f.role = at, f"{last} {f.name}", " ".join(words[:-1]) or None


def _first_given(parts: list[str]) -> str:
    """The first word of a folded name that is not an initial ("hanif" of "m. hanif dhakiri", "HM Prasetyo")."""
    for p in parts[:-1]:
        if len(p.rstrip(".")) > 2:
            return p
    return parts[0]


def _junk(f: Found, text: str, lex: Lexicon) -> bool:
    """Guessed one-word 'names' that are ordinary words capitalised for emphasis or in headlines."""
    if f.strong:
        return False
    surface = text[f.start : f.end]
    if len(surface) < 2:
        return True
    if f.kind == "common":
        return True
    if f.kind == "default-initial" and " " not in surface:
        # a lone capitalised word opening a sentence that the lexicon knows as an ordinary word
        wc = lex.get(surface)
        return wc is not None and wc.proper < 0.5 and text.count(surface) < 2
    return " " not in surface and lex.is_common(surface, min_count=2, max_proper=0.3)
