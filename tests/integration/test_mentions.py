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
from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import imports, mentions, records, views
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from tests.conftest import CliResult, on_file

Cli = Callable[..., CliResult]
MEMO = Path(__file__).resolve().parents[1] / "fixtures" / "records" / "memo.txt"


def _two_novaks(db: Database) -> str:
    """Two persons named Novak on file, and the fixture memorandum (which names Novak)
    imported; the memorandum's key."""
    on_file(db, "persons", {"key": "novak-jan", "name": "Jan Novak"})
    on_file(db, "persons", {"key": "novak-karel", "name": "Karel Novak"})
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


def test_each_waiting_mention_says_where_the_name_stands(db: Database) -> None:
    key = _two_novaks(db)
    entry = _waiting(db, key)
    assert entry["confidence"] is not None and 0 < entry["confidence"] < 1
    # The sentence of the text, whole: "Mr." does not end it.
    assert entry["context"] == (
        "Mr. Secretary: the Hungarian Minister called this morning about Novak, the engineer"
        " held since March."
    )


def test_a_person_who_is_not_a_candidate_needs_the_explicit_flag(
    db: Database, cli: Cli, api: Callable[..., Any]
) -> None:
    key = _two_novaks(db)
    on_file(db, "persons", {"key": "novak-otto", "name": "Otto Novak-Horak"})
    entry = _waiting(db, key)
    position = entry["position"]
    before = views.show(db, "document", key)
    with pytest.raises(NotFound, match="no person with key 'nobody-at-all'"):
        mentions.confirm_mention(db, key, position, "nobody-at-all", any_person=True)
    refused = cli("mentions", "confirm", key, str(position), "novak-otto")
    assert refused.code != 0 and "confirm with any-person" in refused.err
    assert views.show(db, "document", key) == before
    done = cli("mentions", "confirm", key, str(position), "novak-otto", "--any-person")
    assert done.code == 0, done.err
    assert "confirmed as novak-otto" in done.out
    shown = views.show(db, "document", key)["document"]
    assert "novak-otto" in shown["persons"]
    assert not {"novak-jan", "novak-karel"} & set(shown["persons"])
    # A name that fit nobody has no candidates: only the flag can say whom it means.
    (unmatched, *_) = [
        e for e in mentions.review_queue(db, document=key, unmatched=True) if not e["candidates"]
    ]
    path = f"/api/v1/mentions/{key}/{unmatched['position']}/confirm"
    client = api()
    plain = client.post(path, json={"person": "gorin"})
    assert plain.status_code == 422 and "is not a candidate: it has none" in plain.text
    flagged = client.post(path, json={"person": "novak-jan", "any_person": True})
    assert flagged.status_code == 200, flagged.text
    assert flagged.json()["person"] == "novak-jan"
    assert "novak-jan" in views.show(db, "document", key)["document"]["persons"]


def test_a_candidate_the_reviewer_may_not_see_is_no_candidate_to_them(
    db: Database, tmp_path: Path
) -> None:
    load_demo(db)  # Igor Ivanov, key 'ivanov', is the subject of the ivanov-team's case
    on_file(db, "persons", {"key": "ivanov-pyotr", "name": "Pyotr Ivanov"})
    memo = tmp_path / "ivanov.txt"
    memo.write_text(
        "361.1115 Ivanov/3\n\n"
        "Memorandum by the Deputy Legal Adviser (Carter) to the Secretary of State (Ross)\n\n"
        "Mr. Secretary: the Soviet Ambassador called about Ivanov, the engineer. Nothing more.\n",
        encoding="utf-8",
    )
    assert imports.import_paths(db, [memo]).filed == 1
    (entry,) = [e for e in mentions.review_queue(db) if e["text"] == "Ivanov"]
    assert entry["candidates"] == ["ivanov", "ivanov-pyotr"]
    officer = User(
        username="officer",
        name="Officer",
        roles=[Role.CASE_OFFICER],
        clearance=Classification.TOP_SECRET,
    )
    key, position = entry["document"], entry["position"]
    with acting_as("cli:officer", "test", Viewer.of(officer)):
        (seen,) = [e for e in mentions.review_queue(db) if e["text"] == "Ivanov"]
        assert seen["candidates"] == ["ivanov-pyotr"]
        assert "the Soviet Ambassador called about Ivanov" in seen["context"]
        # Refused exactly as a name that is nobody's, and the refusal names only what they see.
        for person in ("ivanov", "nobody-at-all"):
            with pytest.raises(ValidationFailed) as refused:
                mentions.confirm_mention(db, key, position, person)
            assert str(refused.value).endswith(
                f"'{person}' is not one of its candidates (ivanov-pyotr);"
                " to name another person on file, confirm with any-person"
            )
        with pytest.raises(NotFound, match="no person with key 'ivanov'"):
            mentions.confirm_mention(db, key, position, "ivanov", any_person=True)
        assert mentions.confirm_mention(db, key, position, "ivanov-pyotr")["status"] == (
            "confirmed"
        )
    assert "ivanov-pyotr" in views.show(db, "document", key)["document"]["persons"]


def test_confirming_or_rejecting_an_unknown_document_or_mention_names_it(db: Database) -> None:
    key = _two_novaks(db)
    with pytest.raises(NotFound, match="no document with key 'no-such-document'"):
        mentions.confirm_mention(db, "no-such-document", 0, "novak-jan")
    with pytest.raises(NotFound, match=f"no mention with key '{key}/99'"):
        mentions.reject_mention(db, key, 99)
    with pytest.raises(NotFound, match="no document with key 'no-such-document'"):
        mentions.review_queue(db, document="no-such-document")
