"""A team's age group ("U-22", "U22", "U - 22") is part of its name: a U-16 and a U-22 team are two teams."""

from __future__ import annotations

from linimasa.entities.combine import combine
from linimasa.entities.rulebase import Found
from linimasa.entities.stage import KEEP_RULES, find_entities, recognizer


def _orgs(text: str, lang: str | None = "id") -> dict[str, str]:
    return {m.text: m.id for m in find_entities(text, lang) if m.type == "ORG"}


def test_the_age_group_before_a_comma_or_a_full_stop_stays_in_the_name() -> None:
    text = (
        "Pelatih Timnas Indonesia U-22, Luis Milla, memanggil 25 pemain. Timnas Indonesia U-16 juga berlatih. "
        "Para pemain Timnas Indonesia U-19 berlatih di Bekasi. Dia menonton Timnas Indonesia U22."
    )
    orgs = _orgs(text)
    assert orgs == {
        "Timnas Indonesia U-22": "ORG:timnas-indonesia-u-22",
        "Timnas Indonesia U-16": "ORG:timnas-indonesia-u-16",
        "Timnas Indonesia U-19": "ORG:timnas-indonesia-u-19",
        "Timnas Indonesia U22": "ORG:timnas-indonesia-u-22",  # one team, with or without the hyphen
    }


def test_pre_tokenised_age_groups_and_any_team() -> None:
    # (IndoSum writes "U - 22"; a listed club, an unknown nickname and a country's national team take one too)
    text = (
        "Pelatih Timnas Indonesia U - 22 , Luis Milla , kecewa . Persib U-19 kalah dari Persija U19, kata dia. "
        "Skuad Garuda Muda U-19 kalah. Menurut dia, Indonesia U-22 menang atas Thailand U-22."
    )
    orgs = _orgs(text)
    assert orgs["Timnas Indonesia U - 22"] == "ORG:timnas-indonesia-u-22"
    assert orgs["Persib U-19"].endswith("-u-19") and orgs["Persija U19"].endswith("-u-19")
    assert any(k.endswith("Garuda Muda U-19") and v.endswith("garuda-muda-u-19") for k, v in orgs.items())
    assert orgs["Indonesia U-22"] == "ORG:indonesia-u-22"
    assert orgs["Thailand U-22"] == "ORG:thailand-u-22"
    assert not any(m.type == "PER" and "U" in m.text.split() for m in find_entities(text, "id"))


def test_an_age_group_never_starts_a_person_after_a_title() -> None:
    ents = {m.text: m.type for m in find_entities("Kapten Arsenal U23 mencetak gol, kata Budi.", "id")}
    assert ents.get("Arsenal U23") == "ORG"
    ents = {m.text: m.type for m in find_entities("Pelatih Persib U-19, Budi Santoso, kecewa.", "id")}
    assert ents.get("Persib U-19") == "ORG" and ents.get("Budi Santoso") == "PER"


def test_english_age_groups_with_the_rules_alone() -> None:
    orgs = _orgs("The coach of England Under-21 said Arsenal U23 played well.", "en")
    assert orgs.get("England Under-21") == "ORG:inggris-u-21"  # (the country's canonical name: one team)
    assert orgs.get("Arsenal U23") == "ORG:arsenal-u-23"


def test_an_event_or_a_lone_mark_takes_no_age_group() -> None:
    text = "Mereka bermain di Piala Asia U-23 di Jakarta. Konser U2 digelar di Jakarta."
    assert not any("U-23" in m.name for m in find_entities(text, "id"))


def test_combine_takes_the_age_group_the_tagger_left_out() -> None:
    text = "Pelatih Timnas Indonesia U - 22 kecewa."
    rec = recognizer()
    toks, found = rec.find_tokens(text)
    team = next(f for f in found if f.type == "ORG")
    assert text[team.start : team.end] == "Timnas Indonesia U - 22"
    # a tagger span that stops before the age group: the rules' team stands, with its age group
    a = next(x for x, t in enumerate(toks) if t.text == "Timnas")
    out = combine(text, toks, found, [(a, a + 2, "ORG")], KEEP_RULES, age_tail=rec.age_tail)
    assert [(text[f.start : f.end], f.name) for f in out if f.type == "ORG"] == [
        ("Timnas Indonesia U - 22", "Timnas Indonesia U-22")
    ]
    # a country the tagger calls a place is the national team when the rules read its age group
    text = "Indonesia U-22 menang."
    toks, found = rec.find_tokens(text)
    out = combine(text, toks, found, [(0, 1, "LOC")], KEEP_RULES, age_tail=rec.age_tail)
    assert [(f.type, f.name) for f in out] == [("ORG", "Indonesia U-22")]
    assert isinstance(out[0], Found)


def test_the_age_group_of_an_event_is_the_events() -> None:
    # "Piala AFC U-19": the listed confederation is no U-19 team; "Liga U - 19" (pre-tokenised) no team at all
    text = "Timnas tampil di Piala AFC U-19 di Korea. Kompetisi Liga U - 19 ini baru."
    assert not any("U-19" in m.name or m.text.startswith("Liga") for m in find_entities(text, "id"))
