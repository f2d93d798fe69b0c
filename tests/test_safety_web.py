"""Hostile article content never reaches a page as markup: script tags, event-handler
attributes, attribute break-outs and ``javascript:`` URLs planted in every field a page
shows (titles, text, outlet, dateline, credits, removed pieces, entity names and ids, quote
speakers, story titles, summaries, timeline events, document ids and URLs).

Each page of ``linimasa serve`` (through the app) and ``report.html`` is parsed with an HTML
parser: no script but our own, no ``on*`` attribute, no ``javascript:``/``data:`` link, no
embedded element. Then Chromium loads the served pages, the same pages without the CSP
header (so escaping alone is tested), and the report file, and checks no script ran.
"""

from __future__ import annotations

import re
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from linimasa.model import Document, Entity, Story, TimelineEvent
from linimasa.report.render import render_report
from linimasa.store.database import Store
from linimasa.web.views import static_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

pytest_plugins = ["fixtures_web"]

SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
ATTR = '" onmouseover="window.__pwned=3" autofocus onfocus="window.__pwned=3" x="'
ATTR1 = "' onfocus='window.__pwned=4' autofocus '"
JS = "javascript:window.__pwned=5;alert(5)"
SVG = "</title></textarea></style><svg onload=window.__pwned=6>"
PAYLOADS = (SCRIPT, IMG, ATTR, ATTR1, JS, SVG)
EVIL_ID = "javascript:alert(7)"  # a document id (and URL) that would be a script link if used raw
EVIL_ENTITY = JS  # an entity id
PLAIN_ENTITY = "PER:evil-person"


def _evil_document(doc_id: str, story: str) -> Document:
    parts = ["Banjir melanda Palu.", SCRIPT, "Warga", IMG, "mengungsi", ATTR, "kata", JS, "di", SVG, ATTR1, "."]
    text = " ".join(parts)

    def span(s: str) -> tuple[int, int]:
        i = text.index(s)
        return i, i + len(s)

    s1, e1 = span(SCRIPT)
    s2, e2 = span(IMG)
    s3, e3 = span(JS)
    s4, e4 = span(SVG)
    return Document.from_json(
        {
            "id": doc_id,
            "source": SVG,
            "url": JS,
            "lang": "id",
            "title": f"Banjir {SCRIPT} {ATTR}",
            "outlet": f"Kabar {IMG} {ATTR1}",
            "dateline": SVG,
            "published": "2024-05-01",
            "published_from": "input",
            "text": text,
            "removed": [{"text": IMG + SCRIPT, "reason": ATTR}],
            "credits": [SCRIPT, JS],
            "sentences": [{"start": 0, "end": len(text)}],
            "timexes": [{"text": SCRIPT, "start": s1, "end": e1, "type": ATTR, "value": ATTR1}],
            "entities": [
                {"text": IMG, "start": s2, "end": e2, "type": ATTR1, "id": EVIL_ENTITY, "name": SVG},
                {"text": SVG, "start": s4, "end": e4, "type": "PER", "id": PLAIN_ENTITY, "name": SCRIPT},
            ],
            "quotes": [
                {"text": JS, "start": s3, "end": e3, "speaker": IMG, "speaker_id": EVIL_ENTITY, "kind": ATTR},
                {"text": SVG, "start": s4, "end": e4, "speaker": SCRIPT, "speaker_id": PLAIN_ENTITY},
            ],
            "story": story,
            "warnings": [SCRIPT],
            "features": {},
        }
    )


