"""Exchange packaging: read a pool (a file, a shipped scenario or a pool sent whole), solve it,
and shape the result for the edges (the CLI's text and JSON, the API, the page)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from glienicke.dataset.files import SourceText
from glienicke.dataset.pools import (
    demo_pools,
    pool_from_source,
    pool_from_text,
    pool_to_plain,
    read_pool,
)
from glienicke.domain.cases import Case
from glienicke.domain.errors import NotFound, Problem, ValidationFailed
from glienicke.domain.proposals import Proposal
from glienicke.exchange.engine import Options, Result, solve_pool
from glienicke.exchange.model import Pool, Veto
from glienicke.exchange.solver import Progress
from glienicke.negotiation.assessment import assess
from glienicke.security.model import Permission
from glienicke.services.access import Scoped, require, viewer
from glienicke.services.assessment import _facts as assessment_facts
from glienicke.services.assessment import assessment_view, assessment_weights
from glienicke.services.database import Database
from glienicke.services.exchange_record import RecordPool, package_proposal, pool_from_record
from glienicke.services.records import add_record


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
    cycle_cap: int | None,
    chain_cap: int | None,
    time_limit: float,
    alternatives: int,
    flags: bool = True,
) -> None:
    """Refuse caps and limits that make no sense, naming the option (`--cycle-cap`) or, with
    `flags` off, the field (`cycle_cap`)."""

    def name(field: str) -> str:
        return "--" + field.replace("_", "-") if flags else field

    found: list[Problem] = []
    if cycle_cap is not None and cycle_cap < 2:
        found.append(
            Problem(
                name("cycle_cap"), f"must be at least 2: a ring needs two parties (got {cycle_cap})"
            )
        )
    if chain_cap is not None and chain_cap < 0:
        found.append(Problem(name("chain_cap"), f"must be 0 (no chains) or more (got {chain_cap})"))
    if not time_limit > 0:
        found.append(Problem(name("time_limit"), f"must be more than 0 seconds (got {time_limit})"))
    if alternatives < 0:
        found.append(Problem(name("alternatives"), f"must be 0 or more (got {alternatives})"))
    if found:
        raise ValidationFailed(found)


def solve_file(
    path: Path,
    as_of: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    time_limit: float = 30.0,
    alternatives: int = 0,
    progress: Progress | None = None,
) -> Result:
    """Solve the pool in `path` (or a shipped scenario by name): the command line's what-if."""
    check_options(cycle_cap, chain_cap, time_limit, alternatives)
    parse_day(as_of, "--as-of")
    return solve(read_pool(path), as_of, cycle_cap, chain_cap, time_limit, alternatives, progress)


def scenarios() -> list[dict[str, Any]]:
    """The shipped scenarios a signed-in reader may solve: key, title, day and planned day."""
    require(Permission.READ)
    found = []
    for name in demo_pools():
        pool = read_pool(Path(name))
        found.append(
            {
                "key": name,
                "title": pool.title,
                "as_of": pool.as_of.isoformat(),
                "planned": pool.planned.isoformat() if pool.planned else None,
                "persons": len(pool.persons),
                "parties": len(pool.parties),
                "notes": pool.notes,
            }
        )
    return found


def scenario_pool(name: str) -> Pool:
    """A shipped scenario by name; never a path on the server."""
    require(Permission.READ)
    if name not in demo_pools():
        raise NotFound("scenario", name)
    return read_pool(Path(name))


def sent_pool(pool: dict[str, Any] | str, fmt: str = "yaml") -> Pool:
    """A pool sent whole, as data (the JSON body's object) or as the text of a pool file."""
    require(Permission.READ)
    if isinstance(pool, str):
        return pool_from_text(pool, "pool", fmt)
    return pool_from_source(SourceText("pool", pool))


def solve(
    pool: Pool,
    as_of: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    time_limit: float = 30.0,
    alternatives: int = 0,
    progress: Progress | None = None,
) -> Result:
    """Solve a pool already read, with the caps and day asked for (the pool's own otherwise)."""
    check_options(cycle_cap, chain_cap, time_limit, alternatives, flags=False)
    day = parse_day(as_of, "as_of")
    if day is not None:
        pool = dataclasses.replace(pool, as_of=day)
    return solve_pool(pool, Options(cycle_cap, chain_cap, time_limit, alternatives), progress)


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


def record_pool(
    db: Database,
    as_of: str | None = None,
    planned: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    flags: bool = False,
) -> RecordPool:
    """The pool as the record stands on the day (today by default), for the signed-in viewer;
    `flags` names options (`--as-of`) rather than fields (`as_of`) in a refusal."""

    def name(field: str) -> str:
        return "--" + field.replace("_", "-") if flags else field

    day = parse_day(as_of, name("as_of")) or date.today()
    until = parse_day(planned, name("planned"))
    if until is not None and until < day:
        raise ValidationFailed.single(
            name("planned"), f"must be on or after the day judged, {day.isoformat()}"
        )
    check_options(cycle_cap, chain_cap, 1.0, 0, flags=flags)
    return pool_from_record(
        db,
        day,
        until,
        3 if cycle_cap is None else cycle_cap,
        2 if chain_cap is None else chain_cap,
    )


