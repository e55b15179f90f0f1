"""The exchange page: choose a pool (a shipped scenario), change the constraints, solve, and see
the best package as a diagram beside its table, the alternatives, and everyone left out and why.

Solving is a read: the form is a GET, so a result can be bookmarked and solved again. The page
is a plain function, so FastAPI runs it in a worker thread and a long solve (bounded by its
time limit) never holds up anyone else's page.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.exchange.problem import Infeasible
from glienicke.services import exchange
from glienicke.services.exchange_record import RECORD
from glienicke.web.diagram import package_svg
from glienicke.web.forms import Key, Prose, Sent, Short
from glienicke.web.pages_common import (
    database,
    form_refusal,
    page,
    refused,
    render,
    sentence,
    with_query,
)

exchange_pages = APIRouter(include_in_schema=False)

PAGE_TIME_LIMIT = 10.0  # seconds, unless the form asks for another (at most MOST_TIME)
MOST_TIME = 60.0
FORM = "solve"


@exchange_pages.get("/exchange")
@page
def exchange_page(
    request: Request,
    source: str = "",
    as_of: str = "",
    cycle_cap: str = "",
    chain_cap: str = "",
    time_limit: str = "",
    alternatives: str = "",
    planned: str = "",
    vetoed: Annotated[list[str] | None, Query(max_length=200)] = None,
    required: Annotated[list[str] | None, Query(max_length=200)] = None,
) -> Response:
    choices = exchange.scenarios()
    what_if = exchange.WhatIf(tuple(vetoed or ()), tuple(required or ()))
    values = {
        "source": source,
        "as_of": as_of.strip(),
        "cycle_cap": cycle_cap.strip(),
        "chain_cap": chain_cap.strip(),
        "time_limit": time_limit.strip(),
        "alternatives": alternatives.strip(),
        "planned": planned.strip(),
        "vetoed": "\n".join(what_if.vetoed),
        "required": "\n".join(what_if.required),
    }
    errors: dict[str, str] = {}
    context: dict[str, Any] = {}
    status = 200
    if source:
        caps = {
            "cycle_cap": _whole(values["cycle_cap"], "cycle_cap", errors),
            "chain_cap": _whole(values["chain_cap"], "chain_cap", errors),
        }
        most = _number(values["time_limit"], "time_limit", errors)
        more = _whole(values["alternatives"], "alternatives", errors)
        if most is not None and most > MOST_TIME:
            errors["time_limit"] = f"at most {MOST_TIME:g} seconds on this page"
        if more is not None and more > 5:
            errors["alternatives"] = "at most 5 on this page"
        try:
            exchange.check_options(
                caps["cycle_cap"], caps["chain_cap"], most or 1.0, more or 0, flags=False
            )
        except ValidationFailed as error:
            errors.update({p.where: p.message for p in error.problems if p.where not in errors})
        if source != RECORD and source not in {c["key"] for c in choices}:
            errors["source"] = "choose one of the pools listed"
        if values["planned"] and source != RECORD:
            errors["planned"] = "a scenario gives its own planned day; this is for the record"
        if not errors:
            context = _solved(request, source, values, caps, most, more, what_if, errors)
        if errors:
            status = 422
    return render(
        request,
        "exchange.html",
        status,
        title="Exchange packaging",
        section="exchange",
        scenarios=choices,
        sources=[("", "choose a pool"), (RECORD, "The record on the day judged")]
        + [(c["key"], c["title"]) for c in choices],
        forms={FORM: {"values": values, "errors": errors}} if source else {},
        form=FORM,
        **context,
    )


def _solved(
    request: Request,
    source: str,
    values: dict[str, str],
    caps: dict[str, int | None],
    most: float | None,
    more: int | None,
    what_if: exchange.WhatIf,
    errors: dict[str, str],
) -> dict[str, Any]:
    """Read the pool chosen, add the what-if, solve: what the page shows of it (the pool's
    persons for the what-if fields even when it cannot be solved; `errors` gets the rest)."""
    context: dict[str, Any] = {}
    db = database(request)
    found = None
    try:
        if source == RECORD:
            found = exchange.record_pool(
                db,
                values["as_of"] or None,
                values["planned"] or None,
                caps["cycle_cap"],
                caps["chain_cap"],
            )
            pool, day = found.pool, None
            context["outside"] = exchange.outside_view(found)
        else:
            pool, day = exchange.scenario_pool(source), values["as_of"] or None
        context.update(_persons(pool))
        pool = exchange.with_what_if(pool, what_if)
        limit = most if most is not None else PAGE_TIME_LIMIT
        result = exchange.solve(pool, day, caps["cycle_cap"], caps["chain_cap"], limit, more or 0)
    except ValidationFailed as error:
        errors.update({p.where.split("[")[0]: p.message for p in error.problems})
    except Infeasible as error:
        errors[""] = "No package can meet this pool: " + "; ".join(error.reasons) + "."
    else:
        context.update(_shown(result))
        if found is not None:
            found = dataclasses.replace(found, pool=pool)
            context["sheets"] = exchange.balance_sheets(db, found, result)
    return context


def _persons(pool: Any) -> dict[str, list[tuple[str, str]]]:
    """The choices of the what-if fields: whom our side holds, and everyone in the pool."""
    return {
        "ours_held": [(p.key, p.name) for p in pool.persons if pool.given_by_us(p)],
        "everyone": [(p.key, p.name) for p in pool.persons],
    }


def _shown(result: Any) -> dict[str, Any]:
    pool = result.pool
    view = exchange.result_view(result)
    names = {p.key: p.name for p in pool.parties}
    ours = {p.key for p in pool.parties if pool.side(p.key) == pool.side(pool.home)}
    diagrams = []
    for package in view["packages"]:
        label = "Best package" if package["rank"] == 1 else f"Alternative {package['rank'] - 1}"
        objective = package["objective"]
        package["label"] = label
        title = (
            f"{label}: {objective['persons_home']} brought home, {objective['persons_given']} given"
        )
        diagrams.append(package_svg(package, names, ours, title))
    return {"result": view, "names": names, "ours": ours, "diagrams": diagrams, "pool": pool}


def _whole(text: str, field: str, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        errors[field] = f"must be a whole number (got '{text[:20]}')"
        return None


def _number(text: str, field: str, errors: dict[str, str]) -> float | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        errors[field] = f"must be a number of seconds (got '{text[:20]}')"
        return None


class DraftForm(Sent):
    """Turn a package of the record's pool into a draft proposal: the solve's own values,
    and the package's releases as the page showed them."""

    planned: Short = ""
    cycle_cap: Short = ""
    chain_cap: Short = ""
    time_limit: Short = ""
    package: Short = "1"
    persons: Prose = ""
    vetoed: list[Key] = []
    required: list[Key] = []


