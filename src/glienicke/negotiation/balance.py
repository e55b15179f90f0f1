"""The two columns of a proposal's balance sheet: every item valued on named factors.

The get column counts what we would obtain: each person freed, and for that person a death
sentence, youth, a threat to health and time already held. The give column counts what we would
give up: each person we let go, their place in an intelligence service and its seniority, less
the deterrence already achieved (a conviction upheld on appeal, or an argument on record that
notice has been served), and for the proposal as a whole the risks argued against it (precedent,
legal propriety) and any mechanism marked novel. An item no factor can measure (an 'other' item,
or persons not named) is listed as counted without points, never given an invented number.
Every term says which weight it used (`give.seniority=15`), so every number can be checked.

Facts are read as of one day. A fact that may already hold counts for the person held (a
sentence of death recorded "before 21 February" counts on the 20th); a person counts as free
only from the day the record gives for the release, taken at its word. Both readings err on the
side of the person held, and the words of each term say what was read.

Only what the caller passes in is used: the services pass only what the viewer may see, and a
reference to anyone else is counted as a person, with nothing else about them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from glienicke.domain.dates import first_day
from glienicke.domain.detention import (
    ENDING,
    Detention,
    ExitRestriction,
    Stage,
    StageKind,
    custody,
)
from glienicke.domain.people import Person
from glienicke.domain.proposals import (
    Consideration,
    ConsiderationCategory,
    ItemKind,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
    Stance,
)
from glienicke.law.evaluator import exclusions, history_as_of, honest
from glienicke.law.model import Exclusion
from glienicke.law.urgency import custody_text
from glienicke.negotiation.affiliations import intelligence_role
from glienicke.negotiation.assessment_weights import AssessmentWeights

C = ConsiderationCategory

# Proposals still being worked are judged on the day asked (by default today); the others (agreed
# or beyond, rejected, withdrawn) as the bargain stood when it was put forward.
STILL_WORKED = frozenset(
    {
        ProposalStatus.DRAFT,
        ProposalStatus.IN_CLEARANCE,
        ProposalStatus.APPROVED,
        ProposalStatus.COMMUNICATED,
    }
)

GET_VERBS = {
    ItemKind.RELEASE: "released",
    ItemKind.EXIT_PERMISSION: "let leave",
    ItemKind.TRANSFER: "transferred home",
    ItemKind.DROPPED_CHARGES: "freed, the charges dropped",
}
GIVE_VERBS = {
    ItemKind.RELEASE: "release",
    ItemKind.EXIT_PERMISSION: "let leave",
    ItemKind.TRANSFER: "transfer",
    ItemKind.DROPPED_CHARGES: "drop the charges against",
}
NOT_SHOWN = "a person not shown to you"


@dataclass(frozen=True)
class Term:
    """One number and the words for it; points None means counted without a number."""

    factor: str
    points: float | None
    why: str


@dataclass(frozen=True)
class Entry:
    """One line of a column: an item, or (item None) the proposal as a whole."""

    item: str | None
    kind: str
    person: str | None
    label: str
    terms: tuple[Term, ...]

    @property
    def points(self) -> float:
        return round(sum(t.points for t in self.terms if t.points is not None), 1)

    @property
    def unquantified(self) -> bool:
        return any(t.points is None for t in self.terms)

    def has(self, factor: str) -> bool:
        return any(t.factor == factor for t in self.terms)


@dataclass(frozen=True)
class Column:
    side: Side
    entries: tuple[Entry, ...]

    @property
    def total(self) -> float:
        return round(sum(e.points for e in self.entries), 1)

    @property
    def unquantified(self) -> tuple[str, ...]:
        return tuple(e.label for e in self.entries if e.unquantified)


@dataclass(frozen=True)
class Facts:
    """What the assessment may know (the services pass only what the viewer may see)."""

    persons: Mapping[str, Person]
    detentions: Sequence[Detention] = ()
    exit_restrictions: Sequence[ExitRestriction] = ()
    considerations: Sequence[Consideration] = ()
    proposals: Sequence[Proposal] = ()  # for comparables; the one assessed is skipped


def default_as_of(proposal: Proposal, today: date) -> tuple[date, str]:
    """The day to judge a proposal on when none is asked, and why that day."""
    if proposal.status in STILL_WORKED:
        return today, f"today, since it is {proposal.status.value}"
    if proposal.opened_on is None:
        return today, f"today: it is {proposal.status.value} and has no opening date on record"
    return (
        first_day(proposal.opened_on),
        f"the day it was put forward ({proposal.opened_on}), since it is"
        f" {proposal.status.value}: the bargain as it was offered",
    )


def columns(
    proposal: Proposal, facts: Facts, weights: AssessmentWeights, as_of: date
) -> tuple[Column, Column]:
    """The give and the get column."""
    mine = [c for c in facts.considerations if c.proposal == proposal.key]
    gives = [_give_entry(i, facts, weights, as_of, mine) for i in proposal.side(Side.GIVE)]
    whole = _whole_proposal(mine, weights, any(e.has("deterrence already achieved") for e in gives))
    get = [_get_entry(i, facts, weights, as_of) for i in proposal.side(Side.GET)]
    return (
        Column(Side.GIVE, tuple(gives + ([whole] if whole.terms else []))),
        Column(Side.GET, tuple(get)),
    )


# --- what a person's record says on the day ---------------------------------------------------


@dataclass(frozen=True)
class Situation:
    key: str
    person: Person | None  # None: not shown to the viewer
    detention: Detention | None  # the one under way on the day, if any
    stages: tuple[Stage, ...]  # its stages that may have been reached by the day
    free: str | None  # how they came to be free by the day, in words; None while held

    @property
    def name(self) -> str:
        return self.person.name if self.person else NOT_SHOWN


def situation(key: str, item: ItemKind, facts: Facts, as_of: date) -> Situation:
    """A person's record as of a day: the detention under way, and whether already free."""
    person = facts.persons.get(key)
    held = [d for d in facts.detentions if d.person == key]
    detention = _under_way(held, as_of)
    stages = tuple(history_as_of(detention, as_of)) if detention else ()
    free = None
    if detention is not None:
        certain = [s for s in detention.stages if first_day(s.date) <= as_of]
        if certain and certain[-1].stage in ENDING:
            free = f"{certain[-1].stage.value} {honest(certain[-1].date)}"
    if item is ItemKind.EXIT_PERMISSION:
        lifted = [
            r.lifted_on
            for r in facts.exit_restrictions
            if r.person == key and r.lifted_on and first_day(r.lifted_on) <= as_of
        ]
        free = f"permitted to leave {honest(lifted[0])}" if lifted else None
    return Situation(key, person, detention, stages, free)


