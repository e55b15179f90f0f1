"""The exchange page: choose a pool (a shipped scenario), change the constraints, solve, and see
the best package as a diagram beside its table, the alternatives, and everyone left out and why.

Solving is a read: the form is a GET, so a result can be bookmarked and solved again. The page
is a plain function, so FastAPI runs it in a worker thread and a long solve (bounded by its
time limit) never holds up anyone else's page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from glienicke.domain.errors import ValidationFailed
from glienicke.exchange.problem import Infeasible
from glienicke.services import exchange
from glienicke.services.exchange_record import RECORD
from glienicke.web.diagram import package_svg
from glienicke.web.pages_common import database, page, render

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
) -> Response:
    choices = exchange.scenarios()
    values = {
        "source": source,
        "as_of": as_of.strip(),
        "cycle_cap": cycle_cap.strip(),
        "chain_cap": chain_cap.strip(),
        "time_limit": time_limit.strip(),
        "alternatives": alternatives.strip(),
        "planned": planned.strip(),
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
            try:
                outside: list[dict[str, str]] | None = None
                day = values["as_of"] or None
                if source == RECORD:
                    found = exchange.record_pool(
                        database(request),
                        day,
                        values["planned"] or None,
                        caps["cycle_cap"],
                        caps["chain_cap"],
                    )
                    pool, outside, day = found.pool, exchange.outside_view(found), None
                else:
                    pool = exchange.scenario_pool(source)
                result = exchange.solve(
                    pool,
                    day,
                    caps["cycle_cap"],
                    caps["chain_cap"],
                    most if most is not None else PAGE_TIME_LIMIT,
                    more or 0,
                )
            except ValidationFailed as error:
                errors.update({p.where: p.message for p in error.problems})
            except Infeasible as error:
                errors[""] = "No package can meet this pool: " + "; ".join(error.reasons) + "."
            else:
                context = _shown(result)
                context["outside"] = outside or []
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
