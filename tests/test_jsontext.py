"""The JSON text of outputs and stored objects: orjson, with the standard library for what it refuses."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SEEDS

from linimasa.jobs.stages import default_stages
from linimasa.jsontext import dumps, loads
from linimasa.model import Document, RawDocument
from linimasa.pipeline import Pipeline


def test_a_real_document_reads_back_as_the_standard_library_reads_it(shared_dir) -> None:
    """An analysed seed article: compact UTF-8 text that ``json.loads`` reads as the same
    object, and that reads back to the same document."""
    path = sorted(SEEDS.glob("*.txt"))[0]
    raw = RawDocument(id="seed", source=path.name, text=path.read_text(encoding="utf-8"))
    doc = Pipeline(default_stages()).process(Document.from_raw(raw))
    obj = doc.to_json()
    text = dumps(obj)
    assert json.loads(text) == obj == loads(text)
    assert text == json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    assert Document.from_json(loads(text)).to_json() == obj
    assert obj["entities"] and any(ord(c) > 127 for c in text) is any(ord(c) > 127 for c in doc.text)


def test_what_orjson_refuses_goes_through_the_standard_library() -> None:
    big = {"n": 2**70, "s": "kata"}
    assert loads(dumps(big)) == big
    assert dumps({1: "a"}) == '{"1":"a"}'
    assert loads('{"score": NaN}')["score"] != loads('{"score": NaN}')["score"]  # NaN, as before
    assert loads(b'{"a": [1, 2.5, null, "\\u00e9"]}') == {"a": [1, 2.5, None, "é"]}


def test_parse_input_raises_only_value_errors() -> None:
    """Untrusted JSON (input lines, request bodies): the standard library's value, or a
    ``ValueError`` saying why; never ``RecursionError`` (issue 20, finding 3)."""
    from linimasa.jsontext import InputLimitError, parse_input

    assert parse_input('{"a": [1, 2.5, "x", null], "n": 123456789012345678901234567890}') == {
        "a": [1, 2.5, "x", None],
        "n": 123456789012345678901234567890,
    }
    assert parse_input(b'{"s": "\\ud800"}') == {"s": "\ud800"}  # as json.loads reads it
    for text, reason in (
        ("[" * 200 + "]" * 200, "JSON nested too deep"),
        ("[" * 100_000, "JSON nested too deep"),
        ('{"a":' * 5000 + "1" + "}" * 5000, "JSON nested too deep"),
        ("-" + "9" * 4301, "integer too long (4,301 digits; at most 4,300)"),
    ):
        with pytest.raises(InputLimitError, match=re.escape(reason)):
            parse_input(text)
    with pytest.raises(json.JSONDecodeError):
        parse_input("{not json")
