"""Fields a page or a run's input names are held to the schema's limits too (issue 20,
finding 5, attacked again).

The API refuses a posted ``title``, ``outlet`` or ``url`` over 2,048 characters (422), but
the same fields taken from a posted ``html`` page (``<title>``, ``og:site_name``,
``<link rel=canonical>``, ``<meta name=author>``) were stored whole: a page's site name of
10,000 characters and a canonical URL of 5,000 went into the store and into every page
listing the document. ``linimasa run`` stored a JSON line's 100,000-character ``outlet``.
Now a page's value over the limit is ignored with a warning, and so is a run's over-long
optional JSON field, as a field of the wrong type is.
"""

from __future__ import annotations

import json
import subprocess
import sys

from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.api.models import MAX_FIELD
from linimasa.readers.html import MAX_META_CHARS, html_document
from linimasa.store.database import Store

BODY = (
    "<p>"
    + " ".join(
        ["Presiden Joko Widodo meresmikan jembatan baru di Surabaya pada Senin kemarin bersama Gubernur Jawa Timur."]
        * 6
    )
    + "</p>"
)


def _page(size: int = 100_000, url_size: int = 5000) -> str:
    return (
        f"<html><head><title>{'T' * size}</title>"
        f'<meta property="og:site_name" content="{"S" * size}">'
        f'<meta name="author" content="{"A" * size}">'
        f'<link rel="canonical" href="https://example.org/{"u" * url_size}">'
        f"</head><body><article>{BODY * 3}</article></body></html>"
    )


def test_the_readers_limit_is_the_schemas() -> None:
    assert MAX_META_CHARS == MAX_FIELD


def test_page_metadata_over_the_limit_is_ignored_with_a_warning() -> None:
    doc = html_document(_page(), doc_id="p", source="p.html")
    assert doc.url is None or len(doc.url) <= MAX_META_CHARS
    for key in ("html_title", "html_outlet", "html_author"):
        assert len(doc.meta.get(key) or "") <= MAX_META_CHARS, key
    assert any("site name" in w for w in doc.meta["warnings"]), doc.meta
    assert any("canonical URL" in w for w in doc.meta["warnings"])
    small = html_document(_page(40, 40), doc_id="q", source="q.html")
    assert small.meta["html_outlet"] == "S" * 40 and "warnings" not in small.meta


def test_api_html_page_cannot_store_fields_over_the_limit(tmp_path) -> None:
    db = tmp_path / "b.db"
    Store(str(db)).close()
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
        r = client.post("/api/documents", json={"id": "p", "html": _page()})
        assert r.status_code == 200, r.text[:500]
        doc = client.get("/api/documents/p").json()
        for field in ("title", "outlet", "url"):
            assert len(doc.get(field) or "") <= MAX_FIELD, (field, len(doc[field]))
        assert any("site name" in w for w in doc["warnings"])
        page = client.get("/search", params={"q": "jembatan"})
        assert page.status_code == 200 and len(page.content) < 200_000


def test_run_ignores_an_over_long_json_field(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = [
        {"id": "a", "text": BODY[3:-4], "outlet": "O" * 100_000, "title": "Judul"},
        {"id": "b", "html": _page()},
    ]
    (src / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(src), "--out", str(out), "--db", str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    docs = {d["id"]: d for d in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    assert set(docs) == {"a", "b"}
    assert docs["a"]["title"] == "Judul" and not docs["a"].get("outlet")
    assert any("'outlet'" in w for w in docs["a"]["warnings"])
    for doc in docs.values():
        for field in ("title", "outlet", "url"):
            assert len(doc.get(field) or "") <= MAX_FIELD, (doc["id"], field)
