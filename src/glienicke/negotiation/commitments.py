"""Commitments: what each party undertook under an arrangement, and whether it did it.

Pure logic over the domain's `Commitment` records: creating them when a proposal is agreed,
the transitions a commitment may go through (fulfilled, pressed, broken, waived, re-linked to a
later arrangement), which ones are overdue on a given day, what became of each, and how far a
counterpart can be relied on, counted from its record.

Every transition checks everything first and refuses with a `ValidationFailed` that says why;
a refused transition leaves the commitment exactly as it was. A transition that is accepted
changes the record in place (as the domain's own methods do, so that a service can apply it
inside its one transaction) and returns it.

Dates are partial. Two readings are used, and every figure says which:

* *certainly*: a commitment is late, or overdue, only when every reading of the dates says so
  (`PartialDate.certainly_before` and the widest bounds of an "about" date);
* *as written*: a figure in days is measured between the dates as the record states them,
  without the widening an "about" adds: a commitment due "about 1941-04" falls due at the end of
  April, one fulfilled "1941-07" is counted from 1 July. Each such figure is shown with the
  smallest value it could take ("at least") beside it.

What the domain record does not hold is inferred, and the inference is named where it is
used: a broken or waived commitment's date is that of its last follow-up (`break_` and `waive`
record the breach or waiver as one), or failing that its due date.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, Literal

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.errors import NotFound, Problem, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpAction,
    ItemKind,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
)

DEFAULT_DUE_DAYS = 30
"""How long after agreement a commitment falls due when no due date is given."""

AGREED = frozenset(
    {
        ProposalStatus.AGREED,
        ProposalStatus.EXECUTING,
        ProposalStatus.COMPLETED,
        ProposalStatus.PARTLY_COMPLETED,
        ProposalStatus.FAILED,
    }
)
"""The lifecycle states that come after agreement: only these carry commitments."""

OPEN = frozenset({CommitmentStatus.PENDING, CommitmentStatus.PARTLY_FULFILLED})
"""A commitment is still open while pending or partly fulfilled: the rest may yet be done."""

Grouping = Literal["year", "proposal"]

_DEFAULT_WORDS = {
    ItemKind.RELEASE: "Release {who}.",
    ItemKind.EXIT_PERMISSION: "Let {who} leave.",
    ItemKind.TRANSFER: "Transfer {who}.",
    ItemKind.DROPPED_CHARGES: "Drop the charges against {who}.",
    ItemKind.OTHER: "Do what item {item} provides for {who}.",
}


# --- partial dates, as written -----------------------------------------------------------------


def _as_written(day: PartialDate) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def start_as_written(day: PartialDate) -> date:
    """The first day of the period a date names, without the widening of a qualifier:
    '1941-07' and 'about 1941-07' both give 1 July 1941."""
    return _as_written(day).earliest()


def end_as_written(day: PartialDate) -> date:
    """The last day of the period a date names, without the widening of a qualifier:
    a commitment due 'about 1941-04' falls due at the end of April."""
    return _as_written(day).latest()


def in_words(days: float) -> str:
    """A span of days in plain words: '5 days', 'about 6 weeks', 'about 11 months',
    'about a year'."""
    whole = round(days)
    if whole < 14:
        return f"{whole} day{'' if whole == 1 else 's'}"
    if whole < 60:
        return f"about {round(whole / 7)} weeks"
    months = round(whole / 30.44)
    if months < 12:
        return f"about {months} months"
    years = round(whole / 365.25)
    return "about a year" if years == 1 else f"about {years} years"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _bounded(day: date) -> bool:
    return day not in (date.min, date.max)


# --- finding -------------------------------------------------------------------------------


def find(commitments: Iterable[Commitment], key: str) -> Commitment:
    """The commitment with this key; an unknown key raises `NotFound` naming it."""
    for commitment in commitments:
        if commitment.key == key:
            return commitment
    raise NotFound("commitment", key)


def _index(commitments: Iterable[Commitment]) -> dict[str, Commitment]:
    return {c.key: c for c in commitments}


# --- creation on agreement -----------------------------------------------------------------


def due_after(agreed_on: PartialDate, days: int) -> PartialDate:
    """The due date `days` after an agreement: counted from the last day the agreement's date
    names; 'about' unless the agreement is dated exactly to the day."""
    base = end_as_written(agreed_on) + timedelta(days=days)
    exact = agreed_on.qualifier is Qualifier.EXACT and agreed_on.day is not None
    return PartialDate(
        base.year, base.month, base.day, qualifier=Qualifier.EXACT if exact else Qualifier.ABOUT
    )


def commitment_key(proposal: str, item: str) -> str:
    """The key of the commitment an item gives rise to: 'gorin-1941' + 'release-pyk'."""
    return f"{proposal}-{item}"


def commitments_for_agreement(
    proposal: Proposal,
    agreed_on: PartialDate,
    *,
    due: PartialDate | Mapping[str, PartialDate] | None = None,
    due_days: int | None = DEFAULT_DUE_DAYS,
    parties: Mapping[str, str] | None = None,
    home: str | None = None,
    taken: Collection[str] = (),
) -> list[Commitment]:
    """The commitments an agreed proposal gives rise to, one per item, in item order.

    Each get-side item is an undertaking of the counterpart (what we obtain). With one
    counterpart it is that state's; with several, `parties` names the state for each get-side
    item key. With `home` (our state's key) the give-side items become our own commitments too.
    Keys are `<proposal>-<item>`. The due date is `due` (one date for all, or one per item key);
    failing that `due_days` after `agreed_on` (see `due_after`); with `due_days=None`, none.
    `taken` are the commitment keys already in use. Nothing is created unless every item can be.
    """
    problems: list[Problem] = []
    if proposal.status not in AGREED:
        problems.append(
            Problem(
                "status",
                f"proposal {proposal.key} is {proposal.status.value}; commitments arise only"
                " from an agreed proposal (record the agreement first)",
            )
        )
    if proposal.opened_on is not None and agreed_on.certainly_before(proposal.opened_on):
        problems.append(
            Problem(
                "agreed_on",
                f"{agreed_on} is before proposal {proposal.key} was opened ({proposal.opened_on})",
            )
        )
    if due_days is not None and due_days < 0:
        problems.append(Problem("due_days", f"{due_days} is negative; give 0 or more days"))
    item_keys = {i.key for i in proposal.items}
    if isinstance(due, Mapping):
        for key in sorted(set(due) - item_keys):
            problems.append(Problem(f"due.{key}", f"proposal {proposal.key} has no item '{key}'"))
    for key in sorted(set(parties or {}) - item_keys):
        problems.append(Problem(f"parties.{key}", f"proposal {proposal.key} has no item '{key}'"))

    wanted: list[tuple[int, ProposalItem, str | None]] = []
    for index, item in enumerate(proposal.items):
        if item.side is Side.GET:
            wanted.append((index, item, _counterpart_of(proposal, item, parties, problems, index)))
        elif home is not None:
            wanted.append((index, item, home))
    if not any(item.side is Side.GET for item in proposal.items):
        problems.append(
            Problem(
                "items",
                f"proposal {proposal.key} has no get-side item: the counterpart undertook nothing",
            )
        )

    created: list[Commitment] = []
    used = set(taken)
    for index, item, party in wanted:
        key = commitment_key(proposal.key, item.key)
        where = f"items[{index}]"
        if key in used:
            problems.append(Problem(where, f"commitment '{key}' already exists"))
        used.add(key)
        when = due.get(item.key) if isinstance(due, Mapping) else due
        if when is None and due_days is not None and due_days >= 0:
            when = due_after(agreed_on, due_days)
        if when is not None and when.certainly_before(agreed_on):
            problems.append(
                Problem(f"{where}.due", f"due {when} is before the agreement ({agreed_on})")
            )
        if party is None:
            continue
        who = item.person or "the persons concerned"
        created.append(
            Commitment(
                key=key,
                proposal=proposal.key,
                party=party,
                person=item.person,
                act=item.kind,
                description=item.description
                or _DEFAULT_WORDS[item.kind].format(who=who, item=item.key),
                due=when,
            )
        )
    for commitment in created:
        problems += [Problem(commitment.key, str(p)) for p in commitment.problems()]
    if problems:
        raise ValidationFailed(problems)
    return created


def _counterpart_of(
    proposal: Proposal,
    item: ProposalItem,
    parties: Mapping[str, str] | None,
    problems: list[Problem],
    index: int,
) -> str | None:
    named = (parties or {}).get(item.key)
    if named is not None:
        if named not in proposal.counterparts:
            problems.append(
                Problem(
                    f"parties.{item.key}",
                    f"'{named}' is not a counterpart of proposal {proposal.key}"
                    f" (its counterparts: {', '.join(proposal.counterparts) or 'none'})",
                )
            )
            return None
        return named
    if len(proposal.counterparts) == 1:
        return proposal.counterparts[0]
    if not proposal.counterparts:
        problems.append(
            Problem("counterparts", f"proposal {proposal.key} names no counterpart state")
        )
    else:
        problems.append(
            Problem(
                f"items[{index}]",
                f"proposal {proposal.key} has several counterparts; say in `parties` which one"
                f" undertook item '{item.key}'",
            )
        )
    return None


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


def relink(
    commitment: Commitment,
    proposal: Proposal,
    on: PartialDate,
    *,
    note: str | None = None,
    due: PartialDate | None = None,
    item: str | None = None,
    description: str | None = None,
    taken: Collection[str] = (),
) -> Commitment:
    """Tie a broken commitment to a later arrangement that takes it over (as Mrs. Habicht's exit,
    broken under the Gorin arrangement, was tied to the Ovakimian one).

    History is kept: the broken commitment stays broken and points to its successor
    (`relinked_to`); the successor is a new commitment under `proposal`, of the same party,
    person and act, whose first follow-up notes the take-over on `on`. Its key is
    `<proposal>-<item>`, the item being the proposal's get-side item for the same person and act
    (or the one named by `item`). Returns the new commitment; the caller stores both.
    """
    problems: list[Problem] = []
    if commitment.status is CommitmentStatus.PENDING:
        problems.append(
            Problem(
                "status",
                f"commitment {commitment.key} is pending; record it as broken first: only a"
                " broken commitment is re-linked",
            )
        )
    elif commitment.status is not CommitmentStatus.BROKEN:
        problems.append(
            Problem(
                "status",
                f"commitment {commitment.key} is {commitment.status.value}; only a broken"
                " commitment is re-linked",
            )
        )
    elif commitment.relinked_to is not None:
        problems.append(
            Problem(
                "relinked_to",
                f"commitment {commitment.key} was already re-linked to {commitment.relinked_to}",
            )
        )
    if proposal.key == commitment.proposal:
        problems.append(
            Problem(
                "proposal",
                f"commitment {commitment.key} already belongs to proposal {proposal.key};"
                " re-link it to a different arrangement",
            )
        )
    if proposal.status not in AGREED:
        problems.append(
            Problem(
                "proposal",
                f"proposal {proposal.key} is {proposal.status.value}; a commitment is re-linked"
                " only to an agreed arrangement",
            )
        )
    if commitment.party not in proposal.counterparts:
        problems.append(
            Problem(
                "proposal",
                f"'{commitment.party}' is not a counterpart of proposal {proposal.key}",
            )
        )
    chosen = _successor_item(commitment, proposal, item, problems)
    broken_on = breach_date(commitment)
    if (
        commitment.status is CommitmentStatus.BROKEN
        and broken_on is not None
        and on.certainly_before(broken_on)
    ):
        problems.append(Problem("on", f"{on} is before the commitment was broken ({broken_on})"))
    if proposal.opened_on is not None and on.certainly_before(proposal.opened_on):
        problems.append(
            Problem(
                "on", f"{on} is before proposal {proposal.key} was opened ({proposal.opened_on})"
            )
        )
    if due is not None and due.certainly_before(on):
        problems.append(Problem("due", f"due {due} is before the re-linking ({on})"))
    key = commitment_key(proposal.key, chosen.key) if chosen is not None else ""
    if chosen is not None and (key in taken or key == commitment.key):
        problems.append(
            Problem("key", f"commitment '{key}' already exists; name another item with `item`")
        )
    if problems or chosen is None:
        raise ValidationFailed(problems)
    told = f"Takes over {commitment.key}, broken under {commitment.proposal}"
    told = f"{told}: {note.strip()}" if note is not None and note.strip() else f"{told}."
    successor = Commitment(
        key=key,
        proposal=proposal.key,
        party=commitment.party,
        person=commitment.person,
        act=commitment.act,
        description=description or chosen.description or commitment.description,
        due=due,
        follow_ups=[
            FollowUp(
                date=on,
                action=FollowUpAction.NOTE,
                note=told,
            )
        ],
    )
    found = successor.problems()
    if found:
        raise ValidationFailed(found)
    _apply(commitment, relinked_to=successor.key)
    return successor


def _successor_item(
    commitment: Commitment, proposal: Proposal, item: str | None, problems: list[Problem]
) -> ProposalItem | None:
    if item is not None:
        named = proposal.item(item)
        if named is None:
            problems.append(Problem("item", f"proposal {proposal.key} has no item '{item}'"))
        elif named.side is not Side.GET:
            problems.append(
                Problem("item", f"item '{item}' of proposal {proposal.key} is on the give side")
            )
        elif named.person != commitment.person:
            problems.append(
                Problem(
                    "item",
                    f"item '{item}' of proposal {proposal.key} concerns {named.person or 'no one'},"
                    f" not {commitment.person or 'no one'}",
                )
            )
        return named
    matches = [
        i
        for i in proposal.side(Side.GET)
        if i.person == commitment.person and i.kind is commitment.act
    ]
    if len(matches) == 1:
        return matches[0]
    who = commitment.person or "no named person"
    if not matches:
        problems.append(
            Problem(
                "item",
                f"proposal {proposal.key} has no get-side {commitment.act.value} item for {who};"
                " add it to the proposal first, or name an item with `item`",
            )
        )
    else:
        keys = ", ".join(i.key for i in matches)
        problems.append(
            Problem(
                "item",
                f"proposal {proposal.key} has several {commitment.act.value} items for {who}"
                f" ({keys}); name one with `item`",
            )
        )
    return None


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


# --- reliability ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Counts of outcomes. Kept, late, partly, broken, pending and waived add up to the total;
    `made_good` is among the broken, `overdue` among the pending."""

    total: int = 0
    kept: int = 0
    late: int = 0
    partly: int = 0
    broken: int = 0
    made_good: int = 0
    pending: int = 0
    overdue: int | None = None  # None when no as_of was given
    waived: int = 0
    days_late: tuple[int, ...] = ()  # as written, of each one kept late

    @property
    def settled(self) -> int:
        """Kept, late, partly or broken: the commitments that have had their outcome."""
        return self.kept + self.late + self.partly + self.broken

    @property
    def on_time_rate(self) -> float | None:
        return self.kept / self.settled if self.settled else None

    @property
    def kept_rate(self) -> float | None:
        return (self.kept + self.late) / self.settled if self.settled else None

    @property
    def mean_days_late(self) -> float | None:
        return sum(self.days_late) / len(self.days_late) if self.days_late else None

    def to_dict(self) -> dict[str, Any]:
        mean = self.mean_days_late
        return {
            "total": self.total,
            "kept": self.kept,
            "late": self.late,
            "partly": self.partly,
            "broken": self.broken,
            "made_good": self.made_good,
            "pending": self.pending,
            "overdue": self.overdue,
            "waived": self.waived,
            "settled": self.settled,
            "on_time_rate": _rate(self.on_time_rate),
            "kept_rate": _rate(self.kept_rate),
            "mean_days_late": None if mean is None else round(mean, 1),
        }


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tally(outcomes: Iterable[Outcome], as_of: date | None) -> Tally:
    counts = {kind: 0 for kind in OutcomeKind}
    days_late: list[int] = []
    overdue_count = 0
    for found in outcomes:
        counts[found.kind] += 1
        if found.kind is OutcomeKind.KEPT_LATE and found.lateness is not None:
            days_late.append(found.lateness.days)
        if (
            found.kind is OutcomeKind.PENDING
            and as_of is not None
            and found.due is not None
            and found.due.latest() < as_of
        ):
            overdue_count += 1
    broken = (
        counts[OutcomeKind.BROKEN]
        + counts[OutcomeKind.BROKEN_THEN_KEPT]
        + counts[OutcomeKind.BROKEN_RELINKED]
    )
    return Tally(
        total=sum(counts.values()),
        kept=counts[OutcomeKind.KEPT],
        late=counts[OutcomeKind.KEPT_LATE],
        partly=counts[OutcomeKind.PARTLY],
        broken=broken,
        made_good=counts[OutcomeKind.BROKEN_THEN_KEPT],
        pending=counts[OutcomeKind.PENDING],
        overdue=overdue_count if as_of is not None else None,
        waived=counts[OutcomeKind.WAIVED],
        days_late=tuple(days_late),
    )


@dataclass(frozen=True)
class Period:
    """The tally of the commitments of one year (by due date) or of one proposal."""

    period: str
    tally: Tally

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, **self.tally.to_dict()}


