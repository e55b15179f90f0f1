"""What every HTML page shares: templates, rendering with the CSRF token, the form check,
sign-in for pages, the error pages, and how dates and form errors are shown.

Pages are signed in by a session cookie (never by an API token); the JSON API is signed in by
tokens only, so a cookie can never carry a cross-site request into it. Every form that changes
something carries a CSRF token and is refused without the right one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from glienicke import __version__
from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.documents import Classification
from glienicke.domain.errors import (
    DuplicateKey,
    ImmutableRecord,
    InvalidValue,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from glienicke.reports.model import portion_mark
from glienicke.security.model import Permission, User, level
from glienicke.security.sessions import FORM_COOKIE, SessionCodec, new_anchor
from glienicke.services.access import Forbidden, NotSignedIn
from glienicke.services.database import Database
from glienicke.services.law import parse_as_of

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass
class WebConfig:
    """What the pages need besides the database."""

    codec: SessionCodec
    session_hours: float


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def web_config(request: Request) -> WebConfig:
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


def is_secure(request: Request) -> bool:
    return request.url.scheme == "https"


SKIPPED = frozenset({"user", "levels", "forms", "values", "errors", "request"})


def highest_marking(context: dict[str, Any]) -> Classification | None:
    """The highest classification among the records a page's context holds (what the page
    shows), or None when nothing in it is above unclassified. The account's own clearance and
    the choices of a form are not material shown."""
    found: list[Classification] = []
    seen: set[int] = set()

    def walk(value: Any, depth: int) -> None:
        if depth > 12 or id(value) in seen:
            return
        if isinstance(value, Classification):
            found.append(value)
            return
        if isinstance(value, str | int | float | bool | date | PartialDate) or value is None:
            return
        seen.add(id(value))
        if isinstance(value, dict):
            for key, item in value.items():
                if key in SKIPPED:
                    continue
                if key == "classification" and isinstance(item, str) and item in LEVEL_NAMES:
                    found.append(Classification(item))
                else:
                    walk(item, depth + 1)
        elif isinstance(value, list | tuple | set | frozenset):
            for item in value:
                walk(item, depth + 1)
        elif is_dataclass(value):
            for f in fields(value):
                walk(getattr(value, f.name), depth + 1)

    walk({k: v for k, v in context.items() if k not in SKIPPED}, 0)
    top = max(found, key=level, default=None)
    return None if top is None or top is Classification.UNCLASSIFIED else top


LEVEL_NAMES = frozenset(c.value for c in Classification)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    user = signed_in_user(request)
    context.setdefault("banner", highest_marking(context))
    anchor = _anchor(request)
    set_form_cookie = None
    if anchor is None:
        anchor = set_form_cookie = new_anchor()
    page = templates.TemplateResponse(
        request,
        template,
        {
            "user": user,
            "csrf_token": web_config(request).codec.csrf_token(anchor),
            "version": __version__,
            "may_audit": user is not None and Permission.VIEW_AUDIT in user.permissions,
            "may_file": user is not None and Permission.FILE_DOCUMENTS in user.permissions,
            "may_edit_cases": user is not None and Permission.EDIT_CASES in user.permissions,
            "may_declassify": user is not None and Permission.DECLASSIFY in user.permissions,
            "may_edit_proposals": user is not None
            and Permission.EDIT_PROPOSALS in user.permissions,
            "may_answer": user is not None and Permission.ANSWER_CLEARANCE in user.permissions,
            "section": "",
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
            secure=is_secure(request),
            path="/",
        )
    return page


def refused(request: Request, message: str, back: str, status: int = 403) -> HTMLResponse:
    return render(request, "refused.html", status, title="Not accepted", message=message, back=back)


def _same_origin(request: Request) -> bool:
    """A browser names the page a form was sent from (its Origin, else its Referer); it must be
    this site, by scheme as well as by host: a page served over plain HTTP on the same host
    (which anyone on the network can forge) is another site."""
    origin = request.headers.get("origin")
    if origin == "null":
        return False
    sender = origin or request.headers.get("referer")
    if sender is None:
        return True  # not a browser's form, or a browser that says nothing: the token decides
    parts = urlsplit(sender)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.headers.get("host", ""))


def form_refusal(request: Request, token: str) -> str | None:
    """Why a state-changing form must be refused, or None when it may proceed."""
    if not _same_origin(request):
        return "This form was sent from another site, so it was not accepted."
    if not web_config(request).codec.csrf_ok(_anchor(request), token):
        return (
            "This form has expired or did not come from this site, so nothing was changed."
            " Reload the page and send it again."
        )
    return None


_KEY_FIRST = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+\b")


def sentence(text: str) -> str:
    """A message as a sentence: a capital first (unless it starts with a record's key, such as
    'us-president', which keeps its spelling) and a full stop."""
    head = text if _KEY_FIRST.match(text) else text[:1].upper() + text[1:]
    return head + ("" if text.endswith(".") else ".")


def local_path(target: str) -> str:
    """Only a path on this site may be the place to go after signing in."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def to_sign_in(request: Request) -> RedirectResponse:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?next=" + quote(here, safe="/"), status_code=303)


