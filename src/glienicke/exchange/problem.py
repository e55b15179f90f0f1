"""From a pool to a packing problem: who may be released on the day, and on what terms.

A person becomes a release (an arc from the side that holds them to the side that wants them)
only when the holder will release them, no party vetoes it, the two sides deal with each other,
and some mechanism can free them in time. Everyone else is set aside here with the reason in
words; conditions and together-rules that depend on a person set aside set aside the persons
that depend on them, with that reason too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glienicke.domain.errors import GlienickeError
from glienicke.exchange.model import Pool, Usable, give_terms, urgency_terms, usable
from glienicke.exchange.packing import Arc, Limit, Link, Need, Problem, Same

# What a release that neither frees one of ours nor is given by us counts at the third level:
# just enough that no such release is added to a package without need.
TOKEN_COST = 1e-3


class Infeasible(GlienickeError):
    """No package can meet the pool's requirements; `reasons` says which constraints clash."""

    code = "infeasible"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("infeasible pool: " + "; ".join(reasons))
        self.reasons = reasons


@dataclass
class Compiled:
    pool: Pool
    problem: Problem
    index: dict[str, int]  # person key -> arc
    excluded: dict[str, list[str]] = field(default_factory=dict)  # person key -> reasons
    mechanism: dict[str, Usable] = field(default_factory=dict)  # the earliest usable one
    cycle_cap: int = 0
    chain_cap: int = 0


def compile_pool(
    pool: Pool, cycle_cap: int | None = None, chain_cap: int | None = None
) -> Compiled:
    k = pool.cycle_cap if cycle_cap is None else cycle_cap
    ell = pool.chain_cap if chain_cap is None else chain_cap
    excluded: dict[str, list[str]] = {}
    chosen_mechanism: dict[str, Usable] = {}
    vetoes: dict[str, list[str]] = {}
    for v in pool.vetoes:
        why = f": {v.reason}" if v.reason else ""
        vetoes.setdefault(v.person, []).append(f"{pool.name(v.party)} vetoes their release{why}")
    no_deal = {frozenset(pair) for pair in pool.no_deal}

    for person in pool.persons:
        reasons: list[str] = []
        holder = pool.name(person.held_by)
        if not person.may_release:
            note = f" ({person.note})" if person.note else ""
            reasons.append(f"{holder} does not release them{note}")
        reasons += vetoes.get(person.key, [])
        giver_sides = {person.held_by, pool.side(person.held_by)}
        getter_sides = {person.wanted_by, pool.side(person.wanted_by)}
        for g in sorted(giver_sides):
            for r in sorted(getter_sides):
                if frozenset((g, r)) in no_deal:
                    reasons.append(
                        f"{pool.name(g)} and {pool.name(r)} will not deal with each other"
                    )
        options = [usable(m, pool.as_of, pool.planned) for m in person.mechanisms]
        good = sorted((u for u in options if u.ok), key=lambda u: (u.ready, u.mechanism.key))
        if not person.mechanisms:
            reasons.append("no release mechanism is on record for them")
        elif not good:
            reasons.append("no open mechanism: " + "; ".join(u.reason for u in options))
        else:
            chosen_mechanism[person.key] = good[0]
        if reasons:
            excluded[person.key] = reasons

    # Conditions and together-rules that hang on someone set aside, to a fixed point.
    changed = True
    while changed:
        changed = False
        for c in pool.conditions:
            if c.releases in excluded:
                continue
            for y in c.gets:
                if y in excluded:
                    excluded[c.releases] = [
                        f"{pool.name(c.party)} releases them only if it gets"
                        f" {pool.person(y).name}, who cannot be released ({excluded[y][0]})"
                    ]
                    changed = True
                    break
        for group in pool.together:
            out = [m for m in group if m in excluded]
            if out:
                for m in group:
                    if m not in excluded:
                        excluded[m] = [
                            f"goes only together with {pool.person(out[0]).name}, who cannot"
                            f" be released ({excluded[out[0]][0]})"
                        ]
                        changed = True

    for key in pool.required:
        if key in excluded:
            raise Infeasible(
                [f"required: {pool.person(key).name} cannot be released ({excluded[key][0]})"]
            )

    arcs: list[Arc] = []
    index: dict[str, int] = {}
    for person in pool.persons:
        if person.key in excluded:
            continue
        ours = pool.ours(person)
        ours_given = pool.given_by_us(person)
        gain = (
            sum(t.points for t in urgency_terms(person, pool.as_of, pool.weights)) if ours else 0.0
        )
        if ours_given:
            cost = sum(t.points for t in give_terms(person, pool.weights))
        else:
            cost = 0.0 if ours else TOKEN_COST
        index[person.key] = len(arcs)
        arcs.append(
            Arc(
                key=person.key,
                giver=pool.side(person.held_by),
                receiver=pool.side(person.wanted_by),
                goodwill=person.goodwill,
                gain=round(gain, 6),
                count=1 if ours else 0,
                cost=round(cost, 6),
            )
        )

    limits: list[Limit] = []
    for cap in pool.give_caps:
        members = tuple(
            index[p.key]
            for p in pool.persons
            if p.key in index
            and pool.side(p.held_by) == pool.side(cap.giver)
            and (p.held_by == cap.giver or pool.party(p.held_by).helps == cap.giver)
            and (cap.receiver is None or pool.side(p.wanted_by) == pool.side(cap.receiver))
        )
        to = f" to {pool.name(cap.receiver)}" if cap.receiver else ""
        limits.append(
            Limit(f"cap: {pool.name(cap.giver)} gives at most {cap.max}{to}", members, cap.max)
        )
    links = [
        Link(
            f"condition: {pool.name(c.party)} releases {pool.person(c.releases).name} only if it"
            f" gets {pool.person(y).name}",
            index[c.releases],
            index[y],
        )
        for c in pool.conditions
        if c.releases in index
        for y in c.gets
    ]
    same = [
        Same(
            f"together: {', '.join(pool.person(m).name for m in group)} go together",
            index[group[0]],
            index[m],
        )
        for group in pool.together
        if group[0] in index
        for m in group[1:]
    ]
    needs = [Need(f"required: {pool.person(k).name}", index[k]) for k in pool.required]
    problem = Problem(tuple(arcs), k, ell, tuple(limits), tuple(links), tuple(same), tuple(needs))
    return Compiled(pool, problem, index, excluded, chosen_mechanism, k, ell)
