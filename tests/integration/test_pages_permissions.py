"""The demo accounts can do the demo's work (issue 15, item 10): a negotiator who may see a
case may work it; the uncleared guest reads and edits nothing; a form the user may not use is
not offered, and the page says why where it would be."""

from __future__ import annotations

import pytest

from glienicke.security.model import PERMISSIONS, Permission, Role
from glienicke.services import records
from glienicke.services.database import Database
from tests.integration.test_pages_forms import send, version
from tests.integration.webclient import signed_in

WHY = "You may read this page but not"


def test_a_negotiator_who_sees_a_case_records_its_stage(demo: Database) -> None:
    negotiator = signed_in(demo, "demo-negotiator")
    page = negotiator.get("/cases/ivanov?as_of=1964-11-20").text
    assert 'action="/cases/ivanov/stages"' in page and WHY not in page
    status, _to, shown = send(
        negotiator, "/cases/ivanov/stages", page, detention="ivanov-1963", stage="convicted",
        date="1964-12-02", version=version(page, "/cases/ivanov/stages"),
    )  # fmt: skip
    assert status == 303 and "The stage is recorded" in shown
    held, _ = records.get_versioned(demo, "detentions", "ivanov-1963")
    assert held.stages[-1].stage == "convicted"


def test_a_negotiator_may_edit_cases_and_a_reader_only_reads() -> None:
    assert Permission.EDIT_CASES in PERMISSIONS[Role.NEGOTIATOR]
    assert PERMISSIONS[Role.READER] == frozenset({Permission.READ})


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/cases/gorin", "/cases/gorin/edit"),
        ("/cases/new", 'action="/cases"'),
        ("/persons/new", 'action="/persons"'),
        ("/persons/gorin", "/persons/gorin/edit"),
        ("/proposals/gorin-1941", "/proposals/gorin-1941/items"),
    ],
)
def test_the_uncleared_guest_is_offered_no_form_and_told_why(
    demo: Database, path: str, action: str
) -> None:
    guest = signed_in(demo, "demo-guest")
    page = guest.get(path)
    assert page.status_code == 200, path
    assert action not in page.text and WHY in page.text, path


def test_the_uncleared_guest_may_not_edit_a_case_even_by_sending_the_form(demo: Database) -> None:
    guest = signed_in(demo, "demo-guest")
    page = guest.get("/cases/gorin").text
    before = records.get_versioned(demo, "cases", "gorin")
    status, _to, shown = send(guest, "/cases/gorin/edit", page, title="Renamed", priority="low")
    assert status == 403 and "demo-guest may not edit cases" in shown
    assert records.get_versioned(demo, "cases", "gorin") == before
    status, _to, shown = send(guest, "/persons", page, name="Someone")
    assert status == 403 and "someone" not in {p.key for p in records.list_stored(demo, "persons")}


def test_an_officer_is_told_up_front_that_proposals_are_not_theirs_to_change(
    demo: Database,
) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/proposals/new").text
    assert 'action="/proposals"' not in page and f"{WHY} put proposals forward" in page
    gorin = officer.get("/proposals/gorin-1941").text
    assert (
        f"{WHY} change proposals" in gorin and 'action="/proposals/gorin-1941/items"' not in gorin
    )
