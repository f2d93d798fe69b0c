"""``annotate --out`` never destroys an input (issue 20, finding 6, attacked again).

``linimasa annotate feed.jsonl --out feed.jsonl`` skipped the input (``an output of this
run``) and then wrote its output over it: the user's file became empty, exit 3. The same
through a symbolic link or a hard link to the input, and with ``annotate corpus --out
corpus/feed.jsonl`` (the file left out of the walk as the run's own output, then replaced).
Now such a command is refused before anything is read or written (exit 2, one ``error:``
line), and the file is intact; an earlier ``annotate`` output inside the input folder is
still replaced by a re-run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_cli import ARTICLE_1, ARTICLE_2, linimasa, read_jsonl

FEED = "".join(json.dumps({"id": f"j{i}", "text": text}) + "\n" for i, text in enumerate([ARTICLE_1, ARTICLE_2]))


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(FEED, encoding="utf-8")
    (corpus / "a.txt").write_text(ARTICLE_1, encoding="utf-8")
    return corpus


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink", "folder", "folder-txt"])
def test_annotate_out_naming_an_input_is_refused(tmp_path: Path, how: str) -> None:
    corpus = _corpus(tmp_path)
    feed = corpus / "feed.jsonl"
    inputs, out = [str(feed)], feed
    if how == "symlink":
        out = tmp_path / "link.jsonl"
        out.symlink_to(feed)
    elif how == "hardlink":
        out = tmp_path / "hard.jsonl"
        os.link(feed, out)
    elif how == "folder":
        inputs = [str(corpus)]
    elif how == "folder-txt":
        inputs, out = [str(corpus)], corpus / "a.txt"
    before = out.read_bytes()
    res = linimasa("annotate", *inputs, "--out", str(out), "-q")
    assert res.returncode == 2, (res.returncode, res.stderr)
    assert "error:" in res.stderr and "destroy" in res.stderr and "Traceback" not in res.stderr
    assert out.read_bytes() == before and feed.read_text(encoding="utf-8") == FEED


def test_an_earlier_annotate_output_in_the_input_folder_is_replaced(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    long_text = " ".join([ARTICLE_2.replace("\n", " ")] * 600)  # its line is longer than 64 KB
    (corpus / "0long.txt").write_text(long_text, encoding="utf-8")
    for _ in range(2):
        res = linimasa("annotate", str(corpus), "--out", str(corpus / "annotated.jsonl"), "-q")
        assert res.returncode == 0, res.stderr
        assert [d["id"] for d in read_jsonl(corpus / "annotated.jsonl")] == ["0long", "a", "j0", "j1"]
    (corpus / "empty.jsonl").write_bytes(b"")  # an empty file holds nothing to lose
    res = linimasa("annotate", str(corpus / "a.txt"), "--out", str(corpus / "empty.jsonl"), "-q")
    assert res.returncode == 0, res.stderr
