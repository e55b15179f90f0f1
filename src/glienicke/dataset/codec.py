"""Turn domain records into plain data (dicts, lists, strings) and back, collecting every error.

The plain form is the dataset format: field names as declared (or their `name` metadata),
partial dates and enums as strings, empty and absent values left out so that output is canonical.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, TypeVar, Union

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import InvalidValue, Problem
from glienicke.domain.fields import key_problem, whole_problem

T = TypeVar("T")

# A plain value as found in YAML or JSON.
Plain = Any


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    attr: str  # the Python attribute
    name: str  # the name in the dataset
    hint: Any  # the resolved type
    required: bool
    ref: str | None
    doc: str
    default: Any
    implied: bool = False  # left out of the plain form while it has its default


_FIELDS: dict[type[Any], tuple[FieldSpec, ...]] = {}


def fields_of(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """The dataset fields of a record class, in declaration order."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    specs = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = f.default if f.default is not dataclasses.MISSING else None
        specs.append(
            FieldSpec(
                attr=f.name,
                name=f.metadata.get("name", f.name),
                hint=hints[f.name],
                required=required,
                ref=f.metadata.get("ref"),
                doc=f.metadata.get("doc", ""),
                default=default,
                implied=bool(f.metadata.get("implied", False)),
            )
        )
    _FIELDS[cls] = tuple(specs)
    return _FIELDS[cls]


def unwrap_optional(hint: Any) -> tuple[Any, bool]:
    """(inner type, True) for `X | None`, else (hint, False)."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return hint, False


@dataclasses.dataclass(frozen=True)
class Links:
    """Where a record class names other records: its reference fields (attribute, kind; one
    key or a list of them) and the fields holding nested entries (one, or a list) that may
    name records in turn."""

    refs: tuple[tuple[str, str], ...]
    nested: tuple[str, ...]


_LINKS: dict[type[Any], Links] = {}


def links_of(cls: type[Any]) -> Links:
    """The reference and nested fields of a record class (worked out once per class)."""
    found = _LINKS.get(cls)
    if found is None:
        specs = fields_of(cls)
        refs = tuple((s.attr, s.ref) for s in specs if s.ref is not None)
        nested = tuple(s.attr for s in specs if s.ref is None and _holds_entries(s.hint))
        found = _LINKS[cls] = Links(refs, nested)
    return found


def _holds_entries(hint: Any) -> bool:
    inner, _optional = unwrap_optional(hint)
    if typing.get_origin(inner) is list:
        inner = typing.get_args(inner)[0]
    return isinstance(inner, type) and dataclasses.is_dataclass(inner)


def to_plain(record: Any) -> dict[str, Plain]:
    """The canonical plain form of a record: absent, empty and false values left out."""
    out: dict[str, Plain] = {}
    for spec in fields_of(type(record)):
        value = _plain_value(getattr(record, spec.attr))
        if value is None or value == [] or (value is False and spec.default is False):
            continue
        if spec.implied and value == _plain_value(spec.default):
            continue
        out[spec.name] = value
    return out


def _plain_value(value: Any) -> Plain:
    if value is None or (
        isinstance(value, bool | int | float | str) and not isinstance(value, Enum)
    ):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    if dataclasses.is_dataclass(value):
        return to_plain(value)
    raise TypeError(f"cannot make {type(value).__name__} plain")


def from_plain(cls: type[T], data: Plain, where: str, problems: list[Problem]) -> T | None:
    """Build a record from plain data; append a Problem for each fault and return None then."""
    if not isinstance(data, dict):
        problems.append(Problem(where, f"expected a mapping of fields, got {_describe(data)}"))
        return None
    before = len(problems)
    specs = fields_of(cls)
    known = {s.name for s in specs}
    for name in data:
        if name not in known:
            hint = _closest(str(name), known)
            problems.append(Problem(_join(where, str(name)), "unknown field" + hint))
    values: dict[str, Any] = {}
    for spec in specs:
        path = _join(where, spec.name)
        if spec.name not in data or data[spec.name] is None:
            if spec.required:
                problems.append(Problem(path, "is required"))
            continue
        values[spec.attr] = _convert(spec.hint, data[spec.name], path, problems)
        if spec.ref is not None or spec.name == "key":
            _check_keys(values[spec.attr], path, problems)
    if len(problems) > before:
        return None
    return cls(**values)


def _check_keys(value: Any, where: str, problems: list[Problem]) -> None:
    """Keys are checked where they enter: a key no column can hold is refused by name."""
    for index, key in enumerate(value) if isinstance(value, list) else [(None, value)]:
        problem = key_problem(key)
        if problem is not None:
            problems.append(Problem(where if index is None else f"{where}[{index}]", problem))


def _convert(hint: Any, value: Plain, where: str, problems: list[Problem]) -> Any:
    hint, _ = unwrap_optional(hint)
    origin = typing.get_origin(hint)
    if origin is list:
        (inner,) = typing.get_args(hint)
        if not isinstance(value, list):
            problems.append(Problem(where, f"expected a list, got {_describe(value)}"))
            return []
        return [_convert(inner, v, f"{where}[{i}]", problems) for i, v in enumerate(value)]
    if hint is PartialDate:
        return _convert_date(value, where, problems)
    if dataclasses.is_dataclass(hint):
        return from_plain(typing.cast(type[Any], hint), value, where, problems)
    if isinstance(hint, type) and issubclass(hint, Enum):
        allowed = [m.value for m in hint]
        if value not in allowed:
            problems.append(
                Problem(where, f"{_describe(value)} is not one of: {', '.join(allowed)}")
            )
            return None
        return hint(value)
    if hint is bool:
        if not isinstance(value, bool):
            problems.append(Problem(where, f"expected true or false, got {_describe(value)}"))
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem(where, f"expected a whole number, got {_describe(value)}"))
        elif (too_large := whole_problem(value)) is not None:
            problems.append(Problem(where, too_large))
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(Problem(where, f"expected a number, got {_describe(value)}"))
            return value
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            problems.append(Problem(where, f"expected text, got {_describe(value)}"))
        elif not value.strip():
            problems.append(Problem(where, "must not be empty"))
        elif "\x00" in value:
            problems.append(Problem(where, "holds a NUL character, which no text field may hold"))
        return value
    raise TypeError(f"no conversion for {hint!r}")


def _convert_date(value: Plain, where: str, problems: list[Problem]) -> PartialDate | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}" if value >= 0 else str(value)
    if not isinstance(value, str):
        problems.append(
            Problem(where, f"expected a date such as '1941-03-20', got {_describe(value)}")
        )
        return None
    try:
        return PartialDate.parse(value)
    except InvalidValue as error:
        problems.append(
            Problem(
                where,
                f"'{value}' is not a valid date: {error}"
                if not str(error).startswith(f"'{value}'")
                else str(error),
            )
        )
        return None


def _describe(value: Plain) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def _closest(name: str, known: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(name, sorted(known), n=1)
    return (
        f" (did you mean '{match[0]}'?)"
        if match
        else f" (known fields: {', '.join(sorted(known))})"
    )
