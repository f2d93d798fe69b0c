"""The analyst's desk in headless Chromium over a real ``linimasa serve`` on the demo corpus,
at a desktop width and at a phone width (390 px): the home page by activity and its filters,
the attention chart of a search, the story page (time axis, who said what, who reported
first), the entity page, search, a thread and a document. Every page is screenshotted
(``desk-*.png``, see fixtures_web) and checked for text overflowing its box and for charts
whose axes are not drawn or fall outside the chart."""

from __future__ import annotations

import re

import pytest

pytest_plugins = ["fixtures_pg", "fixtures_web"]

# Elements whose content is wider than their box, outside the boxes meant to scroll sideways.
OVERFLOW_JS = """() => {
  const bad = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) bad.push('page ' + root.scrollWidth + '>' + root.clientWidth);
  for (const el of document.querySelectorAll('body *')) {
    if (el instanceof SVGElement || el.closest('.plot-scroll') || el.closest('svg')) continue;
    const cs = getComputedStyle(el);
    if (['auto', 'scroll', 'hidden'].includes(cs.overflowX) || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) bad.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 50));
  }
  return bad;
}"""

# Each chart's axis lines are drawn (a visible length) and every tick label lies inside the chart.
AXES_JS = """(svg) => {
  const box = svg.getBoundingClientRect();
  const lines = Array.from(svg.querySelectorAll('line.x-axis, line.y-axis')).map(l => {
    const r = l.getBoundingClientRect(); return {cls: l.getAttribute('class'), w: r.width, h: r.height,
      stroke: getComputedStyle(l).stroke, sw: getComputedStyle(l).strokeWidth};
  });
  const labels = Array.from(svg.querySelectorAll('text.axis')).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, inside: r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1
      && r.top >= box.top - 1 && r.bottom <= box.bottom + 1};
  });
  const ticks = Array.from(svg.querySelectorAll('text.x-tick')).map(t => t.getBoundingClientRect())
    .sort((a, b) => a.left - b.left);
  const overlaps = ticks.slice(1).filter((r, i) => r.left < ticks[i].right - 0.5).length;
  return {lines, labels, overlaps};
}"""


def assert_no_overflow(pg) -> None:
    bad = pg.evaluate(OVERFLOW_JS)
    assert not bad, bad


def assert_axes(pg, selector: str, both: bool = True) -> None:
    svg = pg.locator(selector).first
    assert svg.is_visible()
    found = svg.evaluate(AXES_JS)
    x_lines = [ln for ln in found["lines"] if "x-axis" in ln["cls"]]
    assert x_lines and all(ln["w"] > 20 and ln["stroke"] not in ("none", "") for ln in x_lines), found["lines"]
    if both:
        y_lines = [ln for ln in found["lines"] if "y-axis" in ln["cls"]]
        assert y_lines and y_lines[0]["h"] > 20, found["lines"]
    assert found["labels"] and all(lb["inside"] for lb in found["labels"]), found["labels"]
    assert found["overlaps"] == 0  # no two date labels on top of each other
    assert any(re.match(r"\d{4}-\d\d", lb["text"]) for lb in found["labels"])  # dates on the time axis


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID", is_mobile=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert not errors, errors


def test_home_shows_the_most_active_stories_and_hides_one_article_ones(page, served_demo, screens) -> None:
    page.goto(served_demo + "/")
    rows = page.locator("li.story-row")
    assert rows.count() == 2
    counts = [
        int(re.search(r"(\d+) articles", t).group(1)) for t in page.locator("li.story-row .count").all_inner_texts()
    ]
    assert counts[0] == 5 and all(n >= 2 for n in counts)
    scores = [float(t.split()[-1]) for t in page.locator("li.story-row .activity").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    assert "one-article stories hidden" in page.locator(".result-count").inner_text()
    assert_no_overflow(page)
    screens(page, "desk-01-home")
    page.get_by_role("link", name="show them").click()
    page.wait_for_url(re.compile(r"all=1"))
    assert rows.count() == 11
    assert page.locator("#f-all").is_checked()
    page.select_option("#f-sort", "newest")
    page.click("form.story-filters button[type=submit]")
    page.wait_for_url(re.compile(r"sort=newest"))
    ends = [re.findall(r"\d{4}-\d{2}-\d{2}", t)[-1] for t in page.locator(".span-dates").all_inner_texts()]
    assert len(ends) == 11
    screens(page, "desk-02-home-all-newest")


def test_home_filters_are_a_form_kept_in_the_url(page, served_demo, screens) -> None:
    page.goto(served_demo + "/")
    page.get_by_label("Words in an article").fill("banjir")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"q=banjir"))
    assert page.locator("figure.attention").is_visible()
    assert_axes(page, "svg.attention-chart")
    assert page.locator("svg.attention-chart g.series").count() >= 4
    assert "Kabar Anoa" in page.locator("ul.legend-list").inner_text()
    first_chart = page.locator("figure.attention").bounding_box()
    assert first_chart["y"] < page.locator("ul.stories").bounding_box()["y"]  # above the results
    assert_no_overflow(page)
    screens(page, "desk-03-home-search-banjir")
    page.locator("#f-outlet").select_option("Kabar Anoa")
    page.locator("#f-entity").fill("Laode")
    page.locator("#f-from").fill("2025-01-01")
    page.locator("#f-to").fill("2025-01-31")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"outlet=Kabar\+Anoa.*entity=Laode"))
    url = page.url
    for part in ("q=banjir", "from=2025-01-01", "to=2025-01-31"):
        assert part in url
    assert page.locator("li.story-row").count() == 1
    assert page.locator("p.meta a[href='/entities/PER%3Alaode-syamsuddin']").count() == 1
    assert page.locator("svg.attention-chart g.series").count() == 1  # only Kabar Anoa's articles
    screens(page, "desk-04-home-filters")
    page.goto(served_demo + "/?lang=en&all=1")
    assert page.locator("#f-lang").input_value() == "en"
    titles = page.locator("li.story-row a.story-title").all_inner_texts()
    assert titles and any("Southeast Asian" in t for t in titles)
    assert "No story matches" in page.goto(served_demo + "/?outlet=Kabar+Anoa&from=2025-03-01").text()


