"""day columns: dates derived from the records' partial dates, so that what is live on a day
(detentions not over, open cases, overdue commitments, clearance steps awaiting an answer) is
asked in SQL; filled in here for the rows stored before (see store/derived.py)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 10:40:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, indexed)
COLUMNS = [
    ("detentions", "ended_from", True),
    ("cases", "closed_from", True),
    ("commitments", "due_last", True),
    ("clearance_steps", "requested_first", False),
    ("clearance_steps", "answered_first", False),
]
ENDING_VALUES = {s.value for s in ENDING}


def upgrade() -> None:
    # Added in place (nullable, no constraint), never by copying a table: on SQLite a copy
    # would cascade-delete the rows of the tables' children.
    for table, column, indexed in COLUMNS:
        op.add_column(table, sa.Column(column, sa.Date(), nullable=True))
        if indexed:
            op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)
    _backfill(op.get_bind())


def _first(text: str | None) -> date | None:
    return None if text is None else first_day(PartialDate.parse(text))


def _rows(bind: sa.Connection, query: Any) -> list[Any]:
    """Every row of a query, read before the rows are updated."""
    return list(bind.execute(query).all())


def _backfill(bind: sa.Connection) -> None:
    meta = sa.MetaData()
    tables = {
        name: sa.Table(name, meta, autoload_with=bind)
        for name in ("detentions", "stages", "cases", "commitments", "clearance_steps")
    }
    stages = tables["stages"]
    by_detention: dict[str, list[tuple[str, str]]] = {}
    query = sa.select(stages.c.parent_key, stages.c.stage, stages.c.date).order_by(
        stages.c.parent_key, stages.c.position
    )
    for key, stage, day in bind.execute(query):
        by_detention.setdefault(key, []).append((stage, day))
    detentions = tables["detentions"]
    for key, history in by_detention.items():
        if history[-1][0] in ENDING_VALUES:
            ended = max(PartialDate.parse(day).earliest() for _stage, day in history)
            bind.execute(
                detentions.update().where(detentions.c.key == key).values(ended_from=ended)
            )
    cases = tables["cases"]
    query = sa.select(cases.c.key, cases.c.closed_on).where(
        cases.c.status == "closed", cases.c.closed_on.is_not(None)
    )
    for key, closed_on in _rows(bind, query):
        bind.execute(cases.update().where(cases.c.key == key).values(closed_from=_first(closed_on)))
    commitments = tables["commitments"]
    query = sa.select(commitments.c.key, commitments.c.due).where(commitments.c.due.is_not(None))
    for key, due in _rows(bind, query):
        bind.execute(
            commitments.update()
            .where(commitments.c.key == key)
            .values(due_last=PartialDate.parse(due).latest())
        )
    steps = tables["clearance_steps"]
    query = sa.select(steps.c.key, steps.c.requested_on, steps.c.answered_on).where(
        sa.or_(steps.c.requested_on.is_not(None), steps.c.answered_on.is_not(None))
    )
    for key, requested_on, answered_on in _rows(bind, query):
        bind.execute(
            steps.update()
            .where(steps.c.key == key)
            .values(requested_first=_first(requested_on), answered_first=_first(answered_on))
        )


def downgrade() -> None:
    for table, column, indexed in reversed(COLUMNS):
        if indexed:
            op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
        if op.get_bind().dialect.name == "sqlite":  # in place again (SQLite 3.35 and later)
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)
