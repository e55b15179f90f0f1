"""Replaying a proposal's clearance on record through the state machine.

Every request and answer on record is taken in date order and made again on a fresh draft of
the proposal, with the same checks a user's move gets: a step asked too early, an answer before
its request, an approval the answers do not support are all reported. The replay approves the
proposal as soon as the answers allow it (when the record says it was approved) and rejects it
on the last refusing answer (when the record says it was rejected). Pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import ClearanceStep, Proposal
from glienicke.domain.proposals import ProposalStatus as S
from glienicke.negotiation import requests
from glienicke.negotiation.clearance import (
    PlanEntry,
    PlannedStep,
    approval_gaps,
    describe,
    progress,
    refusals,
)
from glienicke.negotiation.lifecycle import APPROVED_OR_LATER

_RANK = {Qualifier.BEFORE: 0, Qualifier.ABOUT: 1, Qualifier.EXACT: 1, Qualifier.AFTER: 2}


@dataclass(frozen=True)
class ReplayEntry:
    date: PartialDate | None
    action: str  # request, answer, escalate, approve, reject, submit
    step: str | None
    text: str
    status: S  # the proposal's status after the action
    problem: str | None = None


@dataclass(frozen=True)
class Replay:
    proposal: str
    recorded_status: S
    entries: tuple[ReplayEntry, ...]
    reached: S

    @property
    def problems(self) -> list[str]:
        return [f"{e.date}: {e.problem}" for e in self.entries if e.problem]

    @property
    def consistent(self) -> bool:
        return not self.problems


def _when(day: PartialDate | None) -> tuple[date, int]:
    if day is None:
        return (date.max, 0)
    exact = PartialDate(day.year, day.month, day.day)
    return (exact.earliest(), _RANK[day.qualifier])


def replay(
    proposal: Proposal, planned: Sequence[PlannedStep], steps: Sequence[ClearanceStep]
) -> Replay:
    """The clearance on record, made again move by move."""
    actions: list[tuple[tuple[date, int], int, str, ClearanceStep]] = []
    for order, step in enumerate(steps):
        if step.requested_on is not None:
            actions.append((_when(step.requested_on), order, "request", step))
        if step.answer is not None:
            actions.append((_when(step.answered_on or step.requested_on), order, "answer", step))
    actions.sort(key=lambda a: (a[0], a[1], a[2] == "answer"))
    state = _State(proposal, planned)
    for _, _, action, step in actions:
        if action == "request":
            state.request(step)
        else:
            state.answer(step)
    state.finish()
    return Replay(proposal.key, proposal.status, tuple(state.log), state.status)


class _State:
    def __init__(self, proposal: Proposal, planned: Sequence[PlannedStep]) -> None:
        self.proposal, self.planned = proposal, planned
        self.status = S.DRAFT
        self.steps: list[ClearanceStep] = []
        self.log: list[ReplayEntry] = []
        self.wants_approval = proposal.status in APPROVED_OR_LATER or proposal.status is S.FAILED

    def note(
        self,
        day: PartialDate | None,
        action: str,
        step: str | None,
        text: str,
        problem: str | None = None,
    ) -> None:
        self.log.append(ReplayEntry(day, action, step, text, self.status, problem))

    def entries(self) -> list[PlanEntry]:
        return progress(self.planned, self.steps)

    def request(self, recorded: ClearanceStep) -> None:
        if any(s.key == recorded.key for s in self.steps):
            return  # requested already (an answer brought its request forward)
        on = recorded.requested_on or recorded.answered_on or PartialDate(1)
        step = dataclasses.replace(recorded.without_answer(), requested_on=None)
        if self.status is S.DRAFT and step.phase.value == "clearance":
            self.status = S.IN_CLEARANCE
            self.note(on, "submit", None, "the proposal goes into clearance")
        escalated = next((s for s in self.steps if s.key == recorded.escalates), None)
        if recorded.escalates and escalated is not None:
            problems = requests.check_escalation(escalated, self.steps, self.status, on)
            verb = "escalate"
        else:
            problems = requests.check_request(step, self.status, on, self.entries())
            verb = "request"
        step.requested_on, step.request_document = on, recorded.request_document
        self.steps.append(step)
        text = f"{verb} {describe(step)}"
        if recorded.escalates:
            text += f", taking over {recorded.escalates}"
        self.note(on, verb, step.key, text, "; ".join(p.message for p in problems) or None)

    def answer(self, recorded: ClearanceStep) -> None:
        if not any(s.key == recorded.key for s in self.steps):
            self.request(recorded)
        step = next(s for s in self.steps if s.key == recorded.key)
        assert recorded.answer is not None
        on = recorded.answered_on or recorded.requested_on or PartialDate(1)
        problem = None
        try:
            requests.apply_answer(
                step,
                self.steps,
                recorded.answer,
                on=on,
                by=recorded.answered_by,
                reasons=recorded.reasons,
                document=recorded.answer_document,
                decision=recorded.decision,
            )
        except ValidationFailed as failed:
            problem = "; ".join(p.message for p in failed.problems)
            step.answer, step.decision, step.answered_on = (
                recorded.answer,
                recorded.decision,
                recorded.answered_on,
            )
        words = recorded.answer.value + (
            f", {recorded.decision.value}" if recorded.decision else ""
        )
        by = f" by {recorded.answered_by}" if recorded.answered_by else ""
        self.note(on, "answer", step.key, f"{step.to_office} answers {words}{by}", problem)
        if (
            self.status is S.IN_CLEARANCE
            and self.wants_approval
            and not approval_gaps(self.entries())
        ):
            self.status = S.APPROVED
            self.note(on, "approve", None, "every required clearance step is answered in favour")

    def finish(self) -> None:
        last = self.log[-1].date if self.log else None
        recorded = self.proposal.status
        if recorded is S.REJECTED and self.status is S.IN_CLEARANCE:
            refusing = refusals(self.entries())
            if refusing:
                self.status = S.REJECTED
                why = "; ".join(f"{describe(s)} answered against it" for s in refusing)
                self.note(refusing[-1].answered_on, "reject", None, why)
                return
        if recorded is S.REJECTED or (self.wants_approval and self.status is not S.APPROVED):
            gaps = approval_gaps(self.entries()) if self.wants_approval else []
            self.note(
                last,
                "end",
                None,
                f"the record says {recorded.value}",
                f"the clearance on record does not lead to {recorded.value}"
                + (f": {'; '.join(gaps)}" if gaps else ""),
            )
