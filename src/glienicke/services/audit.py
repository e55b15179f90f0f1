"""The auditor's use cases: verify the trail, list it."""

from __future__ import annotations

from dataclasses import dataclass

from glienicke.security.audit import AuditEntry, Finding, verify
from glienicke.security.model import Permission
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.store.audit import newest_entries, read_entries


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str  # the hash of the last good entry: record it elsewhere to detect a rewrite
    finding: Finding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify_trail(db: Database) -> Verification:
    """Check the whole chain; name the first altered, removed or reordered entry."""
    require(Permission.VIEW_AUDIT)
    with db.reading() as repo:
        count, head, finding = verify(read_entries(repo.session))
    return Verification(count, head, finding)


def list_entries(
    db: Database, *, kind: str | None = None, key: str | None = None, limit: int = 100
) -> list[AuditEntry]:
    """The newest entries first, optionally for one kind of record or one record."""
    require(Permission.VIEW_AUDIT)
    with db.reading() as repo:
        return newest_entries(repo.session, kind=kind, key=key, limit=limit)
