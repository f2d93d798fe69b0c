"""The SQLite store: upserts keyed by id and content hash, reuse, and results."""

import json
import sqlite3

import pytest

from linimasa.model import Document, Story, Timex
from linimasa.store.database import Store, StoreError


def _doc(i: str, text: str) -> Document:
    d = Document(id=i, source=f"{i}.txt", raw=text, text=text, lang="id")
    d.timexes.append(Timex(text="Senin", start=0, end=5, type="DATE", value="2024-03-11"))
    return d


def test_save_reuse_and_results(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    store = Store(db)
    run = store.start_run("test")
    store.save_analyses([(_doc("a", "Senin pagi."), "h1"), (_doc("b", "Senin sore."), "h2")], run)
    assert store.known_hashes(["a", "b", "c"]) == {"a": "h1", "b": "h2"}
    again = store.load_analyses(["a"])["a"]
    assert again.text == "Senin pagi." and again.timexes[0].value == "2024-03-11"
    # same id, new content: replaced, never duplicated
    store.save_analyses([(_doc("a", "Selasa pagi."), "h3")], run)
    assert store.count("documents") == 2
    docs = [store.load_analyses(["a"])["a"]]
    docs[0].story = "s1"
    store.save_results(docs, [Story(id="s1", title="t", documents=["a"])], [], run)
    store.finish_run(run, {"read": 2})
    store.close()
    con = sqlite3.connect(db)
    (data,) = con.execute("select data from documents where id='a'").fetchone()
    assert json.loads(data)["story"] == "s1"
    assert con.execute("select count(*) from stories").fetchone()[0] == 1
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_missing_folder_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "nope" / "s.db"))


def test_not_a_database_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(str(bad))
