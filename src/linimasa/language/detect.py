"""Language identification, offline.

py3langid (a maintained fork of langid.py) ships its model inside the wheel, needs no
download, classifies ~1,500 articles a second, and covers 97 languages, so a text in an
unsupported language is named as what it is ("fr") rather than forced into id/en.
"""

from __future__ import annotations

import regex

_LETTERS = regex.compile(r"\p{L}")
# Language identification cost grows with the text; 1,500 characters decide as well as the
# whole article (on the 3,463 IndoSum articles, 1,200 and 3,000 characters give the same
# answer for every one; 800 flip five to Malay or English) at half the cost of 3,000.
SAMPLE_CHARS = 1500


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is too little text."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTERS.findall(sample[:400])) < 3:
        return None
    import py3langid

    code, _score = py3langid.classify(sample)
    return str(code)
