"""The analyst's desk under careless or hostile use, on SQLite and PostgreSQL: pages past the
last one, links that must lead to what they count, bounded report texts."""

from __future__ import annotations

import json
import random
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.store import schema
from linimasa.store.database import Store
from linimasa.store.queries import Catalog

pytest_plugins = ["fixtures_pg"]


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db), base_url="http://127.0.0.1") as c:
        yield c


def test_a_page_past_the_last_says_so_and_links_back(client) -> None:
    home = client.get("/?page=500")
    assert home.status_code == 404
    assert "No stories yet" not in home.text  # the store is not empty
    assert "There is no page 500: the last page is 1" in home.text and '<a href="/">go to page 1</a>' in home.text
    search = client.get("/search?q=banjir&page=500")
    assert search.status_code == 404
    assert "There is no page 500: the last page is 1" in search.text
    assert '<a href="/search?q=banjir&amp;sort=relevance">go to page 1</a>' in search.text
    assert client.get("/?page=1").status_code == 200 and client.get("/search?q=zzzqqq&page=3").status_code == 200


def test_the_entity_page_links_to_all_the_documents_it_counts(client) -> None:
    """TNI is written "TNI" in its articles: a link that searched for the words of its full name
    found none of the documents the page counts."""
    entity = client.get("/api/entities/ORG:tentara-nasional-indonesia").json()
    html = client.get("/entities/ORG:tentara-nasional-indonesia").text
    href = unescape(re.search(r'<a href="(/search\?[^"]+)">Search within documents mentioning', html).group(1))
    found = client.get(href).text
    assert re.search(r'result-count">(\d+) document', found).group(1) == str(entity["documents"]) != "0"


def test_an_entitys_stories_are_in_one_order_on_both_backends(empty_db) -> None:
    """Most documents first, then the latest, then by id: tied stories must not come in whatever
    order a backend's plan reads them (the 50 shown differed between SQLite and PostgreSQL)."""
    store = Store(empty_db)
    try:
        ids = [f"story-{i:03d}" for i in range(2000)]
        random.Random(5).shuffle(ids)
        with store.engine.begin() as conn:
            conn.execute(schema.entities.insert(), [{"id": "PER:x", "data": "{}", "name": "X", "n_documents": 2000}])
            conn.execute(
                schema.stories.insert(),
                [
                    {"id": i, "data": "{}", "title": i, "start_date": "2025-01-01", "end_date": "2025-01-02"}
                    for i in ids
                ],
            )
            conn.execute(
                schema.documents.insert(),
                [{"id": f"d-{i}", "content_hash": i, "source": "t", "analysis": "{}", "story": i} for i in ids],
            )
            conn.execute(
                schema.mentions.insert(), [{"document_id": f"d-{i}", "entity_id": "PER:x", "n": 1} for i in ids]
            )
            if store.dialect == "postgresql":
                conn.exec_driver_sql("ANALYZE")  # the planner's view of a real store: a hashed GROUP BY
        shown = [s["id"] for s in Catalog(store).entity("PER:x")["stories"]]
        assert shown == sorted(ids)[:50]
    finally:
        store.close()


def test_a_story_page_lists_the_first_articles_of_an_event_and_counts_the_rest(empty_db) -> None:
    store = Store(empty_db)
    try:
        ids = [f"d{i:03d}" for i in range(150)]
        event = {
            "date": "2025-01-02",
            "text": "Banjir melanda.",
            "status": "happened",
            "documents": ids,
            "evidence": [{"text": f"Bukti {i}.", "document": i} for i in ids],
        }
        story = {"id": "s", "title": "Banjir", "documents": ids, "start": "2025-01-02", "end": "2025-01-02"}
        with store.engine.begin() as conn:
            conn.execute(
                schema.stories.insert(),
                [
                    {
                        "id": "s",
                        "data": json.dumps({**story, "timeline": [event]}),
                        "title": "Banjir",
                        "n_documents": 150,
                    }
                ],
            )
            conn.execute(
                schema.documents.insert(),
                [
                    {"id": i, "content_hash": i, "source": "t", "analysis": "{}", "story": "s", "day": "2025-01-02"}
                    for i in ids
                ],
            )
        with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
            html = c.get("/stories/s").text
            assert len(c.get("/api/stories/s/timeline").json()["items"][0]["documents"]) == 150  # the API: all
        timeline = html[html.index('<ol class="timeline">') : html.index("</ol>")]
        assert timeline.count('class="doc-link"') == 12 and "and 138 more articles" in timeline
        assert "and 142 more</li>" in timeline
    finally:
        store.close()


def test_an_entity_name_filter_folds_every_letter_on_both_backends(empty_db) -> None:
    """SQLite's lower() folds ASCII letters only: "ōita" found Ōita on PostgreSQL, nothing on SQLite."""
    store = Store(empty_db)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                schema.entities.insert(),
                [
                    {"id": "LOC:oita", "data": "{}", "name": "Ōita", "type": "LOC", "n_documents": 2},
                    {"id": "LOC:diyarbakir", "data": "{}", "name": "Diyarbakır", "type": "LOC", "n_documents": 1},
                ],
            )
        with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
            for name, found in (("ōita", ["LOC:oita"]), ("ŌITA", ["LOC:oita"]), ("DIYARBAKIR", [])):
                assert [e["id"] for e in c.get("/api/entities", params={"name": name}).json()["items"]] == found
            assert 'href="/entities/LOC%3Aoita"' in c.get("/", params={"entity": "ōita"}).text
    finally:
        store.close()


