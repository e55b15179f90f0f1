"""Duty packs: what a statute requires of our own government when one of our nationals is
held abroad, as data (one file per jurisdiction and era, like the law packs), and the pure
judgement of it: which duties are outstanding on a day, since when, and which have been
outstanding longer than a deployment allows.

Two kinds of pack:

- `duties`: numbered steps the Executive must take (22 U.S.C. 1732: demand the reasons, demand
  release, use the means short of war, tell Congress), each tracked on a case with its status,
  date and the document that discharged it;
- `criteria`: the numbered criteria a determination rests on (22 U.S.C. 1741a: wrongful
  detention), each assessed per detention as met, not met or unknown, and the determination
  that follows, with its referral.

A pack applies only from the day it took effect (`in_force.from`), to detentions that were
under way on or after that day as the record shows them. Nothing here reads a file or a
database: the services read the packs and the records and pass them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from glienicke.domain.errors import Problem, ValidationFailed

FORMAT_FIELD = "glienicke_duty_pack"
FORMAT_VERSION = 1


class PackKind(StrEnum):
    DUTIES = "duties"
    CRITERIA = "criteria"


class DutyStatus(StrEnum):
    OUTSTANDING = "outstanding"
    DISCHARGED = "discharged"
    NOT_APPLICABLE = "not-applicable"


class Finding(StrEnum):
    MET = "met"
    NOT_MET = "not-met"
    UNKNOWN = "unknown"


class Determination(StrEnum):
    WRONGFULLY_DETAINED = "wrongfully-detained"
    HOSTAGE = "hostage"
    NEITHER = "neither"


# A determination that makes the case more urgent (see law/urgency.py).
PRESSING = frozenset({Determination.WRONGFULLY_DETAINED, Determination.HOSTAGE})


@dataclass(frozen=True)
class DutyStep:
    """One duty: `after` names the step it waits on (its clock starts when that one is
    discharged); without one, the clock starts when the detention began."""

    key: str
    number: int
    name: str
    explanation: str
    after: str | None = None


@dataclass(frozen=True)
class Criterion:
    number: int
    key: str
    text: str


@dataclass(frozen=True)
class DutyPack:
    key: str
    name: str
    kind: PackKind
    home_state: str  # whose government owes the duties (clearance.home_state)
    basis: str
    summary: str
    explanation: str
    in_force_from: date
    in_force_until: date | None = None
    steps: tuple[DutyStep, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    referral: str | None = None  # what follows a determination (criteria packs)
    source: str = ""

    def step(self, key: str) -> DutyStep | None:
        return next((s for s in self.steps if s.key == key), None)

    def criterion(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (
            self.in_force_until is None or day <= self.in_force_until
        )

    def applies(self, began: date | None, last_known: date | None, as_of: date) -> bool:
        """Whether the pack applies on `as_of` to a detention that began on `began` and whose
        latest recorded fact (its start or a stage) is dated `last_known`: it must be in force
        on the day, and the detention must have been under way on or after the pack took
        effect, as the record shows it."""
        if not self.in_force_on(as_of):
            return False
        latest = max((d for d in (began, last_known) if d is not None), default=None)
        return latest is None or latest >= self.in_force_from

    def why_not(self, as_of: date) -> str:
        """Why the pack does not apply, in words that give its dates."""
        if as_of < self.in_force_from:
            return f"{self.name} took effect on {self.in_force_from}, after {as_of}"
        if self.in_force_until is not None and as_of > self.in_force_until:
            return f"{self.name} ceased to apply on {self.in_force_until}"
        return (
            f"{self.name} took effect on {self.in_force_from}; the record shows this detention"
            " only before that day"
        )


# --- the file format -------------------------------------------------------------------------

_KEY = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 80}
_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def duty_pack_schema() -> dict[str, Any]:
    """The JSON Schema every duty pack file must satisfy."""
    step = _object(
        {
            "key": _KEY,
            "number": {"type": "integer", "minimum": 1, "maximum": 99},
            "name": _TEXT,
            "explanation": _TEXT,
            "after": _KEY,
        },
        ["key", "number", "name", "explanation"],
    )
    criterion = _object(
        {
            "number": {"type": "integer", "minimum": 1, "maximum": 99},
            "key": _KEY,
            "text": _TEXT,
        },
        ["number", "key", "text"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Glienicke duty pack",
        **_object(
            {
                FORMAT_FIELD: {"const": FORMAT_VERSION},
                "key": _KEY,
                "name": _TEXT,
                "kind": {"type": "string", "enum": [k.value for k in PackKind]},
                "home_state": _KEY,
                "basis": _TEXT,
                "summary": _TEXT,
                "explanation": _TEXT,
                "in_force": _object({"from": _DATE, "until": _DATE}, ["from"]),
                "steps": {"type": "array", "items": step, "minItems": 1},
                "criteria": {"type": "array", "items": criterion, "minItems": 1},
                "referral": _TEXT,
            },
            [
                FORMAT_FIELD,
                "key",
                "name",
                "kind",
                "home_state",
                "basis",
                "summary",
                "explanation",
                "in_force",
            ],
        ),
    }


def _day(text: str | None, where: str, problems: list[Problem]) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(where, f"'{text}' is not a calendar date (YYYY-MM-DD)"))
        return None


def _text(value: str) -> str:
    return " ".join(value.split())


def duty_pack_from_plain(data: dict[str, Any], *, name: str, source: str = "") -> DutyPack:
    """A DutyPack from a file's data that the schema has accepted; `name` is the file's name
    without its extension, which must be the pack's key. Raises ValidationFailed naming the
    field of every problem the schema cannot see."""
    problems: list[Problem] = []
    if data["key"] != name:
        problems.append(
            Problem("key", f"'{data['key']}' must equal the file's name without .yaml ('{name}')")
        )
    kind = PackKind(data["kind"])
    start = _day(data["in_force"]["from"], "in_force.from", problems)
    end = _day(data["in_force"].get("until"), "in_force.until", problems)
    if start and end and end < start:
        problems.append(Problem("in_force.until", f"{end} is before in_force.from {start}"))
    wanted, unwanted = ("steps", "criteria") if kind is PackKind.DUTIES else ("criteria", "steps")
    if wanted not in data:
        problems.append(Problem(wanted, f"a pack of kind '{kind.value}' lists its {wanted}"))
    if unwanted in data:
        problems.append(Problem(unwanted, f"a pack of kind '{kind.value}' has no {unwanted}"))
    steps: list[DutyStep] = []
    keys: set[str] = set()
    for index, plain in enumerate(data.get("steps", []) if kind is PackKind.DUTIES else []):
        where = f"steps[{index}]"
        if plain["key"] in keys:
            problems.append(Problem(f"{where}.key", f"step '{plain['key']}' appears twice"))
        if plain["number"] != index + 1:
            problems.append(
                Problem(f"{where}.number", f"is {plain['number']}; the steps count 1, 2, 3 ...")
            )
        after = plain.get("after")
        if after is not None and after not in keys:
            problems.append(
                Problem(f"{where}.after", f"'{after}' is not a step listed before this one")
            )
        keys.add(plain["key"])
        steps.append(
            DutyStep(
                plain["key"],
                plain["number"],
                _text(plain["name"]),
                _text(plain["explanation"]),
                after,
            )
        )
    criteria: list[Criterion] = []
    for index, plain in enumerate(data.get("criteria", []) if kind is PackKind.CRITERIA else []):
        where = f"criteria[{index}]"
        if plain["number"] != index + 1:
            problems.append(
                Problem(
                    f"{where}.number",
                    f"is {plain['number']}; the criteria are numbered as the statute numbers"
                    " them, 1, 2, 3 ...",
                )
            )
        if plain["key"] in keys:
            problems.append(Problem(f"{where}.key", f"criterion '{plain['key']}' appears twice"))
        keys.add(plain["key"])
        criteria.append(Criterion(plain["number"], plain["key"], _text(plain["text"])))
    if problems:
        raise ValidationFailed(problems)
    assert start is not None
    return DutyPack(
        key=data["key"],
        name=data["name"],
        kind=kind,
        home_state=data["home_state"],
        basis=_text(data["basis"]),
        summary=_text(data["summary"]),
        explanation=_text(data["explanation"]),
        in_force_from=start,
        in_force_until=end,
        steps=tuple(steps),
        criteria=tuple(criteria),
        referral=_text(data["referral"]) if "referral" in data else None,
        source=source,
    )


# --- judging duties on a day -----------------------------------------------------------------


@dataclass(frozen=True)
class DutyRecord:
    """What is on record for one duty (nothing on record: outstanding)."""

    step: str
    status: DutyStatus
    on: date | None = None
    document: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DutyLine:
    """One duty as it stood on a day."""

    step: DutyStep
    status: DutyStatus
    on: date | None
    document: str | None
    note: str | None
    since: date | None  # when its clock started (outstanding duties)
    days_outstanding: int | None
    allowed_days: int
    alarm: bool
    waiting_on: str | None  # the step it waits on, not yet discharged
    why: str


def judge_duties(
    pack: DutyPack,
    records: dict[str, DutyRecord],
    began: date | None,
    as_of: date,
    allowed: dict[str, int],
    default_days: int,
    ended: date | None = None,
) -> list[DutyLine]:
    """Each duty of the pack on `as_of`: discharged or not applicable as recorded (a record
    dated after the day does not count yet), else outstanding, with an alarm once it has been
    outstanding longer than allowed, counted from the detention's start (`began`) or from the
    day the step it waits on was discharged. Once the detention has ended (`ended`, by the
    day) an outstanding duty raises no alarm: the person is no longer held."""
    lines: list[DutyLine] = []
    settled: dict[str, tuple[DutyStatus, date | None]] = {}
    for step in pack.steps:
        days = allowed.get(step.key, default_days)
        record = records.get(step.key)
        settled_by_then = (
            record is not None
            and record.status is not DutyStatus.OUTSTANDING
            and (record.on is None or record.on <= as_of)
        )
        if record is not None and settled_by_then:
            settled[step.key] = (record.status, record.on)
            what = "discharged" if record.status is DutyStatus.DISCHARGED else "not applicable"
            when = f" on {record.on}" if record.on else ""
            lines.append(
                DutyLine(
                    step,
                    record.status,
                    record.on,
                    record.document,
                    record.note,
                    None,
                    None,
                    days,
                    False,
                    None,
                    f"{what}{when}",
                )
            )
            continue
        since, waiting = _clock(step, pack, settled, began)
        # a record dated after the day is not known on it: neither its note nor its document
        known = record is not None and (record.on is None or record.on <= as_of)
        note = record.note if record is not None and known else None
        document = record.document if record is not None and known else None
        if waiting is not None:
            waited = pack.step(waiting)
            lines.append(
                DutyLine(
                    step,
                    DutyStatus.OUTSTANDING,
                    None,
                    document,
                    note,
                    None,
                    None,
                    days,
                    False,
                    waiting,
                    f"waits on step {waited.number if waited else waiting}"
                    f" ({waited.name if waited else waiting})",
                )
            )
            continue
        outstanding = None if since is None else max((as_of - since).days, 0)
        over = ended is not None and ended <= as_of
        alarm = outstanding is not None and outstanding > days and not over
        if since is None:
            why = "outstanding; when its clock started is not on record"
        elif since > as_of:
            why = f"not yet due: its clock starts on {since}"
        elif over:
            why = f"outstanding since {since}; the detention ended on {ended}"
        else:
            why = f"outstanding for {outstanding} days since {since} (allowed {days})"
            if alarm:
                why = f"overdue: {why}"
        lines.append(
            DutyLine(
                step,
                DutyStatus.OUTSTANDING,
                None,
                document,
                note,
                since,
                outstanding,
                days,
                alarm,
                None,
                why,
            )
        )
    return lines


def _clock(
    step: DutyStep,
    pack: DutyPack,
    settled: dict[str, tuple[DutyStatus, date | None]],
    began: date | None,
) -> tuple[date | None, str | None]:
    """When a duty's clock started, or the step it still waits on. A step it waits on that
    does not apply passes the wait to the step before that one."""
    after = step.after
    while after is not None:
        done = settled.get(after)
        if done is None:
            return None, after
        status, on = done
        if status is DutyStatus.DISCHARGED:
            return on, None
        previous = pack.step(after)
        after = previous.after if previous is not None else None
    return began, None
