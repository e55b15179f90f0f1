"""Statutory duties and the criteria of a determination, over what the signed-in user may see.

Duty packs (law/duty_packs, and a deployment's own folder GLIENICKE_DUTY_PACKS, where a file
with a built-in pack's key replaces it) are read and schema-checked as the law packs are. A
duties pack (us-1732) is tracked on a case, for each detention of a national of ours held
abroad that the case concerns: its own subjects held abroad, and those of the cases its
proposals would also settle (the Ivanov case's proposal was to help Landerman). A criteria
pack (us-levinson) is assessed per detention, with the determination that follows.

Public API (one function per user action; each reads or writes in one unit of work as the
signed-in viewer, a hidden case or detention answered exactly as a missing one):

- `duties_for_case(db, case, as_of)` -> CaseDuties; `duties_in(scoped, case, as_of)` the same
  inside a unit of work that has read the case already (for reports and the dossier);
- `record_duty(db, case, step, status=, on=, detention=, document=, note=, pack=)`;
- `criteria_for_detention(db, detention, as_of)` -> DetentionCriteria; `criteria_in(scoped,
  detention, as_of)` inside a unit of work;
- `duties_and_criteria(scoped, case, as_of)`: both for a case, as its page shows them (read with
  `overview.case_file`); `case_page(db, case, as_of)` the same in a unit of work of its own;
- `assess_criterion(db, detention, number, finding, documents=, note=, pack=)`;
- `determine(db, detention, determination, on, by=, referral=, referred_on=, document=,
  note=, pack=)`;
- `duties_view(found)`, `criteria_view(found)`: the JSON the CLI and the API answer with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import select

from glienicke.dataset.files import read_file
from glienicke.domain.cases import Basis, Case
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, Detention
from glienicke.domain.documents import Document
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.people import Person
from glienicke.domain.proposals import Proposal
from glienicke.law.duties import (
    Criterion,
    Determination,
    DutyLine,
    DutyPack,
    DutyRecord,
    DutyStatus,
    Finding,
    PackKind,
    duty_pack_from_plain,
    duty_pack_schema,
    judge_duties,
)
from glienicke.security.actor import current_actor
from glienicke.security.model import Permission
from glienicke.security.policy import WITHHELD
from glienicke.services.access import Forbidden, Scoped, viewer
from glienicke.services.database import Database
from glienicke.services.inputs import as_date
from glienicke.services.law import _path, _problems_at, read_config_data
from glienicke.store.repository import Repository
from glienicke.store.tables import CaseDutyRow, CriterionAssessmentRow, DeterminationRow

BUILTIN_DUTY_PACKS = Path(__file__).resolve().parent.parent / "law" / "duty_packs"
DUTIES_PACK = "us-1732"
CRITERIA_PACK = "us-levinson"
NOTE_LIMIT = 4000
BASES = frozenset({Basis.NATIONAL})  # whom a duty to our nationals covers


# --- reading packs and settings --------------------------------------------------------------


def read_duty_pack(path: Path) -> DutyPack:
    """One duty pack file, checked against the schema and for consistency; a problem names the
    file, its line and the field."""
    source = read_file(path)
    if not isinstance(source.data, dict):
        raise ValidationFailed.single(str(path), "a duty pack is a mapping of fields")
    validator = Draft202012Validator(duty_pack_schema())
    errors = sorted(validator.iter_errors(source.data), key=lambda e: list(e.absolute_path))
    if errors:
        raise _problems_at(source, [Problem(_path(e.absolute_path), e.message) for e in errors])
    try:
        return duty_pack_from_plain(source.data, name=path.stem, source=str(path))
    except ValidationFailed as failed:
        raise _problems_at(source, failed.problems) from None


def read_duty_packs(folders: list[Path]) -> tuple[DutyPack, ...]:
    """Every pack in these folders, a later folder's pack replacing an earlier one's key."""
    packs: dict[str, DutyPack] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ValidationFailed.single(str(folder), "the duty packs folder does not exist")
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml"), *folder.glob("*.json")]):
            pack = read_duty_pack(path)
            packs[pack.key] = pack
    return tuple(packs.values())


@dataclass(frozen=True)
class DutyConfig:
    packs: tuple[DutyPack, ...]
    home_state: str
    alarm_days: dict[str, int]
    default_days: int

    def pack(self, key: str, kind: PackKind) -> DutyPack:
        found = next((p for p in self.packs if p.key == key and p.kind is kind), None)
        if found is None:
            known = ", ".join(p.key for p in self.packs if p.kind is kind) or "none"
            raise ValidationFailed.single(
                "pack", f"no {kind.value} pack '{key}' is installed (installed: {known})"
            )
        return found

    def of_kind(self, kind: PackKind) -> list[DutyPack]:
        return [p for p in self.packs if p.kind is kind and p.home_state == self.home_state]


def read_duty_settings(path: Path | None) -> tuple[str, dict[str, int], int]:
    """The home state and the alarm days of the configuration (defaults, with a deployment's
    file over them)."""
    data, source = read_config_data(path)
    alarm = data["duties"]["alarm_days"]
    problems = [
        Problem(f"duties.alarm_days.steps.{k}", "must be a whole number of days, 0 or more")
        for k, v in alarm["steps"].items()
        if not isinstance(v, int) or isinstance(v, bool) or v < 0
    ]
    default = alarm["default"]
    if not isinstance(default, int) or isinstance(default, bool) or default < 0:
        problems.append(Problem("duties.alarm_days.default", "must be a whole number of days"))
    if problems:
        raise _problems_at(source, problems)
    return str(data["clearance"]["home_state"]), dict(alarm["steps"]), default


@cache
def _configured(packs_folder: str | None, config_file: str | None) -> DutyConfig:
    folders = [BUILTIN_DUTY_PACKS] + ([Path(packs_folder)] if packs_folder else [])
    home, steps, default = read_duty_settings(Path(config_file) if config_file else None)
    return DutyConfig(read_duty_packs(folders), home, steps, default)


def duty_config() -> DutyConfig:
    """The duty packs and alarm days in force (read once per process and settings)."""
    from glienicke.settings import load_settings

    settings = load_settings()
    return _configured(
        str(settings.duty_packs) if settings.duty_packs else None,
        str(settings.config) if settings.config else None,
    )


# --- what the services answer ----------------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """The duties of one pack owed on a case for one detention of a national held abroad."""

    detention: str
    person: str  # the person's name, as the viewer may see it
    held_by: str
    via: str | None  # the case whose subject this is, when not the case's own
    pack: DutyPack
    applies: bool
    why_not: str | None
    lines: list[DutyLine]

    @property
    def alarms(self) -> list[DutyLine]:
        return [line for line in self.lines if line.alarm]


@dataclass(frozen=True)
class CaseDuties:
    case: str
    as_of: date
    owed: list[Owed]
    documents: list[tuple[str, str]]  # the case's documents to choose from: (key, title)
    packs: list[DutyPack] = field(default_factory=list)

    @property
    def alarms(self) -> list[tuple[Owed, DutyLine]]:
        return [(o, line) for o in self.owed for line in o.alarms]


@dataclass(frozen=True)
class Assessment:
    criterion: Criterion
    finding: Finding | None  # None: not assessed yet
    documents: list[str]
    note: str | None
    assessed_by: str | None
    assessed_at: datetime | None


@dataclass(frozen=True)
class DeterminationMade:
    determination: Determination
    on: PartialDate
    by: str
    referral: str | None
    referred_on: PartialDate | None
    document: str | None
    note: str | None
    recorded_by: str


@dataclass(frozen=True)
class DetentionCriteria:
    detention: str
    person: str
    pack: DutyPack
    applies: bool
    why_not: str | None
    assessments: list[Assessment]
    determination: DeterminationMade | None
    as_of: date

    @property
    def counts(self) -> dict[str, int]:
        found = {f.value: 0 for f in Finding} | {"not assessed": 0}
        for a in self.assessments:
            found[a.finding.value if a.finding else "not assessed"] += 1
        return found


# --- reading ---------------------------------------------------------------------------------


def _began(detention: Detention) -> date | None:
    """When the detention began: its start, else its first stage unless that is its end."""
    if detention.since is not None:
        return first_day(detention.since)
    first = detention.stages[0] if detention.stages else None
    if first is None or first.stage in ENDING or first.date is None:
        return None
    return first_day(first.date)


def _ended(detention: Detention) -> date | None:
    """When the detention ended, as recorded (its last stage, if that is an ending one)."""
    last = detention.stages[-1] if detention.stages else None
    if last is None or last.stage not in ENDING or last.date is None:
        return None
    return first_day(last.date)


def _last_known(detention: Detention) -> date | None:
    days = [first_day(s.date) for s in detention.stages if s.date is not None]
    if detention.since is not None:
        days.append(first_day(detention.since))
    return max(days, default=None)


def held_abroad(scoped: Scoped, case: Case, home: str) -> list[tuple[Detention, str | None]]:
    """The detentions of nationals of ours held abroad that a case concerns, each with the
    case it comes through when it is not the case's own subject: the case's subjects first,
    then those of the cases its proposals would also settle. Only what the viewer may see."""
    wanted: list[tuple[str, str | None]] = [
        (s.detention, None)
        for s in case.subjects
        if s.detention and s.detention != WITHHELD and s.basis in BASES
    ]
    proposals = scoped.where_listed(Proposal, "cases", case.key)
    others = sorted({k for p in proposals for k in p.cases if k != case.key and k != WITHHELD})
    for other in scoped.many(Case, others):
        wanted += [
            (s.detention, other.key)
            for s in other.subjects
            if s.detention and s.detention != WITHHELD and s.basis in BASES
        ]
    keys = list(dict.fromkeys(k for k, _via in wanted))
    held = {d.key: d for d in scoped.many(Detention, keys)}
    found: list[tuple[Detention, str | None]] = []
    seen: set[str] = set()
    for key, via in wanted:
        detention = held.get(key)
        if detention is None or key in seen or detention.held_by in (home, WITHHELD):
            continue
        seen.add(key)
        found.append((detention, via))
    return found


def _names(scoped: Scoped, persons: Iterable[str]) -> dict[str, str]:
    return scoped.titles(Person, {p for p in persons if p != WITHHELD})


def duties_in(scoped: Scoped, case: Case, as_of: date) -> CaseDuties:
    """The duties owed on a case on a day (see `duties_for_case`), within a unit of work that
    has read the case as the viewer may see it."""
    config = duty_config()
    held = held_abroad(scoped, case, config.home_state)
    names = _names(scoped, [d.person for d, _via in held])
    rows = list(
        scoped.repo.session.scalars(select(CaseDutyRow).where(CaseDutyRow.case_key == case.key))
    )
    documents = [(d.key, d.title or d.key) for d in scoped.document_lines("cases", case.key)]
    shown_docs = set(scoped.keys_shown(Document, sorted({r.document for r in rows if r.document})))
    packs = config.of_kind(PackKind.DUTIES)
    owed: list[Owed] = []
    for detention, via in held:
        for pack in packs:
            records = {
                r.step: DutyRecord(
                    r.step,
                    DutyStatus(r.status),
                    first_day(r.on) if r.on is not None else None,
                    r.document if r.document in shown_docs else None,
                    r.note,
                )
                for r in rows
                if r.detention == detention.key and r.pack == pack.key
            }
            began, last = _began(detention), _last_known(detention)
            applies = pack.applies(began, last, as_of)
            lines = (
                judge_duties(
                    pack,
                    records,
                    began,
                    as_of,
                    config.alarm_days,
                    config.default_days,
                    _ended(detention),
                )
                if applies
                else []
            )
            owed.append(
                Owed(
                    detention=detention.key,
                    person=names.get(detention.person, "a person you may not see"),
                    held_by=detention.held_by,
                    via=via,
                    pack=pack,
                    applies=applies,
                    why_not=None if applies else pack.why_not(as_of),
                    lines=lines,
                )
            )
    return CaseDuties(case.key, as_of, owed, documents, packs)


def duties_for_case(db: Database, case_key: str, as_of: date) -> CaseDuties:
    """The duties owed on a case on a day: for each national of ours held abroad that the case
    concerns and each duties pack that applies, every duty with its status, date, document,
    note and alarm. NotFound when the case is missing or hidden from the viewer."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        return duties_in(scoped, scoped.get(Case, case_key), as_of)


