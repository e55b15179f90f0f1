"""Downloads for the list pages: /export/cases.csv, /export/persons.xlsx, ... take the same
query parameters as /cases, /persons, /commitments and /documents, so the "Download" links on
those pages carry the filters shown. Signed in by the page's session, like the pages."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from glienicke.domain.errors import InvalidValue, ValidationFailed
from glienicke.services import exports
from glienicke.services import search as searching
from glienicke.services.law import parse_as_of
from glienicke.web.exporting import Sheet, streamed
from glienicke.web.pages_common import database, page, refused, sentence, with_query

export_pages = APIRouter(include_in_schema=False)


def download_links(list_path: str, **params: object) -> dict[str, str]:
    """The page's download links, CSV and XLSX, with the filters it shows."""
    name = list_path.strip("/")
    return {fmt.value: with_query(f"/export/{name}.{fmt.value}", **params) for fmt in Sheet}


def _answer(
    request: Request, back: str, make: Callable[[], exports.Export], fmt: Sheet
) -> Response:
    """The download, or a page saying what in the filters is wrong (and back to the list)."""
    try:
        return streamed(make(), fmt)
    except ValidationFailed as error:
        message = "; ".join(str(p) for p in error.problems)
        return refused(request, sentence(message), back, 422)
    except InvalidValue as error:
        return refused(request, sentence(str(error)), back, 422)


@export_pages.get("/export/cases.{fmt}")
@page
def cases_download(
    request: Request,
    fmt: Sheet,
    status: str = Query("", max_length=20),
    priority: str = Query("", max_length=20),
    officer: str = Query("", max_length=120),
) -> Response:
    db = database(request)
    return _answer(
        request,
        "/cases",
        lambda: exports.cases(
            db, fmt.value, status=status, priority=priority, officer=officer or None
        ),
        fmt,
    )


@export_pages.get("/export/persons.{fmt}")
@page
def persons_download(request: Request, fmt: Sheet, q: str = Query("", max_length=200)) -> Response:
    db = database(request)
    return _answer(request, "/persons", lambda: exports.persons(db, fmt.value, name=q), fmt)


@export_pages.get("/export/commitments.{fmt}")
@page
def commitments_download(
    request: Request,
    fmt: Sheet,
    party: str = Query("", max_length=120),
    status: str = Query("", max_length=30),
    overdue: str = Query("", max_length=10),
    as_of: str = Query("", max_length=10),
) -> Response:
    db = database(request)
    return _answer(
        request,
        "/commitments",
        lambda: exports.commitments(
            db,
            fmt.value,
            as_of=parse_as_of(as_of) if as_of.strip() else None,
            overdue=bool(overdue),
            state=party or None,
            status=status or None,
        ),
        fmt,
    )


@export_pages.get("/export/documents.{fmt}")
@page
def documents_download(
    request: Request,
    fmt: Sheet,
    q: str = Query(default="", max_length=500),
    kind: list[str] = Query(default=[]),
    classification: list[str] = Query(default=[]),
    year_from: str = Query(default="", max_length=4),
    year_to: str = Query(default="", max_length=4),
    person: str = Query(default="", max_length=120),
    case: str = Query(default="", max_length=120),
    file: str = Query(default="", max_length=200),
) -> Response:
    db = database(request)

    def make() -> exports.Export:
        filters = searching.filters_from(
            kind=kind or None,
            classification=classification or None,
            year_from=_year(year_from, "year from"),
            year_to=_year(year_to, "year to"),
            person=person.strip() or None,
            case=case.strip() or None,
            file=file.strip() or None,
        )
        return exports.documents(db, fmt.value, q, filters)

    return _answer(request, "/documents", make, fmt)


def _year(text: str, name: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or not 1 <= int(text) <= 9999:
        raise InvalidValue(f"{name} '{text}' is not a year (1 to 9999)")
    return int(text)
