"""The clean text of a document as HTML with its annotations highlighted.

Annotations are standoff spans that may nest or overlap (an entity inside a quote, a date
inside an entity). The text is cut at every annotation boundary and each piece is wrapped
in the tags of the annotations covering it, outermost first (quote, entity, date); a
quote that crosses other spans simply becomes several ``<span>`` pieces sharing one
``data-q`` number. Every piece of text and every attribute value goes through
``markupsafe.escape``: the text is untrusted input, and this is the one place where HTML is
built outside a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

_CLOSING = re.compile(r"[,.;:!?\"\u201d\u2019'\u00bb)]{0,3}")


def _covering(spans: list[Any], span_of: Callable[[Any], dict[str, Any]]) -> Callable[[int], list[Any]]:
    """``at(cut)``: the spans covering the piece that starts at ``cut``, in their list order.

    Called with every cut in ascending order (every span start and end is a cut), it sweeps
    once over the text instead of testing every span for every piece (quadratic on long,
    densely annotated texts).
    """
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for i, item in enumerate(spans):
        opening.setdefault(span_of(item)["start"], []).append(i)
        closing.setdefault(span_of(item)["end"], []).append(i)
    active: set[int] = set()

    def at(cut: int) -> list[Any]:
        active.difference_update(closing.get(cut, ()))
        active.update(opening.get(cut, ()))
        return [spans[i] for i in sorted(active)]

    return at


def _valid(a: dict[str, Any], n: int) -> bool:
    start, end = a.get("start"), a.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n


def annotated_html(doc: dict[str, Any], entity_url: Callable[[str], str | None]) -> Markup:
    """``doc['text']`` as escaped HTML with dates, entity links and quotes (with speakers) marked up."""
    text: str = doc.get("text") or ""
    n = len(text)
    quotes = [(i, q) for i, q in enumerate(doc.get("quotes") or []) if _valid(q, n)]
    entities = sorted(
        (e for e in doc.get("entities") or [] if _valid(e, n)), key=lambda e: (e["start"], -(e["end"] - e["start"]))
    )
    # Entities must not overlap each other (an <a> cannot hold an <a>): keep the first/longest.
    kept_entities: list[dict[str, Any]] = []
    for e in entities:
        if not kept_entities or e["start"] >= kept_entities[-1]["end"]:
            kept_entities.append(e)
    timexes = [t for t in doc.get("timexes") or [] if _valid(t, n)]
    cuts = {0, n}
    label_at: dict[int, list[dict[str, Any]]] = {}
    for _, q in quotes:
        # The speaker label goes after the closing punctuation and quotation mark.
        at = q["end"] + len(_CLOSING.match(text, q["end"]).group())
        label_at.setdefault(at, []).append(q)
        cuts.update((q["start"], q["end"], at))
    for a in kept_entities + timexes:
        cuts.update((a["start"], a["end"]))
    bounds = sorted(cuts)
    out: list[str] = []
    timexes_at = _covering(timexes, lambda t: t)
    entities_at = _covering(kept_entities, lambda e: e)
    quotes_at = _covering(quotes, lambda iq: iq[1])
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = str(escape(text[a:b]))
        for t in timexes_at(a):
            if t["start"] <= a and b <= t["end"]:
                value = t.get("value") or "unresolved"
                first = " first" if t["start"] == a else ""
                piece = (
                    f'<span class="tx{first}" tabindex="0" data-type="{escape(t.get("type") or "")}" '
                    f'data-value="{escape(value)}">{piece}</span>'
                )
        for e in entities_at(a):
            if e["start"] <= a and b <= e["end"]:
                label = f"{e.get('type') or ''}: {e.get('name') or e.get('text') or ''}"
                href = entity_url(e["id"]) if e.get("id") else None
                cls = f"ent ent-{escape(e.get('type') or 'X')}"
                if href:
                    piece = f'<a class="{cls}" href="{escape(href)}" title="{escape(label)}">{piece}</a>'
                else:
                    piece = f'<span class="{cls}" title="{escape(label)}">{piece}</span>'
        for i, q in quotes_at(a):
            if q["start"] <= a and b <= q["end"]:
                anchor = f' id="q-{i}"' if q["start"] == a else ""
                who = q.get("speaker") or "unknown speaker"
                piece = (
                    f'<span class="quote quote-{escape(q.get("kind") or "direct")}"{anchor} data-q="{i}" '
                    f'title="{escape(who)}">{piece}</span>'
                )
        out.append(piece)
        for q in label_at.get(b, []):
            out.append(_speaker(q, entity_url))
    return Markup("".join(out))


def _speaker(q: dict[str, Any], entity_url: Callable[[str], str | None]) -> str:
    name = q.get("speaker")
    if not name:
        return '<span class="speaker unknown">(speaker unknown)</span>'
    href = entity_url(q["speaker_id"]) if q.get("speaker_id") else None
    if href:
        inner = f'<a href="{escape(href)}">{escape(name)}</a>'
    else:
        inner = str(escape(name))
    return f'<span class="speaker">&#8212; {inner}</span>'
