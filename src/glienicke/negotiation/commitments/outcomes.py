"""What became of each commitment, as recorded or on a given day, and which are overdue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from glienicke.domain.dates import PartialDate
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUp,
)
from glienicke.negotiation.commitments.creation import OPEN, _index
from glienicke.negotiation.commitments.dates import (
    _bounded,
    _days,
    end_as_written,
    in_words,
    start_as_written,
)
from glienicke.negotiation.commitments.transitions import breach_date

# --- state as of a day ---------------------------------------------------------------------


def settled_on(commitment: Commitment) -> PartialDate | None:
    """When the commitment stopped being open: its fulfilment (or partial fulfilment), or its
    breach or waiver (see `breach_date`); None while pending."""
    if commitment.status in (CommitmentStatus.FULFILLED, CommitmentStatus.PARTLY_FULFILLED):
        return commitment.fulfilled_on
    return breach_date(commitment)


def status_as_of(commitment: Commitment, as_of: date | None) -> CommitmentStatus:
    """The status the commitment had on `as_of` (None: as recorded now). A settlement counts
    from the first day its date names; one whose date is unknown counts on any day."""
    if as_of is None or commitment.status is CommitmentStatus.PENDING:
        return commitment.status
    when = settled_on(commitment)
    if when is None or start_as_written(when) <= as_of:
        return commitment.status
    return CommitmentStatus.PENDING


# --- lateness and outcomes -----------------------------------------------------------------


@dataclass(frozen=True)
class Lateness:
    """How late something was done. `days` is measured as written, from the end of the due
    period to the start of the period the fulfilment names; `at_least` is the least any reading
    of the dates allows; `at_most` the most (None when a date is open-ended)."""

    days: int
    at_least: int
    at_most: int | None

    def words(self) -> str:
        return in_words(self.days)

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "at_least": self.at_least,
            "at_most": self.at_most,
            "in_words": self.words(),
        }


def lateness(due: PartialDate | None, done: PartialDate | None) -> Lateness | None:
    """How late `done` was against `due`; None unless it was certainly late."""
    if due is None or done is None or not due.certainly_before(done):
        return None
    at_least = max((done.earliest() - due.latest()).days, 0)
    days = max((start_as_written(done) - end_as_written(due)).days, at_least)
    latest, earliest = done.latest(), due.earliest()
    at_most = (latest - earliest).days if _bounded(latest) and _bounded(earliest) else None
    return Lateness(days=days, at_least=at_least, at_most=at_most)


class OutcomeKind(StrEnum):
    KEPT = "kept"
    KEPT_LATE = "kept-late"
    PARTLY = "partly"
    BROKEN = "broken"
    BROKEN_THEN_KEPT = "broken-then-kept"
    BROKEN_RELINKED = "broken-relinked"
    PENDING = "pending"
    WAIVED = "waived"


OUTCOME_MEANING = {
    OutcomeKind.KEPT: "fulfilled, and not certainly after it was due",
    OutcomeKind.KEPT_LATE: "fulfilled, certainly after it was due",
    OutcomeKind.PARTLY: "partly fulfilled",
    OutcomeKind.BROKEN: "broken, and not taken over by a later arrangement",
    OutcomeKind.BROKEN_THEN_KEPT: "broken, then kept under a later arrangement that took it over",
    OutcomeKind.BROKEN_RELINKED: "broken, taken over by a later arrangement, not (yet) kept there",
    OutcomeKind.PENDING: "not yet done",
    OutcomeKind.WAIVED: "waived: we no longer hold the party to it",
}


@dataclass(frozen=True)
class Outcome:
    """What became of one commitment, with the facts behind the verdict."""

    commitment: str
    proposal: str
    party: str
    person: str | None
    kind: OutcomeKind
    due: PartialDate | None
    fulfilled_on: PartialDate | None  # when it was done, here or under the successor
    broken_on: PartialDate | None  # a broken commitment's breach (see `breach_date`)
    lateness: Lateness | None  # against this commitment's own due date
    taken_over_by: tuple[str, ...]  # the successors, in order, for a re-linked commitment
    kept_under: str | None  # the proposal under which a broken commitment was finally kept
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "commitment": self.commitment,
            "proposal": self.proposal,
            "party": self.party,
            "person": self.person,
            "outcome": self.kind.value,
            "due": _text(self.due),
            "fulfilled_on": _text(self.fulfilled_on),
            "broken_on": _text(self.broken_on),
            "lateness": None if self.lateness is None else self.lateness.to_dict(),
            "taken_over_by": list(self.taken_over_by),
            "kept_under": self.kept_under,
            "explanation": self.explanation,
        }


def _text(day: PartialDate | None) -> str | None:
    return None if day is None else str(day)


def outcome(
    commitment: Commitment,
    commitments: Iterable[Commitment] = (),
    *,
    as_of: date | None = None,
) -> Outcome:
    """What became of a commitment, as recorded or as it stood on `as_of`. `commitments` are the
    other records, where a re-linked commitment's successors are looked up."""
    return _outcome(commitment, _index(commitments), as_of)