def page(handler: Callable[..., Response]) -> Callable[..., Response]:
    """A signed-in page: without a session, off to sign in; a record the viewer may not see
    is not found, exactly as a missing one; a refusal or a bad value is a page that says so."""

    @functools.wraps(handler)
    def guarded(request: Request, *args: Any, **kwargs: Any) -> Response:
        if signed_in_user(request) is None:
            return to_sign_in(request)
        try:
            return handler(request, *args, **kwargs)
        except NotSignedIn:
            return to_sign_in(request)
        except NotFound as error:
            return render(
                request, "missing.html", 404, title="Not found", message=sentence(str(error))
            )
        except Forbidden as error:
            return refused(request, sentence(str(error)), "/")
        except InvalidValue as error:
            return refused(request, sentence(str(error)), request.url.path, 422)

    return guarded


def malformed_page(request: Request, errors: Sequence[Any]) -> HTMLResponse:
    """A page's request whose address or query does not fit (a number that is not one, a
    value too long): said in words on the site's own page, never as a bare JSON answer."""
    lines = []
    for error in errors:
        place = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
        name = " ".join(place).replace("_", " ") or "the request"
        lines.append(f"{name}: {str(error.get('msg', 'not valid')).lower()}")
    message = sentence("; ".join(lines) or "this request is not valid")
    came_from = urlsplit(request.headers.get("referer", ""))
    back = came_from.path if request.method != "GET" and came_from.path else request.url.path
    return refused(request, message, local_path(back), 422)


# --- form errors, beside their fields --------------------------------------------------------

_FIELD = re.compile(r"([A-Za-z_]+)(?:\[\d+\])?$")


def field_errors(error: ValidationFailed, fields: set[str]) -> dict[str, str]:
    """The problems keyed by the form field they concern ('detention gorin-1938:
    stages[12].date' concerns 'date'); a problem no field owns is keyed ''."""
    found: dict[str, str] = {}
    for problem in error.problems:
        where = problem.where.rsplit(": ", 1)[-1]
        match = _FIELD.search(where.rsplit(".", 1)[-1]) if where else None
        name = match.group(1) if match else ""
        name = name if name in fields else ""
        message = sentence(problem.message)
        found[name] = f"{found[name]} {message}" if name in found else message
    return found


def run_form(
    request: Request,
    sent: Any,
    action: Callable[[], object],
    form: str,
    again: Callable[[dict[str, dict[str, Any]], int], Response],
    back: str,
    rename: Mapping[str, str] | None = None,
) -> Response | None:
    """Run one form's action (`sent` is the form as sent, a forms.Sent): None when it is done;
    otherwise the answer to show. Without its token, a refusal; a field too long, a bad value,
    a stale edit or a record not found: the page again (`again(forms, status)`), with the
    form's input kept and each problem beside its field (`rename` maps a service's name for a
    field to the form's). A form the user's roles do not allow is not offered on the page: sent
    anyway, it is refused as the page decorator refuses it."""
    refusal = form_refusal(request, sent.csrf_token)
    if refusal is not None:
        return refused(request, refusal, back)
    names, values = rename or {}, sent.values()

    def shown(errors: dict[str, str], status: int) -> Response:
        return again({form: {"values": values, "errors": errors}}, status)

    try:
        sent.too_long()
        action()
    except ValidationFailed as error:
        errors: dict[str, str] = {}
        for name, message in field_errors(error, set(values) | set(names)).items():
            name = names.get(name, name)
            errors[name] = f"{errors[name]} {message}" if name in errors else message
        return shown(errors, 422)
    except StaleVersion as error:
        return shown({"": stale_message(error)}, 409)
    except (ImmutableRecord, NotFound, DuplicateKey) as error:
        return shown({"": sentence(str(error))}, 409 if isinstance(error, DuplicateKey) else 422)
    return None


