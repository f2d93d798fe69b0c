"""The bundled demo corpus: every file reads cleanly, with the documents its README promises."""

from __future__ import annotations

import collections
import gzip
from importlib import resources
from pathlib import Path

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs

CORPUS = Path(str(resources.files("linimasa") / "demo" / "corpus"))


def demo_items() -> list[RawDocument | ReadError]:
    return list(iter_inputs([CORPUS]))


def test_demo_corpus_reads_without_errors_and_counts_per_format():
    items = demo_items()
    errors = [str(i) for i in items if isinstance(i, ReadError)]
    assert errors == []
    per_format = collections.Counter(
        Path(i.source.split("#")[0].rsplit(":", 1)[0]).name.split(".", 1)[1] for i in items
    )
    assert per_format == {"txt": 7, "html": 2, "jsonl": 4, "warc.gz": 3}
    ids = [d.id for d in items]
    assert len(ids) == len(set(ids)) == 16


def test_demo_corpus_metadata_and_encodings():
    docs = {d.id: d for d in demo_items()}
    portal = docs["banjir-konut-salinan-portal"]
    assert portal.meta["encoding"] == "cp1252"
    assert "“Kebutuhan paling mendesak saat ini adalah air bersih" in portal.text
    assert "Kendari–Morowali" in portal.text

    page = docs["banjir-konut-pengungsi"]
    assert page.meta["html_published"] == "2025-01-14" and page.meta["html_outlet"] == "Warta Pesisir.com"
    assert "Berita Terkait" not in page.text and "Pedoman Media Siber" not in page.text

    mensos = docs["https://kabartimur.example/nasional/mensos-kunjungi-pengungsi-banjir-konawe-utara"]
    assert mensos.meta["html_published"] == "2025-01-16"
    assert mensos.text.startswith("Konawe Utara (Kabar Timur) - Menteri Sosial")

    assert docs["adw-jakarta-clean-air-forum"].meta["lang"] == "en"
    assert docs["cold-chain-startup-singapore"].meta["html_published"] == "2023-11-08"
    # the JSON line without an id is known by its url
    assert "https://floreskini.example/wisata/tiga-kapal-pesiar-bersandar-di-labuan-bajo" in docs


def test_demo_warc_holds_non_article_records_that_are_passed_over():
    with gzip.open(CORPUS / "arsip-web.warc.gz", "rb") as fh:
        raw = fh.read()
    assert raw.count(b"WARC-Type: request") == 4
    assert raw.count(b"WARC-Type: response") == 4  # three pages and robots.txt


def test_demo_warc_is_what_build_warc_writes(tmp_path):
    from linimasa.demo.build_warc import build

    rebuilt = build(tmp_path / "arsip-web.warc.gz")
    assert rebuilt.read_bytes() == (CORPUS / "arsip-web.warc.gz").read_bytes()
