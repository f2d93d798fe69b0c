"""WARC reader: HTML responses become documents; requests, non-HTML and redirects do not."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from linimasa.model import RawDocument
from linimasa.readers import ReadError, iter_inputs


def article(title: str, lead: str, date: str) -> bytes:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Kabar Selat">
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a></nav><article><h1>{title}</h1>
<p>{lead}</p>
<p>Kepala Dinas Perhubungan, Yusran Effendi, mengatakan jadwal penyeberangan akan dievaluasi setiap pekan.
"Keselamatan penumpang tetap yang utama," kata Yusran kepada wartawan.</p>
<p>Sebelumnya, cuaca buruk sempat menunda tiga keberangkatan kapal pada akhir pekan lalu.</p>
</article><footer>Hak cipta Kabar Selat 2024</footer></body></html>""".encode()


PAGES = [
    (
        "https://kabarselat.example/2024/05/02/kapal-batam",
        article(
            "Kapal Batam-Tanjung Pinang Tambah Jadwal",
            "Batam - Operator kapal menambah jadwal penyeberangan Batam-Tanjung Pinang mulai Kamis (2/5/2024).",
            "2024-05-02",
        ),
    ),
    (
        "https://kabarselat.example/2024/05/03/pelabuhan-kijang",
        article(
            "Pelabuhan Kijang Dibenahi",
            "Bintan - Pemerintah daerah membenahi dermaga Pelabuhan Kijang di Kabupaten Bintan, Jumat (3/5).",
            "2024-05-03",
        ),
    ),
]


def write_warc(path: Path, gzipped: bool) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        for uri, body in PAGES:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "kabarselat.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=req))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://kabarselat.example/foto.jpg",
                "response",
                payload=io.BytesIO(b"\xff\xd8\xff\xe0"),
                http_headers=img,
            )
        )
        moved = StatusAndHeaders(
            "301 Moved Permanently", [("Content-Type", "text/html"), ("Location", "/baru")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                "https://kabarselat.example/lama",
                "response",
                payload=io.BytesIO(b"<html>moved</html>"),
                http_headers=moved,
            )
        )


def check_docs(items: list) -> None:
    assert all(isinstance(i, RawDocument) for i in items), items
    assert [d.id for d in items] == [uri for uri, _ in PAGES]
    first = items[0]
    assert first.url == PAGES[0][0]
    assert first.text.startswith("Batam - Operator kapal menambah jadwal")
    assert "Beranda" not in first.text and "Hak cipta" not in first.text
    assert first.meta["html_title"] == "Kapal Batam-Tanjung Pinang Tambah Jadwal"
    assert first.meta["html_published"] == "2024-05-02"
    assert first.meta["warc_target_uri"] == PAGES[0][0]
    assert "#record" in first.source


def test_plain_warc(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(path, gzipped=False)
    check_docs(list(iter_inputs([path])))


def test_gzipped_warc(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzipped=True)
    check_docs(list(iter_inputs([path])))


def test_warc_detected_by_content_under_another_name(tmp_path):
    path = tmp_path / "unduhan.bin"
    write_warc(path, gzipped=True)
    assert len(list(iter_inputs([path]))) == 2


def test_truncated_warc_gz_yields_good_records_then_one_error(tmp_path):
    full = tmp_path / "full.warc.gz"
    write_warc(full, gzipped=True)
    data = full.read_bytes()
    # cut in the middle of the second response record (the 4th gzip member)
    members = [i for i in range(len(data) - 1) if data[i : i + 3] == b"\x1f\x8b\x08"]
    cut = (members[3] + members[4]) // 2
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:cut])
    items = list(iter_inputs([path]))
    assert isinstance(items[0], RawDocument) and items[0].id == PAGES[0][0]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(errors) == 1 and len(items) == 2
    assert errors[0].source.startswith(f"{path}#record ")
    assert "truncated" in errors[0].reason or "could not read" in errors[0].reason


def test_not_a_warc_despite_the_name(tmp_path):
    path = tmp_path / "palsu.warc.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"ini hanya teks biasa, bukan arsip web\n" * 20)
    (err,) = list(iter_inputs([path]))
    assert isinstance(err, ReadError) and err.source.startswith(str(path))


def test_a_record_without_target_uri_is_reported_and_the_later_records_read(tmp_path):
    """warcio failed inside its iterator on a response with no ``WARC-Target-URI``, which
    ended the archive there: now that record is reported and the next ones read (issue 20,
    finding 8)."""
    for gzipped in (False, True):
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gzipped)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        for n, (uri, body) in enumerate([PAGES[0], ("https://kabarselat.example/tanpa-uri", PAGES[1][1]), PAGES[1]]):
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
            if n == 1:
                record.rec_headers.remove_header("WARC-Target-URI")
            writer.write_record(record)
        path = tmp_path / ("tanpa-uri.warc.gz" if gzipped else "tanpa-uri.warc")
        path.write_bytes(buf.getvalue())
        items = list(iter_inputs([path]))
        assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "RawDocument"], items
        assert [items[0].id, items[2].id] == [PAGES[0][0], PAGES[1][0]]
        assert items[1] == ReadError(
            f"{path}#record 2", "response record without a WARC-Target-URI (a header WARC requires); not read"
        )


def test_a_binary_payload_declared_html_is_not_an_article(tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    pdf = b"%PDF-1.4\nBT (Kapal Batam-Tanjung Pinang Tambah Jadwal, kata operator kapal di Batam.) Tj ET\n%%EOF\n"
    writer.write_record(writer.create_warc_record(PAGES[0][0], "response", payload=io.BytesIO(pdf), http_headers=http))
    path = tmp_path / "pdf.warc.gz"
    path.write_bytes(buf.getvalue())
    (err,) = list(iter_inputs([path]))
    assert err == ReadError(f"{path}#record 1", f"binary payload (a PDF document), not HTML ({PAGES[0][0]})")
