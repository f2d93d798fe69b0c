"""Stories: words, entities and time together; the same actors years apart are two stories."""

from __future__ import annotations

import math
import random

from test_corpus_helpers import make_doc

from linimasa.corpus.duplicates import DuplicateStage
from linimasa.corpus.stories import StoryConfig, StoryStage, document_points
from linimasa.pipeline import CorpusResult

MEETING = [
    ("Retno Marsudi", "PER:retno-marsudi"),
    ("Saifuddin Abdullah", "PER:saifuddin-abdullah"),
    ("Kuala Lumpur", "LOC:kuala-lumpur"),
    ("Malaysia", "LOC:malaysia"),
]
SLIDE = [("Cisarua", "LOC:cisarua"), ("Basarnas", "ORG:basarnas"), ("Bogor", "LOC:bogor")]


def meeting_2018():
    return make_doc(
        "meet-2018",
        "Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Malaysia Saifuddin Abdullah di Kuala Lumpur "
        "untuk membahas perundingan batas laut kedua negara. Kedua menteri sepakat mempercepat perundingan batas "
        "maritim di Laut Sulawesi dan perlindungan pekerja migran Indonesia di Malaysia. Retno mengatakan pertemuan "
        "berlangsung hangat dan kedua negara akan membentuk tim teknis baru.",
        "2018-05-09",
        title="Retno dan Saifuddin Abdullah bahas batas laut di Kuala Lumpur",
        entities=MEETING,
    )


def meeting_2022():
    return make_doc(
        "meet-2022",
        "Retno Marsudi kembali menemui Saifuddin Abdullah di Kuala Lumpur, kali ini menjelang pertemuan menteri "
        "ASEAN. Dalam pertemuan itu Malaysia dan Indonesia membahas perlindungan pekerja migran serta kelanjutan "
        "perundingan batas maritim di Laut Sulawesi. Saifuddin menyebut kedua negara akan menandatangani nota "
        "kesepahaman tentang penempatan pekerja migran.",
        "2022-11-21",
        title="Retno temui Saifuddin Abdullah di Kuala Lumpur jelang pertemuan ASEAN",
        entities=MEETING,
    )


def landslide():
    day1 = make_doc(
        "slide-1",
        "Tanah longsor menimbun belasan rumah di Desa Tugu, Kecamatan Cisarua, Kabupaten Bogor, Senin dini hari. "
        "Hujan deras sejak Minggu sore membuat tebing setinggi 20 meter runtuh ke permukiman. Tim Basarnas dan BPBD "
        "Kabupaten Bogor mencari tujuh warga yang diduga tertimbun material longsor.",
        "2023-02-06",
        title="Longsor timbun belasan rumah di Cisarua Bogor, tujuh warga dicari",
        entities=SLIDE,
    )
    day3 = make_doc(
        "slide-2",
        "Tim SAR gabungan menemukan tiga korban longsor di Desa Tugu, Cisarua, Kabupaten Bogor, pada hari ketiga "
        "pencarian. Basarnas mengerahkan alat berat untuk menyingkirkan material longsor yang menimbun rumah warga. "
        "Empat warga lain masih dicari dan ratusan warga mengungsi ke balai desa.",
        "2023-02-08",
        title="Tiga korban longsor Cisarua ditemukan, empat masih dicari",
        entities=SLIDE,
    )
    day6 = make_doc(
        "slide-3",
        "Basarnas menutup operasi pencarian korban longsor di Desa Tugu, Cisarua, Kabupaten Bogor, setelah seluruh "
        "tujuh korban tertimbun ditemukan. Pemerintah Kabupaten Bogor menyiapkan lahan relokasi bagi warga yang "
        "rumahnya rusak akibat longsor dan meminta warga di lereng tebing tetap waspada.",
        "2023-02-11",
        title="Pencarian korban longsor Cisarua ditutup, warga direlokasi",
        entities=SLIDE,
    )
    return [day1, day3, day6]


def football():
    return make_doc(
        "bola-1",
        "Persib Bandung menang 2-1 atas Persija Jakarta dalam lanjutan Liga 1 di Stadion Gelora Bandung Lautan Api. "
        "Gol kemenangan dicetak pada menit akhir lewat sundulan dari sepak pojok. Pelatih Persib memuji mental "
        "pemainnya yang tidak menyerah meski sempat tertinggal.",
        "2023-02-07",
        title="Persib tekuk Persija 2-1",
        entities=[("Persib Bandung", "ORG:persib"), ("Persija Jakarta", "ORG:persija")],
    )


