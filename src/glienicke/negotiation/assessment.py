"""The balance sheet of a proposal. Not an oracle: both columns, every number with its reason.

The columns come from `balance`, the comparable proposals from `comparables`; here they are put
together with the arguments on record, a plain verdict and flags in words ("gives a career
intelligence officer for one private citizen"). A factor a deployment weighs at 0 is neither
counted nor flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from glienicke.domain.people import Person
from glienicke.domain.proposals import (
    ConsiderationCategory,
    Proposal,
    ProposalStatus,
    Stance,
)
from glienicke.negotiation.affiliations import intelligence_role, officer_phrase
from glienicke.negotiation.assessment_weights import AssessmentWeights
from glienicke.negotiation.balance import Column, Entry, Facts, Term, columns, default_as_of, who
from glienicke.negotiation.comparables import Comparable, comparables

__all__ = [
    "Argument",
    "Assessment",
    "Column",
    "Comparable",
    "Entry",
    "Facts",
    "Term",
    "assess",
    "default_as_of",
]


@dataclass(frozen=True)
class Argument:
    """A consideration on record, as the balance sheet lists it."""

    key: str
    stance: Stance
    category: ConsiderationCategory
    argument: str
    weight: int
    made_by: str | None
    made_by_name: str | None
    document: str | None


@dataclass(frozen=True)
class Assessment:
    proposal: str
    title: str
    status: ProposalStatus
    as_of: date
    as_of_reason: str
    give: Column
    get: Column
    verdict: str
    considerations: tuple[Argument, ...]
    comparables: tuple[Comparable, ...]
    flags: tuple[str, ...]

    @property
    def balance(self) -> float:
        return round(self.get.total - self.give.total, 1)

    def arguments(self, stance: Stance) -> list[Argument]:
        return [a for a in self.considerations if a.stance is stance]


def assess(
    proposal: Proposal,
    facts: Facts,
    weights: AssessmentWeights,
    as_of: date,
    as_of_reason: str = "the day asked",
) -> Assessment:
    """The balance sheet of one proposal on one day."""
    give, get = columns(proposal, facts, weights, as_of)
    balance = round(get.total - give.total, 1)
    return Assessment(
        proposal=proposal.key,
        title=proposal.title,
        status=proposal.status,
        as_of=as_of,
        as_of_reason=as_of_reason,
        give=give,
        get=get,
        verdict=_verdict(proposal, give, get, balance, weights),
        considerations=_arguments(proposal, facts),
        comparables=comparables(proposal, facts, weights, as_of),
        flags=_flags(give, get, balance, weights, facts, as_of),
    )


# --- considerations, verdict, flags ----------------------------------------------------------


def _arguments(proposal: Proposal, facts: Facts) -> tuple[Argument, ...]:
    mine = [c for c in facts.considerations if c.proposal == proposal.key]
    mine.sort(key=lambda c: (c.stance is not Stance.FOR, -c.weight, c.key))
    return tuple(
        Argument(
            key=c.key,
            stance=c.stance,
            category=c.category,
            argument=" ".join(c.argument.split()),
            weight=c.weight,
            made_by=c.made_by,
            made_by_name=who(c, facts) if c.made_by else None,
            document=c.document,
        )
        for c in mine
    )


def _verdict(
    proposal: Proposal, give: Column, get: Column, balance: float, w: AssessmentWeights
) -> str:
    if not proposal.items:
        return "nothing to weigh yet: the proposal has no items"
    if balance < w.gives_far_more_below:
        verdict = "gives far more than it gets"
    elif balance < 0:
        verdict = "gives more than it gets"
    elif balance > 0:
        verdict = "gets more than it gives"
    else:
        verdict = "gives as much as it gets"
    text = (
        f"{verdict} on these weights: balance {balance:+g} (get {get.total:g}, give {give.total:g})"
    )
    unmeasured = len(get.unquantified) + len(give.unquantified)
    if unmeasured:
        text += f"; {unmeasured} item{'s' if unmeasured > 1 else ''} counted without points"
    return text


def _flags(
    give: Column,
    get: Column,
    balance: float,
    w: AssessmentWeights,
    facts: Facts,
    as_of: date,
) -> tuple[str, ...]:
    flags: list[str] = []
    freed = [e for e in get.entries if e.person and not (e.unquantified or e.has("already free"))]
    for entry in give.entries:
        person = facts.persons.get(entry.person or "")
        found = (
            intelligence_role(person, w.intelligence_services, w.senior_roles) if person else None
        )
        if person is None or found is None or not entry.has("intelligence affiliation"):
            continue
        officer = f"{officer_phrase(found)} ({person.name}, {found.organisation})"
        if len(freed) == 1 and _private(facts.persons.get(freed[0].person or "")):
            private = facts.persons[freed[0].person or ""]
            flags.append(f"gives {officer} for one private citizen ({private.name})")
        elif not freed:
            flags.append(f"gives {officer} and frees no named person")
    for factor, one, several in (
        (
            "death sentence",
            "a person under sentence of death is",
            "persons under sentence of death are",
        ),
        ("minor", "a minor is", "minors are"),
    ):
        names = [_name(e) for e in get.entries if e.has(factor)]
        if names:
            flags.append(
                f"{one if len(names) == 1 else several} on the get side ({', '.join(names)})"
            )
    if balance < w.gives_far_more_below and (give.entries or get.entries):
        flags.append(
            f"gives far more than it gets: the balance {balance:+g} is below"
            f" {w.gives_far_more_below:g} (assessment.gives_far_more_below)"
        )
    for column, what in ((get, "benefit"), (give, "cost")):
        if column.unquantified:
            items = "; ".join(column.unquantified)
            flags.append(f"counted without points, weigh by hand ({what}): {items}")
    for column, what in ((give, "gives up"), (get, "obtains")):
        for entry in column.entries:
            if entry.has("already free"):
                flags.append(f"{_name(entry)} is already free by {as_of}: that item {what} nothing")
    hidden = sum(e.has("not shown") for e in (*give.entries, *get.entries))
    if hidden:
        flags.append(
            f"{hidden} item{'s' if hidden > 1 else ''} concern{'' if hidden > 1 else 's'} a person"
            " you may not see: only the release itself is counted"
        )
    return tuple(flags)


def _private(person: Person | None) -> bool:
    """A private citizen: someone on record with no affiliation at all."""
    return person is not None and not person.affiliations


def _name(entry: Entry) -> str:
    return entry.label.split(": ", 1)[-1]