EXPLANATIONS = {
    "total": "commitments the party undertook, under every proposal on record",
    "kept": "fulfilled, and not certainly after the due date (or with none set)",
    "late": "fulfilled, certainly after the due date",
    "partly": "partly fulfilled (the rest may still come)",
    "broken": (
        "recorded as broken; a broken commitment taken over by a later arrangement counts here,"
        " and the successor counts on its own"
    ),
    "made_good": "of the broken, those kept in the end under the arrangement that took them over",
    "pending": "not yet done (on as_of, when given: done later counts as pending then)",
    "overdue": "of the pending, those certainly past their due date on as_of",
    "waived": "no longer asked of the party; left out of the rates",
    "settled": "kept + late + partly + broken: the commitments that have had their outcome",
    "on_time_rate": "kept ÷ settled",
    "kept_rate": "(kept + late) ÷ settled",
    "mean_days_late": (
        "the mean, over those kept late, of the days from the end of the due period to the"
        " start of the fulfilment's period, the dates taken as written"
    ),
    "timeline": (
        "the same counts for each year in which commitments fell due (failing a due date, the"
        " year of their outcome), or for each proposal"
    ),
}


@dataclass(frozen=True)
class Reliability:
    """How far a party kept its commitments, counted from its record."""

    party: str
    as_of: date | None
    by: Grouping
    tally: Tally
    timeline: tuple[Period, ...]
    outcomes: tuple[Outcome, ...]
    summary: str

    @property
    def explanations(self) -> dict[str, str]:
        return dict(EXPLANATIONS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "by": self.by,
            "summary": self.summary,
            **self.tally.to_dict(),
            "timeline": [p.to_dict() for p in self.timeline],
            "outcomes": [o.to_dict() for o in self.outcomes],
            "explanations": self.explanations,
        }


