"""Reports made from the record, with only what the signed-in viewer may see: a case's
dossier, the report to Congress of a case's facts and proceedings (22 U.S.C. 1732), and the
yearly statistics. Each is gathered through the services the pages use (the case file with
its windows and urgency, the balance sheets, the commitments ledger), so a report holds
nothing its maker could not open on a page; making one, in any format, is written to the
audit trail.

A report is a list of sections, each made by one builder from what was gathered
(`DOSSIER_SECTIONS`, `CONGRESS_SECTIONS`): a new section is one more function in the list.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import AT_LIBERTY, ENDING, Detention, Stage, custody
from glienicke.domain.detention import StageKind as S
from glienicke.domain.documents import Classification
from glienicke.domain.errors import InvalidValue, NotFound
from glienicke.domain.people import Person, State
from glienicke.domain.proposals import ClearanceStep, ItemKind, Proposal, ProposalStatus, Side
from glienicke.law.evaluator import Windows
from glienicke.negotiation.assessment import Assessment
from glienicke.reports.charts import bar_chart
from glienicke.reports.model import Chart, Portion, Report, Section, Table, U, cells, highest
from glienicke.reports.render import to_pdf, to_text
from glienicke.services import overview, summary
from glienicke.services.access import Scoped, viewer
from glienicke.services.assessment import assess_proposal
from glienicke.services.chronology import case_items
from glienicke.services.commitments import ledger_rows
from glienicke.services.database import Database
from glienicke.services.law import determinations_pressing
from glienicke.services.overview import CaseFile
from glienicke.store.repository import Repository

FORMATS = ("pdf", "text", "json")
KINDS = ("dossier", "congress", "yearly")


# --- what a case's reports are made from ----------------------------------------------------


@dataclass
class Gathered:
    """Everything a case's report is made from, read as the viewer: the case file with its
    windows and urgency on the day, its summary (the alarms), the names of the persons,
    offices and states it names, each proposal's balance sheet and the commitments ledger."""

    file: CaseFile
    as_of: date
    glance: summary.Summary
    names: dict[str, str]  # persons
    offices: dict[str, str]
    states: dict[str, str]
    assessments: dict[str, Assessment | str] = field(default_factory=dict)  # or why none
    ledger: list[dict[str, object]] = field(default_factory=list)

    @property
    def marking(self) -> Classification:
        return self.file.case.classification

    def proposal_marking(self, key: str) -> Classification:
        found = next((p for p in self.file.proposals if p.key == key), None)
        return highest([self.marking, found.classification if found else U])

    def person(self, key: str | None) -> str:
        return "" if key is None else self.names.get(key, key)

    def office(self, key: str | None) -> str:
        return "" if key is None else self.offices.get(key, key)

    def state(self, key: str | None) -> str:
        return "" if key is None else self.states.get(key, key)


def gather(db: Database, case_key: str, as_of: date) -> Gathered:
    """What a case's reports show on the day, as the viewer may see it (NotFound, as for a
    missing case, when they may not see it)."""
    found = overview.case_file(db, case_key, as_of)
    offices_wanted = {s.to_office for s in found.steps} | {
        s.from_office for s in found.steps if s.from_office
    }
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        relatives = {f.person for p in found.persons.values() for f in p.family}
        named = {c.person for c in found.commitments if c.person}
        named |= {i.person for p in found.proposals for i in p.items if i.person}
        wanted = set(found.persons) | relatives | _answerers(found.steps) | named
        names = scoped.titles(Person, wanted)
        states = {s.key: s.name for s in scoped.all(State)}
    offices = overview.titles(db, "office", sorted(offices_wanted))
    gathered = Gathered(
        file=found,
        as_of=as_of,
        glance=summary.of_case(found, as_of, offices),
        names=names,
        offices=offices,
        states=states,
    )
    for proposal in found.proposals:
        try:
            gathered.assessments[proposal.key] = assess_proposal(db, proposal.key, as_of)
        except NotFound as missing:
            gathered.assessments[proposal.key] = str(missing)
    gathered.ledger = ledger_rows(found.commitments, as_of)
    return gathered


def _answerers(steps: Iterable[ClearanceStep]) -> set[str]:
    return {s.answered_by for s in steps if s.answered_by}


