"""The packing problem as an integer programme, solved with HiGHS (through highspy).

Variables: x[a] (release a is in the package), y[c] (ring c, a simple cycle of at most
`cycle_cap` parties, is used) and g[e, k] (link e is the k-th step of some chain, k <= chain
cap). A release needs its link on a used ring, or at a chain step after the first, or (when it
is a goodwill release) at the first step; a ring is used only if every one of its links carries
a release; a chain step only if its link does (the first step: a goodwill release) and, after
the first, some link into its giver is the step before. Caps, conditions, together-rules and
requirements are rows on x.

The three objectives are met in turn (lexicographically): the best urgency-weighted number
brought home; among those, the most persons; among those, the least given. Each later phase
keeps the earlier values as constraints.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from glienicke.domain.errors import GlienickeError
from glienicke.exchange.packing import Objective, Problem, objective

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Found:
    chosen: frozenset[int]
    objective: Objective
    optimal: bool  # every phase proved optimal
    status: str  # "optimal", or what stopped the solver ("time limit")
    gap: float | None  # relative gap of the objective whose phase was stopped
    bound: float | None  # the solver's bound on the first objective (or on the stopped one)
    seconds: float
    stopped_in: str | None = None  # the objective whose phase was stopped, when not optimal


class NoPackageInTime(GlienickeError):
    """The time limit ended before the solver found any package."""

    code = "time-limit"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the solver found no package within the time limit of {seconds:g} s; allow more"
            " time (--time-limit)"
        )


class TooLarge(GlienickeError):
    """The rings to enumerate exceed what the formulation is built for."""


MAX_RINGS = 400_000


def simple_cycles(links: list[tuple[str, str]], cap: int) -> list[tuple[str, ...]]:
    """Every simple cycle of 2..cap parties over `links`, each once (from its least party)."""
    out: dict[str, list[str]] = {}
    for g, r in links:
        out.setdefault(g, []).append(r)
    for targets in out.values():
        targets.sort()
    found: list[tuple[str, ...]] = []
    for start in sorted(out):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in out.get(node, ()):
                if nxt == start and len(path) >= 2:
                    found.append(tuple(path))
                    if len(found) > MAX_RINGS:
                        raise TooLarge(
                            f"more than {MAX_RINGS} rings of at most {cap} parties; lower the"
                            " cycle cap"
                        )
                elif nxt > start and nxt not in path and len(path) < cap:
                    stack.append((nxt, [*path, nxt]))
    return found


_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A silent HiGHS instance. The library prints its banner to the process's standard output
    when the first instance is made, which would spoil JSON output: that one moment goes to
    the null device."""
    global _banner_shown
    if _banner_shown:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    else:
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), 1)
                h = highspy.Highs()  # type: ignore[no-untyped-call]
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
    h.setOptionValue("output_flag", False)
    return h


