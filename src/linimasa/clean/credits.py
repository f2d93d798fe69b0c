"""Credits: the sources and credits an article names ("Sumber : sindonews.com", "Gambar :
Liputan6.com", "Sumber: Yonhap-OANA" gives Yonhap and OANA, "dilansir dari Metro.co.uk").

Credit lines are removed by the boilerplate rules, which hand their ``credit`` group here to
be split into names. Body sentences that cite a web outlet by domain keep their text; only
the domain is recorded. Joiner words and citation cues come from ``lang/<code>/metadata.toml``.
Hand-written: a handful of string operations, no library does this.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linimasa.clean.boilerplate import packs_for
from linimasa.lang.packs import load_toml

_URL = re.compile(r"^(?:https?://)?(?:www\.)?([^/\s]+\.[a-z]{2,})(?:/\S*)?$", re.IGNORECASE)
_DOMAIN = re.compile(
    r"\b[A-Za-z][\w\-]*(?:\.[A-Za-z][\w\-]*)*\.(?:com|net|org|id|co\.id|co\.uk|co|tv|news|uk|au|my|sg|ph|info|io)\b"
)


@lru_cache(maxsize=8)
def _vocabulary(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str] | None, frozenset[str], tuple[str, ...]]:
    joiners: list[str] = []
    cues: list[str] = []
    for pack in packs_for(lang):
        meta = load_toml(pack, "metadata").get("metadata", {})
        joiners += meta.get("credit_joiners", [])
        cues += meta.get("citation_cues", [])
    join = "|".join(re.escape(j) for j in sorted(set(joiners), key=len, reverse=True))
    splitter = re.compile(rf"\s*(?:[,;/|&+]|\s(?:{join})\s)\s*" if join else r"\s*[,;/|&+]\s*", re.IGNORECASE)
    cue_re = None
    if cues:
        alt = "|".join(re.escape(c) for c in sorted(set(cues), key=len, reverse=True))
        cue_re = re.compile(rf"\b(?:{alt})\s*:?\s+(?P<name>{_DOMAIN.pattern})", re.IGNORECASE)
    shortlinks = frozenset(load_toml("common", "metadata").get("shortlink_hosts", []))
    # the cheap presence test of body_citations needs no cue that contains another one ("dilansir dari")
    lowered = {c.lower() for c in cues}
    needles = tuple(sorted(c for c in lowered if not any(o != c and o in c for o in lowered)))
    return splitter, cue_re, shortlinks, needles


def _split_hyphen(part: str) -> list[str]:
    """ "Yonhap-OANA" names two agencies; "Al-Jazeera" or "Coca-Cola"-like short halves do not split."""
    if " " in part or "." in part:
        return [part]
    halves = part.split("-")
    if len(halves) > 1 and all(len(h) >= 3 and h[:1].isupper() for h in halves):
        return halves
    return [part]


def split_credit(text: str, lang: str | None) -> list[str]:
    """Names in a credit line's value: "The Verge dan Sony ." -> ["The Verge", "Sony"]."""
    splitter, _, shortlinks, _ = _vocabulary(lang)
    text = text.strip().strip(".").strip()
    out: list[str] = []
    for part in splitter.split(text):
        part = part.strip(" .:-–—\"'“”()[]")
        url = _URL.match(part)
        if url and "/" in part:
            part = url.group(1)
        # drop leading lowercase words: "gambar header Pixabay" -> "Pixabay"
        ws = part.split()
        while ws and not ws[0][:1].isupper() and not _URL.match(ws[0]):
            ws.pop(0)
        part = " ".join(ws)
        if not part or len(ws) > 5 or part.lower() in shortlinks:
            continue
        out.extend(_split_hyphen(part))
    return out


def body_citations(text: str, lang: str | None) -> list[str]:
    """Web outlets cited by domain in body text: "seperti dilansir dari Metro.co.uk" -> ["Metro.co.uk"]."""
    _, cue_re, _, cues = _vocabulary(lang)
    if cue_re is None:
        return []
    lower = text.lower()
    if not any(c in lower for c in cues):
        return []
    return [m["name"] for m in cue_re.finditer(text)]


def dedupe(names: list[str]) -> list[str]:
    """Unique names (case-insensitive), first spelling and order kept."""
    seen: set[str] = set()
    out = []
    for n in names:
        k = n.lower()
        if k not in seen:
            seen.add(k)
            out.append(n)
    return out
