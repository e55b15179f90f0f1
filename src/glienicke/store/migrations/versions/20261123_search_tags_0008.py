"""search tags and threading indexes: the index holds each document's classification, kind, year, file designations
and the cases, proposals and persons it is linked to, so visibility and filters apply inside
the engine's own match and facets are read from the best matches' index rows alone (FTS5:
tokens in a column of their own; PostgreSQL: a text array with a GIN index); telegrams and
references are indexed by number and year or date, for threading a large record

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 04:30:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZER = "tokenize='porter unicode61 remove_diacritics 2'"
SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE document_index USING fts5(key UNINDEXED, title, names, notes, body,"
    f" tags, {TOKENIZER})"
)
SQLITE_INDEX_BEFORE = (
    "CREATE VIRTUAL TABLE document_index USING fts5(key UNINDEXED, title, names, notes, body,"
    f" {TOKENIZER})"
)
LINKS = (
    ("document_cases", "case"),
    ("document_proposals", "proposal"),
    ("document_persons", "person"),
    ("document_file_designations", "file"),
)


def sqlite_token(tag: str) -> str:
    """A tag as one FTS5 token that no word can be: hex digits between letters, ending in a
    digit so the porter stemmer leaves it whole (the same rule as store.search)."""
    return "tag" + tag.encode("utf-8").hex() + "0"


def split_numbers(names: str) -> str:
    """PostgreSQL's parser reads '311.6121' as one token where queries read two words: the
    names also hold such numbers split (the same rule as store.search)."""
    split = re.sub(r"(?<=\d)[./](?=\d)|[./](?=\d)", " ", names)
    return names if split == names else f"{names}\n{split}"


def _tags(bind: sa.Connection) -> dict[str, list[str]]:
    """Every document's tags, from the documents table and its link tables."""
    meta = sa.MetaData()
    documents = sa.Table("documents", meta, autoload_with=bind)
    tags: dict[str, list[str]] = {}
    columns = (documents.c.key, documents.c.classification, documents.c.kind, documents.c.year)
    for key, classification, kind, year in bind.execute(sa.select(*columns)):
        found = tags[key] = [f"class:{classification}", f"kind:{kind}"]
        if year is not None:
            found.append(f"year:{year}")
    for name, prefix in LINKS:
        table = sa.Table(name, meta, autoload_with=bind)
        value = next(c for c in table.c if c.name not in ("parent_key", "position"))
        for key, linked in bind.execute(sa.select(table.c.parent_key, value)):
            tags.setdefault(key, []).append(f"{prefix}:{linked}")
    return tags


def upgrade() -> None:
    op.create_index("ix_documents_telegram_number_year", "documents", ["telegram_number", "year"])
    op.create_index("ix_document_references_number_date", "document_references", ["number", "date"])
    bind = op.get_bind()
    tags = _tags(bind)
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE document_index ADD COLUMN tags text[] NOT NULL DEFAULT '{}'")
        op.execute("CREATE INDEX ix_document_index_tags ON document_index USING gin (tags)")
        index = sa.table("document_index", sa.column("key"), sa.column("names"), sa.column("tags"))
        names = {key: text for key, text in bind.execute(sa.select(index.c.key, index.c.names))}
        statement = (
            index.update()
            .where(index.c.key == sa.bindparam("k"))
            .values(tags=sa.bindparam("t", type_=sa.ARRAY(sa.Text())), names=sa.bindparam("n"))
        )
        rows = [
            {"k": key, "t": tags.get(key, []), "n": split_numbers(text)}
            for key, text in names.items()
        ]
        if rows:
            bind.execute(statement, rows)
        return
    # FTS5 tables cannot gain a column: build the new one beside the old and swap them.
    op.execute(SQLITE_INDEX.replace("document_index", "document_index_new", 1))
    old = bind.execute(sa.text("SELECT key, title, names, notes, body FROM document_index"))
    rows = [
        {
            "key": key,
            "title": title,
            "names": names,
            "notes": notes,
            "body": body,
            "tags": " ".join(sqlite_token(t) for t in tags.get(key, [])),
        }
        for key, title, names, notes, body in old
    ]
    if rows:
        bind.execute(
            sa.text(
                "INSERT INTO document_index_new (key, title, names, notes, body, tags)"
                " VALUES (:key, :title, :names, :notes, :body, :tags)"
            ),
            rows,
        )
    op.execute("DROP TABLE document_index")
    op.execute("ALTER TABLE document_index_new RENAME TO document_index")


def downgrade() -> None:
    op.drop_index("ix_document_references_number_date", table_name="document_references")
    op.drop_index("ix_documents_telegram_number_year", table_name="documents")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_document_index_tags")
        op.execute("ALTER TABLE document_index DROP COLUMN tags")
        return
    op.execute(SQLITE_INDEX_BEFORE.replace("document_index", "document_index_old", 1))
    op.execute(
        "INSERT INTO document_index_old (key, title, names, notes, body)"
        " SELECT key, title, names, notes, body FROM document_index"
    )
    op.execute("DROP TABLE document_index")
    op.execute("ALTER TABLE document_index_old RENAME TO document_index")
