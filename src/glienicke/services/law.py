"""Legal windows, deadlines and urgency, over what the signed-in user may see.

Law packs are read from the package's `law/packs` folder and from a deployment's own folder
(GLIENICKE_LAW_PACKS), where a file with a built-in pack's key replaces it. Every file is checked
against the pack schema when read; a bad one fails at once, naming its file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from glienicke.dataset.files import SourceText, read_file
from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, Detention
from glienicke.domain.errors import (
    GlienickeError,
    InvalidValue,
    NotFound,
    Problem,
    ValidationFailed,
)
from glienicke.domain.people import Person, State, transfer_treaty
from glienicke.domain.proposals import Commitment, CommitmentStatus, Proposal, ProposalStatus
from glienicke.law.deadlines import Deadline, LeadTimes, deadlines_of, ranked
from glienicke.law.evaluator import Facts, Windows, evaluate, history_as_of
from glienicke.law.model import LawPack, choose_pack
from glienicke.law.pack import pack_from_plain, pack_schema
from glienicke.law.urgency import Subject, Urgency, Weights, urgency_of
from glienicke.law.urgency import ranked as by_score
from glienicke.security.model import Permission
from glienicke.services.access import Scoped
from glienicke.services.database import Database

BUILTIN_PACKS = Path(__file__).resolve().parent.parent / "law" / "packs"
DEFAULTS = Path(__file__).resolve().parent.parent / "config" / "defaults.yaml"


# Proposals that no longer press (their status has no history, so this holds for any as-of day).
FINISHED = {
    ProposalStatus.REJECTED,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.COMPLETED,
    ProposalStatus.FAILED,
}


@dataclass(frozen=True)
class LawConfig:
    packs: tuple[LawPack, ...]
    lead: LeadTimes
    weights: Weights


# --- reading packs and configuration ---------------------------------------------------------


def _problems_at(source: SourceText, problems: list[Problem]) -> ValidationFailed:
    placed = []
    for p in problems:
        line = source.line_of(p.where)
        where = f"{source.name}:{line}" if line else source.name
        placed.append(Problem(f"{where}: {p.where}" if p.where else where, p.message))
    return ValidationFailed(placed)


def read_pack(path: Path) -> LawPack:
    """One law pack file, checked against the schema and for consistency."""
    source = read_file(path)
    if not isinstance(source.data, dict):
        raise ValidationFailed.single(str(path), "a law pack is a mapping of fields")
    validator = Draft202012Validator(pack_schema())
    errors = sorted(validator.iter_errors(source.data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _problems_at(source, [Problem(_path(e.absolute_path), e.message) for e in errors])
    try:
        return pack_from_plain(source.data, name=path.stem, source=str(path))
    except ValidationFailed as failed:
        raise _problems_at(source, failed.problems) from None


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_packs(folders: list[Path]) -> tuple[LawPack, ...]:
    """Every pack in these folders, a later folder's pack replacing an earlier one's key."""
    packs: dict[str, LawPack] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ValidationFailed.single(str(folder), "the law packs folder does not exist")
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml"), *folder.glob("*.json")]):
            pack = read_pack(path)
            packs[pack.key] = pack
    return tuple(packs.values())


# Mappings in the configuration whose keys a deployment chooses (step keys, office keys); in
# every other mapping a key the defaults do not have is a mistake, reported with its place.
OPEN_MAPPINGS = frozenset(
    {"lead_times.steps", "clearance.offices", "clearance.deciders", "duties.alarm_days.steps"}
)


def _merge(base: dict[str, Any], given: Any, where: str, problems: list[Problem]) -> None:
    if not isinstance(given, dict):
        problems.append(Problem(where, "must be a mapping"))
        return
    for name, value in given.items():
        path = f"{where}.{name}" if where else str(name)
        if where in OPEN_MAPPINGS:
            base[name] = value
        elif name not in base:
            problems.append(Problem(path, "unknown setting"))
        elif isinstance(base[name], dict):
            _merge(base[name], value, path, problems)
        else:
            base[name] = value


def read_config_data(path: Path | None) -> tuple[dict[str, Any], SourceText]:
    """The whole configuration: the defaults, with a deployment's file over them (only the
    values it gives change), and the file to place problems in."""
    source = read_file(DEFAULTS)
    data = source.data
    if path is not None:
        source = read_file(path)
        problems: list[Problem] = []
        given = (
            {k: v for k, v in source.data.items() if k != "glienicke_config"}
            if isinstance(source.data, dict)
            else source.data
        )
        _merge(data, given, "", problems)
        if problems:
            raise _problems_at(source, problems)
    return data, source


def read_config(path: Path | None) -> tuple[LeadTimes, Weights]:
    """Lead times and urgency weights: the defaults, with a deployment's file over them."""
    data, source = read_config_data(path)
    lead, urgency = data["lead_times"], data["urgency"]
    problems = [
        Problem(f"lead_times.steps.{k}", "must be a whole number of days, 0 or more")
        for k, v in {**lead["steps"], "default": lead["default"]}.items()
        if not isinstance(v, int) or v < 0
    ] + [
        Problem(f"urgency.{k}", "must be a number, 0 or more")
        for k, v in urgency.items()
        if not isinstance(v, int | float) or v < 0
    ]
    if problems:
        raise _problems_at(source, problems)
    return (
        LeadTimes(by_step=dict(lead["steps"]), default=lead["default"]),
        Weights(**{k: urgency[k] for k in Weights.__dataclass_fields__}),
    )


