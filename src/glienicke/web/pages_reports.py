"""Reports on the web: a case's dossier and its report to Congress as PDF (or text), from the
case page's buttons, and the reports page with the yearly statistics (tables and charts) for a
chosen year, a link to its PDF, and each counted case's report to Congress."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from glienicke.reports.model import Report
from glienicke.services import reports
from glienicke.services.law import parse_as_of
from glienicke.web.pages_common import database, page, render

report_pages = APIRouter(include_in_schema=False)

MEDIA = {"pdf": "application/pdf", "text": "text/plain; charset=utf-8"}
Format = Literal["pdf", "text"]


def _file(request: Request, report: Report, fmt: str) -> Response:
    body = reports.export(database(request), report, fmt)
    name = f"{report.kind}-{report.subject}-{report.as_of.isoformat()}"
    suffix = "pdf" if fmt == "pdf" else "txt"
    headers = {"Content-Disposition": f'inline; filename="{name}.{suffix}"'}
    return Response(body, media_type=MEDIA[fmt], headers=headers)


@report_pages.get("/cases/{key}/dossier")
@page
def dossier(request: Request, key: str, as_of: str = "", format: Format = "pdf") -> Response:
    return _file(request, reports.case_dossier(database(request), key, parse_as_of(as_of)), format)


@report_pages.get("/cases/{key}/congress")
@page
def congress(request: Request, key: str, as_of: str = "", format: Format = "pdf") -> Response:
    return _file(
        request, reports.congress_report(database(request), key, parse_as_of(as_of)), format
    )


@report_pages.get("/reports/yearly")
@page
def yearly_file(
    request: Request, year: int = Query(ge=1000, le=9999), format: Format = "pdf"
) -> Response:
    return _file(request, reports.yearly_statistics(database(request), year), format)


@report_pages.get("/reports")
@page
def reports_page(request: Request, year: str = "") -> Response:
    db = database(request)
    years = reports.years_on_record(db)
    problem = None
    chosen = years[-1] if years else date.today().year
    if year.strip():
        if year.strip().isdigit() and 1000 <= int(year) <= 9999:
            chosen = int(year)
        else:
            problem = f"'{year}' is not a year of four digits"
    report, rows = reports.yearly_with_rows(db, chosen)
    return render(
        request,
        "reports.html",
        title=f"Reports: {chosen}",
        section="reports",
        report=report,
        year=chosen,
        years=years,
        year_error=problem,
        rows=rows,
    )
