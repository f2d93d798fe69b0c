"""Repeated paragraphs and pasted blocks appear once; recurring headings and table rows stay."""

from __future__ import annotations

from linimasa.clean.repeats import find_repeats
from linimasa.clean.stage import CleanStage
from linimasa.model import Document

P = [
    "Presiden tiba di Bandara Internasional Minangkabau pada Selasa siang untuk kunjungan kerja dua hari.",
    "Dalam kunjungan itu, ia dijadwalkan meninjau proyek jalan tol dan meresmikan sebuah pasar tradisional.",
    '"Kami sudah menyiapkan semuanya sejak bulan lalu," kata kepala dinas perhubungan setempat.',
    "Sumber: Kantor Berita Contoh",
    "Baca juga: Jalan Tol Padang Ditargetkan Rampung Tahun Depan",
]


def clean(raw: str) -> Document:
    return CleanStage()(Document(id="t", source="test", raw=raw, lang="id"))


def test_block_pasted_twice_appears_once() -> None:
    raw = "\n".join(P + P + ["Setelah itu rombongan melanjutkan perjalanan ke Bukittinggi untuk bertemu tokoh adat."])
    doc = clean(raw)
    for p in P[:3]:
        assert doc.text.count(p) == 1
    repeated = [r.text for r in doc.removed if r.reason == "repeated"]
    assert repeated == P[:3]
    assert "Bukittinggi" in doc.text


def test_repeat_ignores_case_and_spacing() -> None:
    doc = clean("\n".join([P[0], P[1], P[0].upper().replace(" ", "  ")]))
    assert doc.text.count("Bandara") == 1


def test_headings_and_table_rows_may_recur() -> None:
    rows = [
        "Qatar",
        "Marco Rossi ( Tim Merah ) - finis 5",
        "Argentina",
        "Marco Rossi ( Tim Merah ) - finis 5",
        "Babak kedua",
        "Babak kedua",
    ]
    assert find_repeats(rows) == []
