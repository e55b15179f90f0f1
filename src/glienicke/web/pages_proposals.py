"""A proposal's page: both sides with each item judged by the law, the balance sheet, the
clearance plan with each step's state, commitments, drafts and documents; and the forms that
work its clearance and move it along its lifecycle. Each form calls the service the command
line and the API call; a refusal from the engines is shown on the page, beside the field it
concerns, with what was typed kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.documents import Classification
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import Answer, Decision, FollowUpAction, StepKind, StepPhase
from glienicke.negotiation.lifecycle import allowed
from glienicke.records.drafts import DraftKind
from glienicke.services import (
    assessment,
    commitments,
    negotiation,
    proposal_desk,
    records,
    summary,
    views,
)
from glienicke.services.negotiation_views import proposal_view, replay_view
from glienicke.web.choices import proposal_choices, relink_choices
from glienicke.web.forms import Sent, given
from glienicke.web.forms_proposals import (
    AdvanceForm,
    AnswerForm,
    AskForm,
    EscalateForm,
    PlanForm,
    RequestForm,
)
from glienicke.web.pages_common import (
    as_of_from,
    database,
    page,
    render,
    run_form,
    with_query,
)

proposal_pages = APIRouter(include_in_schema=False)

DONE = {
    "plan": "The planned steps are on record.",
    "requested": "The step is asked; it now awaits its answer.",
    "asked": "The step is on record.",
    "answered": "The answer is recorded.",
    "escalated": "The question is taken on as a new step.",
    "advanced": "The proposal has moved on.",
    "declassified": "The proposal is declassified; the change is in the audit trail.",
    "commitment": "The commitment is updated.",
    "relinked": "The commitment is tied to the arrangement that took it over.",
    "drafted": "The draft is written and filed as a draft document.",
    "cleared": "The clearance is recorded.",
    "revised": "The draft is revised.",
    "filed": "The draft is filed; it cannot be changed any more.",
    "created": "The proposal is on file as a draft; add its items below.",
    "edited": "The proposal is saved.",
    "item": "The item is added.",
    "condition": "The condition is added.",
    "consideration": "The argument is on record.",
    "packaged": "The package is on file as a draft proposal: its releases are its items. Plan"
    " its clearance below.",
    "item-edited": "The item is changed.",
    "item-removed": "The item is taken off the proposal.",
    "condition-edited": "The condition is changed.",
    "condition-removed": "The condition is taken off the proposal.",
    "consideration-edited": "The argument is changed.",
    "consideration-removed": "The argument is taken off the record; the audit trail keeps it.",
}


# What the one commitment form may record, and the service that records it.
HAPPENED = {
    "fulfilled": "fulfilled in full",
    "partly-fulfilled": "fulfilled in part",
    "press": "we pressed them",
    "reminder": "we reminded them",
    "inquiry": "we asked how it stands",
    "note": "a note for the record",
    "broken": "they will not do it (broken)",
    "waived": "we no longer hold them to it (waived)",
}


@proposal_pages.get("/proposals")
@page
def proposal_list(request: Request) -> Response:
    rows = views.listing(database(request), "proposals")
    return render(request, "proposals.html", title="Proposals", section="proposals", rows=rows)


@proposal_pages.get("/proposals/{key}")
@page
def proposal_page(request: Request, key: str, as_of: str = "", done: str = "") -> Response:
    return proposal_again(request, key, as_of, notice=DONE.get(done))


def proposal_again(
    request: Request,
    key: str,
    as_of: str,
    *,
    notice: str | None = None,
    forms: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    """The proposal's page; with `forms`, one form shown again with its values and errors."""
    db = database(request)
    day, problem = as_of_from(as_of)
    given = as_of.strip() if problem is None and as_of.strip() else ""
    record = views.show(db, "proposal", key)  # audits the reading of a classified proposal
    bench = negotiation.workbench(db, key, given or None)
    judged = proposal_view(bench)
    sheet = assessment.assessment_view(
        assessment.assess_proposal(db, key, as_of=day if given else None)
    )
    ledger = commitments.list_commitments(db, proposal=key, as_of=day if given else None)
    papers = proposal_desk.proposal_papers(db, key)
    parties = sorted({row["party"] for row in ledger})
    relinking = any(row.get("status") == "broken" for row in ledger) or any(
        name.startswith("relink-") for name in forms or {}
    )
    return render(
        request,
        "proposal.html",
        status,
        title=bench.proposal.title,
        section="proposals",
        p=bench.proposal,
        bench=bench,
        judged=judged,
        replayed=replay_view(negotiation.replay_record(db, key)),
        checks={c.item: c for c in bench.checks},
        considerations=record["considerations"],
        sheet=sheet,
        ledger=ledger,
        reliability={party: commitments.reliability(db, party) for party in parties},
        papers=papers,
        glance=summary.of_proposal(
            bench, ledger, papers.offices, day if given else bench.as_of, papers.names
        ),
        as_of=day if given else bench.as_of,
        as_of_given=given,
        as_of_error=problem,
        notice=notice,
        forms=forms or {},
        step_kinds=[k.value for k in StepKind],
        phases=[p.value for p in StepPhase],
        answers=[a.value for a in Answer],
        decisions=[d.value for d in Decision],
        follow_ups=[a.value for a in FollowUpAction],
        draft_kinds=[k.value for k in DraftKind],
        happened=list(HAPPENED.items()),
        levels=[c.value for c in Classification],
        finished=not allowed(bench.proposal.status),
        p_version=records.get_versioned(db, "proposals", key)[1],
        argument_versions={
            a["key"]: records.get_versioned(db, "considerations", a["key"])[1]
            for a in sheet["considerations"]
        },
        **proposal_choices(db),
        **(relink_choices(db, key) if relinking else {}),
    )


