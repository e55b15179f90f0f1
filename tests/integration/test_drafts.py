"""Drafts on the demo data: drafted from a proposal's state, restricted like the proposal,
cleared, revised and filed, from the services, the command line and the API."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from glienicke.domain.documents import Document, DocumentKind, DocumentStatus
from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.model import Role, User
from glienicke.security.policy import Viewer
from glienicke.services import audit, drafts, proposals, views
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.services.search import filters_from, search_documents
from tests.conftest import CliResult
from tests.integration.schema import migrate

Cli = Callable[..., CliResult]
# A draft's key: its proposal, its kind, and the ending every signed-in writer's new key gets
LETTER_KEY = re.compile(r"draft-ivanov-1964-concurrence-letter-[a-z2-9]{4}")


def _is_letter(key: str) -> bool:
    return LETTER_KEY.fullmatch(key) is not None


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


def _letter(db: Database, **options: Any) -> Document:
    values: dict[str, Any] = {
        "by": "meeker",
        "clear_with": ["thompson", "davis"],
        "on": "1964-12-08",
    }
    values.update(options)
    return drafts.draft_document(db, "ivanov-1964", "concurrence-letter", **values)


def _outsider() -> Viewer:
    """A reader cleared to confidential, but outside ivanov-team."""
    user = User(
        username="outside",
        name="Outside",
        roles=[Role.CASE_OFFICER, Role.RECORDS_OFFICER],
        clearance="confidential",  # type: ignore[arg-type]
        groups=["gorin-team"],
    )
    return Viewer.of(user)


def _found(db: Database, words: str, **filters: Any) -> list[str]:
    return [r["key"] for r in search_documents(db, words, filters_from(**filters))["results"]]


def test_the_ivanov_concurrence_letter_is_a_confidential_draft_from_state_to_the_attorney_general(
    demo_db: Database,
) -> None:
    letter = _letter(demo_db)
    assert _is_letter(letter.key)
    assert (letter.kind, letter.status) == (DocumentKind.LETTER, DocumentStatus.DRAFT)
    assert letter.classification.value == "confidential"
    assert [(p.office, p.person) for p in letter.sender] == [("us-secretary-of-state", "rusk")]
    assert [(p.office, p.person) for p in letter.recipients] == [
        ("us-attorney-general", "katzenbach")
    ]
    assert "Acting Attorney General (Nicholas Katzenbach)" in letter.recipients[0].text
    assert (letter.drafted_by, letter.to_clear, letter.cleared_with) == (
        ["meeker"],
        ["thompson", "davis"],
        [],
    )
    assert (letter.proposals, letter.cases) == (["ivanov-1964"], ["ivanov", "landerman"])
    assert {"ivanov", "landerman", "rusk", "katzenbach", "meeker"} <= set(letter.persons)
    body = letter.body or ""
    assert "asking concurrence" in letter.title and "22 U.S.C. 1732" in body
    assert "non-concur on 1964-12-01" in body  # the first request's answer, on record
    assert "I return to the matter" in body  # the open step renews an earlier request
    stored = views.show(demo_db, "document", letter.key)["document"]
    assert (stored["status"], stored["to_clear"]) == ("draft", ["thompson", "davis"])
    second = _letter(demo_db).key
    assert _is_letter(second) and second != letter.key


def test_the_draft_is_hidden_like_its_proposal_also_in_search(demo_db: Database) -> None:
    made = _letter(demo_db).key
    assert made in _found(demo_db, "concurrence", status="draft")
    with acting_as("test:outside", "tests", _outsider()):
        with pytest.raises(NotFound):
            views.show(demo_db, "document", made)
        assert made not in [d["key"] for d in views.listing(demo_db, "documents")]
        assert made not in _found(demo_db, "concurrence")
        assert _found(demo_db, "Ivanov", status="draft") == []
        with pytest.raises(NotFound):
            drafts.clear_draft(demo_db, made, "thompson")
        with pytest.raises(NotFound):
            drafts.draft_document(demo_db, "ivanov-1964", "principal-memo")


def test_search_facets_and_filters_drafts_apart_from_filed_documents(demo_db: Database) -> None:
    made = _letter(demo_db).key
    view = search_documents(demo_db, "Ivanov", filters_from())
    statuses = {f["value"]: f["count"] for f in view["facets"]["status"]}
    assert statuses["draft"] == 1 and statuses["filed"] == view["total"] - 1
    assert _found(demo_db, "Ivanov", status="draft") == [made]
    assert made not in _found(demo_db, "Ivanov", status="filed")
    with pytest.raises(Exception, match="status 'pending' is not one of: draft, filed"):
        filters_from(status="pending")


def test_clearing_then_filing_makes_it_an_ordinary_filed_document(demo_db: Database) -> None:
    made = _letter(demo_db).key
    drafts.clear_draft(demo_db, made, "thompson", on="1964-12-07")
    cleared = drafts.clear_draft(demo_db, made, "davis")
    assert (cleared.to_clear, cleared.cleared_with) == ([], ["thompson", "davis"])
    filed = drafts.file_draft(demo_db, made, on="1964-12-08")
    assert (filed.status, str(filed.date)) == (DocumentStatus.FILED, "1964-12-08")
    assert made in _found(demo_db, "concurrence", status="filed")
    entries = audit.list_entries(demo_db, key=made, limit=20)
    cleared_entries = [e.detail for e in entries if e.action == "cleared"]
    assert {"by": "thompson", "on": "1964-12-07"} in cleared_entries
    assert {"by": "davis"} in cleared_entries
    assert {e.action for e in entries} >= {"created", "updated", "cleared"}


def test_filing_is_refused_while_someone_has_not_cleared_and_nothing_changes(
    demo_db: Database,
) -> None:
    made = _letter(demo_db).key
    drafts.clear_draft(demo_db, made, "thompson")
    with pytest.raises(ValidationFailed, match="davis has not cleared it yet"):
        drafts.file_draft(demo_db, made)
    with pytest.raises(ValidationFailed, match="rusk is not among those"):
        drafts.clear_draft(demo_db, made, "rusk")
    stored = views.show(demo_db, "document", made)["document"]
    assert (stored["status"], stored["to_clear"]) == ("draft", ["davis"])


def test_a_draft_is_revised_and_found_by_its_new_words_but_a_filed_document_is_not(
    demo_db: Database,
) -> None:
    made = _letter(demo_db, clear_with=[]).key
    revised = drafts.revise_draft(demo_db, made, body="Quetzalcoatl is the new word.\n")
    assert revised.body == "Quetzalcoatl is the new word.\n"
    assert _found(demo_db, "Quetzalcoatl") == [made]
    drafts.file_draft(demo_db, made)
    for key in (made, "rusk-katzenbach-1964-11-19"):
        with pytest.raises(ValidationFailed, match=f"{key} is filed, so it cannot be revised"):
            drafts.revise_draft(demo_db, key, body="changed")
    assert views.show(demo_db, "document", made)["document"]["body"] == revised.body


def test_the_telegram_goes_from_the_secretary_to_the_embassy_and_the_memo_to_the_principal(
    demo_db: Database,
) -> None:
    telegram = drafts.draft_document(demo_db, "gorin-1941", "embassy-telegram", on="1941-03-21")
    assert telegram.kind is DocumentKind.TELEGRAM
    # In March 1941 Hull was Secretary and Welles acting for him: the office, but no one person.
    assert [(p.office, p.person) for p in telegram.sender] == [("us-secretary-of-state", None)]
    assert [p.office for p in telegram.recipients] == ["us-ambassador-ussr"]
    assert "Irena Pyk" in (telegram.body or "")
    memo = drafts.draft_document(demo_db, "ivanov-1964", "principal-memo", by="meeker")
    assert memo.kind is DocumentKind.MEMORANDUM
    assert [p.office for p in memo.recipients] == ["us-secretary-of-state"]
    assert "bad bargain" in (memo.body or "") and memo.classification.value == "confidential"


def test_a_telegram_with_no_embassy_on_file_asks_for_its_addressee(demo_db: Database) -> None:
    deal = proposals.create_proposal(demo_db, "home-deal", "A deal", counterparts=["us"]).key
    with pytest.raises(ValidationFailed, match="name the addressee with --to OFFICE"):
        drafts.draft_document(demo_db, deal, "embassy-telegram")
    sent = drafts.draft_document(demo_db, deal, "embassy-telegram", to_office="ussr-ambassador-us")
    assert [p.office for p in sent.recipients] == ["ussr-ambassador-us"]


def test_a_concurrence_letter_needs_a_step_it_can_ask(demo_db: Database) -> None:
    with pytest.raises(ValidationFailed, match="no open concurrence or approval step"):
        drafts.draft_document(demo_db, "gorin-1941", "concurrence-letter")
    with pytest.raises(ValidationFailed, match="gorin-1941-probation-order asks for order"):
        drafts.draft_document(
            demo_db, "gorin-1941", "concurrence-letter", step="gorin-1941-probation-order"
        )
    with pytest.raises(ValidationFailed, match="has no clearance step 'nope'"):
        drafts.draft_document(demo_db, "gorin-1941", "concurrence-letter", step="nope")
    asked = drafts.draft_document(
        demo_db, "gorin-1941", "concurrence-letter", step="gorin-1941-justice-approval"
    )
    assert [p.office for p in asked.recipients] == ["us-attorney-general"]
    with pytest.raises(ValidationFailed, match="there is no person 'nobody'"):
        _letter(demo_db, clear_with=["nobody"])
    with pytest.raises(ValidationFailed, match="'sonnet' is not one of"):
        drafts.draft_document(demo_db, "gorin-1941", "sonnet")


def test_a_deployment_template_replaces_the_built_in(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "concurrence-letter.txt.j2").write_text(
        "{% set title = 'Bitte um Zustimmung' %}"
        "{{ recipient.text }}: {{ gives | map(attribute='person') | join(', ') }}\n"
    )
    monkeypatch.setenv("GLIENICKE_DRAFTS_TEMPLATES", str(tmp_path))
    letter = _letter(demo_db)
    assert (letter.title, letter.body) == (
        "Bitte um Zustimmung",
        "Acting Attorney General (Nicholas Katzenbach): Igor Ivanov\n",
    )
    memo = drafts.draft_document(demo_db, "ivanov-1964", "principal-memo")
    assert "Recommendation" in (memo.body or "")  # no replacement: the built-in


def test_a_broken_deployment_template_is_one_message_and_files_nothing(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "principal-memo.txt.j2").write_text("Dear sir,\n{{ proposal.nonsense }}\n")
    monkeypatch.setenv("GLIENICKE_DRAFTS_TEMPLATES", str(tmp_path))
    before = len(views.listing(demo_db, "documents"))
    with pytest.raises(ValidationFailed) as caught:
        drafts.draft_document(demo_db, "gorin-1941", "principal-memo")
    assert str(caught.value).startswith("principal-memo.txt.j2:2: template error")
    assert len(views.listing(demo_db, "documents")) == before


def test_the_migration_files_what_was_on_file_and_will_not_go_back_over_drafts(
    demo_db: Database,
) -> None:
    migrate(demo_db.engine, "0009", down=True)
    try:
        with demo_db.engine.connect() as connection:
            columns = connection.execute(text("SELECT * FROM documents LIMIT 1")).keys()
            assert "status" not in list(columns)
    finally:
        migrate(demo_db.engine, "head")
    assert {d.status for d in _all_documents(demo_db)} == {DocumentStatus.FILED}
    made = _letter(demo_db).key
    migrate(demo_db.engine, "0010", down=True)
    with pytest.raises(RuntimeError, match="1 draft document"):
        migrate(demo_db.engine, "0009", down=True)
    migrate(demo_db.engine, "head")
    assert made in {d.key for d in _all_documents(demo_db)}


def _all_documents(db: Database) -> list[Document]:
    with db.reading() as repo:
        return repo.all(Document)


# --- the command line and the API ---------------------------------------------------------------


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _json(result: CliResult) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_drafting_clearing_and_filing_from_the_command_line(demo: Cli, tmp_path: Path) -> None:
    made = _json(
        demo(
            "proposal",
            "draft",
            "ivanov-1964",
            "--kind",
            "concurrence-letter",
            "--by",
            "meeker",
            "--clear-with",
            "thompson",
            "--on",
            "1964-12-08",
            "--format",
            "json",
        )
    )
    letter = made["key"]
    assert _is_letter(letter) and (made["status"], made["classification"]) == (
        "draft",
        "confidential",
    )
    text_view = demo("proposal", "draft", "ivanov-1964", "--kind", "principal-memo")
    assert text_view.code == 0 and "MEMORANDUM" in text_view.out
    refused = demo("draft", "file", letter)
    assert refused.code == 1 and "thompson has not cleared it yet" in refused.err
    assert "Traceback" not in refused.err
    body = tmp_path / "body.txt"
    body.write_text("A shorter letter.\n")
    revised = _json(demo("draft", "revise", letter, "--body-file", str(body), "-f", "json"))
    assert revised["body"] == "A shorter letter.\n"
    _json(demo("draft", "clear", letter, "--by", "thompson", "--on", "1964-12-08", "-f", "json"))
    filed = demo("draft", "file", letter)
    assert filed.code == 0 and f"{letter}: filed letter" in filed.out
    again = demo("draft", "revise", letter, "--body-file", str(body))
    assert again.code == 1 and "is filed, so it cannot be revised" in again.err
    missing = demo("draft", "revise", letter, "--body-file", str(tmp_path / "none.txt"))
    assert missing.code == 1 and "cannot read the body" in missing.err
    bad_kind = demo("proposal", "draft", "ivanov-1964", "--kind", "sonnet")
    assert bad_kind.code == 2


def test_drafting_clearing_and_filing_over_the_api(demo_db: Database, api: Any) -> None:
    client = api()
    made = client.post(
        "/api/v1/proposals/ivanov-1964/drafts",
        json={"kind": "concurrence-letter", "by": "meeker", "clear_with": ["davis"]},
    )
    assert made.status_code == 201, made.text
    letter = made.json()["key"]
    assert _is_letter(letter) and made.json()["to"] == ["Attorney General"]
    early = client.post(f"/api/v1/documents/{letter}/file", json={})
    assert early.status_code == 422 and "davis has not cleared" in early.text
    wrong = client.post(f"/api/v1/documents/{letter}/clearances", json={"by": "rusk"})
    assert wrong.status_code == 422
    revised = client.post(f"/api/v1/documents/{letter}/revise", json={"title": "A new title"})
    assert revised.status_code == 200 and revised.json()["title"] == "A new title"
    cleared = client.post(
        f"/api/v1/documents/{letter}/clearances", json={"by": "davis", "on": "1964-12-09"}
    )
    assert cleared.status_code == 200 and cleared.json()["cleared_with"] == ["davis"]
    filed = client.post(f"/api/v1/documents/{letter}/file")
    assert filed.status_code == 200 and filed.json()["status"] == "filed"
    late = client.post(f"/api/v1/documents/{letter}/revise", json={"body": "x"})
    assert late.status_code == 422
    unknown = client.post("/api/v1/proposals/nope/drafts", json={"kind": "principal-memo"})
    assert unknown.status_code == 404
    found = client.get("/api/v1/search", params={"q": "Ivanov", "status": "filed"}).json()
    assert letter in [r["key"] for r in found["results"]]
