"""Drafts without a database: rendering from templates (built-in, a deployment's, broken ones)
and a draft document's life (revised, cleared, filed, then immutable)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from glienicke.dataset.codec import from_plain, to_plain
from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Document, DocumentKind, DocumentStatus
from glienicke.domain.errors import ValidationFailed
from glienicke.records.drafts import DraftKind, render_draft


def _context(**changes: Any) -> dict[str, Any]:
    item = {
        "key": "give-a",
        "kind": "release",
        "person": "Anna Example",
        "person_key": "anna",
        "mechanism": "parole",
        "mechanism_name": "Parole",
        "basis": "Act of 1 May 1950",
        "decider": "the parole board",
        "description": "Anna is paroled.",
        "conditions": ["she leaves at once"],
    }
    got = {**item, "key": "get-b", "person": "Ben Example", "description": "Ben is freed."}
    step = {
        "key": "s1",
        "kind": "concurrence",
        "required": True,
        "from_office": "Foreign Minister",
        "from_office_key": "fm",
        "to_office": "Justice Minister",
        "to_office_key": "jm",
        "requested_on": "1970-01-02",
        "due": "1970-01-20",
        "escalates": None,
        "answer": None,
        "decision": None,
        "answered_on": None,
        "answered_by": None,
        "reasons": None,
        "state": "awaiting answer",
    }
    context: dict[str, Any] = {
        "kind": "concurrence-letter",
        "date": "1970-01-05",
        "classification": "secret",
        "proposal": {
            "key": "p",
            "title": "Anna for Ben",
            "status": "in-clearance",
            "summary": None,
            "origin": None,
            "sequencing": "simultaneous",
            "opened_on": None,
            "counterparts": [{"key": "x", "name": "Xland"}],
            "cases": [],
        },
        "gives": [item],
        "gets": [got],
        "conditions": [{"text": "she leaves at once", "item": "give-a", "item_description": ""}],
        "steps": [step],
        "step": step,
        "considerations_for": [
            {"category": "humanitarian", "argument": "Ben is ill.", "made_by": None, "weight": 4}
        ],
        "considerations_against": [
            {"category": "precedent", "argument": "It invites more.", "made_by": "C", "weight": 2}
        ],
        "sender": {"text": "Foreign Minister", "office": "fm", "person": None},
        "recipient": {"text": "Justice Minister", "office": "jm", "person": None},
        "drafter": "Dora Drafter",
        "clear_with": ["Carl Clearer"],
    }
    context.update(changes)
    return context


def test_the_concurrence_letter_names_both_sides_the_basis_the_conditions_and_the_arguments() -> (
    None
):
    rendered = render_draft(DraftKind.CONCURRENCE_LETTER, _context())
    assert rendered.title == (
        "Letter from the Foreign Minister to the Justice Minister asking concurrence: Anna for Ben"
    )
    body = rendered.body
    assert body.startswith("SECRET\n")
    for text in (
        "To: Justice Minister",
        "Anna Example: Anna is paroled.",
        "by way of Parole, under Act of 1 May 1950",
        "on condition: she leaves at once",
        "Ben Example: Ben is freed.",
        "Ben is ill.",
        "It invites more. (C)",
        "if possible by 1970-01-20",
        "To be cleared with: Carl Clearer",
    ):
        assert text in body, text
    assert body.endswith("\n") and not body.endswith("\n\n")


def test_every_built_in_kind_renders_from_the_same_context() -> None:
    for kind in DraftKind:
        rendered = render_draft(kind, _context(kind=kind.value))
        assert "Anna for Ben" in rendered.title
        assert "Ben Example" in rendered.body
    telegram = render_draft(DraftKind.EMBASSY_TELEGRAM, _context()).body
    assert "Not yet settled here: concurrence of the Justice Minister" in telegram
    memo = render_draft(DraftKind.PRINCIPAL_MEMO, _context()).body
    assert "[precedent] It invites more. (C)" in memo


def test_a_deployment_template_replaces_the_built_in_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "principal-memo.txt.j2").write_text(
        "{% set title = 'Note for the Minister' %}Minister: {{ proposal.title }}\n"
    )
    memo = render_draft(DraftKind.PRINCIPAL_MEMO, _context(), deployment=tmp_path)
    assert (memo.title, memo.body) == ("Note for the Minister", "Minister: Anna for Ben\n")
    assert memo.template == "principal-memo.txt.j2"  # its name only: no server path is kept
    letter = render_draft(DraftKind.CONCURRENCE_LETTER, _context(), deployment=tmp_path)
    assert "What we would do:" in letter.body  # the built-in, for a name the folder lacks


def test_a_template_without_a_title_gets_the_kinds_label(tmp_path: Path) -> None:
    (tmp_path / "embassy-telegram.txt.j2").write_text("{{ proposal.title }}\n")
    rendered = render_draft(DraftKind.EMBASSY_TELEGRAM, _context(), deployment=tmp_path)
    assert rendered.title == "Telegram of instructions: Anna for Ben"


def _failure(tmp_path: Path, text: str) -> str:
    (tmp_path / "principal-memo.txt.j2").write_text(text)
    with pytest.raises(ValidationFailed) as caught:
        render_draft(DraftKind.PRINCIPAL_MEMO, _context(), deployment=tmp_path)
    return str(caught.value)


def test_a_misspelt_field_names_the_template_file_and_line(tmp_path: Path) -> None:
    message = _failure(tmp_path, "line one\nline two\n{{ proposal.titel }}\n")
    assert message.startswith("principal-memo.txt.j2:3: template error: ")
    assert str(tmp_path) not in message  # the file's name, never its place on the server
    assert "titel" in message and "no such field" in message
    assert "Traceback" not in message


def test_a_broken_tag_names_the_template_file_and_line(tmp_path: Path) -> None:
    message = _failure(tmp_path, "fine\n{% if %}\n")
    assert message.startswith("principal-memo.txt.j2:2: template error: ")


def test_the_sandbox_refuses_reaching_outside_the_context(tmp_path: Path) -> None:
    message = _failure(tmp_path, "\n{{ proposal.__class__.__mro__ }}\n")
    assert message.startswith("principal-memo.txt.j2:2: template error: ")
    assert "unsafe" in message


def test_a_missing_templates_folder_is_refused_with_its_setting(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="GLIENICKE_DRAFTS_TEMPLATES: the drafts"):
        render_draft(DraftKind.PRINCIPAL_MEMO, _context(), deployment=tmp_path / "nowhere")


def test_each_draft_kind_files_as_its_document_kind() -> None:
    assert [k.document_kind for k in DraftKind] == [
        DocumentKind.LETTER,
        DocumentKind.TELEGRAM,
        DocumentKind.MEMORANDUM,
    ]


# --- the draft's life ---------------------------------------------------------------------------


def _draft(**changes: Any) -> Document:
    values: dict[str, Any] = {
        "key": "d1",
        "kind": DocumentKind.LETTER,
        "title": "A letter",
        "body": "First text.",
        "status": DocumentStatus.DRAFT,
        "to_clear": ["thompson", "davis"],
    }
    values.update(changes)
    return Document(**values)


def test_a_clearance_moves_the_person_from_to_clear_to_cleared_with() -> None:
    draft = _draft()
    draft.record_clearance("davis")
    assert (draft.to_clear, draft.cleared_with) == (["thompson"], ["davis"])


def test_a_person_not_on_to_clear_cannot_clear() -> None:
    draft = _draft()
    with pytest.raises(ValidationFailed, match="rusk is not among those draft d1 waits for"):
        draft.record_clearance("rusk")
    draft.record_clearance("davis")
    with pytest.raises(ValidationFailed, match="davis has already cleared draft d1"):
        draft.record_clearance("davis")


def test_filing_is_refused_while_someone_has_not_cleared_naming_them() -> None:
    draft = _draft()
    draft.record_clearance("davis")
    with pytest.raises(ValidationFailed, match="thompson has not cleared it yet"):
        draft.file()
    assert draft.is_draft


def test_once_everyone_has_cleared_it_files_and_then_nothing_changes_it() -> None:
    draft = _draft()
    draft.revise(body="Second text.", title="A better letter")
    for person in ("thompson", "davis"):
        draft.record_clearance(person)
    draft.file(on=PartialDate(1964, 12, 8))
    assert (draft.status, str(draft.date), draft.body) == (
        DocumentStatus.FILED,
        "1964-12-08",
        "Second text.",
    )
    for change in (
        lambda: draft.revise(body="Third."),
        lambda: draft.record_clearance("davis"),
        lambda: draft.file(),
    ):
        with pytest.raises(ValidationFailed, match="d1 is filed, so it cannot be"):
            change()


def test_a_revision_needs_something_new() -> None:
    with pytest.raises(ValidationFailed, match="give a new body or a new title"):
        _draft().revise()
    with pytest.raises(ValidationFailed, match="title: must not be empty"):
        _draft().revise(title="  ")


def test_a_filed_document_waits_for_nobody() -> None:
    problems = _draft(status=DocumentStatus.FILED).problems()
    assert [p.where for p in problems] == ["to_clear"]
    overlap = _draft(cleared_with=["davis"]).problems()
    assert [str(p) for p in overlap] == [
        "to_clear: davis is listed as cleared and as still to clear"
    ]


def test_a_filed_document_reads_as_before_drafts_existed_so_its_hash_holds() -> None:
    filed = Document(key="d2", kind=DocumentKind.NOTE, title="A note")
    assert to_plain(filed) == {
        "key": "d2",
        "kind": "note",
        "title": "A note",
        "classification": "unclassified",
    }
    draft_plain = to_plain(_draft())
    assert draft_plain["status"] == "draft" and draft_plain["to_clear"] == ["thompson", "davis"]
    problems: list[Any] = []
    assert from_plain(Document, draft_plain, "", problems) == _draft() and problems == []
