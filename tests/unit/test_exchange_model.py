"""Exchange packaging without a database: windows on the day, eligibility and its reasons, the
ring-and-chain structure, the solver's reports, explanations, and pool files' messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from glienicke.dataset.pools import pool_from_text, read_pool
from glienicke.dataset.wmd import read_wmd
from glienicke.domain.errors import ValidationFailed
from glienicke.exchange.brute import brute_force
from glienicke.exchange.engine import Options, solve_pool
from glienicke.exchange.model import Mechanism, Party, Person, Pool, Weights, urgency_terms, usable
from glienicke.exchange.packing import Arc, Problem
from glienicke.exchange.problem import Infeasible, compile_pool
from glienicke.exchange.solver import solve

WMD = Path(__file__).parent.parent / "fixtures" / "exchange" / "small.wmd"
PARDON = Mechanism("pardon", "pardon", "U.S. Const. art. II", lead_days=10)


def person(key: str, held: str, wanted: str, **kw: object) -> Person:
    return Person(key, key.title(), held, wanted, mechanisms=kw.pop("mechanisms", (PARDON,)), **kw)  # type: ignore[arg-type]


def pool(*persons: Person, parties: tuple[str, ...] = ("us", "su", "gdr"), **kw: object) -> Pool:
    return Pool(
        key="t",
        title="t",
        home="us",
        as_of=date(1962, 1, 15),
        parties=tuple(Party(p, p.upper()) for p in parties),
        persons=persons,
        **kw,  # type: ignore[arg-type]
    )


# -- the law on the day ------------------------------------------------------------------------


def test_a_closed_window_says_when_and_why_citing_its_basis() -> None:
    probation = Mechanism(
        "probation",
        "probation",
        "United States v. Murray, 275 U.S. 347 (1928)",
        closes=date(1941, 2, 24),
        closed_reason="service of sentence began",
    )
    found = usable(probation, date(1941, 3, 1), None)
    assert not found.ok
    assert found.reason == (
        "probation closed on 1941-02-24: service of sentence began"
        " (United States v. Murray, 275 U.S. 347 (1928))"
    )


def test_a_window_that_closes_before_clearance_ends_is_not_usable() -> None:
    m = Mechanism("probation", "probation", closes=date(1941, 3, 5), lead_days=11)
    found = usable(m, date(1941, 3, 1), None)
    assert not found.ok and "before its clearance of 11 days could finish" in found.reason


def test_a_mechanism_opening_after_the_planned_date_is_not_usable() -> None:
    m = Mechanism("parole", "parole", opens=date(1967, 10, 1))
    found = usable(m, date(1962, 1, 15), date(1962, 2, 10))
    assert not found.ok
    assert found.reason == "parole opens only on 1967-10-01, after the planned date 1962-02-10"


def test_urgency_shows_every_term() -> None:
    p = person("k", "su", "us", death_sentence=True, held_since=date(1960, 1, 15), priority=2.0)
    terms = urgency_terms(p, date(1962, 1, 15), Weights())
    names = [t.name for t in terms]
    assert names[:2] == ["person freed", "sentence of death"]
    assert names[2].startswith("held 2.0 years") and names[3] == "priority x2"
    assert sum(t.points for t in terms) == pytest.approx(2 * (1 + 4 + 0.5), abs=0.01)


# -- eligibility -------------------------------------------------------------------------------


def test_everyone_set_aside_gets_a_reason() -> None:
    closed = Mechanism("probation", "probation", closes=date(1962, 1, 1))
    compiled = compile_pool(
        pool(
            person("abel", "us", "su"),
            person("powers", "su", "us", may_release=False, note="not on offer"),
            person("pryor", "gdr", "us", mechanisms=(closed,)),
            person("makinen", "su", "us", mechanisms=()),
        )
    )
    assert compiled.excluded == {
        "powers": ["SU does not release them (not on offer)"],
        "pryor": ["no open mechanism: probation closed on 1962-01-01"],
        "makinen": ["no release mechanism is on record for them"],
    }


def test_a_condition_on_someone_set_aside_sets_aside_who_depends_on_it() -> None:
    from glienicke.exchange.model import Condition, Veto

    compiled = compile_pool(
        pool(
            person("abel", "us", "su"),
            person("powers", "su", "us"),
            conditions=(Condition("su", "powers", ("abel",)),),
            vetoes=(Veto("us", "abel", "the Attorney General objects"),),
        )
    )
    assert compiled.excluded["abel"] == ["US vetoes their release: the Attorney General objects"]
    assert compiled.excluded["powers"][0].startswith("SU releases them only if it gets Abel")


def test_a_required_person_who_cannot_be_released_makes_the_pool_infeasible() -> None:
    with pytest.raises(Infeasible, match="required: Powers cannot be released"):
        compile_pool(pool(person("powers", "su", "us", may_release=False), required=("powers",)))


# -- structure and solver ----------------------------------------------------------------------


def three_party_ring() -> Problem:
    return Problem(
        (
            Arc("a", "x", "y", False, 1.0, 1, 0.0),
            Arc("b", "y", "z", False, 1.0, 1, 0.0),
            Arc("c", "z", "x", False, 1.0, 1, 0.0),
        ),
        cycle_cap=3,
        chain_cap=0,
    )


def test_a_three_party_ring_needs_a_cycle_cap_of_three() -> None:
    problem = three_party_ring()
    assert solve(problem)[0].objective == (3.0, 3, 0.0)
    capped = Problem(problem.arcs, cycle_cap=2, chain_cap=0)
    assert solve(capped)[0].objective == (0.0, 0, 0.0)


def test_a_goodwill_release_starts_a_chain_up_to_the_chain_cap() -> None:
    arcs = (
        Arc("g", "x", "y", True, 1.0, 1, 0.0),
        Arc("h", "y", "z", False, 1.0, 1, 0.0),
        Arc("i", "z", "w", False, 1.0, 1, 0.0),
    )
    for cap, freed in ((0, 0), (1, 1), (2, 2), (3, 3)):
        problem = Problem(arcs, cycle_cap=2, chain_cap=cap)
        assert solve(problem)[0].objective[1] == freed
        assert brute_force(problem) is not None and brute_force(problem)[0][1] == freed  # type: ignore[index]


def test_alternatives_differ_and_are_no_better() -> None:
    arcs = (
        Arc("abel", "us", "su", False, 0.0, 0, 4.0),
        Arc("powers", "su", "us", False, 2.0, 1, 0.0),
        Arc("pryor", "su", "us", False, 1.5, 1, 0.0),
    )
    found = solve(Problem(arcs, 3, 2), alternatives=3)
    assert [sorted(f.chosen) for f in found] == [[0, 1, 2], [0, 1], [0, 2]]
    assert all(f.optimal and f.status == "optimal" for f in found)
    assert found[0].bound == pytest.approx(3.5)


def test_an_infeasible_requirement_names_the_constraints_that_clash() -> None:
    from glienicke.exchange.model import GiveCap

    p = pool(
        person("abel", "us", "su"),
        person("powers", "su", "us"),
        person("pryor", "su", "us"),
        give_caps=(GiveCap("su", 1),),
        required=("powers", "pryor"),
    )
    with pytest.raises(Infeasible) as caught:
        solve_pool(p, Options())
    assert str(caught.value) == (
        "infeasible pool: these cannot all hold: required: Powers; required: Pryor;"
        " cap: SU gives at most 1"
    )


def test_who_no_ring_reaches_is_told_so() -> None:
    p = pool(
        person("abel", "us", "su"),
        person("powers", "su", "us"),
        person("pryor", "gdr", "us"),
        cycle_cap=2,
        chain_cap=0,
    )
    result = solve_pool(p, Options())
    [left] = result.left_out
    assert left.person == "pryor"
    assert left.reasons == (
        "nothing that US could release goes back to GDR, even by way of others, and chains are"
        " switched off (chain cap 0)",
    )


def test_a_release_not_needed_is_explained_by_what_it_would_cost() -> None:
    p = pool(
        person("abel", "us", "su"),
        person("other", "us", "su", intelligence=True),
        person("powers", "su", "us"),
    )
    result = solve_pool(p, Options())
    [left] = result.left_out
    assert left.reasons[0].startswith("not needed: a package with them brings home no more")


# -- the scenarios -----------------------------------------------------------------------------


def test_abel_for_powers_and_pryor() -> None:
    result = solve_pool(read_pool(Path("abel-1962")), Options())
    best = result.packages[0]
    assert best.optimal
    assert sorted(i.person for i in best.items) == ["abel", "powers", "pryor"]
    [pryor] = [i for i in best.items if i.person == "pryor"]
    assert (pryor.released_by, pryor.acting_for, pryor.to) == ("gdr", "ussr", "united-states")
    assert [x.person for x in result.left_out] == ["makinen"]


def test_ankara_releases_the_26_of_1_august_2024() -> None:
    result = solve_pool(read_pool(Path("ankara-2024")), Options())
    best = result.packages[0]
    released = {i.person for i in best.items}
    assert len(released) == 26 and best.persons_home == 16 and best.persons_given == 10
    holders = {i.released_by for i in best.items}
    assert holders == {
        "united-states",
        "germany",
        "poland",
        "slovenia",
        "norway",
        "russia",
        "belarus",
    }
    assert sum(1 for i in best.items if pool_minor(i.person)) == 2
    assert {x.person for x in result.left_out} == {"fogel", "vinnik"}


def pool_minor(key: str) -> bool:
    return read_pool(Path("ankara-2024")).person(key).minor


# -- pool files --------------------------------------------------------------------------------

GOOD = """\
exchange_pool: 1
key: t
home: us
as_of: "1962-01-15"
parties:
  - {key: us, name: United States}
  - {key: su, name: Soviet Union}
