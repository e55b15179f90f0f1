"""import offers: a document an import holds back as probably one already on file

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_offers",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("duplicate_of", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("file", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offered_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_import_offers")),
    )
    op.create_index(
        op.f("ix_import_offers_duplicate_of"), "import_offers", ["duplicate_of"], unique=False
    )
    op.create_index(op.f("ix_import_offers_status"), "import_offers", ["status"], unique=False)
    # publication numbers are how an import finds a volume's document typed in by hand
    op.create_index(
        op.f("ix_document_publications_number"), "document_publications", ["number"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_document_publications_number"), table_name="document_publications")
    op.drop_index(op.f("ix_import_offers_status"), table_name="import_offers")
    op.drop_index(op.f("ix_import_offers_duplicate_of"), table_name="import_offers")
    op.drop_table("import_offers")
