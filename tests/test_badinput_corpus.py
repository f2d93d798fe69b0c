"""Bad input from the open web, end to end: a corpus of 40+ kinds of broken, hostile or odd
inputs (generated here) mixed with good articles goes through ``linimasa run`` as a
subprocess. Every good document must come out analysed, every bad one must be reported
once on stderr with its source and reason and counted in the summary, the exit code must
be 3, memory must stay bounded (a 200 MB single-line file included) and the store must
pass SQLite's integrity check.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from fixtures_trust import gz, html_page, warc_bytes
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BIG = 200 * 1024 * 1024  # the "200 MB single-line file"
MAX_RSS_MB = 1500  # the whole run, 200 MB files included, stays well under this

LEAD = "Palu (Kabar Timur) - Banjir merendam {n} rumah warga di Kelurahan Talise, Kota Palu, sejak Rabu (1/5/2024)."
BODY = (
    '"Kami sudah mengerahkan {m} petugas dan dua perahu karet," kata Kepala BPBD Kota Palu, Andi Saputra, '
    "di Palu, Kamis (2/5/2024). Warga diminta waspada hingga pekan depan."
)


def good_text(n: int) -> str:
    return LEAD.format(n=n) + "\n" + BODY.format(m=n % 50 + 3)


def _inner(text: str) -> bytes:
    """``text`` as the inside of a JSON string literal."""
    return json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")


def _jsonl(*objs: object) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)


def build(root: Path) -> tuple[dict[str, dict], list[tuple[str, str, str]], set[str]]:
    """Write the corpus; return (good ids -> expectations, bad (kind, source, reason pattern), kinds tried).

    ``source`` is the exact source a skipped item must be reported with (path, ``path:line``
    or ``path#record N``); the reason pattern is a regex the message must match.
    """
    c = root / "corpus"
    c.mkdir()
    good: dict[str, dict] = {}
    bad: list[tuple[str, str, str]] = []
    kinds: set[str] = set()

    def g(kind: str, doc_id: str, **expect: object) -> None:
        kinds.add(kind)
        good[doc_id] = expect

    def b(kind: str, source: Path | str, reason: str) -> None:
        kinds.add(kind)
        bad.append((kind, str(source), reason))

    # -- plain text: encodings that must be decoded, and files that are not text ---------------
    (c / "utf8.txt").write_text(good_text(1), encoding="utf-8")
    g("plain UTF-8 (control)", "utf8", contains="Talise")
    (c / "utf16-bom.txt").write_bytes(good_text(2).encode("utf-16"))
    g("UTF-16 with BOM", "utf16-bom", contains="Talise")
    (c / "utf8-bom-crlf.txt").write_bytes(b"\xef\xbb\xbf" + good_text(3).replace("\n", "\r\n").encode())
    g("UTF-8 BOM with CRLF", "utf8-bom-crlf", contains="Talise", no="\r")
    (c / "mixed-eol.txt").write_bytes(good_text(4).encode().replace(b"\n", b"\r") + b"\r\nKota Palu siaga.\n\rAkhir.")
    g("mixed CR/CRLF/LF line ends", "mixed-eol", contains="Talise", no="\r")
    (c / "cp1252.txt").write_bytes(("\u201cBanjir\u201d \u2013 " + good_text(5)).encode("cp1252"))
    g("cp1252 text", "cp1252", contains="\u201cBanjir\u201d \u2013")
    (c / "latin1.txt").write_bytes(("Caf\xe9 na\xefve r\xe9sum\xe9. " + good_text(6)).encode("latin-1"))
    g("Latin-1 text", "latin1", contains="Caf\xe9 na\xefve")
    (c / "invalid-utf8.txt").write_bytes(good_text(7).encode() + b" \xff\xfe\xc3(")
    g("invalid UTF-8 bytes in a .txt", "invalid-utf8", contains="Talise")
    (c / "thai.txt").write_text(
        "กรุงเทพฯ น้ำท่วมหนักในหลายเขตเมื่อวันพุธ ประชาชนหลายพันคนต้องอพยพไปยังศูนย์พักพิงชั่วคราว เจ้าหน้าที่เตือนว่าฝนจะตกหนักต่อไปอีกสามวัน",
        encoding="utf-8",
    )
    g("Thai text (unsupported language)", "thai", lang="th")
    (c / "russian.txt").write_text(
        "Сильное наводнение затопило несколько районов города в среду. Тысячи жителей были эвакуированы "
        "во временные убежища, а спасатели предупредили о новых ливнях в ближайшие три дня.",
        encoding="utf-8",
    )
    g("Russian text (unsupported language)", "russian", lang="ru")
    (c / "one-char.txt").write_text("a", encoding="utf-8")
    g("a text of one character", "one-char")
    (c / "only-boilerplate.txt").write_text(
        "Baca juga: Banjir Palu Meluas ke Tiga Kecamatan\nBaca juga: Warga Talise Mengungsi\n", encoding="utf-8"
    )
    g("only boilerplate", "only-boilerplate", text="")
    (c / "impossible-dates.txt").write_text(
        good_text(8) + "\nRapat digelar Kamis (31/2) dan diundur ke 30 Februari 20235, lalu ke 45/13/2024.",
        encoding="utf-8",
    )
    g("impossible dates in the text", "impossible-dates", contains="31/2")
    (c / "empty.txt").write_bytes(b"")
    b("empty file", c / "empty.txt", r"file is empty")
    (c / "blank.txt").write_bytes(b" \n\t\r\n  \n")
    b("whitespace-only file", c / "blank.txt", r"empty")
    (c / "nul.txt").write_bytes(b"\x00" * 4096)
    b("NUL-only file", c / "nul.txt", r"binary")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    (c / "picture.txt").write_bytes(png)
    b("PNG renamed .txt", c / "picture.txt", r"binary")
    (c / "bom-nul.txt").write_bytes(b"\xef\xbb\xbf" + b"Banjir\x00\x00\x00di\x00Palu\x00" * 50)
    b("BOM followed by NULs", c / "bom-nul.txt", r"binary")
    (c / "random.bin").write_bytes(bytes((i * 7919 + 13) % 256 for i in range(20000)))
    b("random bytes, unknown extension", c / "random.bin", r"unsupported file type")
    (c / "big-single-line.txt").write_bytes(b"a" * BIG)
    b("200 MB single-line .txt", c / "big-single-line.txt", r"too large for one article")
    with (c / "big-line.jsonl").open("wb") as fh:
        fh.write(_jsonl({"id": "before-big", "text": good_text(9)}).encode())
        fh.write(b'{"id": "huge", "text": "')
        chunk = b"banjir " * (1 << 17)
        for _ in range(BIG // len(chunk)):
            fh.write(chunk)
        fh.write(b'"}\n')
        fh.write(_jsonl({"id": "after-big", "text": good_text(10)}).encode())
    g("good line before a 200 MB line", "before-big", contains="Talise")
    g("good line after a 200 MB line", "after-big", contains="Talise")
    b("200 MB single JSON line", f"{c / 'big-line.jsonl'}:2", r"line too long")
    long_text = ("Banjir melanda kota lagi dan warga mengungsi ke masjid terdekat. " * 9000).strip()
    (c / "too-long.jsonl").write_text(_jsonl({"id": "too-long", "text": long_text}), encoding="utf-8")
    b("an article text over the length limit", f"{c / 'too-long.jsonl'}:1", r"text too long")

    # -- HTML ----------------------------------------------------------------------------------
    (c / "page.html").write_text(html_page(_article("page", 11)), encoding="utf-8")
    g("HTML page (control)", "page", contains="Talise")
    (c / "unclosed.html").write_text(
        "<html><head><title>Banjir Palu</title><body><div><p>" + good_text(12).replace("\n", "<p>") + "<div><span><b>",
        encoding="utf-8",
    )
    g("unclosed HTML", "unclosed", contains="Talise")
    (c / "lying-charset.html").write_bytes(
        ('<html><head><meta charset="shift_jis"></head><body><article><p>' + good_text(13) + " Caf\xe9.</p>"
         "</article></body></html>").encode("cp1252")
    )  # fmt: skip
    g("HTML with a wrong charset declaration", "lying-charset", contains="Talise")
    (c / "deep.html").write_text(
        "<html><body>" + "<div>" * 10000 + "<p>" + good_text(14) + "</p>" + "</div>" * 10000 + "</body></html>"
    )
    b("HTML nested 10,000 levels deep", c / "deep.html", r"no article text")
    (c / "scripts.html").write_text(
        "<!DOCTYPE html><html><head><script>var a=1;</script></head><body>"
        + "<script>document.write('x')</script>" * 50
        + "<style>p{}</style></body></html>"
    )
    b("HTML with only scripts", c / "scripts.html", r"no article text")
    (c / "empty.html").write_bytes(b"")
    b("empty HTML file", c / "empty.html", r"empty")
    (c / "page-as.txt").write_text(html_page(_article("page-as", 15)), encoding="utf-8")
    g("a whole HTML page named .txt", "page-as", contains="Talise")

    # -- JSON Lines and JSON -------------------------------------------------------------------
    jl = c / "kiriman.jsonl"
    lines = [
        {"id": "jl-good", "text": good_text(16), "published": "2024-05-02", "outlet": "Kabar Timur"},
        "{broken json",
        [1, 2, 3],
        {"id": "jl-42", "text": 42},
        {"id": "jl-none", "title": "tanpa teks"},
        {"id": "jl-empty", "text": "   "},
        {"id": {"nested": 1}, "url": "https://kabartimur.example/b/1", "text": good_text(17)},
        {"id": "jl-feb31", "text": good_text(18), "published": "31/02/2024"},
        {"id": "jl-y20235", "text": good_text(19), "published": "20235-01-01"},
        {"id": "jl-types", "text": good_text(20), "title": ["a"], "outlet": 7, "lang": 3, "url": False},
        {"id": "jl-html", "html": html_page(_article("jl-html", 21))},
        {"id": "jl-bad-html", "html": "<script>x()</script>"},
        "null",
        '"just a string"',
    ]
    with jl.open("wb") as fh:
        for item in lines:
            fh.write((item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)).encode() + b"\n")
        fh.write(b'{"id": "jl-surrogate", "text": "Banjir \\ud800 di Palu. ' + _inner(good_text(22)) + b'"}\n')
        fh.write(b'{"id": "jl-latin1", "text": "Caf\xe9 ' + _inner(good_text(23)) + b'"}\n')
        fh.write(b'{"id": "jl-nul", "text": "Banjir\\u0000 di Palu. ' + _inner(good_text(24)) + b'"}\n')
        fh.write(b'{"id": "jl-cut", "text": "Banjir di Pal')  # the file ends in the middle of a line
    g("JSONL control line", "jl-good", published="2024-05-02", outlet="Kabar Timur")
    b("JSONL broken line", f"{jl}:2", r"not valid JSON")
    b("JSONL line that is an array", f"{jl}:3", r"a list in JSON, not an object")
    b("JSONL text: 42", f"{jl}:4", r"'text' is a number")
    b("JSONL missing text", f"{jl}:5", r"neither a 'text' nor an 'html'")
    b("JSONL empty text", f"{jl}:6", r"'text' is empty")
    g("JSONL id as an object", "https://kabartimur.example/b/1", warning="field 'id'")
    g("JSONL published 31/02/2024", "jl-feb31", not_published_from="input", warning="published")
    g("JSONL published year 20235", "jl-y20235", not_published_from="input", warning="published")
    g("JSONL optional fields wrongly typed", "jl-types", title=None, warning="field 'title'")
    g("JSONL html field", "jl-html", contains="Talise")
    b("JSONL html field with no article", f"{jl}:12", r"no article text|not parseable as HTML")
    b("JSONL line that is null", f"{jl}:13", r"null in JSON")
    b("JSONL line that is a string", f"{jl}:14", r"str in JSON|a str|not an object")
    g("JSONL unpaired surrogate escape", "jl-surrogate", contains="\ufffd", warning="surrogate")
    b("JSONL line that is not UTF-8", f"{jl}:16", r"not valid UTF-8")
    g("JSONL NUL character in text", "jl-nul", contains="Banjir di Palu", no="\x00")
    b("JSONL file cut in the middle of a line", f"{jl}:18", r"not valid JSON")
    (c / "array.json").write_text(
        json.dumps([{"id": "arr-1", "text": good_text(25)}, 5, {"id": "arr-3", "text": good_text(26)}], indent=1)
    )
    g(".json array of objects", "arr-1", contains="Talise")
    good["arr-3"] = {"contains": "Talise"}
    b(".json array holding a number", f"{c / 'array.json'}#record 2", r"a number in JSON")
    (c / "truncated.json").write_text('[{"id": "t1", "text": "Banjir di Palu"}, {"id": ')
    b(".json truncated", c / "truncated.json", r"neither JSON Lines nor a JSON document")
    (c / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + _jsonl({"id": "bom-jsonl", "text": good_text(27)}).encode())
    g("JSONL with a BOM", "bom-jsonl", contains="Talise")
    (c / "cut.jsonl.gz").write_bytes(
        gz(_jsonl(*({"id": f"gz-{i}", "text": good_text(100 + i)} for i in range(60))).encode())[:-300]
    )
    g("gzipped JSONL cut short (good lines first)", "gz-0", contains="Talise")
    for doc_id in _complete_gz_lines(c / "cut.jsonl.gz")[1:]:
        good[doc_id] = {"contains": "Talise"}
    b("gzipped JSONL cut short", c / "cut.jsonl.gz", r"compressed file is truncated or corrupt")

    # -- WARC ----------------------------------------------------------------------------------
    pages = [(f"https://kabartimur.example/w/{i}", html_page(_article(f"w{i}", 30 + i))) for i in range(4)]
    (c / "ok.warc.gz").write_bytes(warc_bytes(pages[:2]))
    g("WARC response (control)", pages[0][0], contains="Talise")
    good[pages[1][0]] = {"contains": "Talise"}
    whole = warc_bytes(pages[2:], extra_non_html=False)
    (c / "cut.warc.gz").write_bytes(whole[: len(whole) - 200])
    g("truncated .warc.gz (records before the cut)", pages[2][0], contains="Talise")
    b("truncated .warc.gz", f"{c / 'cut.warc.gz'}#record 2", r"truncated")
    (c / "not-warc.warc.gz").write_bytes(gz(b"this is a plain text file, gzipped\n" * 10))
    b("gzip that is not a WARC, named .warc.gz", c / "not-warc.warc.gz", r"not a WARC archive")
    (c / "stuff.gz").write_bytes(gz(b"\x00\x01\x02 binary" * 50))
    b("gzip of binary data, unknown extension", c / "stuff.gz", r"unsupported file type")
    (c / "non-html.warc.gz").write_bytes(
        warc_bytes([("https://kabartimur.example/w/pdf", "%PDF-1.4 not html")], ctype="application/pdf")
    )
    kinds.add("WARC holding only non-HTML responses (passed over silently: not articles)")
    (c / "empty.warc").write_bytes(b"")
    b("empty .warc", c / "empty.warc", r"no WARC record|empty")

    # -- the file system -----------------------------------------------------------------------
    os.symlink("loop-b.txt", c / "loop-a.txt")
    os.symlink("loop-a.txt", c / "loop-b.txt")
    b("symlink loop", c / "loop-a.txt", r"symbolic link")
    bad.append(("symlink loop", str(c / "loop-b.txt"), r"symbolic link"))
    os.symlink("does-not-exist.txt", c / "dangling.txt")
    b("dangling symlink", c / "dangling.txt", r"broken symbolic link")
    (c / "sub").mkdir()
    os.symlink("..", c / "sub" / "up")  # a folder loop: walked once
    kinds.add("symlinked folder loop (walked once)")
    (c / "x.txt").mkdir()
    (c / "x.txt" / "inside.txt").write_text(good_text(40), encoding="utf-8")
    g("a folder named x.txt", "inside", contains="Talise")
    os.mkfifo(c / "pipe.txt")
    b("a FIFO named .txt (would block a naive reader)", c / "pipe.txt", r"not a regular file")
    (c / "same-id").mkdir()
    (c / "same-id" / "utf8.txt").write_text(good_text(41), encoding="utf-8")
    g("two files with the same id", "utf8~2", contains="Talise")
    # a file named as a renamed id (issue 20): walked in sorted order, same-id/utf8.txt is "utf8",
    # same-id-renamed/utf8~2.txt "utf8~2", and the root utf8.txt (was a second "utf8~2") "utf8~3"
    (c / "same-id-renamed").mkdir()
    (c / "same-id-renamed" / "utf8~2.txt").write_text(good_text(42), encoding="utf-8")
    g("a file named as a renamed id (x, x, x~2)", "utf8~3", contains="Talise")
    _issue_20(root, c, g, b)
    return good, bad, kinds


DEEP_FOLDERS = 990


def _issue_20(root: Path, c: Path, g, b) -> None:
    """The kinds found by attacking linimasa as a hostile user would (issue 20, findings 3, 6 and 8)."""
    # JSON valid but no article: each costs its own line, the lines after it are read
    deep = c / "deep-lines.jsonl"
    with deep.open("w", encoding="utf-8") as fh:
        fh.write(_jsonl({"id": "before-deep", "text": good_text(60)}))
        fh.write('{"id": "deep", "text": "Banjir", "x": ' + "[" * 600 + "]" * 600 + "}\n")
        fh.write('{"id": "big-int", "text": "Banjir", "n": ' + "7" * 5000 + "}\n")
        fh.write("[" * 5000 + "]" * 5000 + "\n")
        fh.write(_jsonl({"id": "after-deep", "text": good_text(61)}))
    g("good line before a JSON line nested 600 deep", "before-deep", contains="Talise")
    g("good lines after JSON lines nested too deep or holding a huge integer", "after-deep", contains="Talise")
    b("JSON line nested 600 deep (valid JSON)", f"{deep}:2", r"^JSON nested too deep")
    b("JSON line with a 5,000-digit integer", f"{deep}:3", r"^integer too long \(5,000 digits")
    b("JSON line nested 5,000 deep (past Python's recursion limit)", f"{deep}:4", r"^JSON nested too deep")

    # a folder nested 990 deep (the walk recursed: RecursionError for the whole run)
    folder = c / "deep"
    for _ in range(DEEP_FOLDERS):
        folder = folder / "d"
        folder.mkdir(parents=True)
    (folder / "deepest.txt").write_text(good_text(62), encoding="utf-8")
    g("an article in a folder nested 990 deep", "deepest", contains="Talise")

    # <meta charset> labels that are no encoding for HTML, on UTF-8 pages: read as UTF-8
    for label in ("rot13", "base64", "hex", "utf-16"):
        page = html_page(_article(f"charset-{label}", 63)).replace("Talise", "Talis\xe9 \u201cbesar\u201d")
        page = re.sub(r"<meta charset=[^>]*>", "", page).replace("<head>", f'<head><meta charset="{label}">', 1)
        (c / f"charset-{label}.html").write_bytes(page.encode("utf-8"))
        g(f"UTF-8 page declaring <meta charset={label}>", f"charset-{label}", contains="Talis\xe9 \u201cbesar\u201d")

    # symbolic links leading out of the input folder: not followed
    outside = root / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "shadow").write_text("root:$6$garam$hash:19000:0:99999:7:::\n" + good_text(64), encoding="utf-8")
    (outside / "folder" / "secret.txt").write_text(good_text(65), encoding="utf-8")
    os.symlink(outside / "shadow", c / "link-shadow.txt")
    b("symlink to a file outside the input folder", c / "link-shadow.txt", r"^symbolic link leading outside the input")
    os.symlink(outside / "folder", c / "link-folder")
    b("symlink to a folder outside the input folder", c / "link-folder", r"^symbolic link leading outside the input")

    # terminal escape codes in a file name: printed escaped
    (c / "esc-\x1b]0;owned\x07\x1b[31m.txt").write_bytes(b"")
    b("file name with terminal escape codes", f"{c}/esc-\\x1b]0;owned\\x07\\x1b[31m.txt", r"^file is empty")

    # binary formats named .txt, found by their signature
    pdf = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n4 0 obj << /Length 90 >>\nstream\n"
        + ("BT /F1 12 Tf 72 712 Td (" + good_text(66) + ") Tj ET\n").encode("latin-1", "replace")
        + b"endstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    (c / "report-pdf.txt").write_bytes(pdf)
    b("PDF with uncompressed streams named .txt", c / "report-pdf.txt", r"^binary file \(a PDF document")
    (c / "letter-docx.txt").write_bytes(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + good_text(67).encode())
    b("a .docx (ZIP) named .txt", c / "letter-docx.txt", r"^binary file \(a ZIP archive")

    # a WARC response without WARC-Target-URI between two good ones
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    for n in range(3):
        uri = f"https://kabartimur.example/no-uri/{n}"
        body = html_page(_article(f"no-uri-{n}", 68 + n)).encode("utf-8")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        if n == 1:
            record.rec_headers.remove_header("WARC-Target-URI")
        else:
            g("WARC records after one without WARC-Target-URI" if n else "WARC record before it", uri)
        writer.write_record(record)
    (c / "no-uri.warc.gz").write_bytes(buf.getvalue())
    b("WARC response without WARC-Target-URI", f"{c / 'no-uri.warc.gz'}#record 2", r"without a WARC-Target-URI")


def _remove_deep_folders(corpus: Path) -> None:
    """Bottom up: pytest's clean-up of old temporary folders (``shutil.rmtree``) recurses."""
    folder = corpus / "deep"
    for _ in range(DEEP_FOLDERS):
        folder = folder / "d"
    while folder != corpus:
        for entry in os.scandir(folder):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
        os.rmdir(folder)
        folder = folder.parent


def _complete_gz_lines(path: Path) -> list[str]:
    """Ids of the lines Python's gzip hands out before a truncated stream fails."""
    ids = []
    try:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                ids.append(json.loads(line)["id"])
    except EOFError:
        pass
    return ids


def _article(doc_id: str, n: int) -> dict:
    return {
        "id": doc_id,
        "title": f"Banjir Palu {n}",
        "text": good_text(n),
        "published": "2024-05-02",
        "outlet": "Kabar Timur",
        "url": f"https://kabartimur.example/a/{doc_id}",
    }


_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
    "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(r.returncode)"
)


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("badinput")
    good, bad, kinds = build(root)
    # the outputs and the store inside the input folder: never read as inputs (issue 20, finding 6)
    out, db = root / "corpus" / "out", root / "corpus" / "store.db"
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "linimasa", "run", str(root / "corpus")]
    proc = subprocess.run(
        [*cmd, "--out", str(out), "--db", str(db), "--quiet"], capture_output=True, text=True, timeout=300
    )
    for big in ("big-single-line.txt", "big-line.jsonl"):
        (root / "corpus" / big).unlink()  # 400 MB of temporary files: not kept
    try:
        yield {"proc": proc, "good": good, "bad": bad, "kinds": kinds, "out": out, "db": db, "corpus": root / "corpus"}
    finally:
        _remove_deep_folders(root / "corpus")


