"""Exchange packaging from a pool file: read, solve, and shape the result for the edges.

(The pool built from the record, with what the viewer may see, comes with the API and the web
page; this module already gives both the plain view they will show.)
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from glienicke.dataset.pools import read_pool
from glienicke.domain.errors import ValidationFailed
from glienicke.exchange.engine import Options, Result, solve_pool
from glienicke.exchange.model import Pool
from glienicke.exchange.solver import Progress


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed.single(
            option, f"must be a date, YYYY-MM-DD (got {value!r})"
        ) from None


def check_options(
    cycle_cap: int | None, chain_cap: int | None, time_limit: float, alternatives: int
) -> None:
    if cycle_cap is not None and cycle_cap < 2:
        raise ValidationFailed.single(
            "--cycle-cap", f"must be at least 2: a ring needs two parties (got {cycle_cap})"
        )
    if chain_cap is not None and chain_cap < 0:
        raise ValidationFailed.single(
            "--chain-cap", f"must be 0 (no chains) or more (got {chain_cap})"
        )
    if not time_limit > 0:
        raise ValidationFailed.single(
            "--time-limit", f"must be more than 0 seconds (got {time_limit})"
        )
    if alternatives < 0:
        raise ValidationFailed.single("--alternatives", f"must be 0 or more (got {alternatives})")


def solve_file(
    path: Path,
    as_of: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    time_limit: float = 30.0,
    alternatives: int = 0,
    progress: Progress | None = None,
) -> Result:
    """Solve the pool in `path` (or a shipped scenario by name)."""
    check_options(cycle_cap, chain_cap, time_limit, alternatives)
    day = parse_day(as_of, "--as-of")
    pool = read_pool(path)
    if day is not None:
        pool = dataclasses.replace(pool, as_of=day)
    options = Options(cycle_cap, chain_cap, time_limit, alternatives)
    return solve_pool(pool, options, progress)


def result_view(result: Result) -> dict[str, Any]:
    """The result as plain data: what `-f json` prints and the API will answer."""
    pool = result.pool
    return {
        "pool": pool.key,
        "title": pool.title,
        "home": pool.home,
        "as_of": pool.as_of.isoformat(),
        "planned": pool.planned.isoformat() if pool.planned else None,
        "cycle_cap": result.cycle_cap,
        "chain_cap": result.chain_cap,
        "packages": [_package_view(pool, p) for p in result.packages],
        "left_out": [
            {
                "person": x.person,
                "name": x.name,
                "held_by": x.held_by,
                "wanted_by": x.wanted_by,
                "reasons": list(x.reasons),
            }
            for x in result.left_out
        ],
    }


def _package_view(pool: Pool, p: Any) -> dict[str, Any]:
    return {
        "rank": p.rank + 1,
        "optimal": p.optimal,
        "status": p.status,
        "gap": p.gap,
        "bound": p.bound,
        "seconds": p.seconds,
        "stopped_in": p.stopped_in,
        "objective": {
            "urgency_weighted_home": p.urgency_weighted,
            "persons_home": p.persons_home,
            "given_weighted": p.given_weighted,
            "persons_given": p.persons_given,
        },
        "legs": [
            {"kind": leg.kind, "parties": list(leg.parties), "persons": list(leg.persons)}
            for leg in p.legs
        ],
        "items": [
            {
                "person": i.person,
                "name": i.name,
                "released_by": i.released_by,
                "acting_for": i.acting_for,
                "to": i.to,
                "mechanism": i.mechanism,
                "basis": i.basis,
                "lead_days": i.lead_days,
                "ready": i.ready,
                "brought_home": i.ours,
                "given_by_us": i.given_by_us,
                "terms": [{"name": t.name, "points": t.points} for t in i.terms],
            }
            for i in p.items
        ],
    }
