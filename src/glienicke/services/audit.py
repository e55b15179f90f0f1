"""The auditor's use cases: verify the trail, list it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.security.audit import GENESIS, AuditEntry, Finding, check_seal, verify
from glienicke.security.model import Permission
from glienicke.security.policy import Shown, Viewer
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.services.seen import Seen
from glienicke.store.audit import newest_entries, read_entries, stored_seal

HEAD_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str  # the hash of the last good entry: record it elsewhere to detect a rewrite
    finding: Finding | None
    sealed: bool = False  # the head is the one the audit key sealed

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify_trail(db: Database, head: str | None = None) -> Verification:
    """Check the whole chain; name the first altered, removed or reordered entry. With
    `head` (a head hash recorded earlier), the chain must also end at or pass through it:
    otherwise its tail was removed or rewritten since. With the audit key configured, the
    chain must end at the head the key sealed."""
    who = require(Permission.VIEW_AUDIT)
    wanted = None if head is None else head.strip().lower()
    if wanted is not None and not HEAD_HASH.fullmatch(wanted):
        raise ValidationFailed(
            [
                Problem(
                    "head", "give the 64 hexadecimal digits of a head hash `audit verify` printed"
                )
            ]
        )
    entries_seen: list[AuditEntry] = []
    passed: list[int] = []
    last: list[int] = [0]

    def watched(entries: Iterator[AuditEntry]) -> Iterator[AuditEntry]:
        for entry in entries:
            last[0] = entry.seq
            if entry.hash == wanted:
                passed.append(entry.seq)
            entries_seen.append(AuditEntry(entry.seq, "", "", "", "", entry.kind, entry.key))
            yield entry

    with db.reading() as repo:
        seen = Seen(repo, who)
        count, good, finding = verify(watched(read_entries(repo.session)))
        if finding is None and db.audit_key is not None:
            sealed = check_seal(db.audit_key, stored_seal(repo.session), last[0], good)
            if sealed is not None:
                finding = Finding(last[0], sealed)
        # how many there are in all would tell of entries about hidden records: say how many
        # of them the auditor may see
        for kind in {e.kind for e in entries_seen} & set(seen):
            seen[kind].check(e.key for e in entries_seen if e.kind == kind)
        count = sum(_may_see(e, seen) for e in entries_seen)
    if finding is None and wanted is not None and wanted != GENESIS and not passed:
        finding = Finding(
            last[0] + 1,
            f"the recorded head {wanted} is not in the chain: entries were removed from its"
            " end or the chain was rewritten",
        )
    return Verification(count, good, finding, db.audit_key is not None and finding is None)


def seal_trail(db: Database) -> Verification:
    """Seal the head of an intact trail with the audit key: for a trail written before the key
    was configured. A trail that fails verification, or whose seal was made with another key,
    is refused: sealing it would vouch for what was changed."""
    who = require(Permission.VIEW_AUDIT)
    if db.audit_key is None:
        raise ValidationFailed(
            [Problem("audit key", "no audit key is configured (set GLIENICKE_AUDIT_KEY)")]
        )
    with db.reading() as repo:
        if stored_seal(repo.session) is not None:
            raise ValidationFailed(
                [Problem("audit trail", "is sealed already: `audit verify` checks the seal")]
            )
    unkeyed = verify_trail(replace(db, audit_key=None))
    if unkeyed.finding is not None:
        raise ValidationFailed([Problem("audit trail", f"not sealed: {unkeyed.finding}")])
    with db.transaction() as repo:
        if repo.audit is not None:
            repo.audit.record("sealed", "audit", "trail", {"by": who.username})
    return verify_trail(db)


def list_entries(
    db: Database,
    *,
    kind: str | None = None,
    key: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """The newest entries first, optionally only those of one kind of record, one record, one
    actor or one action. Entries about records the auditor may not see are left out, as those
    records are everywhere else: the trail confirms no hidden record's existence."""
    who = require(Permission.VIEW_AUDIT)
    if limit < 1:
        raise ValidationFailed([Problem("limit", "must be at least 1")])
    shown: list[AuditEntry] = []
    with db.reading() as repo:
        visible = Seen(repo, who)
        before = None
        while len(shown) < limit:
            batch = newest_entries(
                repo.session,
                kind=kind,
                key=key,
                actor=actor,
                action=action,
                before=before,
                limit=max(limit, 200),
            )
            shown += [e for e in batch if _may_see(e, visible)]
            if len(batch) < max(limit, 200):
                break
            before = batch[-1].seq
    return [_as_shown(e, who) for e in shown[:limit]]


def _as_shown(entry: AuditEntry, who: Viewer) -> AuditEntry:
    """An export's counts are the exporter's to read: to anyone else they would tell how many
    records the exporter could see that they cannot."""
    if entry.action != "exported" or entry.actor.split(":", 1)[-1] == who.username:
        return entry
    return replace(entry, detail={k: v for k, v in entry.detail.items() if k != "records"})


def _may_see(entry: AuditEntry, visible: Shown) -> bool:
    """Entries about records follow the records; the rest (accounts, exports) are the
    auditor's to see."""
    if entry.kind not in visible:
        return True
    return entry.key in visible[entry.kind]


def entry_view(entry: AuditEntry) -> dict[str, object]:
    """An entry as the command line, the API and the auditor's page show it: named by the
    start of its hash, not its number, whose gaps would count the entries left out."""
    return {
        "entry": entry.hash[:16],
        "at": entry.at,
        "actor": entry.actor,
        "origin": entry.origin,
        "action": entry.action,
        "kind": entry.kind,
        "key": entry.key,
        "detail": entry.detail,
    }
