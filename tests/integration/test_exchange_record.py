"""The exchange pool built from the record on a day: who is in play, by which mechanisms, what
the counterparts insist on, and nothing the viewer may not see."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from glienicke.dataset.files import SourceText
from glienicke.dataset.pools import pool_from_source, pool_to_plain
from glienicke.domain.errors import ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets, exchange, records
from glienicke.services.database import Database
from glienicke.services.exchange_record import pool_from_record


def test_the_demo_record_in_february_1941(demo: Database) -> None:
    found = pool_from_record(demo, date(1941, 2, 21))
    pool = found.pool
    people = {p.key: p for p in pool.persons}
    assert set(people) == {"gorin", "pyk"}  # Landerman's arrest is on record only by 1964
    assert (people["gorin"].held_by, people["gorin"].wanted_by) == ("us", "ussr")
    assert (people["pyk"].held_by, people["pyk"].wanted_by) == ("ussr", "us")
    assert people["pyk"].death_sentence
    assert [(c.party, c.releases, c.gets) for c in pool.conditions] == [("ussr", "pyk", ("gorin",))]
    probation = next(m for m in people["gorin"].mechanisms if m.key == "probation")
    assert probation.closes == date(1941, 2, 22) and probation.lead_days > 1
    view = exchange.result_view(exchange.solve(pool))
    best = view["packages"][0]
    assert best["optimal"]
    assert {(i["person"], i["released_by"], i["to"]) for i in best["items"]} == {
        ("gorin", "us", "ussr"),
        ("pyk", "ussr", "us"),
    }
    gorin = next(i for i in best["items"] if i["person"] == "gorin")
    assert gorin["mechanism"] != "probation"  # it closes the next day, before its clearance


def test_the_record_pool_can_be_written_and_read_back(demo: Database) -> None:
    pool = pool_from_record(demo, date(1964, 12, 1)).pool
    assert {p.key for p in pool.persons} >= {"ivanov", "landerman"}
    again = pool_from_source(SourceText("written", pool_to_plain(pool)))
    assert again == pool


HIDDEN = """
states: [{key: us, name: Home}, {key: away, name: Away}]
persons:
  - {key: seen-person, name: Seen Person, nationalities: [us]}
  - {key: unseen-person, name: ZEBRA-4411 Person, nationalities: [us]}
detentions:
  - {key: seen-held, person: seen-person, held_by: away, since: 2020-01-01}
  - {key: unseen-held, person: unseen-person, held_by: away, since: 2020-01-01}
cases:
  - {key: seen-case, title: Seen, subjects: [{person: seen-person, basis: national}]}
  - key: unseen-case
    title: ZEBRA-4411 case
    classification: top-secret
    subjects: [{person: unseen-person, basis: national}]
"""


def test_a_person_the_viewer_may_not_see_is_not_in_the_pool(
    db: Database, tester_account: object, tmp_path: Path
) -> None:
    path = tmp_path / "hidden.yaml"
    path.write_text(HIDDEN)
    datasets.load_files(db, [path])
    everyone = {p.key for p in pool_from_record(db, date(2021, 1, 1)).pool.persons}
    assert everyone == {"seen-person", "unseen-person"}
    accounts.add_user(
        db,
        "low",
        "Low Reader",
        roles=["reader"],
        clearance="confidential",
        password="low readers pw",
    )
    with acting_as("test:low", "tests", Viewer.of(accounts.user_named(db, "low"))):
        found = pool_from_record(db, date(2021, 1, 1))
        view = exchange.result_view(exchange.solve(found.pool))
    assert {p.key for p in found.pool.persons} == {"seen-person"}
    assert "ZEBRA-4411" not in repr(found) + repr(view)


def test_a_package_from_the_record_becomes_a_draft_proposal(demo: Database) -> None:
    found, result = exchange.record_result(demo, "1964-12-01")
    sheets = exchange.balance_sheets(demo, found, result)
    assert len(sheets) == 1
    sheet = sheets[0]
    assert {e["person"] for e in sheet["give"]["entries"]} == {"ivanov"}
    assert {e["person"] for e in sheet["get"]["entries"]} == {"landerman"}
    proposal = exchange.draft_proposal(demo, "1964-12-01", persons=["ivanov", "landerman"])
    assert proposal.key.startswith("exchange-1964-12-01")
    assert proposal.status.value == "draft" and proposal.sequencing.value == "simultaneous"
    assert proposal.counterparts == ["ussr"]
    assert {(i.side.value, i.person) for i in proposal.items} == {
        ("give", "ivanov"),
        ("get", "landerman"),
    }
    assert proposal.cases == ["ivanov", "landerman"]
    assert [c.item for c in proposal.conditions] == ["get-landerman"]
    stored, _version = records.get_versioned(demo, "proposals", proposal.key)
    assert stored.title == proposal.title


def test_a_package_that_changed_since_it_was_shown_is_not_drafted(demo: Database) -> None:
    try:
        exchange.draft_proposal(demo, "1964-12-01", persons=["ivanov"])
    except ValidationFailed as refused:
        assert refused.problems[0].where == "package"
        assert "changed since it was shown" in refused.problems[0].message
    else:
        raise AssertionError("a changed package was drafted")
    assert not [p for p in records.list_stored(demo, "proposals") if p.key.startswith("exchange-")]
