"""Changing and taking off a proposal's items, conditions and arguments from its page, the API
and the command line (issue 15, item 9): only while the proposal is open, each refusal beside
the field it concerns with what was typed kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.proposals import Proposal
from glienicke.services import records
from glienicke.services.database import Database
from glienicke.store.audit import newest_entries
from tests.conftest import CliResult, on_file
from tests.integration.test_pages_forms import beside, options, send, version
from tests.integration.webclient import signed_in

ITEMS = [
    {"key": "give-gorin", "side": "give", "kind": "release", "person": "gorin"},
    {"key": "get-pyk", "side": "get", "kind": "release", "person": "pyk"},
]
OPEN = {
    "key": "swap",
    "title": "Gorin for Pyk",
    "counterparts": ["ussr"],
    "status": "in-clearance",
    "items": ITEMS,
    "conditions": [
        {"key": "leaves", "text": "She leaves at once.", "item": "get-pyk"},
        {"key": "quiet", "text": "No publicity."},
    ],
}
ARGUMENT = {
    "key": "swap-mercy",
    "proposal": "swap",
    "stance": "for",
    "category": "humanitarian",
    "argument": "She faces execution.",
    "weight": 4,
}


@pytest.fixture
def swap(demo: Database) -> Database:
    on_file(demo, "proposals", OPEN)
    on_file(demo, "considerations", ARGUMENT)
    return demo


def stored(db: Database) -> Proposal:
    found: Proposal = records.get_versioned(db, "proposals", "swap")[0]
    return found


def test_an_item_is_changed_and_removed_on_the_proposals_page(swap: Database) -> None:
    client = signed_in(swap, "demo-negotiator")
    page = client.get("/proposals/swap").text
    action = "/proposals/swap/items/give-gorin"
    assert "pyk" in options(page, "edit-item-give-gorin-person")
    status, to, shown = send(
        client, action + "/edit", page, side="give", kind="release", person="gorin",
        mechanism="probation", description="Gorin on probation.",
        version=version(page, action + "/edit"),
    )  # fmt: skip
    assert status == 303 and to.endswith("#item-give-gorin"), to
    assert "The item is changed." in shown and "Gorin on probation." in shown
    item = stored(swap).item("give-gorin")
    assert (item.mechanism, item.description) == ("probation", "Gorin on probation.")

    # a bad kind is answered beside its field, with what was typed kept
    status, _to, again = send(
        client, action + "/edit", shown, side="give", kind="ransom", description="kept words",
        version=version(shown, action + "/edit"),
    )  # fmt: skip
    assert status == 422 and "ransom" in beside(again, "edit-item-give-gorin", "kind")
    assert ">kept words</textarea>" in again

    # an item with a condition attached is not removed; once it is free, it is
    status, _to, again = send(
        client, "/proposals/swap/items/get-pyk/remove", shown,
        version=version(shown, "/proposals/swap/items/get-pyk/remove"),
    )  # fmt: skip
    assert status == 422 and "condition" in again and "leaves" in again
    assert 'id="remove-item-get-pyk-problem"' in again
    status, _to, shown = send(
        client, action + "/remove", shown, version=version(shown, action + "/remove")
    )
    assert status == 303 and "The item is taken off the proposal." in shown
    assert [i.key for i in stored(swap).items] == ["get-pyk"]


def test_a_condition_is_moved_changed_and_removed(swap: Database) -> None:
    client = signed_in(swap, "demo-negotiator")
    page = client.get("/proposals/swap").text
    action = "/proposals/swap/conditions/leaves"
    assert options(page, "edit-condition-leaves-item") == ["", "give-gorin", "get-pyk"]
    status, _to, shown = send(
        client, action + "/edit", page, text="She leaves within a week.", item="",
        version=version(page, action + "/edit"),
    )  # fmt: skip
    assert status == 303 and "The condition is changed." in shown
    first = stored(swap).conditions[0]
    assert (first.key, first.text, first.item) == ("leaves", "She leaves within a week.", None)
    status, _to, again = send(
        client, action + "/edit", shown, text=" ", version=version(shown, action + "/edit")
    )
    assert status == 422 and beside(again, "edit-condition-leaves", "text")
    status, _to, shown = send(
        client, action + "/remove", shown, version=version(shown, action + "/remove")
    )
    assert status == 303 and "She leaves within a week." not in shown
    assert [c.key for c in stored(swap).conditions] == ["quiet"]


def test_an_argument_is_changed_and_taken_off_the_record(swap: Database) -> None:
    client = signed_in(swap, "demo-negotiator")
    page = client.get("/proposals/swap").text
    action = "/proposals/swap/considerations/swap-mercy"
    status, to, shown = send(
        client, action + "/edit", page, stance="against", category="precedent",
        argument="It invites more arrests.", weight="5", made_by="henderson",
        version=version(page, action + "/edit"),
    )  # fmt: skip
    assert status == 303 and to.endswith("#assessment") and "It invites more arrests." in shown
    argument = records.get_versioned(swap, "considerations", "swap-mercy")[0]
    assert (argument.stance.value, argument.weight, argument.made_by) == ("against", 5, "henderson")
    status, _to, again = send(
        client, action + "/edit", shown, stance="against", category="precedent",
        argument="kept", weight="9", version=version(shown, action + "/edit"),
    )  # fmt: skip
    assert status == 422 and "1 to 5" in beside(again, "edit-consideration-swap-mercy", "weight")
    status, _to, shown = send(
        client, action + "/remove", shown, version=version(shown, action + "/remove")
    )
    assert status == 303 and "It invites more arrests." not in shown
    assert "swap-mercy" not in {c.key for c in records.list_stored(swap, "considerations")}
    with swap.reading() as repo:  # the trail keeps it (shown to no one: the record is gone)
        said = newest_entries(repo.session, key="swap-mercy", limit=5)
    assert "removed" in [e.action for e in said], said


def test_a_finished_proposal_offers_no_change_and_refuses_one(swap: Database) -> None:
    on_file(swap, "proposals", {**OPEN, "status": "rejected"})
    client = signed_in(swap, "demo-negotiator")
    page = client.get("/proposals/swap").text
    assert "/items/give-gorin/edit" not in page and "/considerations/swap-mercy" not in page
    assert "Change or remove" not in page
    status, _to, again = send(client, "/proposals/swap/conditions/quiet/remove", page)
    assert status == 422 and "rejected" in again
    assert len(stored(swap).conditions) == 2


def test_the_api_changes_and_removes_the_parts_of_an_open_proposal(
    swap: Database, api: Callable[..., TestClient]
) -> None:
    client = api()
    edited = client.put(
        "/api/v1/proposals/swap/items/get-pyk",
        json={"side": "get", "kind": "exit-permission", "person": "pyk"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["items"][1]["kind"] == "exit-permission"
    refused = client.delete("/api/v1/proposals/swap/items/get-pyk")
    assert refused.status_code == 422 and "She leaves at once." in refused.text
    assert client.delete("/api/v1/proposals/swap/conditions/leaves").status_code == 200
    assert client.delete("/api/v1/proposals/swap/items/get-pyk").status_code == 200
    changed = client.put(
        "/api/v1/considerations/swap-mercy",
        json={"stance": "for", "category": "reciprocity", "argument": "They free one too."},
    )
    assert changed.status_code == 200 and changed.json()["category"] == "reciprocity"
    gone = client.delete("/api/v1/considerations/swap-mercy")
    assert gone.json() == {"removed": "swap-mercy", "proposal": "swap"}
    assert client.delete("/api/v1/considerations/swap-mercy").status_code == 404


def test_the_command_line_changes_and_removes_them_keeping_what_it_is_not_given(
    swap: Database, cli: Callable[..., CliResult]
) -> None:
    def run(*args: str) -> str:
        result = cli("proposal", *args)
        assert result.code == 0, result
        return str(result.out)

    run("item-edit", "swap", "give-gorin", "--mechanism", "probation")
    item = stored(swap).item("give-gorin")
    assert (item.person, item.mechanism) == ("gorin", "probation")
    run("condition-edit", "swap", "leaves", "--item", "")
    run("item-remove", "swap", "get-pyk")
    run("condition-remove", "swap", "quiet")
    run("argument-edit", "swap-mercy", "--weight", "2")
    assert records.get_versioned(swap, "considerations", "swap-mercy")[0].weight == 2
    assert "taken off the record of swap" in run("argument-remove", "swap-mercy")


def test_an_item_about_a_person_the_editor_may_not_see_keeps_that_person(
    swap: Database,
) -> None:
    from glienicke.security.actor import acting_as
    from glienicke.security.policy import Viewer
    from glienicke.services import accounts

    items = [
        *ITEMS,
        {"key": "get-landerman", "side": "get", "kind": "release", "person": "landerman"},
    ]
    on_file(swap, "proposals", {**OPEN, "items": items})
    with acting_as("test", "tests", Viewer.of(accounts.user_named(swap, "demo-admin"))):
        accounts.add_user(
            swap, "gorin-only", "Gorin Team Negotiator", roles=["negotiator"],
            clearance="secret", groups=["gorin-team"], password="gorin team's password",
        )  # fmt: skip
    client = signed_in(swap, "gorin-only", "gorin team's password")
    page = client.get("/proposals/swap").text
    assert "Peter Landerman" not in page
    action = "/proposals/swap/items/get-landerman"
    assert "withheld" in options(page, "edit-item-get-landerman-person")
    status, _to, shown = send(
        client, action + "/edit", page, side="get", kind="release", person="withheld",
        description="An American tourist.", version=version(page, action + "/edit"),
    )  # fmt: skip
    assert status == 303, shown[:400]
    item = stored(swap).item("get-landerman")
    assert item is not None and (item.person, item.description) == (
        "landerman",
        "An American tourist.",
    )
