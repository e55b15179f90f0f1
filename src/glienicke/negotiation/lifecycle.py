"""A proposal's lifecycle as a state machine, with the guard on every move.

draft -> in-clearance -> approved | rejected -> communicated -> agreed -> executing ->
completed | partly-completed | failed; withdrawn from any state that is not final. A move that
skips a required step is refused with a message naming the step. Pure: the caller brings what
the guards read (the clearance entries, the law check's refusals, the commitments).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    Proposal,
)
from glienicke.domain.proposals import ProposalStatus as S
from glienicke.negotiation.clearance import PlanEntry, approval_gaps, describe, refusals

TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.IN_CLEARANCE, S.WITHDRAWN),
    S.IN_CLEARANCE: (S.APPROVED, S.REJECTED, S.WITHDRAWN),
    S.APPROVED: (S.COMMUNICATED, S.WITHDRAWN),
    S.COMMUNICATED: (S.AGREED, S.FAILED, S.WITHDRAWN),
    S.AGREED: (S.EXECUTING, S.WITHDRAWN),
    S.EXECUTING: (S.COMPLETED, S.PARTLY_COMPLETED, S.FAILED),
    S.PARTLY_COMPLETED: (S.COMPLETED,),
    S.REJECTED: (),
    S.COMPLETED: (),
    S.FAILED: (),
    S.WITHDRAWN: (),
}
"""Every allowed move; anything else is refused."""

APPROVED_OR_LATER = frozenset(
    {S.APPROVED, S.COMMUNICATED, S.AGREED, S.EXECUTING, S.COMPLETED, S.PARTLY_COMPLETED}
)
"""The states a proposal reaches only through approval (failure may follow a communication)."""


@dataclass(frozen=True)
class Situation:
    """What the guards read."""

    entries: Sequence[PlanEntry] = ()
    item_refusals: Sequence[str] = ()  # items the law refuses (a closed mechanism, ...)
    commitments: Sequence[Commitment] = field(default_factory=tuple)


def allowed(current: S) -> tuple[S, ...]:
    return TRANSITIONS[current]


def check_transition(proposal: Proposal, to: S, situation: Situation) -> list[Problem]:
    """Every reason the move is refused; none when it may be made."""
    current = proposal.status
    if to not in TRANSITIONS[current]:
        onward = TRANSITIONS[current]
        options = " or ".join(s.value for s in onward) if onward else "nowhere: it is final"
        return [
            Problem(
                "status",
                f"proposal {proposal.key} is {current.value}; from {current.value} it can go to"
                f" {options}, not {to.value}",
            )
        ]
    reasons = _GUARDS.get((current, to), _no_guard)(situation)
    return [
        Problem(
            "status",
            f"proposal {proposal.key} cannot go from {current.value} to {to.value}: {why}",
        )
        for why in reasons
    ]


def transition(proposal: Proposal, to: S, situation: Situation) -> None:
    """Make the move, or raise `ValidationFailed` with every reason and change nothing."""
    problems = check_transition(proposal, to, situation)
    if problems:
        raise ValidationFailed(problems)
    proposal.status = to


# --- the guards --------------------------------------------------------------------------------


def _no_guard(situation: Situation) -> list[str]:
    return []


def _submit(situation: Situation) -> list[str]:
    reasons = list(situation.item_refusals)
    if not situation.entries:
        reasons.append(
            "it has nothing to clear: add an item with a legal mechanism, or request a step"
        )
    return reasons


def _approve(situation: Situation) -> list[str]:
    return [
        f"{gap} (every required clearance step must be answered favourably, or the"
        " deciding office must decide in favour)"
        for gap in approval_gaps(situation.entries)
    ]


def _reject(situation: Situation) -> list[str]:
    if refusals(situation.entries):
        return []
    return [
        "no answer on record refuses it (record the non-concurrence or the unfavourable"
        " decision first; to drop it for other reasons, withdraw it)"
    ]


_OPEN = (CommitmentStatus.PENDING, CommitmentStatus.PARTLY_FULFILLED)


def _open_commitments(situation: Situation) -> list[str]:
    return [
        f"commitment {c.key} is still {c.status.value}"
        for c in situation.commitments
        if c.status in _OPEN
    ]


def _complete(situation: Situation) -> list[str]:
    if not situation.commitments:
        return ["it has no commitments on record to have been carried out"]
    return [
        f"commitment {c.key} is {c.status.value}"
        for c in situation.commitments
        if c.status not in (CommitmentStatus.FULFILLED, CommitmentStatus.WAIVED)
    ]


def _partly(situation: Situation) -> list[str]:
    reasons = _open_commitments(situation)
    statuses = {c.status for c in situation.commitments}
    if CommitmentStatus.FULFILLED not in statuses:
        reasons.append("no commitment was fulfilled (mark it failed instead)")
    elif statuses <= {CommitmentStatus.FULFILLED, CommitmentStatus.WAIVED}:
        reasons.append("every commitment was fulfilled (mark it completed instead)")
    return reasons


def _fail(situation: Situation) -> list[str]:
    reasons = _open_commitments(situation)
    kept = [c.key for c in situation.commitments if c.status is CommitmentStatus.FULFILLED]
    if kept:
        reasons.append(
            f"{', '.join(kept)} {'was' if len(kept) == 1 else 'were'} fulfilled"
            " (mark it partly-completed instead)"
        )
    return reasons


_GUARDS = {
    (S.DRAFT, S.IN_CLEARANCE): _submit,
    (S.IN_CLEARANCE, S.APPROVED): _approve,
    (S.IN_CLEARANCE, S.REJECTED): _reject,
    (S.EXECUTING, S.COMPLETED): _complete,
    (S.PARTLY_COMPLETED, S.COMPLETED): _complete,
    (S.EXECUTING, S.PARTLY_COMPLETED): _partly,
    (S.EXECUTING, S.FAILED): _fail,
}


def refusal_words(situation: Situation) -> list[str]:
    """The refusing answers in words, for a rejection's record."""
    return [
        f"{describe(s)} answered {s.answer.value if s.answer else ''} on {s.answered_on}"
        for s in refusals(situation.entries)
    ]
