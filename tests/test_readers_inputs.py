"""iter_inputs: directories in order, hidden and unsupported files, unreadable files, mixes."""

from __future__ import annotations

import io
import json
import os

import pytest

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs

ARTICLE = (
    "Pontianak - Pemerintah Kota Pontianak menutup sementara Jalan Tanjungpura untuk perbaikan drainase "
    "selama dua pekan mulai Senin (6/5/2024).\n"
    "Warga diminta memakai jalur alternatif melalui Jalan Gajah Mada, kata Kepala Dinas PUPR Heru Santosa.\n"
)


def build_tree(root):
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("tersembunyi", encoding="utf-8")
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (root / "a" / "2.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a" / "1.txt").write_text(ARTICLE.replace("Pontianak", "Singkawang"), encoding="utf-8")
    (root / "a" / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200))
    (root / "a" / "rusak.txt").symlink_to(root / "tidak-ada.txt")
    (root / "b" / "kiriman").write_text(json.dumps({"id": "tanpa-ekstensi", "text": ARTICLE}) + "\n", encoding="utf-8")
    (root / "b" / "catatan.md").write_text("# catatan rapat redaksi\n", encoding="utf-8")
    (root / "b" / "README.md").write_text("# Kiriman dari biro daerah\n", encoding="utf-8")
    (root / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b" / "ke-atas").symlink_to(root, target_is_directory=True)  # a loop: not walked twice


def test_directory_walk_order_and_errors(tmp_path):
    root = tmp_path / "korpus"
    build_tree(root)
    items = list(iter_inputs([root]))
    summary = [(type(i).__name__, os.path.relpath(i.source, root).split(":")[0]) for i in items]
    assert summary == [
        ("RawDocument", "a/1.txt"),
        ("RawDocument", "a/2.txt"),
        ("ReadError", "a/foto.jpg"),
        ("ReadError", "a/rusak.txt"),
        ("ReadError", "b/catatan.md"),
        ("RawDocument", "b/kiriman"),  # no extension, sniffed as JSON Lines
        ("RawDocument", "z.txt"),
    ]
    errors = {os.path.basename(i.source): i.reason for i in items if isinstance(i, ReadError)}
    assert "unsupported file type" in errors["foto.jpg"]
    assert "broken symbolic link" in errors["rusak.txt"]
    assert "unsupported file type (.md" in errors["catatan.md"]
    assert items[5].id == "tanpa-ekstensi"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_in_the_middle(tmp_path):
    (tmp_path / "1.txt").write_text(ARTICLE, encoding="utf-8")
    locked = tmp_path / "2.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    (tmp_path / "3.txt").write_text(ARTICLE, encoding="utf-8")
    try:
        items = list(iter_inputs([tmp_path]))
    finally:
        locked.chmod(0o644)
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "RawDocument"]
    assert items[1].reason == "permission denied"


def test_mixed_inputs_and_missing_path(tmp_path):
    one = tmp_path / "satu.txt"
    one.write_text(ARTICLE, encoding="utf-8")
    stdin = io.BytesIO((json.dumps({"id": "dari-stdin", "text": ARTICLE}) + "\n").encode())
    items = list(iter_inputs([str(tmp_path / "hilang.txt"), "-", one], stdin=stdin))
    assert isinstance(items[0], ReadError) and items[0].reason == "no such file or directory"
    assert [i.id for i in items[1:]] == ["dari-stdin", "satu"]
    assert str(items[0]) == f"{tmp_path / 'hilang.txt'}: no such file or directory"


def test_truncated_gzip_jsonl_keeps_the_lines_before_the_cut(tmp_path):
    import gzip

    path = tmp_path / "arsip.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for n in range(200):
            fh.write(json.dumps({"id": f"d{n}", "text": f"{ARTICLE} #{n}"}) + "\n")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_inputs([path]))
    assert isinstance(items[-1], ReadError) and "truncated or corrupt" in items[-1].reason
    assert len(items) > 2 and all(isinstance(i, RawDocument) for i in items[:-1])
    assert items[0].id == "d0"


def test_documents_are_streamed_lazily(tmp_path):
    path = tmp_path / "besar.jsonl"
    path.write_text("".join(json.dumps({"text": f"{ARTICLE} #{n}"}) + "\n" for n in range(1000)), encoding="utf-8")
    it = iter_inputs([path])
    first = next(it)
    assert isinstance(first, RawDocument) and first.id == "1"
    it.close()  # a generator: nothing forces the remaining 999 lines to be parsed


