"""The law pack file format: its JSON Schema, and turning a checked file into a LawPack."""

from __future__ import annotations

from datetime import date
from typing import Any

from glienicke.domain.detention import StageKind
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import StepPhase
from glienicke.law.model import Closing, Event, Exclusion, LawPack, Mechanism, Step, StepKind

FORMAT_FIELD = "glienicke_law_pack"
FORMAT_VERSION = 1

_KEY = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*-?$", "maxLength": 80}
_TEXT = {"type": "string", "minLength": 1}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _enum(values: type[Any]) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


def pack_schema() -> dict[str, Any]:
    """The JSON Schema every law pack file must satisfy (generated from the code's enums)."""
    step = _object(
        {
            "key": _KEY,
            "kind": _enum(StepKind),
            "by": _TEXT,
            "note": _TEXT,
            "phase": _enum(StepPhase),
        },
        ["key", "kind", "by"],
    )
    closes = {
        **_object(
            {
                "event": _enum(Event),
                "after_days": {"type": "integer", "minimum": 0, "maximum": 36500},
                "date": _DATE,
            },
            [],
        ),
        "oneOf": [{"required": ["event"]}, {"required": ["date"]}],
    }
    mechanism = _object(
        {
            "key": _KEY,
            "name": _TEXT,
            "decider": _TEXT,
            "requires": {"type": "array", "items": step},
            "opens": _object({"event": _enum(Event)}, ["event"]),
            "closes": closes,
            "available_in": {"type": "array", "items": _enum(StageKind), "minItems": 1},
            "excluded_if": {"type": "array", "items": _enum(Exclusion)},
            "in_force": _object({"from": _DATE, "until": _DATE}, []),
            "conditions": {"type": "array", "items": _TEXT},
            "basis": _TEXT,
            "explanation": _TEXT,
            "closed_reason": _TEXT,
        },
        ["key", "name", "decider", "requires", "opens", "basis", "explanation", "closed_reason"],
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Glienicke law pack",
        **_object(
            {
                FORMAT_FIELD: {"const": FORMAT_VERSION},
                "key": _KEY,
                "name": _TEXT,
                "applies": _object(
                    {
                        "states": {"type": "array", "items": _KEY, "minItems": 1},
                        "from": _DATE,
                        "until": _DATE,
                    },
                    ["states"],
                ),
                "summary": _TEXT,
                "mechanisms": {"type": "array", "items": mechanism, "minItems": 1},
            },
            [FORMAT_FIELD, "key", "name", "applies", "summary", "mechanisms"],
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


def pack_from_plain(data: dict[str, Any], *, name: str, source: str = "") -> LawPack:
    """A LawPack from a file's data that the schema has accepted; `name` is the file's name
    without its extension, which must be the pack's key. Raises ValidationFailed naming the
    field of every problem the schema cannot see."""
    problems: list[Problem] = []
    if data["key"] != name:
        problems.append(
            Problem("key", f"'{data['key']}' must equal the file's name without .yaml ('{name}')")
        )
    applies = data["applies"]
    start = _day(applies.get("from"), "applies.from", problems)
    end = _day(applies.get("until"), "applies.until", problems)
    if start and end and end < start:
        problems.append(Problem("applies.until", f"{end} is before applies.from {start}"))
    mechanisms: list[Mechanism] = []
    seen: set[str] = set()
    for index, plain in enumerate(data["mechanisms"]):
        where = f"mechanisms[{index}]"
        if plain["key"] in seen:
            problems.append(Problem(f"{where}.key", f"mechanism '{plain['key']}' appears twice"))
        seen.add(plain["key"])
        mechanisms.append(_mechanism(plain, where, problems))
    if problems:
        raise ValidationFailed(problems)
    return LawPack(
        key=data["key"],
        name=data["name"],
        states=frozenset(applies["states"]),
        summary=data["summary"],
        mechanisms=tuple(mechanisms),
        applies_from=start,
        applies_until=end,
        source=source,
    )


def _mechanism(plain: dict[str, Any], where: str, problems: list[Problem]) -> Mechanism:
    steps = tuple(
        Step(
            s["key"],
            StepKind(s["kind"]),
            s["by"],
            s.get("note"),
            StepPhase(s.get("phase", StepPhase.CLEARANCE)),
        )
        for s in plain["requires"]
    )
    step_keys = [s.key for s in steps]
    for key in {k for k in step_keys if step_keys.count(k) > 1}:
        problems.append(Problem(f"{where}.requires", f"step '{key}' is listed twice"))
    closes = None
    if "closes" in plain:
        spec = plain["closes"]
        closes = Closing(
            event=Event(spec["event"]) if "event" in spec else None,
            after_days=int(spec.get("after_days", 0)),
            on=_day(spec.get("date"), f"{where}.closes.date", problems),
        )
    in_force = plain.get("in_force", {})
    start = _day(in_force.get("from"), f"{where}.in_force.from", problems)
    end = _day(in_force.get("until"), f"{where}.in_force.until", problems)
    if start and end and end < start:
        problems.append(Problem(f"{where}.in_force.until", f"{end} is before {start}"))
    available = plain.get("available_in")
    return Mechanism(
        key=plain["key"],
        name=plain["name"],
        decider=plain["decider"],
        opens=Event(plain["opens"]["event"]),
        basis=plain["basis"],
        explanation=" ".join(plain["explanation"].split()),
        closed_reason=" ".join(plain["closed_reason"].split()).rstrip("."),
        requires=steps,
        closes=closes,
        available_in=None if available is None else frozenset(StageKind(s) for s in available),
        excluded_if=frozenset(Exclusion(e) for e in plain.get("excluded_if", [])),
        in_force_from=start,
        in_force_until=end,
        conditions=tuple(plain.get("conditions", [])),
    )