def stale_message(error: StaleVersion) -> str:
    """A stale edit explained: someone else saved first, and what was typed is kept."""
    return (
        "Someone else saved this record after you opened the page, so your change was not"
        f" saved (you had version {error.expected}; it is now version {error.actual})."
        " Your input is kept below: check the page as it is now and send it again."
    )


def version_of(text: str) -> int | None:
    """The version a form was opened on (none when the form did not say)."""
    return int(text) if text.isdigit() else None


# --- dates as people read them ---------------------------------------------------------------


def human_date(value: PartialDate | date | str | None) -> str:
    """'21 February 1941', 'about April 1941', 'before 21 February 1941', '1941'."""
    if value is None:
        return "undated"
    if isinstance(value, str):
        text = value
        try:
            value = PartialDate.parse(text)
        except InvalidValue:
            return text
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    text = str(value.year)
    if value.month is not None:
        text = f"{MONTHS[value.month - 1]} {text}"
    if value.day is not None:
        text = f"{value.day} {text}"
    if value.hour is not None and value.minute is not None:
        text += f", {value.hour:02d}:{value.minute:02d}"
    if value.qualifier is not Qualifier.EXACT:
        text = f"{value.qualifier.value} {text}"
    return text


def iso_of(value: PartialDate | None) -> str:
    """A machine-readable <time datetime> value: as precise as the date is."""
    if value is None:
        return ""
    text = f"{value.year:04d}"
    if value.month is not None:
        text += f"-{value.month:02d}"
    if value.day is not None:
        text += f"-{value.day:02d}"
    return text


def as_of_from(text: str | None) -> tuple[date, str | None]:
    """The as-of day a page was asked for (today when none), and why a bad one was set aside."""
    try:
        return parse_as_of(text), None
    except InvalidValue as error:
        return parse_as_of(None), sentence(str(error)) + " Showing today instead."


def with_query(path: str, **params: Any) -> str:
    """A path with the query parameters that have a value."""
    kept = {k: v for k, v in params.items() if v not in (None, "", [], False)}
    return path + ("?" + urlencode(kept, doseq=True) if kept else "")


def highlighted(pieces: list[dict[str, Any]]) -> Markup:
    """A search snippet: every piece escaped; only the matched words wrapped in <mark>."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(p["text"]) if p["match"] else escape(p["text"])
        for p in pieces
    )


def days_phrase(days: int) -> str:
    """'today', 'in 3 days', 'in about 5 months', 'in about 6 years', '2 days ago'."""
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} ago"
    if days <= 60:
        return f"in {days} day{'s' if days != 1 else ''}"
    if days <= 730:
        return f"in about {round(days / 30.4)} months"
    return f"in about {round(days / 365.25)} years"


def affiliation_line(affiliation: Any) -> str:
    """An affiliation as the person form takes it: 'KGB, career officer'."""
    role = getattr(affiliation, "role", None)
    return f"{affiliation.organisation}, {role}" if role else str(affiliation.organisation)


def charge_line(charge: Any) -> str:
    """A charge as the detention form takes it: 'espionage; 50 U.S.C. 32'."""
    return f"{charge.offence}; {charge.statute}" if charge.statute else str(charge.offence)


templates.env.filters["attr_line"] = affiliation_line
templates.env.filters["charge_line"] = charge_line
templates.env.filters["days_phrase"] = days_phrase
templates.env.filters["human_date"] = human_date
templates.env.filters["iso_date"] = iso_of
templates.env.filters["highlighted"] = highlighted
templates.env.filters["sentence"] = sentence
templates.env.filters["portion_mark"] = portion_mark
templates.env.globals["with_query"] = with_query
