"""HTML pages to raw documents: main text and metadata with Trafilatura, date with htmldate.

Trafilatura finds the article body (dropping navigation, footers, share widgets, comment
boxes) and the page metadata (title, site name); htmldate finds the publication date from
the markup only (``extensive_search`` off, so it never guesses from dates that merely
appear in the text, and ``max_date`` today, so never a future date). The date is given as
``meta["html_published"]``, metadata the cleaning stage may still overrule.

The raw HTML is kept in ``RawDocument.html`` only when it is under
:data:`MAX_KEPT_HTML_CHARS`, so a reader streaming a large WARC does not hold big pages.
"""

from __future__ import annotations

import codecs
import copy
import re
from datetime import date
from typing import Any

import htmldate
import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from linimasa.lang.codes import iso639_1
from linimasa.model import RawDocument
from linimasa.readers.text import NotText, decode_text, normalize_text, utf16_without_bom

MAX_KEPT_HTML_CHARS = 2_000_000
MAX_META_CHARS = 2048
"""Longest title, site name, author or URL taken from a page: the limit the API's
``InputDocument`` schema sets for the same fields (``title``, ``outlet``, ``url``). A
longer value is ignored with a warning, as an over-long field of a JSON input is refused:
without this bound a page's ``<meta property="og:site_name">`` or canonical link carried
a field of megabytes past the schema limit (into every search page listing it)."""
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LANG_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Legacy ISO 639 codes browsers and CMSs still emit.
_LEGACY_LANG = {"in": "id", "iw": "he", "ji": "yi"}


class NoArticle(ValueError):
    """The page holds no article text that Trafilatura could find."""


# The WHATWG Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels),
# which are what browsers accept in a charset declaration, mapped to Python codecs. Anything
# else (``rot13``, ``base64``, ``hex``, ``utf-7``, a typo) is not an encoding for HTML and is
# ignored, as a browser ignores it. The "replacement" labels (ISO-2022-KR/CN, HZ), which a
# browser decodes to one U+FFFD, are ignored too: the page is then decoded as if undeclared.
_WHATWG: dict[str, tuple[str, ...]] = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    "cp866": ("866", "cp866", "csibm866", "ibm866"),
    "iso8859-2": ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                  "iso_8859-2:1987", "l2", "latin2"),
    "iso8859-3": ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                  "iso_8859-3:1988", "l3", "latin3"),
    "iso8859-4": ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                  "iso_8859-4:1988", "l4", "latin4"),
    "iso8859-5": ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                  "iso_8859-5", "iso_8859-5:1988"),
    "iso8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                  "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                  "iso_8859-6", "iso_8859-6:1987"),
    "iso8859-7": ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
                  "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"),
    "iso8859-8": ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                  "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual",
                  "csiso88598i", "iso-8859-8-i", "logical"),
    "iso8859-10": ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"),
    "iso8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "iso8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "iso8859-15": ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"),
    "iso8859-16": ("iso-8859-16",),
    "koi8-r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8-u": ("koi8-ru", "koi8-u"),
    "mac-roman": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "cp874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    "cp1250": ("cp1250", "windows-1250", "x-cp1250"),
    "cp1251": ("cp1251", "windows-1251", "x-cp1251"),
    # Latin-1 and ASCII labels are windows-1252 for a browser; so is x-user-defined in a <meta>
    "cp1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
               "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
               "us-ascii", "windows-1252", "x-cp1252", "x-user-defined"),
    "cp1253": ("cp1253", "windows-1253", "x-cp1253"),
    "cp1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
               "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"),
    "cp1255": ("cp1255", "windows-1255", "x-cp1255"),
    "cp1256": ("cp1256", "windows-1256", "x-cp1256"),
    "cp1257": ("cp1257", "windows-1257", "x-cp1257"),
    "cp1258": ("cp1258", "windows-1258", "x-cp1258"),
    "mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    "gb18030": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "gb18030"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "euc_jp": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso2022_jp": ("csiso2022jp", "iso-2022-jp"),
    "cp932": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"),
    "cp949": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
              "ksc5601", "ksc_5601", "windows-949"),
    # UTF-16 declared by a page that is not UTF-16 (an ASCII-compatible page, as every page a
    # <meta> can be read from is) means UTF-8, for a browser and here
    "utf-16": ("unicodefffe", "utf-16be", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff",
               "utf-16", "utf-16le"),
}  # fmt: skip
_LABELS = {label: codec for codec, labels in _WHATWG.items() for label in labels}


