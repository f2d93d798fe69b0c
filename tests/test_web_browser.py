"""The web page in headless Chromium over a real ``linimasa serve`` on the demo corpus:
story list, a story and its timeline, an entity, a document's annotations, search and
filters. Screenshots are saved (see fixtures_web)."""

from __future__ import annotations

import re

pytest_plugins = ["fixtures_pg", "fixtures_web"]


def test_story_list_newest_first_with_sparklines(page, served_demo, screens) -> None:
    page.goto(served_demo + "/?all=1&sort=newest")  # all stories, one-article ones too, newest first
    rows = page.locator("li.story-row")
    assert rows.count() == 11
    ends = [re.findall(r"\d{4}-\d{2}-\d{2}", t)[-1] for t in page.locator(".span-dates").all_inner_texts()]
    assert ends == sorted(ends, reverse=True)
    assert page.locator("li.story-row svg.spark").count() == 11
    assert page.locator("li.story-row svg.spark rect").count() >= 11
    assert "5 articles" in page.locator("li.story-row .count").all_inner_texts()
    shot = screens(page, "01-stories")
    assert shot.stat().st_size > 10_000


def test_story_timeline_in_date_order_and_entity_link(page, served_demo, screens) -> None:
    page.goto(served_demo + "/")
    page.locator("li.story-row", has_text="5 articles").locator("a.story-title").click()
    page.wait_for_url(re.compile(r"/stories/story-"))
    assert "Konawe Utara" in page.locator("h1.story-heading").inner_text()
    events = page.locator("ol.timeline > li.event")
    assert events.count() >= 5
    dates = [events.nth(i).get_attribute("data-date") for i in range(events.count())]
    assert dates == sorted(dates)
    assert any(d.startswith("2025-01-12") for d in dates)
    first = events.first
    assert first.locator(".status").inner_text().strip()
    assert first.locator(".evidence").inner_text().strip()
    assert "Kabar Anoa" in page.locator("ol.timeline .outlets").all_inner_texts()[0] or any(
        "Kabar Anoa" in t for t in page.locator("ol.timeline .outlets").all_inner_texts()
    )
    assert page.locator("figure.daychart svg rect").count() >= 3
    screens(page, "02-story")
    person = page.locator("ul.chips li.type-PER a.entity-link").first
    name = person.inner_text()
    person.click()
    page.wait_for_url(re.compile(r"/entities/PER"))
    assert page.locator("h1.entity-heading").inner_text().startswith(name)
    assert page.locator("figure.daychart svg rect").count() >= 1
    screens(page, "03-entity")


def test_document_annotations(page, served_demo, screens) -> None:
    page.goto(served_demo + "/documents/banjir-konut-hari-pertama")
    body = page.locator("article.doc-text")
    date = body.locator("span.tx[data-value^='2025-01-12']").first
    date.hover()
    after = date.evaluate("el => getComputedStyle(el, '::after').content")
    assert "2025-01-12" in after  # the value shows on hover
    assert body.locator("span.quote").count() >= 2
    assert body.locator(".speaker a").count() >= 1
    body.locator("span.quote").first.hover()
    assert body.locator("span.quote.hl").count() >= 1  # the script highlights the whole quote
    screens(page, "04-document")
    link = body.locator("a.ent-PER").first
    link.click()
    page.wait_for_url(re.compile(r"/entities/PER"))


def test_search_and_filters(page, served_demo, screens) -> None:
    page.goto(served_demo + "/search")
    page.fill("form.search-form input[name=q]", "pengungsi")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(re.compile(r"q=pengungsi"))
    hits = page.locator("ol.hits > li.hit")
    assert hits.count() >= 4
    assert page.locator("ol.hits mark").count() >= 4
    page.select_option("form.search-form select[name=outlet]", "Kabar Timur")  # submits by itself
    page.wait_for_url(re.compile(r"outlet=Kabar"))
    assert hits.count() == 1 and "Kabar Timur" in hits.first.inner_text()
    page.goto(served_demo + "/search?q=banjir")
    page.fill("form.search-form input[name=from]", "2025-01-15")
    page.fill("form.search-form input[name=to]", "2025-01-16")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(re.compile(r"from=2025-01-15"))
    days = [re.search(r"\d{4}-\d{2}-\d{2}", t).group() for t in page.locator("ol.hits .meta").all_inner_texts()]
    assert days and all("2025-01-15" <= d <= "2025-01-16" for d in days)
    screens(page, "05-search")
    page.select_option("form.search-form select[name=lang]", "en")
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator(".result-count").inner_text().startswith("0 documents")
