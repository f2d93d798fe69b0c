"""atheris harness: arbitrary text through cleaning, the temporal grammar and the whole
per-document pipeline, see fuzz/README.md.

Invariants: no stage raises, every annotation's offsets match the text, and every full date
in a TIMEX3 value is a real calendar date.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

import atheris

with atheris.instrument_imports():
    from linimasa.model import Document, RawDocument
    from linimasa.pipeline import default_stages
    from linimasa.time import tag

STAGES = default_stages()
FULL_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})")


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    lang = ["id", "en"][fdp.ConsumeIntInRange(0, 1)]
    anchor = dt.date(2000, 1, 1) + dt.timedelta(days=fdp.ConsumeIntInRange(0, 12000))
    text = fdp.ConsumeUnicodeNoSurrogates(4000)
    for t in tag(text, lang, anchor):
        assert text[t.start : t.end] == t.text, t
        for y, m, d in FULL_DATE.findall(t.value or ""):
            dt.date(int(y), int(m), int(d))
    if not text.strip():
        return
    doc = Document.from_raw(RawDocument(id="f", text=text, source="fuzz"))
    for stage in STAGES:  # called directly: the pipeline would turn an exception into a warning
        doc = stage(doc)
    assert doc.check_offsets() == [], doc.check_offsets()


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