def _under_way(detentions: Iterable[Detention], as_of: date) -> Detention | None:
    def began(d: Detention) -> tuple[int, ...]:
        first = d.since or (d.stages[0].date if d.stages else None)
        return first.sort_key() if first else (0,)

    started = [
        d
        for d in detentions
        if history_as_of(d, as_of) or (d.since is not None and d.since.earliest() <= as_of)
    ]
    return max(started, key=lambda d: (began(d), d.key)) if started else None


# --- the get column --------------------------------------------------------------------------


def _label(item: ProposalItem, name: str | None) -> str:
    if name:
        return f"{item.key}: {name}"
    return f"{item.key}: {_short(item.description or item.kind.value, 60).rstrip('.')}"


def _weighed(factor: str, weight: float, setting: str, why: str, sign: int = 1) -> list[Term]:
    """A term for a factor, or none when the deployment weighs the factor at 0."""
    if not weight:
        return []
    return [Term(factor, round(sign * weight, 1), f"{why}; weight {setting}={weight:g}")]


def _unmeasured(item: ProposalItem, benefit: bool) -> Term:
    what = "benefit" if benefit else "cost"
    text = item.description or f"an item of kind '{item.kind.value}'"
    if item.person is None and item.kind is not ItemKind.OTHER:
        reason = "the persons are not named, so no points are given (add an item per person)"
    else:
        reason = "no configured factor measures it, so no points are given"
    return Term(f"unquantified {what}", None, f"{text.strip()}: {reason}; weigh it by hand")