SectionBuilder = Callable[[Gathered], Section]


def _words(value: object) -> str:
    """An enumeration's value as words ('on-probation' → 'on probation')."""
    raw = getattr(value, "value", value)
    return "" if raw is None else str(raw).replace("-", " ")


def case_section(g: Gathered) -> Section:
    case = g.file.case
    facts = [
        f"Case {case.key}: {case.title}.",
        f"Status: {_words(case.status)}; priority: {_words(case.priority)}.",
    ]
    if case.officer:
        facts.append(f"Case officer: {case.officer}.")
    if case.opened_on:
        facts.append(f"Opened: {case.opened_on}.")
    if case.closed_on:
        facts.append(f"Closed: {case.closed_on}.")
    portions = [Portion(g.marking, " ".join(facts))]
    if case.outcome:
        portions.append(Portion(g.marking, f"Outcome: {case.outcome}"))
    if case.notes:
        portions.append(Portion(g.marking, f"Notes: {case.notes}"))
    return Section("The case", tuple(portions))


def persons_section(g: Gathered) -> Section:
    portions: list[Portion] = []
    for subject in g.file.case.subjects:
        person = g.file.persons.get(subject.person)
        if person is None:
            continue
        about = [f"{person.name} ({person.key}), {_words(subject.basis)}."]
        if person.nationalities:
            about.append("National of " + ", ".join(g.state(n) for n in person.nationalities) + ".")
        if person.birth_year:
            about.append(f"Born {person.birth_year}.")
        if person.aliases:
            about.append("Also written: " + ", ".join(person.aliases) + ".")
        for a in person.affiliations:
            role = f", {a.role}" if a.role else ""
            about.append(f"{a.organisation}{role}.")
        about = [a.replace("..", ".") for a in about]
        if person.notes:
            about.append(person.notes)
        portions.append(Portion(g.marking, " ".join(about), heading=person.name))
        if person.family:
            rows = tuple(
                cells([_words(f.relation), g.person(f.person), f.person]) for f in person.family
            )
            portions.append(
                Portion(
                    g.marking,
                    heading=f"Family of {person.name}",
                    table=Table(("Relation", "Name", "Key"), rows),
                )
            )
    return Section("Persons and family", tuple(portions))


def detention_section(g: Gathered) -> Section:
    portions: list[Portion] = []
    for detention, _version in g.file.detentions:
        about = [f"Held by {g.state(detention.held_by)}"]
        if detention.place:
            about.append(f"in {detention.place}")
        if detention.since:
            about.append(f"since {detention.since}")
        text = " ".join(about) + "."
        if detention.charges:
            text += (
                " Charges: "
                + "; ".join(
                    c.offence + (f" ({c.statute})" if c.statute else "") for c in detention.charges
                )
                + "."
            )
        if detention.sentence is not None:
            s = detention.sentence
            term = f"{s.term_months} months" if s.term_months else ""
            text += (
                " Sentence: "
                + ", ".join(
                    x
                    for x in (
                        term,
                        "life" if s.life else "",
                        "death" if s.death else "",
                        f"imposed {s.imposed_on}" if s.imposed_on else "",
                        (s.note or "").rstrip("."),
                    )
                    if x
                )
                + "."
            )
        if detention.health:
            text += f" Health: {detention.health}."
        rows = tuple(
            cells([st.date, _words(st.stage), st.note, st.source]) for st in detention.stages
        )
        portions.append(
            Portion(
                g.marking,
                text,
                heading=f"{g.person(detention.person)}: detention {detention.key}",
                table=Table(("Date", "Stage", "Note", "Source"), rows) if rows else None,
            )
        )
    return Section("Detention history", tuple(portions))


