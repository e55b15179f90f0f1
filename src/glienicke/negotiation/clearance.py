"""Clearance: the steps a proposal needs, generated from its items' mechanisms, and where each
stands.

A give-side item that frees a person by a legal mechanism needs what the law pack lists for that
mechanism (State's statement of foreign-policy interest, the U.S. Attorney's recommendation,
Justice's approval ...) and then the deciding office's own act (the court's order). `plan` turns
the pack's words into steps addressed to offices, by the deployment's office map; `progress`
reads the steps on record against that plan. Escalation is a new step that `escalates` an
earlier one; the latest step of such a chain is the one whose answer counts.

Pure: the caller brings the proposal, its mechanisms, its steps and the configuration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import (
    DECIDER,
    ClearanceStep,
    Proposal,
    Side,
    StepKind,
    StepPhase,
)
from glienicke.law import model as law

# The law packs' words for a step, in the proposal's vocabulary of requests.
KIND_OF: dict[law.StepKind, StepKind] = {
    law.StepKind.RECOMMENDATION: StepKind.RECOMMENDATION,
    law.StepKind.MOTION: StepKind.RECOMMENDATION,
    law.StepKind.CONCURRENCE: StepKind.CONCURRENCE,
    law.StepKind.CONSENT: StepKind.CONCURRENCE,
    law.StepKind.APPROVAL: StepKind.APPROVAL,
    law.StepKind.ADVICE: StepKind.CONSULTATION,
    law.StepKind.STATEMENT: StepKind.STATEMENT,
    law.StepKind.REQUEST: StepKind.INFORMATION,
}

DECIDING_KINDS = frozenset({StepKind.DECISION, StepKind.ORDER})
"""Steps answered 'decided' (favourably or not) rather than with a concurrence."""


@dataclass(frozen=True)
class OfficeMap:
    """Which office is asked for each requirement, and which decides each mechanism.

    `home_office` asks, unless a step says otherwise. `overrides` (from the command line, by
    requirement or by planned step key) win over the deployment's `offices` and `deciders`.
    """

    home_office: str | None = None
    offices: Mapping[str, str] = field(default_factory=dict)
    deciders: Mapping[str, str] = field(default_factory=dict)
    overrides: Mapping[str, str] = field(default_factory=dict)

    def asked(self, key: str, requirement: str) -> str | None:
        return (
            self.overrides.get(key)
            or self.overrides.get(requirement)
            or self.offices.get(requirement)
        )

    def decider(self, key: str, mechanism: str) -> str | None:
        return (
            self.overrides.get(key)
            or self.overrides.get(DECIDER)
            or self.overrides.get(mechanism)
            or self.deciders.get(mechanism)
        )


@dataclass(frozen=True)
class PlannedStep:
    """One step the law asks for, addressed to an office (None while no office is known)."""

    key: str
    item: str
    mechanism: str
    requirement: str  # the pack's step key, or DECIDER
    kind: StepKind
    phase: StepPhase
    by: str  # the pack's words: 'the Department of Justice (the Attorney General)'
    to_office: str | None
    from_office: str | None
    lead_days: int
    note: str | None = None

    def as_step(self, proposal: str) -> ClearanceStep:
        """The step as a record, not yet requested."""
        if self.to_office is None:
            raise ValidationFailed.single(
                f"plan.{self.key}",
                f"no office is known for {self.by} ({self.requirement}); name it with"
                f" --office {self.requirement}=OFFICE or in the configuration's clearance.offices",
            )
        return ClearanceStep(
            key=self.key,
            proposal=proposal,
            kind=self.kind,
            from_office=self.from_office,
            to_office=self.to_office,
            item=self.item,
            requirement=self.requirement,
            phase=self.phase,
        )


def _decider_kind(mechanism: law.Mechanism) -> StepKind:
    return StepKind.ORDER if "court" in mechanism.decider.lower() else StepKind.DECISION


def plan(
    proposal: Proposal,
    mechanisms: Mapping[str, law.Mechanism],
    offices: OfficeMap,
    lead_days: Mapping[str, int] | None = None,
    default_lead: int = 7,
) -> list[PlannedStep]:
    """The steps a proposal's give-side items need, in item order: each mechanism's required
    steps as its pack lists them, then its decider's act. `mechanisms` maps item keys to the
    mechanism the item uses (items without one need no steps)."""
    wanted: list[tuple[str, law.Mechanism, law.Step | None]] = []
    for give in proposal.side(Side.GIVE):
        mechanism = mechanisms.get(give.key)
        if mechanism is not None:
            wanted += [(give.key, mechanism, s) for s in mechanism.requires]
            wanted.append((give.key, mechanism, None))
    counts: dict[str, int] = {}
    for _, mechanism, step in wanted:
        name = step.key if step else f"{mechanism.key}-{_decider_kind(mechanism).value}"
        counts[name] = counts.get(name, 0) + 1
    planned = []
    for item, mechanism, step in wanted:
        name = step.key if step else f"{mechanism.key}-{_decider_kind(mechanism).value}"
        key = f"{proposal.key}-{name}" if counts[name] == 1 else f"{proposal.key}-{item}-{name}"
        if step is None:
            to = offices.decider(key, mechanism.key)
            planned.append(
                PlannedStep(
                    key=key,
                    item=item,
                    mechanism=mechanism.key,
                    requirement=DECIDER,
                    kind=_decider_kind(mechanism),
                    phase=StepPhase.EXECUTION,
                    by=mechanism.decider,
                    to_office=to,
                    from_office=_asker(offices, to),
                    lead_days=0,
                    note=f"{mechanism.decider} decides: {mechanism.name}",
                )
            )
            continue
        to = offices.asked(key, step.key)
        planned.append(
            PlannedStep(
                key=key,
                item=item,
                mechanism=mechanism.key,
                requirement=step.key,
                kind=KIND_OF[step.kind],
                phase=step.phase,
                by=step.by,
                to_office=to,
                from_office=_asker(offices, to),
                lead_days=int((lead_days or {}).get(step.key, default_lead)),
                note=step.note,
            )
        )
    return planned


def _asker(offices: OfficeMap, to: str | None) -> str | None:
    return None if offices.home_office == to else offices.home_office


# --- where the steps stand ---------------------------------------------------------------------


class StepState(StrEnum):
    UNREQUESTED = "unrequested"  # on file, not yet asked
    AWAITING = "awaiting"  # asked, no answer yet
    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"
    ESCALATED = "escalated"  # a later step took it over


def heads(steps: Iterable[ClearanceStep]) -> list[ClearanceStep]:
    """The steps no other step escalates: the ones whose answers count."""
    steps = list(steps)
    taken_over = {s.escalates for s in steps if s.escalates}
    return [s for s in steps if s.key not in taken_over]


def head_of(step: ClearanceStep, steps: Sequence[ClearanceStep]) -> ClearanceStep:
    """The latest step of the chain this step begins or belongs to."""
    by_escalated = {s.escalates: s for s in steps if s.escalates}
    seen = {step.key}
    while step.key in by_escalated:
        step = by_escalated[step.key]
        if step.key in seen:  # a loop in the record: stop rather than spin
            break
        seen.add(step.key)
    return step


def root_of(step: ClearanceStep, steps: Sequence[ClearanceStep]) -> ClearanceStep:
    """The first step of the chain this step belongs to."""
    by_key = {s.key: s for s in steps}
    seen = {step.key}
    while step.escalates and step.escalates in by_key and step.escalates not in seen:
        step = by_key[step.escalates]
        seen.add(step.key)
    return step


def state_of(step: ClearanceStep, steps: Sequence[ClearanceStep]) -> StepState:
    if any(s.escalates == step.key for s in steps):
        return StepState.ESCALATED
    if step.answer is not None:
        return StepState.FAVOURABLE if step.favourable else StepState.UNFAVOURABLE
    return StepState.AWAITING if step.requested_on is not None else StepState.UNREQUESTED


def describe(step: ClearanceStep) -> str:
    """'ivanov-1964-justice-concurrence (concurrence of us-attorney-general)'."""
    return f"{step.key} ({step.kind.value} of {step.to_office})"


@dataclass(frozen=True)
class PlanEntry:
    """A planned step beside what is on record for it."""

    planned: PlannedStep | None  # None: a step on record that the law does not ask for
    steps: tuple[ClearanceStep, ...]  # on record for it, oldest first (escalations after)
    state: StepState | None  # None: not on record

    @property
    def head(self) -> ClearanceStep | None:
        return self.steps[-1] if self.steps else None


def matches(planned: PlannedStep, step: ClearanceStep) -> bool:
    """Whether a step on record is the one planned (by key, or by item and requirement)."""
    if step.key == planned.key:
        return True
    return step.requirement == planned.requirement and step.item == planned.item


def progress(planned: Sequence[PlannedStep], steps: Sequence[ClearanceStep]) -> list[PlanEntry]:
    """Every planned step with its chain on record, then the steps on record the plan does
    not name (a consultation added by hand), each with its state."""
    roots = [s for s in steps if not s.escalates or s.escalates not in {t.key for t in steps}]
    used: set[str] = set()
    entries = []
    for p in planned:
        root = next((s for s in roots if s.key not in used and matches(p, s)), None)
        if root is None:
            entries.append(PlanEntry(p, (), None))
            continue
        used.add(root.key)
        chain = _chain(root, steps)
        entries.append(PlanEntry(p, chain, state_of(chain[-1], steps)))
    for root in roots:
        if root.key not in used:
            chain = _chain(root, steps)
            entries.append(PlanEntry(None, chain, state_of(chain[-1], steps)))
    return entries


def _chain(root: ClearanceStep, steps: Sequence[ClearanceStep]) -> tuple[ClearanceStep, ...]:
    chain = [root]
    by_escalated = {s.escalates: s for s in steps if s.escalates}
    while chain[-1].key in by_escalated and len(chain) <= len(steps):
        chain.append(by_escalated[chain[-1].key])
    return tuple(chain)


# --- what approval, refusal and the decider's act need ------------------------------------------


def _needed_for_approval(entry: PlanEntry) -> bool:
    if entry.head is not None:
        return entry.head.phase is StepPhase.CLEARANCE and entry.head.required_step
    return entry.planned is not None and entry.planned.phase is StepPhase.CLEARANCE


def _gap(entry: PlanEntry) -> str:
    head = entry.head
    if head is None:
        assert entry.planned is not None
        p = entry.planned
        return f"{p.key} ({p.kind.value} of {p.to_office or p.by}) is not on record: plan it"
    if entry.state is StepState.UNREQUESTED:
        return f"{describe(head)} has not been requested"
    if entry.state is StepState.AWAITING:
        return f"{describe(head)} awaits an answer (asked {head.requested_on})"
    return f"{describe(head)} was answered '{_answer_words(head)}' on {head.answered_on}"


def _answer_words(step: ClearanceStep) -> str:
    if step.answer is None:
        return "nothing"
    if step.decision is not None:
        return f"{step.answer.value}, {step.decision.value}"
    return step.answer.value


def decisions(entries: Sequence[PlanEntry]) -> list[ClearanceStep]:
    """The deciding office's answers that govern approval: answered decision steps at the head
    of a clearance chain."""
    return [
        e.head
        for e in entries
        if e.head is not None
        and e.head.kind is StepKind.DECISION
        and e.head.phase is StepPhase.CLEARANCE
        and e.head.answer is not None
    ]


def approval_gaps(entries: Sequence[PlanEntry]) -> list[str]:
    """Why the proposal cannot be approved yet: each required clearance step that is not
    answered favourably. A favourable decision of the deciding office settles it; an
    unfavourable one is the only gap that matters."""
    decided = decisions(entries)
    if any(d.favourable for d in decided):
        return []
    if decided:
        return [f"{describe(d)} was decided unfavourably on {d.answered_on}" for d in decided]
    return [
        _gap(e) for e in entries if _needed_for_approval(e) and e.state is not StepState.FAVOURABLE
    ]


def refusals(entries: Sequence[PlanEntry]) -> list[ClearanceStep]:
    """The answers on record that refuse the proposal: an unfavourable answer to a required
    clearance step that nobody has escalated, unless the deciding office decided in favour."""
    decided = decisions(entries)
    if any(d.favourable for d in decided):
        return []
    return [
        e.head
        for e in entries
        if e.head is not None and _needed_for_approval(e) and e.state is StepState.UNFAVOURABLE
    ]


def decider_gaps(item: str, entries: Sequence[PlanEntry]) -> list[str]:
    """What must be answered favourably before the deciding office is asked to act on an item:
    every other required step of that item, clearance and execution alike."""
    return [
        _gap(e)
        for e in entries
        if e.planned is not None
        and e.planned.item == item
        and e.planned.requirement != DECIDER
        and (e.head is None or e.head.required_step)
        and e.state is not StepState.FAVOURABLE
    ]


def check_answer_kind(step: ClearanceStep, answer_is_decided: bool) -> list[Problem]:
    """A decision or an order is answered 'decided'; anything else with a concurrence."""
    if step.kind in DECIDING_KINDS and not answer_is_decided:
        return [
            Problem(
                "answer",
                f"{describe(step)} asks for a {step.kind.value}: answer 'decided' with a"
                " decision (favourable or unfavourable)",
            )
        ]
    if step.kind not in DECIDING_KINDS and answer_is_decided:
        return [
            Problem(
                "answer",
                f"{describe(step)} asks for a {step.kind.value}, not a decision: answer concur,"
                " concur-with-conditions, non-concur or no-objection",
            )
        ]
    return []
