"""Build the demo corpus's WARC archive from the HTML pages kept in ``warc_sources/``.

The archive (``corpus/arsip-web.warc.gz``) is committed, so ``linimasa demo`` needs no
build step; this script exists so the archive can be regenerated after a page is edited.
It writes what a crawler writes for each page: a ``request`` record and an HTTP
``response`` record, plus one ``robots.txt`` response that is not HTML, so the demo also
shows the reader passing over records that are not articles. Record ids, dates and the
gzip members are fixed, so rebuilding from the same pages gives the same bytes.

    python -m linimasa.demo.build_warc [--out PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "warc_sources"
DEFAULT_OUT = HERE / "corpus" / "arsip-web.warc.gz"

# (source file, target URI, crawl time): the crawl comes some hours or days after publication.
PAGES: tuple[tuple[str, str, str], ...] = (
    (
        "festival-kopi-gayo-2023.html",
        "https://lintasgayo.example/2023/10/16/festival-kopi-gayo-2023-dipadati-pengunjung",
        "2023-10-17T02:11:45Z",
    ),
    (
        "mensos-konawe-utara.html",
        "https://kabartimur.example/nasional/mensos-kunjungi-pengungsi-banjir-konawe-utara",
        "2025-01-16T09:40:12Z",
    ),
    (
        "ri-vietnam-nusa-dua-2025.html",
        "https://beritadewata.example/internasional/indonesia-vietnam-teken-mou-patroli-perikanan",
        "2025-02-19T01:03:27Z",
    ),
)
ROBOTS = ("https://kabartimur.example/robots.txt", "2025-01-16T09:40:10Z", b"User-agent: *\nDisallow: /cari\n")


def _record_id(uri: str, kind: str) -> str:
    digest = hashlib.sha1(f"{kind} {uri}".encode()).hexdigest()
    return f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}>"


def _write_exchange(writer: WARCWriter, uri: str, when: str, content_type: str, body: bytes) -> None:
    host = uri.split("/")[2]
    path = "/" + uri.split("/", 3)[3] if uri.count("/") >= 3 else "/"
    request = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", host), ("User-Agent", "linimasa-demo-crawler/1.0"), ("Accept", "text/html")],
        is_http_request=True,
    )
    writer.write_record(
        writer.create_warc_record(
            uri,
            "request",
            payload=io.BytesIO(b""),
            http_headers=request,
            warc_headers_dict={"WARC-Date": when, "WARC-Record-ID": _record_id(uri, "request")},
        )
    )
    response = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    writer.write_record(
        writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=response,
            warc_headers_dict={"WARC-Date": when, "WARC-Record-ID": _record_id(uri, "response")},
        )
    )


def build(out: Path = DEFAULT_OUT, sources: Path = SOURCES) -> Path:
    """Write the demo WARC to ``out`` and return its path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        uri, when, body = ROBOTS
        _write_exchange(writer, uri, when, "text/plain", body)
        for name, uri, when in PAGES:
            _write_exchange(writer, uri, when, "text/html; charset=utf-8", (sources / name).read_bytes())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the .warc.gz")
    args = parser.parse_args()
    path = build(args.out)
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(PAGES)} pages)")


if __name__ == "__main__":
    main()
