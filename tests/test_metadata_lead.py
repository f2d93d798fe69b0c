"""Outlet/dateline leads: parsed, stripped from the text and recorded as removed "dateline"."""

from __future__ import annotations

import pytest

from linimasa.clean.lead import parse_lead
from linimasa.clean.stage import CleanStage
from linimasa.model import Document

REST = "Pemerintah provinsi mengumumkan rencana pembangunan rumah sakit baru di pinggiran kota."


@pytest.mark.parametrize(
    ("lead", "outlet", "dateline"),
    [
        ("Seoul (ANTARA) - ", "ANTARA", "Seoul"),
        ("Jakarta ( ANTARA News ) - ", "ANTARA News", "Jakarta"),
        ("Garut , Jawa Barat ( ANTARA News ) - ", "ANTARA News", "Garut, Jawa Barat"),
        ("Nusantaratv.com - ", "Nusantaratv.com", None),
        ("Pyongyang, Purna Warta – ", "Purna Warta", "Pyongyang"),
        ("JAKARTA, KOMPAS.com - ", "KOMPAS.com", "Jakarta"),
        ("Jakarta , CNN Indonesia - - ", "CNN Indonesia", "Jakarta"),
        ("JUARA.NET , KUALA LUMPUR - ", "JUARA.NET", "Kuala Lumpur"),
        ("MANCHESTER , JUARA.net - ", "JUARA.net", "Manchester"),
        ("BANDUNG ( Pos Kota ) – ", "Pos Kota", "Bandung"),
        ("Bola.net - ", "Bola.net", None),
        ("MEDAN - ", None, "Medan"),
        ("Surabaya - ", None, "Surabaya"),
        ("Reuters - ", "Reuters", None),
    ],
)
def test_lead_shapes(lead: str, outlet: str | None, dateline: str | None) -> None:
    parsed = parse_lead(lead + REST)
    assert parsed is not None
    assert (parsed.outlet, parsed.dateline) == (outlet, dateline)
    assert parsed.text == lead


def test_outlet_named_like_the_url() -> None:
    parsed = parse_lead("Kabarkita - iPhone baru dijual mulai pekan depan.", url="https://www.kabarkita.com/tekno/123")
    assert parsed is not None and parsed.outlet == "Kabarkita"


@pytest.mark.parametrize(
    "paragraph",
    [
        "Indonesia - Afghanistan berpeluang meningkatkan kerja sama industri tahun ini.",
        "Baru - baru ini pemerintah mengumumkan kebijakan baru soal impor.",
        "GO - JEK akan melebarkan sayap ke Filipina tahun depan.",
        "Pemimpin Korea Utara (Korut) Kim Jong-un akan mengunjungi Rusia untuk bertemu Presiden.",
        "Kementerian Perhubungan ( Kemenhub ) mempersiapkan program pembangunan di Papua.",
        "Ketua DPR , Setya Novanto - yang hadir di sidang - menolak berkomentar.",
    ],
)
def test_body_openings_are_not_leads(paragraph: str) -> None:
    assert parse_lead(paragraph) is None


def test_stage_strips_lead_and_records_it() -> None:
    doc = CleanStage()(
        Document(
            id="t",
            source="t",
            raw="Seoul (ANTARA) - " + REST + "\n" + REST.replace("rumah sakit", "sekolah"),
            lang="id",
        )
    )
    assert doc.text.startswith("Pemerintah provinsi")
    assert doc.removed[0].reason == "dateline" and doc.removed[0].text == "Seoul (ANTARA) -"
    assert (doc.outlet, doc.dateline) == ("ANTARA", "Seoul")


def test_lead_alone_on_its_line() -> None:
    doc = CleanStage()(Document(id="t", source="t", raw="Suara.com -\n\n" + REST, lang="id"))
    assert doc.text == REST and doc.outlet == "Suara.com"


def test_section_label_is_not_a_place() -> None:
    doc = CleanStage()(Document(id="t", source="t", raw="OPINI - " + REST, lang="id"))
    assert doc.text == REST and doc.dateline is None
    assert doc.removed[0].reason == "section-label"


def test_input_outlet_is_trusted_over_the_lead() -> None:
    doc = CleanStage()(
        Document(id="t", source="t", raw="Seoul (ANTARA) - " + REST, lang="id", meta={"outlet": "Antara News Agency"})
    )
    assert doc.outlet == "Antara News Agency" and doc.dateline == "Seoul"
