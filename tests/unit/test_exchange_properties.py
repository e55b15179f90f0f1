"""Property tests of exchange packaging: on random small pools (up to 12 persons) the solver's
optimum equals a brute-force enumeration's, and every package it returns keeps every rule."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glienicke.exchange.brute import brute_force
from glienicke.exchange.check import violations
from glienicke.exchange.engine import Options, solve_pool
from glienicke.exchange.model import (
    Condition,
    GiveCap,
    Mechanism,
    Party,
    Person,
    Pool,
    Veto,
)
from glienicke.exchange.packing import better, same_value
from glienicke.exchange.problem import Infeasible, compile_pool
from glienicke.exchange.solver import solve

AS_OF = date(2000, 1, 1)
OPEN = Mechanism("pardon", "pardon", "basis", lead_days=5)
CLOSED = Mechanism("probation", "probation", "basis", closes=date(1999, 12, 1))
LATE = Mechanism("parole", "parole", "basis", opens=date(2000, 6, 1))


@st.composite
def pools(draw: st.DrawFn) -> Pool:
    n_parties = draw(st.integers(2, 5))
    keys = [f"s{i}" for i in range(n_parties)]
    parties = [Party(keys[0], "Home")]
    for k in keys[1:]:
        helps = draw(st.sampled_from([None, None, None, keys[0]]))
        parties.append(Party(k, k.upper(), helps))
    side = {p.key: p.helps or p.key for p in parties}
    persons: list[Person] = []
    for i in range(draw(st.integers(1, 12))):
        held = draw(st.sampled_from(keys))
        others = [k for k in keys if side[k] != side[held]]
        if not others:
            continue
        wanted = draw(st.sampled_from(others))
        persons.append(
            Person(
                key=f"p{i}",
                name=f"P{i}",
                held_by=held,
                wanted_by=wanted,
                priority=draw(st.sampled_from([1.0, 1.0, 2.0])),
                death_sentence=draw(st.booleans()),
                minor=draw(st.booleans()),
                intelligence=draw(st.booleans()),
                held_since=draw(st.sampled_from([None, date(1995, 1, 1)])),
                may_release=draw(st.sampled_from([True, True, True, False])),
                goodwill=draw(st.sampled_from([False, False, True])),
                mechanisms=draw(
                    st.sampled_from([(OPEN,), (OPEN,), (OPEN, CLOSED), (CLOSED,), (LATE,), ()])
                ),
            )
        )
    if not persons:
        persons.append(
            Person(
                "p0",
                "P0",
                keys[0],
                keys[1] if side[keys[1]] != keys[0] else keys[0],
                mechanisms=(OPEN,),
            )
        )
        if persons[0].held_by == persons[0].wanted_by:
            persons = [Person("p0", "P0", keys[0], "zz", mechanisms=(OPEN,))]
            parties.append(Party("zz", "ZZ"))
            side["zz"] = "zz"
    conditions = []
    for _ in range(draw(st.integers(0, 3))):
        x = draw(st.sampled_from(persons))
        party = side[x.held_by]
        wants = [p.key for p in persons if side[p.wanted_by] == party and side[p.held_by] != party]
        if wants:
            gets = draw(st.lists(st.sampled_from(wants), min_size=1, max_size=2, unique=True))
            conditions.append(Condition(party, x.key, tuple(gets)))
    vetoes = [Veto(keys[0], p.key) for p in persons if draw(st.integers(0, 9)) == 0]
    caps = []
    if draw(st.booleans()):
        caps.append(
            GiveCap(
                draw(st.sampled_from(keys)),
                draw(st.integers(1, 3)),
                draw(st.sampled_from([None, *keys])),
            )
        )
    no_deal = []
    if draw(st.integers(0, 4)) == 0:
        a, b = draw(st.sampled_from(keys)), draw(st.sampled_from(keys))
        if a != b:
            no_deal.append((a, b))
    together = []
    if len(persons) >= 2 and draw(st.integers(0, 3)) == 0:
        together.append((persons[0].key, persons[1].key))
    required = (persons[-1].key,) if draw(st.integers(0, 5)) == 0 else ()
    return Pool(
        key="random",
        title="random",
        home=keys[0],
        as_of=AS_OF,
        planned=date(2000, 3, 1),
        parties=tuple(parties),
        persons=tuple(persons),
        conditions=tuple(conditions),
        vetoes=tuple(vetoes),
        no_deal=tuple(no_deal),
        give_caps=tuple(caps),
        together=tuple(together),
        required=required,
        cycle_cap=draw(st.integers(2, 4)),
        chain_cap=draw(st.integers(0, 3)),
    )


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_the_solver_finds_the_brute_force_optimum_and_every_package_keeps_every_rule(
    pool: Pool,
) -> None:
    try:
        compiled = compile_pool(pool)
    except Infeasible:
        # a required person set aside: nobody can be released without them
        return
    reference = brute_force(compiled.problem)
    found = solve(compiled.problem, time_limit=20, alternatives=2)
    if reference is None:
        assert found == []
        return
    assert found, "the solver missed a feasible package"
    assert found[0].optimal
    assert same_value(found[0].objective, reference[0]), (found[0].objective, reference[0])
    for alternative in found[1:]:
        assert not better(alternative.objective, found[0].objective)
    # the whole engine, with the pool-level checker run on every package it returns
    result = solve_pool(pool, Options(time_limit=20, alternatives=1, explain_limit=1))
    for package in result.packages:
        assert violations(pool, list(package.legs), pool.cycle_cap, pool.chain_cap) == []
    chosen = {i.person for i in result.packages[0].items}
    assert {x.person for x in result.left_out} == {p.key for p in pool.persons} - chosen
    assert all(x.reasons and all(x.reasons) for x in result.left_out)
