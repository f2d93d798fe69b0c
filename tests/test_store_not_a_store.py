"""A database linimasa did not write, given as ``--db`` by mistake, is refused, not changed.

``linimasa run SEEDS --db app.db`` on another program's SQLite file added linimasa's thirty tables
beside the program's; when that file had a ``documents`` table of its own, the run took it for a
store from before schema versions, "migrated" it and stopped half-way (``Cannot add a NOT NULL
column with default value NULL``), the file left with linimasa's tables. ``export`` of such a file,
or of an empty one, said that it "has no schema version and is read-only" and to "open it once
where it can be written to upgrade it" (which would have damaged it the same way).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import SEEDS
from typer.testing import CliRunner

from linimasa.cli import app


def _tables(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))


@pytest.mark.parametrize("tables", [["invoices"], ["documents", "invoices"], ["documents"]])
def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path, tables) -> None:
    if not SEEDS.exists():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        for t in tables:
            conn.execute(f"CREATE TABLE {t} (number INTEGER, note TEXT)")
            conn.execute(f"INSERT INTO {t} VALUES (1, 'kept')")
    before = db.read_bytes()
    r = CliRunner().invoke(app, ["run", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 1, r.output
    assert "is not a linimasa store" in " ".join(r.output.split()) and "documents read" not in r.output
    # not a byte changed: the file was switched to WAL journal mode before it was refused
    assert db.read_bytes() == before and not Path(f"{db}-wal").exists()
    assert _tables(db) == sorted(tables)  # nothing added
    with sqlite3.connect(db) as conn:
        assert [list(row) for row in conn.execute(f"SELECT * FROM {tables[0]}")] == [[1, "kept"]]
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "exp")])
    assert r.exit_code == 1 and "is not a linimasa store" in " ".join(r.output.split()), r.output
    assert not (tmp_path / "exp").exists()


def test_a_sqlite_url_still_opens() -> None:
    """``--db sqlite://`` (a URL, not a path: in memory) failed with UnboundLocalError once the
    journal mode waited for the schema check (it looked at the file of a path)."""
    from linimasa.store.database import Store

    store = Store("sqlite://")
    try:
        assert store.dialect == "sqlite" and store.count("documents") == 0
    finally:
        store.close()


def test_export_of_an_empty_file_says_it_is_not_a_store(tmp_path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "exp")])
    text = " ".join(r.output.split())
    assert r.exit_code == 1 and "is not a linimasa store" in text and "read-only" not in text, r.output


def test_a_store_linimasa_wrote_is_still_used(tmp_path) -> None:
    if not SEEDS.exists():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = tmp_path / "s.db"
    db.touch()  # an empty file is a new store
    r = CliRunner().invoke(app, ["run", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "exp"), "-q"])
    assert r.exit_code == 0 and "5 documents" in r.output, r.output


def test_a_store_another_process_writes_says_so(tmp_path) -> None:
    """A run into a store that another process holds locked (a run, an ingest) ended on "database is
    locked" after the busy timeout, which did not say what to do."""
    if not SEEDS.exists():
        pytest.skip(f"seeds not found at {SEEDS}")
    db = tmp_path / "s.db"
    r = CliRunner().invoke(
        app, ["run", str(SEEDS / "000_6a5f752b9271a523.txt"), "--db", str(db), "--out", str(tmp_path / "a"), "-q"]
    )
    assert r.exit_code == 0, r.output
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        r = CliRunner().invoke(app, ["run", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "b"), "-q"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    text = " ".join(r.output.split())
    assert r.exit_code == 1 and "database is locked: another process" in text and "try again" in text, r.output