def _get_entry(item: ProposalItem, facts: Facts, w: AssessmentWeights, as_of: date) -> Entry:
    if item.person is None or item.kind is ItemKind.OTHER:
        name = _named(item.person, facts)
        return Entry(
            item.key, item.kind.value, item.person, _label(item, name), (_unmeasured(item, True),)
        )
    s = situation(item.person, item.kind, facts, as_of)
    label = _label(item, s.name)
    if s.free is not None:
        return Entry(item.key, item.kind.value, s.key, label, (_gone(s, as_of, "obtains"),))
    g = w.get
    terms = _weighed(
        "person freed",
        g.person_freed,
        "get.person_freed",
        f"{s.name} would be {GET_VERBS[item.kind]}",
    )
    if s.person is None:
        terms.append(Term("not shown", 0.0, "nothing else is counted: you may not see this person"))
    terms += _plight(s, w, as_of)
    return Entry(item.key, item.kind.value, s.key, label, tuple(terms))


def _gone(s: Situation, as_of: date, what: str) -> Term:
    why = f"{s.name} is no longer held ({s.free}) by {as_of}: the item {what} nothing more"
    return Term("already free", 0.0, why)


def _plight(s: Situation, w: AssessmentWeights, as_of: date) -> list[Term]:
    g, terms = w.get, []
    if s.detention is not None:
        if Exclusion.DEATH_SENTENCE in exclusions(s.detention, list(s.stages)):
            why = f"{s.name} is under sentence of death"
            terms += _weighed("death sentence", g.death_sentence, "get.death_sentence", why)
        if s.detention.health:
            why = f"{s.name}: {s.detention.health}"
            terms += _weighed("health", g.health, "get.health", why)
    born = s.person.birth_year if s.person else None
    if born is not None and as_of.year - born < 18:
        why = f"{s.name} is about {as_of.year - born}"
        terms += _weighed("minor", g.minor, "get.minor", why)
    return terms + _time_held(s, w, as_of)


def _time_held(s: Situation, w: AssessmentWeights, as_of: date) -> list[Term]:
    if s.detention is None or not w.get.per_year_detained:
        return []
    held = custody(s.detention, list(s.stages), as_of)
    if held.first is None:
        return []
    years = held.days / 365.25
    counted = min(years, w.get.max_years)
    points = round(counted * w.get.per_year_detained, 1)
    if not points:
        return []
    aside = f", counted up to get.max_years={w.get.max_years:g}"
    why = (
        f"{custody_text(s.name, held, aside)};"
        f" {counted:.1f} x get.per_year_detained={w.get.per_year_detained:g}"
    )
    return [Term("time detained", points, why)]


# --- the give column -------------------------------------------------------------------------


def _give_entry(
    item: ProposalItem,
    facts: Facts,
    w: AssessmentWeights,
    as_of: date,
    considerations: list[Consideration],
) -> Entry:
    if item.person is None or item.kind is ItemKind.OTHER:
        name = _named(item.person, facts)
        terms = [_unmeasured(item, False)]
    else:
        s = situation(item.person, item.kind, facts, as_of)
        name = s.name
        if s.free is not None:
            terms = [_gone(s, as_of, "gives up")]
            return Entry(item.key, item.kind.value, s.key, _label(item, name), tuple(terms))
        how = f" by {item.mechanism}" if item.mechanism else ""
        terms = _weighed(
            "person released",
            w.give.person_released,
            "give.person_released",
            f"we would {GIVE_VERBS[item.kind]} {s.name}{how}",
        )
        if s.person is None:
            terms.append(Term("not shown", 0.0, "nothing else is counted: you may not see them"))
        terms += _standing(s, w) + _deterrence(s, w, considerations, facts)
    if item.mechanism and item.mechanism in w.novel_mechanisms:
        why = f"{item.mechanism} is listed as novel (assessment.novel_mechanisms)"
        terms += _weighed("legal novelty", w.give.legal_novelty, "give.legal_novelty", why)
    return Entry(item.key, item.kind.value, item.person, _label(item, name), tuple(terms))


