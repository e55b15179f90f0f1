"""Cases, proposals, clearance steps and commitments: commands that refuse and leave no trace."""

from __future__ import annotations

from typing import Any

import pytest

from glienicke.domain.cases import Basis, Case, CaseStatus, CaseSubject
from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    CommitmentStatus,
    Condition,
    Decision,
    FollowUp,
    ItemKind,
    Proposal,
    ProposalItem,
    Side,
    StepKind,
)


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def subject(person: str) -> CaseSubject:
    return CaseSubject(person=person, basis=Basis.NATIONAL)


def case(**values: Any) -> Case:
    return Case(key="pyk", title="Irena Pyk", subjects=[subject("pyk")], **values)


# --- cases -----------------------------------------------------------------------------------


def test_add_subject_adds_a_new_person():
    pyk = case()
    pyk.add_subject(subject("roszkowski"))
    assert [s.person for s in pyk.subjects] == ["pyk", "roszkowski"]


def test_add_subject_refuses_a_person_already_in_the_case():
    pyk = case()
    with pytest.raises(ValidationFailed) as caught:
        pyk.add_subject(subject("pyk"))
    [problem] = caught.value.problems
    assert problem.where == "subjects[1].person"
    assert "'pyk' is already a subject of case pyk" in problem.message
    assert [s.person for s in pyk.subjects] == ["pyk"]


def test_close_records_the_date_and_the_outcome():
    pyk = case(opened_on=d("1941-02"))
    pyk.close(d("1941-03-21"), "released and left the country")
    assert (pyk.status, pyk.closed_on, pyk.outcome) == (
        CaseStatus.CLOSED,
        d("1941-03-21"),
        "released and left the country",
    )
    assert pyk.problems() == []


@pytest.mark.parametrize("outcome", ["", "   "])
def test_close_requires_an_outcome(outcome):
    pyk = case()
    with pytest.raises(ValidationFailed, match="say how the case ended"):
        pyk.close(d("1941-03-21"), outcome)
    assert (pyk.status, pyk.closed_on) == (CaseStatus.OPEN, None)


def test_close_refuses_a_case_already_closed():
    pyk = case()
    pyk.close(d("1941-03-21"), "released")
    with pytest.raises(ValidationFailed, match="already closed"):
        pyk.close(d("1941-04"), "again")
    assert pyk.outcome == "released"


def test_closing_before_the_opening_date_is_refused_and_leaves_the_case_open():
    pyk = case(opened_on=d("1941-03"))
    with pytest.raises(ValidationFailed, match="is before opened_on"):
        pyk.close(d("1940-01-01"), "released")
    assert (pyk.status, pyk.closed_on, pyk.outcome) == (CaseStatus.OPEN, None, None)


def test_a_closed_case_without_a_closing_date_is_a_problem():
    [problem] = case(status=CaseStatus.CLOSED).problems()
    assert (problem.where, problem.message) == (
        "closed_on",
        "a closed case needs the date it was closed",
    )


def test_an_open_case_with_a_closing_date_is_a_problem():
    assert [p.where for p in case(closed_on=d("1941")).problems()] == ["closed_on"]


# --- proposals -------------------------------------------------------------------------------


def item(key: str, side: Side = Side.GET) -> ProposalItem:
    return ProposalItem(key=key, side=side, kind=ItemKind.RELEASE, person=key)


def proposal() -> Proposal:
    return Proposal(
        key="gorin-1941",
        title="Gorin for Pyk",
        counterparts=["ussr"],
        items=[item("gorin", Side.GIVE), item("pyk")],
    )


def test_add_item_adds_an_item_with_a_new_key():
    gorin = proposal()
    gorin.add_item(item("roszkowski"))
    assert [i.key for i in gorin.side(Side.GET)] == ["pyk", "roszkowski"]
    assert gorin.item("roszkowski") is not None


def test_add_item_refuses_a_key_in_use_and_leaves_the_items_unchanged():
    gorin = proposal()
    before = list(gorin.items)
    with pytest.raises(ValidationFailed, match="item key 'pyk' is used twice"):
        gorin.add_item(item("pyk", Side.GIVE))
    assert gorin.items == before


def test_add_condition_attaches_to_an_existing_item():
    gorin = proposal()
    gorin.add_condition(Condition(key="leaves", text="leaves at once", item="gorin"))
    assert [c.key for c in gorin.conditions] == ["leaves"]


def test_add_condition_refuses_a_condition_naming_a_missing_item():
    gorin = proposal()
    with pytest.raises(ValidationFailed) as caught:
        gorin.add_condition(Condition(key="leaves", text="leaves at once", item="nobody"))
    [problem] = caught.value.problems
    assert problem.where == "conditions[0].item"
    assert "proposal gorin-1941 has no item 'nobody'" in problem.message
    assert gorin.conditions == []


# --- clearance steps -------------------------------------------------------------------------


def step(**values: Any) -> ClearanceStep:
    return ClearanceStep(
        key="justice-concurs",
        proposal="gorin-1941",
        kind=StepKind.CONCURRENCE,
        to_office="us-attorney-general",
        requested_on=d("1941-03-05"),
        **values,
    )