def _codec(name: str | bytes | None) -> str | None:
    """The Python codec of a charset label, as a browser reads it; None for what is no HTML encoding."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    return _LABELS.get(name.strip(" \t\n\f\r\"'").lower())


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """The text of an HTML page: BOM, then the HTTP charset, then ``<meta charset>``, then detection.

    Charset labels are read as a browser reads them (the WHATWG labels; others ignored, and
    UTF-16 on a page that is not UTF-16 taken as UTF-8). A declared charset is used only if
    the bytes decode with it; pages that lie about their charset (common) fall through to
    UTF-8 and then to :func:`decode_text`'s rules.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    match = _META_CHARSET.search(data[:4096])
    for name in (declared_charset, match.group(1) if match else None, "utf-8"):
        codec = _codec(name)
        if codec is None:
            continue
        if codec == "utf-16":
            codec = utf16_without_bom(data) or "utf-8"
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    try:
        return decode_text(data)[0]
    except NotText:
        return data.decode("utf-8", errors="replace")


def normalize_lang(value: str | None) -> str | None:
    """``"id-ID"`` -> ``"id"``, ``"in"`` -> ``"id"``, ``"ind"`` -> ``"id"``; None for what is not a language tag."""
    if not value:
        return None
    match = _LANG_TAG.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    code = _LEGACY_LANG.get(code, code)
    # a three-letter code of a language that has an ISO 639-1 code is that code ("ind" -> "id");
    # one without stays as it is (the language stage writes "und" and says why)
    return iso639_1(code) or code if len(code) == 3 else code


def _first(tree: HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xp in xpaths:
        for value in tree.xpath(xp):
            value = str(value).strip()
            if value:
                return value
    return None


def page_url(tree: HtmlElement) -> str | None:
    """The canonical URL the page declares (``<link rel=canonical>``, then ``og:url``)."""
    url = _first(
        tree,
        (
            "//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href",
            "//meta[@property='og:url']/@content",
            "//meta[@name='og:url']/@content",
        ),
    )
    return url if url and url.startswith(("http://", "https://")) else None


def page_lang(tree: HtmlElement) -> str | None:
    """The language the page declares (``<html lang>``, Content-Language, ``og:locale``)."""
    return normalize_lang(
        _first(
            tree,
            (
                "/html/@lang",
                "/html/@xml:lang",
                "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content",
                "//meta[@property='og:locale']/@content",
            ),
        )
    )


def page_published(tree: HtmlElement) -> str | None:
    """Publication date (``YYYY-MM-DD``) from the page markup, never later than today."""
    try:
        return htmldate.find_date(
            tree,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=date.today().isoformat(),
        )
    except Exception:  # htmldate on odd markup must not lose the article
        return None


def _drop_title_line(text: str, title: str | None) -> str:
    """Trafilatura sometimes keeps the headline as the first line; the title lives in meta."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if first.strip().casefold() == title.strip().casefold():
        return rest.lstrip("\n")
    return text


def html_document(html: str, *, doc_id: str, source: str, url: str | None = None) -> RawDocument:
    """A :class:`RawDocument` for one HTML page; raises :class:`NoArticle` when there is no text.

    ``url`` is a known address (a WARC target URI); the page's canonical URL wins over it.
    """
    tree = load_html(html)
    if tree is None:
        raise NoArticle("not parseable as HTML")
    meta: dict[str, Any] = {}
    warnings: list[str] = []

    def bounded(value: str | None, what: str) -> str | None:
        value = value.strip() if value else None
        if value and len(value) > MAX_META_CHARS:
            warnings.append(f"page {what} of {len(value):,} characters ignored (at most {MAX_META_CHARS:,})")
            return None
        return value or None

    published = page_published(copy.deepcopy(tree))
    lang = page_lang(tree)
    canonical = bounded(page_url(tree), "canonical URL")
    url = bounded(url, "URL")
    extracted = trafilatura.bare_extraction(
        tree,
        url=canonical or url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        deduplicate=False,
        date_extraction_params={"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"},
    )
    text = normalize_text(extracted.text or "") if extracted is not None else ""
    if extracted is not None:
        text = _drop_title_line(text, extracted.title)
        for key, value, what in (
            ("html_title", extracted.title, "title"),
            ("html_outlet", extracted.sitename, "site name"),
            ("html_author", extracted.author, "author"),
        ):
            kept = bounded(value, what)
            if kept:
                meta[key] = kept
    if not text.strip():
        raise NoArticle("no article text found in the page")
    if published:
        meta["html_published"] = published
    if lang:
        meta["html_lang"] = lang
    if warnings:
        meta["warnings"] = warnings
    return RawDocument(
        id=doc_id,
        text=text,
        source=source,
        url=canonical or url,
        html=html if len(html) < MAX_KEPT_HTML_CHARS else None,
        meta=meta,
    )
