"""The HTML pages: signing in and out, and the signed-in home page.

Pages are signed in by a session cookie (never by an API token); the JSON API is signed in by
tokens only, so a cookie can never carry a cross-site request into it. Every form that changes
something carries a CSRF token and is refused without the right one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from glienicke import __version__
from glienicke.security.model import Permission, User
from glienicke.security.sessions import (
    FORM_COOKIE,
    SESSION_COOKIE,
    SessionCodec,
    new_anchor,
)
from glienicke.services import accounts, audit
from glienicke.services.access import Forbidden
from glienicke.services.accounts import SignInRefused, TryLater
from glienicke.services.database import Database

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
pages = APIRouter(include_in_schema=False)


@dataclass
class WebConfig:
    """What the pages need besides the database."""

    codec: SessionCodec
    session_hours: float


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.web
    return config


def signed_in_user(request: Request) -> User | None:
    """The user the middleware found behind the session cookie, if any."""
    user: User | None = getattr(request.state, "user", None)
    return user


def _anchor(request: Request) -> str | None:
    """What this browser's CSRF tokens are derived from: its session, or before sign-in its
    form cookie."""
    session: str | None = getattr(request.state, "session_secret", None)
    return session or request.cookies.get(FORM_COOKIE)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = signed_in_user(request)
    anchor = _anchor(request)
    set_form_cookie = None
    if anchor is None:
        anchor = set_form_cookie = new_anchor()
    page = templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf_token": _config(request).codec.csrf_token(anchor),
            "version": __version__,
            **context,
        },
        status_code=status,
    )
    if set_form_cookie is not None:
        page.set_cookie(
            FORM_COOKIE,
            set_form_cookie,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/",
        )
    return page


def _refused(request: Request, message: str, back: str, status: int = 403) -> HTMLResponse:
    return _render(
        request, "refused.html", status, title="Not accepted", message=message, back=back
    )


def _same_origin(request: Request) -> bool:
    """A browser names the page a form was sent from; it must be this site."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def form_refusal(request: Request, token: str) -> str | None:
    """Why a state-changing form must be refused, or None when it may proceed."""
    if not _same_origin(request):
        return "This form was sent from another site, so it was not accepted."
    if not _config(request).codec.csrf_ok(_anchor(request), token):
        return (
            "This form has expired or did not come from this site, so nothing was changed."
            " Reload the page and send it again."
        )
    return None


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _local(target: str) -> str:
    """Only a path on this site may be the place to go after signing in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@pages.get("/")
def home(request: Request) -> Response:
    user = signed_in_user(request)
    if user is None:
        return RedirectResponse("/login?next=/", status_code=303)
    return _render(
        request,
        "home.html",
        title="Home",
        session_hours=f"{_config(request).session_hours:g}",
        may_audit=Permission.VIEW_AUDIT in user.permissions,
    )


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
) -> Response:
    """The auditor's page: the trail's verification and its entries, filtered."""
    if signed_in_user(request) is None:
        return RedirectResponse("/login?next=/audit", status_code=303)
    db = _db(request)
    filters = {"kind": kind, "key": key, "actor": actor, "action": action, "limit": limit}
    try:
        verification = audit.verify_trail(db)
    except Forbidden:
        return _refused(request, "Only auditors and administrators may read the audit trail.", "/")
    error = None
    count = int(limit) if limit.isdigit() and 1 <= int(limit) <= 1000 else None
    if count is None:
        error = f"How many: '{limit}' is not a whole number from 1 to 1000; showing 100."
        filters["limit"] = "100"
    entries = audit.list_entries(
        db,
        kind=kind.strip() or None,
        key=key.strip() or None,
        actor=actor.strip() or None,
        action=action.strip() or None,
        limit=count or 100,
    )
    return _render(
        request,
        "audit.html",
        title="Audit trail",
        verification=verification,
        entries=entries,
        filters=filters,
        error=error,
    )