def windows_section(g: Gathered) -> Section:
    portions: list[Portion] = []
    for detention, _version in g.file.detentions:
        found = g.file.windows.get(detention.key)
        heading = f"{g.person(detention.person)} on {g.as_of.isoformat()}"
        if not isinstance(found, Windows):
            portions.append(Portion(g.marking, str(found or "No windows."), heading=heading))
            continue
        stage = _words(found.stage) if found.stage else "none"
        ordered = sorted(found.windows, key=lambda w: w.status.value, reverse=True)
        rows = tuple(
            cells(
                [
                    w.mechanism.name,
                    _words(w.status),
                    f"{w.closes_on}{' (estimate)' if w.closes_estimated else ''}"
                    if w.closes_on
                    else "",
                    "; ".join(
                        [
                            w.mechanism.decider or "",
                            *(f"{r.kind.value} of {r.by}" for r in w.requires),
                        ]
                    ).strip("; "),
                    w.explanation,
                ]
            )
            for w in ordered
        )
        portions.append(
            Portion(
                g.marking,
                f"Law pack {found.pack}; stage reached by then: {stage}.",
                heading=heading,
                table=Table(
                    ("Mechanism", "Status", "Closes", "Who decides, what first", "Basis"), rows
                ),
            )
        )
    return Section(f"Windows on {g.as_of.isoformat()}", tuple(portions))


def alarms_section(g: Gathered) -> Section:
    s = g.glance
    if s.final:
        return Section("Alarms and next steps", (Portion(g.marking, s.final),))
    rows = []
    for kind, lines in (("alarm", s.urgent), ("closing", s.closing), ("next", s.next)):
        for line in lines:
            marker = "ALARM" if line.alarm else kind
            when = f"{line.on_word} {line.on}".strip() if line.on else ""
            days = "" if line.days_left is None else _days(line.days_left)
            rows.append(cells([marker, line.text, when, days, line.detail]))
    if not rows:
        return Section(
            "Alarms and next steps", (Portion(g.marking, "Nothing is live on the day."),)
        )
    table = Table(("Kind", "What", "When", "Days left", "Detail"), tuple(rows))
    heading = f"What is urgent, what closes and what comes next on {g.as_of.isoformat()}"
    return Section("Alarms and next steps", (Portion(g.marking, heading=heading, table=table),))


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def urgency_section(g: Gathered) -> Section:
    found = g.file.urgency
    if found is None:
        return Section("Urgency", (Portion(g.marking, "No urgency worked out for the day."),))
    rows = tuple(cells([t.name.replace("_", " "), f"{t.points:g}", t.why]) for t in found.terms)
    return Section(
        "Urgency",
        (
            Portion(
                g.marking,
                f"Score {found.score:g} on {g.as_of.isoformat()}, the sum of its terms.",
                table=Table(("Term", "Points", "Why"), rows) if rows else None,
            ),
        ),
    )


def _steps_table(g: Gathered, proposal: str) -> Table | None:
    steps = [s for s in g.file.steps if s.proposal == proposal]
    steps.sort(key=lambda s: (_step_day(s), s.key))
    if not steps:
        return None
    rows = tuple(
        cells(
            [
                s.requested_on,
                _words(s.kind),
                g.office(s.from_office),
                g.office(s.to_office),
                _words(s.answer) if s.answer else "awaiting answer",
                s.answered_on,
                _reasons(s, g.person(s.answered_by)),
            ]
        )
        for s in steps
    )
    return Table(
        ("Asked", "Step", "From", "To", "Answer", "Answered", "By whom, why, on record in"), rows
    )


def _step_day(step: ClearanceStep) -> tuple[int, ...]:
    when = step.requested_on or step.answered_on
    return when.sort_key() if when else (9999,)


def _reasons(step: ClearanceStep, by: str) -> str:
    """Who answered, the reasons given, and the documents that asked and answered."""
    said = ", ".join(x for x in (by, (step.reasons or "").rstrip(".")) if x)
    asked = f"asked in {step.request_document}" if step.request_document else ""
    answered = f"answered in {step.answer_document}" if step.answer_document else ""
    record = "; ".join(x for x in (asked, answered) if x)
    return ". ".join(x for x in (said, record.capitalize()) if x) + ("." if said or record else "")


