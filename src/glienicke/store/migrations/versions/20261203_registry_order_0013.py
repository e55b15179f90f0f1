"""registry order: an index of the documents by year, date and key, which the registry walks
newest first and stops at its page

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_documents_year_date_key", "documents", ["year", "date", "key"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_documents_year_date_key", table_name="documents")
