"""audit seal, sign-in misses, an account's person: the keyed head of the audit chain; failed
sign-ins counted by the typed name when no account has it; the person an account is

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_seal",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seal")),
    )
    op.create_table(
        "sign_in_misses",
        sa.Column("name_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("retry_after", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name_hash", name=op.f("pk_sign_in_misses")),
    )
    # in place, never by copying the table: on SQLite a copy would drop the old one, and with
    # it, by cascade, every role, group, token and session of every account
    op.add_column("users", sa.Column("person", sa.String(length=120), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "person")
    op.drop_table("sign_in_misses")
    op.drop_table("audit_seal")
