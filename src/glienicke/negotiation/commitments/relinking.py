"""Re-linking a broken commitment to the later arrangement that takes it over."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpAction,
    Proposal,
    ProposalItem,
    Side,
)
from glienicke.negotiation.commitments.creation import AGREED, commitment_key
from glienicke.negotiation.commitments.transitions import _apply, breach_date


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
    problems = _arrangement_problems(commitment, proposal)
    chosen = _successor_item(commitment, proposal, item, problems)
    problems += _date_problems(commitment, proposal, on)
    if due is not None and due.certainly_before(on):
        problems.append(Problem("due", f"due {due} is before the re-linking ({on})"))
    key = commitment_key(proposal.key, chosen.key) if chosen is not None else ""
    if chosen is not None and (key in taken or key == commitment.key):
        problems.append(
            Problem("key", f"commitment '{key}' already exists; name another item with `item`")
        )
    if problems or chosen is None:
        raise ValidationFailed(problems)
    told = _take_over_note(commitment, note)
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


def relink_to(
    commitment: Commitment,
    successor: Commitment,
    proposal: Proposal,
    on: PartialDate,
    *,
    note: str | None = None,
    commitments: Iterable[Commitment] = (),
) -> Commitment:
    """Tie a broken commitment to a commitment already on record under a later arrangement
    (`proposal`, the successor's own), as when the later arrangement's commitments were made on
    its agreement: Mrs. Habicht's exit, broken under gorin-1941, taken over by
    ovakimian-1941-exit-habicht.

    The successor must be the same party's and concern the same person, under another agreed
    proposal, and must not lead back to this commitment through its own re-linking
    (`commitments` are the records in which that chain is followed). The broken commitment points
    to it (`relinked_to`); the successor gets a dated note of the take-over among its
    follow-ups, in date order. Returns the successor; the caller stores both.
    """
    problems: list[Problem] = []
    if successor.key == commitment.key:
        problems.append(Problem("relinked_to", "a commitment cannot be re-linked to itself"))
    if proposal.key != successor.proposal:
        problems.append(
            Problem(
                "proposal",
                f"commitment {successor.key} belongs to proposal {successor.proposal}, not"
                f" {proposal.key}",
            )
        )
    problems += _arrangement_problems(commitment, proposal)
    if successor.party != commitment.party:
        problems.append(
            Problem(
                "relinked_to",
                f"commitment {successor.key} is {successor.party}'s, not {commitment.party}'s;"
                " only the same party's commitment can take this one over",
            )
        )
    if successor.person != commitment.person:
        problems.append(
            Problem(
                "relinked_to",
                f"commitment {successor.key} concerns {successor.person or 'no one'}, not"
                f" {commitment.person or 'no one'}",
            )
        )
    circle = _leads_back(successor, commitment.key, commitments)
    if circle:
        problems.append(
            Problem(
                "relinked_to",
                f"commitment {successor.key} is itself taken over, by way of"
                f" {' -> '.join(circle)}, by {commitment.key}; re-linking would run in a circle",
            )
        )
    problems += _date_problems(commitment, proposal, on)
    if problems:
        raise ValidationFailed(problems)
    told = FollowUp(date=on, action=FollowUpAction.NOTE, note=_take_over_note(commitment, note))
    at = next(
        (i for i, f in enumerate(successor.follow_ups) if on.certainly_before(f.date)),
        len(successor.follow_ups),
    )
    follow_ups = [*successor.follow_ups[:at], told, *successor.follow_ups[at:]]
    candidate = dataclasses.replace(successor, follow_ups=follow_ups)
    found = candidate.problems()
    if found:
        raise ValidationFailed(found)
    _apply(commitment, relinked_to=successor.key)
    successor.follow_ups = follow_ups
    return successor


def _leads_back(successor: Commitment, key: str, commitments: Iterable[Commitment]) -> list[str]:
    """The chain of re-linkings from the successor that reaches `key`; empty if none does."""
    index = {c.key: c for c in commitments}
    chain: list[str] = []
    current: Commitment | None = successor
    seen: set[str] = set()
    while current is not None and current.relinked_to is not None and current.key not in seen:
        seen.add(current.key)
        chain.append(current.key)
        if current.relinked_to == key:
            return chain
        current = index.get(current.relinked_to)
    return []


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


def _arrangement_problems(commitment: Commitment, proposal: Proposal) -> list[Problem]:
    """Whether this broken commitment may be taken over under this proposal."""
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
    return problems


def _date_problems(commitment: Commitment, proposal: Proposal, on: PartialDate) -> list[Problem]:
    """A re-linking dated before the breach, or before the new proposal was opened."""
    problems: list[Problem] = []
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
    return problems


def _take_over_note(commitment: Commitment, note: str | None) -> str:
    told = f"Takes over {commitment.key}, broken under {commitment.proposal}"
    return f"{told}: {note.strip()}" if note is not None and note.strip() else f"{told}."
