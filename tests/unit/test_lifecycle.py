"""The proposal state machine: every allowed move with its guard met, every guarded move refused
with its reason, every move the table does not allow refused with the ways onward."""

from __future__ import annotations

import itertools

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    CommitmentStatus,
    Decision,
    ItemKind,
    Proposal,
    ProposalStatus,
    StepKind,
)
from glienicke.negotiation.clearance import progress
from glienicke.negotiation.lifecycle import TRANSITIONS, Situation, check_transition, transition

S = ProposalStatus
D = PartialDate.parse


def _proposal(status: S) -> Proposal:
    return Proposal(key="p", title="A swap", counterparts=["other"], status=status)


def _step(key: str = "s1", **given: object) -> ClearanceStep:
    fields: dict[str, object] = {
        "key": key,
        "proposal": "p",
        "kind": StepKind.CONCURRENCE,
        "to_office": "justice",
        "requested_on": D("1977-07-01"),
    }
    fields.update(given)
    return ClearanceStep(**fields)  # type: ignore[arg-type]


def _answered(
    key: str, answer: Answer, decision: Decision | None = None, **given: object
) -> ClearanceStep:
    step = _step(key, **given)
    step.record_answer(answer, on=D("1977-07-10"), decision=decision)
    return step


def _pledge(status: CommitmentStatus) -> Commitment:
    done = status in (CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED)
    return Commitment(
        key=f"k-{status.value}",
        proposal="p",
        party="other",
        act=ItemKind.RELEASE,
        description="release someone",
        status=status,
        fulfilled_on=D("1977-08-01") if done else None,
    )


def _situation(*steps: ClearanceStep, pledges: tuple[CommitmentStatus, ...] = ()) -> Situation:
    return Situation(
        entries=progress([], list(steps)), commitments=tuple(_pledge(s) for s in pledges)
    )


FAVOURABLE = _situation(_answered("s1", Answer.CONCUR))
REFUSED = _situation(_answered("s1", Answer.NON_CONCUR))
AWAITING = _situation(_step())
ALL_KEPT = _situation(pledges=(CommitmentStatus.FULFILLED, CommitmentStatus.WAIVED))
SOME_KEPT = _situation(pledges=(CommitmentStatus.FULFILLED, CommitmentStatus.BROKEN))
NONE_KEPT = _situation(pledges=(CommitmentStatus.BROKEN,))
STILL_OPEN = _situation(pledges=(CommitmentStatus.FULFILLED, CommitmentStatus.PENDING))

# For every guarded move: a situation that meets the guard, and one that does not (with words
# the refusal must contain).
GUARDED = {
    (S.DRAFT, S.IN_CLEARANCE): (AWAITING, _situation(), "nothing to clear"),
    (S.IN_CLEARANCE, S.APPROVED): (FAVOURABLE, AWAITING, "s1 (concurrence of justice) awaits"),
    (S.IN_CLEARANCE, S.REJECTED): (REFUSED, FAVOURABLE, "no answer on record refuses it"),
    (S.EXECUTING, S.COMPLETED): (ALL_KEPT, SOME_KEPT, "commitment k-broken is broken"),
    (S.PARTLY_COMPLETED, S.COMPLETED): (ALL_KEPT, STILL_OPEN, "k-pending is pending"),
    (S.EXECUTING, S.PARTLY_COMPLETED): (SOME_KEPT, ALL_KEPT, "mark it completed instead"),
    (S.EXECUTING, S.FAILED): (NONE_KEPT, SOME_KEPT, "mark it partly-completed instead"),
}
ALLOWED = [(a, b) for a, onward in TRANSITIONS.items() for b in onward]
REFUSED_MOVES = [(a, b) for a, b in itertools.product(S, S) if b not in TRANSITIONS[a]]


@pytest.mark.parametrize(("start", "end"), ALLOWED, ids=lambda s: s.value)
def test_every_allowed_move_is_made_when_its_guard_is_met(start: S, end: S) -> None:
    proposal = _proposal(start)
    situation = GUARDED.get((start, end), (_situation(),))[0]
    transition(proposal, end, situation)
    assert proposal.status is end


@pytest.mark.parametrize(("start", "end"), list(GUARDED), ids=lambda s: s.value)
def test_every_guarded_move_is_refused_with_its_reason(start: S, end: S) -> None:
    proposal = _proposal(start)
    _, failing, words = GUARDED[(start, end)]
    with pytest.raises(ValidationFailed) as refused:
        transition(proposal, end, failing)
    assert words in str(refused.value)
    assert proposal.status is start


@pytest.mark.parametrize(("start", "end"), REFUSED_MOVES, ids=lambda s: s.value)
def test_every_move_the_table_does_not_allow_is_refused(start: S, end: S) -> None:
    problems = check_transition(_proposal(start), end, FAVOURABLE)
    assert len(problems) == 1
    message = problems[0].message
    assert f"is {start.value}" in message and f"not {end.value}" in message
    if not TRANSITIONS[start]:
        assert "it is final" in message


def test_a_refused_law_check_keeps_the_draft_out_of_clearance() -> None:
    situation = Situation(
        entries=AWAITING.entries, item_refusals=["item plea: a plea bargain is spent"]
    )
    problems = check_transition(_proposal(S.DRAFT), S.IN_CLEARANCE, situation)
    assert [p.message.split(": ", 1)[1] for p in problems] == ["item plea: a plea bargain is spent"]


def test_a_favourable_decision_of_the_decider_approves_over_a_non_concurrence() -> None:
    refused = _answered("s1", Answer.NON_CONCUR)
    decided = _answered(
        "s2", Answer.DECIDED, Decision.FAVOURABLE, kind=StepKind.DECISION,
        to_office="president", escalates="s1",
    )  # fmt: skip
    situation = _situation(refused, decided)
    assert check_transition(_proposal(S.IN_CLEARANCE), S.APPROVED, situation) == []
    assert check_transition(_proposal(S.IN_CLEARANCE), S.REJECTED, situation) != []


def test_an_unfavourable_decision_rejects_and_blocks_approval() -> None:
    decided = _answered(
        "s2", Answer.DECIDED, Decision.UNFAVOURABLE, kind=StepKind.DECISION, to_office="president"
    )
    situation = _situation(_answered("s1", Answer.CONCUR), decided)
    approval = check_transition(_proposal(S.IN_CLEARANCE), S.APPROVED, situation)
    assert "s2 (decision of president) was decided unfavourably" in approval[0].message
    assert check_transition(_proposal(S.IN_CLEARANCE), S.REJECTED, situation) == []


def test_an_escalated_refusal_no_longer_refuses() -> None:
    renewed = _step("s2", escalates="s1", requested_on=D("1977-07-12"))
    situation = _situation(_answered("s1", Answer.NON_CONCUR), renewed)
    assert check_transition(_proposal(S.IN_CLEARANCE), S.REJECTED, situation) != []
    approval = check_transition(_proposal(S.IN_CLEARANCE), S.APPROVED, situation)
    assert "s2 (concurrence of justice) awaits an answer" in approval[0].message


def test_an_optional_step_does_not_hold_up_approval() -> None:
    situation = _situation(_answered("s1", Answer.CONCUR), _step("s2", required_step=False))
    assert check_transition(_proposal(S.IN_CLEARANCE), S.APPROVED, situation) == []
