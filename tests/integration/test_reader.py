"""The Core reader (store/reader.py) gives exactly the records the ORM rows map to, for every
record of every kind in the demo (every list, nested record and single child included)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from glienicke.domain.proposals import Proposal
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.store.mapping import row_class, to_record
from glienicke.store.reader import read_records
from glienicke.store.tables import ROWS, ProposalRow


def _through_the_orm(session: Any, cls: type[Any]) -> list[Any]:
    row = row_class(cls)
    eager = [selectinload(getattr(row, attr)) for attr in row.__children__]
    return [to_record(r) for r in session.scalars(select(row).options(*eager).order_by(row.key))]


def test_every_demo_record_reads_the_same_as_through_the_orm(db: Database) -> None:
    load_demo(db)
    compared = 0
    with db.reading() as repo:
        for cls in ROWS:
            expected = _through_the_orm(repo.session, cls)
            assert read_records(repo.session, cls) == expected, cls.__name__
            compared += len(expected)
        # a condition picks the rows, and their children only
        picked = read_records(repo.session, Proposal, ProposalRow.key == "gorin-1941")
        assert [p.key for p in picked] == ["gorin-1941"]
        assert picked[0] == repo.get(Proposal, "gorin-1941") and picked[0].items
    assert compared > 100
