"""What the web pages gather around a record or a day, read through the policy point.

Each function reads in one transaction as the signed-in viewer, so a page built from them
shows nothing the viewer may not see; the law services (windows, deadlines, urgency) are
called beside them, as the command line calls them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, Detention, ExitRestriction, StageKind
from glienicke.domain.documents import Document, DocumentLine, Event
from glienicke.domain.errors import NotFound
from glienicke.domain.people import Office, Person, Tenure
from glienicke.domain.proposals import ClearanceStep, Commitment, CommitmentStatus, Proposal
from glienicke.law.deadlines import Deadline
from glienicke.law.evaluator import Windows, history_as_of
from glienicke.law.urgency import Urgency
from glienicke.negotiation.lifecycle import allowed
from glienicke.security.policy import WITHHELD
from glienicke.services import law
from glienicke.services.access import Scoped, viewer
from glienicke.services.database import Database
from glienicke.services.duties import (
    CaseDuties,
    DetentionCriteria,
    duties_and_criteria,
)
from glienicke.services.law import detention_windows, facts_of, urgency_of_case
from glienicke.services.proposal_desk import (
    ClearanceAlarm,
    WaitingDraft,
    clearance_alarms,
    drafts_awaiting,
)
from glienicke.services.views import note_reading
from glienicke.store.repository import Repository

RECENT = 8
LINES = 25  # lines of a long dashboard list shown unless every one is asked for


@dataclass(frozen=True)
class Condemned:
    person: str
    name: str
    detention: str
    since: PartialDate | None
    case: str | None


@dataclass(frozen=True)
class Overdue:
    commitment: Commitment
    proposal_title: str
    person_name: str | None


@dataclass(frozen=True)
class Awaiting:
    step: ClearanceStep
    proposal_title: str
    to_office: str


@dataclass(frozen=True)
class Suggestion:
    day: date
    why: str


@dataclass
class Day:
    """What the dashboard lists besides the law services' deadlines and urgency."""

    as_of: date
    condemned: list[Condemned] = field(default_factory=list)
    overdue: list[Overdue] = field(default_factory=list)
    overdue_count: int = 0  # how many there are (`overdue` may show only the first)
    awaiting: list[Awaiting] = field(default_factory=list)
    awaiting_count: int = 0
    recent: list[Document] = field(default_factory=list)
    case_of_detention: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    clearance_alarms: list[ClearanceAlarm] = field(default_factory=list)
    # the clearance alarms of windows the deadlines list, by (person, mechanism)
    alarms_under: dict[tuple[str, str], list[ClearanceAlarm]] = field(default_factory=dict)
    drafts: list[WaitingDraft] = field(default_factory=list)


def running_on(proposal: Proposal, steps: Iterable[ClearanceStep], as_of: date) -> bool:
    """Whether a proposal was still being worked on the day: it is not finished, or something
    of its clearance on record (an answer or a request) came after the day. A finished
    proposal with nothing on record after the day awaits no answer and raises no alarm."""
    if allowed(proposal.status):
        return True
    return any(
        day is not None and first_day(day) > as_of
        for s in steps
        if s.proposal == proposal.key
        for day in (s.requested_on, s.answered_on)
    )


def _reached_by(day: PartialDate | None, as_of: date) -> bool:
    """Whether a recorded date had come by the as-of day (undated: taken as having come)."""
    return day is None or first_day(day) <= as_of


@dataclass(frozen=True)
class Dashboard:
    """Everything the dashboard shows on a day, for one viewer."""

    deadlines: list[Deadline]
    ranking: list[Urgency]  # scoring above zero, the most urgent first
    day: Day
    suggestions: list[Suggestion]  # worked out only when no window closes on the day

    @property
    def quiet(self) -> bool:
        d = self.day
        return not (
            self.deadlines
            or self.ranking
            or d.condemned
            or d.overdue
            or d.awaiting
            or d.clearance_alarms
            or d.drafts
        )