def proposals_section(g: Gathered) -> Section:
    portions: list[Portion] = []
    for p in g.file.proposals:
        mark = g.proposal_marking(p.key)
        sides = []
        for side, word in ((Side.GIVE, "We give"), (Side.GET, "We get")):
            items = [
                (i.description or f"{_words(i.kind)} {g.person(i.person)}").rstrip(".")
                for i in p.side(side)
            ]
            sides.append(f"{word}: " + ("; ".join(items) if items else "nothing listed") + ".")
        text = f"Status: {_words(p.status)}." + (f" {p.summary}" if p.summary else "")
        text += " " + " ".join(sides)
        if p.conditions:
            text += " Conditions: " + "; ".join(c.text for c in p.conditions) + "."
        portions.append(Portion(mark, text, heading=f"{p.title} ({p.key})"))
        sheet = g.assessments.get(p.key)
        if isinstance(sheet, Assessment):
            rows = tuple(
                cells(
                    [_words(col.side), e.label, f"{e.points:g}", "; ".join(t.why for t in e.terms)]
                )
                for col in (sheet.give, sheet.get)
                for e in col.entries
            )
            flags = " ".join(f"Flag: {f.rstrip('.')}." for f in sheet.flags)
            portions.append(
                Portion(
                    mark,
                    f"{sheet.verdict} (we give {sheet.give.total:g}, we get {sheet.get.total:g};"
                    f" judged on {sheet.as_of.isoformat()}, {sheet.as_of_reason}). {flags}".strip(),
                    heading=f"Balance sheet of {p.key}",
                    table=Table(("Side", "Item", "Points", "Why"), rows) if rows else None,
                )
            )
        steps = _steps_table(g, p.key)
        if steps is not None:
            portions.append(Portion(mark, heading=f"Clearance of {p.key}", table=steps))
    return Section("Proposals, balance sheets and clearance", tuple(portions))


def commitments_section(g: Gathered) -> Section:
    by_proposal: dict[str, list[dict[str, object]]] = {}
    for row in g.ledger:
        by_proposal.setdefault(str(row["proposal"]), []).append(row)
    portions = []
    for proposal, rows in by_proposal.items():
        table = Table(
            ("Commitment", "Party", "Whom", "Due", "Status on the day", "Fulfilled", "Outcome"),
            tuple(
                cells(
                    [
                        r.get("description"),
                        g.state(_opt(r.get("party"))),
                        g.person(_opt(r.get("person"))),
                        r.get("due"),
                        _words(r.get("status_as_of")),
                        r.get("fulfilled_on") if r.get("status_as_of") != "pending" else "",
                        _outcome(r.get("outcome")),
                    ]
                )
                for r in rows
            ),
        )
        portions.append(
            Portion(g.proposal_marking(proposal), heading=f"Under {proposal}", table=table)
        )
    return Section("Commitments ledger", tuple(portions))


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _outcome(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("explanation") or _words(value.get("outcome")))
    return "" if value is None else str(value)


def timeline_section(g: Gathered) -> Section:
    items = sorted(case_items(g.file), key=lambda i: (i.when.sort_key(), i.lane, i.label))
    if not items:
        return Section("Timeline", ())
    marks = [g.marking] + [d.classification for d in g.file.documents]
    marks += [p.classification for p in g.file.proposals]
    table = Table(
        ("When", "Lane", "What", "Source"),
        tuple(cells([i.when, i.lane, i.label, i.source]) for i in items),
    )
    return Section("Timeline", (Portion(highest(marks), table=table),))


def documents_section(g: Gathered) -> Section:
    docs = g.file.documents
    if not docs:
        return Section("Documents on file", ())
    by_level: dict[Classification, list[tuple[str, ...]]] = {}
    for d in docs:
        by_level.setdefault(d.classification, []).append(
            cells([d.date, d.key, d.title, _words(d.kind), d.cited])
        )
    portions = tuple(
        Portion(
            level,
            heading=f"Documents marked {level.value.replace('-', ' ')}",
            table=Table(("Date", "Key", "Title", "Kind", "Where to read it"), tuple(rows)),
        )
        for level, rows in sorted(by_level.items(), key=lambda x: [*Classification].index(x[0]))
    )
    return Section("Documents on file", portions)