@cache
def _configured(packs_folder: str | None, config_file: str | None) -> LawConfig:
    folders = [BUILTIN_PACKS] + ([Path(packs_folder)] if packs_folder else [])
    lead, weights = read_config(Path(config_file) if config_file else None)
    return LawConfig(read_packs(folders), lead, weights)


def law_config() -> LawConfig:
    """The packs and tuning in force (read once per process and settings)."""
    from glienicke.settings import load_settings

    settings = load_settings()
    return _configured(
        str(settings.law_packs) if settings.law_packs else None,
        str(settings.config) if settings.config else None,
    )


# --- use cases -------------------------------------------------------------------------------


def parse_as_of(text: str | None, today: date | None = None) -> date:
    """The as-of day from YYYY-MM-DD, or today."""
    if text is None or not text.strip():
        return today or date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValue(f"as-of date '{text}' is not a calendar day (YYYY-MM-DD)") from None


class NoLawPack(NotFound):
    """No law pack covers a detention: its holding state, era or jurisdiction has none."""

    def __init__(self, state: str, message: str) -> None:
        GlienickeError.__init__(self, message)
        self.kind = "law pack"
        self.key = state


def pack_for(detention: Detention, config: LawConfig, as_of: date) -> LawPack:
    """The pack for a detention, chosen by its holding state, the date of the offence (when the
    record gives one; else when the detention began) and its jurisdiction, when recorded."""
    began = (
        detention.offence_date()
        or detention.since
        or (detention.stages[0].date if detention.stages else None)
    )
    day = as_of if began is None else PartialDate(began.year, began.month, began.day).earliest()
    packs = list(config.packs)
    pack = choose_pack(packs, detention.held_by, day, detention.jurisdiction)
    if pack is None:
        raise _no_pack(detention, packs, day)
    return pack


def _no_pack(detention: Detention, packs: list[LawPack], day: date) -> NoLawPack:
    """Why no pack covers a detention, in words that say what to do about it."""
    state, where = detention.held_by, f"detention {detention.key}"
    add = "add a law pack for it in the GLIENICKE_LAW_PACKS folder"
    for_state = [p for p in packs if state in p.states]
    if not for_state:
        known = ", ".join(sorted({s for p in packs for s in p.states}))
        return NoLawPack(
            state,
            f"{where}: no law pack knows the holding state '{state}' (the packs cover: {known});"
            f" {add}, or correct the holding state",
        )
    in_era = [p for p in for_state if p.covers(state, day)]
    if not in_era:
        spans = "; ".join(
            f"{p.key} from {p.applies_from or 'any date'}"
            + (f" to {p.applies_until}" if p.applies_until else "")
            for p in sorted(for_state, key=lambda p: p.applies_from or date.min)
        )
        return NoLawPack(
            state,
            f"{where}: no law pack for '{state}' covers an offence of {day} ({spans}); {add}",
        )
    jurisdiction = detention.jurisdiction.value if detention.jurisdiction else "this"
    return NoLawPack(
        state,
        f"{where}: the law packs for '{state}' in {day} cover no proceedings in {jurisdiction}"
        f" jurisdiction ({', '.join(p.key for p in in_era)}); {add}",
    )


def facts_of(scoped: Scoped, detentions: list[Detention], as_of: date) -> dict[str, Facts]:
    """What the rest of the record says that the law needs besides each detention: whether a
    prisoner-transfer treaty joins the holding state and the person's."""
    if not detentions:
        return {}
    states = {s.key: s for s in scoped.all(State)}
    persons = {p.key: p for p in scoped.many(Person, sorted({d.person for d in detentions}))}
    found = {}
    for d in detentions:
        person = persons.get(d.person)
        nationalities = person.nationalities if person is not None else []
        found[d.key] = Facts(transfer_treaty(states, d.held_by, nationalities, as_of))
    return found


