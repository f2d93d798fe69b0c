"""Publication date: input > html > url > a timestamp line in the text; never in the future."""

from __future__ import annotations

import datetime as dt

import pytest

from linimasa.clean.stage import CleanStage
from linimasa.model import Document
from linimasa.published import choose_published, parse_metadata_date, parse_timestamp_line, url_date
from linimasa.time.published import from_metadata

BODY = (
    "Harga bawang merah di pasar induk naik tajam dalam sepekan terakhir karena pasokan dari sentra produksi berkurang."
)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("April 26, 2019 at 12:37AM", "2019-04-26T00:37"),
        ("March 3, 2020 at 09:05PM", "2020-03-03T21:05"),
        ("Jumat, 26 April 2019 | 12:37 WIB", "2019-04-26T12:37"),
        ("Kamis , 18 Agustus 2016", "2016-08-18"),
        ("Diterbitkan: 1 Mei 2018 pukul 07.30 WIB", "2018-05-01T07:30"),
        ("26/04/2019 12:37", "2019-04-26T12:37"),
        ("Published on 5 Dec 2021", "2021-12-05"),
    ],
)
def test_timestamp_lines(line: str, value: str) -> None:
    stamp = parse_timestamp_line(line)
    assert stamp is not None and stamp.value == value


@pytest.mark.parametrize(
    "line",
    [
        "Kamis (25/4)",
        "April 2019",
        "31 Februari 2019",
        "Pada 26 April 2019 warga berkumpul di balai desa.",
        "1 Januari 2999",
    ],
)
def test_not_timestamp_lines(line: str) -> None:
    assert parse_timestamp_line(line) is None


@pytest.mark.parametrize(
    ("url", "value"),
    [
        ("https://www.suara.com/otomotif/2016/08/19/110340/judul", "2016-08-19"),
        ("https://www.cnnindonesia.com/nasional/20170512093015-12-214155/judul", "2017-05-12"),
        ("https://contoh.id/read/2019-04-26/abc", "2019-04-26"),
        ("https://contoh.id/berita/589372/judul-tanpa-tanggal", None),
        ("https://contoh.id/2019/13/45/bukan-tanggal", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, value: str | None) -> None:
    assert url_date(url) == value


def test_trust_order() -> None:
    meta = {"published": "2020-01-02", "html_published": "2020-01-03"}
    assert choose_published(meta, "https://x.id/2020/01/04/a", ["2020-01-05"]) == ("2020-01-02", "input")
    assert choose_published({"html_published": "2020-01-03"}, "https://x.id/2020/01/04/a", []) == ("2020-01-03", "html")
    assert choose_published({}, "https://x.id/2020/01/04/a", ["2020-01-05"]) == ("2020-01-04", "url")
    assert choose_published({}, None, ["2020-01-05"]) == ("2020-01-05", "text")
    assert choose_published({}, None, []) == (None, None)


def test_future_and_garbage_metadata_ignored() -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert parse_metadata_date(tomorrow) is None
    assert parse_metadata_date("bukan tanggal") is None
    assert parse_metadata_date("2019-04-26T00:37:00+07:00") == "2019-04-26T00:37+07:00"
    assert parse_metadata_date(dt.date(2019, 4, 26)) == "2019-04-26"


def test_stage_takes_trailing_stamp_line_and_removes_it() -> None:
    doc = CleanStage()(
        Document(id="t", source="t", raw=f"{BODY}\n{BODY} Lagi.\nApril 26, 2019 at 12:37AM\nPost a Comment", lang="id")
    )
    assert (doc.published, doc.published_from) == ("2019-04-26T00:37", "text")
    assert "12:37AM" not in doc.text
    assert doc.removed[0].reason == "timestamp"


def test_date_heading_inside_body_stays() -> None:
    raw = "\n".join([BODY, "Berikut kronologi kejadian :", "Sabtu , 5 November 2016", BODY + " Kedua."])
    doc = CleanStage()(Document(id="t", source="t", raw=raw, lang="id"))
    assert "Sabtu , 5 November 2016" in doc.text and doc.published is None


def test_no_evidence_leaves_published_empty() -> None:
    doc = CleanStage()(Document(id="t", source="t", raw=BODY, lang="id"))
    assert doc.published is None and doc.published_from is None


@pytest.mark.parametrize(
    ("url", "value"),
    [
        # a compact stamp after a separator, not only at the start of a segment
        ("https://contoh.id/berita/judul-berita-20190426.html", "2019-04-26"),
        ("https://contoh.id/berita/judul_20190426093015.html", "2019-04-26"),
        # in the query when the path has none
        ("https://contoh.id/baca?tanggal=2019-04-26&id=5", "2019-04-26"),
        # digits glued to other digits are not a stamp
        ("https://contoh.id/berita/a120190426/judul", None),
    ],
)
def test_url_dates_beyond_the_path_segment_start(url: str, value: str | None) -> None:
    assert url_date(url, dt.date(2024, 1, 1)) == value


def test_the_time_stage_falls_back_on_the_same_rule() -> None:
    today = dt.date(2024, 1, 1)
    url = "https://contoh.id/berita/judul-berita-20190426.html"
    for meta in ({}, {"html_published": "2019-04-20T08:15:00+07:00"}, {"published": "2030-01-01"}):
        value, origin = choose_published(meta, url, [], today)
        got = from_metadata(meta, url, today)
        assert got.date is not None and got.date.isoformat() == value[:10] and got.source == origin


def _input_published(tmp_path, value: str) -> Document:
    """A JSON Lines article whose ``published`` is ``value``, read and cleaned as a run does."""
    import json

    from linimasa.readers import iter_inputs

    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"id": "a", "published": value, "text": f"{BODY}\n\n{BODY} Lagi."}) + "\n", "utf-8")
    (raw,) = list(iter_inputs([path]))
    doc = Document(id=raw.id, source=raw.source, raw=raw.text, meta=dict(raw.meta), lang="id")
    doc.warnings = list(raw.meta.get("warnings", []))
    return CleanStage()(doc)