def dashboard(db: Database, as_of: date, lines: int | None = LINES) -> Dashboard:
    """The dashboard of the signed-in viewer on a day (see `day_overview` for `lines`), kept
    until the records change: it is worked out from everything live on the day, and every
    user opens it first and often."""
    key = ("dashboard", viewer(), as_of, lines)
    return db.kept(key, lambda: _dashboard(db, as_of, lines))


def _dashboard(db: Database, as_of: date, lines: int | None) -> Dashboard:
    deadlines = law.deadlines(db, as_of)
    ranking = [u for u in law.urgency(db, as_of) if u.score > 0]
    found = day_overview(db, as_of, lines)
    # One alarm per window: a proposal's clearance alarm for a window the deadlines list
    # already is shown on that window's line, not as a line of its own.
    listed = {(d.person, d.window.key) for d in deadlines}
    kept = []
    for alarm in found.clearance_alarms:
        window = (alarm.check.person or "", alarm.check.mechanism or "")
        if window in listed:
            found.alarms_under.setdefault(window, []).append(alarm)
        else:
            kept.append(alarm)
    found.clearance_alarms = kept
    closing = deadlines or found.condemned or found.clearance_alarms
    return Dashboard(deadlines, ranking, found, [] if closing else suggested_days(db))


def day_overview(db: Database, as_of: date, lines: int | None = LINES) -> Day:
    """Death sentences, overdue commitments (the longest overdue first), clearance steps
    awaiting an answer, recent documents, the clearance alarms of the proposals in play and
    the drafts awaiting clearance, as they stood on the as-of day, within what the viewer may
    see; at most `lines` overdue commitments and awaiting steps (None: every one), with how
    many there are. Read from what can be live on the day (the day columns of
    store/derived.py), never the whole record."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        detentions = scoped.shown(Detention, repo.detentions_not_over(as_of))
        overdue_keys = scoped.keys_shown(Commitment, repo.overdue_keys(as_of))
        by_key = {c.key: c for c in scoped.many(Commitment, overdue_keys[:lines])}
        commitments = [by_key[k] for k in overdue_keys[:lines] if k in by_key]
        steps = [
            s
            for s in scoped.shown(ClearanceStep, repo.steps_awaiting_on(as_of))
            if _reached_by(s.requested_on, as_of)
            and not (s.answer is not None and _reached_by(s.answered_on, as_of))
        ]
        # a step another took over by the day (an escalation asked by then) awaits no answer
        taken_over = {
            t.escalates
            for t in scoped.where_in(ClearanceStep, "escalates", [s.key for s in steps])
            if t.requested_on is not None and first_day(t.requested_on) <= as_of
        }
        steps = [s for s in steps if s.key not in taken_over]
        # nor does a step of a proposal finished with nothing on record after the day
        owners = scoped.many(Proposal, sorted({s.proposal for s in steps}))
        done = [p for p in owners if not allowed(p.status)]
        theirs = scoped.where_in(ClearanceStep, "proposal", [p.key for p in done])
        over = {p.key for p in done if not running_on(p, theirs, as_of)}
        steps = [s for s in steps if s.proposal not in over]
        found = Day(as_of=as_of, overdue_count=len(overdue_keys), awaiting_count=len(steps))
        steps = steps[:lines]
        wanted = {c.proposal for c in commitments} | {s.proposal for s in steps}
        proposals = scoped.titles(Proposal, wanted)
        offices = scoped.titles(Office, {s.to_office for s in steps})
        # the names the dashboard shows: of the persons held and of those promised release
        named = {d.person for d in detentions} | {c.person for c in commitments if c.person}
        found.names = scoped.titles(Person, named)
        cases = repo.cases_of_detentions(d.key for d in detentions)
        shown_cases = scoped.visible["case"]
        shown_cases.check(c for listed in cases.values() for c in listed)
        for held, listed in cases.items():
            first = next((c for c in listed if c in shown_cases), None)
            if first is not None:
                found.case_of_detention[held] = first
        for detention in detentions:
            stages = history_as_of(detention, as_of)
            if not stages or stages[-1].stage in ENDING:
                continue
            condemned = next(
                (s for s in reversed(stages) if s.stage is StageKind.CONDEMNED_TO_DEATH), None
            )
            commuted = condemned is not None and any(
                s.stage is StageKind.COMMUTED for s in stages[stages.index(condemned) :]
            )
            if condemned is None or commuted:
                continue
            found.condemned.append(
                Condemned(
                    person=detention.person,
                    name=found.names.get(detention.person, detention.person),
                    detention=detention.key,
                    since=condemned.date,
                    case=found.case_of_detention.get(detention.key),
                )
            )
        for commitment in commitments:
            if (
                commitment.status is CommitmentStatus.PENDING
                and commitment.due is not None
                and commitment.due.latest() < as_of
            ):
                found.overdue.append(
                    Overdue(
                        commitment,
                        proposals.get(commitment.proposal, commitment.proposal),
                        found.names.get(commitment.person) if commitment.person else None,
                    )
                )
        found.awaiting = [
            Awaiting(
                s, proposals.get(s.proposal, s.proposal), offices.get(s.to_office, s.to_office)
            )
            for s in steps
        ]
        found.recent = recent_documents(scoped, as_of)
    found.clearance_alarms = clearance_alarms(db, as_of)
    found.drafts = [w for w in drafts_awaiting(db) if w.document.to_clear]
    return found


def suggested_days(db: Database) -> list[Suggestion]:
    """Days worth seeing the dashboard on, for a day when nothing is live (see `_suggestions`)."""
    with db.reading() as repo:
        return _suggestions(Scoped.of(repo))


def recent_documents(scoped: Scoped, as_of: date, count: int = RECENT) -> list[Document]:
    """The latest documents dated by the as-of day: read a year at a time from the newest
    (a date's first day is always in its year), never the whole record."""
    shown = scoped.visible["document"]
    chosen: list[str] = []
    for year in reversed([y for y in scoped.repo.document_years() if y <= as_of.year]):
        dated = [
            (day, key) for key, day in scoped.repo.document_dates(year) if first_day(day) <= as_of
        ]
        dated.sort(key=lambda d: (d[0].sort_key(), d[1]), reverse=True)
        # decided in batches, newest first, only as far as the page needs
        for start in range(0, len(dated), 4 * count):
            batch = [key for _day, key in dated[start : start + 4 * count]]
            shown.check(batch)
            chosen += [key for key in batch if key in shown][: count - len(chosen)]
            if len(chosen) >= count:
                break
        if len(chosen) >= count:
            break
    by_key = {d.key: d for d in scoped.many(Document, chosen)}
    return [by_key[key] for key in chosen]


def _suggestions(scoped: Scoped) -> list[Suggestion]:
    """Days worth seeing the dashboard on: for each case, the day of the first document on
    file for it that is dated to the day (for a historical record, when it was live). Read a
    year at a time from the oldest, until four days are certain."""
    shown, shown_cases = scoped.visible["document"], scoped.visible["case"]
    firsts: dict[str, tuple[tuple[int, ...], date]] = {}  # case -> its first document's day
    for year in scoped.repo.document_years():
        linked = [
            (case, day, key)
            for key, day, case in scoped.repo.document_dates_by_case(year)
            if day.day and case not in firsts
        ]
        shown_cases.check(case for case, _day, _key in linked)
        linked = [x for x in linked if x[0] in shown_cases]
        shown.check(key for _case, _day, key in linked)
        for case, day, key in sorted(linked, key=lambda x: x[1].sort_key()):
            if case not in firsts and key in shown:
                firsts[case] = (day.sort_key(), date(day.year, day.month or 1, day.day or 1))
        if len({day for _sort, day in firsts.values()}) >= 4:
            break  # every later year's days come after these
    titles = {c.key: c.title for c in scoped.many(Case, sorted(firsts))}
    days: dict[date, str] = {}
    for case in sorted(firsts):
        days.setdefault(firsts[case][1], titles[case])
    return [Suggestion(d, why) for d, why in sorted(days.items())][:4]


@dataclass
class CaseFile:
    """A case with the records its page shows beside it (and, for a day, its subjects'
    windows and its urgency)."""

    case: Case
    version: int
    detentions: list[tuple[Detention, int]]
    persons: dict[str, Person]
    proposals: list[Proposal]
    steps: list[ClearanceStep]
    commitments: list[Commitment]
    documents: list[DocumentLine]
    events: list[Event]
    windows: dict[str, Windows | str] = field(default_factory=dict)  # or why there are none
    urgency: Urgency | None = None
    # with a day: the duties owed on the case and the criteria of each detention they are for
    duties: CaseDuties | None = None
    criteria: dict[str, DetentionCriteria] = field(default_factory=dict)


def case_file(db: Database, key: str, as_of: date | None = None) -> CaseFile:
    """One case with its subjects' detentions (each with its version, for edits), linked
    proposals with their clearance steps and commitments, documents and events. With a day:
    also each detention's windows and the case's urgency on it, and the reading of a
    classified case is written to the audit trail, all in one unit of work."""

    def read(repo: Repository) -> CaseFile:
        scoped = Scoped.of(repo)
        case = scoped.get(Case, key)
        persons = {p.key: p for p in scoped.many(Person, [s.person for s in case.subjects])}
        listed = [s.detention for s in case.subjects if s.detention and s.detention != WITHHELD]
        held = {d.key: d for d in scoped.many(Detention, listed)}
        detentions = [(held[k], repo.version(Detention, k)) for k in listed if k in held]
        proposals = scoped.where_listed(Proposal, "cases", key)
        keys = [p.key for p in proposals]
        order = {k: n for n, k in enumerate(keys)}
        steps = sorted(
            scoped.where_in(ClearanceStep, "proposal", keys),
            key=lambda s: (order[s.proposal], s.key),
        )
        commitments = sorted(
            scoped.where_in(Commitment, "proposal", keys),
            key=lambda c: (order[c.proposal], c.key),
        )
        documents = scoped.document_lines("cases", key)
        documents.sort(key=lambda d: (d.date.sort_key() if d.date else (9999,), d.key))
        found = CaseFile(
            case=case,
            version=repo.version(Case, key),
            detentions=detentions,
            persons=persons,
            proposals=proposals,
            steps=steps,
            commitments=commitments,
            documents=documents,
            events=scoped.where_listed(Event, "cases", key),
        )
        if as_of is not None:
            facts = facts_of(scoped, [d for d, _version in detentions], as_of)
            for detention, _version in detentions:
                try:
                    found.windows[detention.key] = detention_windows(
                        detention, as_of, facts[detention.key]
                    )
                except NotFound as missing:
                    found.windows[detention.key] = str(missing)
            found.urgency = urgency_of_case(scoped, case, as_of, proposals)
            found.duties, found.criteria = duties_and_criteria(scoped, case, as_of)
            note_reading(repo, "case", key, case.classification.value)
        return found

    if as_of is None:
        with db.reading() as repo:
            return read(repo)
    return db.again_on_conflict(read)


def case_rows(db: Database) -> list[dict[str, Any]]:
    """One row per case the viewer may see, with what the case list filters and sorts on."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        cases = scoped.all(Case)
        names = scoped.titles(Person, {s.person for c in cases for s in c.subjects})
        return [
            {
                "case": case,
                "subjects": [names.get(s.person, s.person) for s in case.subjects],
                "open": case.status is CaseStatus.OPEN,
            }
            for case in cases
        ]


@dataclass(frozen=True)
class PersonLine:
    key: str
    name: str
    nationalities: list[str]


def person_rows(
    db: Database, q: str = "", *, offset: int = 0, limit: int = 100
) -> tuple[list[PersonLine], bool]:
    """A page of the persons the viewer may see whose name or key holds `q` (any case), by
    name, and whether there are more: read a batch at a time in the name's order, deciding
    visibility for each batch, never every person on file."""
    wanted = q.strip().lower()
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        chosen: list[tuple[str, str]] = []
        position = 0
        for batch in repo.persons_by_name(wanted, size=2 * (offset + limit) + 1):
            shown = set(scoped.keys_shown(Person, [k for k, _name in batch]))
            for key, name in batch:
                if key not in shown:
                    continue
                if position >= offset:
                    chosen.append((key, name))
                position += 1
                if len(chosen) > limit:
                    break
            if len(chosen) > limit:
                break
        page = chosen[:limit]
        states = repo.lists_of(Person, "nationalities", [k for k, _name in page])
    return [PersonLine(k, n, states.get(k, [])) for k, n in page], len(chosen) > limit


@dataclass
class PersonFile:
    person: Person
    names: dict[str, str]
    detentions: list[Detention]
    exit_restrictions: list[ExitRestriction]
    tenures: list[tuple[Tenure, Office | None]]
    cases: list[Case]
    documents: list[DocumentLine]


def person_file(db: Database, key: str) -> PersonFile:
    """A person with their relatives' names, detentions, offices held, cases and the
    documents that name them."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        person = scoped.get(Person, key)
        names = {p.key: p.name for p in scoped.all(Person)}
        offices = {o.key: o for o in scoped.all(Office)}
        tenures = sorted(
            scoped.where(Tenure, "person", key),
            key=lambda t: t.start.sort_key() if t.start else (0,),
        )
        documents = scoped.document_lines("persons", key)
        documents.sort(key=lambda d: (d.date.sort_key() if d.date else (9999,), d.key))
        return PersonFile(
            person=person,
            names=names,
            detentions=scoped.where(Detention, "person", key),
            exit_restrictions=scoped.where(ExitRestriction, "person", key),
            tenures=[(t, offices.get(t.office)) for t in tenures],
            cases=scoped.where_listed(Case, "subjects", key, attr="person"),
            documents=documents,
        )


@dataclass
class OfficeFile:
    office: Office
    parent: Office | None
    below: list[Office]
    tenures: list[tuple[Tenure, Person | None]]


def office_file(db: Database, key: str) -> OfficeFile:
    """An office with its holders over time, oldest first, and the offices above and below."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        office = scoped.get(Office, key)
        offices = scoped.all(Office)
        persons = {p.key: p for p in scoped.all(Person)}
        tenures = sorted(
            scoped.where(Tenure, "office", key),
            key=lambda t: t.start.sort_key() if t.start else (0,),
        )
        return OfficeFile(
            office=office,
            parent=next((o for o in offices if o.key == office.parent), None),
            below=[o for o in offices if o.parent == key],
            tenures=[(t, persons.get(t.person)) for t in tenures],
        )


def office_rows(db: Database) -> list[tuple[Office, int]]:
    """Every office the viewer may see, with how many tenures are on file for it."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        counts: dict[str, int] = {}
        for tenure in scoped.all(Tenure):
            counts[tenure.office] = counts.get(tenure.office, 0) + 1
        return [(o, counts.get(o.key, 0)) for o in scoped.all(Office)]


def titles(db: Database, kind: str, keys: list[str]) -> dict[str, str]:
    """The titles (or names) of the records of a kind among these keys the viewer may see."""
    cls = {
        "case": Case,
        "proposal": Proposal,
        "document": Document,
        "person": Person,
        "office": Office,
    }[kind]
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        return {
            r.key: getattr(r, "title", None) or getattr(r, "name", r.key)
            for r in scoped.many(cls, keys)
        }