def test_read_failure_of_one_file_is_reported_and_the_walk_goes_on(tmp_path, monkeypatch):
    """The same as the chmod 000 case, for root too: the open of the middle file fails."""
    for name in ("1.txt", "2.txt", "3.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    real_open = type(tmp_path).open

    def failing_open(self, *args, **kwargs):
        if self.name == "2.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(type(tmp_path), "open", failing_open)
    items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "RawDocument"]
    assert items[1].source == str(tmp_path / "2.txt") and items[1].reason == "permission denied"


def _docs(items) -> list[str]:
    return [i.id for i in items if isinstance(i, RawDocument)]


def _errors(items, root) -> list[tuple[str, str]]:
    return [(os.path.relpath(i.source, root), i.reason) for i in items if isinstance(i, ReadError)]


def deep_chain(root, depth: int):
    """``root/d/d/.../d`` ``depth`` folders deep (Path.mkdir(parents=True) would recurse)."""
    path = root
    for _ in range(depth):
        path = path / "d"
        path.mkdir(parents=True)
    return path


def remove_deep_chain(root, deepest) -> None:
    """Remove what :func:`deep_chain` made, bottom up: pytest's clean-up of old temporary
    folders (``shutil.rmtree``, recursive) would fail on it in a later session."""
    path = deepest
    while path != root:
        for entry in os.scandir(path):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        os.rmdir(path)
        path = path.parent


def test_a_folder_nested_a_thousand_deep_is_walked(tmp_path):
    """The walk keeps a stack, not Python's: no RecursionError at any depth (issue 20, finding 8)."""
    root = tmp_path / "korpus"
    deepest = deep_chain(root, 1000)
    try:
        (deepest / "dalam.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "d" / "atas.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "e.txt").write_text(ARTICLE, encoding="utf-8")
        items = list(iter_inputs([root]))
        assert _docs(items) == ["atas", "dalam", "e"], _errors(items, root)  # path order: the deep one where it sorts
        assert [i.source for i in items][1] == str(deepest / "dalam.txt")
    finally:
        remove_deep_chain(root, deepest)


def test_symlinks_are_followed_only_inside_the_input_roots(tmp_path):
    """A link to a file or folder outside every named input is refused with the reason, one
    inside any of them is followed, and ``follow_symlinks`` follows them all (issue 20, finding 8)."""
    outside = tmp_path / "rahasia"
    (outside / "folder").mkdir(parents=True)
    (outside / "shadow.txt").write_text("root:$6$garam$hash:19000:0:99999:7:::\n", encoding="utf-8")
    (outside / "folder" / "lain.txt").write_text(ARTICLE, encoding="utf-8")
    root, other = tmp_path / "korpus", tmp_path / "kiriman"
    (root / "sub").mkdir(parents=True)
    other.mkdir()
    (root / "asli.txt").write_text(ARTICLE, encoding="utf-8")
    (other / "biro.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a-shadow.txt").symlink_to(outside / "shadow.txt")
    (root / "b-folder").symlink_to(outside / "folder", target_is_directory=True)
    (root / "c-naik").symlink_to("../rahasia/shadow.txt")  # relative, through ".."
    (root / "sub" / "d-dalam.txt").symlink_to("../asli.txt")  # inside the root: followed
    (root / "e-biro.txt").symlink_to(other / "biro.txt")  # inside the other named input: followed
    (root / "f-hilang.txt").symlink_to(outside / "tidak-ada.txt")  # dangling: reported as before

    items = list(iter_inputs([root, other]))
    assert _docs(items) == ["asli", "e-biro", "d-dalam", "biro"]
    errors = _errors(items, root)
    outside_reason = "symbolic link leading outside the input folders (to {}); not followed without --follow-symlinks"
    assert errors == [
        ("a-shadow.txt", outside_reason.format(outside / "shadow.txt")),
        ("b-folder", outside_reason.format(outside / "folder")),
        ("c-naik", outside_reason.format(outside / "shadow.txt")),
        ("f-hilang.txt", f"broken symbolic link (target {outside / 'tidak-ada.txt'} does not exist)"),
    ]
    # only the folder named: the link into "kiriman" leads outside it too
    assert ("e-biro.txt", outside_reason.format(other / "biro.txt")) in _errors(list(iter_inputs([root])), root)
    followed = list(iter_inputs([root], follow_symlinks=True))
    assert _docs(followed) == ["a-shadow", "asli", "lain", "e-biro", "d-dalam"]  # (c-naik: no extension, not text)


