"""A document's ``lang`` as the output contract has it: an ISO 639-1 code, or ``und``.

py3langid names most of its languages by their ISO 639-1 code, but some by an ISO 639-3 code
(``ary`` Moroccan Arabic, ``yue`` Cantonese, ``pcm`` Nigerian Pidgin, ``zxx`` "no linguistic
content"), and inputs may give three-letter codes (``ind``, ``eng``). A three-letter code becomes
the ISO 639-1 code of the same language (CLDR's aliases, which Babel ships: ``ind`` -> ``id``) or of
the macrolanguage it belongs to (ISO 639-3's macrolanguage table, for the codes py3langid gives:
``ary`` -> ``ar``, ``yue`` -> ``zh``). A language with no ISO 639-1 code (``pcm``, ``ace``,
``zxx``) is written ``und`` (undetermined, the code written for too little text: the contract's
``lang`` holds two-letter codes only), with a warning naming the code (docs/languages.md).
"""

from __future__ import annotations

from functools import cache

UNKNOWN = "und"

# Individual languages py3langid identifies whose macrolanguage has an ISO 639-1 code
# (ISO 639-3 macrolanguage mappings): the languages of the others have none.
_MACROLANGUAGE = {
    "ary": "ar",  # Moroccan Arabic
    "arz": "ar",  # Egyptian Arabic
    "fuv": "ff",  # Nigerian Fulfulde
    "gug": "gn",  # Paraguayan Guarani
    "ltg": "lv",  # Latgalian
    "sdh": "ku",  # Southern Kurdish
    "uzs": "uz",  # Southern Uzbek
    "wuu": "zh",  # Wu Chinese
    "yue": "zh",  # Cantonese
}


@cache
def _aliases() -> dict[str, str]:
    from babel.core import get_global  # (a dependency already; CLDR's language aliases)

    return dict(get_global("language_aliases"))


@cache
def _names() -> frozenset[str]:
    from babel import Locale

    return frozenset(Locale("en").languages)  # (CLDR's language codes: every ISO 639-1 code, and more)


def is_language(code: str) -> bool:
    """Whether ``code`` (two or three letters, any case) names a language: a code CLDR knows (every
    ISO 639-1 code, and ISO 639-2/3 codes such as ``pcm``, ``zxx``) or one of its aliases (``ind``);
    not ``xx`` or ``qqq``."""
    code = code.strip().lower()
    return code in _names() or code in _aliases() or code in _MACROLANGUAGE


def iso639_1(code: str) -> str | None:
    """The ISO 639-1 code of the language ``code`` names (two or three letters, any case), or None
    when it has none (or is not a language code)."""
    code = code.strip().lower()
    if len(code) == 2 and code.isascii() and code.isalpha():
        alias = _aliases().get(code, code).split("_")[0]  # (``sh``, ``jw``: the code CLDR writes)
        if len(alias) == 2 and alias in _names():
            return alias
        return code if code in _names() else None  # (``tl``: CLDR's alias is ``fil``)
    if len(code) != 3 or not (code.isascii() and code.isalpha()):
        return None
    for _ in range(3):  # (an alias may name another three-letter code that has one)
        if code in _MACROLANGUAGE:
            return _MACROLANGUAGE[code]
        alias = _aliases().get(code)
        if alias is None:
            return None
        code = alias.split("_")[0].lower()
        if len(code) == 2:
            return code
    return None