def _planted() -> tuple[list[Document], list[Story], list[Entity]]:
    docs = [_evil_document("evil-doc", "story-evil"), _evil_document(EVIL_ID, "story-evil")]
    ev = {"document": "evil-doc", "text": SCRIPT, "start": 0, "end": 5}
    story = Story(
        id="story-evil",
        title=f"{SCRIPT}{IMG}",
        documents=["evil-doc", EVIL_ID],
        start="2024-05-01",
        end="2024-05-02",
        entities=[EVIL_ENTITY, PLAIN_ENTITY],
        summary=[{"text": SVG + JS, "document": "evil-doc"}, {"text": ATTR, "document": EVIL_ID}],
        timeline=[
            TimelineEvent("2024-05-01", IMG, ["evil-doc"], status="happened", evidence=[ev]),
            TimelineEvent("2024-05-02", SCRIPT + ATTR, [EVIL_ID], status=ATTR1, granularity=ATTR, evidence=[ev]),
        ],
    )
    entities = [
        Entity(EVIL_ENTITY, SVG, "PER", [SCRIPT, IMG, JS], 2),
        Entity(PLAIN_ENTITY, SCRIPT, "PER", [ATTR, ATTR1], 2),
    ]
    return docs, [story], entities


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("evil") / "evil.db"
    docs, stories, entities = _planted()
    store = Store(str(db))
    try:
        run = store.start_run("planted")
        store.save_analyses([(d, "0" * 64) for d in docs], run)
        store.save_results(docs, stories, entities, run)
        store.finish_run(run, {})
    finally:
        store.close()
    return db


def _pages() -> list[str]:
    q = lambda s: quote(s, safe="")  # noqa: E731
    return [
        "/",
        "/stories/story-evil",
        "/entities",
        f"/entities/{q(PLAIN_ENTITY)}",
        f"/entities/{q(EVIL_ENTITY)}",
        "/documents/evil-doc",
        f"/documents/{q(EVIL_ID)}",
        "/search?q=banjir",
        "/search?q=" + q(SCRIPT + " banjir"),
        "/search?q=banjir&outlet=" + q(IMG),
        "/entities?name=" + q(ATTR),
        "/stories/" + q(SCRIPT),  # 404 page reflecting the id
        "/documents/" + q(IMG),
    ]


