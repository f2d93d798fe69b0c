"""The HTML pages through the app (no browser): every page renders on both backends,
untrusted article text is escaped everywhere, and errors are pages that say what was wrong."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.web.annotate import annotated_html
from linimasa.web.charts import bars

pytest_plugins = ["fixtures_pg"]

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db), base_url="http://127.0.0.1") as c:
        yield c


def test_every_page_renders(client) -> None:
    story = client.get("/api/documents/banjir-konut-pengungsi").json()["story"]
    for url in (
        "/",
        f"/stories/{story}",
        "/entities",
        "/entities?type=PER&name=laode",
        "/entities/PER:laode-syamsuddin",
        "/documents/banjir-konut-pengungsi",
        "/documents/https%3A%2F%2Fkabartimur.example%2Fnasional%2Fmensos-kunjungi-pengungsi-banjir-konawe-utara",
        "/search",
        "/search?q=banjir&lang=id&from=2025-01-01&to=2025-12-31",
        "/search?lang=en",
    ):
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[-400:])
        assert r.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in r.headers["content-security-policy"]
        assert "<script>" not in r.text  # only <script src=...> of our own file
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("/stories/story-nope", 404, "story &#39;story-nope&#39; not found"),
        ("/entities/PER:nobody", 404, "not found"),
        ("/documents/nothing", 404, "not found"),
        ("/search?from=15-01-2025", 400, "not a date"),
        ("/search?q=banjir&from=2025-02-01&to=2025-01-01", 400, "is after"),
        ("/search?q=-banjir", 400, "no words"),
        ("/?page=0", 400, "page"),
        # a sort the page does not know was ignored silently (the API answers 422): the page names the values
        ("/?sort=bogus", 400, "sort: &#39;bogus&#39; is not one of: activity, newest"),
        ("/search?q=banjir&sort=random", 400, "sort: &#39;random&#39; is not one of: relevance, newest"),
        ("/no/such/page", 404, "Not Found"),
    ],
)
def test_errors_are_pages(client, url, status, needle) -> None:
    r = client.get(url)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert needle in r.text


def test_reflected_parameters_are_escaped(client) -> None:
    r = client.get("/search", params={"q": EVIL, "outlet": EVIL})
    assert "<script>alert" not in r.text and 'onerror="alert' not in r.text
    assert "&lt;script&gt;" in r.text
    r = client.get("/stories/" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert r.status_code == 404 and "<script>alert" not in r.text


def test_article_text_is_escaped_on_every_page(empty_db) -> None:
    doc = {
        "id": "evil-1",
        "title": f"Banjir {EVIL}",
        "outlet": f"Outlet {EVIL}",
        "published": "2024-05-02",
        "text": f'Banjir melanda Kota Palu pada Rabu (1/5/2024). "Air {EVIL} naik," kata Wali Kota Palu Hadianto. {EVIL}',
    }
    with TestClient(create_app(empty_db), base_url="http://127.0.0.1") as c:
        assert (
            c.post("/api/documents", content=json.dumps(doc), headers={"content-type": "application/json"}).status_code
            == 200
        )
        story = c.get("/api/documents/evil-1").json()["story"]
        for url in ("/", f"/stories/{story}", "/documents/evil-1", "/search?q=banjir", "/entities"):
            html = c.get(url).text
            assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in c.get("/documents/evil-1").text


def test_annotations_nest_and_escape() -> None:
    text = 'Kata <b>Ani</b>: "Rapat Senin (6/5) di Palu," ujar Ani.'
    doc = {
        "text": text,
        "timexes": [
            {
                "text": "Senin (6/5)",
                "start": text.index("Senin"),
                "end": text.index("Senin") + 11,
                "type": "DATE",
                "value": "2024-05-06",
            }
        ],
        "entities": [
            {
                "text": "Palu",
                "start": text.index("Palu"),
                "end": text.index("Palu") + 4,
                "type": "LOC",
                "id": "LOC:palu",
                "name": "Palu",
            }
        ],
        "quotes": [
            {
                "text": "Rapat Senin (6/5) di Palu,",
                "start": text.index("Rapat"),
                "end": text.index("Palu,") + 5,
                "speaker": "Ani <i>",
                "speaker_id": "PER:ani",
            }
        ],
    }
    html = str(annotated_html(doc, lambda i: f"/entities/{i}"))
    assert "&lt;b&gt;Ani&lt;/b&gt;" in html and "<b>" not in html and "Ani &lt;i&gt;" in html
    assert 'data-value="2024-05-06"' in html and 'href="/entities/LOC:palu"' in html
    assert html.count('data-q="0"') >= 3  # the quote is cut around the date and the place
    # the speaker label follows the closing quotation mark
    assert html.index("Palu</a>") < html.index('&#34;<span class="speaker">') or '&#34;<span class="speaker">' in html


def test_sparkline_geometry() -> None:
    one = bars({"2025-01-13": 1})
    assert len(one.bars) == 7 and sum(1 for b in one.bars if b.h > 0) == 1  # one day is a thin bar
    c = bars({"2025-01-13": 2, "2025-01-16": 1, "not a day": 5}, width=100, height=20)
    assert (c.first, c.last, c.peak) == ("2025-01-13", "2025-01-16", 2)
    tall = [b for b in c.bars if b.h > 0]
    assert tall[0].h > tall[1].h and tall[0].label.startswith("2 articles")
    long = bars({"2020-01-01": 1, "2024-12-31": 1}, max_bins=60)
    assert len(long.bars) <= 62
