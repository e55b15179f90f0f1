"""Working a proposal: its plan, its clearance, its lifecycle. One transaction per action.

The rules are the pure engines' (negotiation.clearance, negotiation.requests,
negotiation.lifecycle); this module reads what they need through the policy point, applies the
move and writes the result. Every lifecycle move is also written as a dated timeline event
with its source, so the proposal's history keeps the day each move was made in the world (the
audit trail keeps when it was typed in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.documents import Event
from glienicke.domain.errors import DuplicateKey, Problem, ValidationFailed
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    Decision,
    Proposal,
    ProposalStatus,
    StepKind,
    StepPhase,
)
from glienicke.negotiation import commitments as pledges
from glienicke.negotiation import requests
from glienicke.negotiation.clearance import OfficeMap, PlanEntry, PlannedStep, plan, progress
from glienicke.negotiation.lifecycle import Situation, transition
from glienicke.negotiation.replay import Replay, replay
from glienicke.security.model import Permission
from glienicke.services.access import Scoped, check_visible, require
from glienicke.services.checks import about, check_record
from glienicke.services.database import Database
from glienicke.services.guard import owned_key
from glienicke.services.inputs import as_date, as_enum
from glienicke.services.law import law_config, read_config_data
from glienicke.services.negotiation_law import (
    ItemCheck,
    check_items,
    mechanisms_of,
    planned_day,
)
from glienicke.store.repository import Repository


@dataclass(frozen=True)
class ClearanceConfig:
    home_state: str | None
    offices: OfficeMap
    due_days: int


@cache
def _clearance_config(config_file: str | None) -> ClearanceConfig:
    data, source = read_config_data(Path(config_file) if config_file else None)
    section = data["clearance"]
    problems = [
        Problem(f"clearance.{name}", "must map keys to office keys")
        for name in ("offices", "deciders")
        if not isinstance(section.get(name), dict)
        or not all(isinstance(v, str) for v in section[name].values())
    ]
    due = section.get("commitment_due_days")
    if not isinstance(due, int) or due < 0:
        problems.append(Problem("clearance.commitment_due_days", "must be 0 or more days"))
    if problems:
        raise ValidationFailed([Problem(f"{source.name}: {p.where}", p.message) for p in problems])
    offices = OfficeMap(
        home_office=section.get("home_office"),
        offices=dict(section["offices"]),
        deciders=dict(section["deciders"]),
    )
    return ClearanceConfig(section.get("home_state"), offices, due)


def clearance_config() -> ClearanceConfig:
    from glienicke.settings import load_settings

    settings = load_settings()
    return _clearance_config(str(settings.config) if settings.config else None)


def parse_offices(given: list[str] | None) -> dict[str, str]:
    """'us-attorney-recommendation=us-attorney-los-angeles' pairs as a mapping."""
    found, bad = {}, []
    for text in given or []:
        name, sep, office = text.partition("=")
        if not sep or not name.strip() or not office.strip():
            bad.append(text)
        else:
            found[name.strip()] = office.strip()
    if bad:
        raise ValidationFailed.single(
            "office", f"'{bad[0]}' is not REQUIREMENT=OFFICE (e.g. decider=us-district-court)"
        )
    return found


# --- what a proposal's work reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Workbench:
    """A proposal with everything the engines read about it, as the viewer may see it."""

    proposal: Proposal
    steps: list[ClearanceStep]
    commitments: list[Commitment]
    checks: list[ItemCheck]
    planned: list[PlannedStep]
    as_of: date

    @property
    def entries(self) -> list[PlanEntry]:
        return progress(self.planned, self.steps)

    def situation(self) -> Situation:
        return Situation(
            entries=self.entries,
            item_refusals=[c.message for c in self.checks if c.refused],
            commitments=self.commitments,
        )

    def step(self, key: str) -> ClearanceStep:
        found = next((s for s in self.steps if s.key == key), None)
        if found is None:
            planned = ", ".join(s.key for s in self.steps) or "none on record"
            raise ValidationFailed.single(
                "step", f"proposal {self.proposal.key} has no clearance step '{key}' ({planned})"
            )
        return found


def _bench(
    scoped: Scoped,
    key: str,
    as_of: date | None = None,
    overrides: dict[str, str] | None = None,
) -> Workbench:
    proposal: Proposal = scoped.get(Proposal, key)
    law = law_config()
    config = clearance_config()
    day = planned_day(proposal, as_of)
    offices = OfficeMap(
        config.offices.home_office,
        config.offices.offices,
        config.offices.deciders,
        overrides or {},
    )
    steps = sorted(scoped.where(ClearanceStep, "proposal", key), key=_step_order)
    return Workbench(
        proposal=proposal,
        steps=steps,
        commitments=scoped.where(Commitment, "proposal", key),
        checks=check_items(scoped, proposal, law, config.home_state, day),
        planned=plan(
            proposal,
            mechanisms_of(scoped, proposal, law, day),
            offices,
            law.lead.by_step,
            law.lead.default,
        ),
        as_of=day,
    )


def _step_order(step: ClearanceStep) -> tuple[tuple[int, ...], str]:
    day = step.requested_on or step.answered_on
    return (day.sort_key() if day else (9999,), step.key)


def _as_of(text: str | None) -> date | None:
    if text is None or not text.strip():
        return None
    day = as_date(text, "as_of")
    return day.earliest()


def workbench(
    db: Database, key: str, as_of: str | None = None, overrides: dict[str, str] | None = None
) -> Workbench:
    """A proposal and what the engines read about it (items judged on `as_of`, or the day it
    was put forward)."""
    with db.reading() as repo:
        return _bench(Scoped.of(repo), key, _as_of(as_of), overrides)


def _writing(repo: Repository, key: str, permission: Permission) -> Scoped:
    require(permission)
    check_visible(repo, Proposal, key)
    return Scoped.of(repo)


def _typed_step_key(repo: Repository, key: str | None) -> str | None:
    """A step key the writer typed, completed as every new record's is
    (`services.guard.owned_key`); None when the product is to derive one."""
    if not key:
        return None
    try:
        return owned_key(repo, "clearance_step", key)
    except DuplicateKey:
        raise ValidationFailed.single("key", f"a clearance step '{key}' exists already") from None


def _store(repo: Repository, record: Any, *, new: bool = False) -> None:
    check_record(repo, record)
    if new:
        repo.add(record)
    else:
        repo.save(record)


# --- the plan -----------------------------------------------------------------------------------


def save_plan(
    db: Database,
    key: str,
    as_of: str | None = None,
    overrides: dict[str, str] | None = None,
    phase: str | None = None,
) -> Workbench:
    """Put on record every planned step that is not yet there (not requested); with `phase`,
    only the clearance or the execution steps."""
    only = None if phase is None else as_enum(StepPhase, phase, "phase")
    with db.transaction() as repo:
        scoped = _writing(repo, key, Permission.EDIT_PROPOSALS)
        bench = _bench(scoped, key, _as_of(as_of), overrides)
        refused = [c.message for c in bench.checks if c.refused]
        if refused:
            raise ValidationFailed([Problem("items", m) for m in refused])
        missing = [
            e.planned
            for e in bench.entries
            if e.planned and not e.steps and only in (None, e.planned.phase)
        ]
        problems, new = [], []
        for planned in missing:
            try:
                new.append(planned.as_step(key))
            except ValidationFailed as failed:
                problems += failed.problems
        if problems:
            raise ValidationFailed(problems)
        for step in new:
            with about("clearance step", step.key):
                _store(repo, step, new=True)
        return _bench(Scoped.of(repo), key, _as_of(as_of), overrides)


# --- steps --------------------------------------------------------------------------------------


def request_step(
    db: Database,
    key: str,
    step: str,
    on: str,
    *,
    document: str | None = None,
    due: str | None = None,
    from_office: str | None = None,
) -> ClearanceStep:
    """Ask the office of a step on record (putting a draft proposal in clearance)."""
    day = as_date(on, "requested_on")
    with db.transaction() as repo:
        scoped = _writing(repo, key, Permission.EDIT_PROPOSALS)
        bench = _bench(scoped, key)
        record = bench.step(step)
        with about("clearance step", step):
            _enter_clearance(repo, bench, record, day, document)
            requests.apply_request(
                record,
                bench.proposal.status,
                day,
                bench.entries,
                document=document,
                due=None if due is None else as_date(due, "due"),
            )
            if from_office is not None:
                record.from_office = from_office
            _store(repo, record)
        return record


def _enter_clearance(
    repo: Repository, bench: Workbench, step: ClearanceStep, day: PartialDate, doc: str | None
) -> None:
    if bench.proposal.status is ProposalStatus.DRAFT and step.phase is StepPhase.CLEARANCE:
        transition(bench.proposal, ProposalStatus.IN_CLEARANCE, bench.situation())
        _store(repo, bench.proposal)
        _record_move(repo, bench.proposal, day, doc, f"asked {step.to_office} ({step.key})")


def add_step(
    db: Database,
    key: str,
    kind: str,
    to_office: str,
    on: str | None,
    *,
    step_key: str | None = None,
    from_office: str | None = None,
    item: str | None = None,
    phase: str = "clearance",
    required: bool = True,
    document: str | None = None,
) -> ClearanceStep:
    """Ask for something the plan does not name (consulting the President), at once if `on`
    is given."""
    day = None if on is None else as_date(on, "requested_on")
    with db.transaction() as repo:
        scoped = _writing(repo, key, Permission.EDIT_PROPOSALS)
        bench = _bench(scoped, key)
        step_kind = as_enum(StepKind, kind, "kind")
        new_key = _typed_step_key(repo, step_key) or f"{key}-{to_office}-{step_kind.value}"
        if repo.find(ClearanceStep, new_key) is not None:
            raise ValidationFailed.single("key", f"a clearance step '{new_key}' exists already")
        if item is not None and bench.proposal.item(item) is None:
            raise ValidationFailed.single("item", f"proposal {key} has no item '{item}'")
        record = ClearanceStep(
            key=new_key,
            proposal=key,
            kind=step_kind,
            from_office=from_office or clearance_config().offices.home_office,
            to_office=to_office,
            item=item,
            phase=as_enum(StepPhase, phase, "phase"),
            required_step=required,
        )
        if record.from_office == to_office:
            record.from_office = None
        with about("clearance step", new_key):
            if day is not None:
                _enter_clearance(repo, bench, record, day, document)
                requests.apply_request(
                    record, bench.proposal.status, day, bench.entries, document=document
                )
            _store(repo, record, new=True)
        return record


def answer_step(
    db: Database,
    key: str,
    office: str,
    answer: str,
    on: str,
    *,
    step: str | None = None,
    by: str | None = None,
    reasons: str | None = None,
    document: str | None = None,
    decision: str | None = None,
) -> ClearanceStep:
    """Record an office's answer to what it was asked."""
    day = as_date(on, "answered_on")
    given = as_enum(Answer, answer, "answer")
    decided = None if decision is None else as_enum(Decision, decision, "decision")
    with db.transaction() as repo:
        require(Permission.ANSWER_CLEARANCE)
        check_visible(repo, Proposal, key)
        bench = _bench(Scoped.of(repo), key)
        record = requests.answerable(bench.steps, office, step)
        with about("clearance step", record.key):
            requests.apply_answer(
                record,
                bench.steps,
                given,
                on=day,
                by=by,
                reasons=reasons,
                document=document,
                decision=decided,
            )
            _store(repo, record)
        return record


