"""JSON API routes for the duty packs: the duties owed on a case (22 U.S.C. 1732) and the
criteria and determination of a detention (22 U.S.C. 1741a). Thin over services.duties."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field

from glienicke.services import duties
from glienicke.services.database import Database
from glienicke.services.law import parse_as_of
from glienicke.web.api import ERRORS

# Included before the record routes, whose catch-all /{kind}/{key} would otherwise take these.
duties_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

AsOfQuery = Annotated[
    str | None, Query(max_length=10, description="the day to judge on, YYYY-MM-DD")
]
PackQuery = Annotated[str | None, Query(max_length=80, description="the criteria pack")]


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@duties_router.get("/cases/{key}/duties", responses=ERRORS)
def case_duties(request: Request, key: str, as_of: AsOfQuery = None) -> dict[str, Any]:
    """The duties owed on a case on `as_of` (default today), for each national of ours held
    abroad that it concerns: status, date, document, note and alarm."""
    return duties.duties_view(duties.duties_for_case(_db(request), key, parse_as_of(as_of)))


class DutyIn(BaseModel):
    status: Literal["outstanding", "discharged", "not-applicable"]
    date: str | None = Field(default=None, max_length=40, description="when, a partial date")
    detention: str | None = Field(
        default=None, max_length=120, description="which national's detention, when several"
    )
    document: str | None = Field(
        default=None, max_length=120, description="the document that discharged it"
    )
    note: str | None = Field(default=None, max_length=4000)
    pack: str = Field(default=duties.DUTIES_PACK, max_length=80)


@duties_router.post("/cases/{key}/duties/{step}", responses=ERRORS)
def record_duty(request: Request, key: str, step: str, body: DutyIn) -> dict[str, Any]:
    """Record what became of one duty on a case; answers the case's duties."""
    return duties.duties_view(
        duties.record_duty(
            _db(request),
            key,
            step,
            status=body.status,
            on=body.date,
            detention=body.detention,
            document=body.document,
            note=body.note,
            pack=body.pack,
        )
    )


@duties_router.get("/detentions/{key}/criteria", responses=ERRORS)
def detention_criteria(
    request: Request, key: str, as_of: AsOfQuery = None, pack: PackQuery = None
) -> dict[str, Any]:
    """The criteria of a detention with their findings and evidence, whether the pack applies
    on the day, and the determination with its referral."""
    return duties.criteria_view(
        duties.criteria_for_detention(_db(request), key, parse_as_of(as_of), pack)
    )


class AssessmentIn(BaseModel):
    number: int = Field(ge=1, le=99, description="the criterion's number in the statute")
    finding: Literal["met", "not-met", "unknown"]
    documents: list[str] = Field(default_factory=list, max_length=50)
    note: str | None = Field(default=None, max_length=4000)
    pack: str | None = Field(default=None, max_length=80)


@duties_router.post("/detentions/{key}/criteria", responses=ERRORS)
def assess(request: Request, key: str, body: AssessmentIn) -> dict[str, Any]:
    """Assess one criterion for a detention; answers its criteria."""
    return duties.criteria_view(
        duties.assess_criterion(
            _db(request),
            key,
            body.number,
            body.finding,
            documents=body.documents,
            note=body.note,
            pack=body.pack,
        )
    )


class DeterminationIn(BaseModel):
    determination: Literal["wrongfully-detained", "hostage", "neither"]
    date: str = Field(max_length=40, description="when it was determined, a partial date")
    by: str | None = Field(default=None, max_length=200, description="who determined it")
    referral: str | None = Field(default=None, max_length=4000)
    referred_on: str | None = Field(default=None, max_length=40)
    document: str | None = Field(default=None, max_length=120)
    note: str | None = Field(default=None, max_length=4000)
    pack: str | None = Field(default=None, max_length=80)


@duties_router.post("/detentions/{key}/determination", responses=ERRORS)
def determine(request: Request, key: str, body: DeterminationIn) -> dict[str, Any]:
    """Record the determination for a detention and the referral that follows."""
    return duties.criteria_view(
        duties.determine(
            _db(request),
            key,
            body.determination,
            body.date,
            by=body.by,
            referral=body.referral,
            referred_on=body.referred_on,
            document=body.document,
            note=body.note,
            pack=body.pack,
        )
    )
