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

from linimasa.model import RawDocument
from linimasa.readers.text import NotText, decode_text, normalize_text

MAX_KEPT_HTML_CHARS = 2_000_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LANG_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Legacy ISO 639 codes browsers and CMSs still emit.
_LEGACY_LANG = {"in": "id", "iw": "he", "ji": "yi"}


class NoArticle(ValueError):
    """The page holds no article text that Trafilatura could find."""


def _codec(name: str | bytes | None) -> str | None:
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(data: bytes, declared_charset: str | None = None) -> str:
    """The text of an HTML page: BOM, then the HTTP charset, then ``<meta charset>``, then detection.

    A declared charset is used only if the bytes decode with it; pages that lie about
    their charset (common) fall through to UTF-8 and then to :func:`decode_text`'s rules.
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
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"  # browsers treat Latin-1 and ASCII labels as windows-1252 (WHATWG)
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    try:
        return decode_text(data)[0]
    except NotText:
        return data.decode("utf-8", errors="replace")


def normalize_lang(value: str | None) -> str | None:
    """``"id-ID"`` -> ``"id"``, ``"in"`` -> ``"id"``; None for what is not a language tag."""
    if not value:
        return None
    match = _LANG_TAG.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    return _LEGACY_LANG.get(code, code)


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
    published = page_published(copy.deepcopy(tree))
    lang = page_lang(tree)
    canonical = page_url(tree)
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
        if extracted.title:
            meta["html_title"] = extracted.title.strip()
        if extracted.sitename:
            meta["html_outlet"] = extracted.sitename.strip()
        if extracted.author:
            meta["html_author"] = extracted.author.strip()
    if not text.strip():
        raise NoArticle("no article text found in the page")
    if published:
        meta["html_published"] = published
    if lang:
        meta["html_lang"] = lang
    return RawDocument(
        id=doc_id,
        text=text,
        source=source,
        url=canonical or url,
        html=html if len(html) < MAX_KEPT_HTML_CHARS else None,
        meta=meta,
    )
