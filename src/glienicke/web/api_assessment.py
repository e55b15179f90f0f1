"""JSON API route for the balance sheet of a proposal."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPBearer

from glienicke.services import assessment
from glienicke.services.law import parse_as_of
from glienicke.web.api import ERRORS, AsOfQuery, _db

assessment_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])


@assessment_router.get("/proposals/{key}/assessment", responses=ERRORS)
def assess(request: Request, key: str, as_of: AsOfQuery = None) -> dict[str, Any]:
    """The balance sheet: both columns with every term, the balance, the arguments on record,
    comparable proposals and flags (by default judged today for a proposal still being worked,
    else on the day it was put forward)."""
    day = parse_as_of(as_of) if as_of else None
    found = assessment.assess_proposal(_db(request), key, day)
    return assessment.assessment_view(found)
