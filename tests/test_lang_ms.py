"""Adding a language is adding a folder: the minimal Malay pack (lang/ms) run end to end.

Nothing in the code names Malay: the folder's files give the month and weekday names (CLDR
through Babel), the relative words, the boilerplate and quote cues and the stemmer.
"""

from __future__ import annotations

import json

from linimasa.jobs.run import run_pipeline
from linimasa.lang.packs import SUPPORTED_LANGUAGES, has_language_pack
from linimasa.lang.stemmers import stemmer_name, stems_indexed

ARTICLE = {
    "id": "ms-1",
    "lang": "ms",
    "url": "https://www.example.my/berita/2017/03/05/jambatan",
    "text": "Jambatan baharu dirasmikan di Kuala Lumpur\n\n"
    "KUALA LUMPUR: Menteri Kerja Raya merasmikan jambatan baharu itu pada Isnin, 3 Mac 2017, "
    "selepas kerja pembinaan selama dua tahun.\n\n"
    "Baca juga: Projek lebuh raya ditangguhkan\n\n"
    '"Jambatan ini akan memendekkan perjalanan penduduk sehingga 30 minit," katanya kepada pemberita.\n\n'
    "Kerja naik taraf jalan di kawasan itu dijangka siap pada Disember depan.\n\n"
    "Foto: Bernama",
}


def test_the_malay_folder_makes_malay_a_supported_language() -> None:
    assert "ms" in SUPPORTED_LANGUAGES and has_language_pack("ms")
    assert stemmer_name("ms") == "sastrawi" and stems_indexed("ms")


def test_a_malay_article_runs_end_to_end_with_its_pack(tmp_path) -> None:
    feed = tmp_path / "ms.jsonl"
    feed.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    summary = run_pipeline([str(feed)], tmp_path / "out", str(tmp_path / "s.db"))
    assert summary.read == 1 and summary.without_language_pack() == {}
    doc = json.loads((tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8"))
    assert doc["lang"] == "ms" and doc["warnings"] == []
    values = {t["text"]: t["value"] for t in doc["timexes"]}
    # CLDR's Malay months and weekdays ("Mac", "Disember", "Isnin"), the pack's units and directions
    assert values["Isnin, 3 Mac 2017"] == "2017-03-03"
    assert values["Disember depan"] == "2017-12"
    assert values["30 minit"] == "PT30M" and values["dua tahun"] == "P2Y"
    removed = {r["text"]: r["reason"] for r in doc["removed"]}
    assert removed == {"Baca juga: Projek lebuh raya ditangguhkan": "related-link", "Foto: Bernama": "image-credit"}
    assert doc["credits"] == ["Bernama"]
    assert any(q["text"].startswith("Jambatan ini akan") for q in doc["quotes"])
    assert {"text": "Kuala Lumpur", "type": "LOC"}.items() <= next(
        e for e in doc["entities"] if e["text"] == "Kuala Lumpur"
    ).items()
