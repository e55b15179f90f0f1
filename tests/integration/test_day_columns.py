"""The day columns on the database: written with every record however it is stored, filled in
by their migration, and the dashboard read from them gives what reading the whole record
gives, on every day the demo's records name."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from glienicke.domain.cases import Case
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, Detention, Stage, StageKind
from glienicke.domain.people import Person
from glienicke.domain.proposals import ClearanceStep, Commitment, CommitmentStatus, Proposal
from glienicke.law.deadlines import deadlines_of, ranked
from glienicke.law.urgency import ranked as by_score
from glienicke.negotiation.lifecycle import allowed
from glienicke.services import law, overview
from glienicke.services.access import Scoped
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.store.bulk import insert_records
from glienicke.store.derived import DERIVED, derived
from glienicke.store.mapping import row_class
from tests.integration.schema import migrate

KINDS = [Detention, Case, Commitment, ClearanceStep]


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


def _stored(db: Database) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """For every record of the kinds with day columns: (what its row holds, what it should)."""
    found = {}
    with db.reading() as repo:
        for cls in KINDS:
            row_cls = row_class(cls)
            names = list(DERIVED[cls](_any(repo.all(cls))))
            columns = [getattr(row_cls, n) for n in names]
            held = {
                key: dict(zip(names, values, strict=True))
                for key, *values in repo.session.execute(select(row_cls.key, *columns))
            }
            for record in repo.all(cls):
                found[(cls.__name__, record.key)] = (held[record.key], derived(record))
    return found


def _any(records: list[Any]) -> Any:
    assert records, "the demo has records of every kind with day columns"
    return records[0]


def test_every_stored_record_holds_its_day_columns_and_an_edit_moves_them(
    demo_db: Database,
) -> None:
    stored = _stored(demo_db)
    assert stored and all(held == wanted for held, wanted in stored.values())
    assert any(v[1].get("ended_from") for v in stored.values())  # the demo has ended detentions
    with demo_db.transaction() as repo:
        detention = next(d for d in repo.all(Detention) if derived(d)["ended_from"] is None)
        detention.stages.append(Stage(stage=StageKind.DIED, date=PartialDate.parse("1999-05")))
        repo.save(detention)
        key = detention.key
    held, wanted = _stored(demo_db)[("Detention", key)]
    assert held == wanted == {"ended_from": date(1999, 5, 1)}


def test_records_filed_in_bulk_hold_their_day_columns(db: Database) -> None:
    load_demo(db)
    with db.transaction() as repo:
        cases = repo.all(Case)
        copies = [
            Case(**{**vars(c), "key": f"copy-{c.key}", "subjects": [], "restricted_to": []})
            for c in cases
        ]
        insert_records(repo.session, copies)
    stored = _stored(db)
    copied = [v for (kind, key), v in stored.items() if key.startswith("copy-")]
    assert len(copied) == len(cases)
    assert all(held == wanted for held, wanted in copied)


def test_the_migration_fills_in_the_day_columns_of_what_was_on_file(demo_db: Database) -> None:
    with demo_db.transaction() as repo:  # as a database written before the columns existed
        for cls in KINDS:
            names = {n: None for n in DERIVED[cls](_any(repo.all(cls)))}
            repo.session.execute(update(row_class(cls)).values(**names))
    assert not all(held == wanted for held, wanted in _stored(demo_db).values())
    migrate(demo_db.engine, "0010", down=True)
    migrate(demo_db.engine, "head")
    assert all(held == wanted for held, wanted in _stored(demo_db).values())


# --- the dashboard's services, against reading everything ------------------------------------


def _days(db: Database) -> list[date]:
    """Every day the demo's records name (first, earliest and last days), a day either side,
    and today."""
    named: set[PartialDate] = set()
    with db.reading() as repo:
        for d in repo.all(Detention):
            named |= {s.date for s in d.stages}
        named |= {c.closed_on for c in repo.all(Case) if c.closed_on}
        named |= {c.due for c in repo.all(Commitment) if c.due}
        for s in repo.all(ClearanceStep):
            named |= {x for x in (s.requested_on, s.answered_on) if x}
    found = {date.today()}
    for day in named:
        for edge in (first_day(day), day.earliest(), day.latest()):
            if date.min < edge < date.max:  # 'after' and 'before' dates are open at one end
                found |= {edge - timedelta(days=1), edge, edge + timedelta(days=1)}
    return sorted(found)


def _everything_deadlines(db: Database, day: date) -> list[dict[str, Any]]:
    config = law.law_config()
    with db.reading() as repo:
        windows = law._windows_of(Scoped.of(repo).all(Detention), config, day)
    return [
        law.deadline_view(d)
        for d in ranked([x for w in windows for x in deadlines_of(w, config.lead)])
    ]


def _everything_urgency(db: Database, day: date) -> list[dict[str, Any]]:
    config = law.law_config()
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        cases = scoped.all(Case)
        subjects = sorted({s.person for case in cases for s in case.subjects})
        record = law._Record(
            persons={p.key: p for p in scoped.many(Person, subjects)},
            detentions={d.key: d for d in scoped.all(Detention)},
            cases=cases,
            proposals=scoped.all(Proposal),
            commitments=scoped.all(Commitment),
        )
        windows = law._windows_of(list(record.detentions.values()), config, day)
    return [law.urgency_view(u) for u in by_score(law._urgencies(record, windows, config, day))]


def _everything_overview(db: Database, day: date) -> dict[str, list[str]]:
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        overdue = [
            c.key
            for c in scoped.all(Commitment)
            if c.status.value == "pending" and c.due and c.due.latest() < day
        ]
        steps = scoped.all(ClearanceStep)
        # taken over by an escalation asked by the day; of a proposal finished with nothing of
        # its clearance on record after the day
        taken_over = {
            s.escalates
            for s in steps
            if s.escalates and s.requested_on and first_day(s.requested_on) <= day
        }
        over = {
            p.key
            for p in scoped.all(Proposal)
            if not allowed(p.status)
            and not any(
                d is not None and first_day(d) > day
                for s in steps
                if s.proposal == p.key
                for d in (s.requested_on, s.answered_on)
            )
        }
        awaiting = [
            s.key
            for s in steps
            if (s.requested_on is None or first_day(s.requested_on) <= day)
            and not (
                s.answer is not None and (s.answered_on is None or first_day(s.answered_on) <= day)
            )
            and s.key not in taken_over
            and s.proposal not in over
        ]
        condemned = []
        for d in scoped.all(Detention):
            stages = [s for s in d.stages if s.date.earliest() <= day]
            kinds = [s.stage for s in stages]
            if not stages or stages[-1].stage in ENDING:
                continue
            if StageKind.CONDEMNED_TO_DEATH in kinds:
                last = len(kinds) - 1 - kinds[::-1].index(StageKind.CONDEMNED_TO_DEATH)
                if StageKind.COMMUTED not in kinds[last:]:
                    condemned.append(d.key)
    return {"overdue": sorted(overdue), "awaiting": sorted(awaiting), "condemned": condemned}


def _overview(db: Database, day: date) -> dict[str, list[str]]:
    found = overview.day_overview(db, day, lines=None)
    return {
        "overdue": sorted(o.commitment.key for o in found.overdue),
        "awaiting": sorted(a.step.key for a in found.awaiting),
        "condemned": [c.detention for c in found.condemned],
    }


def test_the_dashboard_read_from_the_day_columns_is_what_the_whole_record_gives(
    demo_db: Database,
) -> None:
    with demo_db.transaction() as repo:  # the demo's commitments were all settled: one that is not
        first = repo.all(Commitment)[0]
        repo.add(
            Commitment(
                **{
                    **vars(first),
                    "key": "still-pending",
                    "status": CommitmentStatus.PENDING,
                    "due": PartialDate.parse("about 1964-12"),
                    "follow_ups": [],
                }
            )
        )
    days = _days(demo_db)
    assert len(days) > 50
    seen = {"deadlines": 0, "urgency": 0, "overdue": 0, "awaiting": 0, "condemned": 0}
    for day in days:
        deadlines = law.deadlines(demo_db, day)
        assert [law.deadline_view(d) for d in deadlines] == _everything_deadlines(demo_db, day), day
        urgency = [law.urgency_view(u) for u in law.urgency(demo_db, day)]
        assert urgency == _everything_urgency(demo_db, day), day
        found = _overview(demo_db, day)
        assert found == _everything_overview(demo_db, day), day
        seen["deadlines"] += bool(deadlines)
        seen["urgency"] += bool(urgency)
        for name in ("overdue", "awaiting", "condemned"):
            seen[name] += bool(found[name])
    # the comparison met days with something in every list, and (but for urgency, which today
    # always has) days with nothing
    assert all(n > 0 for n in seen.values()), seen
    assert all(n < len(days) for name, n in seen.items() if name != "urgency"), seen
