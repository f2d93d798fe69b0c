"""``linimasa export`` filters, one test per option, on a real store: the five seed articles
(2019, 2023, 2024; three outlets) and one English article given as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from linimasa.cli import app
from linimasa.jobs.run import run_pipeline

ENGLISH = {
    "id": "en-floods",
    "title": "Floods cut roads in Jakarta",
    "published": "2023-09-07",
    "outlet": "Harbour Times",
    "lang": "en",
    "section": "metro",
    "tags": ["floods", "jakarta"],
    "text": "Floods cut several roads in Jakarta on Thursday, the city's disaster agency said.\n\n"
    "Residents of Kampung Melayu were moved to a school, officials said.",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path]:
    if not SEEDS.exists():
        pytest.skip(f"seeds not found at {SEEDS}")
    tmp = tmp_path_factory.mktemp("export-filters")
    feed = tmp / "feed.jsonl"
    feed.write_text(json.dumps(ENGLISH) + "\n", encoding="utf-8")
    db = str(tmp / "s.db")
    summary = run_pipeline([str(SEEDS), str(feed)], tmp / "run", db)
    assert summary.read == 6
    return db, tmp / "run"


def _objects(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _export(tmp_path: Path, db: str, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "exp"
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(out), "-q", *args])
    return r.exit_code, r.output, out


def _exported(tmp_path: Path, db: str, *args: str) -> dict[str, list[dict]]:
    code, output, out = _export(tmp_path, db, *args)
    assert code == 0, output
    return {
        name: _objects(out / f"{name}.jsonl")
        for name in ("documents", "stories", "threads", "entities", "quotes", "timeline")
    }


def _ids(objs: list[dict]) -> set[str]:
    return {o["id"] for o in objs}


def _consistent(got: dict[str, list[dict]]) -> None:
    """The stories, threads, entities, quotes and events are those of the documents exported."""
    docs = got["documents"]
    doc_ids = _ids(docs)
    assert _ids(got["stories"]) == {d["story"] for d in docs if d["story"]}
    assert _ids(got["threads"]) == {s["thread"] for s in got["stories"] if s["thread"]}
    mentioned = {m["id"] for d in docs for m in d["entities"] if m["id"]}
    mentioned |= {q["speaker_id"] for d in docs for q in d["quotes"] if q["speaker_id"]}
    assert _ids(got["entities"]) == mentioned
    assert len(got["quotes"]) == sum(len(d["quotes"]) for d in docs)
    assert {q["document"] for q in got["quotes"]} <= doc_ids
    assert all(doc_ids & set(e["documents"]) for e in got["timeline"])


def test_from_to_keeps_the_documents_published_in_the_period(store, tmp_path) -> None:
    db, run = store
    got = _exported(tmp_path, db, "--from", "2023", "--to", "2023-09")
    expected = {d["id"] for d in _objects(run / "documents.jsonl") if (d["published"] or "")[:7] in ("2023-09",)}
    assert _ids(got["documents"]) == expected and len(expected) >= 2
    _consistent(got)
    assert all(s["start"] <= "2023-09-30" and s["end"] >= "2023-01-01" for s in got["stories"])  # they overlap it
    got = _exported(tmp_path, db, "--from", "2024-01-21")
    assert _ids(got["documents"]) == {
        d["id"] for d in _objects(run / "documents.jsonl") if d["published"] >= "2024-01-21"
    }


def test_story_keeps_its_documents(store, tmp_path) -> None:
    db, run = store
    story = max(_objects(run / "stories.jsonl"), key=lambda s: len(s["documents"]))
    got = _exported(tmp_path, db, "--story", story["id"])
    assert _ids(got["documents"]) == set(story["documents"]) and len(story["documents"]) >= 2
    assert got["stories"] == [story]
    _consistent(got)
    assert len(got["timeline"]) == len(story["timeline"]) and all(e["story"] == story["id"] for e in got["timeline"])


def test_entity_by_id_name_or_alias(store, tmp_path) -> None:
    db, run = store
    docs = _objects(run / "documents.jsonl")
    entities = _objects(run / "entities.jsonl")

    def mentioning(eid: str) -> set[str]:
        return {d["id"] for d in docs if any(m["id"] == eid for m in d["entities"])}

    entity = next(
        e for e in sorted(entities, key=lambda e: -e["documents"])
        if 1 < len(mentioning(e["id"])) < len(docs) and any(a.lower() != e["name"].lower() for a in e["aliases"])
    )  # fmt: skip
    alias = next(a for a in entity["aliases"] if a.lower() != entity["name"].lower())
    for given in (entity["id"], entity["name"], alias):
        got = _exported(tmp_path, db, "--entity", given)
        assert _ids(got["documents"]) == mentioning(entity["id"]), given
        _consistent(got)


def test_outlet(store, tmp_path) -> None:
    db, run = store
    got = _exported(tmp_path, db, "--outlet", "ANTARA")
    assert _ids(got["documents"]) == {d["id"] for d in _objects(run / "documents.jsonl") if d["outlet"] == "ANTARA"}
    assert len(got["documents"]) == 1
    _consistent(got)


def test_an_outlet_in_other_letter_case_is_found(store, tmp_path) -> None:
    """``--outlet antara`` (the store has ``ANTARA``) exported nothing (then a warning named the
    stored spelling): the outlet matches in any letter case, as in the API."""
    db, _run = store
    lower = _exported(tmp_path / "lower", db, "--outlet", "antara")
    same = _exported(tmp_path / "same", db, "--outlet", "ANTARA")
    assert _ids(lower["documents"]) == _ids(same["documents"]) and len(same["documents"]) == 1


def test_a_language_no_document_is_in_is_said(store, tmp_path) -> None:
    """``--lang ms`` exported nothing and said nothing; the export
    stays empty (not an error: documented) and names the languages the store holds."""
    db, _run = store
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "ms"), "-q", "--lang", "ms"])
    text = " ".join(r.output.split())
    assert r.exit_code == 0 and "0 documents" in text, r.output
    held = "'id' (5 documents), 'en' (1 documents)"
    assert f"no document of the store is in the language 'ms'; its languages: {held}" in text
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "en"), "-q", "--lang", "EN"])
    assert r.exit_code == 0 and "1 documents" in r.output and "warning" not in r.output, r.output


def test_lang(store, tmp_path) -> None:
    db, _run = store
    got = _exported(tmp_path, db, "--lang", "en")
    assert _ids(got["documents"]) == {"en-floods"}
    _consistent(got)
    assert len(_exported(tmp_path, db, "--lang", "id")["documents"]) == 5
    # a language tag as a feed or a browser writes it, read as the input's `lang` is: the same
    # documents (they were 0, silently), and the API's ?lang= with it
    for tag in ("ID", "id-ID", "in", "id_ID"):
        assert len(_exported(tmp_path, db, "--lang", tag)["documents"]) == 5, tag


def test_a_three_letter_code_exports_its_documents_without_a_warning(store, tmp_path) -> None:
    """``--lang ind`` (ISO 639-2/3 for ``id``: the documents' codes are ISO 639-1) exported the
    Indonesian documents and warned that the store holds none in 'ind': the filter read the code as
    ``id`` and the warning did not."""
    db, _run = store
    r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "ind"), "-q", "--lang", "ind"])
    assert r.exit_code == 0 and "5 documents" in r.output and "warning" not in r.output, r.output
    assert _ids(_exported(tmp_path, db, "--lang", "en-GB")["documents"]) == {"en-floods"}
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        for tag in ("id", "ID", "id-ID", "in", "id_ID"):
            assert c.get(f"/api/documents?lang={tag}").json()["total"] == 5, tag
        # the same forms in both: what the API refuses, export refuses too (it exported nothing, silently)
        for tag in ("id id", "id!", "i" * 17):
            assert c.get("/api/documents", params={"lang": tag}).status_code == 422, tag
            r = CliRunner().invoke(app, ["export", "--db", db, "--out", str(tmp_path / "bad"), "--lang", tag])
            assert r.exit_code == 2 and "is not a language tag" in " ".join(r.output.split()), tag


def test_query_is_the_full_text_search(store, tmp_path) -> None:
    db, run = store
    got = _exported(tmp_path, db, "--query", "Vladivostok")
    docs = _objects(run / "documents.jsonl")
    expected = {d["id"] for d in docs if "vladivostok" in ((d["title"] or "") + " " + d["text"]).lower()}
    assert _ids(got["documents"]) == expected and 0 < len(expected) < 6
    _consistent(got)
    got = _exported(tmp_path, db, "--query", "Vladivostok", "--from", "2023")  # filters combine
    assert _ids(got["documents"]) == {i for i in expected if i.startswith(("001", "003", "004"))}
    # OR: the documents of either word (the English article names Kampung Melayu)
    got = _exported(tmp_path, db, "--query", "Vladivostok OR Kampung")
    assert _ids(got["documents"]) == expected | {"en-floods"}


def test_meta_keeps_the_documents_whose_input_field_matches(store, tmp_path) -> None:
    db, _run = store
    got = _exported(tmp_path, db, "--meta", "tags=jakarta")
    assert _ids(got["documents"]) == {"en-floods"} and got["documents"][0]["meta"]["section"] == "metro"
    _consistent(got)
    spaced = _exported(tmp_path, db, "--meta", " tags = jakarta ")  # spaces around both sides trimmed
    assert _ids(spaced["documents"]) == {"en-floods"}
    assert _exported(tmp_path, db, "--meta", "section=metro", "--lang", "id")["documents"] == []


def test_no_filter_exports_everything(store, tmp_path) -> None:
    db, run = store
    got = _exported(tmp_path, db)
    for name in ("documents", "stories", "entities", "threads"):
        assert _ids(got[name]) == _ids(_objects(run / f"{name}.jsonl")), name
    assert len(got["timeline"]) == sum(len(s["timeline"]) for s in got["stories"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-02-30"], "--from '2024-02-30' is not a date"),
        (["--to", "23-09"], "--to '23-09' is not a date"),
        (["--from", "2024", "--to", "2023-12-31"], "--from 2024 is after --to 2023-12-31"),
        (["--story", "story-000000000000"], "the store holds no story with this id"),
        (["--entity", "Nobody Atall"], "no entity has this id, name or alias"),
        (["--meta", "category"], "--meta 'category' is not KEY=VALUE"),
        (["--meta", '"x"=1'], "is not a field name"),
        (["--query", "!!"], "has no words to search for"),
        (["--format", "xlsx"], "unknown format 'xlsx'"),
    ],
)
def test_a_bad_value_is_one_line_exit_2_and_nothing_written(store, tmp_path, args, message) -> None:
    db, _run = store
    code, output, out = _export(tmp_path, db, *args)
    assert code == 2 and message in " ".join(output.split()), output
    assert not out.exists()


def test_a_filter_given_twice_is_refused_not_dropped(store, tmp_path) -> None:
    """``--story A --story B`` exported story B alone (typer keeps the last value of an option given
    twice): the user's other filter was dropped without a word. Every filter but ``--meta`` (which
    is repeatable) is refused when given twice; given once it works as before."""
    db, run = store
    stories = sorted(_objects(run / "stories.jsonl"), key=lambda s: -len(s["documents"]))
    a, b = stories[0]["id"], stories[1]["id"]
    for args in (
        ["--story", a, "--story", b],
        ["--outlet", "ANTARA", "--outlet", "Harbour Times"],
        ["--from", "2023", "--from", "2024"],
        ["--query", "Putin", "--query", "Kim"],
    ):
        code, output, out = _export(tmp_path, db, *args)
        assert code == 2 and f"{args[0]} given 2 times" in " ".join(output.split()), output
        assert not out.exists()
    got = _exported(tmp_path, db, "--story", a)
    assert _ids(got["documents"]) == set(stories[0]["documents"])


def test_the_api_entity_filter_reads_a_name_or_alias_as_export_does(store) -> None:
    # `export --entity "Vladimir Putin"` found the documents, ?entity=Vladimir%20Putin gave 0 and an
    # unknown entity 0 too, silently
    from fastapi.testclient import TestClient

    from linimasa.api import create_app

    db, run = store
    docs = _objects(run / "documents.jsonl")
    putin = {d["id"] for d in docs if any(m["name"] == "Vladimir Putin" for m in d["entities"])}
    entity_id = next(m["id"] for d in docs for m in d["entities"] if m["name"] == "Vladimir Putin")
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        for value in (entity_id, "Vladimir Putin", "vladimir putin"):
            r = c.get("/api/documents", params={"entity": value, "per_page": 50})
            assert r.status_code == 200 and {i["id"] for i in r.json()["items"]} == putin, value
        r = c.get("/api/search", params={"q": "Vladivostok", "entity": "Vladimir Putin"})
        assert r.status_code == 200 and r.json()["total"] > 0
        r = c.get("/api/documents", params={"entity": "Tokoh Fiktif"})
        assert r.status_code == 422 and "Tokoh Fiktif" in r.text
        # /api/threads took `entity` and ignored it: every thread came back
        english = {m["name"] for d in docs if d["id"] == "en-floods" for m in d["entities"]}
        assert "Kampung Melayu" in english, english
        assert c.get("/api/threads", params={"entity": "Vladimir Putin"}).json()["total"] == 1
        assert c.get("/api/threads", params={"entity": "Kampung Melayu"}).json()["total"] == 0


def test_an_empty_out_or_db_is_refused_not_the_current_folder(store, tmp_path, monkeypatch) -> None:
    """``--out "$DIR"`` with ``DIR`` unset wrote the export, or a run's whole-store files, into the
    current folder (an empty path is ``.``); an empty ``--db`` said that the current folder "is a
    folder, not a store file". Both are refused as the empty filters are (exit 2), nothing written."""
    db, _run = store
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for args in (
        ["export", "--db", db, "--out", "", "-q"],
        ["export", "--db", " ", "--out", "exp", "-q"],
        ["run", str(SEEDS), "--db", db, "--out", "", "-q"],
        ["run", str(SEEDS), "--db", "", "--out", "out", "-q"],
    ):
        r = CliRunner().invoke(app, args)
        option = "--out" if args[args.index("--out") + 1] == "" else "--db"
        assert r.exit_code == 2 and f"'{option}'" in r.output and "is empty" in " ".join(r.output.split()), args
        assert list(work.iterdir()) == [], args
    assert CliRunner().invoke(app, ["export", "--db", db, "-q"]).exit_code == 0  # the defaults still hold
    assert (work / "linimasa-export" / "documents.jsonl").exists()