def escalate_step(
    db: Database,
    key: str,
    step: str,
    to_office: str,
    on: str,
    *,
    kind: str | None = None,
    from_office: str | None = None,
    new_key: str | None = None,
    document: str | None = None,
) -> ClearanceStep:
    """Take a question to a higher office, or ask the same office again."""
    day = as_date(on, "requested_on")
    with db.transaction() as repo:
        scoped = _writing(repo, key, Permission.EDIT_PROPOSALS)
        bench = _bench(scoped, key)
        original = bench.step(step)
        with about("clearance step", step):
            record = requests.escalate(
                original,
                bench.steps,
                bench.proposal.status,
                to_office=to_office,
                on=day,
                kind=None if kind is None else as_enum(StepKind, kind, "kind"),
                from_office=from_office,
                key=_typed_step_key(repo, new_key),
                document=document,
            )
            if repo.find(ClearanceStep, record.key) is not None:
                raise ValidationFailed.single("key", f"a clearance step '{record.key}' exists")
            _store(repo, record, new=True)
        return record


# --- the lifecycle ------------------------------------------------------------------------------


def advance(
    db: Database,
    key: str,
    to: str,
    on: str,
    *,
    document: str | None = None,
    note: str | None = None,
) -> Proposal:
    """Move a proposal along its lifecycle; agreement creates the commitments."""
    target = as_enum(ProposalStatus, to, "to")
    day = as_date(on, "on")
    with db.transaction() as repo:
        scoped = _writing(repo, key, Permission.EDIT_PROPOSALS)
        bench = _bench(scoped, key)
        proposal = bench.proposal
        if proposal.opened_on is not None and day.certainly_before(proposal.opened_on):
            raise ValidationFailed.single(
                "on", f"{day} is before proposal {key} was put forward ({proposal.opened_on})"
            )
        with about("proposal", key):
            transition(proposal, target, bench.situation())
            _store(repo, proposal)
            if target is ProposalStatus.AGREED:
                _agree(repo, proposal, day, bench)
            _record_move(repo, proposal, day, document, note)
        return proposal


