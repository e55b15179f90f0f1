"""The proposal page's forms choose records from lists, never by typing keys (issue 15, item
9): whom a draft is cleared with (persons by name and office), and the arrangement a broken
commitment is tied over to."""

from __future__ import annotations

import re
from html import unescape

from glienicke.services import records
from glienicke.services.database import Database
from tests.conftest import on_file
from tests.integration.test_pages_forms import beside, options, send
from tests.integration.webclient import signed_in


def labels(page: str, field_id: str) -> dict[str, str]:
    """What a select offers: each value with its label."""
    found = re.search(rf'<select id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None, f"no select {field_id}"
    pairs = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found.group(1))
    return {value: unescape(label) for value, label in pairs}


def chosen(page: str, field_id: str) -> list[str]:
    found = re.search(rf'<select id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    assert found is not None
    return re.findall(r'<option value="([^"]*)" selected>', found.group(1))


def test_a_draft_is_cleared_with_persons_chosen_by_name_and_office(demo: Database) -> None:
    client = signed_in(demo, "demo-negotiator")
    page = client.get("/proposals/ivanov-1964").text
    assert re.search(r'<select id="draft-clear_with" name="clear_with" multiple', page)
    assert 'name="clear_with" value=' not in page  # no text field of keys
    offered = labels(page, "draft-clear_with")
    assert offered["thompson"].startswith("Llewellyn E. Thompson, "), offered["thompson"]
    assert "Ambassador" in offered["thompson"]
    assert "meeker" in options(page, "draft-by")

    # refused, the persons chosen stay chosen
    sent = {"kind": "", "by": "meeker", "clear_with": ["thompson", "davis"]}
    status, _to, again = send(client, "/proposals/ivanov-1964/drafts", page, **sent)
    assert status == 422 and beside(again, "draft", "kind")
    assert set(chosen(again, "draft-clear_with")) == {"davis", "thompson"}
    status, _to, shown = send(
        client, "/proposals/ivanov-1964/drafts", again, **{**sent, "kind": "concurrence-letter"}
    )
    assert status == 303, shown[:300]
    drafted = [
        d
        for d in records.list_stored(demo, "documents")
        if d.status.value == "draft" and "ivanov-1964" in d.proposals
    ]
    newest = max(drafted, key=lambda d: d.key if d.key.startswith("draft-") else "")
    assert "Thompson" in newest.body and "Davis" in newest.body


BROKEN = {
    "key": "gorin-1941-exit-children",
    "proposal": "gorin-1941",
    "party": "ussr",
    "person": "habicht-children",
    "act": "exit-permission",
    "description": "Let the Habicht children leave the USSR.",
    "status": "broken",
    "follow_ups": [{"date": "about 1941-04", "action": "note", "note": "Moscow refused."}],
}


def test_a_broken_commitment_is_tied_over_to_an_arrangement_chosen_from_lists(
    demo: Database,
) -> None:
    on_file(demo, "commitments", BROKEN)
    client = signed_in(demo, "demo-negotiator")
    page = client.get("/proposals/gorin-1941").text
    form = "relink-gorin-1941-exit-children"
    successors = labels(page, f"{form}-to")
    assert "ovakimian-1941-exit-habicht" in successors
    assert all(not key.startswith("gorin-1941-") for key in successors)  # another proposal's
    assert successors["ovakimian-1941-exit-habicht"] == (
        "Union of Soviet Socialist Republics: Grant Mrs. Habicht exit visas so that she can leave"
        " the USSR. (Charges against Ovakimian dropped on his departure; exit for Mrs. Habicht)"
    )
    proposals = labels(page, f"{form}-proposal")
    assert "ovakimian-1941" in proposals and "gorin-1941" not in proposals
    assert proposals["ovakimian-1941"] != "ovakimian-1941"  # by its title
    assert labels(page, f"{form}-item")  # items of the other proposals, by their words

    status, _to, again = send(
        client, "/commitments/gorin-1941-exit-children/relink", page, on="1941-07",
        to="ovakimian-1941-exit-habicht", proposal="ovakimian-1941",
    )  # fmt: skip
    assert status == 422 and beside(again, form, "to")
    assert chosen(again, f"{form}-proposal") == ["ovakimian-1941"]
    items = labels(again, f"{form}-item")
    assert items["exit-habicht-children"] == (
        "Exit for Mrs. Habicht's children with her. (Charges against Ovakimian dropped on his"
        " departure; exit for Mrs. Habicht)"
    )
    status, _to, shown = send(
        client, "/commitments/gorin-1941-exit-children/relink", again, on="1941-07",
        proposal="ovakimian-1941", item="exit-habicht-children",
    )  # fmt: skip
    assert status == 303 and "tied to the arrangement that took it over" in shown
    stored = records.get_versioned(demo, "commitments", "gorin-1941-exit-children")[0]
    assert stored.relinked_to is not None and stored.relinked_to.startswith("ovakimian-1941")
