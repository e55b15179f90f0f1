"""JSON API routes for negotiation: a proposal's plan, clearance moves, lifecycle and replay."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from glienicke.services import negotiation
from glienicke.services.database import Database
from glienicke.services.negotiation_views import (
    plan_view,
    proposal_view,
    replay_view,
    step_view,
)
from glienicke.web.api import ERRORS

# Included before the record routes, whose catch-all /{kind}/{key} would otherwise take
# one- and two-segment paths such as /commitments.
negotiation_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

AsOf = Annotated[
    str | None, Query(description="judge the items on this day (default: when put forward)")
]
OfficeQuery = Annotated[
    list[str] | None,
    Query(description="REQUIREMENT=OFFICE, e.g. decider=us-district-court (repeatable)"),
]


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@negotiation_router.get("/proposals/{key}/overview", responses=ERRORS)
def show(request: Request, key: str, as_of: AsOf = None) -> dict[str, Any]:
    """The proposal with its items judged by the law, its clearance and its commitments."""
    return proposal_view(negotiation.workbench(_db(request), key, as_of))


@negotiation_router.get("/proposals/{key}/plan", responses=ERRORS)
def plan(
    request: Request, key: str, as_of: AsOf = None, office: OfficeQuery = None
) -> dict[str, Any]:
    """The clearance the items' mechanisms need, beside what is on record."""
    return plan_view(
        negotiation.workbench(_db(request), key, as_of, negotiation.parse_offices(office))
    )


class PlanIn(BaseModel):
    as_of: str | None = Field(default=None, description="judge the items on this day")
    offices: dict[str, str] = Field(
        default_factory=dict, description="requirement (or 'decider') -> the office asked"
    )
    phase: str | None = Field(default=None, description="only clearance or execution steps")


@negotiation_router.post("/proposals/{key}/plan", responses=ERRORS)
def save_plan(request: Request, key: str, body: PlanIn) -> dict[str, Any]:
    """Put the planned steps not yet on record on record."""
    return plan_view(negotiation.save_plan(_db(request), key, body.as_of, body.offices, body.phase))


class RequestIn(BaseModel):
    on: str = Field(description="when it was asked, e.g. 1964-11-19")
    document: str | None = None
    due: str | None = None
    from_office: str | None = None


@negotiation_router.post("/proposals/{key}/steps/{step}/request", responses=ERRORS)
def request_step(request: Request, key: str, step: str, body: RequestIn) -> dict[str, Any]:
    """Ask the office of a step on record (a draft proposal goes into clearance)."""
    found = negotiation.request_step(
        _db(request),
        key,
        step,
        body.on,
        document=body.document,
        due=body.due,
        from_office=body.from_office,
    )
    return step_view(found)


class AskIn(BaseModel):
    kind: str = Field(description="recommendation, concurrence, decision, consultation, ...")
    to_office: str
    on: str | None = Field(default=None, description="when it was asked; omit to plan it only")
    key: str | None = None
    from_office: str | None = None
    item: str | None = None
    phase: str = "clearance"
    required: bool = True
    document: str | None = None


@negotiation_router.post("/proposals/{key}/steps", status_code=201, responses=ERRORS)
def ask(request: Request, key: str, body: AskIn) -> dict[str, Any]:
    """Ask for something the law does not require (consulting the President)."""
    found = negotiation.add_step(
        _db(request),
        key,
        body.kind,
        body.to_office,
        body.on,
        step_key=body.key,
        from_office=body.from_office,
        item=body.item,
        phase=body.phase,
        required=body.required,
        document=body.document,
    )
    return step_view(found)


class AnswerIn(BaseModel):
    office: str = Field(description="the office answering")
    answer: str = Field(
        description="concur, concur-with-conditions, non-concur, no-objection, decided"
    )
    on: str
    step: str | None = Field(default=None, description="when the office was asked several")
    decision: str | None = Field(default=None, description="with 'decided'")
    by: str | None = None
    reasons: str | None = None
    document: str | None = None


@negotiation_router.post("/proposals/{key}/answers", responses=ERRORS)
def answer(request: Request, key: str, body: AnswerIn) -> dict[str, Any]:
    """Record an office's answer to what it was asked."""
    found = negotiation.answer_step(
        _db(request),
        key,
        body.office,
        body.answer,
        body.on,
        step=body.step,
        by=body.by,
        reasons=body.reasons,
        document=body.document,
        decision=body.decision,
    )
    return step_view(found)


class EscalateIn(BaseModel):
    to_office: str = Field(description="the office now asked (the same office: ask again)")
    on: str
    kind: str | None = None
    from_office: str | None = None
    key: str | None = None
    document: str | None = None


@negotiation_router.post(
    "/proposals/{key}/steps/{step}/escalate", status_code=201, responses=ERRORS
)
def escalate(request: Request, key: str, step: str, body: EscalateIn) -> dict[str, Any]:
    """Take a question to a higher office, or renew it, as a new step."""
    found = negotiation.escalate_step(
        _db(request),
        key,
        step,
        body.to_office,
        body.on,
        kind=body.kind,
        from_office=body.from_office,
        new_key=body.key,
        document=body.document,
    )
    return step_view(found)


class AdvanceIn(BaseModel):
    to: str = Field(description="the next status, e.g. approved")
    on: str
    document: str | None = None
    note: str | None = None


@negotiation_router.post("/proposals/{key}/advance", responses=ERRORS)
def advance(request: Request, key: str, body: AdvanceIn) -> dict[str, Any]:
    """Move the proposal along its lifecycle; agreement creates the commitments."""
    found = negotiation.advance(
        _db(request), key, body.to, body.on, document=body.document, note=body.note
    )
    return {"key": found.key, "status": found.status.value}


@negotiation_router.get("/proposals/{key}/replay", responses=ERRORS)
def replay(request: Request, key: str) -> dict[str, Any]:
    """The clearance on record made again, move by move, through the state machine."""
    return replay_view(negotiation.replay_record(_db(request), key))
