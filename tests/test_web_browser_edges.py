"""The desk in headless Chromium on articles a careless source sends: a title of one 300-letter
word, an outlet name of 200 letters, a URL in the text, a search of one 500-letter word. Nothing
may widen the page past the window, at a phone width and at a desktop width."""

from __future__ import annotations

import json

import pytest

from linimasa.jobs.run import run_pipeline

pytest_plugins = ["fixtures_pg", "fixtures_web"]

LONG_WORD = "Pemberitahuan" * 25
OUTLET = "Kabar" + "X" * 200
TEXT = (
    "Banjir bandang melanda Kabupaten Konawe Utara, Sulawesi Tenggara, pada Senin (13/1/2025). "
    "Ribuan warga mengungsi ke sekolah dan masjid."
)

# The page is wider than the window, or an element's text is wider than its box (form fields
# scroll their own value and are left out).
WIDER_JS = """() => {
  const bad = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) bad.push('page ' + root.scrollWidth + '>' + root.clientWidth);
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg') || el.closest('.plot-scroll') || ['INPUT', 'SELECT', 'OPTION'].includes(el.tagName)) continue;
    const cs = getComputedStyle(el);
    if (['auto', 'scroll', 'hidden'].includes(cs.overflowX) || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) bad.push(el.tagName + '.' + el.className);
  }
  return bad;
}"""


@pytest.fixture(scope="module")
def served_long(tmp_path_factory):
    from fixtures_web import serving

    tmp = tmp_path_factory.mktemp("long")
    docs = [
        {
            "id": "a0",
            "title": LONG_WORD,
            "text": TEXT + " Laporan pertama.",
            "published": "2025-01-13",
            "outlet": OUTLET,
        },
        {"id": "a1", "text": TEXT + " Laporan kedua https://example.com/" + "a" * 300, "published": "2025-01-14"},
    ]
    (tmp / "in.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    run_pipeline([str(tmp / "in.jsonl")], tmp / "out", str(tmp / "s.db"))
    with serving(tmp / "s.db", tmp / "serve.log") as base:
        yield base


@pytest.mark.parametrize("width", [390, 1200])
def test_long_words_and_names_do_not_widen_the_page(page, served_long, screens, width) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    for path in (
        "/",
        f"/?q={'Pemberitahuan' * 38}",
        f"/search?q={'Pemberitahuan' * 38}",
        "/search?q=banjir",
        "/documents/a1",
    ):
        page.goto(served_long + path)
        assert page.evaluate(WIDER_JS) == [], path
    screens(page, f"desk-long-words-{width}")


def test_the_report_with_long_words_fits_a_phone(page, tmp_path, screens) -> None:
    from linimasa.report.render import render_report

    doc = {"id": "a0", "title": LONG_WORD, "text": TEXT, "outlet": OUTLET, "published": "2025-01-13", "story": "s"}
    story = {"id": "s", "title": LONG_WORD, "documents": ["a0"], "start": "2025-01-13", "end": "2025-01-13"}
    (tmp_path / "report.html").write_text(render_report([doc], [story], [], {"read": 1}), encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto((tmp_path / "report.html").as_uri())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(WIDER_JS) == []
    screens(page, "report-long-words-390")
