"""The derived day columns (store/derived.py) leave out of a day's queries only what the
services' own judgement of that day leaves out: checked over generated records and days."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.dates import PartialDate, Qualifier, first_day
from glienicke.domain.detention import ENDING, Detention, Stage, StageKind
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    CommitmentStatus,
    ItemKind,
    StepKind,
)
from glienicke.law.evaluator import history_as_of
from glienicke.store.derived import derived, ended_from
from tests.unit.test_windows_properties import detentions

START = date(1935, 1, 1)


@st.composite
def any_dates(draw: st.DrawFn) -> PartialDate:
    day = START + timedelta(days=draw(st.integers(0, 20_000)))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    qualifier = draw(st.sampled_from(list(Qualifier)))
    if precision == "year":
        return PartialDate(day.year, qualifier=qualifier)
    if precision == "month":
        return PartialDate(day.year, day.month, qualifier=qualifier)
    return PartialDate(day.year, day.month, day.day, qualifier=qualifier)


days = st.integers(0, 22_000).map(lambda n: START + timedelta(days=n))


def _live(detention: Detention, day: date) -> bool:
    stages = history_as_of(detention, day)
    return bool(stages) and stages[-1].stage not in ENDING


@settings(max_examples=400)
@given(detentions(), st.integers(-400, 9000))
def test_a_detention_left_out_as_over_is_not_live_on_the_day(
    detention: Detention, offset: int
) -> None:
    day = detention.stages[0].date.earliest() + timedelta(days=offset)
    ended = ended_from(detention)
    if ended is not None and ended <= day:
        assert not _live(detention, day)
    assert derived(detention) == {"ended_from": ended}


def test_a_release_then_a_new_arrest_keeps_the_detention_live() -> None:
    stages = [
        Stage(stage=StageKind.ARRESTED, date=PartialDate.parse("1960-01-05")),
        Stage(stage=StageKind.RELEASED, date=PartialDate.parse("1960-02")),
        Stage(stage=StageKind.ARRESTED, date=PartialDate.parse("about 1961")),
    ]
    held = Detention(key="d", person="p", held_by="ussr", stages=stages)
    assert ended_from(held) is None
    over = Detention(key="d", person="p", held_by="ussr", stages=stages[:2])
    assert ended_from(over) == date(1960, 2, 1)  # the earliest day of February
    assert _live(over, date(1960, 1, 31)) and not _live(over, date(1960, 2, 1))


@settings(max_examples=300)
@given(st.sampled_from(list(CaseStatus)), st.none() | any_dates(), days)
def test_a_case_left_out_was_closed_by_the_day(
    status: CaseStatus, closed_on: PartialDate | None, day: date
) -> None:
    case = Case(key="c", title="C", status=status, closed_on=closed_on)
    closed_from = derived(case)["closed_from"]
    kept = status is CaseStatus.OPEN or (closed_from is not None and closed_from > day)
    closed_by_then = status is CaseStatus.CLOSED and (
        closed_on is None or first_day(closed_on) <= day
    )
    assert kept == (not closed_by_then)


@settings(max_examples=300)
@given(st.sampled_from(list(CommitmentStatus)), st.none() | any_dates(), days)
def test_a_commitment_is_chosen_exactly_when_it_is_overdue(
    status: CommitmentStatus, due: PartialDate | None, day: date
) -> None:
    commitment = Commitment(
        key="k",
        proposal="p",
        party="ussr",
        act=ItemKind.RELEASE,
        description="release",
        due=due,
        status=status,
    )
    due_last = derived(commitment)["due_last"]
    chosen = status is CommitmentStatus.PENDING and due_last is not None and due_last < day
    overdue = status is CommitmentStatus.PENDING and due is not None and due.latest() < day
    assert chosen == overdue


@settings(max_examples=300)
@given(st.none() | any_dates(), st.none() | st.sampled_from(list(Answer)), st.none() | any_dates())
def test_a_step_awaiting_an_answer_on_the_day_is_chosen(
    requested_on: PartialDate | None, answer: Answer | None, answered_on: PartialDate | None
) -> None:
    step = ClearanceStep(
        key="s",
        proposal="p",
        kind=StepKind.CONCURRENCE,
        to_office="o",
        requested_on=requested_on,
        answer=answer,
        answered_on=answered_on,
    )
    columns = derived(step)
    for day in (START, date(1950, 6, 1), date(1962, 3, 1), date(1980, 1, 1)):
        asked = requested_on is None or first_day(requested_on) <= day
        answered = answer is not None and (answered_on is None or first_day(answered_on) <= day)
        requested_first, answered_first = columns["requested_first"], columns["answered_first"]
        chosen = (requested_first is None or requested_first <= day) and (
            answer is None or (answered_first is not None and answered_first > day)
        )
        assert chosen == (asked and not answered)
