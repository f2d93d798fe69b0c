"""Language knowledge: one folder per language (``lang/<code>/``, data files) and the code that
reads it (:mod:`.packs`) or stems its words (:mod:`.stemmers`, :mod:`.sastrawi`).

The supported languages are the folders present (:func:`linimasa.lang.packs.languages`):
adding a language is adding a folder (``docs/languages.md``).
"""
