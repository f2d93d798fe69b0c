"""The analyst's desk under careless or hostile use, on SQLite and PostgreSQL: pages past the
last one, links that must lead to what they count, bounded report texts."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app

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
