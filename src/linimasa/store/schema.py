"""Tables of the linimasa store (SQLAlchemy Core, portable to PostgreSQL).

Documents are stored twice over: ``analysis`` is the per-document result (what the
per-document stages produced: the unit of resume), ``data`` the final object after the
corpus stages (story, duplicate, story-level dates). Both are the JSON of
:meth:`linimasa.model.Document.to_json`.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

SCHEMA_VERSION = 1

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("source", Text, nullable=False),
    Column("lang", String(8)),
    Column("published", String(32)),
    Column("outlet", String(256)),
    Column("story", String(64)),
    Column("analysis", Text, nullable=False),
    Column("data", Text),
    Column("updated_run", Integer),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(256), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("command", Text),
    Column("summary", Text),
)

store_info = Table(
    "store_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