@exchange_pages.post("/exchange/draft")
@page
def draft_from_package(request: Request, form: Annotated[DraftForm, Form()]) -> Response:
    refusal = form_refusal(request, form.csrf_token)
    back = with_query(
        "/exchange",
        source=RECORD,
        as_of=form.as_of,
        planned=form.planned,
        cycle_cap=form.cycle_cap,
        chain_cap=form.chain_cap,
        time_limit=form.time_limit,
    )
    if refusal is not None:
        return refused(request, refusal, back)
    errors: dict[str, str] = {}
    caps = {n: _whole(getattr(form, n).strip(), n, errors) for n in ("cycle_cap", "chain_cap")}
    rank = _whole(form.package.strip(), "package", errors) or 1
    most = _number(form.time_limit.strip(), "time_limit", errors)
    try:
        form.too_long()
        if errors:
            raise ValidationFailed([Problem(k, v) for k, v in errors.items()])
        made = exchange.draft_proposal(
            database(request),
            form.as_of.strip() or None,
            form.planned.strip() or None,
            caps["cycle_cap"],
            caps["chain_cap"],
            rank,
            [p for p in form.persons.split(",") if p],
            most if most is not None else PAGE_TIME_LIMIT,
            exchange.WhatIf(tuple(form.vetoed), tuple(form.required)),
        )
    except ValidationFailed as error:
        message = "; ".join(f"{p.where}: {p.message}" for p in error.problems)
        return refused(request, sentence("The package was not drafted: " + message), back, 422)
    return RedirectResponse(f"/proposals/{made.key}?done=packaged", status_code=303)