def _outcome(
    commitment: Commitment, index: Mapping[str, Commitment], as_of: date | None
) -> Outcome:
    status = status_as_of(commitment, as_of)
    due = commitment.due
    due_words = f"due {due}" if due is not None else "no due date was set"
    chain: tuple[str, ...] = ()
    kept_under: str | None = None
    done: PartialDate | None = None
    late: Lateness | None = None
    broken_on = breach_date(commitment) if status is CommitmentStatus.BROKEN else None
    if status is CommitmentStatus.FULFILLED:
        done = commitment.fulfilled_on
        late = lateness(due, done)
        if late is None:
            kind, why = OutcomeKind.KEPT, f"kept: fulfilled {done}; {due_words}"
        else:
            kind = OutcomeKind.KEPT_LATE
            why = (
                f"kept late: {due_words}, fulfilled {done}, {late.words()} late ({late.days} days"
                f" after the due period ended; at least {late.at_least})"
            )
    elif status is CommitmentStatus.PARTLY_FULFILLED:
        done = commitment.fulfilled_on
        late = lateness(due, done)
        kind, why = OutcomeKind.PARTLY, f"partly kept: partly fulfilled {done}; {due_words}"
    elif status is CommitmentStatus.WAIVED:
        kind, why = OutcomeKind.WAIVED, f"waived ({breach_date(commitment) or 'date unknown'})"
    elif status is CommitmentStatus.BROKEN:
        kind, why, chain, kept_under, done, late = _broken(commitment, index, as_of, broken_on)
    else:
        kind, why = OutcomeKind.PENDING, f"pending: {due_words}"
        if as_of is not None and due is not None and due.latest() < as_of:
            why += f"; overdue by {_days((as_of - end_as_written(due)).days)} on {as_of}"
    return Outcome(
        commitment=commitment.key,
        proposal=commitment.proposal,
        party=commitment.party,
        person=commitment.person,
        kind=kind,
        due=due,
        fulfilled_on=done,
        broken_on=broken_on,
        lateness=late,
        taken_over_by=chain,
        kept_under=kept_under,
        explanation=why,
    )


def _broken(
    commitment: Commitment,
    index: Mapping[str, Commitment],
    as_of: date | None,
    broken_on: PartialDate | None,
) -> tuple[OutcomeKind, str, tuple[str, ...], str | None, PartialDate | None, Lateness | None]:
    why = f"broken under {commitment.proposal}" + (f" ({broken_on})" if broken_on else "")
    chain: list[str] = []
    current = commitment
    seen = {commitment.key}
    while current.relinked_to is not None and status_as_of(current, as_of) is (
        CommitmentStatus.BROKEN
    ):
        successor = index.get(current.relinked_to)
        chain.append(current.relinked_to)
        if successor is None:
            why += f"; taken over by {current.relinked_to}, which is not among the records given"
            return OutcomeKind.BROKEN_RELINKED, why, tuple(chain), None, None, None
        if successor.key in seen:
            why += f"; its re-linking runs in a circle back to {successor.key}"
            return OutcomeKind.BROKEN_RELINKED, why, tuple(chain), None, None, None
        seen.add(successor.key)
        why += f"; taken over by {successor.key} under {successor.proposal}"
        current = successor
    if not chain:
        return OutcomeKind.BROKEN, why, (), None, None, None
    final = status_as_of(current, as_of)
    if final is CommitmentStatus.FULFILLED:
        done = current.fulfilled_on
        late = lateness(commitment.due, done)
        why += f" and kept there {done}"
        if late is not None:
            why += f", {late.words()} after it was first due"
        return OutcomeKind.BROKEN_THEN_KEPT, why, tuple(chain), current.proposal, done, late
    state = {
        CommitmentStatus.PENDING: "still pending there",
        CommitmentStatus.PARTLY_FULFILLED: f"partly fulfilled there {current.fulfilled_on}",
        CommitmentStatus.BROKEN: "broken there too",
        CommitmentStatus.WAIVED: "waived there",
    }[final]
    return OutcomeKind.BROKEN_RELINKED, f"{why}, {state}", tuple(chain), None, None, None


