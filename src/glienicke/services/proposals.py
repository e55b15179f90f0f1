"""Proposals and what hangs on them: items, conditions, considerations, clearance, commitments."""

from __future__ import annotations

import copy
from collections.abc import Callable

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
from glienicke.negotiation.lifecycle import allowed
from glienicke.security.model import Permission
from glienicke.services.access import Scoped, check_visible, require, require_edit
from glienicke.services.checks import about
from glienicke.services.database import Database
from glienicke.services.inputs import as_enum, as_optional_date, as_text
from glienicke.services.records import add_record, change_record, edit_record


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
    item = _item(key, side, kind, person, mechanism, description)

    def add(record: Proposal) -> None:
        _still_open(record)
        record.add_item(item)

    return change_record(db, Proposal, proposal, add, expected_version)


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

    def add(record: Proposal) -> None:
        _still_open(record)
        record.add_condition(condition)

    return change_record(db, Proposal, proposal, add, expected_version)


def _still_open(proposal: Proposal) -> None:
    """A rejected or finished proposal keeps its items, conditions and arguments as it ended."""
    if not allowed(proposal.status):
        raise ValidationFailed.single(
            "proposal",
            f"proposal {proposal.key} is {proposal.status.value.replace('-', ' ')}: its record"
            " stays as it ended and is not changed any more",
        )


def _item(
    key: str,
    side: str,
    kind: str,
    person: str | None,
    mechanism: str | None,
    description: str | None,
) -> ProposalItem:
    return ProposalItem(
        key=as_text(key, "key"),
        side=as_enum(Side, side, "side"),
        kind=as_enum(ItemKind, kind, "kind"),
        person=person,
        mechanism=mechanism,
        description=description,
    )


def _change_open(
    db: Database,
    key: str,
    change: Callable[[Proposal], object],
    expected_version: int | None,
) -> Proposal:
    """Change an open proposal as the writer sees it: their copy, changed, replaces the stored
    one through `records.edit_record`, which keeps what they may not see (an item about a
    person hidden from them stays as it is)."""
    with db.reading() as repo:
        shown: Proposal = copy.deepcopy(Scoped.of(repo).get(Proposal, key))
        current = repo.version(Proposal, key)
    with about("proposal", key):
        _still_open(shown)
        change(shown)
    return edit_record(db, shown, current if expected_version is None else expected_version)


def edit_item(
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
    """Change what an item of an open proposal says (its key stays)."""
    item = _item(key, side, kind, person, mechanism, description)
    return _change_open(db, proposal, lambda r: r.replace_item(item), expected_version)


def remove_item(
    db: Database, proposal: str, key: str, *, expected_version: int | None = None
) -> Proposal:
    """Take an item off an open proposal: refused while a condition is attached to it or a
    clearance step on record asks about it."""
    with db.reading() as repo:
        check_visible(repo, Proposal, proposal)
        asked = [s.key for s in repo.where(ClearanceStep, "proposal", proposal) if s.item == key]

    def change(record: Proposal) -> None:
        if asked and record.item(key) is not None:
            raise ValidationFailed.single(
                "item",
                f"clearance step '{asked[0]}' on record asks about item '{key}', so the item"
                " stays on record",
            )
        record.remove_item(key)

    return _change_open(db, proposal, change, expected_version)


def edit_condition(
    db: Database,
    proposal: str,
    key: str,
    text: str,
    *,
    item: str | None = None,
    expected_version: int | None = None,
) -> Proposal:
    """Change a condition of an open proposal, or what it is attached to."""
    condition = Condition(key=as_text(key, "key"), text=as_text(text, "text"), item=item)
    return _change_open(db, proposal, lambda r: r.replace_condition(condition), expected_version)


def remove_condition(
    db: Database, proposal: str, key: str, *, expected_version: int | None = None
) -> Proposal:
    """Take a condition off an open proposal."""
    return _change_open(db, proposal, lambda r: r.remove_condition(key), expected_version)


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
    with db.reading() as repo:
        argued: Proposal = Scoped.of(repo).get(Proposal, proposal)
    _still_open(argued)
    return add_record(db, consideration)


def edit_consideration(
    db: Database,
    key: str,
    stance: str,
    category: str,
    argument: str,
    *,
    made_by: str | None = None,
    document: str | None = None,
    weight: int = 3,
    expected_version: int | None = None,
) -> Consideration:
    """Change an argument on record about an open proposal (it stays about that proposal;
    a person or document the editor may not see is kept, as every edit keeps it)."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        found: Consideration = scoped.get(Consideration, key)
        _still_open(scoped.get(Proposal, found.proposal))
        current = repo.version(Consideration, key)
    edited = Consideration(
        key=key,
        proposal=found.proposal,
        stance=as_enum(Stance, stance, "stance"),
        category=as_enum(ConsiderationCategory, category, "category"),
        argument=as_text(argument, "argument"),
        made_by=made_by,
        document=document,
        weight=weight,
    )
    return edit_record(db, edited, current if expected_version is None else expected_version)


def remove_consideration(db: Database, key: str, *, expected_version: int | None = None) -> str:
    """Take an argument about an open proposal off the record (the audit trail keeps that it
    was there); the key of its proposal."""
    require_edit(Consideration)
    with db.transaction() as repo:
        check_visible(repo, Consideration, key)
        record: Consideration = repo.get(Consideration, key)
        check_visible(repo, Proposal, record.proposal)
        with about("consideration", key):
            _still_open(repo.get(Proposal, record.proposal))
        repo.remove(record, expected_version)
    return record.proposal


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
