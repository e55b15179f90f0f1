"""From parsed dataset files to validated domain records, every problem placed in its file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from glienicke.dataset.codec import fields_of, from_plain, to_plain
from glienicke.dataset.files import SourceText
from glienicke.domain.catalog import BY_SECTION, KINDS, RecordKind, kind_of
from glienicke.domain.errors import Problem, ValidationFailed

FORMAT_FIELD = "glienicke_dataset"
FORMAT_VERSION = 1


@dataclass
class Located:
    """A record and where it came from."""

    record: Any
    source: SourceText
    path: str  # e.g. 'persons[3]'


@dataclass
class Dataset:
    """Records read from one or more files, by kind, in file order."""

    by_kind: dict[str, list[Located]] = field(default_factory=lambda: {k.name: [] for k in KINDS})

    def __iter__(self) -> Iterator[tuple[RecordKind, Located]]:
        for kind in KINDS:
            for located in self.by_kind[kind.name]:
                yield kind, located

    def keys(self, kind: str) -> set[str]:
        return {located.record.key for located in self.by_kind[kind]}

    def records(self, kind: str) -> list[Any]:
        return [located.record for located in self.by_kind[kind]]


# Looks up which of the given keys of a kind already exist in the store.
ExistingKeys = Callable[[str, set[str]], set[str]]


def read_sources(sources: list[SourceText], existing: ExistingKeys) -> Dataset:
    """Parse and check every source; raise one ValidationFailed listing every problem."""
    dataset = Dataset()
    problems: list[Problem] = []
    for source in sources:
        problems += _parse_source(source, dataset)
    if not problems:
        problems += _check_records(dataset)
        problems += _check_references(dataset, existing)
    if problems:
        raise ValidationFailed(problems)
    return dataset


def _parse_source(source: SourceText, dataset: Dataset) -> list[Problem]:
    data = source.data
    if data is None:
        return []  # an empty file is an empty dataset
    if not isinstance(data, dict):
        return [_at(source, "", "a dataset is a mapping of sections (persons, cases, ...)")]
    problems: list[Problem] = []
    version = data.get(FORMAT_FIELD, FORMAT_VERSION)
    if type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            _at(
                source,
                FORMAT_FIELD,
                (
                    f"this is dataset format {version!r}; this version of Glienicke reads format"
                    f" {FORMAT_VERSION}"
                ),
            )
        )
    for section, items in data.items():
        if section == FORMAT_FIELD:
            continue
        kind = BY_SECTION.get(section)
        if kind is None:
            known = ", ".join(BY_SECTION)
            problems.append(_at(source, section, f"unknown section; the sections are: {known}"))
            continue
        if not isinstance(items, list):
            problems.append(_at(source, section, "expected a list of records"))
            continue
        for index, item in enumerate(items):
            path = f"{section}[{index}]"
            found: list[Problem] = []
            record = from_plain(kind.cls, item, path, found)
            problems += [_place(source, path, item, kind, p) for p in found]
            if record is not None:
                dataset.by_kind[kind.name].append(Located(record, source, path))
    return problems


def _check_records(dataset: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    for kind in KINDS:
        first_seen: dict[str, Located] = {}
        for located in dataset.by_kind[kind.name]:
            record = located.record
            for problem in record.problems():
                path = f"{located.path}.{problem.where}" if problem.where else located.path
                problems.append(
                    _place(located.source, path, record, kind, Problem(path, problem.message))
                )
            earlier = first_seen.get(record.key)
            if earlier is not None:
                line = earlier.source.line_of(earlier.path)
                at = f"{earlier.source.name}:{line}" if line else earlier.source.name
                problems.append(
                    _place(
                        located.source,
                        f"{located.path}.key",
                        record,
                        kind,
                        Problem(
                            f"{located.path}.key",
                            f"duplicate key: {kind.label} '{record.key}' is also at {at}",
                        ),
                    )
                )
            first_seen.setdefault(record.key, located)
    return problems


def _check_references(dataset: Dataset, existing: ExistingKeys) -> list[Problem]:
    wanted: dict[str, set[str]] = {}
    uses: list[tuple[RecordKind, Located, str, str, str]] = []
    for kind, located in dataset:
        for path, target, key in references(located.record, located.path):
            wanted.setdefault(target, set()).add(key)
            uses.append((kind, located, path, target, key))
    known = {
        target: dataset.keys(target) | existing(target, keys - dataset.keys(target))
        for target, keys in wanted.items()
    }
    problems = []
    for kind, located, path, target, key in uses:
        if key not in known[target]:
            label = target.replace("_", " ")
            problems.append(
                _place(
                    located.source,
                    path,
                    located.record,
                    kind,
                    Problem(
                        path,
                        f"refers to {label} '{key}', which is neither in the dataset nor stored",
                    ),
                )
            )
    return problems


def references(record: Any, path: str) -> Iterator[tuple[str, str, str]]:
    """Every (path, kind, key) reference a record makes, nested values included."""
    for spec in fields_of(type(record)):
        value = getattr(record, spec.attr)
        here = f"{path}.{spec.name}"
        if spec.ref is not None:
            if isinstance(value, list):
                for index, key in enumerate(value):
                    yield f"{here}[{index}]", spec.ref, key
            elif value is not None:
                yield here, spec.ref, value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if dataclasses.is_dataclass(item):
                    yield from references(item, f"{here}[{index}]")
        elif dataclasses.is_dataclass(value):
            yield from references(value, here)


def to_dataset(records: dict[str, list[Any]]) -> dict[str, Any]:
    """The canonical plain dataset of the given records: kinds in order, records by key."""
    out: dict[str, Any] = {FORMAT_FIELD: FORMAT_VERSION}
    for kind in KINDS:
        items = sorted(records.get(kind.name, []), key=lambda r: r.key)
        if items:
            out[kind.section] = [to_plain(r) for r in items]
    return out


def describe(record: Any) -> str:
    """'detention 'gorin-1938'' for messages."""
    return f"{kind_of(record).label} '{record.key}'"


def _at(source: SourceText, path: str, message: str) -> Problem:
    line = source.line_of(path)
    place = f"{source.name}:{line}" if line else source.name
    return Problem(f"{place}: {path}" if path else place, message)


def _place(source: SourceText, path: str, item: Any, kind: RecordKind, problem: Problem) -> Problem:
    """'demo.yaml:57: detention 'gorin-1938', stages[2].stage'."""
    line = source.line_of(problem.where)
    place = f"{source.name}:{line}" if line else source.name
    record_path, _, field_path = problem.where.partition(".")
    key = item.get("key") if isinstance(item, dict) else getattr(item, "key", None)
    who = f"{kind.label} '{key}'" if isinstance(key, str) else f"{kind.label} {record_path}"
    return Problem(f"{place}: {who}" + (f", {field_path}" if field_path else ""), problem.message)