def duties_and_criteria(
    scoped: Scoped, case: Case, as_of: date
) -> tuple[CaseDuties, dict[str, DetentionCriteria]]:
    """A case's duties on a day, and the criteria of each detention they are owed for (when a
    criteria pack is installed), within a unit of work that has read the case."""
    found = duties_in(scoped, case, as_of)
    criteria: dict[str, DetentionCriteria] = {}
    if duty_config().of_kind(PackKind.CRITERIA):
        keys = list(dict.fromkeys(o.detention for o in found.owed))
        for detention in scoped.many(Detention, keys):
            criteria[detention.key] = criteria_in(scoped, detention, as_of)
    return found, criteria


def case_page(
    db: Database, case_key: str, as_of: date
) -> tuple[CaseDuties, dict[str, DetentionCriteria]]:
    """What a case's page shows of the duty packs, in one unit of work (the page itself reads
    them with the case file: `overview.case_file`)."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        return duties_and_criteria(scoped, scoped.get(Case, case_key), as_of)


def _criteria_pack(config: DutyConfig, pack: str | None) -> DutyPack:
    if pack is not None:
        return config.pack(pack, PackKind.CRITERIA)
    found = config.of_kind(PackKind.CRITERIA)
    if not found:
        raise ValidationFailed.single("pack", "no criteria pack is installed for the home state")
    return next((p for p in found if p.key == CRITERIA_PACK), found[0])


def criteria_in(
    scoped: Scoped, detention: Detention, as_of: date, pack: str | None = None
) -> DetentionCriteria:
    """The criteria of a detention (see `criteria_for_detention`) within a unit of work that
    has read it as the viewer may see it."""
    config = duty_config()
    chosen = _criteria_pack(config, pack)
    session = scoped.repo.session
    rows = {
        r.number: r
        for r in session.scalars(
            select(CriterionAssessmentRow).where(
                CriterionAssessmentRow.detention == detention.key,
                CriterionAssessmentRow.pack == chosen.key,
            )
        )
    }
    made = session.get(DeterminationRow, (detention.key, chosen.key))
    documents = {k for r in rows.values() for k in r.documents}
    if made is not None and made.document:
        documents.add(made.document)
    shown = set(scoped.keys_shown(Document, sorted(documents)))
    assessments = []
    for criterion in chosen.criteria:
        row = rows.get(criterion.number)
        assessments.append(
            Assessment(
                criterion,
                Finding(row.finding) if row else None,
                [k for k in row.documents if k in shown] if row else [],
                row.note if row else None,
                row.assessed_by if row else None,
                row.assessed_at if row else None,
            )
        )
    determination = None
    if made is not None:
        determination = DeterminationMade(
            Determination(made.determination),
            made.on,
            made.determined_by,
            made.referral,
            made.referred_on,
            made.document if made.document in shown else None,
            made.note,
            made.recorded_by,
        )
    applies = chosen.applies(_began(detention), _last_known(detention), as_of)
    names = _names(scoped, [detention.person])
    return DetentionCriteria(
        detention=detention.key,
        person=names.get(detention.person, "a person you may not see"),
        pack=chosen,
        applies=applies,
        why_not=None if applies else chosen.why_not(as_of),
        assessments=assessments,
        determination=determination,
        as_of=as_of,
    )


def criteria_for_detention(
    db: Database, detention_key: str, as_of: date, pack: str | None = None
) -> DetentionCriteria:
    """The criteria of the criteria pack (by default us-levinson) for one detention: each with
    its finding, evidence, who assessed it and when, and the determination with its referral;
    whether the pack applies (it does not before it took effect). NotFound when the detention
    is missing or hidden from the viewer."""
    with db.reading() as repo:
        scoped = Scoped.of(repo)
        return criteria_in(scoped, scoped.get(Detention, detention_key), as_of, pack)


# --- writing ---------------------------------------------------------------------------------


def _require_any(*permissions: Permission) -> None:
    who = viewer()
    if not any(who.may(p) for p in permissions):
        names = " or ".join(p.value.replace("-", " ") for p in permissions)
        raise Forbidden(f"{who.username} may not {names}: no role of theirs grants it")


def _note(note: str | None, where: str = "note") -> str | None:
    text = (note or "").strip()
    if len(text) > NOTE_LIMIT:
        raise ValidationFailed.single(where, f"is {len(text)} characters; at most {NOTE_LIMIT}")
    return text or None


def _document(scoped: Scoped, key: str | None, where: str = "document") -> str | None:
    wanted = (key or "").strip()
    if not wanted:
        return None
    if not scoped.keys_shown(Document, [wanted]):
        raise ValidationFailed.single(where, f"no document with key '{wanted}'")
    return wanted


def _audit(repo: Repository, action: str, kind: str, key: str, detail: dict[str, Any]) -> None:
    if repo.audit is not None:
        repo.audit.record(action, kind, key, detail)
    repo.changed = True


def record_duty(
    db: Database,
    case_key: str,
    step: str,
    *,
    status: str,
    on: str | None = None,
    detention: str | None = None,
    document: str | None = None,
    note: str | None = None,
    pack: str = DUTIES_PACK,
) -> CaseDuties:
    """Record what became of one duty on a case (discharged, not applicable, or outstanding
    again), on a date, with the document that discharged it and a note; the detention may be
    left out when the case concerns only one national held abroad. Answers the case's duties
    as they stand on the date recorded (or today). NotFound when the case is hidden."""
    _require_any(Permission.EDIT_CASES)
    config = duty_config()
    with db.transaction() as repo:
        scoped = Scoped.of(repo)
        case = scoped.get(Case, case_key)
        chosen = config.pack(pack, PackKind.DUTIES)
        problems: list[Problem] = []
        duty = chosen.step(step)
        if duty is None:
            steps = ", ".join(s.key for s in chosen.steps)
            problems.append(Problem("step", f"'{step}' is not a step of {chosen.key} ({steps})"))
        try:
            state = DutyStatus(status)
        except ValueError:
            known = ", ".join(s.value for s in DutyStatus)
            problems.append(Problem("status", f"'{status}' is not one of {known}"))
            state = DutyStatus.OUTSTANDING
        day: PartialDate | None = None
        if on is not None and on.strip():
            try:
                day = as_date(on.strip(), "date")
            except ValidationFailed as bad:
                problems += bad.problems
        elif state is not DutyStatus.OUTSTANDING:
            problems.append(Problem("date", "give the date the duty was discharged or set aside"))
        held = held_abroad(scoped, case, config.home_state)
        target = _one_detention(held, detention, case_key, problems)
        try:
            found_document = _document(scoped, document)
            found_note = _note(note)
        except ValidationFailed as bad:
            problems += bad.problems
            found_document = found_note = None
        if day is not None and not chosen.in_force_on(first_day(day)):
            problems.append(Problem("date", chosen.why_not(first_day(day))))
        if problems:
            raise ValidationFailed(problems)
        assert duty is not None and target is not None
        row = repo.session.get(CaseDutyRow, (case.key, target, chosen.key, duty.key))
        if row is None:
            row = CaseDutyRow(case_key=case.key, detention=target, pack=chosen.key, step=duty.key)
            repo.session.add(row)
        row.status = state.value
        row.on = day
        row.document = found_document
        row.note = found_note
        row.recorded_by = current_actor().name
        row.recorded_at = datetime.now(UTC)
        _audit(
            repo,
            "duty-recorded",
            "case",
            case.key,
            {
                "pack": chosen.key,
                "step": duty.key,
                "detention": target,
                "status": state.value,
                "on": None if day is None else str(day),
                "document": found_document,
            },
        )
        repo.session.flush()
        as_of = max(first_day(day), date.today()) if day is not None else date.today()
        return duties_in(scoped, case, as_of)


def _one_detention(
    held: list[tuple[Detention, str | None]],
    wanted: str | None,
    case_key: str,
    problems: list[Problem],
) -> str | None:
    keys = [d.key for d, _via in held]
    if wanted:
        if wanted.strip() in keys:
            return wanted.strip()
        problems.append(
            Problem(
                "detention",
                f"'{wanted}' is not a detention of a national held abroad that case {case_key}"
                f" concerns ({', '.join(keys) or 'none'})",
            )
        )
        return None
    if len(keys) == 1:
        return keys[0]
    problems.append(
        Problem(
            "detention",
            f"case {case_key} concerns "
            + (
                f"several nationals held abroad: name one ({', '.join(keys)})"
                if keys
                else "no national of ours held abroad, so no duty is owed on it"
            ),
        )
    )
    return None


def _detention_for_criteria(scoped: Scoped, key: str, home: str) -> Detention:
    """The detention, as the viewer may see it; the criteria concern nationals held abroad."""
    detention: Detention = scoped.get(Detention, key)
    if detention.held_by == home:
        raise ValidationFailed.single(
            "detention",
            f"detention {key} is held by {home}, the home state: the criteria concern"
            " nationals of ours held abroad",
        )
    return detention


def assess_criterion(
    db: Database,
    detention_key: str,
    number: int,
    finding: str,
    *,
    documents: list[str] | None = None,
    note: str | None = None,
    pack: str | None = None,
) -> DetentionCriteria:
    """Assess one numbered criterion for a detention as met, not met or unknown, with the
    documents and note it rests on; the assessor and the time are recorded. Refused when the
    pack does not apply to the detention. NotFound when the detention is hidden."""
    _require_any(Permission.EDIT_CASES, Permission.ANSWER_CLEARANCE)
    config = duty_config()
    with db.transaction() as repo:
        scoped = Scoped.of(repo)
        detention = _detention_for_criteria(scoped, detention_key, config.home_state)
        chosen = _criteria_pack(config, pack)
        problems: list[Problem] = []
        criterion = chosen.criterion(number)
        if criterion is None:
            problems.append(
                Problem(
                    "number",
                    f"{number} is not a criterion of {chosen.key} (1 to {len(chosen.criteria)})",
                )
            )
        try:
            result = Finding(finding)
        except ValueError:
            known = ", ".join(f.value for f in Finding)
            problems.append(Problem("finding", f"'{finding}' is not one of {known}"))
            result = Finding.UNKNOWN
        evidence: list[str] = []
        try:
            for key in documents or []:
                found = _document(scoped, key, "documents")
                if found and found not in evidence:
                    evidence.append(found)
            found_note = _note(note)
        except ValidationFailed as bad:
            problems += bad.problems
            found_note = None
        today = date.today()
        if not chosen.applies(_began(detention), _last_known(detention), today):
            problems.append(Problem("detention", f"{chosen.why_not(today)}: not assessed"))
        if problems:
            raise ValidationFailed(problems)
        assert criterion is not None
        row = repo.session.get(CriterionAssessmentRow, (detention.key, chosen.key, number))
        if row is None:
            row = CriterionAssessmentRow(detention=detention.key, pack=chosen.key, number=number)
            repo.session.add(row)
        row.finding = result.value
        row.documents = evidence
        row.note = found_note
        row.assessed_by = current_actor().name
        row.assessed_at = datetime.now(UTC)
        _audit(
            repo,
            "criterion-assessed",
            "detention",
            detention.key,
            {"pack": chosen.key, "number": number, "finding": result.value, "documents": evidence},
        )
        repo.session.flush()
        return criteria_in(scoped, detention, today, chosen.key)


def determine(
    db: Database,
    detention_key: str,
    determination: str,
    on: str,
    *,
    by: str | None = None,
    referral: str | None = None,
    referred_on: str | None = None,
    document: str | None = None,
    note: str | None = None,
    pack: str | None = None,
) -> DetentionCriteria:
    """Record the determination for a detention (wrongfully detained, hostage or neither), its
    date, who made it (by default the signed-in user), and the referral that followed (for a
    wrongful detention or a hostage, the pack's referral unless another is given). NotFound
    when the detention is hidden."""
    _require_any(Permission.EDIT_CASES, Permission.ANSWER_CLEARANCE)
    config = duty_config()
    with db.transaction() as repo:
        scoped = Scoped.of(repo)
        detention = _detention_for_criteria(scoped, detention_key, config.home_state)
        chosen = _criteria_pack(config, pack)
        problems: list[Problem] = []
        try:
            found = Determination(determination)
        except ValueError:
            known = ", ".join(d.value for d in Determination)
            problems.append(Problem("determination", f"'{determination}' is not one of {known}"))
            found = Determination.NEITHER
        day: PartialDate | None = None
        referred: PartialDate | None = None
        if not (on or "").strip():
            problems.append(Problem("date", "give the date of the determination"))
        else:
            try:
                day = as_date(on.strip(), "date")
            except ValidationFailed as bad:
                problems += bad.problems
        if (referred_on or "").strip():
            try:
                referred = as_date((referred_on or "").strip(), "referred_on")
            except ValidationFailed as bad:
                problems += bad.problems
        who = (by or "").strip() or current_actor().name
        if len(who) > 200:
            problems.append(Problem("by", "at most 200 characters"))
        try:
            found_document = _document(scoped, document)
            found_note = _note(note)
            found_referral = _note(referral, "referral")
        except ValidationFailed as bad:
            problems += bad.problems
            found_document = found_note = found_referral = None
        if day is not None and not chosen.applies(
            _began(detention), _last_known(detention), first_day(day)
        ):
            problems.append(Problem("date", f"{chosen.why_not(first_day(day))}: not determined"))
        if problems:
            raise ValidationFailed(problems)
        assert day is not None
        if found_referral is None and found is not Determination.NEITHER:
            found_referral = chosen.referral
        row = repo.session.get(DeterminationRow, (detention.key, chosen.key))
        if row is None:
            row = DeterminationRow(detention=detention.key, pack=chosen.key)
            repo.session.add(row)
        row.determination = found.value
        row.on = day
        row.determined_by = who
        row.referral = found_referral
        row.referred_on = referred
        row.document = found_document
        row.note = found_note
        row.recorded_by = current_actor().name
        row.recorded_at = datetime.now(UTC)
        _audit(
            repo,
            "determined",
            "detention",
            detention.key,
            {"pack": chosen.key, "determination": found.value, "on": str(day), "by": who},
        )
        repo.session.flush()
        return criteria_in(scoped, detention, max(first_day(day), date.today()), chosen.key)


# --- what the command line and the API show --------------------------------------------------


def _line_view(line: DutyLine) -> dict[str, Any]:
    return {
        "step": line.step.key,
        "number": line.step.number,
        "name": line.step.name,
        "explanation": line.step.explanation,
        "status": line.status.value,
        "date": None if line.on is None else line.on.isoformat(),
        "document": line.document,
        "note": line.note,
        "since": None if line.since is None else line.since.isoformat(),
        "days_outstanding": line.days_outstanding,
        "allowed_days": line.allowed_days,
        "alarm": line.alarm,
        "waiting_on": line.waiting_on,
        "why": line.why,
    }


def duties_view(found: CaseDuties) -> dict[str, Any]:
    return {
        "case": found.case,
        "as_of": found.as_of.isoformat(),
        "alarms": len(found.alarms),
        "owed": [
            {
                "detention": o.detention,
                "person": o.person,
                "held_by": o.held_by,
                "via_case": o.via,
                "pack": o.pack.key,
                "pack_name": o.pack.name,
                "basis": o.pack.basis,
                "in_force_from": o.pack.in_force_from.isoformat(),
                "applies": o.applies,
                "why_not": o.why_not,
                "duties": [_line_view(line) for line in o.lines],
            }
            for o in found.owed
        ],
    }


def criteria_view(found: DetentionCriteria) -> dict[str, Any]:
    made = found.determination
    return {
        "detention": found.detention,
        "person": found.person,
        "as_of": found.as_of.isoformat(),
        "pack": found.pack.key,
        "pack_name": found.pack.name,
        "basis": found.pack.basis,
        "in_force_from": found.pack.in_force_from.isoformat(),
        "applies": found.applies,
        "why_not": found.why_not,
        "counts": found.counts,
        "criteria": [
            {
                "number": a.criterion.number,
                "key": a.criterion.key,
                "text": a.criterion.text,
                "finding": a.finding.value if a.finding else None,
                "documents": a.documents,
                "note": a.note,
                "assessed_by": a.assessed_by,
                "assessed_at": a.assessed_at.isoformat() if a.assessed_at else None,
            }
            for a in found.assessments
        ],
        "determination": None
        if made is None
        else {
            "determination": made.determination.value,
            "date": str(made.on),
            "by": made.by,
            "referral": made.referral,
            "referred_on": None if made.referred_on is None else str(made.referred_on),
            "document": made.document,
            "note": made.note,
            "recorded_by": made.recorded_by,
        },
    }


# --- the demo's duties -----------------------------------------------------------------------

# What the demo's sources show was done under 22 U.S.C. 1732, in our own words: (case,
# detention, step, status, date, document, note). A duty the sources are silent on stays
# outstanding, with a note saying so.
_TELEGRAM_342 = (
    "Telegram 342 told the Embassy in Moscow that Washington counted on the Soviet authorities"
    " freeing Rozhkovski, Pyk and Devenis once Gorin was let go, and that Oumansky had been told"
    " so; the Embassy was to press the cases when Gorin's release was announced."
)
DEMO_DUTIES: tuple[tuple[str, str, str, str, str | None, str | None, str], ...] = (
    (
        "ivanov",
        "landerman",
        "demand-reasons",
        "outstanding",
        None,
        None,
        "Our sources do not say whether the Soviet Government was asked why Landerman was held.",
    ),
    (
        "ivanov",
        "landerman",
        "use-means",
        "discharged",
        "1964-11-19",
        "rusk-katzenbach-1964-11-19",
        "The means tried: Rusk, citing this statute, asked the Acting Attorney General to concur"
        " in suspending Ivanov's sentence and expelling him. Katzenbach refused on 1 December"
        " (katzenbach-rusk-1964-12-01), judging it a bad bargain for one tourist; Rusk pressed"
        " again on 8 December (rusk-katzenbach-1964-12-08), saying the aim was to protect all"
        " Americans abroad; on 15 December Bundy reported that the President leaned toward"
        " Justice (bundy-katzenbach-1964-12-15). The expulsion failed at the concurrence stage.",
    ),
    (
        "ivanov",
        "landerman",
        "report-to-congress",
        "outstanding",
        None,
        None,
        "No communication to Congress about Landerman is in our sources.",
    ),
    *(
        (case, detention, "demand-release", "discharged", "1941-03", "telegram-342-1941-03", note)
        for detention in ("pyk", "roszkowski", "devenis")
        for case, note in (("gorin", _TELEGRAM_342), (detention, _TELEGRAM_342))
    ),
)


def seed_demo_duties(db: Database) -> int:
    """Put the demo's duty records on file where nothing is recorded for them yet (a record
    someone has changed since is left alone), each written to the audit trail; how many were
    added. Run by the demo's set-up, after its records are loaded."""
    added = 0
    with db.transaction() as repo:
        for case, detention, step, status, on, document, note in DEMO_DUTIES:
            key = (case, detention, DUTIES_PACK, step)
            if repo.session.get(CaseDutyRow, key) is not None:
                continue
            repo.session.add(
                CaseDutyRow(
                    case_key=case,
                    detention=detention,
                    pack=DUTIES_PACK,
                    step=step,
                    status=status,
                    on=PartialDate.parse(on) if on else None,
                    document=document,
                    note=note,
                    recorded_by=current_actor().name,
                    recorded_at=datetime.now(UTC),
                )
            )
            _audit(
                repo,
                "duty-recorded",
                "case",
                case,
                {"pack": DUTIES_PACK, "step": step, "detention": detention, "status": status},
            )
            added += 1
    return added
