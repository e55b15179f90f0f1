"""Issue 15, item 4: histories that cannot have happened are refused, naming the place, and
time in detention counts only the days actually spent in custody."""

from __future__ import annotations

from datetime import date

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Stage, StageKind, custody
from glienicke.domain.errors import ValidationFailed
from glienicke.law.urgency import Subject, custody_text, urgency_of
from glienicke.services.law import read_config

S = StageKind


def _held(*stages: tuple[StageKind, str], since: str | None = None) -> Detention:
    return Detention(
        key="d-1",
        person="p",
        held_by="us",
        since=PartialDate.parse(since) if since else None,
        stages=[Stage(stage=k, date=PartialDate.parse(d)) for k, d in stages],
    )


def test_arrested_after_released_is_refused_naming_the_stage() -> None:
    detention = _held(
        (S.ARRESTED, "1950-01-10"), (S.RELEASED, "1950-03-01"), (S.ARRESTED, "1950-05-01")
    )
    (problem,) = detention.problems()
    assert problem.where == "stages[2].stage"
    assert problem.message.startswith(
        "stage 'arrested' cannot follow 'released' (1950-03-01) for detention d-1"
    )
    assert "a new detention is a new record" in problem.message


@pytest.mark.parametrize("ending", [S.RELEASED, S.EXPELLED, S.EXCHANGED, S.PARDONED, S.DIED])
def test_no_stage_of_custody_or_proceedings_follows_an_ending(ending: StageKind) -> None:
    detention = _held((S.ARRESTED, "1950-01-10"), (ending, "1950-03-01"))
    with pytest.raises(ValidationFailed) as failed:
        detention.record_stage(Stage(stage=S.ON_TRIAL, date=PartialDate.parse("1950-04-01")))
    assert f"cannot follow '{ending.value}'" in str(failed.value)


def test_a_departure_may_follow_the_dropping_of_charges() -> None:
    detention = _held(
        (S.ARRESTED, "1941-05-05"),
        (S.CHARGED, "after 1941-05-05"),
        (S.CHARGES_DROPPED, "1941-07"),
        (S.DEPARTED, "about 1941-07"),
    )
    assert detention.problems() == []


def test_nothing_follows_death() -> None:
    detention = _held((S.ARRESTED, "1950-01-10"), (S.DIED, "1950-03-01"))
    with pytest.raises(ValidationFailed):
        detention.record_stage(Stage(stage=S.RELEASED, date=PartialDate.parse("1950-04-01")))


def test_held_since_after_the_first_stage_is_refused() -> None:
    detention = _held((S.ARRESTED, "1950-01-10"), since="1951-01-01")
    (problem,) = detention.problems()
    assert problem.where == "since"
    assert "after the first stage ('arrested' on 1950-01-10)" in problem.message


# Gorin: arrested on 12 December 1938, on bail from after sentence on 20 March 1939.
GORIN = _held(
    (S.ARRESTED, "1938-12-12"),
    (S.CONVICTED, "1939-03-10"),
    (S.SENTENCED, "1939-03-20"),
    (S.ON_BAIL, "after 1939-03-20"),
    since="1938-12-12",
)


def test_time_on_bail_is_not_time_held() -> None:
    held = custody(GORIN, GORIN.stages, date(1941, 2, 21))
    assert held.since is None and held.liberty is not None
    assert held.days == 98  # 12 December 1938 to 20 March 1939, not the two years after
    assert custody_text("gorin", held) == (
        "gorin on bail since after 1939-03-20, after 0.3 years in custody"
    )


def test_held_again_counts_both_periods_never_the_time_between() -> None:
    detention = _held(
        (S.ARRESTED, "1950-01-01"),
        (S.CONVICTED, "1950-06-01"),
        (S.RELEASED_TO_AMBASSADOR, "1950-07-01"),
        (S.SERVING, "1952-07-01"),
    )
    held = custody(detention, detention.stages, date(1953, 7, 1))
    assert held.days == 181 + 365
    assert held.first == PartialDate.parse("1950-01-01")
    assert held.since == PartialDate.parse("1952-07-01")
    assert custody_text("p", held) == "p held again since 1952-07-01 (1.5 years in custody in all)"


_LEAD, WEIGHTS = read_config(None)  # the shipped defaults


def test_urgency_counts_only_custody() -> None:
    found = urgency_of(
        "case", "gorin", "Gorin", [Subject("gorin", None, GORIN)], [], date(1941, 2, 21), WEIGHTS
    )
    (term,) = [t for t in found.terms if t.name == "time detained"]
    years = 98 / 365.25  # not the 2.2 years since the arrest
    assert term.points == round(min(years, WEIGHTS.max_years) * WEIGHTS.per_year_detained, 1)
    assert "on bail since after 1939-03-20" in term.why
