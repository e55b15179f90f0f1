"""The Core reader (store/reader.py) gives exactly the records the ORM rows map to, for every
record of every kind in the demo (every list, nested record and single child included)."""

from __future__ import annotations

import gc
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from glienicke.domain.detention import Detention
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


def test_reading_in_batches_gives_every_record_once_in_order(db: Database) -> None:
    """`Repository.each` reads a kind a batch at a time (each batch from where the last
    ended, with only that batch's children): the same records as reading them all at once."""
    load_demo(db)
    with db.reading() as repo:
        for cls in ROWS:
            everything = repo.all(cls)
            for batch in (1, 2, 3, 1000):
                assert list(repo.each(cls, batch)) == everything, (cls.__name__, batch)
        assert len(repo.all(Detention)) > 3  # the batches of 1 to 3 did cross boundaries
        first = read_records(repo.session, Detention, limit=2)
        assert first == repo.all(Detention)[:2] and any(d.stages for d in first)


def test_the_collector_is_on_again_after_a_read(db: Database) -> None:
    load_demo(db)
    assert gc.isenabled()
    with db.reading() as repo:
        repo.all(Detention)
    assert gc.isenabled()
    gc.disable()
    try:
        with db.reading() as repo:
            repo.all(Detention)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
