"""Filing many new records at once: one multi-row insert per table instead of a unit of work
per record. The import files documents this way; the records and their audit entries are the
same as the repository would write one at a time (a test compares the two)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from glienicke.dataset.codec import fields_of
from glienicke.domain.documents import Document
from glienicke.store.audit import AuditLog
from glienicke.store.derived import derived
from glienicke.store.mapping import child_class, row_class
from glienicke.store.repository import document_hashes
from glienicke.store.search import add_index_rows, index_fields
from glienicke.store.tables import Base


@dataclasses.dataclass(frozen=True)
class _Shape:
    """How the rows of one kind of record are laid out: its scalar attributes, and for each
    list it keeps (attribute, shape, child table, value column)."""

    row: type[Base]
    scalars: list[str]
    children: list[tuple[str, str, Any, str | None]]


def _shape_of(record_cls: type[Any]) -> _Shape:
    row = row_class(record_cls)
    found = []
    for attr, shape in row.__children__.items():
        child = child_class(row, attr)
        column = child.__mapper__.columns["value"].name if shape == "value" else None
        found.append((attr, shape, child.__table__, column))
    scalars = [s.attr for s in fields_of(record_cls) if s.attr not in row.__children__]
    return _Shape(row, scalars, found)


_SHAPES: dict[type[Any], _Shape] = {}


def insert_records(
    session: Session,
    records: Sequence[Any],
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Insert new records of one kind (their keys are known to be free) with their lists, as
    version 1, with their derived columns, in the caller's transaction; `extra` gives the other
    stored columns a record does not hold itself (a document's content hash). No audit
    entries, no index entries."""
    if not records:
        return
    cls = type(records[0])
    shape = _SHAPES.get(cls)
    if shape is None:
        shape = _SHAPES[cls] = _shape_of(cls)
    rows: list[dict[str, Any]] = []
    children: dict[str, list[dict[str, Any]]] = {attr: [] for attr, *_ in shape.children}
    for record in records:
        row = {attr: getattr(record, attr) for attr in shape.scalars}
        row["version"] = 1
        row.update(derived(record))
        if extra is not None:
            row.update(extra(record))
        rows.append(row)
        for attr, kind, _table, column in shape.children:
            value = getattr(record, attr)
            if kind == "one":
                if value is not None:
                    children[attr].append({"parent_key": record.key, **_plain_fields(value)})
            elif kind == "value":
                children[attr] += [
                    {"parent_key": record.key, "position": i, str(column): v}
                    for i, v in enumerate(value)
                ]
            else:
                children[attr] += [
                    {"parent_key": record.key, "position": i, **_plain_fields(v)}
                    for i, v in enumerate(value)
                ]
    # render_nulls: one INSERT for the lot, not one per pattern of empty columns (every column
    # is given, so no default is skipped)
    session.execute(insert(shape.row).execution_options(render_nulls=True), rows)
    for attr, _kind, table, _column in shape.children:
        if children[attr]:
            session.execute(table.insert(), children[attr])


def file_documents(
    session: Session,
    documents: Sequence[Document],
    audit: AuditLog | None,
    hashes: Sequence[tuple[str, str]] | None = None,
) -> None:
    """Insert new documents (their keys are known to be free) with their lists, their index
    entries and one audit entry each, in the caller's transaction. `hashes` are each
    document's content hash and digest, when the caller has them already."""
    if not documents:
        return
    if hashes is None:
        hashes = [document_hashes(d) for d in documents]
    stored = {d.key: h for d, (h, _digest) in zip(documents, hashes, strict=True)}
    insert_records(
        session,
        documents,
        lambda d: {"content_hash": stored[d.key]},
    )
    add_index_rows(session, [index_fields(d) for d in documents], fresh=True)
    if audit is not None:
        audit.record_many(
            "created",
            "document",
            [
                (d.key, {"version": 1, "digest": d_digest})
                for d, (_hash, d_digest) in zip(documents, hashes, strict=True)
            ],
        )


def _plain_fields(value: Any) -> dict[str, Any]:
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(value))
    return {name: getattr(value, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
