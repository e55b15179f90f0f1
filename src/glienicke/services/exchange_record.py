"""The exchange pool built from the record on a day, with what the viewer may see only.

Who is in play: everyone whose detention is under way on the day, held by one state and
wanted by another. Ours held abroad are wanted by the home state; a foreign national we hold
is wanted by their state. Each person's mechanisms are the windows engine's on that day, with
the clearance lead time the law configuration gives, so a closed or not-yet-open way is in the
pool with the reason it cannot be used (which the explanations repeat). The proposals put
forward by the day add what each counterpart insists on: it releases the persons we would get
only if it gets the persons we would give.

A person, detention, case or proposal the viewer may not see is read through the policy point
and never reaches the pool, so no package and no explanation can mention it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from glienicke.domain.cases import Case
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import Detention, StageKind
from glienicke.domain.documents import Classification
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.people import Person as RecordPerson
from glienicke.domain.people import State
from glienicke.domain.proposals import Condition as ProposalCondition
from glienicke.domain.proposals import (
    ItemKind,
    Origin,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Sequencing,
    Side,
)
from glienicke.exchange.engine import Result
from glienicke.exchange.model import Condition, Mechanism, Party, Person, Pool
from glienicke.law.evaluator import Status, Window, Windows, history_as_of
from glienicke.negotiation.affiliations import intelligence_role
from glienicke.negotiation.assessment_weights import AssessmentWeights
from glienicke.security.model import Permission, level
from glienicke.services.access import Scoped
from glienicke.services.assessment import assessment_weights
from glienicke.services.database import Database
from glienicke.services.law import LawConfig, _windows_of, facts_of, law_config
from glienicke.services.law import LeftOut as Unjudged
from glienicke.services.negotiation import clearance_config

RECORD = "record"  # the pool's key, and the page's name for it


@dataclass(frozen=True)
class Outside:
    """Someone held on the day who is not in the pool, and why."""

    person: str
    name: str
    why: str


@dataclass(frozen=True)
class RecordPool:
    pool: Pool
    outside: tuple[Outside, ...]


def pool_from_record(
    db: Database,
    as_of: date,
    planned: date | None = None,
    cycle_cap: int = 3,
    chain_cap: int = 2,
) -> RecordPool:
    """The pool as the record stands on `as_of`, seen by the signed-in viewer."""
    if planned is not None and planned < as_of:
        raise ValidationFailed.single(
            "planned", f"must be on or after the day judged, {as_of.isoformat()}"
        )
    home = clearance_config().home_state
    if not home:
        raise ValidationFailed.single(
            "clearance.home_state", "the configuration names no home state, so no one is ours"
        )
    config = law_config()
    weights = assessment_weights()
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        states = {s.key: s for s in scoped.all(State)}
        # Held for certain by the day: a stage on record by then, or a start that cannot be
        # later ("before 1964-12-01" is not yet a detention in 1941).
        detentions = [d for d in scoped.all(Detention) if _held_by_then(d, as_of)]
        unjudged: list[Unjudged] = []
        windows = {
            w.detention: w
            for w in _windows_of(
                detentions, config, as_of, facts_of(scoped, detentions, as_of), unjudged
            )
        }
        # Each person once: their latest detention under way on the day.
        by_person: dict[str, Detention] = {}
        for d in detentions:
            if d.key in windows or any(u.detention == d.key for u in unjudged):
                earlier = by_person.get(d.person)
                if earlier is None or _began(d) >= _began(earlier):
                    by_person[d.person] = d
        people = {p.key: p for p in scoped.many(RecordPerson, sorted(by_person))}
        proposals = [
            p
            for p in scoped.all(Proposal)
            if p.opened_on is not None and p.opened_on.earliest() <= as_of
        ]
        cases = scoped.all(Case)
    if home not in states:
        raise ValidationFailed.single(
            "clearance.home_state", f"names '{home}', which is not a state on record"
        )
    why_unjudged = {u.detention: u.why for u in unjudged}
    persons: list[Person] = []
    outside: list[Outside] = []
    for key in sorted(by_person):
        detention = by_person[key]
        record = people.get(key)
        if record is None:  # a hidden person: neither in the pool nor named
            continue
        wanted = _wanted_by(record, detention, home, proposals, cases)
        if wanted is None:
            outside.append(
                Outside(key, record.name, "no other state on record wants them: held by their own")
            )
            continue
        if wanted not in states or detention.held_by not in states:
            missing = wanted if wanted not in states else detention.held_by
            outside.append(Outside(key, record.name, f"the state '{missing}' is not on record"))
            continue
        found = windows.get(detention.key)
        mechanisms = (
            tuple(_mechanism(w, config, as_of) for w in found.windows) if found is not None else ()
        )
        note = why_unjudged.get(detention.key, "")
        persons.append(_person(record, detention, wanted, found, mechanisms, note, as_of, weights))
    involved = sorted({p.held_by for p in persons} | {p.wanted_by for p in persons} | {home})
    parties = tuple(Party(k, states[k].name) for k in involved)
    in_pool = {p.key for p in persons}
    pool = Pool(
        key=RECORD,
        title=f"The record as it stood on {as_of.day} {as_of:%B} {as_of.year}",
        home=home,
        as_of=as_of,
        planned=planned,
        parties=parties,
        persons=tuple(persons),
        conditions=_conditions(proposals, {p.key: p for p in persons}, in_pool),
        cycle_cap=cycle_cap,
        chain_cap=chain_cap,
    )
    return RecordPool(pool, tuple(outside))


def _held_by_then(d: Detention, as_of: date) -> bool:
    dated = [s.date for s in history_as_of(d, as_of) if s.date is not None]
    return any(day.latest() <= as_of for day in dated) or (
        d.since is not None and d.since.latest() <= as_of
    )


def _began(d: Detention) -> tuple[int, ...]:
    first = d.since or (d.stages[0].date if d.stages else None)
    return first.sort_key() if first else (0,)


def _wanted_by(
    person: RecordPerson,
    detention: Detention,
    home: str,
    proposals: list[Proposal],
    cases: list[Case],
) -> str | None:
    """Who wants them back: ours held abroad, the home state; a foreign national, their state
    (the counterpart of a proposal that would give them, when the record names one)."""
    our_case = any(s.person == person.key for c in cases for s in c.subjects)
    if detention.held_by != home and (home in person.nationalities or our_case):
        return home
    for proposal in proposals:
        for item in proposal.items:
            if item.person == person.key and item.side is Side.GIVE and proposal.counterparts:
                return proposal.counterparts[0]
    others = [n for n in person.nationalities if n != detention.held_by]
    return others[0] if others else None


def _mechanism(window: Window, config: LawConfig, as_of: date) -> Mechanism:
    m = window.mechanism
    lead = config.lead.total(window.requires)
    if window.status is Status.OPEN:
        closes = first_day(window.closes_on) if window.closes_on is not None else None
        return Mechanism(
            m.key,
            m.name,
            m.basis,
            closes=closes,
            lead_days=lead,
            closed_reason=m.closed_reason,
        )
    if window.status is Status.NOT_YET and window.opens_on is not None:
        return Mechanism(m.key, m.name, m.basis, opens=first_day(window.opens_on), lead_days=lead)
    state = "not yet open" if window.status is Status.NOT_YET else "closed"
    return Mechanism(
        m.key, m.name, m.basis, lead_days=lead, unusable=f"{state}: {window.explanation}"
    )


def _person(
    record: RecordPerson,
    detention: Detention,
    wanted: str,
    found: Windows | None,
    mechanisms: tuple[Mechanism, ...],
    note: str,
    as_of: date,
    weights: AssessmentWeights,
) -> Person:
    role = intelligence_role(record, weights.intelligence_services, weights.senior_roles)
    stage = found.stage if found is not None else None
    since = detention.since
    return Person(
        key=record.key,
        name=record.name,
        held_by=detention.held_by,
        wanted_by=wanted,
        death_sentence=stage is StageKind.CONDEMNED_TO_DEATH,
        minor=record.birth_year is not None and as_of.year - record.birth_year < 18,
        health=bool(detention.health),
        held_since=first_day(since) if since is not None and since.latest() <= as_of else None,
        intelligence=role is not None,
        senior=role is not None and role.senior_word is not None,
        mechanisms=mechanisms,
        note=note or f"detention {detention.key}",
    )


def _conditions(
    proposals: list[Proposal], persons: dict[str, Person], in_pool: set[str]
) -> tuple[Condition, ...]:
    """What each counterpart insists on, from the proposals put forward by the day: it
    releases a person we would get only if it gets the persons we would give."""
    found: dict[tuple[str, str], set[str]] = {}
    for proposal in proposals:
        give = [
            i.person
            for i in proposal.items
            if i.side is Side.GIVE and i.person in in_pool and i.kind is not ItemKind.OTHER
        ]
        if not give:
            continue
        for item in proposal.items:
            person = persons.get(item.person or "")
            if item.side is not Side.GET or person is None:
                continue
            if person.held_by in proposal.counterparts:
                found.setdefault((person.held_by, person.key), set()).update(
                    g for g in give if g is not None
                )
    return tuple(
        Condition(party, releases, tuple(sorted(gets)))
        for (party, releases), gets in sorted(found.items())
    )


def package_proposal(
    found: RecordPool, result: Result, rank: int, cases: list[Case], author: str
) -> Proposal:
    """The package of `rank` (1 for the best) as a draft proposal: an item for each release
    (given by us or obtained, with its mechanism), a condition for each thing the counterpart
    insists on, released all at once (a ring is simultaneous), for the cases of the persons
    it frees, marked at least as high as those cases, put forward on the day the pool was
    read (today, unless the user judged another day)."""
    if not 1 <= rank <= len(result.packages):
        raise ValidationFailed.single(
            "package", f"must be 1 to {len(result.packages)}, a package of the result (got {rank})"
        )
    pool = found.pool
    package = result.packages[rank - 1]
    home = pool.side(pool.home)
    counterparts = sorted({p for leg in package.legs for p in leg.parties if pool.side(p) != home})
    chosen = {i.person for i in package.items}
    items = [
        ProposalItem(
            key=f"{'give' if i.given_by_us else 'get'}-{i.person}",
            side=Side.GIVE if i.given_by_us else Side.GET,
            kind=ItemKind.RELEASE,
            person=i.person,
            mechanism=_mechanism_key(pool, i.person, i.mechanism),
            description=f"{pool.name(i.released_by)} releases {i.name} to {pool.name(i.to)},"
            f" by {i.mechanism} (ready {i.ready})",
        )
        for i in package.items
    ]
    conditions = [
        ProposalCondition(
            key=f"condition-{n}",
            text=f"{pool.name(c.party)} releases {pool.person(c.releases).name} only if it gets "
            + ", ".join(pool.person(g).name for g in c.gets),
            item=f"get-{c.releases}",
        )
        for n, c in enumerate(
            (c for c in pool.conditions if c.releases in chosen and set(c.gets) <= chosen), 1
        )
    ]
    linked = [c for c in cases if any(s.person in chosen for s in c.subjects)]
    names = ", ".join(i.name for i in package.items if not i.given_by_us)
    return Proposal(
        key=f"exchange-{pool.as_of.isoformat()}",
        title=f"Exchange bringing home {names}"[:200],
        counterparts=counterparts,
        origin=Origin.OUR_INITIATIVE,
        sequencing=Sequencing.SIMULTANEOUS,
        status=ProposalStatus.DRAFT,
        opened_on=PartialDate(pool.as_of.year, pool.as_of.month, pool.as_of.day),
        cases=sorted(c.key for c in linked),
        items=items,
        conditions=conditions,
        summary=(
            f"Drafted from the exchange packaging of the record as it stood on"
            f" {pool.as_of.isoformat()} (package {rank}: brings home {package.persons_home},"
            f" gives {package.persons_given}). Every release is to be cleared as usual."
        ),
        classification=max(
            (c.classification for c in linked), key=level, default=Classification.UNCLASSIFIED
        ),
        restricted_to=_narrowest(linked, author),
    )


def _narrowest(cases: list[Case], author: str) -> list[str]:
    """Who may see a proposal drawn from these cases: whoever may see every restricted one
    (the groups they share), or only its author when they share none."""
    restricted = [set(c.restricted_to) for c in cases if c.restricted_to]
    if not restricted:
        return []
    shared = set.intersection(*restricted)
    return sorted(shared) if shared else [author]


def _mechanism_key(pool: Pool, person: str, name: str) -> str | None:
    return next((m.key for m in pool.person(person).mechanisms if m.name == name), None)