def windows_for(db: Database, person: str, as_of: date, detention: str | None = None) -> Windows:
    """The windows of a person's detention (the one named, else the latest that was under
    way on the as-of day)."""
    config = law_config()
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        scoped.get(Person, person)  # NotFound when missing or hidden
        held = [d for d in scoped.where(Detention, "person", person)]
        if detention is not None:
            chosen = next((d for d in held if d.key == detention), None)
            if chosen is None:
                raise NotFound("detention", detention)
        else:
            chosen = _current(held, as_of)
            if chosen is None:
                raise NotFound("detention for person", person)
        facts = facts_of(scoped, [chosen], as_of)
    return evaluate(chosen, pack_for(chosen, config, as_of), as_of, facts[chosen.key])


def _current(detentions: list[Detention], as_of: date) -> Detention | None:
    started = [d for d in detentions if history_as_of(d, as_of) or d.since]
    candidates = started or detentions
    if not candidates:
        return None

    def began(d: Detention) -> tuple[int, ...]:
        first = d.since or (d.stages[0].date if d.stages else None)
        return first.sort_key() if first else (0,)

    return max(candidates, key=began)


@dataclass(frozen=True)
class LeftOut:
    """A detention under way on the day whose windows cannot be worked out, and why."""

    person: str
    detention: str
    why: str


def _windows_of(
    detentions: list[Detention],
    config: LawConfig,
    as_of: date,
    facts: dict[str, Facts] | None = None,
    left_out: list[LeftOut] | None = None,
) -> list[Windows]:
    """The windows of the detentions under way on the day (`left_out`, when given, collects
    those that are under way but cannot be judged)."""
    found = []
    for detention in detentions:
        stages = history_as_of(detention, as_of)
        if stages and stages[-1].stage in ENDING:
            continue
        begun = detention.since is not None and detention.since.earliest() <= as_of
        if not stages and not begun:
            continue  # not under way yet on that day
        try:
            pack = pack_for(detention, config, as_of)
        except NotFound as missing:
            if left_out is not None:
                left_out.append(LeftOut(detention.person, detention.key, str(missing)))
            continue
        found.append(evaluate(detention, pack, as_of, (facts or {}).get(detention.key)))
    return found


@dataclass(frozen=True)
class DeadlineReport:
    deadlines: list[Deadline]
    left_out: list[LeftOut]  # held on the day, but no window could be worked out


def deadline_report(db: Database, as_of: date, within: int | None = None) -> DeadlineReport:
    """Every window closing on a known or expected date, for everyone held (alarms first), and
    the people held whose windows could not be worked out, with the reason."""
    config = law_config()
    left_out: list[LeftOut] = []
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        held = scoped.shown(Detention, repo.detentions_not_over(as_of))
        facts = facts_of(scoped, held, as_of)
        all_windows = _windows_of(held, config, as_of, facts, left_out)
    found = ranked([d for w in all_windows for d in deadlines_of(w, config.lead)], within=within)
    return DeadlineReport(found, sorted(left_out, key=lambda o: (o.person, o.detention)))


def deadlines(db: Database, as_of: date, within: int | None = None) -> list[Deadline]:
    """Every window closing on a known or expected date, for everyone held: alarms first."""
    return deadline_report(db, as_of, within).deadlines


@dataclass
class _Record:
    """What urgency is judged from: the whole record, or the neighbourhood of one case."""

    persons: dict[str, Person]
    detentions: dict[str, Detention]
    cases: list[Case]
    proposals: list[Proposal]
    commitments: list[Commitment]
    # detention -> (what was determined, in words) for determinations that press (duty packs)
    determined: dict[str, tuple[str, str]] = field(default_factory=dict)


