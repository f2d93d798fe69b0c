"""Credits from credit lines and from body citations of web outlets, deduplicated in order."""

from __future__ import annotations

import pytest

from linimasa.clean.credits import split_credit
from linimasa.clean.stage import CleanStage
from linimasa.model import Document

BODY = "Kepolisian daerah menangkap dua tersangka penipuan investasi bodong yang merugikan ratusan warga."


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("sindonews.com", ["sindonews.com"]),
        ("Yonhap-OANA", ["Yonhap", "OANA"]),
        ("The Verge dan Sony .", ["The Verge", "Sony"]),
        ("Theguardian dan gambar header Pixabay .", ["Theguardian", "Pixabay"]),
        ("Al-Jazeera", ["Al-Jazeera"]),
        ("http://id.contohwiki.com/halaman", ["id.contohwiki.com"]),
        ("Antara/Reno Esnir", ["Antara", "Reno Esnir"]),
    ],
)
def test_split_credit(value: str, names: list[str]) -> None:
    assert split_credit(value, "id") == names


def test_credits_from_lines_and_body_deduplicated() -> None:
    raw = "\n".join(
        [
            BODY + " Hal itu disampaikan seperti dilansir dari Contohnews.co.uk, Selasa (5/9).",
            "Sumber : contohnews.co.uk",
            "Gambar : Fotokita.com",
            "Sumber: Yonhap-OANA",
        ]
    )
    doc = CleanStage()(Document(id="t", source="t", raw=raw, lang="id"))
    assert doc.credits == ["contohnews.co.uk", "Fotokita.com", "Yonhap", "OANA"]
    assert "dilansir dari Contohnews.co.uk" in doc.text