def duties_section(g: Gathered) -> Section:
    """The duties a duty pack (22 U.S.C. 1732) owes on the case for each national held
    abroad, as they stood on the day: status, date, the document that discharged each, and the
    alarm of one outstanding too long."""
    title = "Duties owed (duty packs)"
    found = g.file.duties
    if found is None or not found.owed:
        text = "No national of ours held abroad is among the case's subjects: no duty is owed."
        return Section(title, (Portion(g.marking, text),))
    portions: list[Portion] = []
    for owed in found.owed:
        heading = f"{owed.pack.name}: {owed.person}, held by {g.state(owed.held_by)}"
        if owed.via:
            heading += f" (through case {owed.via})"
        if not owed.applies:
            portions.append(Portion(g.marking, owed.why_not or "", heading=heading))
            continue
        rows = []
        for line in owed.lines:
            standing = line.why
            if line.alarm:
                standing = f"ALARM: {standing}"
            rows.append(
                cells(
                    [
                        f"({line.step.number}) {line.step.name}",
                        line.status.value,
                        line.on.isoformat() if line.on else None,
                        line.document,
                        standing,
                    ]
                )
            )
        table = Table(("Duty", "Status", "Date", "Document", "Where it stands"), tuple(rows))
        portions.append(Portion(g.marking, owed.pack.basis, heading=heading, table=table))
    return Section(title, tuple(portions))


def criteria_section(g: Gathered) -> Section:
    """Each detention's criteria of wrongful detention (the Levinson Act), as assessed, and
    the determination with its referral; or why the pack does not apply to it."""
    title = "Wrongful detention: criteria and determination"
    if not g.file.criteria:
        text = "No detention of a national of ours held abroad: no criteria to assess."
        return Section(title, (Portion(g.marking, text),))
    portions: list[Portion] = []
    for found in g.file.criteria.values():
        heading = f"{found.pack.name}: {found.person}"
        if not found.applies:
            portions.append(Portion(g.marking, found.why_not or "", heading=heading))
            continue
        rows = tuple(
            cells(
                [
                    f"({a.criterion.number}) {a.criterion.text}",
                    a.finding.value if a.finding else "not assessed",
                    "; ".join(a.documents),
                    a.assessed_by,
                    a.note,
                ]
            )
            for a in found.assessments
        )
        table = Table(("Criterion", "Finding", "Evidence", "Assessed by", "Note"), rows)
        made = found.determination
        text = (
            "No determination has been made."
            if made is None
            else f"Determined {made.determination.value} on {made.on} by {made.by}"
            + (f"; referred to {made.referral}" if made.referral else "")
            + (f" on {made.referred_on}" if made.referred_on else "")
            + "."
        )
        portions.append(Portion(g.marking, text, heading=heading, table=table))
    return Section(title, tuple(portions))


DOSSIER_SECTIONS: list[SectionBuilder] = [
    case_section,
    persons_section,
    detention_section,
    windows_section,
    alarms_section,
    urgency_section,
    duties_section,
    criteria_section,
    proposals_section,
    commitments_section,
    timeline_section,
    documents_section,
]


# --- the report to Congress: facts and proceedings ------------------------------------------


def facts_section(g: Gathered) -> Section:
    case = g.file.case
    portions = [
        Portion(
            g.marking,
            f"This report sets out, under 22 U.S.C. 1732, the facts and proceedings of case"
            f" {case.key} ({case.title}) as the record stands on {g.as_of.isoformat()}.",
        )
    ]
    for detention, _v in g.file.detentions:
        held = custody(
            detention, [s for s in detention.stages if s.date.earliest() <= g.as_of], g.as_of
        )
        portions.append(
            Portion(
                g.marking,
                f"{g.person(detention.person)} was held by {g.state(detention.held_by)}"
                + (f" from {detention.since}" if detention.since else "")
                + f"; {held.days} days in custody by {g.as_of.isoformat()}; latest stage on"
                f" record: {_words(detention.status) or 'none'}.",
            )
        )
    return Section("Facts", tuple(portions))


def demands_section(g: Gathered) -> Section:
    """The demands made and the answers given: every clearance step asked and answered, and
    the documents of the record that asked and answered."""
    portions = []
    for p in g.file.proposals:
        steps = _steps_table(g, p.key)
        if steps is not None:
            portions.append(
                Portion(
                    g.proposal_marking(p.key),
                    heading=f"Requests and answers under {p.title}",
                    table=steps,
                )
            )
    return Section("Demands made and answers", tuple(portions))