@pytest.mark.parametrize(
    ("value", "published"),
    [
        # a feed's pubDate (RFC 2822), a CMS's Indonesian date line, a slash date, ISO week and ordinal
        ("Sat, 07 Dec 2024 10:00:00 +0700", "2024-12-07T10:00+07:00"),
        ("Fri, 06 Dec 2024 23:00:00 GMT", "2024-12-06T23:00+00:00"),
        ("7 Desember 2024 10:00 WIB", "2024-12-07T10:00+07:00"),
        ("Sabtu, 7 Desember 2024", "2024-12-07"),
        ("December 7, 2024 10:00 AM", "2024-12-07T10:00"),
        ("2024/12/07", "2024-12-07"),
        ("2024/12/07 10:00", "2024-12-07T10:00"),
        ("2024-W49-6", "2024-12-07"),
        ("2024-W49-6T10:00+07:00", "2024-12-07T10:00+07:00"),
        ("2024-342", "2024-12-07"),
        ("13/12/2024 10:00", "2024-12-13T10:00"),  # day first: no month 13
        ("07/07/2024", "2024-07-07"),
        ("2024-12-07T10:00:00+07", "2024-12-07T10:00+07:00"),  # an offset of hours alone
        ("20241207T100000Z", "2024-12-07T10:00Z"),  # the basic format
        ("20241207", "2024-12-07"),
    ],
)
def test_input_published_in_common_formats_is_taken(tmp_path, value: str, published: str) -> None:
    """Each of these was ignored ("is not an ISO 8601 date") and the article left undated."""
    doc = _input_published(tmp_path, value)
    assert (doc.published, doc.published_from) == (published, "input"), doc.warnings
    assert not any("published" in w for w in doc.warnings), doc.warnings


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("kemarin sore", "is not a date"),
        ("2024-W49", "has no day"),
        ("2024-W54-1", "is not a day of the calendar"),
        ("2024-400", "is not a day of the calendar"),
        ("31/02/2024", "is not a day of the calendar"),
        ("32 Desember 2024", "is not a day of the calendar"),
        ("Mon, 07 Dec 2099 10:00:00 +0700", "is after today"),
        ("7 Desember 1985", "is before 1990"),
        ("07/12/2024", "is ambiguous"),  # 7 December or, from a US feed, 12 July: not guessed
    ],
)
def test_input_published_refused_says_why_once(tmp_path, value: str, reason: str) -> None:
    doc = _input_published(tmp_path, value)
    said = [w for w in doc.warnings if "published" in w]
    assert doc.published is None and len(said) == 1 and reason in said[0] and repr(value) in said[0], said


def test_a_refused_input_published_is_read_once(tmp_path, monkeypatch) -> None:
    """The cleaning stage read a refused ``published`` twice (once to choose the date, once more for
    the warning's reason): a value read at midnight could be refused as after today by the first
    reading and given no reason by the second. One reading gives the date and the reason."""
    import linimasa.published as published

    if str(published.__file__).endswith(".so"):
        # compiled modules call each other directly: the counting stand-in is seen only by the sources
        import os
        import subprocess
        import sys

        env = {**os.environ, "LINIMASA_PURE": "1"}
        test = f"{__file__}::test_a_refused_input_published_is_read_once"
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test], env=env)
        assert done.returncode == 0
        return
    reads: list[object] = []
    read = published._read_metadata_date

    def counted(value, today=None):
        reads.append(value)
        return read(value, today)

    monkeypatch.setattr(published, "_read_metadata_date", counted)
    doc = _input_published(tmp_path, "31/02/2024")
    said = [w for w in doc.warnings if "published" in w]
    assert doc.published is None and len(said) == 1 and "is not a day of the calendar" in said[0], said
    assert reads.count("31/02/2024") == 1, reads
    reads.clear()
    doc = _input_published(tmp_path, "7 Desember 2024 10:00 WIB")  # taken: read once too
    assert doc.published_from == "input" and reads.count("7 Desember 2024 10:00 WIB") == 1, reads