class _Model:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        arcs = problem.arcs
        n = len(arcs)
        self.n = n
        links = sorted({(a.giver, a.receiver) for a in arcs})
        self.links = links
        on_link: dict[tuple[str, str], list[int]] = {e: [] for e in links}
        for i, a in enumerate(arcs):
            on_link[(a.giver, a.receiver)].append(i)
        self.cycles = simple_cycles(links, problem.cycle_cap) if problem.cycle_cap >= 2 else []
        col = n
        self.y: list[int] = []
        rings_on: dict[tuple[str, str], list[int]] = {e: [] for e in links}
        for c in self.cycles:
            self.y.append(col)
            for j in range(len(c)):
                rings_on[(c[j], c[(j + 1) % len(c)])].append(col)
            col += 1
        self.g: dict[tuple[tuple[str, str], int], int] = {}
        ell = problem.chain_cap
        for e in links:
            if any(arcs[i].goodwill for i in on_link[e]) and ell >= 1:
                self.g[(e, 1)] = col
                col += 1
            for k in range(2, ell + 1):
                self.g[(e, k)] = col
                col += 1
        self.ncols = col
        rows: list[tuple[float, float, list[int], list[float]]] = []
        inf = highspy.kHighsInf
        for e in links:
            steps = [self.g[(e, k)] for k in range(2, ell + 1) if (e, k) in self.g]
            first = self.g.get((e, 1))
            for i in on_link[e]:
                idx = [i, *rings_on[e], *steps]
                if first is not None and arcs[i].goodwill:
                    idx.append(first)
                rows.append((-inf, 0.0, idx, [1.0] + [-1.0] * (len(idx) - 1)))
            for yc in rings_on[e]:
                rows.append((-inf, 0.0, [yc, *on_link[e]], [1.0] + [-1.0] * len(on_link[e])))
            if first is not None:
                gw = [i for i in on_link[e] if arcs[i].goodwill]
                rows.append((-inf, 0.0, [first, *gw], [1.0] + [-1.0] * len(gw)))
            for k in range(2, ell + 1):
                rows.append(
                    (-inf, 0.0, [self.g[(e, k)], *on_link[e]], [1.0] + [-1.0] * len(on_link[e]))
                )
                before = [
                    self.g[(d, k - 1)] for d in links if d[1] == e[0] and (d, k - 1) in self.g
                ]
                rows.append((-inf, 0.0, [self.g[(e, k)], *before], [1.0] + [-1.0] * len(before)))
        for lim in problem.limits:
            if lim.arcs:
                rows.append((-inf, float(lim.max), list(lim.arcs), [1.0] * len(lim.arcs)))
        for link in problem.links:
            rows.append((-inf, 0.0, [link.first, link.then], [1.0, -1.0]))
        for s in problem.same:
            if s.a != s.b:
                rows.append((0.0, 0.0, [s.a, s.b], [1.0, -1.0]))
        lower = np.zeros(self.ncols)
        for need in problem.needs:
            lower[need.arc] = 1.0
        upper = np.ones(self.ncols)

        h = _new_highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-7)
        h.addVars(self.ncols, lower, upper)
        h.changeColsIntegrality(
            self.ncols,
            np.arange(self.ncols, dtype=np.int32),
            np.full(self.ncols, int(highspy.HighsVarType.kInteger), dtype=np.uint8),
        )
        self._add_rows(h, rows)
        self.h = h

    @staticmethod
    def _add_rows(
        h: highspy.Highs, rows: list[tuple[float, float, list[int], list[float]]]
    ) -> None:
        if not rows:
            return
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for _, _, idx, val in rows:
            starts.append(len(index))
            index += idx
            value += val
        h.addRows(
            len(rows),
            np.array([r[0] for r in rows], dtype=np.float64),
            np.array([r[1] for r in rows], dtype=np.float64),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )

    def set_objective(self, weights: list[float], maximise: bool) -> None:
        costs = np.zeros(self.ncols)
        costs[: self.n] = weights
        self.h.changeColsCost(self.ncols, np.arange(self.ncols, dtype=np.int32), costs)
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        self.h.changeObjectiveSense(sense)

    def add_row(self, lower: float, upper: float, idx: list[int], val: list[float]) -> int:
        self._add_rows(self.h, [(lower, upper, idx, val)])
        return int(self.h.getNumRow()) - 1