def steps_section(g: Gathered) -> Section:
    items = [
        i
        for i in sorted(case_items(g.file), key=lambda i: i.when.sort_key())
        if i.lane in ("Stages", "Events", "Clearance") and i.when.earliest() <= g.as_of
    ]
    if not items:
        return Section("Steps taken", ())
    marks = [g.marking, *(p.classification for p in g.file.proposals)]
    table = Table(
        ("When", "What", "Source"), tuple(cells([i.when, i.label, i.source]) for i in items)
    )
    return Section("Steps taken", (Portion(highest(marks), table=table),))


def congress_proposals_section(g: Gathered) -> Section:
    portions = []
    for p in g.file.proposals:
        cleared = [s for s in g.file.steps if s.proposal == p.key]
        answered = sum(1 for s in cleared if s.answer is not None)
        portions.append(
            Portion(
                g.proposal_marking(p.key),
                f"{p.title}: {_words(p.status)}; {answered} of {len(cleared)} clearance steps"
                " answered." + (f" {p.summary}" if p.summary else ""),
            )
        )
    return Section("Proposals and their clearance", tuple(portions))


CONGRESS_SECTIONS: list[SectionBuilder] = [
    facts_section,
    detention_section,
    demands_section,
    steps_section,
    duties_section,
    congress_proposals_section,
    commitments_section,
]


def _made(
    kind: str,
    title: str,
    subject: str,
    as_of: date,
    sections: Sequence[Section],
    notes: tuple[str, ...] = (),
) -> Report:
    return Report(
        kind=kind,
        title=title,
        subject=subject,
        as_of=as_of,
        made_by=viewer().username,
        made_on=date.today(),
        sections=tuple(sections),
        notes=notes,
    )


def case_dossier(db: Database, case_key: str, as_of: date) -> Report:
    """The dossier of a case on a day, with what the signed-in viewer may see."""
    g = gather(db, case_key, as_of)
    return _made(
        "dossier",
        f"Case dossier: {g.file.case.title}",
        case_key,
        as_of,
        [build(g) for build in DOSSIER_SECTIONS],
        (
            f"The windows, alarms, urgency and the standing of the commitments are judged on"
            f" {as_of.isoformat()}; the history, the timeline and the documents list everything"
            " on file that you may see.",
        ),
    )


def congress_report(db: Database, case_key: str, as_of: date) -> Report:
    """The facts and proceedings of a case for Congress (22 U.S.C. 1732), as of a day."""
    g = gather(db, case_key, as_of)
    return _made(
        "congress",
        f"Report to Congress (22 U.S.C. 1732): {g.file.case.title}",
        case_key,
        as_of,
        [build(g) for build in CONGRESS_SECTIONS],
    )


# --- the yearly statistics ------------------------------------------------------------------

CATEGORY_NOTE = (
    "A case is counted as hostage-taking or wrongful detention when that determination of its"
    " subject's detention (the duty packs' criteria) is on record by the year's end; every other"
    " case is counted as 'other' until one is made."
)
CATEGORIES = {"hostage": "hostage", "wrongfully-detained": "wrongful detention"}
MEANS_NOTE = (
    "A release is the first of the last run of stages at liberty or ending (bail while the"
    " appeals still ran is not one). Its means:"
    " exchange when the stage is an exchange; negotiated when a completed proposal of the case"
    " released the person; judicial for probation, parole, dropped charges or a reversed"
    " appeal; other for the rest (release, expulsion, pardon, departure, death)."
)
JUDICIAL = frozenset({S.ON_PROBATION, S.PAROLED, S.CHARGES_DROPPED, S.APPEAL_REVERSED})
FREED = ENDING | AT_LIBERTY | {S.APPEAL_REVERSED}
DONE = frozenset({ProposalStatus.COMPLETED, ProposalStatus.PARTLY_COMPLETED})
SPANS = (
    (365, "under a year"),
    (730, "1 to 2 years"),
    (1826, "2 to 5 years"),
    (None, "5 years or more"),
)


@dataclass(frozen=True)
class YearRow:
    case: str
    title: str
    status: str
    state: str
    category: str
    released_on: PartialDate | None
    means: str | None
    days: int
    marking: Classification


def release_of(detention: Detention) -> Stage | None:
    """The stage that freed the person for good: the first of the last run of stages at
    liberty or ending (bail while the appeals still ran is not a release)."""
    found: Stage | None = None
    for stage in detention.stages:
        if stage.stage not in FREED:
            found = None
        elif found is None:
            found = stage
    return found


