"""The pool: parties, persons in play, what each party insists on, and the weights.

Plain frozen dataclasses; dates are `datetime.date`. The file format that produces them lives
outside this package (`glienicke.dataset.pools`), which checks references and gives every
problem its place; the constructors here assume a checked pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Mechanism:
    """A legal way to release a person, as the windows engine sees it on the pool's day."""

    key: str
    name: str
    basis: str = ""
    opens: date | None = None  # not usable before this day (None: already open)
    closes: date | None = None  # no longer usable from this day (None: never closes)
    lead_days: int = 0  # how long its clearance usually takes
    closed_reason: str = ""  # what closes it, in words (e.g. "service of sentence began")
    unusable: str = ""  # why it cannot be used at all whatever the dates (e.g. "not yet open:
    # a third of the term must be served, and the record gives no sentence")


@dataclass(frozen=True)
class Usable:
    """Whether a mechanism can free the person in time, and when it could at the earliest."""

    mechanism: Mechanism
    ready: date
    ok: bool
    reason: str


def usable(m: Mechanism, as_of: date, planned: date | None) -> Usable:
    """A mechanism is usable when its clearance, begun on `as_of`, ends while it is open and
    (when a date is planned) by the planned date."""
    ready = as_of + timedelta(days=m.lead_days)
    if m.opens is not None and m.opens > ready:
        ready = m.opens
    basis = f" ({m.basis})" if m.basis else ""
    if m.unusable:
        return Usable(m, ready, False, f"{m.name}: {m.unusable}")
    if m.closes is not None and m.closes <= as_of:
        why = f": {m.closed_reason}" if m.closed_reason else ""
        return Usable(m, ready, False, f"{m.name} closed on {m.closes.isoformat()}{why}{basis}")
    if m.closes is not None and ready >= m.closes:
        return Usable(
            m,
            ready,
            False,
            f"{m.name} closes on {m.closes.isoformat()}, before its clearance of"
            f" {m.lead_days} days could finish ({ready.isoformat()}){basis}",
        )
    if planned is not None and ready > planned:
        if m.opens is not None and m.opens > planned:
            text = f"{m.name} opens only on {m.opens.isoformat()}"
        else:
            text = f"{m.name} needs {m.lead_days} days of clearance, ready {ready.isoformat()}"
        return Usable(m, ready, False, f"{text}, after the planned date {planned.isoformat()}")
    return Usable(m, ready, True, f"{m.name}, ready {ready.isoformat()}{basis}")


@dataclass(frozen=True)
class Party:
    key: str
    name: str
    helps: str | None = None  # a partner: acts on this party's side in every ring and chain


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    held_by: str
    wanted_by: str
    priority: float = 1.0  # the asking party's priority, a multiplier (1 = ordinary)
    death_sentence: bool = False
    minor: bool = False
    health: bool = False
    wrongful: bool = False  # a wrongful-detention determination
    held_since: date | None = None
    intelligence: bool = False  # belongs to an intelligence service
    senior: bool = False  # in a senior role there
    may_release: bool = True  # the holder is willing to release them at all
    goodwill: bool = False  # the holder would release them without a return (starts a chain)
    mechanisms: tuple[Mechanism, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Condition:
    """`party` releases `releases` only if it gets every one of `gets`."""

    party: str
    releases: str
    gets: tuple[str, ...]


@dataclass(frozen=True)
class Veto:
    party: str
    person: str
    reason: str = ""


@dataclass(frozen=True)
class GiveCap:
    """`giver` (with the partners that act for it) releases at most `max` persons to
    `receiver` (to anyone when None)."""

    giver: str
    max: int
    receiver: str | None = None


@dataclass(frozen=True)
class Weights:
    """Urgency of whom we bring home, and the cost of whom we give."""

    death_sentence: float = 4.0
    minor: float = 2.0
    health: float = 1.0
    wrongful: float = 1.0
    per_year_held: float = 0.25
    max_years: float = 8.0
    give_person: float = 1.0
    intelligence: float = 2.0
    seniority: float = 1.0


@dataclass(frozen=True)
class Pool:
    key: str
    title: str
    home: str
    as_of: date
    parties: tuple[Party, ...]
    persons: tuple[Person, ...]
    planned: date | None = None
    conditions: tuple[Condition, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    no_deal: tuple[tuple[str, str], ...] = ()
    give_caps: tuple[GiveCap, ...] = ()
    together: tuple[tuple[str, ...], ...] = ()
    required: tuple[str, ...] = ()
    cycle_cap: int = 3
    chain_cap: int = 2
    weights: Weights = field(default_factory=Weights)
    notes: str = ""

    def party(self, key: str) -> Party:
        for p in self.parties:
            if p.key == key:
                return p
        raise KeyError(key)

    def person(self, key: str) -> Person:
        for p in self.persons:
            if p.key == key:
                return p
        raise KeyError(key)

    def side(self, party: str) -> str:
        """The party whose side `party` acts on in rings: itself, or the one it helps."""
        helps = self.party(party).helps
        return helps if helps is not None else party

    def name(self, party: str) -> str:
        return self.party(party).name

    def ours(self, person: Person) -> bool:
        """Brought home by us: wanted by the home party or a partner of it."""
        return self.side(person.wanted_by) == self.side(self.home)

    def given_by_us(self, person: Person) -> bool:
        return self.side(person.held_by) == self.side(self.home)


@dataclass(frozen=True)
class Term:
    """One named term of a score, so every figure shows where it came from."""

    name: str
    points: float


def urgency_terms(person: Person, as_of: date, w: Weights) -> list[Term]:
    """Base 1 for a person freed, then each urgency factor that applies."""
    terms = [Term("person freed", 1.0)]
    if person.death_sentence and w.death_sentence:
        terms.append(Term("sentence of death", w.death_sentence))
    if person.minor and w.minor:
        terms.append(Term("minor", w.minor))
    if person.health and w.health:
        terms.append(Term("health at risk", w.health))
    if person.wrongful and w.wrongful:
        terms.append(Term("wrongfully detained", w.wrongful))
    if person.held_since is not None and w.per_year_held:
        years = min(max((as_of - person.held_since).days / 365.25, 0.0), w.max_years)
        if years > 0:
            terms.append(Term(f"held {years:.1f} years", round(years * w.per_year_held, 4)))
    if person.priority != 1.0:
        total = sum(t.points for t in terms)
        terms.append(Term(f"priority x{person.priority:g}", total * (person.priority - 1.0)))
    return terms


def give_terms(person: Person, w: Weights) -> list[Term]:
    terms = [Term("person released", w.give_person)]
    if person.intelligence and w.intelligence:
        terms.append(Term("intelligence service", w.intelligence))
    if person.senior and w.seniority:
        terms.append(Term("senior role", w.seniority))
    return terms
