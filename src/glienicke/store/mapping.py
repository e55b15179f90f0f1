"""Between domain records and table rows.

Column names follow the domain's attribute names, so the mapping is generic: scalar attributes
copy across, and each child list is rebuilt from its rows in order.
"""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from sqlalchemy.orm import Session

from glienicke.dataset.codec import fields_of, unwrap_optional
from glienicke.store.derived import derived
from glienicke.store.tables import ROWS, Base


def row_class(record_cls: type[Any]) -> type[Any]:
    """The table row class of a domain record class (typed loosely: columns vary by kind)."""
    return ROWS[record_cls]


def child_class(row_cls: type[Base], attr: str) -> type[Base]:
    relationship = row_cls.__mapper__.relationships[attr]
    return typing.cast(type[Base], relationship.mapper.class_)


def new_row(record: Any) -> Any:
    """A fresh row (with its children) for a record."""
    row_cls = row_class(type(record))
    row = row_cls(key=record.key, version=1)
    _set_scalars(row, record)
    for attr, shape in row_cls.__children__.items():
        setattr(row, attr, _child_rows(row_cls, attr, shape, getattr(record, attr)))
    return row


def update_row(session: Session, row: Base, record: Any) -> list[str]:
    """Make the row say what the record says; the names of the fields that changed."""
    before = to_record(row)
    if before == record:
        return []
    row_cls = type(row)
    changed = [
        spec.name
        for spec in fields_of(type(record))
        if getattr(before, spec.attr) != getattr(record, spec.attr)
    ]
    _set_scalars(row, record)
    for attr, shape in row_cls.__children__.items():
        if getattr(before, attr) == getattr(record, attr):
            continue
        # Clear and flush first: the replacement rows reuse the (parent, position) keys.
        setattr(row, attr, None if shape == "one" else [])
        session.flush()
        setattr(row, attr, _child_rows(row_cls, attr, shape, getattr(record, attr)))
    row.version = row.version + 1  # type: ignore[attr-defined]
    return changed


def to_record(row: Base) -> Any:
    """The domain record a row (with its children loaded) stands for."""
    row_cls = type(row)
    values: dict[str, Any] = {}
    for spec in fields_of(row_cls.__domain__):
        shape = row_cls.__children__.get(spec.attr)
        value = getattr(row, spec.attr)
        if shape == "value":
            values[spec.attr] = [child.value for child in value]
        elif shape == "object":
            inner = typing.get_args(spec.hint)[0]
            values[spec.attr] = [_child_record(inner, child) for child in value]
        elif shape == "one":
            inner, _ = unwrap_optional(spec.hint)
            values[spec.attr] = None if value is None else _child_record(inner, value)
        else:
            values[spec.attr] = value
    return row_cls.__domain__(**values)


def _set_scalars(row: Base, record: Any) -> None:
    for spec in fields_of(type(record)):
        if spec.attr not in type(row).__children__ and spec.attr != "key":
            setattr(row, spec.attr, getattr(record, spec.attr))
    for column, value in derived(record).items():
        setattr(row, column, value)


def _child_rows(row_cls: type[Base], attr: str, shape: str, value: Any) -> Any:
    child_cls = child_class(row_cls, attr)
    if shape == "one":
        return None if value is None else child_cls(**_fields(value))
    if shape == "value":
        return [child_cls(position=i, value=v) for i, v in enumerate(value)]
    return [child_cls(position=i, **_fields(v)) for i, v in enumerate(value)]


def _fields(value: Any) -> dict[str, Any]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


def _child_record(cls: type[Any], row: Any) -> Any:
    return cls(**{f.name: getattr(row, f.name) for f in dataclasses.fields(cls)})


def naming_columns(record_cls: type[Any], target: str) -> list[tuple[Any, Any]]:
    """Where a kind's rows (and its nested rows) hold keys of `target` records ('persons'):
    (the column holding such a key, the column holding the key of the record it belongs to).
    Worked out from the tables' foreign keys, so a new reference is covered without a list."""
    top = row_class(record_cls).__table__
    found: list[tuple[Any, Any]] = []
    for table in Base.metadata.sorted_tables:
        owner = _owner_column(table, top)
        if owner is None:
            continue
        for column in table.columns:
            if column is owner:
                continue
            if any(fk.column.table.name == target for fk in column.foreign_keys):
                found.append((column, owner))
    return found


def _owner_column(table: Any, top: Any) -> Any:
    """The column of `table` holding the key of a `top` record it belongs to, if it belongs
    to one directly (the record's own row, or a list inside it)."""
    if table is top:
        return table.c.key
    parent = table.c.get("parent_key")
    if parent is None:
        return None
    if any(fk.column.table is top for fk in parent.foreign_keys):
        return parent
    return None
