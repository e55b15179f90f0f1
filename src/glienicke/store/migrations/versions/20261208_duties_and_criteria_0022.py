"""duties and criteria: duties owed on a case, criteria assessed and determinations made

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_duties",
        sa.Column("case_key", sa.String(length=120), nullable=False),
        sa.Column("detention", sa.String(length=120), nullable=False),
        sa.Column("pack", sa.String(length=80), nullable=False),
        sa.Column("step", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("on", sa.String(length=32), nullable=True),
        sa.Column("document", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "case_key", "detention", "pack", "step", name=op.f("pk_case_duties")
        ),
    )
    op.create_index(op.f("ix_case_duties_detention"), "case_duties", ["detention"], unique=False)
    op.create_index(op.f("ix_case_duties_document"), "case_duties", ["document"], unique=False)
    op.create_table(
        "criterion_assessments",
        sa.Column("detention", sa.String(length=120), nullable=False),
        sa.Column("pack", sa.String(length=80), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("finding", sa.String(length=20), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("assessed_by", sa.String(length=200), nullable=False),
        sa.Column("assessed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "detention", "pack", "number", name=op.f("pk_criterion_assessments")
        ),
    )
    op.create_table(
        "detention_determinations",
        sa.Column("detention", sa.String(length=120), nullable=False),
        sa.Column("pack", sa.String(length=80), nullable=False),
        sa.Column("determination", sa.String(length=30), nullable=False),
        sa.Column("on", sa.String(length=32), nullable=False),
        sa.Column("determined_by", sa.Text(), nullable=False),
        sa.Column("referral", sa.Text(), nullable=True),
        sa.Column("referred_on", sa.String(length=32), nullable=True),
        sa.Column("document", sa.String(length=120), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("detention", "pack", name=op.f("pk_detention_determinations")),
    )


def downgrade() -> None:
    op.drop_table("detention_determinations")
    op.drop_table("criterion_assessments")
    op.drop_index(op.f("ix_case_duties_document"), table_name="case_duties")
    op.drop_index(op.f("ix_case_duties_detention"), table_name="case_duties")
    op.drop_table("case_duties")
