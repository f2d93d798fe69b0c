"""Duplicates: exact copies, wire copies with other boilerplate, light edits; never mere topic overlap."""

from __future__ import annotations

import random

from test_corpus_helpers import make_doc

from linimasa.corpus.duplicates import DuplicateStage
from linimasa.pipeline import CorpusResult

WIRE = (
    "Pemerintah Provinsi Jawa Tengah menetapkan status tanggap darurat banjir selama 14 hari setelah hujan deras "
    "merendam ribuan rumah di Kabupaten Demak dan Kudus. Kepala Badan Penanggulangan Bencana Daerah Jawa Tengah "
    "mengatakan lebih dari 8.000 warga mengungsi ke balai desa, sekolah dan masjid. Tanggul Sungai Wulan jebol "
    "sepanjang 50 meter pada Rabu malam sehingga air masuk ke permukiman di tujuh kecamatan. Petugas gabungan "
    "dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dan anak-anak menggunakan perahu karet. Dapur "
    "umum didirikan di empat titik untuk memenuhi kebutuhan makan para pengungsi. Pemerintah pusat mengirim "
    "bantuan logistik berupa selimut, tenda dan makanan siap saji."
)


def run(docs):
    return {d.id: d.duplicate_of for d in DuplicateStage()(CorpusResult(documents=docs)).documents}


def corpus():
    original = make_doc("antara-1", "SEMARANG (ANTARA) - " + WIRE, "2024-03-14")
    # the same wire text re-posted by another outlet with its own boilerplate, a day later
    repost = make_doc(
        "portal-7",
        "Semarang, Portal Berita - " + WIRE + "\n\nBaca juga: Harga beras naik jelang Ramadan\n\nEditor: Budi",
        "2024-03-15",
    )
    # a lightly edited copy: two words changed and a sentence dropped
    edited = make_doc(
        "blog-3",
        WIRE.replace("ribuan rumah", "ribuan rumah warga").replace(
            "Dapur umum didirikan di empat titik untuk memenuhi kebutuhan makan para pengungsi. ", ""
        ),
        "2024-03-16",
    )
    exact = make_doc("mirror-9", "semarang (antara)  -  " + WIRE.upper(), "2024-03-17")
    other = make_doc(
        "other-2",
        "Banjir juga melanda Kabupaten Grobogan setelah hujan deras sejak Selasa. Bupati Grobogan meminta warga "
        "di bantaran sungai waspada karena debit air terus naik. Sebanyak 300 warga mengungsi ke gedung sekolah "
        "dan bantuan logistik mulai disalurkan oleh pemerintah kabupaten bersama relawan setempat.",
        "2024-03-14",
    )
    return [original, repost, edited, exact, other]


def test_copies_point_at_the_earliest_member():
    got = run(corpus())
    assert got["portal-7"] == "antara-1"
    assert got["blog-3"] == "antara-1"
    assert got["mirror-9"] == "antara-1"
    assert got["antara-1"] is None


def test_same_topic_is_not_a_duplicate():
    assert run(corpus())["other-2"] is None


def test_input_order_does_not_matter():
    expected = run(corpus())
    for seed in range(4):
        shuffled = corpus()
        random.Random(seed).shuffle(shuffled)
        assert run(shuffled) == expected


def test_earliest_by_date_not_by_input_position():
    docs = corpus()
    docs[0].published = "2024-03-20"  # the ANTARA copy is now the latest
    got = run(docs)
    assert got["antara-1"] == "portal-7"
    assert got["portal-7"] is None


def test_empty_texts_are_not_duplicates_of_each_other():
    a = make_doc("a", "", "2024-01-01")
    b = make_doc("b", "", "2024-01-01")
    assert run([a, b]) == {"a": None, "b": None}
