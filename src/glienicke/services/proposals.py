"""Proposals and what hangs on them: items, conditions, considerations, clearance, commitments."""

from __future__ import annotations

from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    ClearanceStep,
    Commitment,
    Condition,
    Consideration,
    ConsiderationCategory,
    ItemKind,
    Origin,
    Proposal,
    ProposalItem,
    Sequencing,
    Side,
    Stance,
)
from glienicke.security.model import Permission
from glienicke.services.access import Scoped, require
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum, as_optional_date, as_text
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
    sequencing: str | None = None,
    opened_on: str | None = None,
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
        opened_on=as_optional_date(opened_on, "opened_on"),
    )
    if sequencing is not None:
        proposal.sequencing = as_enum(Sequencing, sequencing, "sequencing")
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
) -> ClearanceStep:
    """Record the answer of the office a clearance step asked, by the step's key (the rules of
    `negotiation.answer_step` apply: it must have been requested and not taken over)."""
    from glienicke.services import negotiation

    with db.reading() as repo:
        require(Permission.ANSWER_CLEARANCE)
        record: ClearanceStep = Scoped.of(repo).get(ClearanceStep, step)
    return negotiation.answer_step(
        db,
        record.proposal,
        record.to_office,
        answer,
        on,
        step=step,
        by=by,
        reasons=reasons,
        document=document,
        decision=decision,
    )


def add_commitment(db: Database, commitment: Commitment) -> Commitment:
    """Record what a party undertook under a proposal."""
    return add_record(db, commitment)
