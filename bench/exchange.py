"""Benchmark: exchange packaging (HiGHS) against a greedy baseline and, where it is feasible,
brute force, on generated pools; or the optimum of a PrefLib kidney-exchange instance.

    uv run python bench/exchange.py --repeat 5
    uv run python bench/exchange.py --wmd tests/fixtures/exchange/small.wmd --cycle-cap 3 --chain-cap 2

Pools: a 12-person pool (checked against brute force), a 30-person 7-state pool (target: optimal
in < 100 ms), generated pools of 300 persons (target: proven optimal in < 10 s) and 2,000 persons
(target: within 1% of the bound in < 60 s). Figures are medians of the repeats; the machine is
shared, so compare ratios rather than absolute times. Peak memory: the Python heap (tracemalloc)
during one solve, and the process's largest resident size (which includes HiGHS).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

from glienicke.dataset.wmd import read_wmd
from glienicke.exchange.brute import brute_force
from glienicke.exchange.model import Condition, GiveCap, Mechanism, Party, Person, Pool
from glienicke.exchange.packing import Objective, Problem, feasible, objective, ring_through
from glienicke.exchange.problem import compile_pool
from glienicke.exchange.solver import Found, solve

AS_OF = date(2024, 7, 1)
OPEN = Mechanism("pardon", "pardon", "basis", lead_days=14)
CLOSED = Mechanism("probation", "probation", "basis", closes=date(2024, 1, 1))


def generated(persons: int, states: int, seed: int) -> Pool:
    """Our side (home and a few partners) against the rest; asks, conditions and caps at random."""
    rng = random.Random(seed)
    keys = [f"s{i:02d}" for i in range(states)]
    partners = set(keys[1 : 1 + max(1, states // 4)])
    parties = tuple(Party(k, k.upper(), keys[0] if k in partners else None) for k in keys)
    ours = [keys[0], *sorted(partners)]
    theirs = [k for k in keys if k not in ours]
    people: list[Person] = []
    for i in range(persons):
        if rng.random() < 0.5:
            held, wanted = rng.choice(theirs), rng.choice([*ours, *theirs])
        else:
            held, wanted = rng.choice(ours), rng.choice(theirs)
        if (held in ours) == (wanted in ours) and held == wanted:
            wanted = rng.choice(
                [k for k in keys if k != held and (k in ours) != (held in ours)] or theirs
            )
        if (held in ours) and (wanted in ours):
            wanted = rng.choice(theirs)
        people.append(
            Person(
                key=f"p{i:04d}",
                name=f"Person {i}",
                held_by=held,
                wanted_by=wanted,
                death_sentence=rng.random() < 0.03,
                minor=rng.random() < 0.03,
                health=rng.random() < 0.1,
                held_since=date(2024 - rng.randint(0, 8), rng.randint(1, 12), 1),
                intelligence=rng.random() < 0.3,
                senior=rng.random() < 0.1,
                may_release=rng.random() < 0.92,
                goodwill=rng.random() < 0.04,
                mechanisms=(OPEN,) if rng.random() < 0.9 else (CLOSED,),
            )
        )
    conditions = []
    for x in rng.sample(people, k=persons // 10):
        side = x.held_by if x.held_by not in partners else keys[0]
        wants = [
            p.key
            for p in people
            if (p.wanted_by == side or (side == keys[0] and p.wanted_by in partners))
            and p.key != x.key
            and (p.held_by in ours) != (side in ours)
        ]
        if wants:
            conditions.append(Condition(side, x.key, (rng.choice(wants),)))
    caps = tuple(GiveCap(keys[0], max(1, persons // (4 * states)), t) for t in theirs[:3])
    return Pool(
        key=f"generated-{persons}",
        title="generated",
        home=keys[0],
        as_of=AS_OF,
        parties=parties,
        persons=tuple(people),
        conditions=tuple(conditions),
        give_caps=caps,
        cycle_cap=3,
        chain_cap=2,
    )


def greedy(problem: Problem) -> Objective:
    """The baseline: take releases in order of gain (then cost), each with what its conditions
    and together-rules need and the cheapest release on each link of its shortest ring, keeping
    whatever stays feasible."""
    links = {(a.giver, a.receiver) for a in problem.arcs}
    cheapest: dict[tuple[str, str], int] = {}
    for i, a in enumerate(problem.arcs):
        link = (a.giver, a.receiver)
        if link not in cheapest or a.cost < problem.arcs[cheapest[link]].cost:
            cheapest[link] = i
    needs: dict[int, set[int]] = {}
    for condition in problem.links:
        needs.setdefault(condition.first, set()).add(condition.then)
    for s in problem.same:
        needs.setdefault(s.a, set()).add(s.b)
        needs.setdefault(s.b, set()).add(s.a)
    chosen: set[int] = {n.arc for n in problem.needs}
    order = sorted(
        range(len(problem.arcs)), key=lambda i: (-problem.arcs[i].gain, problem.arcs[i].cost)
    )
    for i in order:
        if i in chosen or problem.arcs[i].gain <= 0:
            continue
        add = {i}
        stack = [i]
        while stack:
            for j in needs.get(stack.pop(), ()):
                if j not in add:
                    add.add(j)
                    stack.append(j)
        a = problem.arcs[i]
        ring = ring_through(links, a.giver, a.receiver, problem.cycle_cap)
        if ring is not None:
            for k in range(len(ring)):
                add.add(cheapest[(ring[k], ring[(k + 1) % len(ring)])])
        if feasible(problem, chosen | add):
            chosen |= add
    return objective(problem, chosen)


def timed(problem: Problem, repeat: int, limit: float) -> tuple[float, Found]:
    times = []
    found: Found | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        found = solve(problem, time_limit=limit)[0]
        times.append(time.perf_counter() - started)
    assert found is not None
    return statistics.median(times), found


def pools_bench(repeat: int) -> None:
    print(
        f"{'pool':24} {'releases':>8} {'median':>9} {'proved':>7} {'gap':>7} {'optimum (gain, count, cost)':>34} {'greedy gain':>11} {'greedy/opt':>10}"
    )
    cases = [
        ("16 persons, 4 states", 16, 4, 5.0),
        ("30 persons, 7 states", 30, 7, 5.0),
        ("300 persons, 12 states", 300, 12, 10.0),
        ("2,000 persons, 24 states", 2000, 24, 60.0),
    ]
    for label, persons, states, limit in cases:
        pool = generated(persons, states, seed=persons)
        problem = compile_pool(pool).problem
        reps = repeat if persons <= 300 else max(1, repeat // 3)
        seconds, found = timed(problem, reps, limit)
        base = greedy(problem)
        ratio = base[0] / found.objective[0] if found.objective[0] else 1.0
        gap = "0" if found.optimal else f"{(found.gap or 0):.2%}"
        print(
            f"{label:24} {len(problem.arcs):8d} {seconds * 1000:7.1f}ms {found.optimal!s:>7} {gap:>7}"
            f" {found.objective!s:>34} {base[0]:11.2f} {ratio:10.3f}"
        )
        if len(problem.arcs) <= 16:
            started = time.perf_counter()
            reference = brute_force(problem, limit=16)
            took = time.perf_counter() - started
            assert reference is not None
            print(
                f"{'  brute force':24} {len(problem.arcs):8d} {took * 1000:7.1f}ms {'':>7} {'':>7} {reference[0]!s:>34}  (solver/brute time ratio {seconds / took:.3f})"
            )
    pool = generated(2000, 24, seed=2000)
    problem = compile_pool(pool).problem
    tracemalloc.start()
    solve(problem, time_limit=60.0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory, 2,000 persons: Python heap {peak / 2**20:.1f} MiB; process resident {rss:.0f} MiB"
    )


def wmd_bench(path: Path, cycle_cap: int, chain_cap: int, limit: float) -> None:
    problem = read_wmd(path, cycle_cap, chain_cap)
    started = time.perf_counter()
    found = solve(problem, time_limit=limit)[0]
    took = time.perf_counter() - started
    chosen = sorted(problem.arcs[i].key for i in found.chosen)
    proof = (
        "proven optimal"
        if found.optimal
        else f"not proven optimal ({found.status}, gap {found.gap or 0:.2%}, bound {found.bound})"
    )
    print(f"{path.name}: {len(problem.arcs)} arcs, cycle cap {cycle_cap}, chain cap {chain_cap}")
    print(
        f"optimum weight {found.objective[0]:g} with {found.objective[1]} transplants, {proof}, {took:.3f} s"
    )
    print("arcs: " + ", ".join(chosen))
    if len(problem.arcs) <= 16:
        reference = brute_force(problem, limit=16)
        print(
            f"brute force: weight {reference[0][0]:g}" if reference else "brute force: infeasible"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wmd", type=Path, help="a PrefLib .wmd kidney-exchange instance")
    parser.add_argument("--cycle-cap", type=int, default=3)
    parser.add_argument("--chain-cap", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    if args.wmd is not None:
        wmd_bench(args.wmd, args.cycle_cap, args.chain_cap, args.time_limit)
    else:
        pools_bench(args.repeat)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
