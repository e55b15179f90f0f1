"""Proposals and what hangs on them: items, conditions, considerations, clearance, commitments."""

from __future__ import annotations

from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    Answer,
    ClearanceStep,
    Commitment,
    Condition,
    Consideration,
    ConsiderationCategory,
    Decision,
    ItemKind,
    Origin,
    Proposal,
    ProposalItem,
    Side,
    Stance,
)
from glienicke.security.model import Permission
from glienicke.services.database import Database
from glienicke.services.inputs import as_date, as_enum, as_text
from glienicke.services.records import add_record, change_record


def create_proposal(
    db: Database,
    key: str,
    title: str,
    *,
    counterparts: list[str],
    cases: list[str] | None = None,
    origin: str | None = None,
    summary: str | None = None,
) -> Proposal:
    """Start a draft proposal with one or more counterpart states."""
    if not counterparts:
        raise ValidationFailed.single("counterparts", "name at least one counterpart state")
    proposal = Proposal(
        key=as_text(key, "key"),
        title=as_text(title, "title"),
        counterparts=counterparts,
        cases=list(cases or []),
        summary=summary,
        origin=None if origin is None else as_enum(Origin, origin, "origin"),
    )
    return add_record(db, proposal)


def add_item(
    db: Database,
    proposal: str,
    key: str,
    side: str,
    kind: str,
    *,
    person: str | None = None,
    mechanism: str | None = None,
    description: str | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Add what one side would do: release a person by a mechanism, permit exit, ..."""
    item = ProposalItem(
        key=as_text(key, "key"),
        side=as_enum(Side, side, "side"),
        kind=as_enum(ItemKind, kind, "kind"),
        person=person,
        mechanism=mechanism,
        description=description,
    )
    return change_record(
        db, Proposal, proposal, lambda record: record.add_item(item), expected_version
    )


def add_condition(
    db: Database,
    proposal: str,
    key: str,
    text: str,
    *,
    item: str | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Attach a condition ('leaves the country at once') to a proposal or one of its items."""
    condition = Condition(key=as_text(key, "key"), text=as_text(text, "text"), item=item)
    return change_record(
        db, Proposal, proposal, lambda record: record.add_condition(condition), expected_version
    )


def record_consideration(
    db: Database,
    key: str,
    proposal: str,
    stance: str,
    category: str,
    argument: str,
    *,
    made_by: str | None = None,
    document: str | None = None,
    weight: int = 3,
) -> Consideration:
    """Put an argument for or against a proposal on record."""
    consideration = Consideration(
        key=as_text(key, "key"),
        proposal=proposal,
        stance=as_enum(Stance, stance, "stance"),
        category=as_enum(ConsiderationCategory, category, "category"),
        argument=as_text(argument, "argument"),
        made_by=made_by,
        document=document,
        weight=weight,
    )
    return add_record(db, consideration)


def add_clearance_step(db: Database, step: ClearanceStep) -> ClearanceStep:
    """Ask an office for a recommendation, concurrence, decision, ..."""
    if step.answer is not None:
        raise ValidationFailed.single("answer", "a new step is unanswered; record the answer after")
    return add_record(db, step)


def record_answer(
    db: Database,
    step: str,
    answer: str,
    on: str,
    *,
    by: str | None = None,
    reasons: str | None = None,
    document: str | None = None,
    decision: str | None = None,
    expected_version: int | None = None,
) -> ClearanceStep:
    """Record an office's answer to a clearance step, with its reasons and date."""
    return change_record(
        db,
        ClearanceStep,
        step,
        lambda record: record.record_answer(
            as_enum(Answer, answer, "answer"),
            on=as_date(on, "answered_on"),
            by=by,
            reasons=reasons,
            document=document,
            decision=None if decision is None else as_enum(Decision, decision, "decision"),
        ),
        expected_version,
        permission=Permission.ANSWER_CLEARANCE,
    )


def add_commitment(db: Database, commitment: Commitment) -> Commitment:
    """Record what a party undertook under a proposal."""
    return add_record(db, commitment)
