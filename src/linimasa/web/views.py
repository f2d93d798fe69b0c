"""The Jinja2 environment and link builders shared by the web page and ``report.html``.

Both render the same macros (``templates/_views.html``: story rows, sparklines, timelines,
participants); what differs is where a link goes. :class:`WebLinks` points at the server's
pages, :class:`ReportLinks` at anchors inside the one report file. Autoescaping is on for
every template: article text is untrusted input.
"""

from __future__ import annotations

from functools import cache
from importlib import resources as importlib_resources
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from linimasa.web.charts import attention_chart, bars, story_axis, swimlanes

STATUS_LABELS = {
    "happened": "happened",
    "reported": "reported",
    "planned": "planned",
    "expected": "expected",
}


def _q(value: str) -> str:
    return quote(value, safe="")


class WebLinks:
    """Links between the pages of ``linimasa serve``."""

    report = False

    def home(self) -> str:
        return "/"

    def story(self, story_id: str) -> str:
        return f"/stories/{_q(story_id)}"

    def entity(self, entity_id: str) -> str | None:
        return f"/entities/{_q(entity_id)}"

    def document(self, doc_id: str, quote_index: int | None = None) -> str | None:
        return f"/documents/{_q(doc_id)}" + (f"#q-{quote_index}" if quote_index is not None else "")

    def search(self, **params: Any) -> str:
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        return "/search" + ("?" + urlencode(clean) if clean else "")

    def page(self, base: str, params: dict[str, Any], **changes: Any) -> str:
        merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return base + ("?" + urlencode(merged) if merged else "")


class ReportLinks(WebLinks):
    """Links inside the self-contained report: anchors, and nothing for what it does not hold."""

    report = True

    def __init__(self, entity_ids: set[str], document_ids: set[str]) -> None:
        self.entity_ids = entity_ids
        self.document_ids = document_ids

    def home(self) -> str:
        return "#stories"

    def story(self, story_id: str) -> str:
        return f"#story-{_q(story_id)}"

    def entity(self, entity_id: str) -> str | None:
        return f"#entity-{_q(entity_id)}" if entity_id in self.entity_ids else None

    def document(self, doc_id: str, quote_index: int | None = None) -> str | None:
        return f"#doc-{_q(doc_id)}" if doc_id in self.document_ids else None


def _short(value: str | None, n: int = 90) -> str:
    value = value or ""
    return value if len(value) <= n else value[: n - 1].rstrip() + "\u2026"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return f"{n} {word[:-1]}ies"
    return f"{n} {word}s"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("linimasa.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["short"] = _short
    env.filters["urlq"] = _q
    env.globals.update(
        bars=bars,
        swimlanes=swimlanes,
        attention_chart=attention_chart,
        story_axis=story_axis,
        plural=_plural,
        status_labels=STATUS_LABELS,
    )
    return env


@cache
def static_text(name: str) -> str:
    """The page's own CSS or JS (shipped in the package; inlined by the report)."""
    return (importlib_resources.files("linimasa.web") / "static" / name).read_text(encoding="utf-8")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
