"""Full-text search: one tokenizer and one query language for SQLite FTS5 and PostgreSQL.

Why this shape: neither SQLite's ``unicode61`` tokenizer nor PostgreSQL's ``simple``
configuration knows Indonesian morphology, and PostgreSQL ships no Indonesian
configuration at all. So the text is tokenized and folded here, in Python, identically for
both backends, and each Indonesian word is indexed twice: as written (exact words and
names keep their precision) and as its Sastrawi stem in a separate ``stems`` field (so
"banjir" finds "kebanjiran", "pengungsi" finds "mengungsi"). A query word matches a
document when the word itself or its stem is there. English documents get no stems
(Sastrawi would mangle English words); ``flood*`` prefix queries cover plurals there.

Query syntax (documented in docs/serving.md): words (all must match), ``"exact phrase"``,
``prefix*``, ``-excluded``. Everything the user typed is reduced to plain word tokens
before it reaches the database, so the FTS5 / tsquery syntax cannot be injected.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import compress
from operator import ne

from linimasa.lang.stemmers import sastrawi, stems_indexed

_TOKEN = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
MAX_QUERY_TERMS = 16


def fold(text: str) -> str:
    """Lower case without diacritics ("Sumbawa Besar" and "sumbawá" index alike)."""
    nfkd = unicodedata.normalize("NFKD", text.casefold())
    return nfkd if nfkd.isascii() else nfkd.translate(_combining())


# Combining marks are all in planes 0 and 1 (U+0300 to U+1E94A in Unicode 15; planes 2-16 hold
# ideographs, tags and variation selectors, of combining class 0): looking no further makes the
# table 9 times quicker to build, a third of a second of every process that indexes a document
# (tests/test_cli_edges.py checks the bound on this Python's Unicode).
COMBINING_END = 0x20000


@functools.cache
def _combining() -> dict[int, None]:
    """Every code point with a combining class, mapped to nothing (``str.translate`` drops them:
    one C-level pass instead of a Python test per character)."""
    return {cp: None for cp in range(0x300, COMBINING_END) if unicodedata.combining(chr(cp))}


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits; punctuation and underscores split words)."""
    return _TOKEN.findall(fold(text))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one folded Indonesian word (cached: news vocabulary repeats a lot)."""
    if len(word) < 4 or word.isdigit():
        return word
    return sastrawi().stem(word) or word


# folded word -> its stem, for index_fields: each distinct word of a document is stemmed once (through
# ``stem``'s cache) and the rest mapped at C speed (a memo of a pure function; cleared past _STEM_MEMO_MAX)
_STEM_MEMO: dict[str, str] = {}
_STEM_MEMO_MAX = 500_000


def index_fields(title: str | None, text: str, lang: str | None) -> tuple[str, str]:
    """``(words, stems)``: the two indexed fields of one document, as space-joined tokens
    (``stems`` holds the stems that differ from their word, in text order)."""
    words = tokens(f"{title or ''}\n{text}")
    if not stems_indexed(lang):
        return " ".join(words), ""
    memo = _STEM_MEMO
    new = set(words).difference(memo)
    if new:
        if len(memo) + len(new) > _STEM_MEMO_MAX:
            memo.clear()
            new = set(words)
        for w in new:
            memo[w] = stem(w)
    stems = list(map(memo.__getitem__, words))
    return " ".join(words), " ".join(compress(stems, map(ne, stems, words)))


@dataclass
class Term:
    """One query element: a word (or a phrase of words), maybe a prefix, maybe excluded."""

    words: list[str]
    prefix: bool = False
    excluded: bool = False
    # joined to the positive term before it by ``OR`` (``banjir OR longsor``): either may match
    alternative: bool = False

    @property
    def stems(self) -> list[str]:
        return [stem(w) for w in self.words]


@dataclass
class SearchQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def positive(self) -> list[Term]:
        return [t for t in self.terms if not t.excluded]

    @property
    def excluded(self) -> list[Term]:
        return [t for t in self.terms if t.excluded]

    def groups(self) -> list[list[Term]]:
        """The positive terms in their ``OR`` groups: a document must match a term of each."""
        out: list[list[Term]] = []
        for t in self.positive:
            if t.alternative and out:
                out[-1].append(t)
            else:
                out.append([t])
        return out

    def highlight_words(self) -> set[str]:
        """Folded words and stems whose occurrences a snippet highlights."""
        out: set[str] = set()
        for t in self.positive:
            out.update(t.words)
            out.update(t.stems)
        return out

    def prefixes(self) -> list[str]:
        return [t.words[-1] for t in self.positive if t.prefix]


class QueryError(ValueError):
    """The query has nothing to search for (only exclusions, only punctuation)."""


def _parts(q: str) -> list[Term]:
    """Every term of ``q`` in order (no cap). An unquoted ``OR`` (upper case) between two
    positive terms is no term: the term after it is an ``alternative`` of the one before;
    anywhere else (first, last, next to an exclusion) it is the word "or", as ``or`` always is."""
    found: list[tuple[Term | None, str]] = []
    for m in _QUERY_PART.finditer(q):
        if m.group(2) is not None:
            excluded, raw, prefix = m.group(1) == "-", m.group(2), False
        else:
            excluded, raw = m.group(3) == "-", m.group(4)
            prefix = raw.endswith("*")
        words = tokens(raw)
        if words:
            found.append((Term(words=words, prefix=prefix and len(words) == 1, excluded=excluded), m.group(0)))
    out: list[Term] = []
    for i, (term, raw) in enumerate(found):
        before = out[-1] if out else None
        after = found[i + 1][0] if i + 1 < len(found) else None
        if raw == "OR" and before and not before.excluded and after and not after.excluded and found[i + 1][1] != "OR":
            after.alternative = True
            continue
        out.append(term)
    return out


def parse_query(q: str) -> SearchQuery:
    """Parse the user's query into terms; raises :class:`QueryError` when nothing is left."""
    query = SearchQuery(terms=_parts(q)[:MAX_QUERY_TERMS])
    if not query.positive:
        if query.excluded:
            raise QueryError("the query has no words to search for, only -exclusions: give a word as well")
        raise QueryError(
            f"the query {q.strip()[:60]!r} has no words to search for (only letters and digits are searched)"
        )
    return query


