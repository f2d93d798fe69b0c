"""Duplicates: exact copies, wire copies with other boilerplate, light edits; never mere topic overlap."""

from __future__ import annotations

import random
import zlib

from test_corpus_helpers import make_doc

from linimasa.corpus.duplicates import DuplicateStage, normalised_tokens, shingles
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


def _pairs_by_bucket(stage: DuplicateStage, items, texts) -> dict[str, list[str]]:
    """What the Spark engine computes: candidate pairs per LSH bucket, confirmed on the shingles."""
    skip = stage.exact_roots(items)
    buckets: dict = {}
    for it in items:
        if it.id in skip or it.minhash is None:
            continue
        for b in stage.band_keys(it):
            buckets.setdefault(b, []).append((it.key, it.id))
    sh = {i: shingles(normalised_tokens(t), stage.shingle_size) for i, t in texts.items()}
    confirmed: dict[str, set[str]] = {}
    for members in buckets.values():
        members.sort()
        for k, (_, a) in enumerate(members):
            for _, b in members[k + 1 :]:
                if stage.confirmed(sh[a], sh[b]):
                    confirmed.setdefault(b, set()).add(a)
    return {b: sorted(a) for b, a in confirmed.items()}


def test_pairs_form_equals_lsh_index_on_real_articles(indosum_path):
    """The all-pairs form (candidate pairs by bucket, then one pass) groups exactly as the LSH index.

    Real IndoSum texts with exact re-posts, edited copies and copies of copies, so that
    chains and groups of several members are covered.
    """
    import json

    rng = random.Random(5)
    rows = [json.loads(line) for line in indosum_path.read_text(encoding="utf-8").splitlines()[:150]]
    docs = []
    for k, r in enumerate(rows):
        day = f"2017-0{1 + k % 9}-1{k % 10}"
        docs.append(make_doc(f"a{k}", r["text"], day))
        words = r["text"].split()
        if k % 4 == 0:
            docs.append(make_doc(f"a{k}-copy", r["text"], day))
        if k % 3 == 0:
            edited = [w for w in words if rng.random() > 0.08]
            docs.append(make_doc(f"a{k}-edit", " ".join(edited), day))
            if k % 6 == 0:
                docs.append(make_doc(f"a{k}-edit2", " ".join(w for w in edited if rng.random() > 0.1), None))
    stage = DuplicateStage()
    items = [stage.item(d) for d in docs]
    texts = {d.id: d.text for d in docs}
    lsh = stage.find_items(items, lambda i: shingles(normalised_tokens(texts[i]), stage.shingle_size))
    pairs = stage.find_from_pairs(items, _pairs_by_bucket(stage, items, texts))
    assert pairs == lsh
    assert len(lsh) >= 50 and len(set(lsh.values())) < len(lsh)  # groups with several copies


def test_signature_equals_datasketch_minhash(indosum_path):
    """``minhash_signature`` gives the hash values datasketch's ``MinHash.update_batch`` gives
    (its seeded "affine32" permutations, crc32 of each shingle hash), on real articles and edge cases."""
    import json

    from datasketch import MinHash

    from linimasa.corpus.duplicates import minhash_signature

    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:400]
    token_lists = [normalised_tokens(json.loads(line)["text"]) for line in lines]
    token_lists += [
        ["satu"],
        ["dua", "kata"],
        "ini hanya empat kata".split(),
        "Ça été élève Jörg Müller".lower().split(),
    ]
    for num_perm in (64, 128):
        template = MinHash(num_perm=num_perm, seed=1)
        for tokens in token_lists:
            hashes = shingles(tokens, 5)
            mh = MinHash(
                num_perm=num_perm, permutations=template.permutations, scheme=template.scheme, hashfunc=zlib.crc32
            )
            mh.update_batch([h.to_bytes(4, "little") for h in hashes])
            assert minhash_signature(hashes, num_perm).tobytes() == mh.hashvalues.tobytes()
    assert minhash_signature(set(), 64).tobytes() == MinHash(num_perm=64, seed=1).hashvalues.tobytes()


def test_band_layout_equals_datasketch():
    """The LSH band layout is the one datasketch's ``MinHashLSH`` chooses (it integrates with
    scipy), for thresholds from 0.05 to 0.95 and 16 to 256 permutations."""
    from datasketch import MinHashLSH

    from linimasa.corpus.duplicates import _bands

    compared = 0
    for num_perm in (16, 64, 100, 256):
        for threshold in [k / 20 for k in range(1, 20)]:
            try:
                lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            except ValueError:  # datasketch refuses layouts of one band
                continue
            assert _bands(threshold, num_perm) == (lsh.b, lsh.r), (threshold, num_perm)
            compared += 1
    assert compared >= 70


def test_lsh_index_candidates_equal_datasketch(indosum_path):
    """The dictionary LSH index finds, for every query, the keys datasketch's ``MinHashLSH``
    (same threshold, same number of permutations) returns, on real articles and edited copies."""
    import json

    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from linimasa.corpus.duplicates import _LshIndex

    rng = random.Random(11)
    texts = [json.loads(line)["text"] for line in indosum_path.read_text(encoding="utf-8").splitlines()[:300]]
    texts += [" ".join(w for w in t.split() if rng.random() > 0.05) for t in texts[:120]]
    stage = DuplicateStage()
    items = [stage.item(make_doc(f"d{k}", t, None)) for k, t in enumerate(texts)]
    ours = _LshIndex(stage, lambda _i: set())
    theirs = MinHashLSH(threshold=stage.lsh_threshold, num_perm=stage.num_perm)
    t = MinHash(stage.num_perm, seed=1)

    def minhash(item):
        values = np.frombuffer(item.minhash, dtype=t.hashvalues.dtype)
        return MinHash(
            stage.num_perm, permutations=t.permutations, scheme=t.scheme, hashfunc=zlib.crc32, hashvalues=values
        )

    hits = 0
    for k, it in enumerate(items):
        assert set(ours.candidates(it)) == set(theirs.query(minhash(it)))
        hits += bool(theirs.query(minhash(it)))
        if k < 300 and k % 3:  # two thirds of the originals enter the index, as group starters do
            ours.add(it)
            theirs.insert(it.id, minhash(it))
    assert hits >= 60  # edited copies find their originals


def test_vectorised_crc32_equals_zlib():
    """The table-driven CRC-32 of the signature's first step equals ``zlib.crc32`` of each
    shingle hash's 4 little-endian bytes, on the edges of the range and on real shingle hashes."""
    import zlib

    import numpy as np

    from linimasa.corpus.duplicates import _crc32_of_words

    keys = [0, 1, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF]
    keys += sorted(shingles(normalised_tokens(WIRE), 5))
    got = _crc32_of_words(np.array(keys, dtype=np.uint32))
    assert [int(v) for v in got] == [zlib.crc32(k.to_bytes(4, "little")) for k in keys]
