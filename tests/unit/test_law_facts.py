"""Issue 15, item 2: facts about an offence, a sentence and two states that the dataset can
now say, and what the law makes of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from glienicke.dataset.codec import from_plain, to_plain
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import (
    Charge,
    Detention,
    Jurisdiction,
    Penalty,
    Sentence,
    Stage,
    StageKind,
)
from glienicke.domain.errors import Problem
from glienicke.domain.people import State, Treaty, TreatyKind, transfer_treaty
from glienicke.law.evaluator import Facts, Status, evaluate
from glienicke.law.model import choose_pack
from glienicke.services.law import (
    BUILTIN_PACKS,
    LawConfig,
    NoLawPack,
    pack_for,
    read_config,
    read_packs,
)

PACKS = {p.key: p for p in read_packs([BUILTIN_PACKS])}
S = StageKind
P = PartialDate.parse


def _stage(kind: StageKind, day: str) -> Stage:
    return Stage(stage=kind, date=P(day))


def _window(
    detention: Detention, pack: str, day: str, key: str, facts: Facts | None = None
) -> tuple[Status, str]:
    found = evaluate(detention, PACKS[pack], date.fromisoformat(day), facts)
    window = next(w for w in found.windows if w.key == key)
    return window.status, window.explanation


# Serving a term for conspiring to kill nationals of the United States abroad (18 U.S.C. 2332).
def _serving(year: int, months: int) -> Detention:
    """Arrested in January, convicted in June, sentenced on 1 July, serving from 15 July."""
    return Detention(
        key="d",
        person="p",
        held_by="us",
        stages=[
            _stage(S.ARRESTED, f"{year}-01-10"),
            _stage(S.CONVICTED, f"{year}-06-01"),
            _stage(S.SENTENCED, f"{year}-07-01"),
            _stage(S.SERVING, f"{year}-07-15"),
        ],
        sentence=Sentence(term_months=months, imposed_on=P(f"{year}-07-01")),
    )


PLOTTER = replace(
    _serving(1999, 240),
    key="plot-1999",
    charges=[Charge(offence="conspiracy to kill nationals of the United States", violent=True)],
)


def test_early_removal_is_closed_for_a_violent_offence() -> None:
    status, why = _window(PLOTTER, "us-federal-1987-", "2001-01-01", "early-removal")
    assert status is Status.CLOSED
    assert "the offence is one of violence" in why


def test_early_removal_is_open_for_a_nonviolent_one_and_says_when_it_is_not_known() -> None:
    calm = replace(PLOTTER, charges=[Charge(offence="fraud", violent=False)])
    status, why = _window(calm, "us-federal-1987-", "2001-01-01", "early-removal")
    assert status is Status.OPEN and "violence" not in why
    unknown = replace(PLOTTER, charges=[Charge(offence="fraud")])
    status, why = _window(unknown, "us-federal-1987-", "2001-01-01", "early-removal")
    assert status is Status.OPEN
    assert "the record does not say whether the offence was one of violence" in why


CONVICTED_1950 = Detention(
    key="d",
    person="p",
    held_by="us",
    stages=[_stage(S.ARRESTED, "1950-01-10"), _stage(S.CONVICTED, "1950-06-01")],
)


def test_probation_is_barred_for_an_offence_punishable_by_life() -> None:
    grave = replace(CONVICTED_1950, charges=[Charge(offence="x", max_penalty=Penalty.LIFE)])
    status, why = _window(grave, "us-federal-1925-1987", "1950-06-10", "probation")
    assert status is Status.CLOSED
    assert "punishable by death or life imprisonment" in why
    status, _why = _window(CONVICTED_1950, "us-federal-1925-1987", "1950-06-10", "probation")
    assert status is Status.OPEN


def test_modern_probation_is_barred_for_a_class_b_felony() -> None:
    convicted = Detention(
        key="d",
        person="p",
        held_by="us",
        charges=[Charge(offence="x", max_term_months=300)],
        stages=[_stage(S.ARRESTED, "1990-01-10"), _stage(S.CONVICTED, "1990-06-01")],
    )
    status, why = _window(convicted, "us-federal-1987-", "1990-06-10", "probation")
    assert status is Status.CLOSED and "Class A or B felony" in why
    lighter = replace(convicted, charges=[Charge(offence="x", max_term_months=120)])
    assert _window(lighter, "us-federal-1987-", "1990-06-10", "probation")[0] is Status.OPEN


CONFIG = LawConfig(tuple(PACKS.values()), *read_config(None))


def test_the_offence_date_chooses_the_pack() -> None:
    arrested_1988 = Detention(
        key="d",
        person="p",
        held_by="us",
        stages=[_stage(S.ARRESTED, "1988-02-01")],
    )
    assert pack_for(arrested_1988, CONFIG, date(1988, 3, 1)).key == "us-federal-1987-"
    old_offence = replace(arrested_1988, charges=[Charge(offence="x", committed_on=P("1987-06"))])
    assert pack_for(old_offence, CONFIG, date(1988, 3, 1)).key == "us-federal-1925-1987"


SERVING = _serving(1950, 60)


def _term_ends(detention: Detention) -> str:
    found = evaluate(detention, PACKS["us-federal-1925-1987"], date(1951, 1, 1))
    parole = next(w for w in found.windows if w.key == "parole")
    return str(parole.closes_on)


def test_custody_before_sentence_counts_against_the_term() -> None:
    assert _term_ends(SERVING) == "1955-07-15"
    assert SERVING.sentence is not None
    credited = replace(SERVING, sentence=replace(SERVING.sentence, credited_from=P("1950-01-10")))
    assert credited.problems() == []
    assert _term_ends(credited) == "1955-01-10"


def test_a_service_start_before_the_sentence_points_to_the_credit() -> None:
    early = Sentence(term_months=60, imposed_on=P("1950-07-01"), service_begins_on=P("1950-01"))
    (problem,) = early.problems()
    assert problem.where == "service_begins_on" and "credited_from" in problem.message
    late = Sentence(
        term_months=60,
        imposed_on=P("1950-07-01"),
        service_begins_on=P("1950-07-15"),
        credited_from=P("1950-08-01"),
    )
    assert [p.where for p in late.problems()] == ["credited_from"]


def test_release_into_an_ambassadors_custody_is_a_stage_that_keeps_probation_open() -> None:
    released = replace(
        CONVICTED_1950,
        stages=[*CONVICTED_1950.stages, _stage(S.RELEASED_TO_AMBASSADOR, "1950-06-05")],
    )
    assert released.problems() == [] and released.is_held
    status, _why = _window(released, "us-federal-1925-1987", "1950-06-10", "probation")
    assert status is Status.OPEN


FINAL_IN_GERMANY = Detention(
    key="d",
    person="p",
    held_by="germany",
    stages=[
        _stage(S.ARRESTED, "1980-01-10"),
        _stage(S.CONVICTED, "1980-06-01"),
        _stage(S.SENTENCED, "1980-07-01"),
    ],
    sentence=Sentence(term_months=36, imposed_on=P("1980-07-01")),
)


@pytest.mark.parametrize(
    ("jurisdiction", "federal", "land"),
    [
        (Jurisdiction.FEDERAL, Status.OPEN, Status.CLOSED),
        (Jurisdiction.STATE, Status.CLOSED, Status.OPEN),
        (None, Status.NOT_YET, Status.NOT_YET),
    ],
)
def test_a_federal_and_a_land_pardon_are_never_both_open(
    jurisdiction: Jurisdiction | None, federal: Status, land: Status
) -> None:
    detention = replace(FINAL_IN_GERMANY, jurisdiction=jurisdiction)
    found = {
        key: _window(detention, "germany", "1980-08-01", key)
        for key in ("federal-pardon", "land-pardon")
    }
    assert (found["federal-pardon"][0], found["land-pardon"][0]) == (federal, land)
    if jurisdiction is None:
        assert "the record does not say whose jurisdiction" in found["federal-pardon"][1]
    elif jurisdiction is Jurisdiction.STATE:
        assert "in state jurisdiction" in found["federal-pardon"][1]


def test_state_proceedings_in_the_united_states_have_no_federal_pack() -> None:
    state_case = replace(SERVING, jurisdiction=Jurisdiction.STATE)
    assert choose_pack(list(PACKS.values()), "us", date(1950, 1, 10), Jurisdiction.STATE) is None
    with pytest.raises(NoLawPack) as missing:
        pack_for(state_case, CONFIG, date(1951, 1, 1))
    assert "cover no proceedings in state jurisdiction" in str(missing.value)


def test_an_unknown_holding_state_is_named_with_the_states_the_packs_know() -> None:
    abroad = replace(SERVING, key="fr-1980", held_by="fr")
    with pytest.raises(NoLawPack) as missing:
        pack_for(abroad, CONFIG, date(1981, 1, 1))
    message = str(missing.value)
    assert message.startswith("detention fr-1980: no law pack knows the holding state 'fr'")
    assert "us, ussr" in message and "GLIENICKE_LAW_PACKS" in message


def test_an_era_no_pack_covers_is_named_with_the_packs_periods() -> None:
    early = replace(FINAL_IN_GERMANY, key="de-1940", stages=[_stage(S.ARRESTED, "1940-01-10")])
    with pytest.raises(NoLawPack) as missing:
        pack_for(early, CONFIG, date(1940, 2, 1))
    assert "no law pack for 'germany' covers an offence of 1940-01-10" in str(missing.value)
    assert "germany from 1949-05-24" in str(missing.value)


STATES = {
    "us": State(
        key="us",
        name="United States",
        treaties=[
            Treaty(
                kind=TreatyKind.PRISONER_TRANSFER,
                with_state="mx",
                name="US-Mexico treaty",
                in_force_from=P("1977-11-30"),
            )
        ],
    ),
    "mx": State(key="mx", name="Mexico"),
    "ussr": State(key="ussr", name="USSR"),
}


def test_whether_a_transfer_treaty_joins_the_two_states() -> None:
    assert transfer_treaty(STATES, "us", ["mx"], date(1980, 1, 1)) is True
    assert transfer_treaty(STATES, "mx", ["us"], date(1980, 1, 1)) is True  # listed on one side
    assert transfer_treaty(STATES, "us", ["mx"], date(1977, 1, 1)) is False
    assert transfer_treaty(STATES, "us", ["ussr"], date(1980, 1, 1)) is False
    assert transfer_treaty(STATES, "us", [], date(1980, 1, 1)) is None


SERVING_1990 = _serving(1990, 120)


def test_treaty_transfer_closes_without_a_treaty_and_opens_with_one() -> None:
    status, why = _window(
        SERVING_1990, "us-federal-1987-", "1995-01-01", "treaty-transfer", Facts(False)
    )
    assert status is Status.CLOSED and "no prisoner-transfer treaty" in why
    status, why = _window(
        SERVING_1990, "us-federal-1987-", "1995-01-01", "treaty-transfer", Facts(True)
    )
    assert status is Status.OPEN and "does not say which state" not in why
    status, why = _window(SERVING_1990, "us-federal-1987-", "1995-01-01", "treaty-transfer")
    assert status is Status.OPEN and "does not say which state the person is a national" in why


def test_the_new_facts_go_to_the_dataset_and_back() -> None:
    detention = replace(
        SERVING,
        jurisdiction=Jurisdiction.FEDERAL,
        charges=[
            Charge(
                offence="espionage",
                committed_on=P("before 1950-01-10"),
                violent=False,
                max_term_months=240,
                max_penalty=Penalty.DEATH,
            )
        ],
        sentence=replace(SERVING.sentence or Sentence(), credited_from=P("1950-01-10")),
    )
    plain = to_plain(detention)
    assert plain["charges"][0]["violent"] is False  # false is said, not left out
    assert plain["jurisdiction"] == "federal"
    problems: list[Problem] = []
    assert from_plain(Detention, plain, "detentions[0]", problems) == detention
    state_plain = to_plain(STATES["us"])
    assert state_plain["treaties"][0]["with"] == "mx"
    assert from_plain(State, state_plain, "states[0]", problems) == STATES["us"]
    assert problems == []
