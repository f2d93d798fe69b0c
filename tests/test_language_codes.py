"""``lang`` is an ISO 639-1 code or ``und`` (the output contract), though py3langid names some
languages by an ISO 639-3 code (``pcm``, ``yue``, ``zxx``) and inputs may give three-letter codes."""

from __future__ import annotations

import json

import pytest

from linimasa.jobs.annotate import annotate
from linimasa.jobs.summary import RunSummary
from linimasa.lang.codes import iso639_1
from linimasa.language.detect import detect_language
from linimasa.language.stage import LanguageStage
from linimasa.model import Document

PIDGIN = (
    "Di Federal Goment of Nigeria don announce say dem go increase di minimum wage for workers. Di minister tok "
    "for Abuja on Monday say di new salary go start next month. Plenty workers wey dey waka come di meeting say "
    "dem no go gree if goment no pay am. Wetin we dey see na say prices for market don go up well well."
)
CANTONESE = "佢哋話政府下個月會加人工，部長喺星期一喺立法會講咗，啲工會話唔夠，因為而家啲嘢貴咗好多。"
RATES = (
    "IHSG 6.123,45 (+12,30) LQ45 987,65 (-1,20) USD/IDR 15.432 EUR/IDR 16.789 JPY/IDR 104,56 SGD/IDR 11.456 "
    "AUD/IDR 10.123 GBP/IDR 19.876"
)


@pytest.mark.parametrize(
    ("text", "detected", "lang"),
    [(PIDGIN, "pcm", "und"), (CANTONESE, "yue", "zh"), (RATES, "zxx", "und")],
)
def test_a_three_letter_detection_is_written_as_iso_639_1_or_und(text: str, detected: str, lang: str) -> None:
    assert detect_language(text) == detected  # (py3langid's own code)
    doc = LanguageStage()(Document(id="x", source="x", raw=text))
    assert doc.lang == lang
    assert any(repr(detected) in w for w in doc.warnings) == (lang == "und"), doc.warnings


@pytest.mark.parametrize(
    ("code", "lang"),
    [("ind", "id"), ("ENG", "en"), ("zsm", "ms"), ("ary", "ar"), ("arz", "ar"), ("kik", "ki"), ("gug", "gn")]
    + [("pcm", None), ("ace", None), ("zxx", None), ("gom", None), ("x1", None), ("", None)],
)
def test_iso639_1(code: str, lang: str | None) -> None:
    assert iso639_1(code) == lang


def test_every_code_py3langid_gives_maps_to_two_letters_or_none() -> None:
    from linimasa.language.ngrams import identifier

    for code in identifier().nb_classes:
        got = iso639_1(str(code))
        assert got is None or (len(got) == 2 and got.isalpha()), (code, got)


def test_documents_written_have_contract_codes(tmp_path) -> None:
    """End to end: an input's ``lang`` of three letters, a Pidgin article and a table of rates."""
    rows = [
        {"id": "pidgin", "text": PIDGIN},
        {"id": "rates", "text": RATES},
        {"id": "given", "lang": "ind", "text": "Menteri mengatakan pada Senin bahwa banjir membuat warga mengungsi."},
        {
            "id": "und",
            "lang": "und",
            "text": "The minister said on Monday that the flood had forced residents to flee.",
        },
    ]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    annotate([str(tmp_path / "in.jsonl")], tmp_path / "out.jsonl", RunSummary())
    got = {d["id"]: d["lang"] for d in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert got == {"pidgin": "und", "rates": "und", "given": "id", "und": "en"}


def test_a_given_code_that_is_no_language_is_ignored() -> None:
    """An input's ``lang`` of ``xx`` (two letters, no language) was written as the document's
    ``lang``, which the contract says is an ISO 639-1 code: it is ignored with a warning and the
    language detected, as a ``lang`` that is no tag at all ("english") is."""
    text = "Menteri mengatakan pada Senin bahwa banjir membuat ribuan warga mengungsi ke masjid."
    doc = LanguageStage()(Document(id="x", source="x", raw=text, meta={"lang": "xx"}))
    assert doc.lang == "id" and any("'xx'" in w for w in doc.warnings), doc.warnings
    for code, lang in (("tl", "tl"), ("sh", "sr"), ("jw", "jv"), ("qqq", None), ("xx", None)):
        assert iso639_1(code) == lang, code