def corpus():
    return [
        meeting_2018(),
        meeting_2022(),
        *landslide(),
        football(),
    ]


def groups(docs, config=None):
    result = CorpusResult(documents=docs)
    result = DuplicateStage()(result)
    result = StoryStage(config=config or StoryConfig())(result)
    return result, {frozenset(s.documents) for s in result.stories}


def test_same_actors_years_apart_are_different_stories():
    _, got = groups(corpus())
    assert frozenset({"meet-2018"}) in got and frozenset({"meet-2022"}) in got


def test_story_over_several_days_stays_one():
    _, got = groups(corpus())
    assert frozenset({"slide-1", "slide-2", "slide-3"}) in got
    assert frozenset({"bola-1"}) in got


def test_same_text_only_time_apart_would_merge_without_time():
    # the time signal is what separates them: with an unlimited window the meetings merge
    loose = StoryConfig(max_gap_days=100_000, decay_days=1e9)
    _, got = groups(corpus(), loose)
    assert frozenset({"meet-2018", "meet-2022"}) in got


def test_copy_with_other_boilerplate_joins_the_story_of_its_original():
    docs = corpus()
    src = docs[3]
    copy = make_doc(
        "slide-2-copy",
        "BOGOR, Warta Kita - " + src.text + "\n\nBaca juga: Cuaca ekstrem hingga akhir pekan",
        "2023-02-08",
        entities=SLIDE,
    )
    result, _ = groups(docs + [copy])
    by_id = {d.id: d for d in result.documents}
    assert by_id["slide-2-copy"].duplicate_of == "slide-2"
    assert by_id["slide-2-copy"].story == by_id["slide-1"].story


def test_input_order_does_not_change_stories_or_ids():
    result, expected = groups(corpus())
    ids = {s.id: s.documents for s in result.stories}
    for seed in range(5):
        docs = corpus()
        random.Random(seed).shuffle(docs)
        r2, got = groups(docs)
        assert got == expected
        assert {s.id: s.documents for s in r2.stories} == ids


def test_copy_reposted_years_later_is_a_duplicate_but_not_the_same_story():
    old = meeting_2018()
    repost = make_doc("repost", old.text, "2021-05-09", entities=MEETING)
    result, got = groups([old, repost])
    assert {d.id: d.duplicate_of for d in result.documents}["repost"] == "meet-2018"
    assert got == {frozenset({"meet-2018"}), frozenset({"repost"})}


def test_story_fields():
    result, _ = groups(corpus())
    story = next(s for s in result.stories if "slide-1" in s.documents)
    assert story.documents == ["slide-1", "slide-2", "slide-3"]  # earliest first
    assert story.start == "2023-02-06" and story.end == "2023-02-11"
    assert story.entities[0] in {"LOC:cisarua", "ORG:basarnas", "LOC:bogor"}
    assert "Longsor" in story.title


def test_undated_document_uses_candidate_dates_of_year_less_expressions():
    d = make_doc(
        "undated",
        "Tim SAR menemukan korban terakhir longsor Cisarua pada Kamis (9/2).",
        timexes=[("Kamis (9/2)", "XXXX-02-09", ["2017-02-09", "2023-02-09"])],
    )
    points, dated = document_points(d, 30)
    assert not dated
    assert {p[0].year for p in points} == {2017, 2023}
    _, got = groups(landslide() + [d])
    assert frozenset({"slide-1", "slide-2", "slide-3", "undated"}) in got


def test_undated_document_cannot_join_a_story_outside_its_candidate_years():
    d = make_doc(
        "undated",
        "Tim SAR menemukan korban terakhir longsor Cisarua, Kabupaten Bogor, pada Kamis (9/2). Basarnas menutup pencarian.",
        timexes=[("Kamis (9/2)", "XXXX-02-09", ["2017-02-09", "2012-02-09"])],
        entities=SLIDE,
    )
    _, got = groups(landslide() + [d])
    assert frozenset({"undated"}) in got