def test_record_answer_records_the_answer_once():
    asked = step()
    asked.record_answer(Answer.CONCUR, on=d("1941-03-10"), by="jackson")
    with pytest.raises(ValidationFailed) as caught:
        asked.record_answer(Answer.NON_CONCUR, on=d("1941-03-12"))
    assert "already answered ('concur' on 1941-03-10)" in caught.value.message
    assert (asked.answer, asked.answered_on, asked.answered_by) == (
        Answer.CONCUR,
        d("1941-03-10"),
        "jackson",
    )


def test_a_decided_answer_needs_a_decision():
    asked = step()
    with pytest.raises(ValidationFailed, match="only with, answer 'decided'"):
        asked.record_answer(Answer.DECIDED, on=d("1941-03-10"))
    assert asked.answer is None
    asked.record_answer(Answer.DECIDED, on=d("1941-03-10"), decision=Decision.FAVOURABLE)
    assert asked.favourable is True


def test_an_answer_dated_before_the_request_is_refused_and_the_step_left_open():
    asked = step()
    with pytest.raises(ValidationFailed) as caught:
        asked.record_answer(Answer.CONCUR, on=d("1941-03-01"), by="jackson", reasons="fine")
    assert caught.value.problems[0].where == "answered_on"
    assert (asked.answer, asked.answered_on, asked.answered_by, asked.reasons) == (None,) * 4
    assert asked.favourable is None


@pytest.mark.parametrize(
    ("answer", "decision", "favourable"),
    [
        (Answer.CONCUR, None, True),
        (Answer.CONCUR_WITH_CONDITIONS, None, True),
        (Answer.NO_OBJECTION, None, True),
        (Answer.NON_CONCUR, None, False),
        (Answer.DECIDED, Decision.FAVOURABLE, True),
        (Answer.DECIDED, Decision.UNFAVOURABLE, False),
    ],
)
def test_each_answer_is_favourable_or_not(answer, decision, favourable):
    asked = step()
    asked.record_answer(answer, on=d("1941-03-10"), decision=decision)
    assert asked.favourable is favourable


# --- commitments -----------------------------------------------------------------------------


def commitment(**values: Any) -> Commitment:
    values.setdefault("due", d("about 1941-04"))
    return Commitment(
        key="ussr-releases-devenis",
        proposal="gorin-1941",
        party="ussr",
        person="devenis",
        act=ItemKind.RELEASE,
        description="release Devenis",
        **values,
    )


@pytest.mark.parametrize("partly", [False, True])
def test_a_pending_commitment_can_be_fulfilled_wholly_or_partly(partly):
    promise = commitment()
    promise.record_fulfilment(d("1941-04-10"), partly=partly, evidence="telegram-550")
    expected = CommitmentStatus.PARTLY_FULFILLED if partly else CommitmentStatus.FULFILLED
    assert (promise.status, promise.fulfilled_on, promise.evidence) == (
        expected,
        d("1941-04-10"),
        "telegram-550",
    )
    assert promise.problems() == []


def test_a_partly_fulfilled_commitment_can_then_be_fulfilled():
    promise = commitment(status=CommitmentStatus.PARTLY_FULFILLED, fulfilled_on=d("1941-04"))
    promise.record_fulfilment(d("1941-05"))
    assert promise.status is CommitmentStatus.FULFILLED


@pytest.mark.parametrize(
    "status", [CommitmentStatus.FULFILLED, CommitmentStatus.BROKEN, CommitmentStatus.WAIVED]
)
def test_only_a_pending_or_partly_fulfilled_commitment_can_be_fulfilled(status):
    promise = commitment(status=status)
    with pytest.raises(ValidationFailed, match=f"is {status.value}; only a pending"):
        promise.record_fulfilment(d("1941-05"))
    assert (promise.status, promise.fulfilled_on) == (status, None)


def test_a_commitment_fulfilled_a_year_after_it_was_due_is_late():
    promise = commitment()
    promise.record_fulfilment(d("1942-05-06"))
    assert promise.late


def test_a_commitment_fulfilled_within_its_vague_due_date_is_not_late():
    promise = commitment()
    promise.record_fulfilment(d("1941-05-10"))
    assert not promise.late
    assert not commitment().late


def test_only_a_broken_commitment_is_relinked():
    assert [p.where for p in commitment(relinked_to="other").problems()] == ["relinked_to"]
    broken = commitment(status=CommitmentStatus.BROKEN, relinked_to="other")
    assert broken.problems() == []


def test_a_commitment_cannot_be_relinked_to_itself():
    looped = commitment(status=CommitmentStatus.BROKEN, relinked_to="ussr-releases-devenis")
    assert [p.message for p in looped.problems()] == ["a commitment cannot be re-linked to itself"]


def test_follow_ups_are_recorded_in_date_order():
    promise = commitment()
    promise.add_follow_up(FollowUp(date=d("1941-06-01")))
    promise.add_follow_up(FollowUp(date=d("1941-06")))  # overlaps: not certainly earlier
    with pytest.raises(ValidationFailed, match="is before the last follow-up"):
        promise.add_follow_up(FollowUp(date=d("1941-05-20")))
    assert [str(f.date) for f in promise.follow_ups] == ["1941-06-01", "1941-06"]