def test_api_day_filters_take_days_only(client) -> None:
    """A date type read "86400" as a Unix time (1970-01-02, silently) and answered "2017" with
    "Datetimes provided to dates should have zero time"."""
    for value in ("86400", "0", "2017", "2017-06-01T10:00:00"):
        r = client.get("/api/stories", params={"from": value, "sort": "activity"})
        assert r.status_code == 422 and r.json()["detail"][0]["parameter"] == "from", value
    r = client.get("/api/attention", params={"q": "banjir", "to": "2017-13-45"})
    assert r.status_code == 422 and r.json()["detail"] == "'to': '2017-13-45' is not a day (YYYY-MM-DD)"
    assert client.get("/api/stories", params={"from": "2025-01-14", "to": "2025-01-13"}).status_code == 422
    assert client.get("/api/search", params={"q": "banjir", "from": "2025-01-13"}).json()["total"] >= 1


def test_a_filter_outside_the_menus_stays_visible_in_the_form(client) -> None:
    """An outlet past the 200 of the menu (or one that is not in the store) filtered the list while
    the menu said "any": the page hid the filter, and applying the form again dropped it."""
    for path in ("/", "/search"):
        html = client.get(path, params={"outlet": "Warta <Nusantara>", "lang": "fr"}).text
        assert '<option value="Warta &lt;Nusantara&gt;" selected>' in html, path
        assert '<option value="fr" selected>' in html, path
        plain = client.get(path, params={"outlet": "Kabar Anoa"}).text
        assert plain.count(" selected>") == plain.count('<option value="Kabar Anoa" selected>') + 1  # + the order menu


def test_a_query_without_words_is_told_why(client) -> None:
    """'"', '*' and '%' were answered "a query of only -exclusions finds nothing"."""
    for q in ('"', "*", "%", "--"):
        r = client.get("/api/attention", params={"q": q})
        assert (
            r.status_code == 422
            and "no words to search for (only letters" in r.json()["detail"]
            and "exclusion" not in r.json()["detail"]
        )
    assert "only -exclusions" in client.get("/api/stories", params={"q": "-banjir"}).json()["detail"]
    page = client.get("/", params={"q": "***"})
    assert page.status_code == 400 and "has no words to search for" in page.text


def test_story_and_entity_pages_past_their_last_page_say_so(client) -> None:
    """'?page=9' of a story with events said "No dated events"; of a quoted entity, "No quotes"."""
    sid = client.get("/api/stories?outlet=Kabar+Anoa").json()["items"][0]["id"]
    story = client.get(f"/stories/{sid}?page=9")
    assert story.status_code == 404 and "No dated events" not in story.text
    assert f'the last is page 1 (<a href="/stories/{sid}">go to page 1</a>)' in story.text
    entity = client.get("/entities/PER:laode-syamsuddin?page=50")
    assert entity.status_code == 404 and "No quotes attributed" not in entity.text
    assert "There is no page 50 of quotes" in entity.text
    assert client.get("/entities/PER:laode-syamsuddin").status_code == 200


def test_an_entity_typed_by_its_exact_name_is_that_entity(empty_db) -> None:
    """ "Paris" filtered by Paris Saint-Germain (more cited, and its name contains "Paris")."""
    store = Store(empty_db)
    try:
        with store.engine.begin() as conn:
            conn.execute(
                schema.entities.insert(),
                [
                    {"id": "ORG:psg", "data": "{}", "name": "Paris Saint-Germain", "type": "ORG", "n_documents": 40},
                    {"id": "LOC:paris", "data": "{}", "name": "Paris", "type": "LOC", "n_documents": 3},
                    {"id": "PER:jokowi-ahok", "data": "{}", "name": "JOKOWI AHOK", "type": "PER", "n_documents": 1},
                    {
                        "id": "PER:joko-widodo",
                        "data": json.dumps({"aliases": ["Joko Widodo", "Jokowi"]}),
                        "name": "Joko Widodo",
                        "type": "PER",
                        "n_documents": 149,
                    },
                    {
                        "id": "PER:x",
                        "data": json.dumps({"aliases": ["Jokowi_"]}),
                        "name": "X",
                        "type": "PER",
                        "n_documents": 500,
                    },
                ],
            )
        with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
            assert 'href="/entities/LOC%3Aparis"' in c.get("/", params={"entity": "paris"}).text
            assert 'href="/entities/ORG%3Apsg"' in c.get("/", params={"entity": "Saint"}).text
            assert 'href="/entities/PER%3Ajoko-widodo"' in c.get("/", params={"entity": "jokowi"}).text  # an alias
    finally:
        store.close()
