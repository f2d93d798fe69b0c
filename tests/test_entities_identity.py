"""One id per real-world entity (issue 21): alias families, common words, clubs vs people, corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linimasa.corpus.entities import EntityAggregator, EntityCorpusStage
from linimasa.entities.corrections import ENV, AliasTable, ConfigError, _table, read_config
from linimasa.entities.stage import find_entities
from linimasa.model import Document, Quote
from linimasa.pipeline import CorpusResult


def ids(text: str) -> dict[str, str]:
    return {m.text: m.id or "" for m in find_entities(text)}


def types(text: str) -> dict[str, str]:
    return {m.text: m.type for m in find_entities(text)}


# ----- alias families (lang/id/aliases.toml) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "short", "full", "expected"),
    [
        (
            "Presiden Joko Widodo meresmikan jalan tol. Jokowi mengatakan proyek itu penting.",
            "Jokowi",
            "Joko Widodo",
            "PER:joko-widodo",
        ),
        ("Mantan presiden SBY hadir di Cikeas.", "SBY", None, "PER:susilo-bambang-yudhoyono"),
        ("Wartawan bertanya kepada Ahok soal reklamasi.", "Ahok", None, "PER:basuki-tjahaja-purnama"),
        ("Ketua umum Gerindra Prabowo menyampaikan pidato.", "Prabowo", None, "PER:prabowo-subianto"),
    ],
)
def test_politicians_nicknames(text: str, short: str, full: str | None, expected: str) -> None:
    got = ids(text)
    assert got[short] == expected
    if full:
        assert got[full] == expected


def test_province_and_capital_short_forms() -> None:
    got = ids("Banjir melanda DKI Jakarta. Di Jakarta, warga mengungsi. Gubernur Jatim meninjau Jawa Timur.")
    assert got["DKI Jakarta"] == got["Jakarta"] == "LOC:jakarta"
    assert got["Jatim"] == got["Jawa Timur"] == "LOC:jawa-timur"


@pytest.mark.parametrize(
    ("short", "expected"),
    [
        ("Kemenkeu", "ORG:kementerian-keuangan"),
        ("Kemenlu", "ORG:kementerian-luar-negeri"),
        ("Kemendagri", "ORG:kementerian-dalam-negeri"),
        ("Kemenkes", "ORG:kementerian-kesehatan"),
    ],
)
def test_ministries_short_forms(short: str, expected: str) -> None:
    assert ids(f"Pejabat {short} menyampaikan data terbaru kepada wartawan.")[short] == expected


def test_club_short_forms() -> None:
    got = ids("Manchester United menang. Pelatih mengatakan Man United layak menang, dan fans MU bersorak.")
    assert got["Manchester United"] == got["Man United"] == got["MU"] == "ORG:manchester-united"


def test_short_form_in_capitals_is_matched_only_as_written() -> None:
    # "Mu" (a word) is no Manchester United; only "MU" is
    assert "Mu" not in ids("Mu adalah kata yang jarang dipakai di sini.")


def test_quotes_speaker_follows_the_alias() -> None:
    from linimasa.jobs.stages import default_stages
    from linimasa.pipeline import Pipeline

    text = (
        "Presiden Joko Widodo meninjau pasar di Solo pada Senin.\n\n"
        '"Harga beras sudah stabil," kata Jokowi kepada wartawan.'
    )
    doc = Pipeline(default_stages()).process(Document(id="q", source="q", raw=text))
    speakers = {q.speaker_id for q in doc.quotes}
    assert speakers == {"PER:joko-widodo"}


# ----- common words are names only with evidence -----------------------------------------------


def test_common_word_at_sentence_start_is_no_place() -> None:
    got = types("Bukan hanya itu, pemerintah juga menaikkan anggaran. Bukan rahasia lagi, harga naik.")
    assert "Bukan" not in got


def test_common_word_rule_keeps_ordinary_place_names() -> None:
    got = types("Bantuan dikirim ke Jakarta. Jakarta menerima bantuan dari Malaysia.")
    assert got["Jakarta"] == "LOC" and got["Malaysia"] == "LOC"


# ----- clubs, leagues, products vs people --------------------------------------------------------


def test_clubs_leagues_products_are_organisations() -> None:
    got = types(
        "Juventus memimpin klasemen Serie A, sementara Real Madrid unggul di La Liga. Pengguna Android bertambah."
    )
    assert got["Juventus"] == "ORG"
    assert got["La Liga"] == "ORG" and got["Serie A"] == "ORG"
    assert got["Android"] == "ORG"


def test_club_and_actress_with_the_same_word_stay_apart() -> None:
    club = ids("Chelsea menang 2-0 atas Arsenal di Stamford Bridge.")
    assert club["Chelsea"] == "ORG:chelsea"
    actress = ids("Aktris Chelsea Islan tampil dalam film baru. Chelsea mengaku senang dengan perannya.")
    assert actress["Chelsea Islan"] == "PER:chelsea-islan"
    assert actress["Chelsea"] == "PER:chelsea-islan"


def test_corpus_keeps_club_and_person_apart_and_prefers_full_names() -> None:
    agg = EntityAggregator(AliasTable())
    agg.add([("ORG:chelsea", "Chelsea", "ORG", "Chelsea", 3)])
    agg.add([("PER:chelsea-islan", "Chelsea Islan", "PER", "Chelsea Islan", 1)])
    agg.add([("PER:joko-susilo", "Joko Susilo", "PER", "Joko Susilo", 1)])
    agg.add([("PER:joko-widodo", "Joko Widodo", "PER", "Joko Widodo", 1)])
    table = agg.resolve([["ORG:chelsea"], ["PER:chelsea-islan"], ["PER:joko-susilo"], ["PER:joko-widodo"]])
    got = {e.id for e in table.entities}
    assert got == {"ORG:chelsea", "PER:chelsea-islan", "PER:joko-susilo", "PER:joko-widodo"}


# ----- the users' correction file ----------------------------------------------------------------


def write_config(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "entities.toml"
    p.write_text(body, encoding="utf-8")
    return p


def test_correction_file_format_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        read_config(write_config(tmp_path, "[people]\nx = 1\n"))
    with pytest.raises(ConfigError):
        read_config(write_config(tmp_path, '[types]\n"X" = "THING"\n'))
    with pytest.raises(ConfigError):
        read_config(tmp_path / "missing.toml")


CONFIG = """
[PER]
"Joko Widodo" = ["Pakde Joko"]
[ORG]
"Kementerian Keuangan" = ["Depkeu"]
[block]
words = ["Tanah Air"]
[types]
"Garuda" = "ORG"
"""


def test_correction_file_in_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(write_config(tmp_path, CONFIG)))
    got = {m.text: m for m in find_entities("Warga Tanah Air menyambut Pakde Joko. Depkeu menang. Garuda terbang.")}
    assert "Tanah Air" not in got
    assert got["Pakde Joko"].id == "PER:joko-widodo"
    assert got["Depkeu"].id == "ORG:kementerian-keuangan" and got["Depkeu"].type == "ORG"


def test_correction_file_at_corpus_level_without_new_analysis(tmp_path: Path) -> None:
    # documents analysed before the corrections existed: the corpus stage applies them to their ids
    table = _table(str(write_config(tmp_path, CONFIG)))
    from linimasa.model import EntityMention

    a = Document(id="a", source="a", raw="", text="")
    a.entities = [
        EntityMention("Pakde Joko", 0, 10, "PER", "PER:pakde-joko", "Pakde Joko"),
        EntityMention("Garuda", 11, 17, "PER", "PER:garuda", "Garuda"),
        EntityMention("Tanah Air", 18, 27, "ORG", "ORG:tanah-air", "Tanah Air"),
    ]
    a.quotes = [Quote("...", 0, 3, "Pakde Joko", "PER:pakde-joko"), Quote("...", 4, 7, "Tanah Air", "ORG:tanah-air")]
    b = Document(id="b", source="b", raw="", text="")
    b.entities = [EntityMention("Joko Widodo", 0, 11, "PER", "PER:joko-widodo", "Joko Widodo")]
    result = CorpusResult(documents=[a, b])
    stage = EntityCorpusStage()
    import linimasa.corpus.entities as ce

    orig = ce.load_table
    ce.load_table = lambda: table  # type: ignore[assignment]
    try:
        stage(result)
    finally:
        ce.load_table = orig  # type: ignore[assignment]
    by_id = {e.id: e for e in result.entities}
    assert by_id["PER:joko-widodo"].documents == 2
    assert "Pakde Joko" in by_id["PER:joko-widodo"].aliases
    assert "ORG:garuda" in by_id and "PER:garuda" not in by_id
    assert "ORG:tanah-air" not in by_id
    assert [m.text for m in a.entities] == ["Pakde Joko", "Garuda"]
    assert a.entities[1].type == "ORG"
    assert [(q.speaker, q.speaker_id) for q in a.quotes] == [("Joko Widodo", "PER:joko-widodo"), (None, None)]


def test_cli_entities_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    monkeypatch.setenv(ENV, "")  # (the option sets it for the process: restored after the test)
    from linimasa.cli import app

    inp = tmp_path / "in.jsonl"
    inp.write_text(
        json.dumps({"id": "x", "text": "Warga Tanah Air menyambut Pakde Joko di Solo."}) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out.jsonl"
    cfg = write_config(tmp_path, CONFIG)
    res = CliRunner().invoke(app, ["annotate", str(inp), "--out", str(out), "-q", "--entities-config", str(cfg)])
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    got = {e["text"]: e["id"] for e in doc["entities"]}
    assert got.get("Pakde Joko") == "PER:joko-widodo" and "Tanah Air" not in got
    bad = CliRunner().invoke(
        app, ["annotate", str(inp), "--out", str(out), "--entities-config", str(tmp_path / "no.toml")]
    )
    assert bad.exit_code != 0


def test_city_alone_is_its_club_in_a_football_article_only() -> None:
    football = ids(
        "Pelatih Barcelona Ernesto Valverde puas. Barcelona menang 3-0 di laga tandang, gol dicetak Messi. "
        "Klub itu memimpin klasemen."
    )
    assert football["Barcelona"] == "ORG:fc-barcelona"
    assert football["Ernesto Valverde"] == "PER:ernesto-valverde"
    assert ids("Wisatawan ke Barcelona meningkat tahun ini.")["Barcelona"] == "LOC:barcelona"


def test_city_named_as_a_cited_source_is_the_outlet() -> None:
    assert types("Seperti dilansir dari Metro, medali emas itu tidak murni.")["Metro"] == "ORG"


def test_shipped_block_list() -> None:
    got = types("Ponsel itu memakai RAM 4 GB. Warga Tanah Air datang ke Kantor KPK.")
    assert not {"RAM", "GB", "Tanah Air", "Kantor"} & set(got)
    assert got["KPK"] == "ORG"


def ids_id(text: str) -> dict[str, str]:
    """Ids as an Indonesian document gets them (the learned tagger, then the rules)."""
    return {m.text: m.id or "" for m in find_entities(text, "id")}


def test_facility_named_after_a_town_is_not_the_town() -> None:
    got = ids_id("Presiden tiba di Istana Bogor lalu ke Kota Bogor. Kereta berangkat dari Stasiun Bandung ke Bandung.")
    assert got["Kota Bogor"] == "LOC:bogor"
    assert got["Istana Bogor"] == "LOC:istana-bogor"
    assert got["Stasiun Bandung"] == "LOC:stasiun-bandung"
    assert got["Bandung"] == "LOC:bandung"


def test_country_code_of_a_currency_is_not_the_country() -> None:
    got = ids_id("Film itu meraup US$ 519 juta di Amerika Serikat dan S$ 20 juta di Singapura.")
    assert "US" not in got and "S" not in got
    assert got["Amerika Serikat"] == "LOC:amerika-serikat"


def test_city_typed_as_organisation_is_its_club() -> None:
    got = {m.text: m.id for m in find_entities("Pemain Barcelona menuding wasit berat sebelah.", "id")}
    assert got["Barcelona"] == "ORG:fc-barcelona"


def test_end_of_a_title_is_not_part_of_the_name() -> None:
    got = ids_id(
        "Menteri Kominfo Rudiantara dan Menteri Koordinator Bidang Politik, Hukum, dan Keamanan Wiranto hadir."
    )
    assert got["Rudiantara"] == "PER:rudiantara"
    assert got["Wiranto"] == "PER:wiranto"
    rank = ids_id("Kepala Bidang Humas Polda Sulawesi Tenggara Ajun Komisaris Besar Sunarto membenarkan kabar itu.")
    assert rank["Sunarto"] == "PER:sunarto"


def test_people_named_side_by_side_are_one_each() -> None:
    got = ids_id(
        "Trisula PSG, Neymar - Edinson Cavani - Kylian Mbappe, mencetak gol. Pekan lalu Neymar absen. "
        "Tim Relawan Anies Sandi membuka posko."
    )
    assert got["Neymar"] == "PER:neymar"
    assert got["Edinson Cavani"] == "PER:edinson-cavani"
    assert got["Kylian Mbappe"] == "PER:kylian-mbappe"
    assert got["Anies"] == "PER:anies-baswedan"
    assert got["Sandi"] == "PER:sandiaga-uno"


def test_title_word_that_is_a_first_name_belongs_to_the_name() -> None:
    got = ids_id("Ketua Dewan Pers Yosep Adi Prasetyo dan anggota Dewan Pers Imam Wahyudi hadir.")
    assert got["Imam Wahyudi"] == "PER:imam-wahyudi"
    assert got["Yosep Adi Prasetyo"] == "PER:yosep-adi-prasetyo"


def test_regency_sharing_its_name_with_a_city_is_not_the_city() -> None:
    got = {
        (m.start, m.id)
        for m in find_entities("Banjir melanda Kabupaten Bandung dan Kota Bandung, Kabupaten Sleman aman.", "id")
    }
    ids_ = [i for _, i in sorted(got)]
    assert ids_ == ["LOC:kabupaten-bandung", "LOC:bandung", "LOC:sleman"]


def test_older_spellings_of_a_country_are_the_country() -> None:
    got = ids_id("Presiden Perancis tiba di Jakarta. Timnas Prancis menang. Ia ke Viet Nam, Saudi Arabia dan Swis.")
    assert got["Perancis"] == got["Prancis"] == "LOC:prancis"
    assert got["Viet Nam"] == "LOC:vietnam"
    assert got["Saudi Arabia"] == "LOC:arab-saudi"
    assert got["Swis"] == "LOC:swiss"