def test_excluded_paths_are_left_out_of_walks_and_refused_when_named(tmp_path):
    """What ``linimasa run`` passes as its own outputs: never read back (issue 20, finding 6)."""
    root = tmp_path / "korpus"
    (root / "out").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "out" / "documents.jsonl").write_text(json.dumps({"id": "hasil", "text": ARTICLE}) + "\n")
    (root / "out" / "tambahan.txt").write_text(ARTICLE, encoding="utf-8")
    for name in ("store.db", "store.db-wal", "store.db-journal"):
        (root / name).write_text(json.dumps({"id": name, "text": ARTICLE}) + "\n")
    (root / "tautan").symlink_to(root / "out", target_is_directory=True)  # a way back in: left out too
    store = [root / "store.db", root / "store.db-wal", root / "store.db-shm", root / "store.db-journal"]
    exclude = [root / "out", root / "out" / "documents.jsonl", *store]
    assert _docs(iter_inputs([root], exclude=exclude)) == ["a"]
    # named: a file that is an output is refused with the reason; a folder is walked without the outputs
    items = list(iter_inputs([root / "out", root / "store.db", root / "a.txt"], exclude=exclude))
    assert _docs(items) == ["tambahan", "a"]
    reason = "an output of this run (in its --out folder, or its --db store); not read as input"
    assert [(i.source, i.reason) for i in items if isinstance(i, ReadError)] == [(str(root / "store.db"), reason)]
    # "run . --out ." : the folder is read, the output files and the store are not
    exclude = [root, root / "documents.jsonl", *store]
    (root / "documents.jsonl").write_text(json.dumps({"id": "hasil-2", "text": ARTICLE}) + "\n")
    assert _docs(iter_inputs([root], exclude=exclude)) == ["a", "hasil", "tambahan"]
    assert len(_docs(iter_inputs([root]))) == 7  # without exclusions: everything (out/ walked once)


def test_binary_formats_are_refused_by_their_signature_whatever_the_name(tmp_path):
    """A PDF with uncompressed streams is mostly printable: refused by its magic, not taken
    as an article; the same for a .docx or an OLE .doc named .txt (issue 20, finding 8)."""
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n4 0 obj\n<< /Length 80 >>\nstream\n"
        b"BT /F1 12 Tf 72 712 Td (Banjir merendam rumah warga di Kelurahan Talise, Kota Palu.) Tj ET\n"
        b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    (tmp_path / "laporan.txt").write_bytes(pdf)
    (tmp_path / "laporan.html").write_bytes(pdf)
    (tmp_path / "surat.txt").write_bytes(b"PK\x03\x04\x14\x00\x06\x00word/document.xml" + b"Banjir Palu " * 40)
    (tmp_path / "lama.txt").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Banjir Palu " * 40)
    (tmp_path / "bzh.txt").write_text("BZh, kata warga, " + ARTICLE, encoding="utf-8")  # text, not bzip2
    items = list(iter_inputs([tmp_path]))
    assert _docs(items) == ["bzh"]
    assert _errors(items, tmp_path) == [
        ("lama.txt", "binary file (an OLE2 document (.doc, .xls, .ppt, .msg), not text)"),
        ("laporan.html", "binary file (a PDF document, not text)"),
        ("laporan.txt", "binary file (a PDF document, not text)"),
        ("surat.txt", "binary file (a ZIP archive (or a .docx, .xlsx, .odt, .epub), not text)"),
    ]


def test_a_million_bad_lines_cost_counts_not_memory():
    """Skip reasons are counted by kind, with a bounded number of examples; each one is still
    reported to ``on_error`` (issue 20, finding 8: 1M bad lines cost 1.3 GB)."""
    import tracemalloc

    from linimasa.jobs.inputs import read_inputs
    from linimasa.jobs.summary import MAX_SKIPPED_EXAMPLES, RunSummary

    n = 40_000
    body = b"".join(b"{bad %d\n" % i if i % 2 else b"[%d]\n" % i for i in range(n))
    body += json.dumps({"id": "baik", "text": ARTICLE}).encode() + b"\n"
    summary = RunSummary()
    reported = []
    tracemalloc.start()
    try:
        docs = list(read_inputs(["-"], summary, stdin=io.BytesIO(body), on_error=lambda s, r: reported.append(1)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.id for d in docs] == ["baik"]
    assert summary.skipped_count == len(reported) == n
    assert len(summary.skipped) == MAX_SKIPPED_EXAMPLES and summary.skipped[0] == (
        "<stdin>:1",
        "line is a list in JSON, not an object",
    )
    assert summary.skip_kinds == {"line is a list in JSON, not an object": n // 2, "line is not valid JSON": n // 2}
    assert summary.to_json()["skipped_count"] == n and len(summary.to_json()["skipped"]) == MAX_SKIPPED_EXAMPLES
    assert peak < 2_000_000 + len(body), peak  # the body itself and 1,000 examples; not 40,000 reasons
