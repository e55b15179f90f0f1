"""What may happen to a commitment: fulfilled, pressed, broken, waived."""

from __future__ import annotations

import dataclasses
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpAction,
)
from glienicke.negotiation.commitments.creation import OPEN

# --- transitions ---------------------------------------------------------------------------


def _apply(commitment: Commitment, **changes: Any) -> Commitment:
    """Change the record only if the changed record passes the domain's own rules."""
    candidate = dataclasses.replace(commitment, **changes)
    problems = candidate.problems()
    if problems:
        raise ValidationFailed(problems)
    for name, value in changes.items():
        setattr(commitment, name, value)
    return commitment


def _why_closed(commitment: Commitment) -> str:
    """Why a settled commitment can take no more action, in words."""
    status = commitment.status
    if status is CommitmentStatus.FULFILLED:
        return f"commitment {commitment.key} was already fulfilled on {commitment.fulfilled_on}"
    if status is CommitmentStatus.WAIVED:
        return f"commitment {commitment.key} was waived"
    if status is CommitmentStatus.BROKEN and commitment.relinked_to is not None:
        return (
            f"commitment {commitment.key} was broken and taken over by"
            f" {commitment.relinked_to}; act on that one"
        )
    if status is CommitmentStatus.BROKEN:
        return (
            f"commitment {commitment.key} was recorded as broken; re-link it to the arrangement"
            " under which it is now pursued"
        )
    return f"commitment {commitment.key} is {status.value}"


def _order_problem(commitment: Commitment, on: PartialDate) -> Problem | None:
    if commitment.follow_ups and on.certainly_before(commitment.follow_ups[-1].date):
        return Problem(
            "on",
            f"{on} is before the last follow-up of commitment {commitment.key}"
            f" ({commitment.follow_ups[-1].date}); its record is kept in order",
        )
    return None


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def fulfil(
    commitment: Commitment,
    on: PartialDate,
    *,
    evidence: str | None = None,
    note: str | None = None,
    partly: bool = False,
    undertaken_on: PartialDate | None = None,
) -> Commitment:
    """Record that the party did what it undertook (or part of it) on `on`.

    Evidence is required: the key of the document that shows it, or a note saying how we know.
    A partly fulfilled commitment stays open and may be fulfilled (or partly fulfilled again)
    later; the newer evidence replaces the older where given. `undertaken_on`, when the caller
    knows it, refuses a fulfilment dated before the undertaking.
    """
    problems: list[Problem] = []
    if commitment.status not in OPEN:
        problems.append(
            Problem(
                "status",
                _why_closed(commitment)
                + "; only a pending or partly fulfilled commitment can be fulfilled",
            )
        )
    if evidence is None and _blank(note):
        problems.append(
            Problem(
                "evidence",
                "say how we know it was done: give the document that shows it, or a note",
            )
        )
    if undertaken_on is not None and on.certainly_before(undertaken_on):
        problems.append(
            Problem("on", f"{on} is before the commitment was undertaken ({undertaken_on})")
        )
    earlier = commitment.fulfilled_on
    if (
        commitment.status is CommitmentStatus.PARTLY_FULFILLED
        and earlier is not None
        and on.certainly_before(earlier)
    ):
        problems.append(
            Problem("on", f"{on} is before the commitment was partly fulfilled ({earlier})")
        )
    if problems:
        raise ValidationFailed(problems)
    return _apply(
        commitment,
        status=CommitmentStatus.PARTLY_FULFILLED if partly else CommitmentStatus.FULFILLED,
        fulfilled_on=on,
        evidence=evidence if evidence is not None else commitment.evidence,
        evidence_note=note if not _blank(note) else commitment.evidence_note,
    )


def press(
    commitment: Commitment,
    on: PartialDate,
    *,
    by: str | None = None,
    note: str | None = None,
    document: str | None = None,
    action: FollowUpAction = FollowUpAction.PRESS,
) -> Commitment:
    """Record a follow-up (by default: we pressed the party) on an open commitment.

    Follow-ups are kept in date order, and only while the commitment is open: a fulfilled or
    waived one needs no pressing, and a broken one is pursued under the arrangement it is
    re-linked to.
    """
    problems: list[Problem] = []
    if commitment.status not in OPEN:
        problems.append(
            Problem("status", _why_closed(commitment) + "; there is nothing to press for")
        )
    order = _order_problem(commitment, on)
    if order is not None:
        problems.append(order)
    if problems:
        raise ValidationFailed(problems)
    follow_up = FollowUp(date=on, action=action, by=by, note=note, document=document)
    return _apply(commitment, follow_ups=[*commitment.follow_ups, follow_up])


def _close(
    commitment: Commitment,
    status: CommitmentStatus,
    verb: str,
    on: PartialDate,
    note: str,
    by: str | None,
    document: str | None,
) -> Commitment:
    problems: list[Problem] = []
    if commitment.status is CommitmentStatus.PARTLY_FULFILLED:
        problems.append(
            Problem(
                "status",
                f"commitment {commitment.key} was partly fulfilled on {commitment.fulfilled_on};"
                f" that stays its outcome, and a partly fulfilled commitment is not {verb}",
            )
        )
    elif commitment.status is not CommitmentStatus.PENDING:
        problems.append(
            Problem(
                "status",
                _why_closed(commitment) + f"; only a pending commitment can be {verb}",
            )
        )
    if _blank(note):
        problems.append(Problem("note", f"say why the commitment is {verb}"))
    order = _order_problem(commitment, on)
    if order is not None:
        problems.append(order)
    if problems:
        raise ValidationFailed(problems)
    record = FollowUp(date=on, action=FollowUpAction.NOTE, by=by, note=note, document=document)
    return _apply(commitment, status=status, follow_ups=[*commitment.follow_ups, record])


def break_(
    commitment: Commitment,
    on: PartialDate,
    *,
    note: str,
    by: str | None = None,
    document: str | None = None,
) -> Commitment:
    """Record that the party will not do what it undertook (as when Moscow declared its
    obligations for Gorin exhausted). The breach is recorded as a dated note among the
    follow-ups, with its reason and document; it is the last follow-up the commitment gets."""
    return _close(commitment, CommitmentStatus.BROKEN, "broken", on, note, by, document)


def waive(
    commitment: Commitment,
    on: PartialDate,
    *,
    note: str,
    by: str | None = None,
    document: str | None = None,
) -> Commitment:
    """Record that we no longer hold the party to it (the person died, or came home another
    way). Recorded as a dated note among the follow-ups, like a breach."""
    return _close(commitment, CommitmentStatus.WAIVED, "waived", on, note, by, document)


def breach_date(commitment: Commitment) -> PartialDate | None:
    """When a broken or waived commitment was settled: its last follow-up (where `break_` and
    `waive` record it), or failing that its due date; None for other states."""
    if commitment.status not in (CommitmentStatus.BROKEN, CommitmentStatus.WAIVED):
        return None
    if commitment.follow_ups:
        return commitment.follow_ups[-1].date
    return commitment.due