def _standing(s: Situation, w: AssessmentWeights) -> list[Term]:
    """Intelligence affiliation and seniority of someone we would release."""
    if s.person is None:
        return []
    found = intelligence_role(s.person, w.intelligence_services, w.senior_roles)
    if found is None:
        return []
    what = f"{found.organisation}, {found.role}" if found.role else found.organisation
    why = f"{s.name}: {what} ({found.organisation} is listed as an intelligence service)"
    terms = _weighed("intelligence affiliation", w.give.intelligence, "give.intelligence", why)
    if found.senior_word:
        why = f"{s.name} is '{found.role}' in {found.organisation} ('{found.senior_word}' is a senior role)"
        terms += _weighed("seniority", w.give.seniority, "give.seniority", why)
    return terms


def _deterrence(
    s: Situation, w: AssessmentWeights, considerations: list[Consideration], facts: Facts
) -> list[Term]:
    upheld = [st for st in s.stages if st.stage is StageKind.APPEAL_UPHELD]
    if not upheld:
        return []
    argued = [
        f"argued by {who(c, facts)} ({c.key})"
        for c in _of(considerations, Stance.FOR, C.DETERRENCE)
    ]
    why = "; ".join(
        [f"{s.name}'s conviction was upheld on appeal {honest(upheld[-1].date)}", *argued]
    )
    return _weighed(
        "deterrence already achieved",
        w.give.deterrence_achieved,
        "give.deterrence_achieved",
        why + ", taken off",
        sign=-1,
    )


def _whole_proposal(
    considerations: list[Consideration], w: AssessmentWeights, deterred: bool
) -> Entry:
    """The terms argued about the proposal as a whole, in the give column."""
    terms: list[Term] = []
    if not deterred:  # no conviction upheld to ground it: the arguments themselves count, once
        for c in _of(considerations, Stance.FOR, C.DETERRENCE)[:1]:
            why = f"argued ({c.key}): '{_short(c.argument)}', taken off"
            setting = "give.deterrence_achieved"
            terms += _weighed(
                "deterrence already achieved", w.give.deterrence_achieved, setting, why, -1
            )
    for factor, category, weight, setting in (
        ("precedent risk", C.PRECEDENT, w.give.precedent_risk, "give.precedent_risk"),
        (
            "legal novelty",
            C.LEGAL_PROPRIETY,
            w.give.legal_novelty_argued,
            "give.legal_novelty_argued",
        ),
    ):
        for c in _of(considerations, Stance.AGAINST, category):
            if weight:
                why = (
                    f"argued against ({c.key}): '{_short(c.argument)}'; its weight"
                    f" {c.weight} x {setting}={weight:g}"
                )
                terms.append(Term(factor, round(c.weight * weight, 1), why))
    return Entry(None, "proposal", None, "the proposal as a whole", tuple(terms))


def _of(
    considerations: Iterable[Consideration], stance: Stance, category: ConsiderationCategory
) -> list[Consideration]:
    found = [c for c in considerations if c.stance is stance and c.category is category]
    return sorted(found, key=lambda c: (-c.weight, c.key))


def _short(text: str, limit: int = 70) -> str:
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + "…"


def _named(key: str | None, facts: Facts) -> str | None:
    person = facts.persons.get(key) if key is not None else None
    return person.name if person else None


def who(c: Consideration, facts: Facts) -> str:
    if c.made_by is None:
        return "someone not on record"
    person = facts.persons.get(c.made_by)
    return person.name if person else NOT_SHOWN