def _means(stage: Stage, detention: Detention, proposals: Sequence[Proposal]) -> str:
    if stage.stage is S.EXCHANGED:
        return "exchange"
    freeing = (
        ItemKind.RELEASE,
        ItemKind.EXIT_PERMISSION,
        ItemKind.TRANSFER,
        ItemKind.DROPPED_CHARGES,
    )
    if any(
        p.status in DONE
        and any(i.person == detention.person and i.kind in freeing for i in p.items)
        for p in proposals
    ):
        return "negotiated"
    if stage.stage in JUDICIAL:
        return "judicial"
    return "other"


def _held_in(detention: Detention, year: int) -> bool:
    start = detention.since or (detention.stages[0].date if detention.stages else None)
    if start is None or start.year > year:
        return False
    freed = release_of(detention)
    return freed is None or freed.date.year >= year


def year_rows(repo: Repository, year: int) -> list[YearRow]:
    """One row per case the viewer may see whose subject was held at some time in the year."""
    scoped = Scoped.of(repo)
    end = min(date(year, 12, 31), date.today())
    # Read from what the day columns say may be under way at the year's start (a superset:
    # a release comes no later than the detention's end), never the whole record.
    live = [d for d in repo.detentions_not_over(date(year - 1, 12, 31)) if _held_in(d, year)]
    detentions = {d.key: d for d in scoped.shown(Detention, live)}
    of_detention = repo.cases_of_detentions(sorted(detentions))
    cases = scoped.many(Case, sorted({c for listed in of_detention.values() for c in listed}))
    states = {s.key: s.name for s in scoped.all(State)}
    determined = determinations_pressing(scoped, sorted(detentions), end)
    rows = []
    for case in sorted(cases, key=lambda c: c.key):
        for subject in case.subjects:
            detention = detentions.get(subject.detention or "")
            if detention is None or not _held_in(detention, year):
                continue
            freed = release_of(detention)
            released = freed is not None and freed.date.year == year
            closed = case.status is not CaseStatus.OPEN and (
                case.closed_on is None or first_day(case.closed_on) <= end
            )
            stages = [s for s in detention.stages if s.date.earliest() <= end]
            rows.append(
                YearRow(
                    case=case.key,
                    title=case.title,
                    status="closed" if closed else "open",
                    state=states.get(detention.held_by, detention.held_by),
                    category=CATEGORIES.get(determined.get(detention.key, ("", ""))[0], "other"),
                    released_on=freed.date if released and freed else None,
                    means=_means(freed, detention, scoped.where_listed(Proposal, "cases", case.key))
                    if released and freed
                    else None,
                    days=custody(detention, stages, end).days,
                    marking=case.classification,
                )
            )
    return rows


def _counted(
    title: str, counts: Counter[str], order: Sequence[str], marking: Classification
) -> Portion:
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    bars = [(k, float(counts[k])) for k in keys]
    return Portion(
        marking,
        heading=title,
        table=Table(("", "Cases"), tuple(cells([k, counts[k]]) for k in keys)),
        chart=Chart(title, bar_chart(title, bars)),
    )


def yearly_statistics(db: Database, year: int) -> Report:
    """The year's statistics over the cases the viewer may see, in the manner of the annual
    hostage and wrongful-detention reports: cases by status, holding state and category,
    releases by means, and time held; each a table with its chart."""
    return yearly_with_rows(db, year)[0]


def yearly_with_rows(db: Database, year: int) -> tuple[Report, list[YearRow]]:
    """`yearly_statistics` with the rows it counted (one per case held in the year)."""
    if not 1000 <= year <= 9999:
        raise InvalidValue(f"year: give a year of four digits, not {year}")
    with db.reading() as repo:
        rows = year_rows(repo, year)
    return _yearly(rows, year), rows