def test_cosine_adds_exactly_as_a_sum_over_the_shorter_vector(indosum_path):
    """Clustering compares scores for equality (ties go to the older story), so the compiled
    loop must give the very float that ``sum`` over the shorter vector's shared terms gives."""
    import json

    from linimasa.corpus.features import cosine, normalise, sentence_vectors

    lines = indosum_path.read_text(encoding="utf-8").splitlines()[:60]
    texts = [json.loads(line)["text"] for line in lines]
    vectors = sentence_vectors(texts, "id")
    # un-normalised sums too (a story centroid), in the orders the pairs come in
    vectors += [
        {t: a.get(t, 0.0) + b.get(t, 0.0) for t in {**a, **b}} for a, b in zip(vectors, vectors[7:], strict=False)
    ]
    compared = shared = 0
    for a in vectors:
        for b in vectors[::5]:
            small, big = (b, a) if len(a) > len(b) else (a, b)
            norm = math.sqrt(sum(w * w for w in b.values()))
            expected = sum([w * big[t] for t, w in small.items() if t in big]) / norm if norm else 0.0
            assert cosine(a, b, norm) == expected
            assert cosine(normalise(a), normalise(b)) == sum(
                [w * normalise(big)[t] for t, w in normalise(small).items() if t in big]
            )
            compared += 1
            shared += expected > 0
    assert compared > 1000 and shared > compared // 4


# ---------------------------------------------------------------- series and threads (issue 23)
CLUB = [("Persib Bandung", "ORG:persib-bandung"), ("Bandung", "LOC:bandung"), ("Djadjang Nurdjaman", "PER:djanur")]


def _match(doc_id: str, opponent: str, day: str, surface: str, score: str, published: str):
    text = (
        f"Persib Bandung menang {score} atas {opponent} dalam laga lanjutan Liga 1 di Stadion Gelora Bandung Lautan "
        f"Api, {surface}. Pelatih Djadjang Nurdjaman puas dengan penampilan anak asuhnya di depan ribuan bobotoh. "
        "Kemenangan itu membawa Persib Bandung naik ke papan atas klasemen sementara Liga 1."
    )
    return make_doc(
        doc_id,
        text,
        published,
        title=f"Persib Bandung menang {score} atas {opponent}",
        timexes=[(surface, day)],
        entities=CLUB + [(opponent, f"ORG:{opponent.lower().replace(' ', '-')}")],
    )


def test_series_of_one_club_are_separate_stories_in_one_thread():
    """Two matches four days apart, worded from one template: two happenings (two stories),
    one longer history (one thread); a second report of the first match stays with it."""
    a = _match("m1", "Persipura", "2017-05-07", "Minggu (7/5)", "2 - 0", "2017-05-07")
    a2 = _match("m1b", "Persipura", "2017-05-07", "Minggu (7/5/2017)", "2 - 0", "2017-05-08")
    b = _match("m2", "Bali United", "2017-05-11", "Kamis (11/5)", "1 - 0", "2017-05-11")
    result = StoryStage()(CorpusResult(documents=[a, a2, b]))
    story = {d.id: d.story for d in result.documents}
    assert story["m1"] == story["m1b"] != story["m2"]
    assert len(result.threads) == 1
    t = result.threads[0]
    assert t.stories == [story["m1"], story["m2"]]
    assert all(s.thread == t.id for s in result.stories)
    assert "ORG:persib-bandung" in t.links[0]["entities"]
    first = next(s for s in result.stories if s.id == story["m1"])
    assert first.why["dates"] == ["2017-05-07"] and "ORG:persib-bandung" in first.why["entities"]


def test_same_actors_years_apart_form_a_thread_with_a_reference_back():
    old, new = meeting_2018(), meeting_2022()
    new.text = new.text + " Pertemuan itu melanjutkan pembicaraan pada 2018."
    new.raw = new.text
    start = new.text.index("2018")
    from linimasa.model import Timex

    new.timexes.append(Timex("2018", start, start + 4, "DATE", "2018"))
    result = StoryStage()(CorpusResult(documents=[old, new]))
    assert len(result.stories) == 2 and len(result.threads) == 1
    link = result.threads[0].links[0]
    assert link["reference"] == "2018" and link["to"] == next(
        s.id for s in result.stories if "meet-2018" in s.documents
    )


def test_unrelated_stories_have_no_thread():
    result = StoryStage()(CorpusResult(documents=[meeting_2018(), *landslide()]))
    assert not result.threads and all(s.thread is None for s in result.stories)
