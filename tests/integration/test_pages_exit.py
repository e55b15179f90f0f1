"""A refusal of exit is recorded and edited on the person's page, and chosen from a list when
its person is added to a case (issue 15, item 9): until now only the API could set it."""

from __future__ import annotations

import re

from glienicke.services import records
from glienicke.services.database import Database
from tests.integration.test_pages_forms import beside, options, send, version
from tests.integration.webclient import signed_in


def test_a_refusal_of_exit_is_edited_on_the_persons_page(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/habicht").text
    assert "Refused exit by Union of Soviet Socialist Republics" in page
    action = "/exit-restrictions/habicht-exit/edit"
    assert "ussr" in options(page, "exit-habicht-exit-state")
    status, to, shown = send(
        officer, action, page, state="ussr", since="1940", lifted_on="about 1941-07-15",
        reason="She married an American.", version=version(page, action),
    )  # fmt: skip
    assert status == 303 and to.endswith("#exit-habicht-exit"), to
    assert "The refusal of exit is saved." in shown and "She married an American." in shown
    stored = records.get_versioned(demo, "exit_restrictions", "habicht-exit")[0]
    assert (str(stored.since), stored.reason) == ("1940", "She married an American.")

    # lifted before it began: refused beside the field, with what was typed kept
    status, _to, again = send(
        officer, action, shown, state="ussr", since="1942", lifted_on="1941-07",
        reason="kept reason", version=version(shown, action),
    )  # fmt: skip
    assert status == 422 and "before" in beside(again, "exit-habicht-exit", "lifted_on")
    assert 'value="kept reason"' in again


def test_a_refusal_is_recorded_then_chosen_for_a_subject_of_a_case(demo: Database) -> None:
    officer = signed_in(demo, "demo-officer")
    page = officer.get("/persons/pyk").text
    status, _to, again = send(officer, "/persons/pyk/exit-restrictions", page, reason="kept")
    assert status == 422 and "choose the state" in beside(again, "exit", "state").lower()
    assert 'value="kept"' in again
    status, _to, shown = send(
        officer, "/persons/pyk/exit-restrictions", again, state="ussr", since="1941-04",
        reason="Exit visa withheld.",
    )  # fmt: skip
    assert status == 303 and "The refusal of exit is on record." in shown
    made = [e for e in records.list_stored(demo, "exit_restrictions") if e.person == "pyk"]
    assert len(made) == 1 and made[0].key.startswith("pyk-exit")
    refusal = made[0].key

    negotiator = signed_in(demo, "demo-negotiator")
    case = negotiator.get("/cases/gorin").text
    assert refusal in options(case, "subject-exit_restriction")
    assert "Irena Pyk, refused exit by Union of Soviet Socialist Republics" in case
    current = re.search(
        r'action="/cases/gorin/subjects".*?name="version" value="(\d+)"', case, re.S
    )
    assert current is not None
    status, _to, shown = send(
        negotiator, "/cases/gorin/subjects", case, person="pyk", basis="national",
        exit_restriction=refusal, version=current.group(1),
    )  # fmt: skip
    assert status == 303, shown[:500]
    stored = records.get_versioned(demo, "cases", "gorin")[0]
    assert [s.exit_restriction for s in stored.subjects if s.person == "pyk"] == [refusal]
    assert "refused exit by Union of Soviet Socialist Republics" in shown
