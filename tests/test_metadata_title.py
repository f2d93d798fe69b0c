"""Titles: a headline first line, a title quoted by a comment widget, or the input's title;
a body paragraph is never taken for a title."""

from __future__ import annotations

from linimasa.clean.stage import CleanStage
from linimasa.model import Document

BODY = [
    "Presiden Joko Widodo meresmikan Bendungan Karian di Kabupaten Lebak, Banten, pada Kamis (25/4) pagi.",
    "Bendungan itu diharapkan mengairi ribuan hektare sawah dan memasok air baku bagi warga Jakarta dan Tangerang.",
]


def clean(raw: str, **kw) -> Document:
    return CleanStage()(Document(id="t", source="t", raw=raw, lang="id", **kw))


def test_headline_first_line() -> None:
    doc = clean("\n".join(["Jokowi Resmikan Bendungan Karian di Lebak Hari Ini", *BODY]))
    assert doc.title == "Jokowi Resmikan Bendungan Karian di Lebak Hari Ini"
    assert "Hari Ini" not in doc.text
    assert doc.removed[0].reason == "title"


def test_title_from_comment_widget_and_first_line_equal_to_it() -> None:
    raw = "\n".join([*BODY, "Bagikan Berita Ini", '0 Response to "Jokowi Resmikan Bendungan Karian"', "Post a Comment"])
    doc = clean(raw)
    assert doc.title == "Jokowi Resmikan Bendungan Karian"
    assert doc.text == "\n\n".join(BODY)


def test_body_first_paragraph_is_never_a_title() -> None:
    for first in (
        "Nusantaratv.com - Presiden Joko Widodo meresmikan Bendungan Karian di Lebak",
        "Seoul (ANTARA) - Pemimpin Korea Utara Kim Jong-un diperkirakan akan mengunjungi Rusia",
        "Kedua pemimpin itu mengadakan pembicaraan selama satu hari di sebuah pulau.",
        "Presiden tiba di lokasi pukul sembilan pagi dan langsung meninjau pintu air",
    ):
        doc = clean("\n".join([first, *BODY]))
        assert doc.title is None, first


def test_input_title_trusted_and_duplicate_headline_removed() -> None:
    doc = clean(
        "\n".join(["Jokowi Resmikan Bendungan Karian", *BODY]), meta={"title": "Jokowi Resmikan Bendungan Karian"}
    )
    assert doc.title == "Jokowi Resmikan Bendungan Karian"
    assert doc.text == "\n\n".join(BODY)


def test_section_heading_is_not_a_title() -> None:
    doc = clean("\n".join(["HASIL PERTANDINGAN", *BODY]))
    assert doc.title is None
