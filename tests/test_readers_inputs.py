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