def years_on_record(db: Database) -> list[int]:
    """The years in which someone the viewer may see was taken or freed, oldest first (the
    years a yearly report has something new to count)."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        found: set[int] = set()
        for detention in scoped.all(Detention):
            start = detention.since or (detention.stages[0].date if detention.stages else None)
            if start is not None:
                found.add(start.year)
            freed = release_of(detention)
            if freed is not None:
                found.add(freed.date.year)
    return sorted(found)


def _yearly(rows: list[YearRow], year: int) -> Report:
    marking = highest(r.marking for r in rows)
    sections = [
        Section(
            "Cases held in the year",
            (
                Portion(
                    marking,
                    f"{len(rows)} cases had a subject held at some time in {year}"
                    f" ({sum(1 for r in rows if r.released_on)} released in the year).",
                    table=Table(
                        (
                            "Case",
                            "Title",
                            "Status",
                            "Holding state",
                            "Released",
                            "Means",
                            "Days held",
                        ),
                        tuple(
                            cells(
                                [r.case, r.title, r.status, r.state, r.released_on, r.means, r.days]
                            )
                            for r in rows
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Cases by status",
            (
                _counted(
                    f"Cases by status at the end of {year}",
                    Counter(r.status for r in rows),
                    ("open", "closed"),
                    marking,
                ),
            ),
        ),
        Section(
            "Cases by holding state",
            (_counted("Cases by holding state", Counter(r.state for r in rows), (), marking),),
        ),
        Section(
            "Cases by category",
            (
                Portion(U, CATEGORY_NOTE),
                _counted(
                    "Cases by category",
                    Counter(r.category for r in rows),
                    ("hostage", "wrongful detention", "other"),
                    marking,
                ),
            ),
        ),
        Section(
            "Releases by means",
            (
                Portion(U, MEANS_NOTE),
                _counted(
                    f"Releases in {year} by means",
                    Counter(r.means for r in rows if r.means),
                    ("exchange", "negotiated", "judicial", "other"),
                    marking,
                ),
            ),
        ),
        Section("Time held", (_time_held(rows, year, marking),)),
    ]
    return _made(
        "yearly",
        f"Detained nationals: statistics for {year}",
        str(year),
        min(date(year, 12, 31), date.today()),
        sections,
        (
            f"Counted over the cases you may see; a case is counted in {year} when its subject was held at some time in that year.",
        ),
    )


def _time_held(rows: Sequence[YearRow], year: int, marking: Classification) -> Portion:
    counts: Counter[str] = Counter()
    for r in rows:
        counts[next(label for most, label in SPANS if most is None or r.days < most)] += 1
    text = ""
    if rows:
        middle = statistics.median(r.days for r in rows)
        text = f"Median time in custody by the end of {year} or release: {middle:g} days."
    order = [label for _most, label in SPANS]
    portion = _counted("Time in custody", counts, order, marking)
    return Portion(portion.classification, text, portion.heading, portion.table, portion.chart)


# --- making a report, audited ---------------------------------------------------------------


def make(db: Database, kind: str, subject: str, as_of: date | None = None) -> Report:
    """A report by its kind: 'dossier' or 'congress' of a case (as of a day, default today),
    or 'yearly' of a year."""
    if kind == "dossier":
        return case_dossier(db, subject, as_of or date.today())
    if kind == "congress":
        return congress_report(db, subject, as_of or date.today())
    if kind == "yearly":
        try:
            year = int(subject)
        except ValueError:
            raise InvalidValue(f"year: give a year of four digits, not '{subject}'") from None
        return yearly_statistics(db, year)
    raise InvalidValue(f"report: one of {', '.join(KINDS)}, not '{kind}'")


def export(db: Database, report: Report, fmt: str) -> bytes:
    """The report rendered as PDF, plain text or JSON; its making is written to the audit trail (a
    case's report under the case, so that only those who may see the case see the entry)."""
    if fmt not in FORMATS:
        raise InvalidValue(f"format: one of {', '.join(FORMATS)}, not '{fmt}'")
    if fmt == "pdf":
        body = to_pdf(report)
    elif fmt == "text":
        body = to_text(report).encode("utf-8")
    else:
        body = json.dumps(report.to_plain(), ensure_ascii=False).encode("utf-8")

    def write(repo: Repository) -> None:
        if repo.audit is None:
            return
        kind, key = (
            ("report", f"yearly-{report.subject}")
            if report.kind == "yearly"
            else ("case", report.subject)
        )
        repo.audit.record(
            "reported",
            kind,
            key,
            {
                "report": report.kind,
                "format": fmt,
                "as_of": report.as_of.isoformat(),
                "classification": report.classification.value,
            },
        )

    db.again_on_conflict(write)
    return body