def _agree(repo: Repository, proposal: Proposal, day: PartialDate, bench: Workbench) -> None:
    config = clearance_config()
    taken = {c.key for c in repo.all(Commitment)}
    for commitment in pledges.commitments_for_agreement(
        proposal, day, due_days=config.due_days, home=config.home_state, taken=taken
    ):
        _store(repo, commitment, new=True)


def _record_move(
    repo: Repository, proposal: Proposal, day: PartialDate, document: str | None, note: str | None
) -> None:
    status = proposal.status.value
    base, n = f"{proposal.key}-{status}", 2
    event_key = base
    while repo.find(Event, event_key) is not None:
        event_key, n = f"{base}-{n}", n + 1
    event = Event(
        key=event_key,
        date=day,
        title=f"Proposal {proposal.key} is now {status}",
        source=document or "recorded in Glienicke (proposal advance)",
        document=document,
        proposals=[proposal.key],
        cases=list(proposal.cases),
        notes=note,
    )
    _store(repo, event, new=True)


# --- replay -------------------------------------------------------------------------------------


def replay_record(db: Database, key: str, overrides: dict[str, str] | None = None) -> Replay:
    """The clearance on record made again, move by move, through the state machine."""
    with db.reading() as repo:
        bench = _bench(Scoped.of(repo), key, overrides=overrides)
    return replay(bench.proposal, bench.planned, bench.steps)
