"""Why a person is not in the best package, in words a negotiator can act on.

In order: what set them aside before solving (the holder, a veto, the law on the day, a
condition or together-rule hanging on someone set aside); then the structure (no ring within the
cycle cap and no chain within the chain cap reaches them, even with everyone else who could be
released); then, by solving again with them required, which constraints exclude them or what a
package with them would cost against the best one.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from glienicke.exchange.packing import Need, Objective, Problem, better, chain_levels, ring_through
from glienicke.exchange.problem import TOKEN_COST, Compiled
from glienicke.exchange.solver import NoPackageInTime, solve


def structural_reason(problem: Problem, arc: int, name: Callable[[str], str] = str) -> str | None:
    """Why no ring or chain can ever carry this release, or None when one can; `name` turns a
    party's key into its name."""
    links = {(a.giver, a.receiver) for a in problem.arcs}
    starts = {(a.giver, a.receiver) for a in problem.arcs if a.goodwill}
    a = problem.arcs[arc]
    link = (a.giver, a.receiver)
    k, ell = problem.cycle_cap, problem.chain_cap
    if ring_through(links, a.giver, a.receiver, k) is not None:
        return None
    if a.goodwill and ell >= 1:
        return None
    if ell >= 2 and link in chain_levels(links, starts, ell):
        return None
    wider = ring_through(links, a.giver, a.receiver, len(problem.nodes()) + 1)
    if wider is None:
        ring = (
            f"nothing that {name(a.receiver)} could release goes back to {name(a.giver)},"
            " even by way of others"
        )
    else:
        ring = f"no ring of at most {k} parties reaches them (the shortest needs {len(wider)})"
    if ell == 0:
        chain = "chains are switched off (chain cap 0)"
    elif ell >= 2 and link in chain_levels(links, starts, len(problem.arcs) + 1):
        chain = f"no chain of at most {ell} releases from a goodwill release reaches them"
    else:
        chain = "no goodwill release starts a chain that reaches them"
    return f"{ring}, and {chain}"


def conflict(problem: Problem, time_limit: float) -> list[str]:
    """A smallest set of caps, conditions, together-rules and requirements (by their labels)
    that together leave no feasible package: drop each in turn, and keep it dropped when the
    rest are still infeasible (a deletion filter)."""
    deadline = time.monotonic() + time_limit

    def feasible_with(trial: Problem) -> bool:
        try:
            return bool(solve(trial, time_limit=max(deadline - time.monotonic(), 0.1)))
        except NoPackageInTime:
            return True  # undecided in time: keep the constraint in the answer

    current = problem
    for name in ("limits", "links", "same", "needs"):
        for item in getattr(problem, name):
            kept = tuple(x for x in getattr(current, name) if x is not item)
            trial = dataclasses.replace(current, **{name: kept})  # type: ignore[arg-type]
            if not feasible_with(trial):
                current = trial
    labels = [
        x.label for name in ("needs", "limits", "links", "same") for x in getattr(current, name)
    ]
    bare = dataclasses.replace(current, limits=(), links=(), same=())
    if not feasible_with(bare):
        labels.append(
            f"the structure: no rings of at most {problem.cycle_cap} parties and no chains of"
            f" at most {problem.chain_cap} releases carry what is required"
        )
    return labels


def by_solving(compiled: Compiled, arc: int, best: Objective, time_limit: float) -> str:
    """What including this release would cost: solve again with it required."""
    problem = compiled.problem
    forced = dataclasses.replace(
        problem, needs=(*problem.needs, Need(f"required: {problem.arcs[arc].key}", arc))
    )
    try:
        found = solve(forced, time_limit=time_limit)
    except NoPackageInTime:
        return "not examined further: no package with them was found in the time allowed"
    if not found:
        labels = [x for x in conflict(forced, time_limit) if not x.endswith(problem.arcs[arc].key)]
        if labels:
            return "including them would break " + "; ".join(labels)
        return "no package within the caps can include them"
    with_them = found[0].objective
    a = problem.arcs[arc]
    if a.gain == 0 and a.count == 0 and a.cost <= TOKEN_COST and with_them[:2] == best[:2]:
        return "not needed: it brings none of ours home, and nothing that does depends on it"
    if better(best, with_them) and with_them[0] < best[0] - 1e-6:
        return (
            "a package with them brings home less: urgency-weighted"
            f" {with_them[0]:g} instead of {best[0]:g}"
        )
    if better(best, with_them) and with_them[1] < best[1]:
        return f"a package with them brings fewer home: {with_them[1]} instead of {best[1]}"
    if better(best, with_them):
        return (
            "not needed: a package with them brings home no more and gives more"
            f" ({round(with_them[2], 2):g} given instead of {round(best[2], 2):g})"
        )
    return "an equally good package includes them (ask for alternatives)"