def test_story_page_axis_speakers_and_first_report(page, served_demo, screens) -> None:
    page.goto(served_demo + "/")
    page.locator("li.story-row", has_text="5 articles").locator("a.story-title").click()
    page.wait_for_url(re.compile(r"/stories/story-"))
    assert_axes(page, "svg.story-axis", both=False)
    marks = page.locator("svg.story-axis a.mark")
    assert marks.count() == page.locator("ol.timeline > li.event").count()
    assert page.get_by_role("heading", name="Who said what").is_visible()
    assert page.locator("ul.speakers li.speaker-group").count() >= 2
    assert "Laode Syamsuddin" in page.locator("ul.speakers").inner_text()
    first = page.locator("p.first-report").inner_text()
    assert first.startswith("First reported by") and "2025-01-1" in first
    assert page.locator("table.outlets-first tbody tr").count() >= 4
    assert_no_overflow(page)
    screens(page, "desk-05-story")
    marks.first.focus()  # the axis is reachable from the keyboard
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#event-\d+"))
    target = page.url.split("#")[1]
    assert page.locator(f"li#{target}").is_visible()


def test_story_with_a_thread_links_it(page, served_demo) -> None:
    page.goto(served_demo + "/?all=1&q=patroli")
    page.locator("a.story-title").first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    link = page.locator("p.thread-link a")
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/threads/thread-"))
    assert page.locator("ol.thread-stories li").count() >= 2


def test_entity_page_aliases_co_mentions_quotes_over_time(page, served_demo, screens) -> None:
    page.goto(served_demo + "/entities/PER:laode-syamsuddin")
    assert page.get_by_role("heading", name="Also written as").is_visible()
    assert "Laode" in page.locator("ul.aliases").inner_text()
    co = page.locator("ul.co-mentioned li")
    assert co.count() >= 3 and "Konawe Utara" in page.locator("ul.co-mentioned").inner_text()
    assert page.locator("figure.daychart").count() == 2  # mentions, quotes per day
    assert_no_overflow(page)
    screens(page, "desk-07-entity")


def test_search_page_draws_attention_above_the_hits(page, served_demo, screens) -> None:
    page.goto(served_demo + "/search?q=banjir")
    assert_axes(page, "svg.attention-chart")
    assert page.locator("figure.attention").bounding_box()["y"] < page.locator("ol.hits").bounding_box()["y"]
    assert_no_overflow(page)
    screens(page, "desk-09-search-banjir")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("desk-12-phone-home", "/"),
        ("desk-13-phone-home-banjir", "/?q=banjir"),
        ("desk-14-phone-story", "story"),
        ("desk-15-phone-entity", "/entities/PER:laode-syamsuddin"),
        ("desk-16-phone-search", "/search?q=pengungsi"),
        ("desk-17-phone-document", "/documents/banjir-konut-hari-pertama"),
        ("desk-18-phone-entities", "/entities"),
        ("desk-19-phone-thread", "thread"),
        ("desk-20-phone-threads", "/threads"),
    ],
)
def test_pages_read_at_phone_width(phone, served_demo, screens, name, path) -> None:
    if path == "story":
        phone.goto(served_demo + "/")
        path = phone.locator("li.story-row a.story-title").first.get_attribute("href")
    if path == "thread":
        phone.goto(served_demo + "/?all=1&q=patroli")
        phone.goto(served_demo + phone.locator("a.story-title").first.get_attribute("href"))
        path = phone.locator("p.thread-link a").get_attribute("href")
    phone.goto(served_demo + path)
    assert phone.locator("h1").first.is_visible()
    assert_no_overflow(phone)
    size = phone.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('main p, main li, main td') || document.body).fontSize)"
    )
    assert size >= 12
    screens(phone, name)


def test_keyboard_reaches_the_content_and_the_filters(page, served_demo) -> None:
    page.goto(served_demo + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)  # the fragment is set after the key event
    assert page.url.endswith("#main")
    labels = page.locator("form.story-filters label")
    for i in range(labels.count()):  # every field has a label that names it
        field = labels.nth(i).locator("input, select").first
        assert field.count() == 1 and labels.nth(i).inner_text().strip()
    page.get_by_label("Words in an article").focus()
    page.keyboard.type("banjir")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=banjir"))
