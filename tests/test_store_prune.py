"""Stale rows (issue 20, finding 7): after ``linimasa run`` (or an API ingest) the store holds
no story that no document belongs to and no entity that no document mentions.

``run`` used to keep them: ``/api/stories`` listed stories of one document whose page had
none. The pruning (:func:`linimasa.store.database.prune_unreferenced`) is done in the
transaction of the last result write, by both engines' runs and the API's ingest.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from fastapi.testclient import TestClient
from fixtures_trust import article
from sqlalchemy import select

from linimasa.api import create_app
from linimasa.jobs.run import run_pipeline
from linimasa.store import schema
from linimasa.store.database import Store


def _write(folder: Path, arts: list[dict]) -> str:
    folder.mkdir(parents=True)
    (folder / "feed.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8"
    )
    return str(folder)


def _set_a() -> list[dict]:
    rng = random.Random(11)
    arts = [article(i, rng) for i in range(12)]
    # two reports of the same flood: one story of two documents
    twin = dict(arts[0], id="doc-twin", url=arts[0]["url"] + "-b")
    twin["text"] = arts[0]["text"] + "\nWarga mengungsi ke balai desa."
    return [*arts, twin]


def _set_b() -> list[dict]:
    """The same ids, other texts: other places and people; the twin is no twin any more, and
    ``doc-0001`` is now a second report of ``doc-0000``'s event (its own story goes)."""
    rng = random.Random(99)
    arts = [dict(article(100 + i, rng), id=a["id"], url=a["url"]) for i, a in enumerate(_set_a())]
    first = arts[0]
    arts[1] = dict(first, id="doc-0001", url=arts[1]["url"], text=first["text"] + "\nWarga mengungsi ke balai desa.")
    return arts


def _unreferenced(db: str) -> tuple[list[str], list[str]]:
    store = Store(db)
    d, s, e, m = schema.documents, schema.stories, schema.entities, schema.mentions
    try:
        with store.engine.connect() as conn:
            held = {r[0] for r in conn.execute(select(d.c.story))}
            stories = [r[0] for r in conn.execute(select(s.c.id)) if r[0] not in held]
            mentioned = {r[0] for r in conn.execute(select(m.c.entity_id))}
            entities = [r[0] for r in conn.execute(select(e.c.id)) if r[0] not in mentioned]
        return stories, entities
    finally:
        store.close()


def _check_api(db: str) -> None:
    """Every story the API lists has its documents; every entity listed has documents."""
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        stories = client.get("/api/stories?per_page=200").json()["items"]
        assert stories
        for st in stories:
            docs = client.get(f"/api/stories/{st['id']}").json()["documents"]
            assert len(docs) == st["documents"] > 0, st
        for ent in client.get("/api/entities?per_page=200").json()["items"]:
            assert client.get(f"/api/entities/{ent['id']}/documents").json()["total"] > 0, ent


def test_run_prunes_what_no_document_holds(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    run_pipeline([_write(tmp_path / "a", _set_a())], tmp_path / "out-a", db)
    before = Store(db)
    stories_a, entities_a = before.count("stories"), before.count("entities")
    before.close()
    run_pipeline([_write(tmp_path / "b", _set_b())], tmp_path / "out-b", db)
    assert _unreferenced(db) == ([], [])
    # the store holds exactly what the second run's outputs say
    out = tmp_path / "out-b"
    store = Store(db)
    try:
        for name in ("stories", "entities"):
            ids = {json.loads(line)["id"] for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
            with store.engine.connect() as conn:
                stored = {r[0] for r in conn.execute(select(getattr(schema, name).c.id))}
            assert stored == ids, name
    finally:
        store.close()
    assert stories_a and entities_a
    # the case of the issue: a story of run A whose documents all went to other stories in run B
    from linimasa.corpus.stories import story_id

    ids_a = {json.loads(line)["id"] for line in (tmp_path / "out-a" / "stories.jsonl").read_text().splitlines()}
    ids_b = {json.loads(line)["id"] for line in (out / "stories.jsonl").read_text().splitlines()}
    assert story_id("doc-0001") in ids_a - ids_b
    _check_api(db)


def test_api_ingest_after_run_prunes(tmp_path) -> None:
    db = str(tmp_path / "s.db")
    run_pipeline([_write(tmp_path / "a", _set_a())], tmp_path / "out-a", db)
    body = "\n".join(json.dumps(a, ensure_ascii=False) for a in _set_b())
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        r = client.post(
            "/api/documents", content=body.encode("utf-8"), headers={"content-type": "application/x-ndjson"}
        )
        assert r.status_code == 200, r.text
    assert _unreferenced(db) == ([], [])
    _check_api(db)
