"""The balance sheet on small hand-built proposals: every total below is worked out by hand from
the weights in W, and every number must come with its reason."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, ExitRestriction, Stage, StageKind
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.people import Affiliation, Person
from glienicke.domain.proposals import (
    Consideration,
    ConsiderationCategory,
    ItemKind,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
    Stance,
)
from glienicke.negotiation.affiliations import first_named, intelligence_role, officer_phrase
from glienicke.negotiation.assessment import Assessment, Facts, assess, default_as_of
from glienicke.negotiation.assessment_weights import (
    AssessmentWeights,
    GetWeights,
    GiveWeights,
    weights_from_plain,
)

W = AssessmentWeights(
    get=GetWeights(
        person_freed=10, death_sentence=40, minor=15, health=5, per_year_detained=2, max_years=3
    ),
    give=GiveWeights(
        person_released=10,
        intelligence=30,
        seniority=15,
        deterrence_achieved=8,
        precedent_risk=3,
        legal_novelty=7,
        legal_novelty_argued=2,
    ),
    intelligence_services=("KGB", "GRU"),
    senior_roles=("career officer", "head"),
    novel_mechanisms=("treaty-transfer",),
    gives_far_more_below=-20,
    comparables=5,
)
DAY = date(2001, 7, 2)


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def person(key: str, name: str, *affiliations: tuple[str, str], born: int | None = None) -> Person:
    return Person(
        key=key,
        name=name,
        birth_year=born,
        affiliations=[Affiliation(organisation=o, role=r) for o, r in affiliations],
    )


def held(
    key: str, *stages: tuple[StageKind, str], since: str | None = None, **more: Any
) -> Detention:
    return Detention(
        key=f"{key}-detention",
        person=key,
        held_by="x",
        since=None if since is None else d(since),
        stages=[Stage(stage=s, date=d(day)) for s, day in stages],
        **more,
    )


def item(
    key: str, side: Side, who: str | None, kind: ItemKind = ItemKind.RELEASE, **more: Any
) -> ProposalItem:
    return ProposalItem(key=key, side=side, kind=kind, person=who, **more)


def proposal(key: str, *items: ProposalItem, **more: Any) -> Proposal:
    values: dict[str, Any] = {"title": key, "counterparts": ["x"], **more}
    return Proposal(key=key, items=list(items), **values)


def argument(
    key: str, stance: Stance, category: ConsiderationCategory, weight: int
) -> Consideration:
    return Consideration(
        key=key,
        proposal="p",
        stance=stance,
        category=category,
        argument=f"the {category.value} argument",
        made_by="adviser",
        document="memo-1",
        weight=weight,
    )


OFFICER = person("ivanov", "Igor Ivanov", ("KGB", "career officer"))
TOURIST = person("landerman", "Peter Landerman")
ADVISER = person("adviser", "An Adviser", ("Department of State", "legal adviser"))


def sheet(p: Proposal, *persons: Person, **facts: Any) -> Assessment:
    everyone = {x.key: x for x in (*persons, ADVISER)}
    return assess(p, Facts(persons=everyone, **facts), W, DAY)


def terms(found: Assessment, side: str) -> list[tuple[str | None, str, float | None]]:
    column = found.give if side == "give" else found.get
    return [(e.item, t.factor, t.points) for e in column.entries for t in e.terms]


# --- the asymmetry -------------------------------------------------------------------------


def test_a_career_intelligence_officer_for_one_private_citizen_is_flagged() -> None:
    p = proposal(
        "p",
        item("expel", Side.GIVE, "ivanov", mechanism="suspended-sentence-expulsion"),
        item("free", Side.GET, "landerman"),
    )
    # 2000-01-01 to 2001-07-02 is 548 days: 1.50 years x 2 = 3.0 points
    found = sheet(
        p,
        OFFICER,
        TOURIST,
        detentions=[held("landerman", (StageKind.ARRESTED, "2000-01-01"), since="2000-01-01")],
    )
    assert terms(found, "give") == [
        ("expel", "person released", 10),
        ("expel", "intelligence affiliation", 30),
        ("expel", "seniority", 15),
    ]
    assert terms(found, "get") == [("free", "person freed", 10), ("free", "time detained", 3.0)]
    assert (found.give.total, found.get.total, found.balance) == (55, 13, -42)
    assert found.verdict == (
        "gives far more than it gets on these weights: balance -42 (get 13, give 55)"
    )
    assert found.flags == (
        "gives a career intelligence officer (Igor Ivanov, KGB) for one private citizen"
        " (Peter Landerman)",
        "gives far more than it gets: the balance -42 is below -20"
        " (assessment.gives_far_more_below)",
    )


def test_an_officer_for_an_official_is_not_called_a_bargain_for_a_private_citizen() -> None:
    p = proposal("p", item("expel", Side.GIVE, "ivanov"), item("free", Side.GET, "adviser"))
    found = sheet(p, OFFICER)
    assert not any("private citizen" in f for f in found.flags)
    assert found.balance == 10 - 55


def test_every_number_comes_with_its_weight_or_its_reason() -> None:
    p = proposal(
        "p",
        item("expel", Side.GIVE, "ivanov", mechanism="treaty-transfer"),
        item("free", Side.GET, "landerman"),
        item("aim", Side.GET, None, ItemKind.OTHER, description="a better footing"),
    )
    found = sheet(
        p,
        OFFICER,
        TOURIST,
        considerations=[argument("c1", Stance.AGAINST, ConsiderationCategory.PRECEDENT, 2)],
    )
    for entry in (*found.give.entries, *found.get.entries):
        for term in entry.terms:
            assert term.why
            if term.points:
                assert "weight" in term.why, term


# --- the get column ------------------------------------------------------------------------


def test_a_death_sentence_youth_and_ill_health_each_count_for_the_person_freed() -> None:
    child = person("pyk", "Irena Pyk", born=1985)  # 16 in 2001
    condemned = held(
        "pyk",
        (StageKind.CONVICTED, "2001-01-10"),
        (StageKind.CONDEMNED_TO_DEATH, "before 2001-07-03"),
        health="tuberculosis",
    )
    found = sheet(proposal("p", item("free", Side.GET, "pyk")), child, detentions=[condemned])
    # 10 freed + 40 death + 5 health + 15 minor + time from 2001-01-10: 173 days, 0.47 y x 2 = 0.9
    assert terms(found, "get") == [
        ("free", "person freed", 10),
        ("free", "death sentence", 40),
        ("free", "health", 5),
        ("free", "minor", 15),
        ("free", "time detained", 0.9),
    ]
    assert found.get.total == 70.9
    why = {t.factor: t.why for t in found.get.entries[0].terms}
    assert why["death sentence"] == (
        "Irena Pyk is under sentence of death; weight get.death_sentence=40"
    )
    assert why["minor"] == "Irena Pyk is about 16; weight get.minor=15"
    assert "a person under sentence of death is on the get side (Irena Pyk)" in found.flags
    assert "a minor is on the get side (Irena Pyk)" in found.flags


def test_time_detained_counts_only_up_to_the_configured_years() -> None:
    old = held("landerman", (StageKind.ARRESTED, "1990-01-01"), since="1990-01-01")
    found = sheet(proposal("p", item("free", Side.GET, "landerman")), TOURIST, detentions=[old])
    time = found.get.entries[0].terms[-1]
    assert (time.factor, time.points) == ("time detained", 6.0)  # capped at 3 years x 2
    assert "11.5 years, counted up to get.max_years=3" in time.why


def test_items_no_factor_measures_are_listed_without_points_never_invented() -> None:
    p = proposal(
        "p",
        item("aim", Side.GET, None, ItemKind.OTHER, description="A better footing."),
        item("wives", Side.GET, None, ItemKind.EXIT_PERMISSION, description="the other wives"),
    )
    found = sheet(p)
    assert terms(found, "get") == [
        ("aim", "unquantified benefit", None),
        ("wives", "unquantified benefit", None),
    ]
    assert found.get.total == 0 and found.get.unquantified == (
        "aim: A better footing",
        "wives: the other wives",
    )
    wives = found.get.entries[1].terms[0].why
    assert wives == (
        "the other wives: the persons are not named, so no points are given (add an item per"
        " person); weigh it by hand"
    )
    assert found.verdict.endswith("; 2 items counted without points")
    assert (
        "counted without points, weigh by hand (benefit): aim: A better footing; wives: the other"
        " wives"
    ) in found.flags


def test_a_person_already_released_by_the_day_obtains_nothing() -> None:
    freed = held(
        "landerman", (StageKind.ARRESTED, "2000-01-01"), (StageKind.RELEASED, "2001-03-01")
    )
    found = sheet(proposal("p", item("free", Side.GET, "landerman")), TOURIST, detentions=[freed])
    assert terms(found, "get") == [("free", "already free", 0)]
    assert found.get.entries[0].terms[0].why == (
        "Peter Landerman is no longer held (released on 2001-03-01) by 2001-07-02: the item"
        " obtains nothing more"
    )
    assert "Peter Landerman is already free by 2001-07-02: that item obtains nothing" in found.flags


def test_a_release_dated_loosely_counts_only_from_the_day_the_record_gives() -> None:
    later = held(
        "landerman", (StageKind.ARRESTED, "2000-01-01"), (StageKind.RELEASED, "about 2001-08")
    )
    found = sheet(
        proposal("p", item("free", Side.GET, "landerman")),
        TOURIST,
        detentions=[later],
    )
    # 'about August' is taken as 1 August, not at its widest reading (from 1 July), which the
    # day judged (2 July) would already be past
    assert found.get.entries[0].has("person freed")


def test_an_exit_already_permitted_obtains_nothing() -> None:
    wife = person("habicht", "Mrs. Habicht")
    lifted = ExitRestriction(key="e", person="habicht", state="x", lifted_on=d("2001-07-01"))
    p = proposal("p", item("exit", Side.GET, "habicht", ItemKind.EXIT_PERMISSION))
    assert terms(sheet(p, wife, exit_restrictions=[lifted]), "get") == [("exit", "already free", 0)]
    lifted_later = dataclasses.replace(lifted, lifted_on=d("2001-07-03"))
    assert terms(sheet(p, wife, exit_restrictions=[lifted_later]), "get") == [
        ("exit", "person freed", 10)
    ]


def test_a_person_the_viewer_may_not_see_counts_only_as_a_person() -> None:
    p = proposal("p", item("free", Side.GET, "withheld"))
    found = sheet(p)  # the services pass no record for a person the viewer may not see
    assert terms(found, "get") == [("free", "person freed", 10), ("free", "not shown", 0)]
    assert found.get.entries[0].label == "free: a person not shown to you"
    assert (
        "1 item concerns a person you may not see: only the release itself is counted"
        in found.flags
    )


# --- the give column -----------------------------------------------------------------------


def test_deterrence_already_achieved_is_taken_off_once_citing_the_upheld_conviction() -> None:
    convicted = held(
        "ivanov",
        (StageKind.CONVICTED, "1999-03-10"),
        (StageKind.APPEAL_PENDING, "1999-04"),
        (StageKind.APPEAL_UPHELD, "2001-01-13"),
    )
    spy = person("gorin", "Mikhail Gorin", ("Intourist", "head of an office"))
    convicted = dataclasses.replace(convicted, person="gorin")
    deterred = argument("deter", Stance.FOR, ConsiderationCategory.DETERRENCE, 4)
    found = sheet(
        proposal("p", item("give", Side.GIVE, "gorin")),
        spy,
        detentions=[convicted],
        considerations=[deterred],
    )
    # 10 released - 8 deterrence; Intourist is no intelligence service, so its head counts nothing
    assert terms(found, "give") == [
        ("give", "person released", 10),
        ("give", "deterrence already achieved", -8),
    ]
    assert found.give.total == 2
    why = found.give.entries[0].terms[1].why
    assert why == (
        "Mikhail Gorin's conviction was upheld on appeal on 2001-01-13; argued by An Adviser"
        " (deter), taken off; weight give.deterrence_achieved=8"
    )


def test_deterrence_argued_without_an_upheld_conviction_counts_once_for_the_whole() -> None:
    deterred = [
        argument("deter-a", Stance.FOR, ConsiderationCategory.DETERRENCE, 4),
        argument("deter-b", Stance.FOR, ConsiderationCategory.DETERRENCE, 2),
    ]
    found = sheet(
        proposal("p", item("give", Side.GIVE, "ivanov")), OFFICER, considerations=deterred
    )
    assert terms(found, "give") == [
        ("give", "person released", 10),
        ("give", "intelligence affiliation", 30),
        ("give", "seniority", 15),
        (None, "deterrence already achieved", -8),
    ]
    assert found.give.total == 47


def test_arguments_against_on_precedent_and_propriety_and_a_novel_mechanism_add_to_the_give_side() -> (
    None
):
    found = sheet(
        proposal(
            "p",
            item("give", Side.GIVE, "landerman", ItemKind.TRANSFER, mechanism="treaty-transfer"),
        ),
        TOURIST,
        considerations=[
            argument("prec", Stance.AGAINST, ConsiderationCategory.PRECEDENT, 4),
            argument("prop", Stance.AGAINST, ConsiderationCategory.LEGAL_PROPRIETY, 3),
            argument("prec-for", Stance.FOR, ConsiderationCategory.PRECEDENT, 5),
            argument("other", Stance.AGAINST, ConsiderationCategory.INTELLIGENCE_VALUE, 5),
        ],
    )
    # 10 released + 7 novel mechanism; 4 x 3 precedent; 3 x 2 propriety
    assert terms(found, "give") == [
        ("give", "person released", 10),
        ("give", "legal novelty", 7),
        (None, "precedent risk", 12),
        (None, "legal novelty", 6),
    ]
    assert found.give.total == 35
    whole = found.give.entries[1]
    assert (whole.item, whole.label) == (None, "the proposal as a whole")
    assert whole.terms[0].why == (
        "argued against (prec): 'the precedent argument'; its weight 4 x give.precedent_risk=3"
    )


def test_a_factor_weighed_at_zero_is_neither_counted_nor_flagged() -> None:
    off = dataclasses.replace(W, give=dataclasses.replace(W.give, intelligence=0, seniority=0))
    p = proposal("p", item("expel", Side.GIVE, "ivanov"), item("free", Side.GET, "landerman"))
    found = assess(p, Facts(persons={"ivanov": OFFICER, "landerman": TOURIST}), off, DAY)
    assert terms(found, "give") == [("expel", "person released", 10)]
    assert found.balance == 0 and found.flags == ()
    assert (
        found.verdict == "gives as much as it gets on these weights: balance +0 (get 10, give 10)"
    )


def test_a_proposal_without_items_has_nothing_to_weigh() -> None:
    found = sheet(proposal("p"))
    assert (found.give.entries, found.get.entries, found.flags) == ((), (), ())
    assert found.verdict == "nothing to weigh yet: the proposal has no items"


# --- considerations, the day, comparables --------------------------------------------------


def test_the_considerations_are_listed_for_first_then_by_weight_with_who_and_where() -> None:
    found = sheet(
        proposal("p"),
        considerations=[
            argument("a", Stance.AGAINST, ConsiderationCategory.PRECEDENT, 2),
            argument("b", Stance.FOR, ConsiderationCategory.HUMANITARIAN, 3),
            argument("c", Stance.FOR, ConsiderationCategory.RECIPROCITY, 5),
            dataclasses.replace(
                argument("z", Stance.FOR, ConsiderationCategory.RECIPROCITY, 5), proposal="q"
            ),
        ],
    )
    assert [(a.key, a.stance.value, a.weight) for a in found.considerations] == [
        ("c", "for", 5),
        ("b", "for", 3),
        ("a", "against", 2),
    ]
    assert (found.considerations[0].made_by_name, found.considerations[0].document) == (
        "An Adviser",
        "memo-1",
    )


def test_a_proposal_still_worked_is_judged_today_and_a_finished_one_as_it_was_offered() -> None:
    today = date(2026, 1, 5)
    draft = proposal("p", opened_on=d("2025-12-01"))
    assert default_as_of(draft, today) == (today, "today, since it is draft")
    done = proposal("p", opened_on=d("about 1941-02-20"), status=ProposalStatus.REJECTED)
    assert default_as_of(done, today) == (
        date(1941, 2, 20),
        "the day it was put forward (about 1941-02-20), since it is rejected: the bargain as it"
        " was offered",
    )
    undated = proposal("p", status=ProposalStatus.COMPLETED)
    assert default_as_of(undated, today)[0] == today


def test_comparables_are_ranked_by_likeness_each_with_its_reasons() -> None:
    spy = person("gru-man", "A GRU Man", ("GRU", "officer"))
    mine = proposal(
        "p",
        item("expel", Side.GIVE, "ivanov", mechanism="pardon"),
        item("free", Side.GET, "landerman", mechanism="exit-permission"),
        counterparts=["x", "y"],
    )
    close = proposal(
        "close",
        item("free", Side.GET, "landerman", mechanism="exit-permission"),
        counterparts=["x"],
        status=ProposalStatus.COMPLETED,
    )
    spies = proposal("spies", item("give", Side.GIVE, "gru-man"), counterparts=["z"])
    same_state = proposal("same-state", counterparts=["y"])
    unlike = proposal("unlike", counterparts=["z"])
    facts = Facts(
        persons={p.key: p for p in (OFFICER, TOURIST, spy)},
        proposals=[unlike, spies, same_state, close, mine],
    )
    found = assess(mine, facts, W, DAY)
    assert [(c.key, c.score) for c in found.comparables] == [
        ("close", 6),  # counterpart 3 + person 2 + mechanism 1
        ("same-state", 3),
        ("spies", 2),
    ]
    assert found.comparables[0].reasons == (
        "same counterpart (x)",
        "concerns the same persons (Peter Landerman)",
        "uses the same mechanisms (exit-permission)",
    )
    assert found.comparables[2].reasons == (
        "also releases a member of an intelligence service (GRU; here KGB)",
    )
    assert found.comparables[0].balance == 10  # its own sheet: one person freed
    shuffled = dataclasses.replace(facts, proposals=list(reversed(facts.proposals)))
    assert assess(mine, shuffled, W, DAY) == found
    fewer = dataclasses.replace(W, comparables=1)
    assert [c.key for c in assess(mine, facts, fewer, DAY).comparables] == ["close"]


# --- affiliations and weights --------------------------------------------------------------


def test_names_are_matched_as_whole_words_in_any_case() -> None:
    assert first_named("KGB, First Chief Directorate", ["kgb"]) == "kgb"
    assert first_named("KGBX", ["KGB"]) is None
    assert first_named("head of station", ["head"]) == "head"
    assert first_named("headway", ["head"]) is None


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        ("career officer", "a career intelligence officer"),
        ("officer", "an intelligence officer"),
        ("head of station", "a senior intelligence officer"),
        ("driver", "an intelligence officer"),
        (None, "an intelligence officer"),
    ],
)
def test_an_intelligence_role_is_described_plainly(role: str | None, phrase: str) -> None:
    someone = Person(key="k", name="K", affiliations=[Affiliation(organisation="KGB", role=role)])
    found = intelligence_role(someone, W.intelligence_services, W.senior_roles)
    assert found is not None and officer_phrase(found) == phrase


def test_a_senior_intelligence_affiliation_is_preferred_to_a_junior_one() -> None:
    someone = person(
        "k", "K", ("Amtorg", "engineer"), ("GRU", "clerk"), ("KGB", "head of a section")
    )
    found = intelligence_role(someone, W.intelligence_services, W.senior_roles)
    assert found is not None and (found.organisation, found.senior_word) == ("KGB", "head")


def _plain() -> dict[str, Any]:
    return {
        "get": dataclasses.asdict(W.get),
        "give": dataclasses.asdict(W.give),
        "intelligence_services": list(W.intelligence_services),
        "senior_roles": list(W.senior_roles),
        "novel_mechanisms": list(W.novel_mechanisms),
        "gives_far_more_below": -20,
        "comparables": 5,
    }


def test_weights_read_from_plain_data() -> None:
    assert weights_from_plain(_plain()) == W


def test_bad_weights_fail_with_every_field_named() -> None:
    data = _plain()
    data["get"]["death_sentence"] = -1
    data["get"]["bonus"] = 3
    del data["give"]["seniority"]
    data["senior_roles"] = "head"
    data["novel_mechanisms"] = ["ok", ""]
    data["gives_far_more_below"] = "low"
    data["comparables"] = 1.5
    with pytest.raises(ValidationFailed) as caught:
        weights_from_plain(data)
    assert [p.where for p in caught.value.problems] == [
        "assessment.get.bonus",
        "assessment.get.death_sentence",
        "assessment.give.seniority",
        "assessment.senior_roles",
        "assessment.novel_mechanisms[1]",
        "assessment.gives_far_more_below",
        "assessment.comparables",
    ]
    assert caught.value.problems[1].message == "must be a number, 0 or more"
