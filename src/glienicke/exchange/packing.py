"""Cycle-and-chain packing over parties, the structure every package must have.

A *release* (an arc) moves one person from the side that gives them to the side that gets them.
A release is allowed only as part of

- a **ring**: parties P1 -> P2 -> ... -> Pk -> P1 (2 <= k <= cycle cap, all different), each
  handing at least one person to the next, so that everyone who gives also gets; or
- a **chain**: a goodwill release starts it (its giver asks nothing back), and each party that
  got something may hand on to the next, at most `chain cap` releases from the start.

Several people may pass along one link of a ring (Abel one way, Powers the other; what else is
demanded is said by conditions and caps). With every party limited to giving and getting one
person this is exactly kidney exchange: vertex-disjoint cycles and chains from altruists.

This module holds the solver-neutral problem and the structural tests that the brute force, the
checker and the explanations share; `solver` holds the integer programme.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

EPS = 1e-6


@dataclass(frozen=True)
class Arc:
    key: str  # the person released
    giver: str  # the side that releases them (a partner counts as the side it helps)
    receiver: str  # the side that gets them
    goodwill: bool  # may start a chain
    gain: float  # first objective: urgency-weighted, for those we bring home
    count: int  # second objective: 1 for those we bring home
    cost: float  # third objective (smaller is better): what we give


@dataclass(frozen=True)
class Limit:
    """At most `max` of `arcs` (a cap on what a party gives)."""

    label: str
    arcs: tuple[int, ...]
    max: int


@dataclass(frozen=True)
class Link:
    """Arc `first` only if arc `then` (a condition)."""

    label: str
    first: int
    then: int


@dataclass(frozen=True)
class Same:
    """Arcs `a` and `b` both or neither (people who go together)."""

    label: str
    a: int
    b: int


@dataclass(frozen=True)
class Need:
    """Arc `arc` must be in every package."""

    label: str
    arc: int


@dataclass(frozen=True)
class Problem:
    arcs: tuple[Arc, ...]
    cycle_cap: int
    chain_cap: int
    limits: tuple[Limit, ...] = ()
    links: tuple[Link, ...] = ()
    same: tuple[Same, ...] = ()
    needs: tuple[Need, ...] = ()

    def nodes(self) -> list[str]:
        seen: dict[str, None] = {}
        for a in self.arcs:
            seen.setdefault(a.giver)
            seen.setdefault(a.receiver)
        return list(seen)


Objective = tuple[float, int, float]


def objective(problem: Problem, chosen: Iterable[int]) -> Objective:
    gain = 0.0
    count = 0
    cost = 0.0
    for i in chosen:
        a = problem.arcs[i]
        gain += a.gain
        count += a.count
        cost += a.cost
    return (round(gain, 6), count, round(cost, 6))


def better(a: Objective, b: Objective, tol: float = EPS) -> bool:
    """Lexicographically better: more gain, then more count, then less cost."""
    scale = max(1.0, abs(a[0]), abs(b[0]))
    if a[0] > b[0] + tol * scale:
        return True
    if a[0] < b[0] - tol * scale:
        return False
    if a[1] != b[1]:
        return a[1] > b[1]
    return a[2] < b[2] - tol * max(1.0, abs(a[2]), abs(b[2]))


def same_value(a: Objective, b: Objective, tol: float = 1e-5) -> bool:
    return not better(a, b, tol) and not better(b, a, tol)


def side_problems(problem: Problem, chosen: set[int]) -> list[str]:
    """Every cap, condition, together-rule and requirement the chosen arcs break."""
    broken: list[str] = []
    for lim in problem.limits:
        n = sum(1 for i in lim.arcs if i in chosen)
        if n > lim.max:
            broken.append(f"{lim.label}: {n} released, the cap is {lim.max}")
    for link in problem.links:
        if link.first in chosen and link.then not in chosen:
            broken.append(link.label)
    for s in problem.same:
        if (s.a in chosen) != (s.b in chosen):
            broken.append(s.label)
    for need in problem.needs:
        if need.arc not in chosen:
            broken.append(need.label)
    return broken


def shortest_path(
    links: set[tuple[str, str]], start: str, goal: str, max_hops: int
) -> list[str] | None:
    """The shortest run of parties from `start` to `goal` over `links`, within `max_hops`."""
    if start == goal:
        return [start]
    if max_hops <= 0:
        return None
    out: dict[str, list[str]] = {}
    for g, r in links:
        out.setdefault(g, []).append(r)
    back: dict[str, str] = {start: start}
    frontier = deque([(start, 0)])
    while frontier:
        node, hops = frontier.popleft()
        if hops == max_hops:
            continue
        for nxt in sorted(out.get(node, ())):
            if nxt in back:
                continue
            back[nxt] = node
            if nxt == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(back[path[-1]])
                return path[::-1]
            frontier.append((nxt, hops + 1))
    return None


def ring_through(
    links: set[tuple[str, str]], giver: str, receiver: str, cap: int
) -> list[str] | None:
    """The parties of the shortest ring that uses the link giver -> receiver, or None."""
    path = shortest_path(links, receiver, giver, cap - 1)
    return None if path is None else [giver, *path[:-1]]


def chain_levels(
    links: set[tuple[str, str]], starts: set[tuple[str, str]], cap: int
) -> dict[tuple[str, str], list[str]]:
    """For each link, the shortest chain (as parties) that reaches it in second place or later:
    a chain begins on a link in `starts` (one with a goodwill release) and has at most `cap`
    releases."""
    best: dict[tuple[str, str], list[str]] = {}
    level: dict[tuple[str, str], list[str]] = {s: [s[0], s[1]] for s in starts if s in links}
    depth = 1
    while level and depth < cap:
        nxt: dict[tuple[str, str], list[str]] = {}
        for (_, r), parties in sorted(level.items()):
            for link in sorted(links):
                if link[0] == r and link not in nxt:
                    nxt[link] = [*parties, link[1]]
        for link, parties in nxt.items():
            best.setdefault(link, parties)
        level = nxt
        depth += 1
    return best


@dataclass(frozen=True)
class Structure:
    """A ring or a chain of a package, with the releases along it."""

    kind: str  # "ring" or "chain"
    parties: tuple[str, ...]  # ring: P1..Pk (back to P1); chain: P0..Pm
    arcs: tuple[int, ...]


def structures(problem: Problem, chosen: set[int]) -> list[Structure] | None:
    """Rings and chains that carry every chosen release, or None when some release has none."""
    links = {(problem.arcs[i].giver, problem.arcs[i].receiver) for i in chosen}
    starts = {
        (problem.arcs[i].giver, problem.arcs[i].receiver)
        for i in chosen
        if problem.arcs[i].goodwill
    }
    later = chain_levels(links, starts, problem.chain_cap) if problem.chain_cap >= 2 else {}
    rings: dict[tuple[str, ...], list[int]] = {}
    chains: dict[tuple[str, ...], list[int]] = {}
    for i in sorted(chosen):
        a = problem.arcs[i]
        ring = ring_through(links, a.giver, a.receiver, problem.cycle_cap)
        if ring is not None:
            rings.setdefault(_rotate(ring), []).append(i)
        elif (a.giver, a.receiver) in later:
            chains.setdefault(tuple(later[(a.giver, a.receiver)]), []).append(i)
        elif a.goodwill and problem.chain_cap >= 1:
            chains.setdefault((a.giver, a.receiver), []).append(i)
        else:
            return None
    # a chain's earlier links must be carried too: they are (each chosen arc is covered).
    found = [Structure("ring", k, tuple(v)) for k, v in rings.items()]
    found += [Structure("chain", k, tuple(v)) for k, v in chains.items()]
    return found


def _rotate(ring: list[str]) -> tuple[str, ...]:
    low = ring.index(min(ring))
    return tuple(ring[low:] + ring[:low])


def feasible(problem: Problem, chosen: set[int]) -> bool:
    return not side_problems(problem, chosen) and structures(problem, chosen) is not None
