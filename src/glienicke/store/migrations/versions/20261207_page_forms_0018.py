"""page forms: the reader role (reads what its clearance and groups admit, changes nothing),
for accounts such as the demo's uncleared guest

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "case-officer",
    "negotiator",
    "legal-adviser",
    "principal",
    "records-officer",
    "auditor",
    "administrator",
)
AFTER = ("reader", *BEFORE)


def _allow(roles: Sequence[str]) -> None:
    listed = ", ".join(f"'{role}'" for role in roles)
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_user_roles_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_user_roles_role"), f"role IN ({listed})")


def upgrade() -> None:
    _allow(AFTER)


def downgrade() -> None:
    op.execute("DELETE FROM user_roles WHERE role = 'reader'")
    _allow(BEFORE)
