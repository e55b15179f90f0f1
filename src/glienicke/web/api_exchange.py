"""JSON API routes for exchange packaging: the shipped scenarios, and solving a pool.

Solving runs in the server's worker threads (these are plain functions), so a long solve never
holds up anyone else's request; its time limit bounds it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.security import HTTPBearer
from pydantic import BaseModel, Field, model_validator

from glienicke.services import exchange
from glienicke.web.api import ERRORS

exchange_router = APIRouter(dependencies=[Depends(HTTPBearer(auto_error=False))])

MAX_TIME_LIMIT = 120.0


class SolveIn(BaseModel):
    """One of `scenario` (a shipped scenario's name) or `pool` (a pool, as the pool file's
    data or its YAML or JSON text)."""

    scenario: Annotated[str | None, Field(max_length=80)] = None
    pool: dict[str, Any] | Annotated[str, Field(max_length=4_000_000)] | None = None
    format: Literal["yaml", "json"] = "yaml"
    as_of: Annotated[str | None, Field(max_length=10)] = None
    cycle_cap: int | None = None
    chain_cap: int | None = None
    time_limit: Annotated[float, Field(le=MAX_TIME_LIMIT)] = 30.0
    alternatives: Annotated[int, Field(le=10)] = 0

    @model_validator(mode="after")
    def one_source(self) -> SolveIn:
        if (self.scenario is None) == (self.pool is None):
            raise ValueError("give exactly one of 'scenario' or 'pool'")
        return self


@exchange_router.get("/exchange/scenarios", responses=ERRORS)
def list_scenarios() -> list[dict[str, Any]]:
    """The shipped scenarios (public facts of past exchanges), each solvable by name."""
    return exchange.scenarios()


@exchange_router.post("/exchange/solve", responses=ERRORS)
def solve(body: SolveIn) -> dict[str, Any]:
    """The best package and up to `alternatives` others that differ materially, each with its
    releases (who, by whom, to whom, by which mechanism and its basis, clearance against the
    day), its objective terms and whether it is proven optimal; everyone left out, and why."""
    if body.scenario is not None:
        pool = exchange.scenario_pool(body.scenario)
    else:
        assert body.pool is not None
        pool = exchange.sent_pool(body.pool, body.format)
    result = exchange.solve(
        pool, body.as_of, body.cycle_cap, body.chain_cap, body.time_limit, body.alternatives
    )
    return exchange.result_view(result)
