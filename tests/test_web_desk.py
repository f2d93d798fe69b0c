"""The analyst's desk without a browser, on SQLite and PostgreSQL: stories ranked by activity
with one-article stories hidden, the filters of the home page, the attention a query gets per
outlet, who said what and who reported first on a story page, co-mentions and quotes per day
of an entity, titles of untitled articles, and the geometry of the time-axis charts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from linimasa.api import create_app
from linimasa.jobs.run import run_pipeline
from linimasa.store.activity import StoryActivity, activity_score, attention_series, rank, reference_day
from linimasa.store.story_views import lead_title, outlet_firsts
from linimasa.web.charts import attention_chart, period, story_axis, swimlanes

pytest_plugins = ["fixtures_pg"]


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db), base_url="http://127.0.0.1") as c:
        yield c


# -- activity -----------------------------------------------------------------------------


def test_activity_weighs_articles_outlets_and_halves_every_thirty_quiet_days() -> None:
    ref = dt.date(2025, 3, 1)
    assert activity_score(5, 1, "2025-03-01", ref) == 5.0
    assert activity_score(5, 3, "2025-03-01", ref) == 9.0  # two more outlets count as four articles
    assert activity_score(5, 1, "2025-01-30", ref) == pytest.approx(2.5)  # 30 days quiet: half
    assert activity_score(5, 1, "2025-04-01", ref) == 5.0  # after the reference day: not more than fresh
    assert reference_day("2031-01-01", None, today=dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert reference_day("2025-02-01", "2025-01-10") == dt.date(2025, 1, 10)
    assert reference_day(None, None) is None
    stories = [
        StoryActivity("old-big", 12, 4, "2024-01-01", "2024-06-01"),
        StoryActivity("new-small", 2, 1, "2025-02-27", "2025-02-28"),
        StoryActivity("new-wide", 3, 3, "2025-02-20", "2025-02-25"),
    ]
    assert [s.id for s in rank(stories, "activity", ref)] == ["new-wide", "new-small", "old-big"]
    assert [s.id for s in rank(stories, "newest", ref)] == ["new-small", "new-wide", "old-big"]


def test_attention_series_keeps_the_largest_outlets_and_sums_the_rest() -> None:
    rows = [(f"2025-01-0{i % 3 + 1}", f"outlet {i % 8}", 8 - i % 8) for i in range(24)]
    rows.append((None, "outlet 0", 4))
    att = attention_series(rows, max_series=4)
    names = [s["outlet"] for s in att["series"]]
    assert names == ["outlet 0", "outlet 1", "outlet 2", "other outlets"]
    assert att["undated"] == 4 and att["total"] == sum(n for _, _, n in rows)
    assert sum(s["documents"] for s in att["series"]) == sum(att["per_day"].values()) == att["total"] - 4


# -- store queries on both backends -------------------------------------------------------------


def test_home_ranks_by_activity_and_hides_one_article_stories(client) -> None:
    ranked = client.get("/api/stories?sort=activity&min_articles=2").json()
    assert ranked["items"] and all(s["documents"] >= 2 for s in ranked["items"])
    assert ranked["hidden"] >= 5 and ranked["reference_day"] == "2025-05-22"
    scores = [s["activity"] for s in ranked["items"]]
    assert scores == sorted(scores, reverse=True)
    assert ranked["items"][0]["documents"] == 5  # the Konawe Utara flood: 5 articles, 4 outlets
    everything = client.get("/api/stories?sort=activity&per_page=50").json()
    assert everything["total"] == ranked["total"] + ranked["hidden"]
    html = client.get("/").text
    assert html.count('class="story-row"') == ranked["total"]
    assert "one-article stories hidden" in html and 'href="/?all=1"' in html
    assert client.get("/?all=1").text.count('class="story-row"') == everything["total"]


def test_home_filters_narrow_the_stories_and_stay_in_the_url(client) -> None:
    by_outlet = client.get("/api/stories?outlet=Kabar+Anoa").json()
    assert [s["documents"] for s in by_outlet["items"]] == [5]
    assert client.get("/api/stories?outlet=Kabar+Anoa&from=2025-02-01").json()["total"] == 0
    assert client.get("/api/stories?lang=en&min_articles=2").json()["items"][0]["outlets"] == ["Archipelago Daily Wire"]
    html = client.get("/?outlet=Kabar+Anoa&entity=Laode&from=2025-01-01&to=2025-01-31&all=1").text
    assert html.count('class="story-row"') == 1
    assert 'value="Laode"' in html and 'href="/entities/PER%3Alaode-syamsuddin"' in html  # a name finds the entity
    assert '<option value="Kabar Anoa" selected>' in html and 'value="2025-01-31"' in html
    assert "No story matches" in client.get("/?entity=PER:nobody-at-all").text
    assert client.get("/?from=2025-02-01&to=2025-01-01").status_code == 400
    assert client.get("/?q=-banjir").status_code == 400


def test_a_search_draws_the_attention_per_outlet_above_the_stories(client) -> None:
    att = client.get("/api/attention?q=banjir").json()
    assert att["total"] == 5 and sum(att["per_day"].values()) == 5
    assert {s["outlet"] for s in att["series"]} >= {"Kabar Anoa", "Kabar Timur"}
    assert client.get("/api/attention?q=banjir&outlet=Kabar+Timur").json()["total"] == 1
    html = client.get("/?q=banjir").text
    chart = html[html.index('<figure class="attention"') : html.index("</figure>")]
    assert html.index('<figure class="attention"') < html.index('class="stories"')
    assert 'class="axis-line y-axis"' in chart and 'class="axis-line x-axis"' in chart
    assert "2025-01-13" in chart and chart.count("<polyline") + chart.count("<circle") >= 5
    assert html.count('class="story-row"') == 1  # one story of >= 2 articles holds "banjir"
    search = client.get("/search?q=banjir").text
    assert search.index('<figure class="attention"') < search.index('<ol class="hits">')
    assert client.get("/api/attention?q=-banjir").status_code == 422


def test_story_page_tells_who_said_what_who_reported_first_and_draws_the_timeline(client) -> None:
    sid = client.get("/api/stories?outlet=Kabar+Anoa").json()["items"][0]["id"]
    story = client.get(f"/api/stories/{sid}").json()
    firsts = story["outlet_firsts"]
    assert firsts[0]["first"] == min(d["published"] for d in story["document_list"] if d["published"])
    assert sum(o["articles"] for o in firsts) == len(story["document_list"])
    speakers = story["speakers"]
    assert speakers and speakers[0]["count"] == max(g["count"] for g in speakers)
    assert any(g["speaker_id"] == "PER:laode-syamsuddin" for g in speakers)
    html = client.get(f"/stories/{sid}").text
    assert "Who said what" in html and "First reported by" in html
    axis = html[html.index('<svg class="story-axis"') : html.index("</svg>", html.index('<svg class="story-axis"'))]
    assert axis.count('<a href="#event-') == len(story["timeline"])
    for anchor in re.findall(r'href="#(event-\d+)"', axis):
        assert f'id="{anchor}"' in html  # every mark of the axis leads to its event in the list


def test_entity_page_has_aliases_co_mentions_and_quotes_over_time(client) -> None:
    e = client.get("/api/entities/PER:laode-syamsuddin").json()
    assert "Laode" in e["aliases"]
    assert e["co_mentioned"][0]["documents"] == 5 and all(c["id"] != e["id"] for c in e["co_mentioned"])
    assert sum(e["quotes_per_day"].values()) == e["quotes"]
    html = client.get("/entities/PER:laode-syamsuddin").text
    for needle in ("Also written as", "Mentioned with", "Quotes per day", 'href="/entities/LOC%3Akonawe-utara"'):
        assert needle in html


def test_untitled_articles_take_their_first_sentence_as_title(tmp_path: Path) -> None:
    text = "Warga Desa Lamonae mengungsi ke balai desa setelah sungai meluap. Air setinggi dada."
    docs = [
        {
            "id": f"tanpa-judul-{i}",
            "text": text + f" Laporan {i}.",
            "outlet": "Kabar Uji",
            "published": f"2025-03-0{i}",
        }
        for i in (1, 2)
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(d) for d in docs), encoding="utf-8")
    db = tmp_path / "s.db"
    run_pipeline([str(src)], tmp_path / "out", str(db))
    with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as c:
        listed = c.get("/api/documents").json()["items"]
        assert [d["title"] for d in listed] == [None, None]
        assert all(d["display_title"].startswith("Warga Desa Lamonae mengungsi") for d in listed)
        story = listed[0]["story"]
        for url in (f"/stories/{story}", "/documents/tanpa-judul-1", "/search?q=mengungsi", "/search?outlet=Kabar+Uji"):
            html = c.get(url).text
            assert "Warga Desa Lamonae mengungsi" in html, url
            assert not re.search(r"<(a|h1)[^>]*>tanpa-judul", html), url  # no id as the title
    assert lead_title("Satu dua tiga empat lima. Enam.", [{"start": 0, "end": 25}], max_words=3) == "Satu dua tiga ..."
    assert lead_title("   ", []) is None


# -- chart geometry -----------------------------------------------------------------------------


def test_timeline_axis_sets_background_and_scheduled_apart() -> None:
    events = [
        {"date": "2008", "placement": "background", "text": "dulu"},
        {"date": "2025-01-13", "placement": "span", "text": "banjir"},
        {"date": "2025-01-16", "placement": "span", "text": "surut"},
        {"date": "2025-01-14/2025-01-15", "placement": "span", "text": "mengungsi"},
        {"date": "2025-04", "placement": "scheduled", "text": "sidang"},
        {"date": "bukan tanggal", "text": "?"},
    ]
    a = story_axis(events, "2025-01-13", "2025-01-16")
    zones = {label: (x0, x1) for x0, x1, label in a.zones}
    assert set(zones) == {"background", "the story", "scheduled"}
    marks = {m.text: m for m in a.marks}
    assert set(marks) == {"dulu", "banjir", "surut", "mengungsi", "sidang"}
    story_lo, story_hi = zones["the story"]
    assert marks["banjir"].x == story_lo and marks["surut"].x == story_hi  # the span fills its zone
    assert story_lo < marks["mengungsi"].x < marks["mengungsi"].x2 < story_hi  # a range is a bar
    assert marks["dulu"].x < zones["background"][1] <= story_lo
    assert marks["sidang"].x > story_hi
    assert [t[1] for t in a.ticks][0] == "2025-01-13" and a.ticks[-1][1] == "2025-01-16"
    assert period("2025-W21") == (dt.date(2025, 5, 19), dt.date(2025, 5, 25))
    assert story_axis([{"date": "nope"}], None, None).marks == []


def test_timeline_axis_of_a_one_day_story() -> None:
    # IndoSum's story of the Mapolda Sumut attack (one article, 25 June 2017): the axis drew the
    # ticks of 25 and 26 June at the same x, the second cut at the page edge ("-26"), and the
    # events at the zone's left edge
    events = [
        {"date": "2017-06-25", "placement": "span", "text": "Pos pengamanan dan pos terpadu"},
        {"date": "2017-06-25T03:00", "placement": "span", "text": "Penyerangan di Mapolda Sumut"},
    ]
    a = story_axis(events, "2017-06-25", "2017-06-25")
    (lo, hi) = next((x0, x1) for x0, x1, label in a.zones if label == "the story")
    assert [label for _x, label in a.ticks] == ["2017-06-25"]
    assert len(a.marks) == 2 and all(m.x == (lo + hi) / 2 for m in a.marks) and a.ticks[0][0] == (lo + hi) / 2


def test_attention_chart_has_axes_and_bins_long_spans() -> None:
    short = attention_chart([{"outlet": "A", "documents": 3, "per_day": {"2025-01-01": 1, "2025-01-03": 2}}])
    assert short.unit == "day" and len(short.series[0].points) == 7  # a week at least
    assert [label for _, label in short.yticks] == ["0", "1", "2"]
    assert short.xticks[0][1] == "2025-01-01"
    xs = [x for x, _, _ in short.series[0].points]
    assert short.left < min(xs) and max(xs) < short.right
    long = attention_chart([{"outlet": "A", "per_day": {"2016-01-01": 4, "2018-06-01": 1}}])
    assert long.unit == "month" and len(long.series[0].points) == 30 and long.xticks[0][1] == "2016-01"
    gaps = [b[0] - a[0] for a, b in zip(long.xticks, long.xticks[1:], strict=False)]
    assert min(gaps) >= 84  # date labels never overlap
    assert attention_chart([]).series == []


def test_swimlanes_do_not_let_stray_days_squeeze_the_others() -> None:
    stories = [{"id": f"s{i}", "per_day": {f"2025-01-{i + 1:02d}": 3}} for i in range(20)]
    stories.append({"id": "stray", "per_day": {"1999-01-01": 1}})
    c = swimlanes(stories)
    xs = [lane.dots[0].cx for lane in c.lanes[:20]]
    assert max(xs) - min(xs) > 0.9 * (c.width - c.left - 20)  # the real days fill the axis
    stray = c.lanes[-1].dots[0]
    assert stray.outside and stray.cx == min(xs)


def test_outlet_firsts_order() -> None:
    docs = [
        {"id": "b", "outlet": "B", "published": "2025-01-02T08:00"},
        {"id": "a", "outlet": "A", "published": "2025-01-02T07:00"},
        {"id": "a2", "outlet": "A", "published": "2025-01-05"},
        {"id": "x", "outlet": None, "published": None},
    ]
    assert [(o["outlet"], o["articles"], o["first_document"]) for o in outlet_firsts(docs)] == [
        ("A", 2, "a"),
        ("B", 1, "b"),
        ("outlet unknown", 1, None),
    ]
