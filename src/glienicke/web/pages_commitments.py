"""Commitments and drafts: the ledger of what each party undertook (filtered by party and
status, with each counterpart's reliability), the drafts awaiting clearance, and the forms that
act on a commitment (fulfil, press, break, waive, re-link) and on a draft (write one for a
proposal, clear, revise, file). The forms live on the proposal's page, which they return to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import CommitmentStatus
from glienicke.services import commitments, drafts, proposal_desk, records
from glienicke.web.forms import given
from glienicke.web.forms_proposals import (
    ClearForm,
    CommitmentForm,
    DraftForm,
    FileForm,
    RelinkForm,
    ReviseForm,
)
from glienicke.web.pages_common import as_of_from, database, page, render, version_of
from glienicke.web.pages_proposals import HAPPENED, Outcome, needs, submit

commitment_pages = APIRouter(include_in_schema=False)


@commitment_pages.get("/commitments")
@page
def commitment_list(
    request: Request, party: str = "", status: str = "", overdue: str = "", as_of: str = ""
) -> Response:
    db = database(request)
    day, problem = as_of_from(as_of)
    given = as_of.strip() if problem is None and as_of.strip() else ""
    everything = commitments.list_commitments(db, as_of=day)
    parties = sorted({row["party"] for row in everything})
    error = None
    if status and status not in {s.value for s in CommitmentStatus}:
        error, status = f"Status: '{status}' is not one of the statuses; showing every one.", ""
    if party and party not in parties:
        error, party = f"Party: no commitment you may see was undertaken by '{party}'.", ""
    rows = commitments.list_commitments(
        db,
        as_of=day,
        overdue=bool(overdue),
        state=party or None,
        status=status or None,
    )
    return render(
        request,
        "commitments.html",
        title="Commitments",
        section="commitments",
        rows=rows,
        total=len(everything),
        parties=parties,
        statuses=[s.value for s in CommitmentStatus],
        filters={"party": party, "status": status, "overdue": overdue},
        reliability=[commitments.reliability(db, p, as_of=day if given else None) for p in parties],
        as_of=day,
        as_of_given=given,
        as_of_error=problem,
        error=error,
    )


@commitment_pages.get("/drafts")
@page
def draft_list(request: Request) -> Response:
    waiting = proposal_desk.drafts_awaiting(database(request))
    return render(request, "drafts.html", title="Drafts", section="drafts", drafts=waiting)


# --- acting on a commitment -----------------------------------------------------------------


def _proposal_of(request: Request, commitment: str) -> tuple[str, int]:
    record, version = records.get_versioned(database(request), "commitments", commitment)
    proposal: str = record.proposal
    return proposal, version


@commitment_pages.post("/commitments/{key}/record")
@page
def record_commitment(
    request: Request, key: str, form: Annotated[CommitmentForm, Form()]
) -> Response:
    proposal, _now = _proposal_of(request, key)
    db, expected = database(request), version_of(form.version)

    def act() -> None:
        if form.happened not in HAPPENED:
            raise ValidationFailed.single("happened", "choose what happened")
        needs(form.on, "on", "give the day it happened")
        day, note, paper, who = (
            form.on.strip(),
            given(form.note),
            given(form.document),
            given(form.by),
        )
        if form.happened in ("fulfilled", "partly-fulfilled"):
            partly = form.happened == "partly-fulfilled"
            commitments.fulfil(
                db, key, day, evidence=paper, note=note, partly=partly, expected_version=expected
            )
        elif form.happened in ("broken", "waived"):
            act_on = commitments.break_ if form.happened == "broken" else commitments.waive
            act_on(db, key, day, note=note or "", by=who, document=paper, expected_version=expected)
        else:
            commitments.press(
                db,
                key,
                day,
                by=who,
                note=note,
                document=paper,
                action=form.happened,
                expected_version=expected,
            )

    renamed = {"evidence": "document", "fulfilled_on": "on", "date": "on", "evidence_note": "note"}
    outcome = Outcome(f"commitment-{key}", "commitment", f"commitment-{key}", renamed)
    return submit(request, proposal, form, act, outcome)


@commitment_pages.post("/commitments/{key}/relink")
@page
def relink_commitment(request: Request, key: str, form: Annotated[RelinkForm, Form()]) -> Response:
    home, _now = _proposal_of(request, key)

    def act() -> None:
        needs(form.on, "on", "give the day it was taken over")
        commitments.relink(
            database(request),
            key,
            form.on.strip(),
            to=given(form.to),
            proposal=given(form.proposal),
            note=given(form.note),
            item=given(form.item),
            due=given(form.due),
            expected_version=version_of(form.version),
        )

    outcome = Outcome(f"relink-{key}", "relinked", f"commitment-{key}", {"relinked_to": "to"})
    return submit(request, home, form, act, outcome)


# --- drafts ------------------------------------------------------------------------------------


@commitment_pages.post("/proposals/{key}/drafts")
@page
def draft_for(request: Request, key: str, form: Annotated[DraftForm, Form()]) -> Response:
    def act() -> None:
        needs(form.kind, "kind", "choose what to draft")
        drafts.draft_document(
            database(request),
            key,
            form.kind,
            step=given(form.step),
            by=given(form.by),
            clear_with=[person for person in form.clear_with if person],
            on=given(form.on),
            from_office=given(form.from_office),
            to_office=given(form.to_office),
        )

    renamed = {"drafted_by": "by", "to_clear": "clear_with", "date": "on", "to": "to_office"}
    return submit(request, key, form, act, Outcome("draft", "drafted", "drafts", renamed))


def _draft_home(request: Request, document: str, proposal: str) -> str:
    """The proposal page a draft's form returns to: the one it came from, if the draft bears
    on it, else the draft's first."""
    record, _version = records.get_versioned(database(request), "documents", document)
    listed: list[str] = record.proposals
    if proposal in listed or not listed:
        return proposal
    return listed[0]


@commitment_pages.post("/drafts/{document}/clear")
@page
def clear_draft(request: Request, document: str, form: Annotated[ClearForm, Form()]) -> Response:
    home = _draft_home(request, document, form.proposal)

    def act() -> None:
        needs(form.by, "by", "choose who cleared it")
        drafts.clear_draft(
            database(request),
            document,
            form.by.strip(),
            on=given(form.on),
            expected_version=version_of(form.version),
        )

    renamed = {"to_clear": "by", "cleared_with": "by"}
    outcome = Outcome(f"clear-{document}", "cleared", f"draft-{document}", renamed)
    return submit(request, home, form, act, outcome)


@commitment_pages.post("/drafts/{document}/revise")
@page
def revise_draft(request: Request, document: str, form: Annotated[ReviseForm, Form()]) -> Response:
    home = _draft_home(request, document, form.proposal)

    def act() -> None:
        needs(form.title, "title", "a draft needs a title")
        drafts.revise_draft(
            database(request),
            document,
            title=form.title.strip(),
            body=form.body,
            expected_version=version_of(form.version),
        )

    outcome = Outcome(f"revise-{document}", "revised", f"draft-{document}")
    return submit(request, home, form, act, outcome)


@commitment_pages.post("/drafts/{document}/file")
@page
def file_draft(request: Request, document: str, form: Annotated[FileForm, Form()]) -> Response:
    home = _draft_home(request, document, form.proposal)

    def act() -> None:
        drafts.file_draft(
            database(request),
            document,
            on=given(form.on),
            expected_version=version_of(form.version),
        )

    outcome = Outcome(f"file-{document}", "filed", "drafts", {"to_clear": "", "date": "on"})
    return submit(request, home, form, act, outcome)
