"""JSON Lines reader: ids, metadata fields, mistyped fields, bad lines, stdin, .json files."""

from __future__ import annotations

import gzip
import io
import json

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs

TEXT_A = (
    "Kupang - Pemerintah Provinsi Nusa Tenggara Timur menyalurkan bibit jagung kepada 3.000 petani di Kabupaten Kupang."
)
TEXT_B = "Ambon - Kapal cepat rute Ambon-Banda kembali berlayar setelah dua hari tertahan gelombang tinggi."
HTML_C = (
    "<!DOCTYPE html><html lang='id'><head><title>Festival Danau Toba Dibuka</title>"
    "<meta property='og:site_name' content='Kabar Toba'>"
    "<meta property='article:published_time' content='2023-11-20'></head><body><article>"
    "<p>Parapat - Festival Danau Toba dibuka di Parapat, Kabupaten Simalungun, Sumatera Utara, pada Senin (20/11) "
    "dengan parade perahu tradisional dan pertunjukan gondang.</p>"
    "<p>Panitia memperkirakan 15.000 pengunjung datang selama lima hari festival berlangsung.</p>"
    "</article></body></html>"
)


def lines(*objs) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs) + "\n"


def test_good_bad_and_mistyped_lines(tmp_path):
    path = tmp_path / "kiriman.jsonl"
    path.write_text(
        lines(
            {
                "id": "ntt-jagung",
                "text": TEXT_A,
                "title": "Bibit Jagung untuk Petani",
                "published": "2024-01-15",
                "outlet": "Flores Pos Daring",
                "lang": "id-ID",
                "url": "https://contoh.example/jagung",
            },
            "{ini bukan json",
            {"title": "tanpa isi", "published": "2024-01-15"},
            {
                "url": "https://contoh.example/banda",
                "text": TEXT_B,
                "published": 20240115,
                "title": ["x"],
                "outlet": "  ",
                "lang": "bahasa daerah",
            },
            "",
            {"text": TEXT_B, "published": "kemarin sore"},
            '["a", "list"]',
            {"text": 42, "html": None},
            {"html": HTML_C, "id": 7},
        ),
        encoding="utf-8",
    )
    items = list(iter_inputs([path]))
    kinds = [type(i).__name__ for i in items]
    assert kinds == [
        "RawDocument",
        "ReadError",
        "ReadError",
        "RawDocument",
        "RawDocument",
        "ReadError",
        "ReadError",
        "RawDocument",
    ]
    a, bad_json, no_text, b, c, not_obj, wrong_text, d = items

    assert a.id == "ntt-jagung" and a.text == TEXT_A and a.url == "https://contoh.example/jagung"
    assert a.meta == {
        "title": "Bibit Jagung untuk Petani",
        "published": "2024-01-15",
        "outlet": "Flores Pos Daring",
        "lang": "id",
    }
    assert a.source == f"{path}:1"

    assert bad_json.source == f"{path}:2" and "not valid JSON" in bad_json.reason
    assert no_text.source == f"{path}:3" and "neither a 'text' nor an 'html'" in no_text.reason

    assert b.id == "https://contoh.example/banda"  # no id: the url
    assert "published" not in b.meta and "title" not in b.meta and "outlet" not in b.meta and "lang" not in b.meta
    warnings = " | ".join(b.meta["warnings"])
    assert "'published' is a number" in warnings and "'title' is a list" in warnings
    assert "'bahasa daerah' is not a language code" in warnings

    assert c.id == "6"  # neither id nor url: the line number (blank line 5 still counts)
    assert "not an ISO 8601 date" in c.meta["warnings"][0]

    assert not_obj.source == f"{path}:7" and "a list" in not_obj.reason
    assert wrong_text.source == f"{path}:8" and "'text' is a number" in wrong_text.reason

    assert d.id == "7"
    assert d.text.startswith("Parapat - Festival Danau Toba dibuka")
    assert "Festival Danau Toba Dibuka" not in d.text
    assert d.meta["html_title"] == "Festival Danau Toba Dibuka"
    assert d.meta["html_published"] == "2023-11-20"
    assert d.meta["html_outlet"] == "Kabar Toba"


def test_published_forms_accepted(tmp_path):
    values = ["2024-03-14", "2024-03-14T08:30:00+07:00", "2024-03-14 08:30:00", "2024-03-14T01:30:00Z", "2024-03"]
    path = tmp_path / "tanggal.jsonl"
    path.write_text(lines(*({"text": TEXT_A, "published": v} for v in values)), encoding="utf-8")
    assert [d.meta.get("published") for d in iter_inputs([path])] == values


def test_stdin(tmp_path):
    stream = io.BytesIO(lines({"id": "satu", "text": TEXT_A}, "tidak json", {"text": TEXT_B}).encode("utf-8"))
    items = list(iter_inputs(["-"], stdin=stream))
    assert isinstance(items[0], RawDocument) and items[0].id == "satu" and items[0].source == "<stdin>:1"
    assert isinstance(items[1], ReadError) and items[1].source == "<stdin>:2"
    assert items[2].id == "3"


def test_invalid_utf8_line_is_reported_and_next_line_read(tmp_path):
    path = tmp_path / "campur.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 di Bogor"}\n' + json.dumps({"text": TEXT_B}).encode() + b"\n")
    err, doc = list(iter_inputs([path]))
    assert isinstance(err, ReadError) and "not valid UTF-8" in err.reason and err.source.endswith(":1")
    assert doc.text == TEXT_B


def test_pretty_json_array_and_gzip_jsonl(tmp_path):
    arr = tmp_path / "arsip.json"
    arr.write_text(json.dumps([{"id": "a", "text": TEXT_A}, {"text": TEXT_B}, 5], indent=2), encoding="utf-8")
    gz = tmp_path / "arsip2.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(lines({"id": "g", "text": TEXT_B}))
    items = list(iter_inputs([arr, gz]))
    assert [getattr(i, "id", None) for i in items] == ["a", "2", None, "g"]
    assert items[2].source == f"{arr}#record 3"
