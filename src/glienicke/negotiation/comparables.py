"""Comparable proposals: the others on record most like this one, and how each came out.

Likeness is counted, and each point has its reason: 3 for each counterpart in common, 2 for each
person both concern, 1 for each mechanism both use, 2 for each organisation both release someone
of (or 2 once when both release members of intelligence services, not the same one). Ties go by
key, so the order never depends on how the records were read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from glienicke.domain.proposals import Proposal, ProposalStatus, Side
from glienicke.negotiation.affiliations import is_named
from glienicke.negotiation.assessment_weights import AssessmentWeights
from glienicke.negotiation.balance import Facts, columns, default_as_of


@dataclass(frozen=True)
class Comparable:
    key: str
    title: str
    status: ProposalStatus
    opened_on: str | None
    score: int
    reasons: tuple[str, ...]
    balance: float
    as_of: date


@dataclass(frozen=True)
class _Profile:
    counterparts: frozenset[str]
    mechanisms: frozenset[str]
    persons: frozenset[str]
    organisations: dict[str, str]  # folded name -> as written, of persons we would release
    intelligence: frozenset[str]  # intelligence services of persons we would release


def _profile(proposal: Proposal, facts: Facts, w: AssessmentWeights) -> _Profile:
    released = [
        facts.persons[i.person]
        for i in proposal.side(Side.GIVE)
        if i.person is not None and i.person in facts.persons
    ]
    organisations = {
        a.organisation.casefold(): a.organisation for p in released for a in p.affiliations
    }
    return _Profile(
        counterparts=frozenset(proposal.counterparts),
        mechanisms=frozenset(i.mechanism for i in proposal.items if i.mechanism),
        persons=frozenset(
            i.person for i in proposal.items if i.person and i.person in facts.persons
        ),
        organisations=organisations,
        intelligence=frozenset(
            name for name in organisations.values() if is_named(name, w.intelligence_services)
        ),
    )


def _likeness(mine: _Profile, other: _Profile, facts: Facts) -> tuple[int, list[str]]:
    score, reasons = 0, []
    if shared := sorted(mine.counterparts & other.counterparts):
        score += 3 * len(shared)
        reasons.append(f"same counterpart ({', '.join(shared)})")
    if people := sorted(mine.persons & other.persons):
        score += 2 * len(people)
        reasons.append(
            f"concerns the same persons ({', '.join(facts.persons[p].name for p in people)})"
        )
    if ways := sorted(mine.mechanisms & other.mechanisms):
        score += len(ways)
        reasons.append(f"uses the same mechanisms ({', '.join(ways)})")
    if same := sorted(set(mine.organisations) & set(other.organisations)):
        score += 2 * len(same)
        names = ", ".join(mine.organisations[o] for o in same)
        reasons.append(f"releases someone of the same organisation ({names})")
    elif mine.intelligence and other.intelligence:
        score += 2
        reasons.append(
            f"also releases a member of an intelligence service ({', '.join(sorted(other.intelligence))};"
            f" here {', '.join(sorted(mine.intelligence))})"
        )
    return score, reasons


def comparables(
    proposal: Proposal, facts: Facts, weights: AssessmentWeights, as_of: date
) -> tuple[Comparable, ...]:
    """Other proposals on record most like this one, each with why and how it came out. The
    likeness of every other is counted; only the closest have their balance worked out."""
    mine = _profile(proposal, facts, weights)
    alike = []
    for other in facts.proposals:
        if other.key == proposal.key:
            continue
        score, reasons = _likeness(mine, _profile(other, facts, weights), facts)
        if score:
            alike.append((score, reasons, other))
    alike.sort(key=lambda a: (-a[0], a[2].key))
    found = []
    for score, reasons, other in alike[: weights.comparables]:
        day, _why = default_as_of(other, as_of)
        give, get = columns(other, facts, weights, day)
        found.append(
            Comparable(
                key=other.key,
                title=other.title,
                status=other.status,
                opened_on=None if other.opened_on is None else str(other.opened_on),
                score=score,
                reasons=tuple(reasons),
                balance=round(get.total - give.total, 1),
                as_of=day,
            )
        )
    found.sort(key=lambda c: (-c.score, c.key))
    return tuple(found[: weights.comparables])
