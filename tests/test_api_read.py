"""The read endpoints of the HTTP API over the demo corpus, on SQLite and on PostgreSQL:
every endpoint, pagination, filters and the error cases."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app

pytest_plugins = ["fixtures_pg"]

FLOOD_DOCS = {
    "banjir-konut-hari-pertama",
    "banjir-konut-pengungsi",
    "banjir-konut-salinan-portal",
    "sultra-kini-banjir-bantuan-gubernur",
    "https://kabartimur.example/nasional/mensos-kunjungi-pengungsi-banjir-konawe-utara",
}


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db, token="t0ken"), base_url="http://127.0.0.1") as c:
        yield c


def _get(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    return r.json()


def _flood_story(client) -> dict:
    doc = _get(client, "/api/documents/banjir-konut-pengungsi")
    return _get(client, f"/api/stories/{doc['story']}")


def test_health_and_facets(client, backend) -> None:
    h = _get(client, "/api/health")
    assert h["backend"] == backend and h["schema_version"] == 8
    assert (h["documents"], h["stories"]) == (16, 11)
    f = _get(client, "/api/facets")
    assert {x["value"]: x["documents"] for x in f["languages"]} == {"id": 13, "en": 3}
    assert {"value": "Kabar Timur", "documents": 2} in f["outlets"]


def test_documents_pagination_walks_every_document_once(client) -> None:
    seen, page = [], 1
    while page:
        p = _get(client, f"/api/documents?per_page=5&page={page}")
        assert p["per_page"] == 5 and p["total"] == 16 and p["pages"] == 4
        assert len(p["items"]) == (5 if page < 4 else 1)
        seen += [d["id"] for d in p["items"]]
        page = p["next_page"]
    assert len(seen) == len(set(seen)) == 16
    days = [d["day"] for d in _get(client, "/api/documents?per_page=200")["items"] if d["day"]]
    assert days == sorted(days, reverse=True)  # newest first
    beyond = _get(client, "/api/documents?per_page=5&page=9")
    assert beyond["items"] == [] and beyond["total"] == 16 and beyond["prev_page"] == 8


def test_document_filters(client) -> None:
    en = _get(client, "/api/documents?lang=en")["items"]
    assert {d["id"] for d in en} == {
        "jakarta-clean-air-forum",
        "adw-jakarta-clean-air-forum",
        "cold-chain-startup-singapore",
    }
    kt = _get(client, "/api/documents?outlet=Kabar%20Timur")["items"]
    assert len(kt) == 2 and all(d["outlet"] == "Kabar Timur" for d in kt)
    jan = _get(client, "/api/documents?from=2025-01-13&to=2025-01-16")["items"]
    assert {d["id"] for d in jan} == FLOOD_DOCS
    assert all("2025-01-13" <= d["day"] <= "2025-01-16" for d in jan)
    story = _flood_story(client)
    in_story = _get(client, f"/api/documents?story={story['id']}")["items"]
    assert {d["id"] for d in in_story} == FLOOD_DOCS
    people = _get(client, "/api/documents?entity=PER:laode-syamsuddin&lang=id")["items"]
    assert people and {d["id"] for d in people} <= FLOOD_DOCS
    assert _get(client, "/api/documents?lang=en&outlet=Kabar%20Timur")["total"] == 0


def test_outlet_filter_ignores_letter_case(client) -> None:
    """An analyst types ``outlet=kabar timur`` for the stored "Kabar Timur": it found nothing."""
    want = {d["id"] for d in _get(client, "/api/documents?outlet=Kabar%20Timur")["items"]}
    assert len(want) == 2
    for typed in ("kabar%20timur", "KABAR%20TIMUR", "kaBar%20TiMur"):
        assert {d["id"] for d in _get(client, f"/api/documents?outlet={typed}")["items"]} == want, typed
        assert _get(client, f"/api/search?q=banjir&outlet={typed}")["total"] >= 1, typed
        assert _get(client, f"/api/stories?outlet={typed}")["total"] >= 1, typed
    assert _get(client, "/api/documents?outlet=kabar")["total"] == 0  # the whole name, not a part
    # pasted with the spaces around it (linimasa export --outlet strips them; the API found nothing)
    assert {d["id"] for d in _get(client, "/api/documents?outlet=%20Kabar%20Timur%20")["items"]} == want


def test_one_document_is_the_contract_object(client) -> None:
    url_id = "https://kabartimur.example/nasional/mensos-kunjungi-pengungsi-banjir-konawe-utara"
    for path in (url_id, "https%3A%2F%2Fkabartimur.example%2Fnasional%2Fmensos-kunjungi-pengungsi-banjir-konawe-utara"):
        d = _get(client, f"/api/documents/{path}")
        assert d["id"] == url_id and d["outlet"] == "Kabar Timur"
    for t in d["timexes"] + d["entities"] + d["quotes"]:
        assert d["text"][t["start"] : t["end"]] == t["text"]
    assert "sentences" in d  # extra fields pass through


def test_stories_newest_first_with_counts_and_per_day(client) -> None:
    p = _get(client, "/api/stories?per_page=200")
    assert p["total"] == 11
    ends = [s["end"] for s in p["items"]]
    assert ends == sorted(ends, reverse=True)
    flood = next(s for s in p["items"] if s["documents"] == 5)
    assert sum(flood["per_day"].values()) == 5 and min(flood["per_day"]) == "2025-01-13"
    assert {"Kabar Anoa", "Warta Pesisir.com", "Kabar Timur", "Harian Sultra Kini"} <= set(flood["outlets"])
    page2 = _get(client, "/api/stories?per_page=4&page=2")
    assert [s["id"] for s in page2["items"]] == [s["id"] for s in p["items"][4:8]]
    old = _get(client, "/api/stories?to=2023-12-31")["items"]
    assert old and all(s["start"] <= "2023-12-31" for s in old)


def test_story_and_timeline(client) -> None:
    story = _flood_story(client)
    assert set(story["documents"]) == FLOOD_DOCS == {d["id"] for d in story["document_list"]}
    assert story["participants"] and all(p["id"] in story["entities"] for p in story["participants"])
    assert sum(story["outlets"].values()) == 4  # the syndicated copy has no outlet
    tl = _get(client, f"/api/stories/{story['id']}/timeline?per_page=200")
    dates = [e["date"] for e in tl["items"]]
    assert dates == sorted(dates) and len(dates) == len(story["timeline"])
    assert any(e["date"].startswith("2025-01-12") for e in tl["items"])
    for e in tl["items"]:
        assert e["status"] and e["documents"] and set(e["documents"]) <= FLOOD_DOCS
    assert any("Kabar Anoa" in e["outlets"] for e in tl["items"])
    first = _get(client, f"/api/stories/{story['id']}/timeline?per_page=3&page=2")
    assert [e["date"] for e in first["items"]] == dates[3:6]


def test_entities_entity_documents_and_quotes(client) -> None:
    per = _get(client, "/api/entities?type=PER&per_page=200")
    assert per["items"] and all(e["type"] == "PER" for e in per["items"])
    counts = [e["documents"] for e in per["items"]]
    assert counts == sorted(counts, reverse=True)
    found = _get(client, "/api/entities?name=syamsudd")["items"]
    assert "PER:laode-syamsuddin" in {e["id"] for e in found}
    e = _get(client, "/api/entities/PER:laode-syamsuddin")
    assert e["name"] == "Laode Syamsuddin" and e["documents"] >= 3
    assert sum(e["per_day"].values()) >= e["documents"] and e["stories"][0]["documents"] >= 3
    docs = _get(client, "/api/entities/PER:laode-syamsuddin/documents?per_page=2")
    assert docs["total"] == e["documents"] and len(docs["items"]) == 2
    quotes = _get(client, "/api/entities/PER:laode-syamsuddin/quotes")
    assert quotes["total"] == e["quotes"] > 0
    for q in quotes["items"]:
        doc = _get(client, f"/api/documents/{q['document']}")
        assert doc["quotes"][q["index"]]["speaker_id"] == "PER:laode-syamsuddin"
        assert doc["quotes"][q["index"]]["text"] == q["text"]


def test_search_words_stems_phrases_prefix_exclusion_and_filters(client) -> None:
    banjir = _get(client, "/api/search?q=banjir")
    assert {h["id"] for h in banjir["items"]} >= FLOOD_DOCS
    hit = banjir["items"][0]
    a, b = hit["snippet"]["highlights"][0]
    assert hit["snippet"]["text"][a:b].lower().endswith("banjir")
    # "mengungsi" is never needed literally: its stem (ungsi) finds "pengungsi" too.
    stems = _get(client, "/api/search?q=mengungsi")
    assert {h["id"] for h in stems["items"]} >= {"banjir-konut-pengungsi", "banjir-konut-salinan-portal"}
    phrase = _get(client, '/api/search?q="status tanggap darurat"')["items"]
    assert phrase and {h["id"] for h in phrase} <= FLOOD_DOCS
    prefix = _get(client, "/api/search?q=pengung*")["total"]
    assert prefix >= 4
    excl = _get(client, "/api/search?q=banjir -gubernur")["items"]
    assert "sultra-kini-banjir-bantuan-gubernur" not in {h["id"] for h in excl} and excl
    en = _get(client, "/api/search?q=forum&lang=en")["items"]
    assert {h["id"] for h in en} == {"jakarta-clean-air-forum", "adw-jakarta-clean-air-forum"}
    dated = _get(client, "/api/search?q=banjir&from=2025-01-15&sort=newest")["items"]
    assert dated and all(h["day"] >= "2025-01-15" for h in dated)
    assert [h["day"] for h in dated] == sorted((h["day"] for h in dated), reverse=True)
    person = _get(client, "/api/search?q=banjir&entity=PER:laode-syamsuddin")["total"]
    assert 0 < person <= 5
    assert _get(client, "/api/search?q=zzzyqx")["total"] == 0
    paged = _get(client, "/api/search?q=banjir&per_page=2&page=2")
    assert paged["page"] == 2 and len(paged["items"]) == 2


def test_search_syntax_cannot_be_injected(client) -> None:
    for q in [
        '"',
        "NEAR(a b)",
        "a OR",
        "* *",
        "banjir) OR (x",
        "col:banjir",
        "'; drop table documents; --",
        "banjir\\",
    ]:
        r = client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 422), (q, r.text)
    assert _get(client, "/api/health")["documents"] == 16


@pytest.mark.parametrize(
    ("url", "status", "needle"),
    [
        ("/api/stories/story-nope", 404, "story 'story-nope' not found"),
        ("/api/stories/story-nope/timeline", 404, "not found"),
        ("/api/entities/PER:nobody", 404, "entity"),
        ("/api/entities/PER:nobody/quotes", 404, "entity"),
        ("/api/entities/PER:nobody/documents", 404, "entity"),
        ("/api/documents/no-such-doc", 404, "document"),
        ("/api/documents?per_page=0", 422, "per_page"),
        ("/api/documents?per_page=201", 422, "per_page"),
        ("/api/documents?page=0", 422, "page"),
        ("/api/documents?page=10001", 422, "page"),
        ("/api/documents?page=abc", 422, "page"),
        ("/api/documents?from=2025-02-30", 422, "from"),
        ("/api/documents?to=yesterday", 422, "to"),
        ("/api/documents?from=2025-02-01&to=2025-01-01", 422, "after"),
        ("/api/documents?lang=%3Cscript%3E", 422, "lang"),
        ("/api/documents?outlet=a%00b", 422, "outlet"),
        ("/api/search", 422, "q"),
        ("/api/search?q=", 422, "q"),
        ("/api/search?q=-banjir", 422, "no words"),
        ("/api/search?q=...", 422, "no words"),
        ("/api/search?q=banjir&sort=random", 422, "sort"),
        ("/api/search?q=" + "a" * 501, 422, "q"),
        ("/api/entities?type=person", 422, "type"),
        ("/api/nothing-here", 404, "Not Found"),
    ],
)
def test_errors_are_clear_4xx(client, url, status, needle) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert needle in r.text
    assert r.headers["content-type"].startswith("application/json")


def test_security_headers_and_methods(client) -> None:
    r = client.get("/api/health")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert client.delete("/api/documents/banjir-konut-pengungsi").status_code == 405
    assert client.put("/api/stories/x").status_code == 405


def test_openapi_schema_lists_every_endpoint(client) -> None:
    spec = _get(client, "/openapi.json")
    paths = set(spec["paths"])
    assert {
        "/api/health",
        "/api/facets",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/timeline",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/documents",
        "/api/entities/{entity_id}/quotes",
        "/api/search",
    } <= paths
    assert "post" in spec["paths"]["/api/documents"]
    params = {p["name"]: p for p in spec["paths"]["/api/documents"]["get"]["parameters"]}
    assert params["per_page"]["schema"]["maximum"] == 200
    assert not any(p.startswith("/stories") or p == "/" for p in paths)  # HTML pages stay out of the API schema
    assert client.get("/docs").status_code == 404  # no CDN-loading docs page