def test_at_least_30_kinds(bad_run) -> None:
    assert len(bad_run["kinds"]) >= 30, sorted(bad_run["kinds"])
    assert len({k for k, _, _ in bad_run["bad"]}) >= 30


def test_exit_code_3_and_summary_counts(bad_run) -> None:
    proc = bad_run["proc"]
    assert proc.returncode == 3, proc.stderr[-3000:]
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("linimasa run:"))
    m = re.search(r"(\d+) documents read .* (\d+) skipped", line)
    assert m, line
    assert int(m.group(1)) == len(bad_run["good"]), line
    assert int(m.group(2)) == len(bad_run["bad"]), (line, proc.stderr[-3000:])


def test_every_bad_item_reported_once_with_source_and_reason(bad_run) -> None:
    lines = [ln for ln in bad_run["proc"].stderr.splitlines() if ln.startswith("skipped ")]
    assert len(lines) == len(bad_run["bad"]), "\n".join(lines)
    for kind, source, reason in bad_run["bad"]:
        hits = [ln for ln in lines if ln.startswith(f"skipped {source}: ")]
        assert len(hits) == 1, (kind, source, hits)
        assert re.search(reason, hits[0][len(f"skipped {source}: ") :]), (kind, hits[0])
    assert "Traceback" not in bad_run["proc"].stderr
    assert "\x1b" not in bad_run["proc"].stderr and "\x07" not in bad_run["proc"].stderr  # (escaped file names)


