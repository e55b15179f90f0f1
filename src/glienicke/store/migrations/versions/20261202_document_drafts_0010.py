"""document drafts: a document's status (draft or filed; every document on file is filed) and
the persons whose clearance a draft still waits for

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02 18:18:18

(To be re-chained onto 0009 when the branches meet.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUS = sa.Enum(
    "draft",
    "filed",
    name="document_status",
    native_enum=False,
    create_constraint=True,
    length=40,
)


def upgrade() -> None:
    op.create_table(
        "document_to_clear",
        sa.Column("parent_key", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_key"],
            ["documents.key"],
            name=op.f("fk_document_to_clear_parent_key_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_key"],
            ["persons.key"],
            name=op.f("fk_document_to_clear_person_key_persons"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("parent_key", "position", name=op.f("pk_document_to_clear")),
    )
    with op.batch_alter_table("document_to_clear", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_to_clear_person_key"), ["person_key"], unique=False
        )

    # Every document filed before drafts existed is filed. The column is added in place, never
    # by copying the table: on SQLite a copy of `documents` would cascade-delete the rows of its
    # child tables (and trip the deferred foreign keys of every table that refers to it).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE documents ADD COLUMN status VARCHAR(40) DEFAULT 'filed' NOT NULL"
            " CONSTRAINT ck_documents_document_status CHECK (status IN ('draft', 'filed'))"
        )
    else:
        op.add_column(
            "documents", sa.Column("status", STATUS, nullable=False, server_default="filed")
        )
    op.create_index(op.f("ix_documents_status"), "documents", ["status"], unique=False)


def downgrade() -> None:
    # The older schema has no drafts: refuse rather than lose them or pass them off as filed.
    drafts = op.get_bind().scalar(sa.text("SELECT count(*) FROM documents WHERE status = 'draft'"))
    if drafts:
        raise RuntimeError(
            f"{drafts} draft document(s) on file: file them (glienicke draft file) or remove"
            " them before going back to a schema without drafts"
        )
    # In place again (SQLite 3.35 and later drop a column whose only CHECK is its own).
    op.drop_index(op.f("ix_documents_status"), table_name="documents")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE documents DROP COLUMN status")
    else:
        op.drop_column("documents", "status")

    with op.batch_alter_table("document_to_clear", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_to_clear_person_key"))

    op.drop_table("document_to_clear")
