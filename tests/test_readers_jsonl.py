"""JSON Lines reader: ids, metadata fields, mistyped fields, bad lines, stdin, .json files."""

from __future__ import annotations

import gzip
import io
import json

from linimasa.jobs.summary import reason_kind
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
    # kept for the cleaning stage, which reads it (or says why not: test_metadata_published.py)
    assert c.meta["published"] == "kemarin sore" and "warnings" not in c.meta

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


def test_a_line_in_windows_1252_says_so_and_how_to_convert(tmp_path):
    # "café" written by a Windows or Latin-1 export: the line was lost as "not valid UTF-8" with no hint
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 di Bogor \x93kutipan\x94"}\n' + b'{"text": "\x01\xff\xfe"}\n')
    text_line, binary = list(iter_inputs([path]))
    assert text_line.reason == (
        "line is not valid UTF-8 (byte 0xe9 at column 14; the file looks like Windows-1252 or Latin-1 text: "
        "convert it to UTF-8, e.g. iconv -f cp1252 -t utf-8 IN.jsonl > OUT.jsonl)"
    )
    assert reason_kind(text_line.reason) == "line is not valid UTF-8"  # (counted with the others)
    # bytes that are no text in any encoding get no such hint
    assert binary.reason.startswith("line is not valid UTF-8 (byte 0xff") and "iconv" not in binary.reason


def test_pretty_json_array_and_gzip_jsonl(tmp_path):
    arr = tmp_path / "arsip.json"
    arr.write_text(json.dumps([{"id": "a", "text": TEXT_A}, {"text": TEXT_B}, 5], indent=2), encoding="utf-8")
    gz = tmp_path / "arsip2.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(lines({"id": "g", "text": TEXT_B}))
    items = list(iter_inputs([arr, gz]))
    assert [getattr(i, "id", None) for i in items] == ["a", "2", None, "g"]
    assert items[2].source == f"{arr}#record 3"


def _deep(levels: int) -> str:
    """A valid JSON object whose ``x`` field nests ``levels`` arrays."""
    return '{"id": "deep", "text": "teks", "x": ' + "[" * levels + "]" * levels + "}"


def _hostile_lines() -> str:
    """Good lines around lines of valid JSON that no article needs (issue 20, finding 3)."""
    return lines(
        {"id": "a", "text": TEXT_A},
        _deep(600),
        {"id": "b", "text": TEXT_B},
        '{"id": "big", "text": "teks", "n": ' + "7" * 5000 + "}",
        {"id": "c", "text": TEXT_A},
        "[" * 5000 + "]" * 5000,  # past the standard library's recursion limit
        {"id": "d", "text": TEXT_B},
        '{"a": ' * 2000 + "1" + "}" * 2000,
        {"id": "e", "text": TEXT_A},
    )


def _check_hostile(items: list, name: str) -> None:
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["a", "b", "c", "d", "e"]
    errors = [(i.source, i.reason) for i in items if isinstance(i, ReadError)]
    assert [s for s, _ in errors] == [f"{name}:2", f"{name}:4", f"{name}:6", f"{name}:8"]
    assert errors[0][1].startswith("JSON nested too deep (more than 128 levels")
    assert errors[1][1] == "integer too long (5,000 digits; at most 4,300)"
    assert errors[2][1].startswith("JSON nested too deep") and errors[3][1].startswith("JSON nested too deep")


def test_a_line_nested_too_deep_or_with_a_huge_integer_costs_only_that_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(_hostile_lines(), encoding="utf-8")
    _check_hostile(list(iter_inputs([path])), str(path))
    # sniffed by content (no extension): the first line too deep still makes it JSON Lines
    sniffed = tmp_path / "kiriman"
    sniffed.write_text(_hostile_lines().split("\n", 1)[1], encoding="utf-8")
    items = list(iter_inputs([sniffed]))
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["b", "c", "d", "e"]
    assert items[0] == ReadError(f"{sniffed}:1", items[0].reason) and "nested too deep" in items[0].reason


def test_stdin_nested_too_deep_costs_only_that_line():
    items = list(iter_inputs(["-"], stdin=io.BytesIO(_hostile_lines().encode())))
    _check_hostile(items, "<stdin>")