def reliability(
    commitments: Iterable[Commitment],
    party: str,
    *,
    as_of: date | None = None,
    by: Grouping = "year",
    party_name: str | None = None,
) -> Reliability:
    """The party's record of keeping its commitments, as recorded or as it stood on `as_of`.

    `commitments` may hold every party's: the party's own are counted, the rest serve to follow
    re-linked commitments. Each commitment counts once, under its own proposal (see
    `EXPLANATIONS`). The timeline groups them by the year they fell due, or by proposal.
    """
    everything = list(commitments)
    index = _index(everything)
    own = sorted((c for c in everything if c.party == party), key=_order)
    outcomes = tuple(_outcome(c, index, as_of) for c in own)
    tally = _tally(outcomes, as_of)
    groups: dict[str, list[Outcome]] = {}
    anchors: dict[str, tuple[int, ...]] = {}
    for commitment, found in zip(own, outcomes, strict=True):
        name = _period(commitment, by)
        groups.setdefault(name, []).append(found)
        anchor = _anchor(commitment)
        if name not in anchors or anchor < anchors[name]:
            anchors[name] = anchor
    if by == "year":
        names = sorted(groups, key=lambda n: (not n.isdigit(), n))
    else:
        names = sorted(groups, key=lambda n: (anchors[n], n))
    timeline = tuple(Period(n, _tally(groups[n], as_of)) for n in names)
    return Reliability(
        party=party,
        as_of=as_of,
        by=by,
        tally=tally,
        timeline=timeline,
        outcomes=outcomes,
        summary=_summary(party_name or party, tally, as_of),
    )


