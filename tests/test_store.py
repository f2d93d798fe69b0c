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


def test_many_rows_reach_sqlite_as_sqlalchemy_would_write_them(tmp_path) -> None:
    """``execute_many`` hands SQLite the compiled statement and the rows as tuples; what lands
    is what ``conn.execute(stmt, rows)`` writes: inserts, upserts, updates by a bound key
    and raw text, with NULLs, non-ASCII text and rows given with their keys in any order."""
    from sqlalchemy import bindparam, insert, text
    from sqlalchemy.dialects.sqlite import insert as upsert

    from linimasa.store import schema
    from linimasa.store.indexing import execute_many

    quotes = [
        {"document_id": "d1", "idx": 0, "speaker": "Joko Widodo", "speaker_id": "per-1", "text": "“Kita kerja.”", "kind": "direct"},
        {"kind": None, "text": "", "speaker_id": None, "speaker": None, "idx": 1, "document_id": "d1"},
    ]  # fmt: skip
    docs = [
        {"id": "d1", "content_hash": "h", "source": "a.txt", "lang": "id", "published": None, "outlet": "Kompas", "analysis": "{}"},
        {"outlet": None, "analysis": "{\"é\": 1}", "published": "2024-03-11", "lang": None, "source": "b.txt", "content_hash": "h2", "id": "d2"},
    ]  # fmt: skip
    final = [{"_id": "d2", "data": "{}", "story": "s1", "title": "Judul – ünïcode"}]
    update = (
        schema.documents.update()
        .where(schema.documents.c.id == bindparam("_id"))
        .values(data=bindparam("data"), story=bindparam("story"), title=bindparam("title"))
    )
    stmt = upsert(schema.documents)
    keys = [k for k in docs[0] if k != "id"]
    upsert_docs = stmt.on_conflict_do_update(index_elements=["id"], set_={k: stmt.excluded[k] for k in keys})
    tables = {}
    for way in ("sqlalchemy", "execute_many"):
        store = Store(str(tmp_path / f"{way}.db"))
        with store.engine.begin() as conn:
            write = conn.execute if way == "sqlalchemy" else lambda stmt, rows, c=conn: execute_many(c, stmt, rows)
            write(insert(schema.quotes), quotes)
            write(upsert_docs, docs)
            write(update, final)
            write(text("INSERT INTO search_docs (document_id) VALUES (:d)"), [{"d": "d1"}, {"d": "d2"}])
        store.close()
        con = sqlite3.connect(tmp_path / f"{way}.db")
        tables[way] = [
            con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in ("quotes", "documents", "search_docs")
        ]
        con.close()
    assert tables["execute_many"] == tables["sqlalchemy"]
    assert tables["sqlalchemy"][0][0][4] == "“Kita kerja.”" and tables["sqlalchemy"][1][1][7] == '{"é": 1}'
