"""The moves of one clearance step: requesting it, answering it, escalating it.

Each check returns every reason the move is refused (none: it may be made); the `apply_*`
functions make the move on the record in place after checking, or raise `ValidationFailed`
and leave it untouched. Pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import (
    DECIDER,
    Answer,
    ClearanceStep,
    Decision,
    StepKind,
    StepPhase,
)
from glienicke.domain.proposals import ProposalStatus as S
from glienicke.negotiation.clearance import (
    PlanEntry,
    StepState,
    check_answer_kind,
    decider_gaps,
    describe,
    state_of,
)
from glienicke.negotiation.lifecycle import APPROVED_OR_LATER

CLEARING = frozenset({S.DRAFT, S.IN_CLEARANCE})
"""Clearance steps are asked while the proposal is a draft (asking puts it in clearance) or in
clearance."""

EXECUTING = frozenset({S.IN_CLEARANCE, *APPROVED_OR_LATER} - {S.COMPLETED, S.PARTLY_COMPLETED})
"""Execution steps may be asked from clearance on (in 1941 the U.S. Attorney had recommended
probation before State's letter); the deciding office only once the proposal is approved."""


def check_request(
    step: ClearanceStep,
    status: S,
    on: PartialDate,
    entries: Sequence[PlanEntry],
) -> list[Problem]:
    """Why the step may not be requested now."""
    if step.requested_on is not None:
        return [
            Problem(
                "requested_on",
                f"{describe(step)} was already requested on {step.requested_on}; escalate it to"
                " ask again",
            )
        ]
    found = []
    if step.phase is StepPhase.CLEARANCE and status not in CLEARING:
        found.append(
            Problem(
                "status",
                f"the proposal is {status.value}: clearance steps are asked before approval",
            )
        )
    if step.phase is StepPhase.EXECUTION and status not in EXECUTING:
        found.append(
            Problem(
                "status",
                f"the proposal is {status.value}: execution steps are asked once it is in"
                " clearance or later, and never after it is finished",
            )
        )
    if step.requirement == DECIDER:
        if status not in APPROVED_OR_LATER:
            found.append(
                Problem(
                    "status",
                    f"the deciding office is asked to act only on an approved proposal (it is"
                    f" {status.value})",
                )
            )
        for gap in decider_gaps(step.item or "", entries):
            found.append(Problem("requires", f"{describe(step)} must wait: {gap}"))
    return found


def apply_request(
    step: ClearanceStep,
    status: S,
    on: PartialDate,
    entries: Sequence[PlanEntry],
    *,
    document: str | None = None,
    due: PartialDate | None = None,
) -> ClearanceStep:
    problems = check_request(step, status, on, entries)
    if problems:
        raise ValidationFailed(problems)
    step.requested_on, step.request_document = on, document
    if due is not None:
        step.due = due
    return step


def answerable(
    steps: Sequence[ClearanceStep], office: str, key: str | None = None
) -> ClearanceStep:
    """The step awaiting an answer from this office (the one named, if `key` is given)."""
    waiting = [s for s in steps if state_of(s, steps) is StepState.AWAITING]
    if key is not None:
        step = next((s for s in steps if s.key == key), None)
        if step is None:
            raise ValidationFailed.single("step", f"the proposal has no clearance step '{key}'")
        if step.to_office != office:
            raise ValidationFailed.single(
                "office",
                f"{office} was not asked in {describe(step)}; only {step.to_office} can answer it",
            )
        return step
    mine = [s for s in waiting if s.to_office == office]
    if len(mine) == 1:
        return mine[0]
    if not mine:
        awaiting = "; ".join(describe(s) for s in waiting) or "none"
        raise ValidationFailed.single(
            "office",
            f"{office} was not asked anything that awaits its answer (awaiting: {awaiting})",
        )
    raise ValidationFailed.single(
        "step",
        f"{office} was asked in several steps ({', '.join(s.key for s in mine)}): name one",
    )


def check_answer(
    step: ClearanceStep, steps: Sequence[ClearanceStep], answer: Answer
) -> list[Problem]:
    state = state_of(step, steps)
    if state is StepState.UNREQUESTED:
        return [Problem("step", f"{describe(step)} has not been requested: request it first")]
    if state is StepState.ESCALATED:
        return [
            Problem(
                "step",
                f"{describe(step)} was escalated; the answer belongs to the step that took it over",
            )
        ]
    return check_answer_kind(step, answer is Answer.DECIDED)


def apply_answer(
    step: ClearanceStep,
    steps: Sequence[ClearanceStep],
    answer: Answer,
    *,
    on: PartialDate,
    by: str | None = None,
    reasons: str | None = None,
    document: str | None = None,
    decision: Decision | None = None,
) -> ClearanceStep:
    problems = check_answer(step, steps, answer)
    if problems:
        raise ValidationFailed(problems)
    step.record_answer(answer, on=on, by=by, reasons=reasons, document=document, decision=decision)
    return step


def escalation_key(step: ClearanceStep, to_office: str, kind: StepKind, taken: set[str]) -> str:
    """'ivanov-1964-justice-concurrence-renewed' when the same office is asked again,
    'ivanov-1964-us-president-decision' for a higher one; '-2', '-3' ... when taken."""
    base = (
        f"{step.key}-renewed"
        if to_office == step.to_office
        else f"{step.proposal}-{to_office}-{kind.value}"
    )
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def check_escalation(
    step: ClearanceStep, steps: Sequence[ClearanceStep], status: S, on: PartialDate
) -> list[Problem]:
    state = state_of(step, steps)
    if state is StepState.ESCALATED:
        later = next(s.key for s in steps if s.escalates == step.key)
        return [
            Problem("step", f"{describe(step)} was already escalated by {later}: escalate that")
        ]
    if state is StepState.FAVOURABLE:
        return [Problem("step", f"{describe(step)} was answered favourably: nothing to escalate")]
    if state is StepState.UNREQUESTED:
        return [Problem("step", f"{describe(step)} has not been requested: request it first")]
    found = []
    if status not in (CLEARING if step.phase is StepPhase.CLEARANCE else EXECUTING):
        found.append(Problem("status", f"the proposal is {status.value}: too late to escalate"))
    if step.requested_on is not None and on.certainly_before(step.requested_on):
        found.append(
            Problem("requested_on", f"{on} is before the step escalated ({step.requested_on})")
        )
    return found


def escalate(
    step: ClearanceStep,
    steps: Sequence[ClearanceStep],
    status: S,
    *,
    to_office: str,
    on: PartialDate,
    kind: StepKind | None = None,
    from_office: str | None = None,
    key: str | None = None,
    document: str | None = None,
) -> ClearanceStep:
    """The new step that takes the question to `to_office` (the same office: asking again)."""
    problems = check_escalation(step, steps, status, on)
    if problems:
        raise ValidationFailed(problems)
    kind = kind or step.kind
    taken = {s.key for s in steps}
    new_key = key or escalation_key(step, to_office, kind, taken)
    if new_key in taken:
        raise ValidationFailed.single("key", f"the proposal already has a step '{new_key}'")
    return dataclasses.replace(
        step.without_answer(),
        key=new_key,
        kind=kind,
        from_office=from_office or step.from_office,
        to_office=to_office,
        requested_on=on,
        due=None,
        request_document=document,
        escalates=step.key,
    )
