"""The dashboard: what needs attention on a day (today, or any day of a historical record)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from glienicke.services import overview, summary
from glienicke.web.pages_common import as_of_from, database, page, render, web_config

dashboard_pages = APIRouter(include_in_schema=False)


@dashboard_pages.get("/")
@page
def dashboard(request: Request, as_of: str = "", show: str = "") -> Response:
    """Windows closing soonest (the proposals' clearance alarms first), death sentences, the
    urgency ranking, overdue commitments, clearance steps awaiting an answer, drafts awaiting
    clearance and recent documents. Long lists show their first lines; `show=all`, every
    line."""
    db = database(request)
    day, problem = as_of_from(as_of)
    given = as_of if problem is None and as_of.strip() else ""
    show_all = show == "all"
    found = overview.dashboard(db, day, lines=None if show_all else overview.LINES)
    return render(
        request,
        "dashboard.html",
        title="Dashboard",
        section="dashboard",
        as_of=day,
        as_of_given=given,
        as_of_error=problem,
        deadlines=found.deadlines,
        ranking=found.ranking,
        day=found.day,
        quiet=found.quiet,
        show_all=show_all,
        suggestions=found.suggestions,
        glance=summary.dashboard_summary(found, f"?as_of={given}" if given else ""),
        session_hours=f"{web_config(request).session_hours:g}",
    )
