"""atheris harness: arbitrary bytes through every reader (by file name), see fuzz/README.md.

Invariant: only RawDocument or ReadError come out, and a document's text encodes as UTF-8,
holds no NUL and is within the article size limit.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from linimasa.model import RawDocument
    from linimasa.readers import ReadError, read_file
    from linimasa.readers.inputs import MAX_TEXT_CHARS

NAMES = ["a.txt", "a.html", "a.jsonl", "a.json", "a.warc", "a.warc.gz", "a.jsonl.gz", "a"]
DIR = Path(tempfile.mkdtemp(prefix="linimasa-atheris-"))


def one(data: bytes) -> None:
    if not data:
        return
    path = DIR / NAMES[data[0] % len(NAMES)]
    path.write_bytes(data[1:])
    for item in read_file(path):
        if isinstance(item, ReadError):
            continue
        assert isinstance(item, RawDocument)
        assert item.text.strip() and "\x00" not in item.text and len(item.text) <= MAX_TEXT_CHARS
        item.text.encode("utf-8")


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
