"""The law pack file format: its JSON Schema, and turning a checked file into a LawPack."""

from __future__ import annotations

from datetime import date
from typing import Any

from glienicke.domain.detention import Jurisdiction, StageKind
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.proposals import StepPhase
from glienicke.law.model import (
    JOINERS,
    Closing,
    Dated,
    Event,
    Exclusion,
    LawPack,
    Mechanism,
    Passage,
    Step,
    StepKind,
    change_days,
    text_on,
)

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


# A passage of text with the days it may be said on (see model.Passage).
_PASSAGE = _object({"text": _TEXT, "from": _DATE, "until": _DATE}, ["text"])
# A text: one string (said on every day), or passages, each with its own days.
_DATED_TEXT = {"oneOf": [_TEXT, {"type": "array", "items": _PASSAGE, "minItems": 1}]}


def pack_schema() -> dict[str, Any]:
    """The JSON Schema every law pack file must satisfy (generated from the code's enums)."""
    step = _object(
        {
            "key": _KEY,
            "kind": _enum(StepKind),
            "by": _TEXT,
            "note": _DATED_TEXT,
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
            "decider": _DATED_TEXT,
            "requires": {"type": "array", "items": step},
            "opens": _object({"event": _enum(Event)}, ["event"]),
            "closes": closes,
            "available_in": {"type": "array", "items": _enum(StageKind), "minItems": 1},
            "excluded_if": {"type": "array", "items": _enum(Exclusion)},
            "in_force": _object({"from": _DATE, "until": _DATE}, ["from"]),
            "jurisdiction": _enum(Jurisdiction),
            "conditions": {"type": "array", "items": {"oneOf": [_TEXT, _PASSAGE]}},
            "basis": _DATED_TEXT,
            "explanation": _DATED_TEXT,
            "closed_reason": _DATED_TEXT,
        },
        [
            "key",
            "name",
            "decider",
            "requires",
            "opens",
            "in_force",
            "basis",
            "explanation",
            "closed_reason",
        ],
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
                        "jurisdictions": {
                            "type": "array",
                            "items": _enum(Jurisdiction),
                            "minItems": 1,
                        },
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
        jurisdictions=(
            frozenset(Jurisdiction(j) for j in applies["jurisdictions"])
            if "jurisdictions" in applies
            else None
        ),
    )


def _passages(value: Any, where: str, problems: list[Problem]) -> Dated:
    """A text field's passages: one undated passage for a plain string."""
    items = [value] if isinstance(value, str) else value
    found = []
    for index, item in enumerate(items):
        place = where if isinstance(value, str) else f"{where}[{index}]"
        if isinstance(item, str):
            found.append(Passage(" ".join(item.split())))
            continue
        since = _day(item.get("from"), f"{place}.from", problems)
        until = _day(item.get("until"), f"{place}.until", problems)
        if since and until and until < since:
            problems.append(Problem(f"{place}.until", f"{until} is before from {since}"))
        found.append(Passage(" ".join(item["text"].split()), since, until))
    return tuple(found)


def _is_dated(passages: Dated) -> bool:
    return any(p.since is not None or p.until is not None for p in passages)


def _check_never_empty(
    passages: Dated, start: date | None, end: date | None, where: str, problems: list[Problem]
) -> None:
    """A required text must say something on every day the mechanism is in force."""
    days = {start or date.min} | {d for d in change_days(passages) if d > (start or date.min)}
    for day in sorted(days):
        if end is not None and day > end:
            break
        if not text_on(passages, day):
            problems.append(Problem(where, f"no passage holds on {day}, while it is in force"))
            return


def _mechanism(plain: dict[str, Any], where: str, problems: list[Problem]) -> Mechanism:
    steps: list[Step] = []
    for index, s in enumerate(plain["requires"]):
        note = s.get("note")
        passages = _passages(note, f"{where}.requires[{index}].note", problems) if note else ()
        steps.append(
            Step(
                s["key"],
                StepKind(s["kind"]),
                s["by"],
                text_on(passages, None, JOINERS["note"]) if passages else None,
                StepPhase(s.get("phase", StepPhase.CLEARANCE)),
                dated_note=passages if _is_dated(passages) else (),
            )
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
    in_force = plain["in_force"]
    start = _day(in_force.get("from"), f"{where}.in_force.from", problems)
    end = _day(in_force.get("until"), f"{where}.in_force.until", problems)
    if start and end and end < start:
        problems.append(Problem(f"{where}.in_force.until", f"{end} is before {start}"))
    texts: dict[str, Dated] = {}
    for name in ("decider", "basis", "explanation", "closed_reason"):
        texts[name] = _passages(plain[name], f"{where}.{name}", problems)
        _check_never_empty(texts[name], start, end, f"{where}.{name}", problems)
    texts["conditions"] = _passages(plain.get("conditions", []), f"{where}.conditions", problems)
    whole = {n: text_on(p, None, JOINERS.get(n, " ")) for n, p in texts.items()}
    available = plain.get("available_in")
    return Mechanism(
        key=plain["key"],
        name=plain["name"],
        decider=whole["decider"],
        opens=Event(plain["opens"]["event"]),
        basis=whole["basis"],
        explanation=whole["explanation"],
        closed_reason=whole["closed_reason"].rstrip("."),
        requires=tuple(steps),
        closes=closes,
        available_in=None if available is None else frozenset(StageKind(s) for s in available),
        excluded_if=frozenset(Exclusion(e) for e in plain.get("excluded_if", [])),
        in_force_from=start,
        in_force_until=end,
        conditions=tuple(p.text for p in texts["conditions"]),
        jurisdiction=Jurisdiction(plain["jurisdiction"]) if "jurisdiction" in plain else None,
        dated=tuple((n, p) for n, p in texts.items() if _is_dated(p)),
    )
