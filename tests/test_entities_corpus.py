"""The corpus entity stage: aliases, document counts and cross-document surname links."""

from __future__ import annotations

from linimasa.corpus.entities import EntityCorpusStage
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