persons:
  - {key: abel, held_by: us, wanted_by: su, mechanisms: [{key: c, name: commutation}]}
  - {key: powers, held_by: su, wanted_by: us, mechanisms: [{key: p, name: pardon}]}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        pool_from_text(text, "p.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_good_pool_file_reads() -> None:
    p = pool_from_text(GOOD)
    assert [x.key for x in p.persons] == ["abel", "powers"] and p.cycle_cap == 3


def test_an_ask_for_an_unknown_person_names_the_field() -> None:
    text = GOOD + "conditions:\n  - {party: su, releases: powers, only_if_gets: [abel, nobody]}\n"
    assert problems(text) == [
        "p.yaml:12: conditions[0].only_if_gets[1]: no person 'nobody' in the pool"
    ]


def test_a_circular_condition_is_refused() -> None:
    text = GOOD + "conditions:\n  - {party: su, releases: powers, only_if_gets: [powers]}\n"
    assert problems(text) == [
        "p.yaml:12: conditions[0].only_if_gets[0]: circular condition: 'su' would release"
        " 'powers' only if it gets 'powers'"
    ]


def test_caps_of_zero_are_refused() -> None:
    text = GOOD.replace('as_of: "1962-01-15"', 'as_of: "1962-01-15"\ncycle_cap: 0')
    text += "give_caps:\n  - {giver: us, max: 0}\n"
    assert problems(text) == [
        "p.yaml:13: give_caps[0].max: must be at least 1; to give a party nothing, list the pair"
        " under no_deal (got 0)",
        "p.yaml:5: cycle_cap: must be at least 2: a ring needs two parties (got 0)",
    ]


def test_unknown_fields_parties_and_same_side_wants_are_refused() -> None:
    text = GOOD.replace("held_by: su, wanted_by: us", "held_by: su, wanted_by: su, colour: red")
    assert problems(text) == [
        "p.yaml:10: persons[1].colour: unknown field",
        "p.yaml:10: persons[1].wanted_by: 'su' is on the same side as the holder 'su': no"
        " exchange is needed",
    ]


# -- PrefLib kidney instances ------------------------------------------------------------------


def test_the_hand_made_wmd_instance_has_the_optimum_worked_out_by_hand() -> None:
    # cycle 2-3-4 (weight 6) and chain 7 -> 5 -> 6 (3 + 1) with rings of 3 and chains of 2
    for k, ell, best in ((2, 0, 2.0), (3, 0, 6.0), (3, 2, 10.0), (2, 3, 7.0)):
        problem = read_wmd(WMD, k, ell)
        assert solve(problem)[0].objective[0] == best
        assert brute_force(problem) is not None and brute_force(problem)[0][0] == best  # type: ignore[index]


def test_a_bad_wmd_row_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wmd"
    bad.write_text("# NUMBER EDGES: 1\n1,2\n")
    with pytest.raises(ValidationFailed, match=r"bad.wmd:2: expected 'source,target,weight'"):
        read_wmd(bad, 3, 2)
