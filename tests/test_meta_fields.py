"""Input fields the contract does not name are kept as the document's ``meta`` (readers/jsonl.py),
bounded in size, and count in the content hash only when there are some (jobs/hashing.py)."""

from __future__ import annotations

import json

from linimasa.jobs.hashing import content_hash
from linimasa.jobs.run import run_pipeline
from linimasa.model import Document
from linimasa.readers.jsonl import MAX_KEPT_CHARS, MAX_KEPT_FIELD_CHARS, object_document

TEXT = "Banjir melanda Jakarta pada Senin (3/4/2017), kata petugas BPBD DKI Jakarta."


def test_unnamed_fields_are_kept_and_named_ones_are_not() -> None:
    raw = object_document(
        {"id": "a", "text": TEXT, "title": "Banjir", "category": "berita", "tags": ["banjir", "jakarta"], "n": 2,
         "source_url": "https://x.example/a", "nothing": None},
        number=1, source="in.jsonl:1",
    )  # fmt: skip
    assert raw.extra == {
        "category": "berita",
        "tags": ["banjir", "jakarta"],
        "n": 2,
        "source_url": "https://x.example/a",
    }
    assert raw.meta["title"] == "Banjir" and "warnings" not in raw.meta
    doc = Document.from_raw(raw)
    assert doc.to_json()["meta"] == raw.extra and Document.from_json(doc.to_json()).extra == raw.extra
    plain = Document.from_raw(object_document({"id": "b", "text": TEXT}, number=2, source="in.jsonl:2"))
    assert "meta" not in plain.to_json()


def test_a_document_object_read_again_keeps_its_meta_not_its_layers() -> None:
    first = Document.from_raw(object_document({"id": "a", "text": TEXT, "category": "berita"}, number=1, source="s"))
    obj = {**first.to_json(), "text": TEXT}  # a line of documents.jsonl: entities, timexes, features... and meta
    again = object_document(obj, number=1, source="documents.jsonl:1")
    assert again.extra == {"category": "berita"}