def test_depth_limit_is_exact_and_independent_of_the_call_stack():
    at_limit = lines(_deep(127))  # 127 arrays inside the object: 128 levels
    over = lines(_deep(128))

    def read(text: str, frames: int) -> list:
        if frames:
            return read(text, frames - 1)
        return list(iter_inputs(["-"], stdin=io.BytesIO(text.encode())))

    for frames in (0, 600):  # called from deep in a stack, the answer is the same
        assert isinstance(read(at_limit, frames)[0], RawDocument)
        assert "nested too deep" in read(over, frames)[0].reason


def test_json_array_record_nested_too_deep_is_that_record_only(tmp_path):
    path = tmp_path / "dump.json"
    path.write_text(
        "[\n"
        + ",\n".join([json.dumps({"id": "a", "text": TEXT_A}), _deep(300), json.dumps({"id": "b", "text": TEXT_B})])
        + "\n]\n",
        encoding="utf-8",
    )
    items = list(iter_inputs([path]))
    assert [i.id for i in items if isinstance(i, RawDocument)] == ["a", "b"]
    assert [(i.source, i.reason.split(" (")[0]) for i in items if isinstance(i, ReadError)] == [
        (f"{path}#record 2", "JSON nested too deep")
    ]


def test_utf16_files_with_a_byte_order_mark_are_read(tmp_path):
    # what PowerShell 5 writes with `>` or Out-File: UTF-16 LE with its byte-order mark; every
    # line was skipped as "not valid UTF-8" or "not valid JSON"
    body = lines(
        {"id": "ntt-jagung", "text": TEXT_A + " Harga benih – kata petani – naik.", "category": "ekonomi"},
        {"id": "ambon-kapal", "text": TEXT_B},
    )
    (tmp_path / "le.jsonl").write_bytes(body.encode("utf-16"))  # (with its BOM, little-endian here)
    (tmp_path / "be.jsonl").write_bytes(b"\xfe\xff" + body.replace('"id": "', '"id": "be-').encode("utf-16-be"))
    (tmp_path / "crlf.jsonl.gz").write_bytes(
        gzip.compress(body.replace('"id": "', '"id": "gz-').replace("\n", "\r\n").encode("utf-16"))
    )
    array = json.dumps([{"id": "arr", "text": TEXT_B}], ensure_ascii=False, indent=2)
    (tmp_path / "array.json").write_bytes(array.encode("utf-16"))
    items = list(iter_inputs([str(tmp_path)]))
    assert not [i for i in items if isinstance(i, ReadError)], items
    docs = {d.id: d for d in items}
    assert set(docs) == {"ntt-jagung", "ambon-kapal", "be-ntt-jagung", "be-ambon-kapal", "gz-ntt-jagung",
                         "gz-ambon-kapal", "arr"}  # fmt: skip
    assert docs["be-ntt-jagung"].text.endswith("Harga benih – kata petani – naik.")
    assert docs["ntt-jagung"].extra == {"category": "ekonomi"} and docs["ambon-kapal"].text == TEXT_B
    stdin = list(iter_inputs(["-"], stdin=io.BytesIO(body.encode("utf-16"))))
    assert [d.id for d in stdin] == ["ntt-jagung", "ambon-kapal"]


def test_a_raw_tab_or_an_open_string_is_said_so(tmp_path):
    """A line of a feed with a tab typed raw in its text (JSON escapes it: ``\\t``) and a line cut in
    its text were both "not valid JSON (Invalid control character at at column N)": a doubled word,
    and nothing a person could see in the line (the tab) or that said it was cut."""
    text = "Bandung - Persib Bandung mengalahkan Persipura Jayapura 2-1 di Stadion Gelora Bandung Lautan Api."
    good = json.dumps({"id": "persib-menang", "category": "olahraga", "text": text})
    tabbed = json.dumps({"id": "persib-tab", "category": "olahraga", "text": text}).replace(" 2-1", "\t2-1")
    cut = json.dumps({"id": "persib-cut", "text": text})[:60]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([good, tabbed, cut, good.replace("menang", "lagi")]) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "ReadError", "RawDocument"]
    tab, open_string = items[1].reason, items[2].reason
    column = tabbed.index("\t") + 1
    assert f"a tab written raw in a string at column {column}; JSON writes it escaped, \\t" in tab, tab
    assert "a string not closed at the end of the line, column 61" in open_string, open_string
    assert "at at" not in tab + open_string
    assert reason_kind(tab) == reason_kind(open_string) == "line is not valid JSON"
