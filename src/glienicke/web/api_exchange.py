"""JSON API routes for exchange packaging: the shipped scenarios, and solving a pool.

Solving runs in the server's worker threads (these are plain functions), so a long solve never
holds up anyone else's request; its time limit bounds it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, model_validator

from glienicke.services import exchange
from glienicke.web.api import ERRORS, AsOfQuery, _db

exchange_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

MAX_TIME_LIMIT = 120.0
# What-if lists: persons our side will not release, and persons every package must include.
Persons = Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=500)]


class SolveIn(BaseModel):
    """One of `scenario` (a shipped scenario's name), `pool` (a pool, as the pool file's data
    or its YAML or JSON text) or `record: true` (the pool the record holds on `as_of`, of what
    the caller may see, with releases due by `planned`)."""

    scenario: Annotated[str | None, Field(max_length=80)] = None
    record: bool = False
    planned: Annotated[str | None, Field(max_length=10)] = None
    pool: dict[str, Any] | Annotated[str, Field(max_length=4_000_000)] | None = None
    format: Literal["yaml", "json"] = "yaml"
    as_of: Annotated[str | None, Field(max_length=10)] = None
    cycle_cap: int | None = None
    chain_cap: int | None = None
    time_limit: Annotated[float, Field(le=MAX_TIME_LIMIT)] = 30.0
    alternatives: Annotated[int, Field(le=10)] = 0
    vetoed: Persons = []
    required: Persons = []

    @model_validator(mode="after")
    def one_source(self) -> SolveIn:
        if [self.scenario is not None, self.pool is not None, self.record].count(True) != 1:
            raise ValueError("give exactly one of 'scenario', 'pool' or 'record'")
        if self.planned is not None and not self.record:
            raise ValueError("'planned' goes with 'record' (a pool file gives its own)")
        return self


@exchange_router.get("/exchange/scenarios", responses=ERRORS)
def list_scenarios() -> list[dict[str, Any]]:
    """The shipped scenarios (public facts of past exchanges), each solvable by name."""
    return exchange.scenarios()


@exchange_router.post("/exchange/solve", responses=ERRORS)
def solve(request: Request, body: SolveIn) -> dict[str, Any]:
    """The best package and up to `alternatives` others that differ materially, each with its
    releases (who, by whom, to whom, by which mechanism and its basis, clearance against the
    day), its objective terms and whether it is proven optimal; everyone left out, and why."""
    outside = None
    if body.record:
        found = exchange.record_pool(
            _db(request), body.as_of, body.planned, body.cycle_cap, body.chain_cap
        )
        pool, outside = found.pool, exchange.outside_view(found)
    elif body.scenario is not None:
        pool = exchange.scenario_pool(body.scenario)
    else:
        assert body.pool is not None
        pool = exchange.sent_pool(body.pool, body.format)
    as_of = None if body.record else body.as_of
    pool = exchange.with_what_if(pool, exchange.WhatIf(tuple(body.vetoed), tuple(body.required)))
    result = exchange.solve(
        pool, as_of, body.cycle_cap, body.chain_cap, body.time_limit, body.alternatives
    )
    view = exchange.result_view(result)
    if outside is not None:
        view["not_in_pool"] = outside
    return view


@exchange_router.get("/exchange/pool", responses=ERRORS)
def record_pool(
    request: Request,
    as_of: AsOfQuery = None,
    planned: Annotated[str | None, Query(max_length=10)] = None,
) -> dict[str, Any]:
    """The pool the record holds on the day, as a pool file's data: save it, edit it (add an
    ask, veto a person) and send it back as `pool` to solve a what-if without touching the
    record. `not_in_pool` lists those held on the day whom it leaves out, and why."""
    found = exchange.record_pool(_db(request), as_of, planned)
    return {"pool": exchange.pool_plain(found.pool), "not_in_pool": exchange.outside_view(found)}


class DraftIn(BaseModel):
    """A package of the record's pool on `as_of` to file as a draft proposal: `package` 1 is
    the best; `persons`, when given, are its releases as the caller saw them, so a package
    that has changed since is refused rather than filed unseen."""

    as_of: Annotated[str | None, Field(max_length=10)] = None
    planned: Annotated[str | None, Field(max_length=10)] = None
    cycle_cap: int | None = None
    chain_cap: int | None = None
    package: Annotated[int, Field(ge=1, le=11)] = 1
    persons: (
        Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=500)] | None
    ) = None
    time_limit: Annotated[float, Field(gt=0, le=MAX_TIME_LIMIT)] = 30.0
    vetoed: Persons = []
    required: Persons = []


@exchange_router.post("/exchange/draft-proposal", status_code=201, responses=ERRORS)
def draft_proposal(request: Request, body: DraftIn) -> dict[str, Any]:
    """File a package of the record's pool as a draft proposal (an item for each release, a
    condition for each thing the counterpart insists on), to run through clearance."""
    made = exchange.draft_proposal(
        _db(request),
        body.as_of,
        body.planned,
        body.cycle_cap,
        body.chain_cap,
        body.package,
        body.persons,
        body.time_limit,
        exchange.WhatIf(tuple(body.vetoed), tuple(body.required)),
    )
    return {"proposal": made.key, "title": made.title, "items": len(made.items)}
