"""A document page shows the input fields kept as its ``meta`` (IndoSum's ``category`` and
``summary``, a feed's ``tags``): they were stored, served by the API and exported, but the page
a reader opens showed none of them."""

from __future__ import annotations

import json

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
