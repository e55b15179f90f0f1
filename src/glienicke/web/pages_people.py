"""People and officials: person pages and offices with their holders over time."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from glienicke.services import overview
from glienicke.web.pages_common import database, page, render
from glienicke.web.pages_forms import PERSON_DONE, person_again

people_pages = APIRouter(include_in_schema=False)
PEOPLE_PAGE = 200  # persons a page of the list shows


@people_pages.get("/persons")
@page
def person_list(
    request: Request,
    q: str = Query(default="", max_length=200),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> Response:
    """The persons the viewer may see, by name, a page at a time; `q` finds a name or key."""
    rows, more = overview.person_rows(database(request), q, offset=offset, limit=PEOPLE_PAGE)
    return render(
        request,
        "persons.html",
        title="People",
        section="persons",
        rows=rows,
        more=more,
        offset=offset,
        per_page=PEOPLE_PAGE,
        q=q,
    )


@people_pages.get("/persons/{key}")
@page
def person_page(request: Request, key: str, done: str = "") -> Response:
    return person_again(request, key, notice=PERSON_DONE.get(done))


@people_pages.get("/offices")
@page
def office_list(request: Request) -> Response:
    rows = sorted(overview.office_rows(database(request)), key=lambda r: r[0].title.lower())
    return render(request, "offices.html", title="Offices", section="offices", rows=rows)


@people_pages.get("/offices/{key}")
@page
def office_page(request: Request, key: str) -> Response:
    found = overview.office_file(database(request), key)
    return render(request, "office.html", title=found.office.title, section="offices", file=found)
