"""The review queue: a name that fits two persons waits for a reviewer, who confirms whom it
means (the document is then linked to that person) or rejects it; from the CLI and the API,
within what the viewer may see."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from glienicke.domain.documents import Classification
from glienicke.domain.errors import NotFound
from glienicke.domain.people import Person
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports, mentions, records, views
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
MEMO = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "memo.txt"


def _two_novaks(db: Database) -> str:
    """Two persons named Novak on file, and the fixture memorandum (which names Novak)
    imported; the memorandum's key."""
    records.add_record(db, Person(key="novak-jan", name="Jan Novak"))
    records.add_record(db, Person(key="novak-karel", name="Karel Novak"))
    before = {d["key"] for d in views.listing(db, "documents")}
    report = imports.import_paths(db, [MEMO])
    assert report.filed == 1
    (key,) = {d["key"] for d in views.listing(db, "documents")} - before
    return str(key)


def _waiting(db: Database, key: str) -> dict[str, Any]:
    (entry,) = [e for e in mentions.review_queue(db, document=key) if e["text"] == "Novak"]
    return entry


def test_a_name_that_fits_two_persons_waits_with_both_as_candidates(db: Database) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    assert entry["status"] == "ambiguous"
    assert entry["candidates"] == ["novak-jan", "novak-karel"]
    shown = views.show(db, "document", key)["document"]
    assert not {"novak-jan", "novak-karel"} & set(shown.get("persons", []))


def test_confirming_links_the_document_and_empties_the_queue(db: Database) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    done = mentions.confirm_mention(db, key, entry["position"], "novak-jan")
    assert done["status"] == "confirmed" and done["person"] == "novak-jan"
    shown = views.show(db, "document", key)["document"]
    assert "novak-jan" in shown["persons"] and "novak-karel" not in shown["persons"]
    assert shown["mentions"][entry["position"]]["status"] == "confirmed"
    assert mentions.review_queue(db, document=key) == []


def test_rejecting_links_nobody(db: Database) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    assert mentions.reject_mention(db, key, entry["position"])["status"] == "rejected"
    shown = views.show(db, "document", key)["document"]
    assert not {"novak-jan", "novak-karel"} & set(shown.get("persons", []))
    assert mentions.review_queue(db) == []


@pytest.mark.parametrize(
    ("position", "person", "message"),
    [
        (None, "gorin", "is not one of its candidates (novak-jan, novak-karel)"),
        (None, "nobody-at-all", "is not one of its candidates"),
        (99, "novak-jan", "no mention with key"),
    ],
)
def test_a_bad_confirmation_says_why_and_changes_nothing(
    db: Database, position: int | None, person: str, message: str
) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    before = views.show(db, "document", key)
    with pytest.raises(Exception, match=message.replace("(", r"\(").replace(")", r"\)")):
        mentions.confirm_mention(
            db, key, entry["position"] if position is None else position, person
        )
    assert views.show(db, "document", key) == before


def test_a_reviewed_mention_cannot_be_reviewed_again(db: Database) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    mentions.reject_mention(db, key, entry["position"])
    with pytest.raises(Exception, match="is rejected, not waiting for review"):
        mentions.confirm_mention(db, key, entry["position"], "novak-jan")


def test_the_queue_leaves_out_documents_the_viewer_may_not_see(db: Database) -> None:
    load_demo(db)
    key = _two_novaks(db)
    outsider = User(
        username="outsider",
        name="Outsider",
        roles=[Role.CASE_OFFICER],
        clearance=Classification.TOP_SECRET,
    )
    with acting_as("cli:outsider", "test", Viewer.of(outsider)):
        assert [e["document"] for e in mentions.review_queue(db)] == [key]
    # Linked to the Ivanov case, which only the ivanov-team may see, the memorandum drops out.
    records.link_document(db, key, "case", "ivanov")
    with acting_as("cli:outsider", "test", Viewer.of(outsider)):
        assert mentions.review_queue(db) == []
        with pytest.raises(NotFound):
            mentions.review_queue(db, document=key)
        with pytest.raises(NotFound):
            mentions.confirm_mention(db, key, 0, "novak-jan")
    assert [e["document"] for e in mentions.review_queue(db)] == [key]
    nobody = User(username="none", name="None", roles=[], clearance=Classification.TOP_SECRET)
    with acting_as("cli:none", "test", Viewer.of(nobody)), pytest.raises(Forbidden):
        mentions.review_queue(db)


def test_the_queue_from_the_command_line(cli: Cli, db: Database) -> None:
    key = _two_novaks(db)
    listed = cli("mentions", "list", "--format", "json")
    assert listed.code == 0, listed.err
    (entry,) = [e for e in json.loads(listed.out) if e["text"] == "Novak"]
    text = cli("mentions", "list")
    assert (
        f"{key} {entry['position']}: 'Novak'" in text.out and "novak-jan, novak-karel" in text.out
    )
    wrong = cli("mentions", "confirm", key, str(entry["position"]), "gorin")
    assert wrong.code != 0 and "not one of its candidates" in wrong.err
    right = cli("mentions", "confirm", key, str(entry["position"]), "novak-karel")
    assert right.code == 0 and "confirmed as novak-karel" in right.out
    assert "nothing waits for review" in cli("mentions", "list").out


def test_the_queue_over_the_api(api: Callable[..., Any], db: Database) -> None:
    key = _two_novaks(db)
    client = api()
    queue = client.get("/api/v1/mentions", params={"document": key})
    assert queue.status_code == 200
    (entry,) = [e for e in queue.json() if e["text"] == "Novak"]
    path = f"/api/v1/mentions/{key}/{entry['position']}"
    refused = client.post(f"{path}/confirm", json={"person": "gorin"})
    assert refused.status_code == 422 and "not one of its candidates" in refused.text
    assert client.post(f"{path}/reject").json()["status"] == "rejected"
    again = client.post(f"{path}/reject")
    assert again.status_code == 422 and "not waiting for review" in again.text
    assert client.get("/api/v1/mentions/unknown-doc/0/reject").status_code in (404, 405)
