"""import reading: what real FRUS volumes say beyond the heading (a subject line, the posts a
telegram was repeated to, the participants of a conversation), and a column the registry sorts
by so that partial dates are listed newest first in time order (filled in here for the rows
stored before; see store/derived.py)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from glienicke.domain.dates import PartialDate
from glienicke.store.derived import date_order

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, value column)
LISTS = (("document_participants", "text"), ("document_repeated_to", "post"))


def upgrade() -> None:
    for table, column in LISTS:
        op.create_table(
            table,
            sa.Column("parent_key", sa.String(length=120), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column(column, sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(
                ["parent_key"],
                ["documents.key"],
                name=op.f(f"fk_{table}_parent_key_documents"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("parent_key", "position", name=op.f(f"pk_{table}")),
        )
    # Added in place (nullable, no constraint), never by copying the table: on SQLite a copy
    # would cascade-delete the rows of its children.
    op.add_column("documents", sa.Column("subject", sa.Text(), nullable=True))
    op.add_column("documents", sa.Column("date_order", sa.String(length=32), nullable=True))
    _backfill(op.get_bind())
    op.drop_index("ix_documents_year_date_key", table_name="documents")
    op.create_index(
        "ix_documents_year_date_order_key",
        "documents",
        ["year", "date_order", "key"],
        unique=False,
    )


def _backfill(bind: sa.Connection) -> None:
    documents = sa.table(
        "documents",
        sa.column("key", sa.String),
        sa.column("date", sa.String),
        sa.column("date_order", sa.String),
    )
    rows = list(
        bind.execute(
            sa.select(documents.c.key, documents.c.date).where(documents.c.date.is_not(None))
        )
    )
    for key, day in rows:
        bind.execute(
            documents.update()
            .where(documents.c.key == key)
            .values(date_order=date_order(PartialDate.parse(day)))
        )


def downgrade() -> None:
    op.drop_index("ix_documents_year_date_order_key", table_name="documents")
    op.create_index(
        "ix_documents_year_date_key", "documents", ["year", "date", "key"], unique=False
    )
    op.drop_column("documents", "date_order")
    op.drop_column("documents", "subject")
    for table, _column in reversed(LISTS):
        op.drop_table(table)