def _anchor_date(commitment: Commitment) -> PartialDate | None:
    return commitment.due or settled_on(commitment)


def _anchor(commitment: Commitment) -> tuple[int, ...]:
    when = _anchor_date(commitment)
    return (1,) if when is None else (0, *when.sort_key())


def _order(commitment: Commitment) -> tuple[tuple[int, ...], str]:
    return _anchor(commitment), commitment.key


def _period(commitment: Commitment, by: Grouping) -> str:
    if by == "proposal":
        return commitment.proposal
    when = _anchor_date(commitment)
    return "undated" if when is None else str(when.year)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def _summary(name: str, tally: Tally, as_of: date | None) -> str:
    plural = "" if tally.total == 1 else "s"
    when = f" (as of {as_of.isoformat()})" if as_of is not None else ""
    if tally.total == 0:
        return f"{name} has no commitments on record{when}."
    parts = [f"{tally.kept} kept on time"]
    mean = tally.mean_days_late
    if tally.late:
        parts.append(
            f"{tally.late} kept late" + (f" (on average {in_words(mean)})" if mean else "")
        )
    if tally.partly:
        parts.append(f"{tally.partly} partly kept")
    if tally.broken:
        text = f"{tally.broken} broken"
        if tally.made_good:
            them = "" if tally.broken == 1 else f"{tally.made_good} of them "
            text += f" ({them}later kept under another arrangement)"
        parts.append(text)
    if tally.pending:
        text = f"{tally.pending} pending"
        if tally.overdue:
            text += f", {tally.overdue} of them overdue"
        parts.append(text)
    if tally.waived:
        parts.append(f"{tally.waived} waived")
    line = f"{name} undertook {tally.total} commitment{plural}{when}: {', '.join(parts)}"
    if not tally.settled:
        return line + "; none has had its outcome yet."
    return (
        f"{line}; {_percent(tally.on_time_rate)} kept on time and {_percent(tally.kept_rate)}"
        f" kept at all, of {tally.settled} settled."
    )


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
