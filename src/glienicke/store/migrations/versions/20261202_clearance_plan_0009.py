"""clearance steps name the item, the requirement of the law they meet, and their phase

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("clearance_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("requirement", sa.Text(), nullable=True))
        # Steps already on file were all asked before approval: they are clearance steps.
        batch_op.add_column(
            sa.Column(
                "phase",
                sa.Enum(
                    "clearance",
                    "execution",
                    name="step_phase",
                    native_enum=False,
                    create_constraint=True,
                    length=40,
                ),
                nullable=False,
                server_default="clearance",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("clearance_steps", schema=None) as batch_op:
        batch_op.drop_column("phase")
        batch_op.drop_column("requirement")
        batch_op.drop_column("item")