@dataclass(frozen=True)
class Outcome:
    """Where a form stands on the proposal's page and where it leads: the form's id (to show
    it again), the notice on success, the anchor the page opens at, and the services' names
    for fields mapped to the form's ('requested_on' is the form's 'on'; '' for none of them)."""

    form: str
    done: str
    anchor: str
    rename: Mapping[str, str] = field(default_factory=dict)


# What the services call the fields of a form that asks a new step.
NEW_STEP = {"requested_on": "on", "key": "step_key", "request_document": "document"}


def submit(
    request: Request,
    key: str,
    sent: Sent,
    action: Callable[[], object],
    outcome: Outcome,
) -> Response:
    """Run one form's action: refused without its token; on a refusal the page again, with
    every problem beside the field it concerns and what was typed kept; on success back to
    the page, at the outcome's anchor, with its notice."""

    def again(forms: dict[str, dict[str, Any]], status: int) -> Response:
        return proposal_again(request, key, sent.as_of, forms=forms, status=status)

    shown = run_form(
        request, sent, action, outcome.form, again, f"/proposals/{key}", outcome.rename
    )
    if shown is not None:
        return shown
    target = with_query(f"/proposals/{key}", as_of=sent.as_of, done=outcome.done)
    return RedirectResponse(f"{target}#{outcome.anchor}", status_code=303)


def needs(text: str, field: str, why: str) -> None:
    """A field the form cannot do without."""
    if not text.strip():
        raise ValidationFailed.single(field, why)


# --- the clearance ------------------------------------------------------------------------------

REQUEST = {"requested_on": "on", "request_document": "document"}
ANSWER = {"answered_on": "on", "answered_by": "by", "answer_document": "document", "office": ""}


@proposal_pages.post("/proposals/{key}/plan")
@page
def save_plan(request: Request, key: str, form: Annotated[PlanForm, Form()]) -> Response:
    def act() -> None:
        overrides = negotiation.parse_offices(form.offices.split())
        negotiation.save_plan(
            database(request), key, given(form.as_of), overrides, given(form.phase)
        )

    renamed = {"office": "offices", "items": ""}
    return submit(request, key, form, act, Outcome("plan", "plan", "clearance", renamed))


@proposal_pages.post("/proposals/{key}/steps/{step}/request")
@page
def request_step(
    request: Request, key: str, step: str, form: Annotated[RequestForm, Form()]
) -> Response:
    def act() -> None:
        needs(form.on, "on", "give the day the office was asked")
        negotiation.request_step(
            database(request),
            key,
            step,
            form.on.strip(),
            document=given(form.document),
            due=given(form.due),
            from_office=given(form.from_office),
        )

    outcome = Outcome(f"request-{step}", "requested", f"step-{step}", REQUEST)
    return submit(request, key, form, act, outcome)


@proposal_pages.post("/proposals/{key}/steps")
@page
def ask_step(request: Request, key: str, form: Annotated[AskForm, Form()]) -> Response:
    def act() -> None:
        needs(form.to_office, "to_office", "name the office asked")
        negotiation.add_step(
            database(request),
            key,
            form.kind,
            form.to_office.strip(),
            given(form.on),
            step_key=given(form.step_key),
            from_office=given(form.from_office),
            item=given(form.item),
            phase=form.phase,
            required=not form.optional,
            document=given(form.document),
        )

    return submit(request, key, form, act, Outcome("ask", "asked", "clearance", NEW_STEP))


@proposal_pages.post("/proposals/{key}/answers")
@page
def answer_step(request: Request, key: str, form: Annotated[AnswerForm, Form()]) -> Response:
    def act() -> None:
        needs(form.answer, "answer", "choose the answer the office gave")
        needs(form.on, "on", "give the day the office answered")
        negotiation.answer_step(
            database(request),
            key,
            form.office.strip(),
            form.answer,
            form.on.strip(),
            step=given(form.step),
            by=given(form.by),
            reasons=given(form.reasons),
            document=given(form.document),
            decision=given(form.decision),
        )

    outcome = Outcome(f"answer-{form.step}", "answered", f"step-{form.step}", ANSWER)
    return submit(request, key, form, act, outcome)


@proposal_pages.post("/proposals/{key}/steps/{step}/escalate")
@page
def escalate_step(
    request: Request, key: str, step: str, form: Annotated[EscalateForm, Form()]
) -> Response:
    def act() -> None:
        needs(form.to_office, "to_office", "name the office now asked")
        needs(form.on, "on", "give the day it was asked")
        negotiation.escalate_step(
            database(request),
            key,
            step,
            form.to_office.strip(),
            form.on.strip(),
            kind=given(form.kind),
            from_office=given(form.from_office),
            new_key=given(form.step_key),
            document=given(form.document),
        )

    outcome = Outcome(f"escalate-{step}", "escalated", "clearance", NEW_STEP)
    return submit(request, key, form, act, outcome)


@proposal_pages.post("/proposals/{key}/advance")
@page
def advance(request: Request, key: str, form: Annotated[AdvanceForm, Form()]) -> Response:
    def act() -> None:
        needs(form.to, "to", "choose where the proposal goes")
        needs(form.on, "on", "give the day of the move")
        negotiation.advance(
            database(request),
            key,
            form.to,
            form.on.strip(),
            document=given(form.document),
            note=given(form.note),
        )

    return submit(request, key, form, act, Outcome("advance", "advanced", "lifecycle"))
