"""The corpus entity stage: aliases, document counts and cross-document surname links."""

from __future__ import annotations

from linimasa.corpus.entities import EntityAggregator, EntityCorpusStage
from linimasa.entities.stage import EntityStage
from linimasa.model import Document
from linimasa.pipeline import CorpusResult
from linimasa.quotes.stage import QuoteStage


def doc(i: str, text: str) -> Document:
    d = Document(id=i, source=i, raw=text, text=text, lang="id")
    return QuoteStage()(EntityStage()(d))


def test_surname_only_document_is_linked_and_counted() -> None:
    a = doc("a", "Presiden Rusia Vladimir Putin tiba di Vladivostok pada Rabu.")
    b = doc("b", '"Kami siap bekerja sama," kata Putin kepada wartawan di Moskow.')
    result = EntityCorpusStage()(CorpusResult(documents=[a, b]))
    ent = {e.id: e for e in result.entities}
    putin = ent["PER:vladimir-putin"]
    assert putin.documents == 2
    assert {"Vladimir Putin", "Putin"} <= set(putin.aliases)
    assert b.quotes[0].speaker_id == "PER:vladimir-putin"
    assert b.quotes[0].speaker == "Vladimir Putin"
    assert "PER:putin" not in ent


def test_ambiguous_surname_is_not_linked() -> None:
    a = doc("a", "Pemimpin Korea Utara Kim Jong-un dan diplomat Kim In-chul hadir di Seoul.")
    b = doc("b", "Kim kembali ke Pyongyang.")
    result = EntityCorpusStage()(CorpusResult(documents=[a, b]))
    ids = {m.id for m in b.entities}
    assert "PER:kim" in ids
    assert any(e.id == "LOC:korea-utara" and e.documents == 1 for e in result.entities)


def test_person_known_by_one_name_is_nobodys_surname() -> None:
    # "Keamana Wiranto" (a typo at the end of a title) must not take over the listed one-name "Wiranto"
    a = doc("a", "Pejabat yang hadir, di antaranya Menteri Koordinator bidang Politik, Hukum, dan Keamana Wiranto.")
    b = doc("b", '"Kita perkuat kerja sama maritim," kata Wiranto di Nusa Dua, Bali.')
    EntityCorpusStage()(CorpusResult(documents=[a, b]))
    assert b.quotes[0].speaker_id == "PER:wiranto"
    assert b.quotes[0].speaker == "Wiranto"


def test_first_name_after_an_initial_links_to_the_full_name() -> None:
    a = doc("a", "Direktur Jenderal Perhubungan Laut M. Tonny Budiono membuka pelabuhan baru di Makassar.")
    b = doc("b", '"Kami akan memperluas layanan kapal perintis tahun depan," kata Tonny di Surabaya.')
    EntityCorpusStage()(CorpusResult(documents=[a, b]))
    assert b.quotes[0].speaker_id == "PER:m-tonny-budiono"
    c = doc("c", 'Dirjen Perhubungan Laut M. Tonny Budiono hadir. "Kami siap," kata Tonny.')
    assert {m.id for m in c.entities if m.text == "Tonny"} == {"PER:m-tonny-budiono"}


def test_full_name_variants_are_one_person_and_different_names_stay_apart() -> None:
    texts = [
        "Menteri Hukum dan HAM Yasonna Laoly hadir di Jakarta.",
        "Menkumham Yasonna Laoly meninjau lapas di Bandung.",
        "Yasonna H Laoly membuka rapat di Surabaya.",
        "Bupati Rudy Saiful Hidayat tiba di Medan.",
        "Bupati Rudy Saiful Hidayat meninjau proyek jalan.",
        "Bupati Rudy Syaiful Hidayat berbicara di Jakarta.",
        "Pengacara Agus Santoso hadir di pengadilan.",
        "Pengusaha Agus Susanto membuka pabrik.",
    ]
    docs = [doc(str(k), t) for k, t in enumerate(texts)]
    result = EntityCorpusStage()(CorpusResult(documents=docs))
    ent = {e.id: e for e in result.entities}
    assert ent["PER:yasonna-laoly"].documents == 3 and "PER:yasonna-h-laoly" not in ent
    assert ent["PER:rudy-saiful-hidayat"].documents == 3 and "PER:rudy-syaiful-hidayat" not in ent
    assert "PER:agus-santoso" in ent and "PER:agus-susanto" in ent


def test_leading_words_variant_only_when_they_are_no_first_name() -> None:
    agg = EntityAggregator()
    for _ in range(4):
        agg.add([("PER:argo-yuwono", "Argo Yuwono", "PER", "Argo Yuwono", 1)])
        agg.add([("PER:joko-widodo", "Joko Widodo", "PER", "Joko Widodo", 1)])
        agg.add([("PER:donald-trump", "Donald Trump", "PER", "Donald Trump", 1)])
    agg.add([("PER:kombes-argo-yuwono", "Kombes Argo Yuwono", "PER", "Kombes Argo Yuwono", 1)])
    agg.add([("PER:iriana-joko-widodo", "Iriana Joko Widodo", "PER", "Iriana Joko Widodo", 1)])
    agg.add([("PER:donald-trump-jr", "Donald Trump Jr", "PER", "Donald Trump Jr", 1)])
    links = agg.variant_links()
    assert links["PER:kombes-argo-yuwono"][0] == "PER:argo-yuwono"  # a title read into the name
    assert "PER:iriana-joko-widodo" not in links  # his wife ("Iriana" is a first name)
    assert "PER:donald-trump-jr" not in links  # his son
