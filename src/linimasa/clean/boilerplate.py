"""Boilerplate rules: whole-line and inline-fragment patterns compiled from the language files.

The patterns live in ``lang/<code>/boilerplate.toml`` and ``lang/common/boilerplate.toml``
(format documented at the top of the common file); this module only compiles them once per
language (cached) and applies them to one line at a time. Hand-written rather than a library
(jusText, Trafilatura's own cleaning) because those work on HTML blocks and know nothing of
Indonesian news furniture ("Baca juga:", "Sumber :", desk initials "(prm)"), and because the
caller needs every dropped piece with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from linimasa.lang.packs import SUPPORTED_LANGUAGES, load_toml

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_CLOSING = frozenset('.,;:!?)]}"”’')


@dataclass(frozen=True, slots=True)
class Hints:
    """Lowercase substrings (``words``) and line endings (``ends``); a line qualifies when one occurs.

    Speed: plain ``in``/``endswith`` tests beat a regex alternation of the same literals several times
    over (the regex engine tries every alternative at nearly every position of the line).
    """

    words: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()

    @classmethod
    def of(cls, hints: tuple[str, ...] | list[str]) -> Hints:
        """From hint strings ("foo", or "foo$" for a line ending), dropping those another one implies."""
        words = {h for h in hints if not (h.endswith("$") and len(h) > 1)}
        ends = {h[:-1] for h in hints if h.endswith("$") and len(h) > 1}
        # a word containing another word, or an ending ending with another, adds nothing
        words = {w for w in words if not any(o != w and o in w for o in words)}
        ends = {e for e in ends if not any(o != e and e.endswith(o) for o in ends)}
        return cls(tuple(sorted(words)), tuple(sorted(ends)))

    def found(self, lower: str) -> bool:
        if self.ends and lower.endswith(self.ends):
            return True
        for h in self.words:
            if h in lower:
                return True
        return False


@dataclass(frozen=True, slots=True)
class Rule:
    """One boilerplate pattern and what to do when it matches."""

    reason: str
    regex: re.Pattern[str]
    max_words: int | None = None
    edge_only: bool = False
    last_only: bool = False  # (fragments) only on the last remaining line of the article
    takes_next: bool = False
    caption: bool = False
    anchored: bool = False  # the pattern starts with "^": tried only when the anchored union matches
    hints: tuple[str, ...] = ()  # lowercase substrings, one of which must occur for the rule to apply
    hint_test: Hints = field(init=False)  # ``hints`` prepared for testing

    def __post_init__(self) -> None:
        object.__setattr__(self, "hint_test", Hints.of(self.hints))

    def applies(self, lower: str) -> bool:
        return not self.hints or self.hint_test.found(lower)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The compiled rules of one language (its own pack plus the language-independent one)."""

    lines: tuple[Rule, ...]
    fragments: tuple[Rule, ...]
    anchored_filter: re.Pattern[str]  # some anchored line rule could match (used with .match)
    unanchored: tuple[Rule, ...]  # the line rules to try when no anchored rule can match
    fragment_hints: Hints | None  # some fragment rule's hint occurs (lowercased line); None: any line may match


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece removed from inside a line."""

    text: str
    rule: Rule
    match: re.Match[str]


def packs_for(lang: str | None) -> tuple[str, ...]:
    """Resource packs whose boilerplate applies to ``lang``.

    Unknown languages get every shipped pack: Indonesian and English furniture turns up on
    pages of any language.
    """
    if lang in SUPPORTED_LANGUAGES:
        return (lang, "common")
    return (*SUPPORTED_LANGUAGES, "common")


def _compile(entry: dict) -> Rule:
    flags = 0 if entry.get("case") else re.IGNORECASE
    return Rule(
        reason=entry["reason"],
        regex=re.compile(entry["pattern"], flags),
        max_words=entry.get("max_words"),
        edge_only=entry.get("zone") == "edge",
        last_only=entry.get("zone") == "last",
        takes_next=bool(entry.get("takes_next")),
        caption=bool(entry.get("caption")),
        anchored=entry["pattern"].startswith("^") and "|" not in _top_level(entry["pattern"]),
        hints=tuple(h.lower() for h in entry.get("hints", ())),
    )


def _top_level(pattern: str) -> str:
    """The pattern with bracketed and parenthesized parts blanked (to find top-level "|")."""
    out, depth, in_class, escape = [], 0, False, False
    for ch in pattern:
        if escape:
            escape = False
            out.append(" ")
            continue
        if ch == "\\":
            escape = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
            continue
        out.append(" ")
    return "".join(out)


def _union(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """One alternation of all patterns (named groups dropped), to skip lines no rule can touch."""
    if not rules:
        return re.compile(r"(?!)")
    parts = []
    for rule in rules:
        body = _NAMED_GROUP.sub("(?:", rule.regex.pattern)
        parts.append(f"(?i:{body})" if rule.regex.flags & re.IGNORECASE else f"(?:{body})")
    return re.compile("|".join(parts))


@lru_cache(maxsize=16)
def rules_for(lang: str | None) -> RuleSet:
    """Compiled rules for ``lang`` (cached per process)."""
    lines: list[Rule] = []
    fragments: list[Rule] = []
    for pack in packs_for(lang):
        data = load_toml(pack, "boilerplate")
        lines.extend(_compile(e) for e in data.get("line", []))
        fragments.extend(_compile(e) for e in data.get("fragment", []))
    line_rules = tuple(lines)
    return RuleSet(
        lines=line_rules,
        fragments=tuple(fragments),
        anchored_filter=_union(tuple(r for r in line_rules if r.anchored)),
        unanchored=tuple(r for r in line_rules if not r.anchored),
        fragment_hints=_hint_union(tuple(fragments)),
    )


def _hint_union(rules: tuple[Rule, ...]) -> Hints | None:
    """Finds a line (lowercased) that some fragment rule could touch; None when a rule has no hints."""
    if any(not r.hints for r in rules):
        return None
    return Hints.of([h for r in rules for h in r.hints])


def match_line(line: str, rules: RuleSet, edge: bool) -> tuple[Rule, re.Match[str]] | None:
    """The first line rule that drops this whole (stripped) line, with its match."""
    words = line.count(" ") + 1
    lower = line.lower()
    candidates = rules.lines if rules.anchored_filter.match(line) else rules.unanchored
    for rule in candidates:
        if rule.max_words is not None and words > rule.max_words:
            continue
        if rule.edge_only and not edge:
            continue
        if rule.hints and not rule.applies(lower):
            continue
        m = rule.regex.search(line)
        if m:
            return rule, m
    return None


def strip_fragments(line: str, rules: RuleSet, last: bool = False) -> tuple[str, list[Fragment]]:
    """The line without its boilerplate fragments, and the fragments removed (in rule order).

    Rules with ``zone = "last"`` apply only when ``last`` (and only they do then).
    """
    removed: list[Fragment] = []
    lower = line.lower()
    if rules.fragment_hints is not None and not rules.fragment_hints.found(lower):
        return line, removed
    for rule in rules.fragments:
        if rule.last_only != last:
            continue
        if rule.hints and not rule.applies(lower):
            continue
        while True:
            m = rule.regex.search(line)
            if not m or m.end() == m.start():
                break
            removed.append(Fragment(m.group(0).strip(), rule, m))
            before, after = line[: m.start()].rstrip(), line[m.end() :].lstrip()
            glue = "" if not before or not after or after[0] in _CLOSING else " "
            line = (before + glue + after).strip()
    return line, removed
