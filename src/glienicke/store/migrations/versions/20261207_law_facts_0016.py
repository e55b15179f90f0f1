"""law facts: what an offence was (when, violent or not, its statutory maximum), credit for
custody before sentence, whose jurisdiction the proceedings are in, release into an
ambassador's custody as a stage, and the treaties between states

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 10:05:01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import glienicke.store.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGES = (
    "arrested",
    "charged",
    "on-trial",
    "convicted",
    "sentenced",
    "appeal-pending",
    "appeal-upheld",
    "appeal-reversed",
    "serving",
    "condemned-to-death",
    "on-bail",
    "on-probation",
    "paroled",
    "pardoned",
    "commuted",
    "charges-dropped",
    "released",
    "expelled",
    "exchanged",
    "departed",
    "died",
)
NEW_STAGE = "released-to-ambassador"
STAGE_CHECK = "ck_stages_stage_kind"


def _date(name: str) -> sa.Column[object]:
    return sa.Column(name, glienicke.store.types.PartialDateType(length=32), nullable=True)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def _stages_allow(values: Sequence[str]) -> None:
    listed = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table("stages", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f(STAGE_CHECK), type_="check")
        batch_op.create_check_constraint(op.f(STAGE_CHECK), f"stage IN ({listed})")


def upgrade() -> None:
    op.create_table(
        "state_treaties",
        sa.Column("parent_key", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("treaty_kind", "prisoner-transfer"), nullable=False),
        sa.Column("with_state", sa.String(length=120), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        _date("in_force_from"),
        _date("in_force_until"),
        sa.ForeignKeyConstraint(
            ["parent_key"],
            ["states.key"],
            name=op.f("fk_state_treaties_parent_key_states"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["with_state"],
            ["states.key"],
            name=op.f("fk_state_treaties_with_state_states"),
            initially="DEFERRED",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("parent_key", "position", name=op.f("pk_state_treaties")),
    )
    with op.batch_alter_table("state_treaties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_state_treaties_with_state"), ["with_state"], unique=False
        )
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.add_column(_date("committed_on"))
        batch_op.add_column(sa.Column("violent", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("max_term_months", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("max_penalty", _enum("penalty", "life", "death"), nullable=True)
        )
    # Never copy `detentions` on SQLite (what batch mode does for a column with a CHECK): its
    # old table would be dropped, and with it, by cascade, every stage, charge and sentence.
    # So the column is added in place; SQLite cannot add the CHECK to a table in place, and
    # there the enum is checked by the application only.
    op.add_column("detentions", sa.Column("jurisdiction", sa.String(length=40), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_check_constraint(
            op.f("ck_detentions_jurisdiction"),
            "detentions",
            "jurisdiction IN ('federal', 'state')",
        )
    with op.batch_alter_table("sentences", schema=None) as batch_op:
        batch_op.add_column(_date("credited_from"))
    _stages_allow((*STAGES, NEW_STAGE))


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM stages WHERE stage = :new").bindparams(new=NEW_STAGE))
    _stages_allow(STAGES)
    with op.batch_alter_table("sentences", schema=None) as batch_op:
        batch_op.drop_column("credited_from")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_detentions_jurisdiction"), "detentions", type_="check")
    op.drop_column("detentions", "jurisdiction")  # in place on SQLite too (3.35 and later)
    with op.batch_alter_table("charges", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_charges_penalty"), type_="check")
        batch_op.drop_column("max_penalty")
        batch_op.drop_column("max_term_months")
        batch_op.drop_column("violent")
        batch_op.drop_column("committed_on")
    with op.batch_alter_table("state_treaties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_state_treaties_with_state"))
    op.drop_table("state_treaties")
