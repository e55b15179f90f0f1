"""Filing many new documents at once: one multi-row insert per table instead of a unit of work
per record. The import uses it; the records and their audit entries are the same as the
repository would write one at a time (a test compares the two)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from glienicke.dataset.codec import fields_of
from glienicke.domain.documents import Document
from glienicke.store.audit import AuditLog
from glienicke.store.mapping import child_class
from glienicke.store.repository import document_hashes
from glienicke.store.search import add_index_rows, index_fields
from glienicke.store.tables import DocumentRow

_ROW = DocumentRow
_SCALARS = [s.attr for s in fields_of(Document) if s.attr not in _ROW.__children__]


def _child_tables() -> list[tuple[str, str, Any, str | None]]:
    """(attribute, shape, table, value column) for each list a document keeps."""
    found = []
    for attr, shape in _ROW.__children__.items():
        child = child_class(_ROW, attr)
        column = child.__mapper__.columns["value"].name if shape == "value" else None
        found.append((attr, shape, child.__table__, column))
    return found


_CHILDREN = _child_tables()


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
    rows: list[dict[str, Any]] = []
    children: dict[str, list[dict[str, Any]]] = {attr: [] for attr, *_ in _CHILDREN}
    for document, (filed_hash, _digest) in zip(documents, hashes, strict=True):
        row = {attr: getattr(document, attr) for attr in _SCALARS}
        row.update(
            version=1,
            content_hash=filed_hash,
            year=document.date.year if document.date else None,
        )
        rows.append(row)
        for attr, shape, _table, column in _CHILDREN:
            value = getattr(document, attr)
            if shape == "one":
                if value is not None:
                    children[attr].append({"parent_key": document.key, **_plain_fields(value)})
            elif shape == "value":
                children[attr] += [
                    {"parent_key": document.key, "position": i, str(column): v}
                    for i, v in enumerate(value)
                ]
            else:
                children[attr] += [
                    {"parent_key": document.key, "position": i, **_plain_fields(v)}
                    for i, v in enumerate(value)
                ]
    # render_nulls: one INSERT for the lot, not one per pattern of empty columns (every column
    # is given, so no default is skipped)
    session.execute(insert(_ROW).execution_options(render_nulls=True), rows)
    for attr, _shape, table, _column in _CHILDREN:
        if children[attr]:
            session.execute(table.insert(), children[attr])
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