def test_every_good_document_processed(bad_run) -> None:
    docs = {}
    for line in (bad_run["out"] / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        assert d["id"] not in docs, d["id"]
        docs[d["id"]] = d
    assert set(docs) == set(bad_run["good"])
    for doc_id, expect in bad_run["good"].items():
        d = docs[doc_id]
        for key in ("timexes", "entities", "quotes"):
            for a in d[key]:
                assert d["text"][a["start"] : a["end"]] == a["text"], (doc_id, a)
        for a in d["timexes"]:
            assert not re.match(r"\d{4}-02-3\d", a["value"] or ""), (doc_id, a)  # no 31 February
            assert not re.match(r"\d{5}", a["value"] or ""), (doc_id, a)
        if "contains" in expect:
            assert expect["contains"] in d["text"], (doc_id, d["text"][:200])
        if "no" in expect:
            assert expect["no"] not in d["text"], doc_id
        if "text" in expect:
            assert d["text"] == expect["text"], doc_id
        for key in ("lang", "published", "outlet", "title"):
            if key in expect:
                assert d[key] == expect[key], (doc_id, key, d[key])
        if d["published"]:
            date.fromisoformat(d["published"][:10])  # a real date, whatever the input said
        if "not_published_from" in expect:
            assert d["published_from"] != expect["not_published_from"], (doc_id, d["published"])
        if "warning" in expect:
            assert any(expect["warning"] in w for w in d["warnings"]), (doc_id, d["warnings"])


def test_memory_stays_bounded(bad_run) -> None:
    m = re.search(r"MAXRSS_KB (\d+)", bad_run["proc"].stderr)
    assert m and int(m.group(1)) < MAX_RSS_MB * 1024, m and int(m.group(1)) // 1024


def test_store_is_sound_and_holds_every_good_document(bad_run) -> None:
    con = sqlite3.connect(bad_run["db"])
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in con.execute("SELECT id FROM documents")}
    finally:
        con.close()
    assert ids == set(bad_run["good"])


def test_rerun_changes_nothing_and_reports_the_same(bad_run, tmp_path) -> None:
    """The same command again: nothing is re-analysed, the same items are skipped (exit 3 again),
    and the first run's outputs and store, inside the input folder, are not read."""
    corpus = bad_run["corpus"]
    proc = subprocess.run(
        [sys.executable, "-m", "linimasa", "run", str(corpus), "--out", str(bad_run["out"]), "--db", str(bad_run["db"])]
        + ["--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 3, proc.stderr[-2000:]
    n_good = len(bad_run["good"]) - 2  # big-line.jsonl (with its two good lines) was removed too
    assert f"({0} analysed, {n_good} unchanged)" in proc.stdout, proc.stdout
    expected_bad = len(bad_run["bad"]) - 2  # the two 200 MB files were removed after the first run
    assert f"{expected_bad} skipped" in proc.stdout, proc.stdout