def count_terms(q: str) -> int:
    """How many terms (words, phrases, prefixes, exclusions; an ``OR`` is none) ``q`` gives:
    :func:`parse_query` keeps the first :data:`MAX_QUERY_TERMS`, which a caller that must not
    widen a query silently (``linimasa export --query``) checks first."""
    return len(_parts(q))


def _fts5_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts5_term(t: Term) -> str:
    if len(t.words) > 1:
        return _fts5_string(" ".join(t.words))
    word = t.words[0]
    if t.prefix:
        return f"{_fts5_string(word)} *"
    s = stem(word)
    alternatives = {_fts5_string(word), _fts5_string(s)}
    return "(" + " OR ".join(sorted(alternatives)) + ")"


def fts5_match(query: SearchQuery) -> str:
    """An FTS5 MATCH expression (bound as a parameter; every word is a quoted string)."""
    expr = " AND ".join(
        _fts5_term(g[0]) if len(g) == 1 else "(" + " OR ".join(map(_fts5_term, g)) + ")" for g in query.groups()
    )
    if query.excluded:
        expr = f"({expr}) NOT (" + " OR ".join(_fts5_term(t) for t in query.excluded) + ")"
    return expr


def _pg_lexeme(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def _pg_term(t: Term) -> str:
    if len(t.words) > 1:
        return "(" + " <-> ".join(_pg_lexeme(w) for w in t.words) + ")"
    word = t.words[0]
    if t.prefix:
        return f"{_pg_lexeme(word)}:*"
    alternatives = sorted({_pg_lexeme(word), _pg_lexeme(stem(word))})
    return "(" + " | ".join(alternatives) + ")"


def pg_tsquery(query: SearchQuery) -> str:
    """A ``to_tsquery('simple', ...)`` string (bound as a parameter; words are quoted lexemes)."""
    expr = " & ".join(
        _pg_term(g[0]) if len(g) == 1 else "(" + " | ".join(map(_pg_term, g)) + ")" for g in query.groups()
    )
    for t in query.excluded:
        expr += f" & !{_pg_term(t)}"
    return expr


def snippet(text: str, sentences: list[dict], query: SearchQuery, max_chars: int = 280) -> dict:
    """The first sentence holding a query word, with the matched words' offsets.

    Returns ``{"text", "highlights": [[start, end], ...]}`` (offsets into the snippet text);
    the caller escapes the text and wraps the highlighted ranges.
    """
    wanted = query.highlight_words()
    prefixes = query.prefixes()
    spans = [(s["start"], s["end"]) for s in sentences] or [(0, len(text))]

    def matches(word: str) -> bool:
        f = fold(word)
        return f in wanted or stem(f) in wanted or any(f.startswith(p) for p in prefixes)

    for start, end in spans:
        sentence = text[start:end]
        hits = [[m.start(), m.end()] for m in _TOKEN.finditer(sentence) if matches(m.group())]
        if hits:
            if len(sentence) > max_chars:
                first = hits[0][0]
                cut = max(0, min(first - 60, len(sentence) - max_chars))
                sentence = sentence[cut : cut + max_chars]
                hits = [[a - cut, b - cut] for a, b in hits if a >= cut and b <= cut + max_chars]
            return {"text": sentence, "highlights": hits}
    start, end = spans[0]
    return {"text": text[start:end][:max_chars], "highlights": []}
