"""Which commitments exist: finding them, and creating them when a proposal is agreed."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import timedelta

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.errors import NotFound, Problem, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    ItemKind,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
)
from glienicke.negotiation.commitments.dates import end_as_written

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

_DEFAULT_WORDS = {
    ItemKind.RELEASE: "Release {who}.",
    ItemKind.EXIT_PERMISSION: "Let {who} leave.",
    ItemKind.TRANSFER: "Transfer {who}.",
    ItemKind.DROPPED_CHARGES: "Drop the charges against {who}.",
    ItemKind.OTHER: "Do what item {item} provides for {who}.",
}


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
