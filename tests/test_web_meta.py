"""A document page shows the input fields kept as its ``meta`` (IndoSum's ``category`` and
``summary``, a feed's ``tags``): they were stored, served by the API and exported, but the page
a reader opens showed none of them."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.jobs.run import run_pipeline


def test_document_page_shows_the_kept_input_fields(indosum_path, tmp_path) -> None:
    with open(indosum_path, encoding="utf-8") as fh:
        row = json.loads(fh.readline())  # Toyota Calya, category "tajuk utama"
    row["tags"] = ["otomotif", "<script>alert(1)</script>"]
    row["dealer"] = {"kota": "Tangerang", "lantai": 2}
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    run_pipeline([str(feed)], tmp_path / "out", db)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        page = c.get(f"/documents/{row['id']}").text
    fields = page.split("<h2>Input fields</h2>", 1)[1].split("</dl>", 1)[0]
    assert "<dt>category</dt><dd>tajuk utama</dd>" in fields
    assert "<dt>tags</dt><dd>otomotif; &lt;script&gt;alert(1)&lt;/script&gt;</dd>" in fields
    assert "Tangerang" in fields and "<script>" not in page
    assert "<dt>summary</dt>" in fields


def test_an_overlong_title_is_shortened_in_lists_not_on_its_page(indosum_path, tmp_path) -> None:
    # a feed's title of 1,500 characters (a scraper that put the body in the title) filled the
    # whole story list on a phone; lists show 160 characters, the document's page all of it
    with open(indosum_path, encoding="utf-8") as fh:
        row = json.loads(fh.readline())
    row["title"] = "Penjualan Toyota Calya " + "melampaui target " * 90
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    run_pipeline([str(feed)], tmp_path / "out", db)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        story = c.get(f"/api/documents/{row['id']}").json()["story"]
        pages = {
            "home": c.get("/?all=1").text,
            "search": c.get("/search?q=calya").text,
            "entity": c.get("/entities/ORG:toyota-calya").text,
        }
        doc_page = c.get(f"/documents/{row['id']}").text
    for name, page in pages.items():
        links = re.findall(r'class="(?:story-title|doc-link|story-link)"[^>]*>([^<]*)<', page)
        assert links, name
        assert all(len(text) <= 160 for text in links), (name, max(map(len, links)))
    assert row["title"].strip() in doc_page  # the page of the document shows it whole
    assert story
