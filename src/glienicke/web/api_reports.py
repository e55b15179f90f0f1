"""JSON API routes for the reports: a case's dossier and its report to Congress, and the
yearly statistics, as JSON (the report's sections and marked portions), PDF or plain text.
Each answer holds only what the caller may see, and each is written to the audit trail."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from fastapi.security import HTTPBearer

from glienicke.reports.model import Report
from glienicke.services import reports
from glienicke.services.law import parse_as_of
from glienicke.web.api import ERRORS, AsOfQuery, _db

reports_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

FormatQuery = Annotated[
    Literal["json", "pdf", "text"],
    Query(alias="format", description="json (the marked portions), pdf or text"),
]
MEDIA = {"pdf": "application/pdf", "text": "text/plain; charset=utf-8", "json": "application/json"}
ANSWERS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "content": {"application/json": {}, "application/pdf": {}, "text/plain": {}},
        "description": "the report: JSON, PDF or plain text",
    },
}


def answer(request: Request, report: Report, fmt: str) -> Response:
    """The report in the format asked for, audited; a PDF or text comes as a file to open."""
    body = reports.export(_db(request), report, fmt)
    headers = {}
    if fmt != "json":
        name = f"{report.kind}-{report.subject}-{report.as_of.isoformat()}"
        suffix = "pdf" if fmt == "pdf" else "txt"
        headers["Content-Disposition"] = f'inline; filename="{name}.{suffix}"'
    return Response(body, media_type=MEDIA[fmt], headers=headers)


@reports_router.get("/reports/dossier/{key}", responses=ANSWERS, response_class=Response)
def dossier(
    request: Request, key: str, as_of: AsOfQuery = None, fmt: FormatQuery = "json"
) -> Response:
    """A case's dossier on a day (default today): persons, detentions, windows with their
    basis, alarms, urgency, proposals with balance sheets and clearance, commitments,
    timeline and documents, each portion marked with its classification."""
    return answer(request, reports.case_dossier(_db(request), key, parse_as_of(as_of)), fmt)


@reports_router.get("/reports/congress/{key}", responses=ANSWERS, response_class=Response)
def congress(
    request: Request, key: str, as_of: AsOfQuery = None, fmt: FormatQuery = "json"
) -> Response:
    """A case's facts and proceedings for Congress under 22 U.S.C. 1732."""
    return answer(request, reports.congress_report(_db(request), key, parse_as_of(as_of)), fmt)


@reports_router.get("/reports/yearly/{year}", responses=ANSWERS, response_class=Response)
def yearly(
    request: Request,
    year: Annotated[int, Path(ge=1000, le=9999)],
    fmt: FormatQuery = "json",
) -> Response:
    """The year's statistics over the cases the caller may see."""
    return answer(request, reports.yearly_statistics(_db(request), year), fmt)