def solve(
    problem: Problem,
    time_limit: float = 30.0,
    alternatives: int = 0,
    material: set[int] | None = None,
    progress: Progress | None = None,
) -> list[Found]:
    """The best package and up to `alternatives` more, each differing from every earlier one
    in at least one release of `material` (default: all). Empty when no package is feasible."""
    started = time.monotonic()
    if not problem.arcs:
        return (
            []
            if problem.needs
            else [Found(frozenset(), (0.0, 0, 0.0), True, "optimal", None, None, 0.0)]
        )
    model = _Model(problem)
    if progress is not None:
        report = progress

        def improving(event: Any) -> None:
            out = event.data_out
            bound = out.mip_dual_bound
            shown = f", bound {bound:g}" if abs(bound) < highspy.kHighsInf else ""
            report(f"  incumbent {out.objective_function_value:g}{shown}, {out.running_time:.1f} s")

        model.h.cbMipImprovingSolution.subscribe(improving)
    mat = sorted(material) if material is not None else list(range(len(problem.arcs)))
    found: list[Found] = []
    lex_rows: list[int] = []
    for number in range(alternatives + 1):
        for row in lex_rows:
            model.h.changeRowBounds(row, -highspy.kHighsInf, highspy.kHighsInf)
        lex_rows = []
        try:
            result = _lexicographic(model, started, time_limit, number, lex_rows, progress)
        except NoPackageInTime:
            if number == 0:
                raise
            break  # no time left for another alternative
        if result is None or (number > 0 and not result.chosen):
            break  # no further package, or only the empty one
        found.append(result)
        if number == alternatives or not mat:
            break
        inside = [i for i in mat if i in result.chosen]
        outside = [i for i in mat if i not in result.chosen]
        model.add_row(
            1.0 - len(inside),
            highspy.kHighsInf,
            inside + outside,
            [-1.0] * len(inside) + [1.0] * len(outside),
        )
        if time.monotonic() - started > time_limit:
            break
    return found


def _lexicographic(
    model: _Model,
    started: float,
    time_limit: float,
    number: int,
    lex_rows: list[int],
    progress: Progress | None,
) -> Found | None:
    arcs = model.problem.arcs
    phases: list[tuple[str, list[float], bool]] = [
        ("urgency-weighted persons brought home", [a.gain for a in arcs], True),
        ("persons brought home", [float(a.count) for a in arcs], True),
        ("what is given", [a.cost for a in arcs], False),
    ]
    h = model.h
    values: np.ndarray[Any, Any] | None = None
    optimal = True
    status = "optimal"
    gap: float | None = None
    bound: float | None = None
    label = "best package" if number == 0 else f"alternative {number}"
    stopped_in: str | None = None
    for phase, (name, weights, maximise) in enumerate(phases):
        left = time_limit - (time.monotonic() - started)
        if left <= 0 and values is not None:
            optimal, status, stopped_in = False, "time limit", name
            break
        h.setOptionValue("time_limit", max(left, 0.05))
        model.set_objective(weights, maximise)
        # No start solution is passed on: with highspy 1.16, after setSolution the solution
        # read back can be the start itself rather than the better one found.
        if progress is not None:
            progress(f"{label}: {name}")
        h.run()
        ms = h.getModelStatus()
        info = h.getInfo()
        if ms == highspy.HighsModelStatus.kInfeasible:
            return None
        if info.primal_solution_status != 2:  # no feasible solution in hand
            if values is None:
                raise NoPackageInTime(time_limit)
            optimal, status, stopped_in = False, h.modelStatusToString(ms).lower(), name
            break
        # Round to whole values: a column left at 1e-6 (within the integrality tolerance)
        # must not raise the value the next phase is held to.
        values = np.round(np.array(h.getSolution().col_value))
        value = float(np.dot(values[: model.n], weights))
        proved = ms == highspy.HighsModelStatus.kOptimal
        if phase == 0 or not proved:
            bound = float(info.mip_dual_bound)
        if not proved:
            optimal, status, stopped_in = False, h.modelStatusToString(ms).lower(), name
            gap = float(info.mip_gap)
        if progress is not None:
            note = "" if proved else f" ({status}, gap {info.mip_gap:.2%})"
            progress(f"{label}: {name} = {value:g}{note}")
        if not proved:
            break
        if phase < 2:
            idx = [i for i, w in enumerate(weights) if w]
            val = [weights[i] for i in idx]
            slack = 1e-5 * max(1.0, abs(value)) if phase == 0 else 0.5
            if idx:
                lex_rows.append(model.add_row(value - slack, highspy.kHighsInf, idx, val))
    assert values is not None
    chosen = frozenset(i for i in range(model.n) if values[i] > 0.5)
    return Found(
        chosen,
        objective(model.problem, chosen),
        optimal,
        status,
        gap,
        bound,
        round(time.monotonic() - started, 4),
        stopped_in,
    )
