"""The HTML pages: signing in and out, and the auditor's page; the other pages live in the
modules by area (dashboard, cases, proposals, commitments and drafts, people, the record) and are gathered here into one router.

Pages are signed in by a session cookie (never by an API token); the JSON API is signed in by
tokens only, so a cookie can never carry a cross-site request into it. Every form that changes
something carries a CSRF token and is refused without the right one.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from glienicke.domain.errors import ValidationFailed
from glienicke.security.sessions import FORM_COOKIE, SESSION_COOKIE
from glienicke.services import accounts, audit
from glienicke.services.access import Forbidden
from glienicke.services.accounts import SignInRefused, TryLater
from glienicke.web.pages_cases import cases_pages
from glienicke.web.pages_commitments import commitment_pages
from glienicke.web.pages_common import WebConfig, form_refusal, signed_in_user, with_query
from glienicke.web.pages_common import database as _db
from glienicke.web.pages_common import is_secure as _secure
from glienicke.web.pages_common import local_path as _local
from glienicke.web.pages_common import refused as _refused
from glienicke.web.pages_common import render as _render
from glienicke.web.pages_common import sentence as _sentence
from glienicke.web.pages_common import web_config as _config
from glienicke.web.pages_curation import curation_pages
from glienicke.web.pages_dashboard import dashboard_pages
from glienicke.web.pages_exchange import exchange_pages
from glienicke.web.pages_exports import export_pages
from glienicke.web.pages_forms import form_pages
from glienicke.web.pages_people import people_pages
from glienicke.web.pages_proposal_parts import part_pages
from glienicke.web.pages_proposals import proposal_pages
from glienicke.web.pages_record import record_pages
from glienicke.web.pages_reports import report_pages

__all__ = ["WebConfig", "form_refusal", "pages", "signed_in_user"]

pages = APIRouter(include_in_schema=False)
for _area in (
    form_pages,  # first: /persons/new and /proposals/new before /persons/{key}, ...
    dashboard_pages,
    cases_pages,
    proposal_pages,
    part_pages,
    commitment_pages,
    people_pages,
    record_pages,
    curation_pages,
    exchange_pages,
    export_pages,
    report_pages,
):
    pages.include_router(_area)


@pages.get("/login")
def login_page(request: Request, next: str = "/", signed_out: bool = False) -> Response:
    if signed_in_user(request) is not None:
        return RedirectResponse(_local(next), status_code=303)
    notice = "You have signed out." if signed_out else None
    if getattr(request.state, "session_ended", False):
        notice = _sentence(accounts.SESSION_ENDED)
    return _render(
        request, "login.html", title="Sign in", next=_local(next), username="", notice=notice
    )


@pages.post("/login")
async def login(
    request: Request,
    username: str = Form(default="", max_length=200),
    password: str = Form(default="", max_length=1024),
    next: str = Form(default="/", max_length=2000),
    csrf_token: str = Form(default="", max_length=200),
) -> Response:
    refusal = form_refusal(request, csrf_token)
    if refusal is not None:
        return _refused(request, refusal, "/login")
    config = _config(request)
    origin = request.client.host if request.client else "unknown"

    def again(message: str, status: int, headers: dict[str, str] | None = None) -> Response:
        page = _render(
            request,
            "login.html",
            status,
            title="Sign in",
            next=_local(next),
            username=username,
            error=message,
        )
        page.headers.update(headers or {})
        return page

    if not username.strip() or not password:
        return again("Give both your user name and your password.", 422)
    try:
        _user, secret = await run_in_threadpool(
            accounts.start_session,
            _db(request),
            username.strip(),
            password,
            hours=config.session_hours,
            origin=origin,
        )
    except TryLater as error:
        retry = {"Retry-After": str(error.seconds)} if error.seconds else {}
        return again(_sentence(error.message), 429, retry)
    except SignInRefused:
        return again("Wrong user name or password.", 401)
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        config.codec.seal(secret),
        max_age=int(config.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@pages.post("/logout")
async def logout(request: Request, csrf_token: str = Form(default="", max_length=200)) -> Response:
    secret: str | None = getattr(request.state, "session_secret", None)
    if secret is None:
        return RedirectResponse("/login", status_code=303)
    refusal = form_refusal(request, csrf_token)
    if refusal is not None:
        return _refused(request, refusal, "/")
    await run_in_threadpool(accounts.end_session, _db(request), secret)
    response = RedirectResponse("/login?signed_out=true", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@pages.get("/audit")
def audit_page(
    request: Request,
    kind: str = "",
    key: str = "",
    actor: str = "",
    action: str = "",
    limit: str = "100",
    older_than: str = "",
    head: str = "",
) -> Response:
    """The auditor's page: the trail's verification (against a recorded head, when given) and
    its entries, filtered, a page at a time (the next page starts after the hash of the last
    entry shown)."""
    if signed_in_user(request) is None:
        return RedirectResponse("/login?next=/audit", status_code=303)
    db = _db(request)
    filters = {"kind": kind, "key": key, "actor": actor, "action": action, "limit": limit}
    recorded, head_error = head.strip().lower() or None, None
    if recorded is not None and not audit.HEAD_HASH.fullmatch(recorded):
        head_error = "Recorded head hash: give the 64 hexadecimal digits `audit verify` printed."
        recorded = None
    try:
        verification = audit.verify_trail(db, head=recorded)
    except Forbidden:
        return _refused(request, "Only auditors and administrators may read the audit trail.", "/")
    error = None
    count = int(limit) if limit.isdigit() and 1 <= int(limit) <= 1000 else None
    if count is None:
        error = f"How many: '{limit}' is not a whole number from 1 to 1000; showing 100."
        filters["limit"] = "100"
    wanted = count or 100
    chosen = {
        "kind": kind.strip() or None,
        "key": key.strip() or None,
        "actor": actor.strip() or None,
        "action": action.strip() or None,
    }
    try:
        entries = audit.list_entries(
            db, **chosen, limit=wanted + 1, older_than=older_than.strip() or None
        )
    except ValidationFailed as refusal:
        error = f"{refusal} Showing the newest entries."
        older_than = ""
        entries = audit.list_entries(db, **chosen, limit=wanted + 1)
    more = len(entries) > wanted
    entries = entries[:wanted]
    query = {k: v for k, v in filters.items() if v and not (k == "limit" and v == "100")}
    return _render(
        request,
        "audit.html",
        title="Audit trail",
        verification=verification,
        entries=[audit.entry_view(e) | {"hash": e.hash, "who": e.actor} for e in entries],
        filters=filters,
        error=error,
        head=recorded,
        head_error=head_error,
        paged=bool(older_than.strip()),
        newest=with_query("/audit", **query),
        older=with_query("/audit", **query, older_than=entries[-1].hash[:16])
        if more and entries
        else None,
    )
