"""API routes that export the lists as CSV or XLSX, streamed: the same query parameters as
the list and search routes, everything the caller may see. Thin over services.exports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPBearer

from glienicke.services import exports
from glienicke.services import search as searching
from glienicke.services.database import Database
from glienicke.services.law import parse_as_of
from glienicke.web.api import ERRORS
from glienicke.web.exporting import Sheet, streamed

exports_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

Text = Annotated[str | None, Query(max_length=120)]
DOWNLOAD = {
    200: {
        "description": "the file, streamed",
        "content": {"text/csv": {}, exports.MEDIA_TYPES["xlsx"]: {}},
    },
    **ERRORS,
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@exports_router.get("/export/cases.{fmt}", responses=DOWNLOAD, response_class=StreamingResponse)
def export_cases(
    request: Request,
    fmt: Sheet,
    status: Annotated[str | None, Query(max_length=20, description="open or closed")] = None,
    priority: Annotated[
        str | None, Query(max_length=20, description="low, normal, high or critical")
    ] = None,
    officer: Text = None,
) -> StreamingResponse:
    """The cases the caller may see, by key, with their subjects."""
    found = exports.cases(
        _db(request), fmt.value, status=status, priority=priority, officer=officer
    )
    return streamed(found, fmt)


@exports_router.get("/export/persons.{fmt}", responses=DOWNLOAD, response_class=StreamingResponse)
def export_persons(
    request: Request,
    fmt: Sheet,
    q: Annotated[str, Query(max_length=200, description="a name or key holds this")] = "",
) -> StreamingResponse:
    """The persons the caller may see, by name."""
    return streamed(exports.persons(_db(request), fmt.value, name=q), fmt)


@exports_router.get(
    "/export/commitments.{fmt}", responses=DOWNLOAD, response_class=StreamingResponse
)
def export_commitments(
    request: Request,
    fmt: Sheet,
    overdue: Annotated[bool, Query(description="only those open and past their due date")] = False,
    state: Text = None,
    proposal: Text = None,
    status: Annotated[str | None, Query(max_length=30)] = None,
    as_of: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")] = None,
) -> StreamingResponse:
    """The commitments the caller may see, by proposal and key, with their outcome on the
    day."""
    found = exports.commitments(
        _db(request),
        fmt.value,
        as_of=None if not as_of else parse_as_of(as_of),
        overdue=overdue,
        state=state,
        proposal=proposal,
        status=status,
    )
    return streamed(found, fmt)


@exports_router.get("/export/documents.{fmt}", responses=DOWNLOAD, response_class=StreamingResponse)
def export_documents(
    request: Request,
    fmt: Sheet,
    q: Annotated[
        str, Query(max_length=500, description='words, "a phrase", prefix*, -excluded')
    ] = "",
    kind: Annotated[list[str] | None, Query()] = None,
    classification: Annotated[list[str] | None, Query()] = None,
    year_from: Annotated[int | None, Query(ge=1, le=9999)] = None,
    year_to: Annotated[int | None, Query(ge=1, le=9999)] = None,
    person: Text = None,
    case: Text = None,
    proposal: Text = None,
    file: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[str | None, Query(max_length=10, description="draft or filed")] = None,
) -> StreamingResponse:
    """Every document the caller may see that matches `q` (best first) and the filters, or
    without `q` the registry (newest first)."""
    filters = searching.filters_from(
        kind=kind,
        classification=classification,
        year_from=year_from,
        year_to=year_to,
        person=person,
        case=case,
        proposal=proposal,
        file=file,
        status=status,
    )
    return streamed(exports.documents(_db(request), fmt.value, q, filters), fmt)
