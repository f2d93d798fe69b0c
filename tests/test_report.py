"""report.html: self-contained (no external URL, inline style and script), the same story
and timeline views as the web page, the per-story plot of articles per day, and escaping."""

from __future__ import annotations

import re

from linimasa.demo import corpus_path
from linimasa.jobs.run import run_pipeline
from linimasa.report.render import render_report

EVIL = "<script>alert(1)</script>"


def test_demo_report_is_self_contained_with_plot_and_timelines(tmp_path) -> None:
    out = tmp_path / "out"
    run_pipeline([str(corpus_path())], out, str(tmp_path / "s.db"))
    html = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing loaded from anywhere
    assert "<link" not in html and 'src="' not in html.split("<body>")[1].split("<svg")[0]
    assert "<style>" in html and "story-row" in html and "<script>" in html
    assert html.count('class="report-story"') == 11
    assert 'class="swimlanes"' in html and html.count('<g class="lane">') == 11
    flood = html[html.index("Pengungsi Banjir Konawe Utara") :]
    dates = re.findall(r'<li class="event status-\w+[^"]*" data-date="([^"]+)"', html)
    assert dates and "2025-01-12" in dates
    section = re.search(
        r'<section class="report-story"[^>]*>(?:(?!</section>).)*Konawe(?:(?!</section>).)*</section>', html, re.S
    )
    assert section
    section_dates = re.findall(r'data-date="([^"]+)"', section.group())
    assert section_dates == sorted(section_dates)
    assert 'href="#doc-banjir-konut-pengungsi"' in html and 'id="doc-banjir-konut-pengungsi"' in html
    assert flood


def test_report_escapes_article_text() -> None:
    doc = {
        "id": "d1",
        "title": EVIL,
        "outlet": EVIL,
        "published": "2024-01-02",
        "text": f"Teks {EVIL}",
        "story": "s1",
        "timexes": [],
        "entities": [],
        "quotes": [],
    }
    story = {
        "id": "s1",
        "title": EVIL,
        "documents": ["d1"],
        "start": "2024-01-02",
        "end": "2024-01-02",
        "entities": [],
        "summary": [{"text": EVIL, "document": "d1"}],
        "timeline": [{"date": "2024-01-02", "text": EVIL, "documents": ["d1"], "status": "happened"}],
    }
    html = render_report([doc], [story], [], {"read": 1, "skipped": [{"source": EVIL, "reason": EVIL}]})
    body = html.split("<body>")[1].rsplit("<script>", 1)[0]
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_big_runs_show_the_largest_stories_and_say_where_the_rest_is(monkeypatch) -> None:
    from linimasa.report import render

    monkeypatch.setattr(render, "MAX_STORIES", 3)
    monkeypatch.setattr(render, "MAX_DOCUMENT_ROWS", 4)
    docs = [
        {"id": f"d{i}", "title": f"Berita {i}", "published": f"2024-05-{i + 1:02d}", "story": f"s{i % 5}"}
        for i in range(9)
    ]
    stories = [
        {"id": f"s{k}", "title": f"Kisah {k}", "documents": [d["id"] for d in docs if d["story"] == f"s{k}"]}
        for k in range(5)
    ]
    html = render_report(docs, stories, [], {"read": 9})
    assert html.count('class="report-story"') == 3
    for k in (0, 1, 2):  # two documents each; s3 and s4 have one
        assert f"Kisah {k}</h3>" in html
    assert "Kisah 4</h3>" not in html and "5 stories" in html
    assert "The 3 largest of 5 stories are shown" in html and "5 more documents are not listed" in html
    table = html[html.index('<table class="docs">') : html.index("</table>", html.index('<table class="docs">'))]
    listed = re.findall(r"Berita (\d)", table)
    assert len(listed) == 4 and all(int(i) % 5 in (0, 1, 2) for i in listed)  # the shown stories' documents first


def _without_time(html: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "", html)


def test_a_run_with_workers_renders_the_report_in_another_process_and_writes_the_same_page(tmp_path) -> None:
    """With workers the page is rendered by another process while the JSON Lines outputs are
    written; the page is the one rendered in the run's own process, and so is every output."""
    import multiprocessing

    from linimasa.engines.pool import OrderedPool
    from linimasa.outputs.files import OutputJob
    from linimasa.report.render import render_context, report_context

    pages = {}
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        run_pipeline([str(corpus_path())], out, str(tmp_path / f"w{workers}.db"), workers=workers)
        pages[workers] = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert pages[1].keys() == pages[2].keys() >= {"report.html", "documents.jsonl", "timeline.jsonl"}
    for name in pages[1]:
        assert _without_time(pages[1][name]) == _without_time(pages[2][name]), name
    context = report_context([{"id": "d1", "title": EVIL, "text": EVIL}], [], [], {"read": 1})
    with OrderedPool(1) as pool:
        job = OutputJob("report.html", render_context, context, pool=pool)
        others = {p.pid for p in multiprocessing.active_children()}
        assert len(others) == 1
        html = job.result()
    assert _without_time(html) == _without_time(render_context(context))
    assert not multiprocessing.active_children()


