"""Solve a pool: the best package, alternatives, and a reason for everyone left out."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from glienicke.exchange.check import Leg, violations
from glienicke.exchange.explain import by_solving, conflict, structural_reason
from glienicke.exchange.model import Pool, Term, give_terms, urgency_terms
from glienicke.exchange.packing import structures
from glienicke.exchange.problem import Compiled, Infeasible, compile_pool
from glienicke.exchange.solver import Found, Progress, solve


@dataclass(frozen=True)
class Options:
    cycle_cap: int | None = None  # None: the pool's own
    chain_cap: int | None = None
    time_limit: float = 30.0
    alternatives: int = 0
    explain_limit: int = 40  # left-out persons examined by solving again, at most


@dataclass(frozen=True)
class Item:
    person: str
    name: str
    released_by: str  # the party holding them
    acting_for: str | None  # the side a partner releases them for
    to: str
    mechanism: str
    basis: str
    lead_days: int
    ready: str
    ours: bool  # brought home
    given_by_us: bool
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Package:
    rank: int
    items: tuple[Item, ...]
    legs: tuple[Leg, ...]
    urgency_weighted: float
    persons_home: int
    given_weighted: float
    persons_given: int
    optimal: bool
    status: str
    gap: float | None
    bound: float | None
    seconds: float
    stopped_in: str | None = None


@dataclass(frozen=True)
class LeftOut:
    person: str
    name: str
    held_by: str
    wanted_by: str
    reasons: tuple[str, ...]


@dataclass
class Result:
    pool: Pool
    cycle_cap: int
    chain_cap: int
    packages: list[Package] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


class PackageBroken(AssertionError):
    """A package from the solver broke a rule of the pool: a bug, never shown as a result."""


def solve_pool(pool: Pool, options: Options, progress: Progress | None = None) -> Result:
    """Raises Infeasible (with the constraints that clash) when no package can meet the pool."""
    started = time.monotonic()
    compiled = compile_pool(pool, options.cycle_cap, options.chain_cap)
    problem = compiled.problem
    material = {i for i, a in enumerate(problem.arcs) if a.count or a.cost > 0.01}
    found = solve(
        problem,
        time_limit=options.time_limit,
        alternatives=options.alternatives,
        material=material,
        progress=progress,
    )
    if not found:
        left = max(options.time_limit - (time.monotonic() - started), 1.0)
        clash = conflict(problem, left)
        if clash:
            raise Infeasible(["these cannot all hold: " + "; ".join(clash)])
        raise Infeasible(["no package meets the requirements"])
    result = Result(pool, compiled.cycle_cap, compiled.chain_cap)
    for rank, f in enumerate(found):
        result.packages.append(_package(compiled, f, rank))
    best = found[0]
    if progress is not None:
        progress("explaining who is left out")
    examined = 0
    for person in pool.persons:
        arc = compiled.index.get(person.key)
        if arc is not None and arc in best.chosen:
            continue
        if person.key in compiled.excluded:
            reasons = compiled.excluded[person.key]
        else:
            assert arc is not None
            why = structural_reason(problem, arc, pool.name)
            if why is None:
                left = options.time_limit - (time.monotonic() - started)
                if examined < options.explain_limit and left > 0:
                    examined += 1
                    why = by_solving(compiled, arc, best.objective, min(5.0, max(left, 0.5)))
                else:
                    why = (
                        "not chosen: the best package is at least as good without them (not"
                        " examined one by one: the explanation limit or the time limit was"
                        " reached)"
                    )
            reasons = [why]
        result.left_out.append(
            LeftOut(
                person.key,
                person.name,
                person.held_by,
                person.wanted_by,
                tuple(reasons),
            )
        )
    return result


def _package(compiled: Compiled, found: Found, rank: int) -> Package:
    pool = compiled.pool
    problem = compiled.problem
    found_structures = structures(problem, set(found.chosen))
    if found_structures is None:
        raise PackageBroken("a release of the solver's package has no ring or chain")
    legs = tuple(
        Leg(s.kind, s.parties, tuple(problem.arcs[i].key for i in s.arcs)) for s in found_structures
    )
    broken = violations(pool, list(legs), compiled.cycle_cap, compiled.chain_cap)
    if broken:
        raise PackageBroken("; ".join(broken))
    items: list[Item] = []
    for i in sorted(found.chosen, key=lambda i: _order(compiled, i)):
        person = pool.person(problem.arcs[i].key)
        use = compiled.mechanism[person.key]
        ours = pool.ours(person)
        given = pool.given_by_us(person)
        helps = pool.party(person.held_by).helps
        terms: list[Term] = []
        if ours:
            terms = urgency_terms(person, pool.as_of, pool.weights)
        elif given:
            terms = give_terms(person, pool.weights)
        items.append(
            Item(
                person=person.key,
                name=person.name,
                released_by=person.held_by,
                acting_for=helps,
                to=person.wanted_by,
                mechanism=use.mechanism.name,
                basis=use.mechanism.basis,
                lead_days=use.mechanism.lead_days,
                ready=use.ready.isoformat(),
                ours=ours,
                given_by_us=given,
                terms=tuple(terms),
            )
        )
    gain, count, _ = found.objective
    given_items = [it for it in items if it.given_by_us]
    return Package(
        rank=rank,
        items=tuple(items),
        legs=legs,
        urgency_weighted=round(gain, 4),
        persons_home=count,
        given_weighted=round(sum(t.points for it in given_items for t in it.terms), 4),
        persons_given=len(given_items),
        optimal=found.optimal,
        status=found.status,
        gap=found.gap,
        bound=found.bound,
        seconds=found.seconds,
        stopped_in=found.stopped_in,
    )


def _order(compiled: Compiled, arc: int) -> tuple[int, int]:
    """Items in pool order, those we give first."""
    key = compiled.problem.arcs[arc].key
    person = compiled.pool.person(key)
    order = [p.key for p in compiled.pool.persons].index(key)
    return (0 if compiled.pool.given_by_us(person) else 1, order)


__all__ = ["Infeasible", "Item", "LeftOut", "Options", "Package", "Result", "solve_pool"]