class _Audit(HTMLParser):
    """Collects what must never be in a page built from untrusted text."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "poster"}
    FORBIDDEN_TAGS = {"iframe", "img", "object", "embed", "base", "frame", "frameset", "applet", "math"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._in_script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.problems.append("meta refresh")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in self.URL_ATTRS:
                v = re.sub(r"[\x00-\x20]", "", value).lower()
                if v.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = a
            self._script_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._script_text)))
            self._in_script = None


def audit(html: str) -> _Audit:
    a = _Audit()
    a.feed(html)
    a.close()
    return a


def test_every_served_page_is_clean(evil_db) -> None:
    with TestClient(create_app(str(evil_db)), base_url="http://127.0.0.1") as client:
        for url in _pages():
            r = client.get(url)
            assert r.status_code in (200, 404), (url, r.status_code)
            assert r.headers["content-type"].startswith("text/html")
            a = audit(r.text)
            assert not a.problems, (url, a.problems)
            assert all(s == {"src": "/static/app.js"} or s.get("src") == "/static/app.js" for s, _ in a.scripts), (
                url,
                a.scripts,
            )
            assert all(not body.strip() for _, body in a.scripts), url
            for p in PAYLOADS:
                assert p == JS or p not in r.text, (url, p)  # JS is harmless as text; links are audited
        doc = client.get("/documents/evil-doc").text
        assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in doc  # shown, as text
        assert doc.count("&lt;svg onload=window.__pwned=6&gt;") >= 2
        story = client.get("/stories/story-evil").text
        assert "&lt;img src=x onerror=" in story  # the event text, escaped


def test_api_returns_payloads_as_json_data_not_html(evil_db) -> None:
    with TestClient(create_app(str(evil_db)), base_url="http://127.0.0.1") as client:
        r = client.get("/api/documents/evil-doc")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        assert r.json()["title"] == f"Banjir {SCRIPT} {ATTR}"
        assert r.headers.get("x-content-type-options") == "nosniff"


def test_report_is_clean(evil_db, tmp_path) -> None:
    docs, stories, entities = _planted()
    html = render_report(
        [d.to_json() for d in docs],
        [s.to_json() for s in stories],
        [e.to_json() for e in entities],
        {"read": 2, "skipped": [{"source": SCRIPT, "reason": IMG}]},
    )
    a = audit(html)
    assert not a.problems, a.problems
    assert len(a.scripts) == 1 and not a.scripts[0][0]  # the one inline script: the page's own
    assert a.scripts[0][1].strip() == static_text("app.js").replace("</", "<\\/").strip()
    for p in PAYLOADS:
        assert p == JS or p not in html, p
    (tmp_path / "report.html").write_text(html, encoding="utf-8")


def test_link_builders_never_make_script_urls() -> None:
    from linimasa.web.views import ReportLinks, WebLinks

    for links in (WebLinks(), ReportLinks({JS, EVIL_ID}, {JS, EVIL_ID})):
        for href in (links.entity(JS), links.document(EVIL_ID), links.story(JS), links.search(q=JS, entity=JS)):
            assert href.startswith(("/", "#")), href
            assert ":" not in href.split("?")[0].split("#", 1)[-1] or href.startswith("/"), href


# -- a real browser: no script runs -------------------------------------------------------------


@pytest.fixture(scope="module")
def served_evil(evil_db, tmp_path_factory):
    from fixtures_web import serving

    with serving(evil_db, tmp_path_factory.mktemp("evil-serve") / "serve.log") as base:
        yield base


def _interact(pg) -> None:
    """Hover and focus what a reader would, so mouse and focus handlers would fire."""
    for sel in ("a", "span.tx", "span.quote", "h1"):
        loc = pg.locator(sel)
        for i in range(min(loc.count(), 6)):
            try:
                loc.nth(i).hover(timeout=500)
                loc.nth(i).focus(timeout=500)
            except Exception:  # an invisible element: nothing to hover
                pass
    pg.wait_for_timeout(100)


def test_no_script_runs_in_the_browser(browser, served_evil, evil_db, tmp_path) -> None:
    context = browser.new_context()
    fired: list[str] = []
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: (fired.append("dialog: " + d.message), d.dismiss()))
        # 1. The served pages, with their Content-Security-Policy.
        for url in _pages():
            pg.goto(served_evil + url)
            _interact(pg)
            assert pg.evaluate("window.__pwned") is None, url
        # 2. The same HTML with no CSP at all (set_content): escaping alone must hold.
        with TestClient(create_app(str(evil_db)), base_url="http://127.0.0.1") as client:
            for url in _pages():
                html = client.get(url).text
                pg.set_content(html.replace('<script src="/static/app.js" defer></script>', ""))
                _interact(pg)
                assert pg.evaluate("window.__pwned") is None, url
        # 3. report.html as a file (its CSP allows inline scripts: escaping is all that protects it).
        docs, stories, entities = _planted()
        report = tmp_path / "report.html"
        report.write_text(
            render_report(
                [d.to_json() for d in docs], [s.to_json() for s in stories], [e.to_json() for e in entities], {}
            ),
            encoding="utf-8",
        )
        pg.goto(report.as_uri())
        for d in pg.locator("details").all()[:10]:
            d.evaluate("el => el.open = true")
        _interact(pg)
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator("details.report-doc").count() == 2
    finally:
        context.close()
    assert not fired, fired


def test_the_audit_catches_what_it_looks_for() -> None:
    """The auditor itself: each kind of injection it must report, it reports."""
    for bad in (
        "<p onclick='x()'>a</p>",
        '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
        "<img src=x>",
        "<iframe srcdoc='x'></iframe>",
        '<form action="javascript:x"></form>',
        "<svg><a xlink:href='javascript:x'>y</a></svg>",
        '<meta http-equiv="refresh" content="0;url=x">',
    ):
        assert audit(bad).problems, bad
    assert audit("<script>alert(1)</script>").scripts == [({}, "alert(1)")]
    assert not audit('<a href="/documents/javascript%3Ax">javascript:x</a>').problems
