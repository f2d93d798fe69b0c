"""Tables of the linimasa store (SQLAlchemy Core, portable to PostgreSQL).

Documents are stored twice over: ``analysis`` is the per-document result (what the
per-document stages produced: the unit of resume), ``data`` the final object after the
corpus stages (story, duplicate, story-level dates). Both are the JSON of
:meth:`linimasa.model.Document.to_json`.

Version 2 (the serving layer) adds plain columns the API filters and sorts on (day,
title, story dates and sizes, entity names), the ``mentions`` and ``quotes`` tables (who is
mentioned / quoted where, so an entity's documents and quotes are index look-ups), and the
full-text index: ``search_docs`` gives every document a small integer key that the
dialect-specific index uses (an FTS5 virtual table on SQLite, ``search_tsv`` with a GIN
index on PostgreSQL; both created in :mod:`linimasa.store.migrations`). Any change here
needs a migration there.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text
from sqlalchemy.dialects.postgresql import TSVECTOR

SCHEMA_VERSION = 8

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
    # version 2
    Column("day", String(10)),
    Column("title", Text),
    Column("duplicate_of", String(512)),
)
Index("ix_documents_story", documents.c.story)
Index("ix_documents_day", documents.c.day)
Index("ix_documents_lang", documents.c.lang)
Index("ix_documents_outlet", documents.c.outlet)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
    # version 2
    Column("title", Text),
    Column("start_date", String(32)),
    Column("end_date", String(32)),
    Column("n_documents", Integer),
    # version 4
    Column("thread", String(64)),
)
Index("ix_stories_end", stories.c.end_date)
Index("ix_stories_thread", stories.c.thread)

# version 4: threads of stories (the JSON object of threads.jsonl, and columns to list them by)
threads = Table(
    "threads",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
    Column("title", Text),
    Column("start_date", String(32)),
    Column("end_date", String(32)),
    Column("n_stories", Integer),
)
Index("ix_threads_end", threads.c.end_date)

entities = Table(
    "entities",
    metadata,
    Column("id", String(256), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_run", Integer),
    # version 2
    Column("name", Text),
    Column("type", String(16)),
    Column("n_documents", Integer),
)
Index("ix_entities_n", entities.c.n_documents)

# -- version 2 ---------------------------------------------------------------------------

mentions = Table(
    "mentions",
    metadata,
    Column("document_id", String(512), primary_key=True),
    Column("entity_id", String(256), primary_key=True),
    Column("n", Integer, nullable=False),
)
ix_mentions_entity = Index("ix_mentions_entity", mentions.c.entity_id)

quotes = Table(
    "quotes",
    metadata,
    Column("document_id", String(512), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("speaker", Text),
    Column("speaker_id", String(256)),
    Column("text", Text, nullable=False),
    Column("kind", String(16)),
)
ix_quotes_speaker = Index("ix_quotes_speaker", quotes.c.speaker_id)

# Lookup indexes a run that rewrites most of the store drops while it writes the mention and
# quote rows and builds again at the end (Store.bulk_final_rows); a store opened after a run
# died in between gets them back (Store.restore_indexes).
BULK_INDEXES = (ix_mentions_entity, ix_quotes_speaker)

search_docs = Table(
    "search_docs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(512), nullable=False, unique=True),
)

# SQLite: full-text rows of analysed documents that are not in ``search_fts`` yet. A run
# stages them while every core analyses and indexes them while it plans, when a core is
# free (Store.index_pending_search); a store opened after a run died in between indexes
# what is left (Store.restore_indexes).
search_pending = Table(
    "search_pending",
    metadata,
    Column("document_id", String(512), primary_key=True),
    Column("words", Text, nullable=False),
    Column("stems", Text, nullable=False),
)

# PostgreSQL only: the tsvector of each search_docs row (SQLite uses the FTS5 table
# ``search_fts`` whose rowid is search_docs.id).
pg_metadata = MetaData()
search_tsv = Table(
    "search_tsv",
    pg_metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("tsv", TSVECTOR, nullable=False),
)
Index("ix_search_tsv", search_tsv.c.tsv, postgresql_using="gin")

SQLITE_FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(words, stems, tokenize = 'unicode61 remove_diacritics 2')"
)

# version 5: each analysed document's corpus record (corpus.records.record_to_json, JSON text):
# what the corpus decisions need of it, so that a run adding documents plans over the stored
# ones without reading their analyses again (docs/incremental.md)
doc_records = Table(
    "doc_records",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("data", Text, nullable=False),
)

# version 5: each story's timeline event terms (corpus.timeline.event_terms: a JSON list of term
# lists), computed where the story was finalised; a later run that leaves the story as it is
# builds the corpus timeline from them without stemming its events again
story_terms = Table(
    "story_terms",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("data", Text, nullable=False),
)

# version 6: the state the last plan ended with (corpus.increment: term and entity document
# frequencies, the clustering pass's stories and blocking postings, the duplicate index, the
# entity tables): a run that adds documents continues it, reading only the keys its new
# documents name (docs/incremental.md). Version 7: the keyed values packed in shards, one row
# each, and a layout row (store/state_shards.py)
plan_state = Table(
    "plan_state",
    metadata,
    Column("key", String(600), primary_key=True),
    Column("data", Text, nullable=False),
)

# version 8: what a story's finalisation needs of each member whose final object a run that adds
# to the store can keep (jobs/finalise_stored.py, JSON text): its timeline events, its summary
# candidate sentences, its entity links as applied, whether its date is its own, and a checksum of
# the final object they go with (a row that does not match it is not used). Written when a
# continued run finalises the member (docs/incremental.md)
doc_inputs = Table(
    "doc_inputs",
    metadata,
    Column("id", String(512), primary_key=True),
    Column("data", Text, nullable=False),
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
