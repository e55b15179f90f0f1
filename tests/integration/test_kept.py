"""What the Database keeps (the dashboard) lasts until the records change, and no longer; it
is kept for one viewer and day, never shared with another."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Classification
from glienicke.domain.proposals import Commitment, CommitmentStatus
from glienicke.security.actor import acting_as
from glienicke.security.model import Permission
from glienicke.security.policy import Viewer
from glienicke.services import overview
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo

DAY = date(1965, 1, 15)


def _queries(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_the_dashboard_is_kept_until_a_record_changes(db: Database) -> None:
    load_demo(db)
    first = overview.dashboard(db, DAY)
    queries = _queries(db)
    again = overview.dashboard(db, DAY)
    assert again is first
    assert len(queries) == 1  # the data version, nothing else
    assert overview.dashboard(db, date(1965, 1, 16)) is not first  # another day
    before = db.data_version()
    with db.transaction() as repo:
        model = repo.all(Commitment)[0]
        repo.add(
            Commitment(
                **{
                    **vars(model),
                    "key": "late-release",
                    "description": "release promised for December 1964",
                    "status": CommitmentStatus.PENDING,
                    "due": PartialDate.parse("1964-12"),
                    "follow_ups": [],
                }
            )
        )
    assert db.data_version() == before + 1
    changed = overview.dashboard(db, DAY)
    assert changed is not first
    assert "late-release" in {o.commitment.key for o in changed.day.overdue}
    assert "late-release" not in {o.commitment.key for o in first.day.overdue}


def test_reading_changes_nothing_kept_and_a_wipe_does(db: Database) -> None:
    load_demo(db)
    first = overview.dashboard(db, DAY)
    with db.transaction() as repo:  # a unit of work that writes no record
        repo.all(Commitment)
    assert overview.dashboard(db, DAY) is first
    db.wipe()
    assert overview.dashboard(db, DAY) is not first


def test_another_viewer_has_a_dashboard_of_their_own(db: Database) -> None:
    load_demo(db)
    everything = overview.dashboard(db, DAY)
    narrow = Viewer(
        "outsider", Classification.UNCLASSIFIED, frozenset(), frozenset({Permission.READ})
    )
    with acting_as("test:outsider", "tests", narrow):
        theirs = overview.dashboard(db, DAY)
    assert theirs is not everything
    assert {o.commitment.key for o in theirs.day.overdue} <= {
        o.commitment.key for o in everything.day.overdue
    }
    # the outsider does not see the confidential Ivanov case that the tests' account ranks
    assert "ivanov" in {u.key for u in everything.ranking}
    assert "ivanov" not in {u.key for u in theirs.ranking}
