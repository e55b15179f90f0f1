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


PHASE: sa.Column[str] = sa.Column(
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
    # Steps already on file were all asked before approval: they are clearance steps.
    server_default="clearance",
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("clearance_steps")}
    with op.batch_alter_table("clearance_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("requirement", sa.Text(), nullable=True))
        if "phase" not in columns:  # a SQLite downgrade leaves it (see below)
            batch_op.add_column(PHASE)


def downgrade() -> None:
    if _sqlite():
        # Dropping a column SQLite cannot drop in place means copying the table, and the copy
        # trips the table's own deferred foreign key (escalates). item and requirement drop in
        # place; phase, held by its CHECK constraint, stays: it has a default, older code never
        # reads it, and the upgrade adds it only where it is missing.
        op.execute("ALTER TABLE clearance_steps DROP COLUMN requirement")
        op.execute("ALTER TABLE clearance_steps DROP COLUMN item")
        return
    with op.batch_alter_table("clearance_steps", schema=None) as batch_op:
        batch_op.drop_column("phase")
        batch_op.drop_column("requirement")
        batch_op.drop_column("item")