def test_the_report_process_failing_fails_the_run_with_its_error_and_leaves_no_process() -> None:
    import multiprocessing

    import pytest

    from linimasa.engines.pool import OrderedPool
    from linimasa.outputs.files import OutputJob
    from linimasa.report.render import render_context, report_context

    context = report_context([], [], [], {"read": 0})
    context["shown_documents"] = [{"id": "broken", "text": 5}]  # annotating it raises in the other process
    with pytest.raises(TypeError, match="has no len"), OrderedPool(1) as pool:
        OutputJob("report.html", render_context, context, pool=pool).result()
    assert not multiprocessing.active_children()


def test_a_report_job_in_a_pool_it_was_given_leaves_the_pool_open() -> None:
    from linimasa.engines.pool import OrderedPool
    from linimasa.outputs.files import OutputJob
    from linimasa.report.render import render_context, report_context, warm_renderer

    context = report_context([{"id": "d1", "title": EVIL, "text": EVIL}], [], [], {"read": 1})
    with OrderedPool(1, warm_renderer) as pool:
        html = OutputJob("report.html", render_context, context, pool=pool).result()
        assert pool.submit(len, "still open").result() == 10
    assert _without_time(html) == _without_time(render_context(context))


def test_skipped_inputs_are_counted_beyond_the_examples_kept() -> None:
    """A run keeps the first skipped items as examples and counts the rest by kind (issue 20,
    finding 8): the report gives the whole count and the counts by kind, escaped."""
    summary = {
        "read": 1,
        "skipped": [{"source": f"feed.jsonl:{n}", "reason": "line is not valid JSON"} for n in range(1, 3)],
        "skipped_count": 1_000_000,
        "skip_kinds": {"line is not valid JSON": 999_999, EVIL: 1},
    }
    html = render_report([], [], [], summary)
    assert "1 document read, 1000000 skipped" in html
    assert "The first 2 of 1000000; by reason: 999999 &times; line is not valid JSON; 1 &times; &lt;script&gt;" in html
    assert "<script>alert" not in html.split("<body>")[1].rsplit("<script>", 1)[0]


def test_long_article_texts_do_not_make_the_report_unbounded() -> None:
    """An article may hold 500,000 characters: forty of them made a 17 MB page."""
    text = "Banjir melanda desa di Konawe Utara pada Senin pagi. " * 8000  # 424,000 characters
    docs = [{"id": f"long{i}", "title": f"Panjang {i}", "text": text, "story": "s"} for i in range(40)]
    docs += [{"id": f"short{i}", "title": f"Pendek {i}", "text": "Banjir surut.", "story": "s"} for i in range(3)]
    story = {"id": "s", "title": "Banjir", "documents": [d["id"] for d in docs]}
    html = render_report(docs, [story], [], {"read": len(docs)})
    assert len(html.encode()) < 2_000_000
    assert html.count('class="report-doc"') == 3  # the short texts, after the long ones that did not fit
    assert "The texts of 40 more documents are in documents.jsonl" in html


def test_an_event_reported_by_hundreds_of_articles_lists_the_first_and_counts_the_rest() -> None:
    docs = [
        {"id": f"d{i:04d}", "title": f"Berita {i}", "published": "2025-01-02", "story": f"s{i % 4}"}
        for i in range(1200)
    ]
    stories = []
    for k in range(4):
        ids = [d["id"] for d in docs if d["story"] == f"s{k}"]
        events = [
            {
                "date": f"2025-01-{day:02d}",
                "text": "Banjir melanda.",
                "status": "happened",
                "documents": ids,
                "evidence": [{"text": f"Bukti {i}.", "document": i} for i in ids],
            }
            for day in range(1, 29)
        ]
        stories.append({"id": f"s{k}", "title": f"Kisah {k}", "documents": ids, "timeline": events})
    html = render_report(docs, stories, [], {"read": len(docs)})
    assert len(html.encode()) < 2_000_000  # every event listing its 300 articles and sentences: 6 MB
    assert html.count("and 288 more articles") == 4 * 28 and html.count("and 292 more</li>") == 4 * 28