def urgency(db: Database, as_of: date) -> list[Urgency]:
    """A score for every open case and proposal, with its terms, the most urgent first.

    Read from what can be live on the day: the cases open on it, the proposals not finished,
    the commitments overdue by it, and the cases, subjects and detentions those name."""
    config = law_config()
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        overdue = scoped.shown(Commitment, repo.commitments_overdue_on(as_of))
        proposals = {p.key: p for p in scoped.shown(Proposal, repo.proposals_not_in(FINISHED))}
        cases = {c.key: c for c in scoped.shown(Case, repo.cases_open_on(as_of))}
        # a finished proposal's overdue commitments count only for the open cases it lists
        linked = repo.lists_of(Proposal, "cases", {c.proposal for c in overdue} - set(proposals))
        pressing = sorted(k for k, listed in linked.items() if not cases.keys().isdisjoint(listed))
        proposals.update((p.key, p) for p in scoped.many(Proposal, pressing))
        more = {k for p in proposals.values() for k in p.cases} - set(cases)
        cases.update((c.key, c) for c in scoped.many(Case, sorted(more)))
        people = {s.person for case in cases.values() for s in case.subjects}
        detentions = {d.key: d for d in scoped.where_in(Detention, "person", people)}
        listed = {s.detention for c in cases.values() for s in c.subjects if s.detention}
        detentions.update(
            (d.key, d) for d in scoped.many(Detention, sorted(listed - set(detentions)))
        )
        record = _Record(
            persons={p.key: p for p in scoped.many(Person, sorted(people))},  # birth years
            detentions=dict(sorted(detentions.items())),
            cases=[cases[k] for k in sorted(cases)],
            proposals=[proposals[k] for k in sorted(proposals)],
            commitments=overdue,
            determined=determinations_pressing(scoped, list(detentions), as_of),
        )
        held = list(record.detentions.values())
        windows = _windows_of(held, config, as_of, facts_of(scoped, held, as_of))
    return by_score(_urgencies(record, windows, config, as_of))


def case_urgency(db: Database, as_of: date, key: str) -> Urgency | None:
    """The urgency of one case, as `urgency` scores it (None when it is not open on the day),
    judged from that case's subjects, their detentions and the proposals that include it."""
    with db.reading() as repo:
        scoped = Scoped.of(repo, Permission.READ)
        return urgency_of_case(scoped, scoped.get(Case, key), as_of)


def urgency_of_case(
    scoped: Scoped, case: Case, as_of: date, proposals: list[Proposal] | None = None
) -> Urgency | None:
    """`case_urgency` within a unit of work that has read the case (and, when given, the
    proposals that include it) already."""
    config = law_config()
    people = {s.person for s in case.subjects}
    detentions = {d.key: d for d in scoped.where_in(Detention, "person", people)}
    named = {s.detention for s in case.subjects if s.detention} - set(detentions)
    detentions.update((d.key, d) for d in scoped.many(Detention, sorted(named)))
    if proposals is None:
        proposals = scoped.where_listed(Proposal, "cases", case.key)
    order = {p.key: n for n, p in enumerate(proposals)}
    record = _Record(
        persons={p.key: p for p in scoped.many(Person, sorted(people))},
        detentions=dict(sorted(detentions.items())),
        cases=[case],
        proposals=proposals,
        commitments=sorted(
            scoped.where_in(Commitment, "proposal", [p.key for p in proposals]),
            key=lambda c: (order[c.proposal], c.key),
        ),
        determined=determinations_pressing(scoped, list(detentions), as_of),
    )
    held = list(record.detentions.values())
    windows = _windows_of(held, config, as_of, facts_of(scoped, held, as_of))
    found = _urgencies(record, windows, config, as_of, proposals=False)
    return found[0] if found else None


def determinations_pressing(
    scoped: Scoped, detentions: list[str], as_of: date
) -> dict[str, tuple[str, str]]:
    """The determinations on record by the day that make these detentions (which the viewer
    may see) more urgent: wrongfully detained or a hostage, with their words."""
    from sqlalchemy import select

    from glienicke.law.duties import PRESSING
    from glienicke.store.tables import DeterminationRow

    if not detentions:
        return {}
    shown = scoped.keys_shown(Detention, sorted(set(detentions)))
    found: dict[str, tuple[str, str]] = {}
    rows = [
        row
        for start in range(0, len(shown), 500)
        for row in scoped.repo.session.scalars(
            select(DeterminationRow).where(
                DeterminationRow.detention.in_(shown[start : start + 500])
            )
        )
    ]
    for row in sorted(rows, key=lambda r: (r.detention, r.pack)):
        if row.determination not in PRESSING or first_day(row.on) > as_of:
            continue
        what = "a hostage" if row.determination == "hostage" else "wrongfully detained"
        found[row.detention] = (
            row.determination,
            f"detention {row.detention} determined {what} on {row.on} ({row.pack})",
        )
    return found