# --- overdue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """An open commitment past its due date on `as_of`, and how hard we have pressed."""

    commitment: str
    proposal: str
    party: str
    person: str | None
    status: CommitmentStatus  # pending or partly-fulfilled, on as_of
    due: PartialDate
    days: int  # as written: from the end of the due period to as_of
    at_least: int  # past even the latest reading of the due date (0 when only possibly)
    certain: bool  # overdue on every reading of the due date
    follow_ups: int  # recorded by as_of
    last_follow_up: FollowUp | None
    days_since_follow_up: int | None  # from the end of the last follow-up's period
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        last = self.last_follow_up
        return {
            "commitment": self.commitment,
            "proposal": self.proposal,
            "party": self.party,
            "person": self.person,
            "status": self.status.value,
            "due": str(self.due),
            "days_overdue": self.days,
            "at_least": self.at_least,
            "certain": self.certain,
            "follow_ups": self.follow_ups,
            "last_follow_up": None if last is None else follow_up_to_dict(last),
            "days_since_follow_up": self.days_since_follow_up,
            "explanation": self.explanation,
        }


def follow_up_to_dict(follow_up: FollowUp) -> dict[str, Any]:
    return {
        "date": str(follow_up.date),
        "action": follow_up.action.value,
        "by": follow_up.by,
        "note": follow_up.note,
        "document": follow_up.document,
    }


def overdue(
    commitments: Iterable[Commitment], as_of: date, *, include_possible: bool = False
) -> list[Overdue]:
    """The commitments still open on `as_of` and past their due date, most overdue first.

    Conservative by default: only those past every reading of their due date (due 'about
    1941-04' is certainly past from 1 June 1941, the 'about' widening a month by a month). With
    `include_possible`, also those past the due date as written but still within its
    uncertainty, marked `certain=False`. A commitment with no due date is never overdue.
    """
    found: list[Overdue] = []
    for commitment in commitments:
        due = commitment.due
        status = status_as_of(commitment, as_of)
        if due is None or status not in OPEN:
            continue
        days = (as_of - end_as_written(due)).days
        certain = due.latest() < as_of
        if not certain and not (include_possible and days > 0):
            continue
        at_least = (as_of - due.latest()).days if certain else 0
        pressed = [f for f in commitment.follow_ups if start_as_written(f.date) <= as_of]
        last = pressed[-1] if pressed else None
        since = None if last is None else max((as_of - end_as_written(last.date)).days, 0)
        why = f"due {due}, {_days(days)} ago on {as_of}"
        why += "" if certain else " (within the uncertainty of the due date)"
        if status is CommitmentStatus.PARTLY_FULFILLED:
            why += f"; partly fulfilled {commitment.fulfilled_on}"
        why += (
            "; never pressed"
            if last is None
            else f"; {len(pressed)} follow-up{'s' if len(pressed) != 1 else ''}, the last"
            f" {last.date} ({last.action.value})"
        )
        found.append(
            Overdue(
                commitment=commitment.key,
                proposal=commitment.proposal,
                party=commitment.party,
                person=commitment.person,
                status=status,
                due=due,
                days=days,
                at_least=at_least,
                certain=certain,
                follow_ups=len(pressed),
                last_follow_up=last,
                days_since_follow_up=since,
                explanation=why,
            )
        )
    found.sort(key=lambda o: (-o.days, o.commitment))
    return found


def commitment_to_dict(commitment: Commitment) -> dict[str, Any]:
    """A commitment as plain JSON-ready values."""
    return {
        "key": commitment.key,
        "proposal": commitment.proposal,
        "party": commitment.party,
        "person": commitment.person,
        "act": commitment.act.value,
        "description": commitment.description,
        "due": _text(commitment.due),
        "status": commitment.status.value,
        "fulfilled_on": _text(commitment.fulfilled_on),
        "evidence": commitment.evidence,
        "evidence_note": commitment.evidence_note,
        "relinked_to": commitment.relinked_to,
        "follow_ups": [follow_up_to_dict(f) for f in commitment.follow_ups],
    }
