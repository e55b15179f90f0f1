"""Appending to and reading the audit trail, inside the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from glienicke.security.audit import AuditEntry, Seal, chain, seal
from glienicke.store.tables import AuditRow, AuditSealRow


class AuditLog:
    """Writes one chained entry per change, in the same transaction as the change."""

    def __init__(self, session: Session, actor: str, origin: str, key: bytes | None = None) -> None:
        self.session = session
        self.actor = actor
        self.origin = origin
        self.key = key  # the audit key: with it, every unit of work seals the head it leaves
        self._last: AuditEntry | None = None
        self._read = False
        self._appended = False

    def seal_head(self) -> None:
        """Before commit: seal the head this unit of work appended (nothing without a key or
        when nothing was appended). The seal row is one row, so two writers never both seal."""
        if self.key is None or not self._appended or self._last is None:
            return
        values = seal(self.key, self._last).__dict__
        done = self.session.execute(
            update(AuditSealRow)
            .where(AuditSealRow.id == 1)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if not getattr(done, "rowcount", 0):
            self.session.execute(insert(AuditSealRow), [{"id": 1, **values}])
        self._appended = False

    def record_many(self, action: str, kind: str, items: list[tuple[str, dict[str, Any]]]) -> None:
        """Entries for many records at once (an import), chained as `record` would, written in
        one multi-row insert."""
        self._load_last()
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        rows = []
        for key, detail in items:
            entry = chain(
                AuditEntry(0, at, self.actor, self.origin, action, kind, key, detail), self._last
            )
            rows.append(_row_values(entry))
            self._last = entry
        if rows:
            self.session.execute(insert(AuditRow), rows)
            self._appended = True

    def _load_last(self) -> None:
        if not self._read:
            row = self.session.scalars(
                select(AuditRow).order_by(AuditRow.seq.desc()).limit(1)
            ).first()
            self._last = None if row is None else entry_of(row)
            self._read = True

    def record(self, action: str, kind: str, key: str, detail: dict[str, Any]) -> AuditEntry:
        """Append an entry; a concurrent writer appending the same number makes the commit fail."""
        self._load_last()
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        entry = chain(
            AuditEntry(0, at, self.actor, self.origin, action, kind, key, detail), self._last
        )
        self.session.add(AuditRow(**_row_values(entry)))
        self._last = entry
        self._appended = True
        return entry


def _row_values(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at,
        "actor": entry.actor,
        "origin": entry.origin,
        "action": entry.action,
        "kind": entry.kind,
        "record_key": entry.key,
        "detail": json.dumps(entry.detail, sort_keys=True, ensure_ascii=False),
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def stored_seal(session: Session) -> Seal | None:
    row = session.get(AuditSealRow, 1)
    return None if row is None else Seal(row.seq, row.hash, row.mac)


def read_entries(session: Session, batch: int = 1000) -> Iterator[AuditEntry]:
    """Every stored entry in sequence order, read in batches."""
    after: int | None = None  # from the lowest number stored: a forged entry 0 is read too
    while True:
        query = select(AuditRow).order_by(AuditRow.seq).limit(batch)
        if after is not None:
            query = query.where(AuditRow.seq > after)
        rows = list(session.scalars(query))
        if not rows:
            return
        for row in rows:
            yield entry_of(row)
        after = rows[-1].seq


def newest_entries(
    session: Session,
    *,
    kind: str | None = None,
    key: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    before: int | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """The newest entries first (older than entry `before`, when given), optionally only those
    of one kind of record, one record, one actor or one action."""
    query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
    for column, value in (
        (AuditRow.kind, kind),
        (AuditRow.record_key, key),
        (AuditRow.actor, actor),
        (AuditRow.action, action),
    ):
        if value is not None:
            query = query.where(column == value)
    if before is not None:
        query = query.where(AuditRow.seq < before)
    return [entry_of(row) for row in session.scalars(query)]


def entry_of(row: AuditRow) -> AuditEntry:
    try:
        detail = json.loads(row.detail)
    except ValueError:
        detail = {"unreadable": row.detail}  # verify will report the entry as altered
    return AuditEntry(
        row.seq,
        row.at,
        row.actor,
        row.origin,
        row.action,
        row.kind,
        row.record_key,
        detail,
        row.prev_hash,
        row.hash,
    )


def entry_by_hash(session: Session, prefix: str) -> AuditEntry | None:
    """The newest entry whose hash begins with `prefix`, if any."""
    query = (
        select(AuditRow)
        .where(AuditRow.hash.startswith(prefix, autoescape=True))
        .order_by(AuditRow.seq.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    return None if row is None else entry_of(row)
