"""JSON API routes for commitments: the ledger, counterpart reliability, and the actions on one
commitment. Thin over services.commitments."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from glienicke.domain.proposals import CommitmentStatus
from glienicke.services import commitments
from glienicke.services.database import Database
from glienicke.services.law import parse_as_of
from glienicke.web.api import ERRORS

# Included before the record routes, whose catch-all /{kind} and /{kind}/{key} would otherwise
# take /commitments and /reliability/{state}.
commitments_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


AsOfQuery = Annotated[
    str | None, Query(max_length=10, description="the day to judge on, YYYY-MM-DD")
]
KeyQuery = Annotated[str | None, Query(max_length=120)]
Grouping = Annotated[Literal["year", "proposal"], Query(description="count by year or proposal")]


@commitments_router.get("/commitments", responses=ERRORS)
def list_commitments(
    request: Request,
    overdue: Annotated[bool, Query(description="only those open and past their due date")] = False,
    state: KeyQuery = None,
    proposal: KeyQuery = None,
    status: CommitmentStatus | None = None,
    as_of: AsOfQuery = None,
) -> list[dict[str, Any]]:
    """The commitments the caller may see, each with its outcome on `as_of` (default today):
    kept, kept late, partly, broken and re-linked, waived, pending, overdue."""
    return commitments.list_commitments(
        _db(request),
        as_of=parse_as_of(as_of),
        overdue=overdue,
        state=state,
        proposal=proposal,
        status=None if status is None else status.value,
    )


@commitments_router.get("/reliability", responses=ERRORS)
def reliability_of_all(
    request: Request, by: Grouping = "year", as_of: AsOfQuery = None
) -> list[dict[str, Any]]:
    """How far each state kept the commitments the caller may see, every figure explained."""
    day = None if as_of is None else parse_as_of(as_of)
    return commitments.reliability_of_all(_db(request), by=by, as_of=day)


@commitments_router.get("/reliability/{state}", responses=ERRORS)
def reliability(
    request: Request, state: str, by: Grouping = "year", as_of: AsOfQuery = None
) -> dict[str, Any]:
    """How far one state kept its commitments: kept, late, partly, broken, over time."""
    day = None if as_of is None else parse_as_of(as_of)
    return commitments.reliability(_db(request), state, by=by, as_of=day)


class FulfilmentIn(BaseModel):
    on: str = Field(description="when it was done, a partial date")
    partly: bool = False
    evidence: str | None = Field(default=None, description="the document that shows it")
    note: str | None = Field(default=None, description="how we know it was done")
    expected_version: int | None = Field(default=None, description="refuse if changed since")


@commitments_router.post("/commitments/{key}/fulfilment", responses=ERRORS)
def fulfil(request: Request, key: str, body: FulfilmentIn) -> dict[str, Any]:
    """Record that a commitment was fulfilled (or partly), with its evidence."""
    return commitments.fulfil(
        _db(request),
        key,
        body.on,
        partly=body.partly,
        evidence=body.evidence,
        note=body.note,
        expected_version=body.expected_version,
    )


class FollowUpIn(BaseModel):
    on: str = Field(description="when we pressed, a partial date")
    action: str = Field(default="press", description="press, reminder, inquiry or note")
    by: str | None = Field(default=None, description="the person who pressed")
    note: str | None = None
    document: str | None = Field(default=None, description="the document that records it")
    expected_version: int | None = None


def _press(request: Request, key: str, body: FollowUpIn) -> dict[str, Any]:
    return commitments.press(
        _db(request),
        key,
        body.on,
        action=body.action,
        by=body.by,
        note=body.note,
        document=body.document,
        expected_version=body.expected_version,
    )


@commitments_router.post("/commitments/{key}/press", responses=ERRORS)
def press(request: Request, key: str, body: FollowUpIn) -> dict[str, Any]:
    """Record that we pressed the party on an open commitment."""
    return _press(request, key, body)


@commitments_router.post("/commitments/{key}/follow_ups", responses=ERRORS)
def follow_up(request: Request, key: str, body: FollowUpIn) -> dict[str, Any]:
    """Record a follow-up on an open commitment (the same as /press)."""
    return _press(request, key, body)


class SettleIn(BaseModel):
    on: str = Field(description="when, a partial date")
    note: str = Field(description="why")
    by: str | None = None
    document: str | None = None
    expected_version: int | None = None


@commitments_router.post("/commitments/{key}/break", responses=ERRORS)
def break_(request: Request, key: str, body: SettleIn) -> dict[str, Any]:
    """Record that the party will not do what it undertook."""
    return commitments.break_(
        _db(request),
        key,
        body.on,
        note=body.note,
        by=body.by,
        document=body.document,
        expected_version=body.expected_version,
    )


@commitments_router.post("/commitments/{key}/waive", responses=ERRORS)
def waive(request: Request, key: str, body: SettleIn) -> dict[str, Any]:
    """Record that we no longer hold the party to a commitment."""
    return commitments.waive(
        _db(request),
        key,
        body.on,
        note=body.note,
        by=body.by,
        document=body.document,
        expected_version=body.expected_version,
    )


class RelinkIn(BaseModel):
    on: str = Field(description="when it was taken over, a partial date")
    to: str | None = Field(default=None, description="the commitment that takes it over")
    proposal: str | None = Field(
        default=None, description="or: the proposal under which a new commitment takes it over"
    )
    note: str | None = None
    item: str | None = Field(default=None, description="with proposal: the item it rests on")
    due: str | None = Field(default=None, description="with proposal: when the new one is due")
    description: str | None = None
    expected_version: int | None = None


@commitments_router.post("/commitments/{key}/relink", responses=ERRORS)
def relink(request: Request, key: str, body: RelinkIn) -> dict[str, Any]:
    """Tie a broken commitment to the later arrangement that takes it over; the answer holds
    both, and the successor under `successor`."""
    return commitments.relink(
        _db(request),
        key,
        body.on,
        to=body.to,
        proposal=body.proposal,
        note=body.note,
        item=body.item,
        due=body.due,
        description=body.description,
        expected_version=body.expected_version,
    )
