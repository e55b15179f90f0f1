"""Issue 15, item 12: a draft dated D is written from what was on record by D, shows no server
path, and is marked DRAFT with its classification wherever it is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from glienicke.domain.errors import ValidationFailed
from glienicke.services import drafts
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


@pytest.fixture
def demo_cli(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _body(db: Database, kind: str, on: str, **options: str) -> str:
    draft = drafts.draft_document(db, "ivanov-1964", kind, by="meeker", on=on, **options)
    return draft.body or ""


def test_a_letter_dated_the_first_request_knows_no_answer_given_later(demo_db: Database) -> None:
    body = _body(demo_db, "concurrence-letter", "1964-11-19")
    assert "Under 22 U.S.C. 1732" in body  # Rusk's argument of 19 November is on record
    assert "non-concur" not in body  # Katzenbach answered on 1 December
    assert "bad bargain" not in body.lower()  # nor his argument, made in that answer
    assert "decided" not in body and "inclined to" not in body  # nor the President's
    assert "I return to the matter" not in body  # the renewed request was made on 8 December
    assert "Katzenbach refused" not in body  # the summary, written later, is left out


def test_the_memo_dated_between_the_answers_shows_the_first_and_not_the_second(
    demo_db: Database,
) -> None:
    body = _body(demo_db, "principal-memo", "1964-12-08")
    clearance = body.split("Clearance:", 1)[1]
    assert "non-concur, Nicholas Katzenbach, 1964-12-01" in clearance
    assert "decision of the" not in clearance  # asked about 15 December
    assert "awaiting answer" in clearance  # the renewed request, asked that day
    assert "leaned toward Justice" not in body
    assert "A bad bargain" in body


def test_an_undated_draft_uses_the_whole_record(demo_db: Database) -> None:
    body = drafts.draft_document(demo_db, "ivanov-1964", "principal-memo").body or ""
    assert "leaned toward Justice" in body and "Katzenbach refused" in body


def test_a_draft_is_marked_draft_with_its_classification(demo_cli: Cli) -> None:
    made = demo_cli(
        "proposal", "draft", "ivanov-1964", "--kind", "principal-memo", "--on", "1964-12-08"
    )
    assert made.code == 0, made.err
    lines = [line for line in made.out.splitlines() if line.strip()]
    text = lines[lines.index("DRAFT — CONFIDENTIAL") :]
    assert text[0] == text[-1] == "DRAFT — CONFIDENTIAL"
    assert text[1] == text[-2] == "CONFIDENTIAL"  # the body itself carries it, top and bottom
    shown = demo_cli("proposal", "draft", "ivanov-1964", "--kind", "principal-memo", "-f", "json")
    assert '"marking": "DRAFT — CONFIDENTIAL"' in shown.out


def test_a_template_mistake_names_its_file_but_never_its_folder(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "principal-memo.txt.j2").write_text("{% include 'missing.txt' %}\n{{ x.y }}\n")
    (tmp_path / "embassy-telegram.txt.j2").write_text("{% if %}\n")
    monkeypatch.setenv("GLIENICKE_DRAFTS_TEMPLATES", str(tmp_path))
    for kind in ("principal-memo", "embassy-telegram"):
        with pytest.raises(ValidationFailed) as caught:
            drafts.draft_document(demo_db, "gorin-1941", kind, to_office="us-president")
        assert str(caught.value).startswith(f"{kind}.txt.j2:")
        assert str(tmp_path) not in str(caught.value)
    monkeypatch.setenv("GLIENICKE_DRAFTS_TEMPLATES", str(tmp_path / "nowhere"))
    with pytest.raises(ValidationFailed) as caught:
        drafts.draft_document(demo_db, "gorin-1941", "principal-memo")
    assert str(tmp_path) not in str(caught.value)


def _status_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deployment's memorandum that says only the proposal's status."""
    (tmp_path / "principal-memo.txt.j2").write_text("Status: {{ proposal.status }}\n")
    monkeypatch.setenv("GLIENICKE_DRAFTS_TEMPLATES", str(tmp_path))


def test_a_draft_dated_before_the_rejection_does_not_call_the_proposal_rejected(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ivanov-1964 is rejected today: the President decided against it about 15 December 1964
    _status_template(tmp_path, monkeypatch)
    assert _body(demo_db, "principal-memo", "1964-11-19") == "Status: in-clearance\n"
    assert _body(demo_db, "principal-memo", "1964-12-08") == "Status: in-clearance\n"
    assert _body(demo_db, "principal-memo", "1965-01-10") == "Status: rejected\n"
    undated = drafts.draft_document(demo_db, "ivanov-1964", "principal-memo").body
    assert undated == "Status: rejected\n"


def test_a_draft_reads_the_status_moves_on_record_by_its_date(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import on_file

    on_file(
        demo_db,
        "proposals",
        {
            "key": "later-no",
            "title": "An exchange refused in the spring",
            "counterparts": ["ussr"],
            "status": "rejected",
            "opened_on": "1964-01-10",
            "cases": ["ivanov"],
        },
    )
    # the moves as `proposal advance` records them
    moves = [("in-clearance", "1964-02-01"), ("rejected", "1964-04-01")]
    for status, day in moves:
        event = {
            "key": f"later-no-{status}",
            "date": day,
            "title": f"Proposal later-no is now {status}",
            "source": "recorded in Glienicke (proposal advance)",
            "proposals": ["later-no"],
        }
        on_file(demo_db, "events", event)
    _status_template(tmp_path, monkeypatch)

    def status_on(day: str) -> str:
        made = drafts.draft_document(demo_db, "later-no", "principal-memo", on=day)
        return made.body or ""

    assert status_on("1964-01-20") == "Status: draft\n"
    assert status_on("1964-03-01") == "Status: in-clearance\n"
    assert status_on("1964-04-02") == "Status: rejected\n"
