"""Generated corpora for the trust tests (bad input, faults, fuzzing): realistic small
Indonesian news articles written by the tests themselves, in every input format.

Each article is built from templates with varying places, people, numbers and dates, so
no two documents are alike (no duplicates merge them) and the whole corpus is
deterministic for a seed. Nothing here is copied from /work/shared.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CITIES = [
    "Palu", "Kendari", "Manado", "Ambon", "Jayapura", "Kupang", "Mataram", "Padang", "Jambi", "Bengkulu",
    "Pontianak", "Samarinda", "Banjarmasin", "Palembang", "Medan", "Pekanbaru", "Serang", "Cirebon", "Malang",
    "Madiun", "Blitar", "Tegal", "Garut", "Sukabumi", "Bogor", "Depok", "Bekasi", "Kudus", "Jepara", "Solo",
]  # fmt: skip
PEOPLE = [
    "Andi Saputra", "Rina Kartikasari", "Budi Hartono", "Siti Rahmawati", "Yusuf Maulana", "Dewi Lestari",
    "Hendra Gunawan", "Maria Ulfa", "Agus Setiawan", "Nur Hidayah", "Fajar Nugroho", "Lina Marlina",
]  # fmt: skip
ROLES = ["Kepala Dinas Kesehatan", "Wali Kota", "Kepala BPBD", "Kapolres", "Camat", "Kepala Dinas Pendidikan"]
TOPICS = [
    ("banjir", "Banjir merendam {n} rumah warga di {city} setelah hujan deras sejak {day}."),
    ("kebakaran", "Kebakaran menghanguskan {n} kios di Pasar Sentral {city} pada {day}."),
    ("demam berdarah", "Kasus demam berdarah di {city} naik menjadi {n} kasus sejak {day}."),
    ("jalan rusak", "Sebanyak {n} titik jalan rusak di {city} mulai diperbaiki sejak {day}."),
    ("vaksinasi", "Vaksinasi campak di {city} menjangkau {n} anak sejak {day}."),
    ("panen", "Petani di {city} memanen padi di lahan seluas {n} hektare pada {day}."),
]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]


def article(i: int, rng: random.Random) -> dict:
    """One article: ``{id, title, text, published, outlet, url}`` (text has a lead, quotes, dates)."""
    city = rng.choice(CITIES)
    person = rng.choice(PEOPLE)
    role = rng.choice(ROLES)
    topic, lead = rng.choice(TOPICS)
    year = rng.choice([2022, 2023, 2024, 2025])
    month = rng.randint(1, 12)
    dom = rng.randint(1, 28)
    n = rng.randint(12, 4800) + i
    day = f"{rng.choice(DAYS)} ({dom}/{month})"
    outlet = rng.choice(["Kabar Timur", "Warta Nusa", "Suara Pesisir", "Harian Lembah"])
    text = "\n".join(
        [
            f"{city} ({outlet}) - " + lead.format(n=n, city=city, day=day),
            f'"Kami sudah menurunkan {n % 97 + 3} petugas ke lapangan sejak pagi," kata {role} {city}, '
            f"{person}, di {city}, {rng.choice(DAYS)} ({dom}/{month}/{year}).",
            f"Menurut {person.split()[0]}, warga diminta tetap waspada hingga akhir pekan depan. "
            f"Laporan ke-{i} ini dicatat pada {dom} {_MONTHS[month - 1]} {year}.",
            f"Pemerintah Kota {city} menyiapkan anggaran Rp {n * 3} juta untuk penanganan {topic}.",
        ]
    )
    return {
        "id": f"doc-{i:04d}",
        "title": f"{topic.title()} di {city}: laporan {i}",
        "text": text,
        "published": f"{year}-{month:02d}-{dom:02d}",
        "outlet": outlet,
        "url": f"https://{outlet.lower().replace(' ', '')}.example/berita/{i}",
    }


_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
    "November", "Desember",
]  # fmt: skip


def html_page(a: dict) -> str:
    paras = "".join(f"<p>{p}</p>" for p in a["text"].split("\n"))
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{a["title"]}</title>'
        f'<meta property="og:site_name" content="{a["outlet"]}">'
        f'<meta property="article:published_time" content="{a["published"]}T08:00:00+07:00">'
        f'<link rel="canonical" href="{a["url"]}"></head><body><nav><a href="/">Beranda</a></nav>'
        f"<article><h1>{a['title']}</h1>{paras}</article><footer>Hak cipta dilindungi</footer></body></html>"
    )


def warc_bytes(pages: list[tuple[str, str]], extra_non_html: bool = True, ctype: str = "text/html") -> bytes:
    """A gzipped WARC of HTTP responses ``(uri, html)`` (plus a robots.txt response)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    items = [(uri, f"{ctype}; charset=utf-8", html.encode("utf-8")) for uri, html in pages]
    if extra_non_html:
        items.append(("https://kabartimur.example/robots.txt", "text/plain", b"User-agent: *\nDisallow: /\n"))
    for uri, ctype, body in items:
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
        )
        rec = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        writer.write_record(rec)
    return buf.getvalue()


def write_corpus(folder: Path, n: int = 300, seed: int = 7) -> dict[str, dict]:
    """Write ``n`` articles into ``folder`` in varied formats; returns ``{expected id: article}``.

    Formats: ~40% ``.txt`` (UTF-8, some cp1252 / UTF-16), ~15% ``.html``, ~35% JSON Lines
    (several files), ~10% one ``.warc.gz`` (ids are the target URIs).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict] = {}
    jsonl: dict[int, list[str]] = {}
    warc: list[tuple[str, str]] = []
    for i in range(n):
        a = article(i, rng)
        kind = i % 20
        if kind < 8:
            name = a["id"]
            enc = "utf-8" if kind < 6 else ("cp1252" if kind == 6 else "utf-16")
            body = f"{a['title']}\n\n{a['text']}\n"
            (folder / f"{name}.txt").write_bytes(body.encode(enc))
            expected[name] = a
        elif kind < 11:
            (folder / f"{a['id']}.html").write_text(html_page(a), encoding="utf-8")
            expected[a["id"]] = a
        elif kind < 18:
            jsonl.setdefault(i % 4, []).append(json.dumps(a, ensure_ascii=False))
            expected[a["id"]] = a
        else:
            warc.append((a["url"], html_page(a)))
            expected[a["url"]] = a
    for k, lines in jsonl.items():
        (folder / f"kiriman-{k}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if warc:
        (folder / "arsip.warc.gz").write_bytes(warc_bytes(warc))
    return expected


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