def detention_windows(detention: Detention, as_of: date, facts: Facts | None = None) -> Windows:
    """The windows of one detention on the day (NotFound when no law pack covers it)."""
    return evaluate(detention, pack_for(detention, law_config(), as_of), as_of, facts)


def _urgencies(
    record: _Record,
    windows_of: list[Windows],
    config: LawConfig,
    as_of: date,
    proposals: bool = True,
) -> list[Urgency]:
    """Urgency of the open cases of the record (and, with `proposals`, of its proposals still
    being worked), unranked."""
    persons, detentions = record.persons, record.detentions
    windows = {w.detention: w for w in windows_of}
    by_person: dict[str, list[Detention]] = {}
    for detention in detentions.values():
        by_person.setdefault(detention.person, []).append(detention)

    def subject(person: str, detention_key: str | None) -> Subject:
        detention = detentions.get(detention_key) if detention_key else None
        if detention is None:
            detention = _current(by_person.get(person, []), as_of)
        found = windows.get(detention.key) if detention else None
        return Subject(
            person=person,
            birth_year=persons[person].birth_year if person in persons else None,
            detention=detention,
            deadlines=tuple(deadlines_of(found, config.lead)) if found else (),
            determined=record.determined.get(detention.key) if detention else None,
        )

    overdue_by_proposal: dict[str, list[str]] = {}
    for c in record.commitments:
        if c.status is CommitmentStatus.PENDING and c.due and c.due.latest() < as_of:
            overdue_by_proposal.setdefault(c.proposal, []).append(c.key)
    subjects_of = {
        case.key: [subject(s.person, s.detention) for s in case.subjects] for case in record.cases
    }
    found = []
    for case in record.cases:
        if case.status is CaseStatus.CLOSED and (
            case.closed_on is None or first_day(case.closed_on) <= as_of
        ):
            continue  # closed by then (a closing date as recorded, taken at its word)
        if case.opened_on is not None and first_day(case.opened_on) > as_of:
            continue  # not yet opened
        overdue = [
            k
            for p in record.proposals
            if case.key in p.cases
            for k in overdue_by_proposal.get(p.key, [])
        ]
        found.append(
            urgency_of(
                "case", case.key, case.title, subjects_of[case.key], overdue, as_of, config.weights
            )
        )
    for proposal in record.proposals if proposals else []:
        if proposal.status in FINISHED:
            continue
        people = {s.person: s for c in proposal.cases for s in subjects_of.get(c, [])}
        found.append(
            urgency_of(
                "proposal",
                proposal.key,
                proposal.title,
                people.values(),
                overdue_by_proposal.get(proposal.key, []),
                as_of,
                config.weights,
            )
        )
    return found


# --- what the command line and the API show --------------------------------------------------


def _date(day: PartialDate | None) -> str | None:
    return None if day is None else str(day)


def windows_view(found: Windows) -> dict[str, Any]:
    return {
        "person": found.person,
        "detention": found.detention,
        "as_of": found.as_of.isoformat(),
        "pack": found.pack,
        "stage": found.stage.value if found.stage else None,
        "not_in_force": list(found.not_in_force),
        "mechanisms": [
            {
                "key": w.key,
                "name": w.mechanism.name,
                "status": w.status.value,
                "opens": {"event": w.opens.value, "date": _date(w.opens_on)},
                "closes": {
                    "event": w.closes.value if w.closes else None,
                    "date": _date(w.closes_on),
                    "estimated": w.closes_estimated,
                },
                "decider": w.mechanism.decider,
                "requires": [
                    {"key": s.key, "kind": s.kind.value, "by": s.by, "note": s.note}
                    for s in w.requires
                ],
                "conditions": list(w.mechanism.conditions),
                "basis": w.mechanism.basis,
                "explanation": w.explanation,
            }
            for w in found.windows
        ],
    }


def deadline_view(deadline: Deadline) -> dict[str, Any]:
    return {
        "person": deadline.person,
        "detention": deadline.detention,
        "mechanism": deadline.window.key,
        "status": deadline.window.status.value,
        "closes": {
            "event": deadline.window.closes.value if deadline.window.closes else None,
            "date": str(deadline.closes_on),
            "estimated": deadline.estimated,
        },
        "days_left": deadline.days_left,
        "lead_days": deadline.lead_days,
        "alarm": deadline.alarm,
        "message": deadline.message,
    }


def urgency_view(found: Urgency) -> dict[str, Any]:
    return {
        "kind": found.kind,
        "key": found.key,
        "title": found.title,
        "score": found.score,
        "terms": [{"name": t.name, "points": t.points, "why": t.why} for t in found.terms],
    }
