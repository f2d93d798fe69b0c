"""The limits of what a request may name, shared by the JSON API (``api/``), the web page
(``web/``), the store's paginated lists and the readers' renaming of ids no path could name.

One definition, below all of them: the page and query bounds, the id pattern and length, the
printable-text pattern. Constants only; nothing of linimasa is imported here.
"""

from __future__ import annotations

MAX_PAGE = 10_000
MAX_PER_PAGE = 200
# Printable text only: NUL and other control characters never name anything in the store.
SAFE_TEXT = r"^[^\x00-\x1f\x7f]*$"
ID_PATTERN = r"^[^\x00-\x1f\x7f]+$"
MAX_ID = 512
MAX_QUERY = 500
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# A language filter (the API's ?lang=, export's --lang): a language tag as feeds, browsers and locales write
# it ("id", "ID", "id-ID", "id_ID", "in", "es-419"), read as the input's `lang` is (readers.html.normalize_lang)
LANG_PATTERN = r"^[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*$"
MAX_LANG = 16
# A kept input field's name that a filter can ask for (--meta, ?meta.KEY=): printable, no double
# quote or backslash (it is quoted in a JSON path), at most 100 characters. The readers keep no
# other name (store.meta_filter asks with it).
META_KEY_PATTERN = r'^[^\x00-\x1f\x7f"\\]{1,100}$'
