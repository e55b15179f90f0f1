"""Reading records with SQLAlchemy Core: one query for the rows a condition picks and one per
child table, built straight into domain records. The same records as loading ORM rows and
mapping them (`mapping.to_record`; a test compares the two on every stored record), without
an ORM object and its state per row and per child row, which was most of a page's time.
Writes still go through the ORM rows (store/repository.py)."""

from __future__ import annotations

import dataclasses
import gc
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from glienicke.dataset.codec import fields_of, unwrap_optional
from glienicke.store.mapping import child_class, row_class


@dataclass(frozen=True)
class _Child:
    attr: str
    shape: str  # 'value', 'object' or 'one' (see tables.Base)
    parent: Any  # the child table's parent_key column
    position: Any | None
    columns: tuple[tuple[str, Any], ...]  # (field, column); ('value', column) for a value list
    record: type[Any] | None  # the nested record class, for 'object' and 'one'


@dataclass(frozen=True)
class _Plan:
    cls: type[Any]
    key: Any
    columns: tuple[tuple[str, Any], ...]
    children: tuple[_Child, ...]


_PLANS: dict[type[Any], _Plan] = {}


def _column(mapped: type[Any], attr: str) -> Any:
    return mapped.__mapper__.column_attrs[attr].columns[0]


def _plan(cls: type[Any]) -> _Plan:
    found = _PLANS.get(cls)
    if found is not None:
        return found
    row = row_class(cls)
    columns = []
    children = []
    for spec in fields_of(cls):
        shape = row.__children__.get(spec.attr)
        if shape is None:
            columns.append((spec.attr, _column(row, spec.attr)))
            continue
        child = child_class(row, spec.attr)
        table = child.__table__
        fields: tuple[tuple[str, Any], ...]
        if shape == "value":
            inner, fields = None, (("value", _column(child, "value")),)
        else:
            inner = (
                typing.get_args(spec.hint)[0]
                if shape == "object"
                else unwrap_optional(spec.hint)[0]
            )
            fields = tuple((f.name, _column(child, f.name)) for f in dataclasses.fields(inner))
        position = table.c.position if "position" in table.c else None
        children.append(_Child(spec.attr, shape, table.c.parent_key, position, fields, inner))
    found = _PLANS[cls] = _Plan(cls, _column(row, "key"), tuple(columns), tuple(children))
    return found


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Build records without the cyclic garbage collector running. Every object made here is
    kept (it is part of a record being returned), so the collections that hundreds of thousands
    of new objects set off free nothing, while each full one walks the whole heap: on a large
    read they were a quarter of the time. The collector is switched back on afterwards when it
    was on before (another thread's read may have paused it too: the last one out restores it)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_records(
    session: Session, cls: type[Any], *conditions: ColumnElement[bool], limit: int | None = None
) -> list[Any]:
    """The records of a kind whose rows meet every condition (expressions over its row class),
    by key (the first `limit` of them, when given)."""
    with _collector_paused():
        return _read(session, cls, conditions, limit)


def _read(
    session: Session, cls: type[Any], conditions: tuple[ColumnElement[bool], ...], limit: int | None
) -> list[Any]:
    plan = _plan(cls)
    query: Select[Any] = (
        select(*[c for _name, c in plan.columns]).where(*conditions).order_by(plan.key)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = session.execute(query).all()
    if not rows:
        return []
    names = [name for name, _column in plan.columns]
    values: list[dict[str, Any]] = [dict(zip(names, row, strict=True)) for row in rows]
    if plan.children:
        by_key = {v["key"]: v for v in values}
        for v in values:
            for child in plan.children:
                v[child.attr] = None if child.shape == "one" else []
        picked = select(plan.key).where(*conditions)
        if limit is not None:  # the same rows again: the first `limit` by key
            picked = picked.order_by(plan.key).limit(limit)
        chosen = picked.scalar_subquery()
        for child in plan.children:
            _fill(session, child, chosen, by_key)
    return [plan.cls(**v) for v in values]


def _fill(session: Session, child: _Child, chosen: Any, by_key: dict[str, dict[str, Any]]) -> None:
    """Each parent's list (or single nested record) from the child table, in order."""
    query = select(child.parent, *[c for _name, c in child.columns]).where(child.parent.in_(chosen))
    query = query.order_by(child.parent, *([child.position] if child.position is not None else []))
    names = [name for name, _column in child.columns]
    for parent, *fields in session.execute(query):
        holder = by_key.get(parent)
        if holder is None:
            continue
        if child.record is None:
            holder[child.attr].append(fields[0])
        else:
            item = child.record(**dict(zip(names, fields, strict=True)))
            if child.shape == "one":
                holder[child.attr] = item
            else:
                holder[child.attr].append(item)
