"""Stories of articles without a publication date (issue 23, the user's setting): an article no date
places joins a story only on strong evidence and as a leaf; a day its lead names places it."""

from __future__ import annotations

from test_corpus_helpers import make_doc
from test_corpus_stories import corpus

from linimasa.corpus.stories import StoryConfig, StoryStage, story_item
from linimasa.pipeline import CorpusResult

PHONE = [("Nokia", "ORG:nokia"), ("HMD Global", "ORG:hmd-global"), ("Android", "PRODUCT:android")]
CLUB = [("Persib Bandung", "ORG:persib-bandung"), ("Persija Jakarta", "ORG:persija-jakarta")]


def launch(doc_id: str = "launch", published: str | None = "2017-06-13"):
    return make_doc(
        doc_id,
        "HMD Global meluncurkan ponsel Nokia 3 berbasis Android di New Delhi, India. Ponsel Nokia 3 dijual dengan "
        "harga Rp 1,5 juta dan mulai dipasarkan pekan depan. HMD Global menyebut India pasar terbesar ponsel "
        "Nokia di Asia.",
        published,
        title="HMD Global luncurkan Nokia 3 di India",
        entities=PHONE,
    )


def rumour():
    """The same company and product names, another matter (a rumoured phone): a topic, not the launch."""
    return make_doc(
        "rumour",
        "Beredar kabar Nokia tengah menggarap ponsel lipat untuk tahun depan. Sumber di Finlandia menyebut "
        "purwarupa itu memakai engsel ganda dan sistem operasi Android terbaru. HMD Global enggan menanggapi "
        "kabar tersebut.",
        title="Nokia dikabarkan garap ponsel lipat",
    )


def rumour_follow_up():
    """Close to the rumour, far from the launch: it would join through the rumour only."""
    return make_doc(
        "rumour-2",
        "Purwarupa ponsel lipat Nokia berengsel ganda kembali dibicarakan. Sumber di Finlandia menyebut layar "
        "lipat purwarupa itu dipasok dari Korea Selatan. HMD Global enggan menanggapi kabar purwarupa tersebut. "
        "Purwarupa itu disebut lolos uji ketahanan lipatan di laboratorium.",
        title="Purwarupa ponsel lipat Nokia",
    )


def stories_of(docs, config: StoryConfig | None = None) -> dict[str, str]:
    # other news around them, so that words shared by every article do not weigh
    result = StoryStage(config=config or StoryConfig())(CorpusResult(documents=docs + corpus()))
    return {d.id: d.story for d in result.documents}


LOOSE = StoryConfig(undated_threshold=0.0, undated_text=0.0)  # undated articles held to the usual threshold


def factory():
    """Another happening of the same company, months later (a dated story)."""
    return make_doc(
        "factory",
        "HMD Global membuka pabrik perakitan ponsel Nokia di Batam untuk pasar Asia. Pabrik itu merakit ponsel "
        "Android murah dan menyerap ratusan pekerja. HMD Global menyebut produksi dimulai bulan depan.",
        "2017-09-20",
        title="HMD Global buka pabrik ponsel Nokia di Batam",
        entities=PHONE,
    )


def test_undated_article_on_the_same_topic_does_not_join_a_dated_story():
    # the same company's news, no date: held to the usual threshold it joins the launch, one of two
    # happenings of the company, although neither stands out
    docs = [launch(), factory(), rumour_follow_up()]
    loose = stories_of(docs, LOOSE)
    assert loose["rumour-2"] in (loose["launch"], loose["factory"])
    story = stories_of(docs)
    assert story["rumour-2"] not in (story["launch"], story["factory"])


def test_undated_report_of_the_same_happening_joins_on_strong_similarity():
    copy = launch("launch-undated", None)
    copy.text = copy.raw = copy.text.replace("pekan depan", "mulai Senin pekan depan")
    copy.title = "Nokia 3 resmi meluncur di India"
    story = stories_of([launch(), copy])
    assert story["launch-undated"] == story["launch"]


def test_undated_member_is_a_leaf_and_does_not_bridge_others_in():
    # the two undated pieces are one story on their own ...
    alone = stories_of([rumour(), rumour_follow_up()])
    assert alone["rumour"] == alone["rumour-2"]
    # ... the first joins the launch on its strong similarity, but as a leaf: the second, close to it
    # and not to the launch, is not pulled in through it
    story = stories_of([launch(), factory(), rumour(), rumour_follow_up()])
    assert story["rumour"] == story["launch"] != story["rumour-2"]


def _persib(doc_id: str, lead_day: str, value: str, published: str | None, candidates: list[str] = ()):
    text = (
        f"Persib Bandung bermain imbang 1-1 dengan Persija Jakarta di Stadion Gelora Bandung Lautan Api, {lead_day}. "
        "Laga diwarnai kericuhan antarpendukung setelah pertandingan usai dan polisi mengamankan puluhan orang. "
        "Pelatih Persib Bandung menyesalkan kericuhan yang mencoreng laga itu."
    )
    return make_doc(doc_id, text, published, timexes=[(lead_day, value, list(candidates))], entities=CLUB)


def test_lead_day_places_an_undated_article():
    dated = _persib("dated", "Sabtu (22/7/2017)", "2017-07-22", "2017-07-22")
    same = _persib("same-day", "Sabtu (22/7/2017)", "2017-07-22", None)
    years_on = _persib("years-on", "Minggu (23/7/2023)", "2023-07-23", None)
    item = story_item(same)
    assert item.pub is None and str(item.anchor) == "2017-07-22" and item.evidence
    story = stories_of([dated, same, years_on])
    assert story["same-day"] == story["dated"] != story["years-on"]


def test_year_less_lead_day_places_an_undated_article_by_its_candidates():
    # "Sabtu (22/7)": 22 July in the years it is a Saturday; the story of 22 July 2017 places it
    report = _persib("report", "Sabtu (22/7)", "XXXX-07-22", None, ["2006-07-22", "2017-07-22", "2023-07-22"])
    other = _persib("other", "Sabtu (13/5)", "XXXX-05-13", None, ["2006-05-13", "2017-05-13", "2023-05-13"])
    item = story_item(report)
    assert item.anchor is None and not item.evidence and len(item.lead_candidates) == 3
    strict = StoryConfig(undated_threshold=0.99, undated_text=0.99)  # only a placed article can join
    story = stories_of([_persib("dated", "Sabtu (22/7/2017)", "2017-07-22", "2017-07-22"), report, other], strict)
    assert story["report"] == story["dated"] != story["other"]
    # two undated reports of one day (no dated one): the first one's candidates place the second
    again = _persib("again", "Sabtu (22/7)", "XXXX-07-22", None, ["2006-07-22", "2017-07-22", "2023-07-22"])
    story = stories_of([report, again, other], strict)
    assert story["report"] == story["again"] != story["other"]
