"""Full-text rows staged during a run's first phase and indexed later (SQLite): found once
indexed, never twice, and not lost when the run stops in between."""

from __future__ import annotations

import json
import sqlite3
import threading

from linimasa.store.database import Store
from linimasa.store.search import index_fields, tokens


def _articles(indosum_path, n: int) -> list[dict]:
    return [json.loads(line) for line in indosum_path.read_text(encoding="utf-8").splitlines()[:n]]


def _rows(articles: list[dict]) -> tuple[list[dict], list[tuple[str, str, str]]]:
    rows, search = [], []
    for a in articles:
        doc_id = str(a["id"])
        rows.append({"id": doc_id, "content_hash": "h", "source": "x", "lang": "id", "published": None, "outlet": None, "analysis": "{}"})  # fmt: skip
        search.append((doc_id, *index_fields(None, a["text"], "id")))
    return rows, search


def _found(db: str, word: str) -> list[str]:
    con = sqlite3.connect(db)
    try:
        q = "SELECT d.document_id FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ?"
        return sorted(r[0] for r in con.execute(q, (f'"{word}"',)))
    finally:
        con.close()


def _count(db: str, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_staged_rows_are_found_once_indexed_and_replace_a_documents_older_row(tmp_path, indosum_path) -> None:
    db = str(tmp_path / "s.db")
    store = Store(db)
    articles = _articles(indosum_path, 5)
    rows, search = _rows(articles)
    word = tokens(articles[0]["text"])[3]
    store.save_analysis_rows(rows, search, 1, stage=True)
    assert _count(db, "search_pending") == 5 and _found(db, word) == []
    assert store.index_pending_search(chunk=2) == 5  # three transactions
    assert _count(db, "search_pending") == 0 and _count(db, "search_fts") == 5
    assert str(articles[0]["id"]) in _found(db, word)
    # the first document analysed again with another text: its old words are gone from the index
    other = articles[1]["text"].replace(word, "")
    store.save_analysis_rows(rows[:1], [(rows[0]["id"], *index_fields(None, other, "id"))], 2, stage=True)
    assert store.index_pending_search() == 1
    assert str(articles[0]["id"]) not in _found(db, word) and _count(db, "search_fts") == 5
    assert store.index_pending_search() == 0
    store.close()


def test_rows_staged_by_a_run_that_stopped_are_indexed_when_the_store_is_opened_again(tmp_path, indosum_path) -> None:
    db = str(tmp_path / "s.db")
    store = Store(db)
    rows, search = _rows(_articles(indosum_path, 3))
    store.save_analysis_rows(rows, search, 1, stage=True)
    store.close()  # the run stops before its plan phase
    Store(db).close()
    assert _count(db, "search_pending") == 0 and _count(db, "search_fts") == 3


def test_a_run_stages_while_it_analyses_and_indexes_on_another_thread_before_it_writes_final_rows(
    tmp_path, indosum_path
) -> None:
    from linimasa.jobs.local import run_stream
    from linimasa.jobs.stages import default_stages
    from linimasa.jobs.summary import RunSummary
    from linimasa.pipeline import Pipeline

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": str(a["id"]), "text": a["text"]}) + "\n" for a in _articles(indosum_path, 40)))  # fmt: skip
    db = str(tmp_path / "s.db")
    store = Store(db)
    seen: dict[str, object] = {"analysing": set()}

    def on_document() -> None:
        seen["analysing"].add(_count(db, "search_fts"))  # type: ignore[union-attr]

    def on_phase(name: str, _total: int | None) -> None:
        if name == "stories":  # phase 3 starts: the index is complete
            seen["pending"], seen["indexed"] = _count(db, "search_pending"), _count(db, "search_fts")

    def index(chunk: int = 2000, index_pending=store.index_pending_search) -> int:
        seen["thread"] = threading.current_thread().name
        return index_pending(chunk)

    store.index_pending_search = index  # type: ignore[method-assign]
    run_stream([str(src)], Pipeline(default_stages()), store, db, store.start_run("run"), RunSummary(), batch_size=8, on_document=on_document, on_phase=on_phase)  # fmt: skip
    assert seen["analysing"] == {0}
    assert seen["pending"] == 0 and seen["indexed"] == 40
    assert str(seen["thread"]).startswith("linimasa-search-index")
