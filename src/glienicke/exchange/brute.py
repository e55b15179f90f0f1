"""Exhaustive search over every set of releases: the reference the solver is tested against.

Only for small problems (the work doubles with each release); `limit` guards against misuse.
"""

from __future__ import annotations

from glienicke.exchange.packing import Objective, Problem, better, feasible, objective


def brute_force(problem: Problem, limit: int = 18) -> tuple[Objective, frozenset[int]] | None:
    """The lexicographic optimum and one set of releases reaching it; None when infeasible."""
    n = len(problem.arcs)
    if n > limit:
        raise ValueError(f"{n} releases is too many to enumerate (limit {limit})")
    best: tuple[Objective, frozenset[int]] | None = None
    for mask in range(1 << n):
        chosen = {i for i in range(n) if mask >> i & 1}
        value = objective(problem, chosen)
        if best is not None and not better(value, best[0]):
            continue
        if feasible(problem, chosen):
            best = (value, frozenset(chosen))
    return best
