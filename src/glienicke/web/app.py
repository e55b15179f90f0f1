"""The FastAPI application: the versioned JSON API under /api/v1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from glienicke import __version__
from glienicke.domain.errors import (
    DuplicateKey,
    GlienickeError,
    ImmutableRecord,
    InvalidValue,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from glienicke.exchange.problem import Infeasible
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.security.sessions import SESSION_COOKIE, SessionCodec, new_secret_key
from glienicke.services import accounts
from glienicke.services.access import Forbidden, NotSignedIn
from glienicke.services.accounts import SignInRefused, TryLater
from glienicke.services.database import ConcurrentChange, Database
from glienicke.store.db import DatabaseUnavailable
from glienicke.web.api import router
from glienicke.web.api_assessment import assessment_router
from glienicke.web.api_commitments import commitments_router
from glienicke.web.api_drafts import drafts_router
from glienicke.web.api_duties import duties_router
from glienicke.web.api_exchange import exchange_router
from glienicke.web.api_exports import exports_router
from glienicke.web.api_negotiation import negotiation_router
from glienicke.web.api_reports import reports_router
from glienicke.web.hardening import Hardening
from glienicke.web.pages import WebConfig, pages
from glienicke.web.pages_common import malformed_page, refused, render, sentence

STATUS = {
    NotSignedIn: 401,
    SignInRefused: 401,
    TryLater: 429,
    Forbidden: 403,
    NotFound: 404,
    ValidationFailed: 422,
    InvalidValue: 422,
    Infeasible: 422,
    DuplicateKey: 409,
    StaleVersion: 409,
    ImmutableRecord: 409,
    ConcurrentChange: 409,
    DatabaseUnavailable: 503,
}


def create_app(
    db: Database,
    *,
    max_request_bytes: int = 16 * 1024 * 1024,
    secret_key: str | None = None,
    session_hours: float = 8,
) -> FastAPI:
    """The application over one database. Without a secret key, one is made for this process
    (fine on one machine: sign-ins end when the server stops); `serve` refuses to listen beyond
    this machine without a configured one."""
    app = FastAPI(
        title="Glienicke",
        version=__version__,
        description="Cases, legal windows and negotiations for nationals detained abroad.",
        openapi_url="/api/v1/openapi.json",
        # The interactive docs page loads scripts from a CDN; the OpenAPI document is enough.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = db
    codec = SessionCodec(secret_key or new_secret_key(), int(session_hours * 3600))
    app.state.web = WebConfig(codec=codec, session_hours=session_hours)

    @app.middleware("http")
    async def authenticate(request: Request, call_next: Any) -> Any:
        # Who is asking: under /api, from an API token; on the pages, from the session cookie.
        # Without either, a request reaches only what needs no sign-in: the services refuse
        # everything else.
        origin = request.client.host if request.client else "unknown"
        if not request.url.path.startswith("/api/"):
            return await _from_session(request, call_next, origin)
        header = request.headers.get("authorization", "")
        if not header:
            with acting_as("api:anonymous", origin):
                return await call_next(request)
        scheme, _, token = header.partition(" ")
        try:
            if scheme.lower() != "bearer" or not token.strip():
                raise SignInRefused("send the API token as 'Authorization: Bearer <token>'")
            user, scopes = await run_in_threadpool(accounts.user_for_token, db, token.strip())
        except GlienickeError as error:
            return JSONResponse(
                error_body(error), status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        with acting_as(f"api:{user.username}", origin, Viewer.of(user, scopes)):
            return await call_next(request)

    async def _from_session(request: Request, call_next: Any, origin: str) -> Any:
        cookie = request.cookies.get(SESSION_COOKIE)
        secret = None if cookie is None else codec.open(cookie)
        user = None
        if secret is not None:
            try:
                user = await run_in_threadpool(accounts.user_for_session, db, secret)
            except SignInRefused:
                secret = None
        request.state.user, request.state.session_secret = user, secret
        request.state.session_ended = cookie is not None and user is None
        if user is None:
            with acting_as("web:anonymous", origin):
                return await call_next(request)
        with acting_as(f"web:{user.username}", origin, Viewer.of(user)):
            return await call_next(request)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        # For load balancers and monitors: the process answers, without a sign-in and
        # without touching the database.
        return {"status": "ok"}

    app.include_router(negotiation_router, prefix="/api/v1")
    app.include_router(assessment_router, prefix="/api/v1")
    app.include_router(commitments_router, prefix="/api/v1")
    app.include_router(duties_router, prefix="/api/v1")
    app.include_router(drafts_router, prefix="/api/v1")
    app.include_router(exchange_router, prefix="/api/v1")
    app.include_router(exports_router, prefix="/api/v1")
    app.include_router(reports_router, prefix="/api/v1")
    app.include_router(router, prefix="/api/v1")
    app.include_router(pages)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.add_middleware(Hardening, max_body_bytes=max_request_bytes)

    @app.exception_handler(GlienickeError)
    async def domain_error(_request: Request, error: GlienickeError) -> JSONResponse:
        status = next((code for cls, code in STATUS.items() if isinstance(error, cls)), 400)
        return JSONResponse(error_body(error), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def request_error(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
            for e in error.errors()
        ]
        if not _is_api(request):
            return malformed_page(request, error.errors())
        return JSONResponse(
            {
                "error": {
                    "code": "invalid-request",
                    "message": problems[0]["message"] if problems else "invalid request",
                    "problems": problems,
                }
            },
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        # An address nobody serves: the site's own page on the pages, the JSON shape under /api.
        if _is_api(request):
            body = {"error": {"code": "http-error", "message": str(error.detail), "problems": []}}
            return JSONResponse(body, status_code=error.status_code, headers=error.headers)
        if error.status_code == 404:
            message = "There is no page at this address."
            return render(request, "missing.html", 404, title="Not found", message=message)
        message = (
            "This address does not answer that kind of request."
            if error.status_code == 405
            else sentence(str(error.detail))
        )
        return refused(request, message, "/", error.status_code)

    return app


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def error_body(error: GlienickeError) -> dict[str, Any]:
    """The one JSON error shape: {"error": {"code", "message", "problems": [...]}}."""
    problems = error.problems if isinstance(error, ValidationFailed) else []
    return {
        "error": {
            "code": error.code,
            "message": error.message,
            "problems": [{"where": p.where, "message": p.message} for p in problems],
        }
    }


def app_from_settings() -> FastAPI:
    """The application as configured by the GLIENICKE_* settings: what each of `serve`'s
    worker processes builds for itself (its own database connections, the same secret key)."""
    from glienicke.settings import load_settings, search_folder

    settings = load_settings()
    return create_app(
        Database.open(settings.database_url, settings.audit_key_bytes(), search_folder(settings)),
        max_request_bytes=settings.max_request_bytes,
        secret_key=settings.secret_key.get_secret_value() if settings.secret_key else None,
        session_hours=settings.session_hours,
    )