def test_an_oversized_field_is_dropped_with_a_warning() -> None:
    big = "x" * MAX_KEPT_FIELD_CHARS
    raw = object_document({"id": "a", "text": TEXT, "body_html": big, "category": "berita"}, number=1, source="s")
    assert raw.extra == {"category": "berita"}
    assert any("'body_html'" in w and "not kept" in w for w in raw.meta["warnings"])
    many = {f"f{i}": "y" * (MAX_KEPT_FIELD_CHARS // 2) for i in range(2 * MAX_KEPT_CHARS // MAX_KEPT_FIELD_CHARS + 2)}
    raw = object_document({"id": "a", "text": TEXT, **many}, number=1, source="s")
    size = sum(len(k) + len(json.dumps(v)) for k, v in raw.extra.items())
    assert 0 < size <= MAX_KEPT_CHARS and len(raw.extra) < len(many)
    assert sum("would pass" in w for w in raw.meta["warnings"]) == len(many) - len(raw.extra)


def test_the_hash_changes_with_kept_fields_only_when_there_are_some() -> None:
    plain = object_document({"id": "a", "text": TEXT}, number=1, source="s")
    with_meta = object_document({"id": "a", "text": TEXT, "category": "berita"}, number=1, source="s")
    changed = object_document({"id": "a", "text": TEXT, "category": "olahraga"}, number=1, source="s")
    assert len({content_hash(plain), content_hash(with_meta), content_hash(changed)}) == 3
    plain.extra = {}
    assert content_hash(plain) == content_hash(object_document({"id": "a", "text": TEXT}, number=1, source="s"))


def test_a_rerun_analyses_again_only_the_document_whose_kept_field_changed(tmp_path) -> None:
    rows = [
        {"id": "a", "text": TEXT, "category": "berita"},
        {"id": "b", "text": "Presiden Joko Widodo meresmikan bendungan di Jawa Tengah, Kamis (6/4/2017)."},
    ]
    feed = tmp_path / "in.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = run_pipeline([str(feed)], tmp_path / "o1", db)
    assert first.analysed == 2
    rows[0]["category"] = "bencana"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    second = run_pipeline([str(feed)], tmp_path / "o2", db)
    assert (second.analysed, second.reused) == (1, 1)
    docs = {d["id"]: d for d in map(json.loads, (tmp_path / "o2" / "documents.jsonl").read_text("utf-8").splitlines())}
    assert docs["a"]["meta"] == {"category": "bencana"} and "meta" not in docs["b"]


def test_numbers_json_cannot_carry_are_not_kept_as_nulls_or_floats(tmp_path) -> None:
    # NaN, Infinity and 1e400 were kept and written as null; a 30-digit integer came back from
    # the store as 1.2345678901234568e+29
    feed = tmp_path / "in.jsonl"
    big = 123456789012345678901234567890
    feed.write_text(
        f'{{"id": "a", "text": "{TEXT}", "nan": NaN, "inf": -Infinity, "e": 1E400, "big": {big}, '
        f'"ids": [1, {big}], "ok": 18446744073709551615, "x": 1.5}}\n',
        encoding="utf-8",
    )
    run_pipeline([str(feed)], tmp_path / "out", str(tmp_path / "s.db"))
    doc = json.loads((tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8"))
    assert doc["meta"] == {"big": str(big), "ids": [1, str(big)], "ok": 18446744073709551615, "x": 1.5}
    assert sum("NaN or Infinity" in w for w in doc["warnings"]) == 3
    assert sum("past 64 bits" in w for w in doc["warnings"]) == 2


def test_a_meta_that_is_not_an_object_is_not_dropped_silently() -> None:
    raw = object_document({"id": "a", "text": TEXT, "meta": ["banjir"], "category": "berita"}, number=1, source="s")
    assert raw.extra == {"category": "berita"}
    assert raw.meta["warnings"] == ["field 'meta' is a list, not an object of fields; not kept"]


def test_the_warnings_about_fields_not_kept_are_bounded_too() -> None:
    # 3,000 keys of 5,000 characters gave 3,000 warnings holding 15 MB (each key in full)
    obj = {"id": "a", "text": TEXT, **{f"k{i:05d}" + "x" * 5000: 1 for i in range(3000)}}
    warnings = object_document(obj, number=1, source="s").meta["warnings"]
    assert len(warnings) == 11 and sum(map(len, warnings)) < 2000
    assert warnings[0].startswith("field 'k00000xxx") and "characters not kept" in warnings[0]
    assert warnings[-1] == "2,990 more input fields not kept or changed (as above)"


def test_a_field_with_an_empty_name_is_not_kept_with_a_warning() -> None:
    # a feed row with an empty key ("": a spreadsheet's unnamed column exported to JSON) next
    # to IndoSum's category: no filter, API parameter or CSV column could name it
    text = (
        "Suara.com - Diluncurkan sekitar dua pekan lalu, mobil baru Toyota Calya rupanya telah "
        "melampaui target penjualan yang ditetapkan, demikian dikatakan Henry Tanoto."
    )
    raw = object_document(
        {"id": "calya", "text": text, "category": "otomotif", "": "kolom tanpa nama", "  ": "spasi"},
        number=1, source="feed.jsonl:1",
    )  # fmt: skip
    assert raw.extra == {"category": "otomotif"}
    assert sum("empty name" in w for w in raw.meta["warnings"]) == 2


def test_a_feed_resending_an_article_with_a_new_category_is_not_told_it_had_another_text(tmp_path) -> None:
    # the same article, its category changed from "tajuk utama" to "otomotif": the warning said
    # "which had another text", the text being the same; a corrected text still says so
    text = (
        "Suara.com - Diluncurkan sekitar dua pekan lalu, mobil baru Toyota Calya rupanya telah "
        "melampaui target penjualan yang ditetapkan, demikian dikatakan Henry Tanoto."
    )
    feed = tmp_path / "feed.jsonl"
    db = str(tmp_path / "s.db")
    for category, body, expected in (
        ("tajuk utama", text, None),
        ("otomotif", text, "whose kept input fields differ ('category')"),
        ("otomotif", text + " Calya dijual mulai Rp129 juta.", "which had another text"),
    ):
        feed.write_text(json.dumps({"id": "calya", "text": body, "category": category}) + "\n", encoding="utf-8")
        summary = run_pipeline([str(feed)], tmp_path / "out", db)
        said = [w for _source, w in summary.warnings if "replaces the stored document" in w]
        assert said == ([] if expected is None else [said[0]]) and (expected is None or expected in said[0]), said


def test_a_field_no_filter_can_name_is_not_kept_with_a_warning(tmp_path) -> None:
    """A key with a newline, a quote or a backslash, or over 100 characters, was kept, exported (a
    CSV column ``meta.k\\nnl``) and never filterable: ``--meta`` and ``?meta.KEY=`` refuse such a name.
    It is not kept, with a warning, as an empty name is; a name with spaces around it ("rubrik "),
    which ``--meta`` trims, is kept trimmed."""
    from typer.testing import CliRunner

    from linimasa.cli import app

    text = (
        "Suara.com - Diluncurkan sekitar dua pekan lalu, mobil baru Toyota Calya rupanya telah "
        "melampaui target penjualan yang ditetapkan, demikian dikatakan Henry Tanoto."
    )
    odd = {"rubrik\nlama": "a", 'kata "kunci"': "b", "jalur\\berkas": "c", "k" * 101: "d"}
    raw = object_document({"id": "calya", "text": text, "category": "otomotif", **odd}, number=1, source="f:1")
    assert raw.extra == {"category": "otomotif"}
    assert sum("no filter can ask for" in w for w in raw.meta["warnings"]) == 4, raw.meta["warnings"]
    # every kept field can be asked for: ``--meta KEY=VALUE`` finds the document by each
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "calya", "text": text, "category": "otomotif", "rubrik ": "x", **odd}) + "\n")
    run_pipeline([str(feed)], tmp_path / "out", str(tmp_path / "s.db"))
    (kept,) = [json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text().splitlines()]
    assert kept["meta"] == {"category": "otomotif", "rubrik": "x"}
    for key, value in kept["meta"].items():
        r = CliRunner().invoke(app, ["export", "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "x"), "-q",
                                     "--meta", f"{key}={value}"])  # fmt: skip
        assert r.exit_code == 0 and "1 documents" in r.output, (key, r.output)