def outside_view(found: RecordPool) -> list[dict[str, str]]:
    """Those held on the day whom the record's pool leaves out before solving, and why."""
    return [{"person": o.person, "name": o.name, "why": o.why} for o in found.outside]


def pool_plain(pool: Pool) -> dict[str, Any]:
    """The pool as a pool file's data (what the API sends and takes back as `pool`)."""
    return pool_to_plain(pool)


def pool_file_text(pool: Pool, fmt: str = "yaml") -> str:
    """The pool as the text of a pool file, YAML or JSON, that `read_pool` reads back."""
    plain = pool_to_plain(pool)
    if fmt == "json":
        return json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
    header = f"# {pool.title}: written by glienicke exchange pool; edit it for what-if work.\n"
    return header + yaml.safe_dump(plain, sort_keys=False, allow_unicode=True, width=100)


@dataclass(frozen=True)
class WhatIf:
    """Constraints tried on a pool without touching the record or the pool's file."""

    vetoed: tuple[str, ...] = ()  # persons our side will not release
    required: tuple[str, ...] = ()  # persons every package must bring home (or give)


def with_what_if(pool: Pool, what_if: WhatIf) -> Pool:
    """The pool with the what-if's vetoes and requirements added; a person not in the pool is
    refused, naming the field and the person."""
    keys = {p.key for p in pool.persons}
    problems = [
        Problem(f"{field}[{n}]", f"no person '{key}' in the pool")
        for field, chosen in (("vetoed", what_if.vetoed), ("required", what_if.required))
        for n, key in enumerate(chosen)
        if key not in keys
    ]
    if problems:
        raise ValidationFailed(problems)
    vetoes = tuple(
        Veto(pool.home, key, "not to be released, in this what-if")
        for key in what_if.vetoed
        if key not in {v.person for v in pool.vetoes}
    )
    required = tuple(k for k in what_if.required if k not in pool.required)
    return dataclasses.replace(pool, vetoes=pool.vetoes + vetoes, required=pool.required + required)


def record_result(
    db: Database,
    as_of: str | None = None,
    planned: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    time_limit: float = 30.0,
    alternatives: int = 0,
    flags: bool = False,
    progress: Progress | None = None,
    what_if: WhatIf = WhatIf(),
) -> tuple[RecordPool, Result]:
    """Build the record's pool on the day, add the what-if, and solve it."""
    found = record_pool(db, as_of, planned, cycle_cap, chain_cap, flags=flags)
    found = dataclasses.replace(found, pool=with_what_if(found.pool, what_if))
    check_options(cycle_cap, chain_cap, time_limit, alternatives, flags=flags)
    return found, solve(found.pool, None, cycle_cap, chain_cap, time_limit, alternatives, progress)


def balance_sheets(db: Database, found: RecordPool, result: Result) -> list[dict[str, Any]]:
    """The balance sheet of each package, as the assessment weighs a proposal made of it."""
    cases = _cases(db)
    weights = assessment_weights()
    facts = assessment_facts(db)
    sheets = []
    for rank in range(1, len(result.packages) + 1):
        proposal = package_proposal(found, result, rank, cases, viewer().username)
        judged = assess(proposal, facts, weights, found.pool.as_of, "the day the pool is read on")
        sheets.append(assessment_view(judged, weights))
    return sheets


def draft_proposal(
    db: Database,
    as_of: str | None,
    planned: str | None = None,
    cycle_cap: int | None = None,
    chain_cap: int | None = None,
    rank: int = 1,
    persons: list[str] | None = None,
    time_limit: float = 30.0,
    what_if: WhatIf = WhatIf(),
) -> Proposal:
    """File the package of `rank` as a draft proposal, to run through clearance like any
    other. With `persons` (the package's releases as the user saw them), a package that has
    changed since (the record moved on) is refused rather than filed unseen."""
    require(Permission.EDIT_PROPOSALS)
    found, result = record_result(
        db, as_of, planned, cycle_cap, chain_cap, time_limit, max(rank - 1, 0), what_if=what_if
    )
    if not 1 <= rank <= len(result.packages):
        raise ValidationFailed.single(
            "package", f"the record gives {len(result.packages)} package(s) on that day, not {rank}"
        )
    now = sorted(i.person for i in result.packages[rank - 1].items)
    if persons is not None and sorted(persons) != now:
        raise ValidationFailed.single(
            "package",
            "the package has changed since it was shown (the record or the solver's answer"
            " moved on): solve again and look at it before drafting",
        )
    proposal = package_proposal(found, result, rank, _cases(db), viewer().username)
    return add_record(db, proposal)


def _cases(db: Database) -> list[Case]:
    with db.reading() as repo:
        return list(Scoped.of(repo, Permission.READ).all(Case))
