"""The auditor's use cases: verify the trail, list it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.security.audit import GENESIS, AuditEntry, Finding, check_seal, verify
from glienicke.security.model import Permission
from glienicke.security.policy import Shown, Viewer
from glienicke.services.access import require
from glienicke.services.database import Database
from glienicke.services.seen import Seen
from glienicke.store.audit import entry_by_hash, newest_entries, read_entries, stored_seal

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
    older_than: str | None = None,
) -> list[AuditEntry]:
    """The newest entries first, optionally only those of one kind of record, one record, one
    actor or one action, and only those older than the entry whose hash begins `older_than`
    (the last one of the page before). Entries about records the auditor may not see are left
    out, as those records are everywhere else: the trail confirms no hidden record's
    existence."""
    who = require(Permission.VIEW_AUDIT)
    if limit < 1:
        raise ValidationFailed([Problem("limit", "must be at least 1")])
    shown: list[AuditEntry] = []
    with db.reading() as repo:
        visible = Seen(repo, who)
        before = None if older_than is None else _position(repo.session, older_than, visible)
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


def _position(session: Session, prefix: str, visible: Shown) -> int:
    """Where the entry a page ended with stands in the trail; an entry the auditor may not see
    is answered as one that does not exist."""
    text = prefix.strip().lower()
    if not 8 <= len(text) <= 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValidationFailed.single("older_than", "give the start of an entry's hash")
    found = entry_by_hash(session, text)
    if found is None or not _may_see(found, visible):
        raise ValidationFailed.single("older_than", f"there is no entry {text}")
    return found.seq


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
        "sentence": entry_sentence(entry),
    }


# --- entries as sentences ---------------------------------------------------------------------

CHANNELS = {"web": "on the web pages", "api": "over the API", "cli": "on the command line"}


def actor_text(actor: str) -> str:
    """Who an entry's actor is, in words: 'demo-officer (on the web pages)'."""
    channel, _, name = actor.partition(":")
    if not name:
        return actor
    if channel == "setup":
        return f"The {name} set-up"
    if name == "anonymous":
        return f"Someone not signed in ({CHANNELS.get(channel, channel)})"
    where = CHANNELS.get(channel)
    return f"{name} ({where})" if where else actor


def _listed(values: Any) -> str:
    if isinstance(values, list):
        return ", ".join(str(v) for v in values) or "none"
    return str(values)


def _record(entry: AuditEntry) -> str:
    return f"{entry.kind.replace('_', ' ')} {entry.key}"


def entry_sentence(entry: AuditEntry) -> str:
    """The entry as one sentence a person reads: who did what to which record, and its
    particulars (the time and the address stand beside it)."""
    who = actor_text(entry.actor)
    detail = entry.detail
    what = _record(entry)
    action = entry.action
    channel = CHANNELS.get(entry.actor.partition(":")[0])
    if action in ("signed-in", "signed-out"):
        return f"{entry.key} {action.replace('-', ' ')}" + (f" {channel}." if channel else ".")
    if action == "sign-in-failed":
        count = detail.get("failures")
        times = f" ({count} in a row)" if count else ""
        return f"A sign-in as {entry.key} failed: wrong password{times}."
    if action == "read":
        level = detail.get("classification")
        return f"{who} read {what}" + (f", marked {level}." if level else ".")
    if action == "created":
        if entry.kind == "user":
            roles = _listed(detail.get("roles", []))
            return f"{who} added account {entry.key}: roles {roles}; cleared {detail.get('clearance')}."
        return f"{who} created {what}."
    if action == "updated":
        fields = detail.get("fields")
        changed = f": {_listed(fields)}" if fields else ""
        version = detail.get("version")
        return f"{who} changed {what}{changed}" + (f" (now version {version})." if version else ".")
    if action == "removed":
        return f"{who} removed {what}."
    if action == "declassified":
        parts = [f"{who} declassified {what}"]
        if detail.get("from") or detail.get("to"):
            parts.append(f" from {detail.get('from', '?')} to {detail.get('to', '?')}")
        if detail.get("on"):
            parts.append(f" on {detail['on']}")
        if detail.get("authority"):
            parts.append(f", on the authority of {detail['authority']}")
        return "".join(parts) + "."
    if action == "cleared":
        when = f" on {detail['on']}" if detail.get("on") else ""
        return f"{who} recorded that {detail.get('by')} cleared draft {entry.key}{when}."
    if action == "exported":
        counts = detail.get("records")
        total = sum(counts.values()) if isinstance(counts, dict) else None
        size = f" ({total} records)" if total is not None else ""
        return f"{who} exported what they may see as {entry.key}{size}."
    if action == "reported":
        names = {"dossier": "the dossier", "congress": "the report to Congress"}
        made = names.get(str(detail.get("report")), "the yearly statistics")
        of = f" of {what}" if entry.kind == "case" else f" ({entry.key})"
        day = f" as of {detail['as_of']}" if detail.get("as_of") and entry.kind == "case" else ""
        level = detail.get("classification")
        marked = f", marked {level}" if level else ""
        return f"{who} made {made}{of}{day} as {detail.get('format')}{marked}."
    if action == "password-set":
        return f"{who} set a new password for {entry.key}."
    if action == "token-created":
        scopes = _listed(detail.get("scopes", []))
        return (
            f"{who} created API token {detail.get('token')} ('{detail.get('name')}') for"
            f" {entry.key}, scopes {scopes}."
        )
    if action == "token-revoked":
        return f"{who} revoked API token {detail.get('token')} of {entry.key}."
    if action == "tokens-revoked":
        return f"{who} revoked {detail.get('count')} API token(s) of {entry.key}."
    if action in ("granted", "revoked"):
        given = "; ".join(f"{k} {v}" for k, v in detail.items()) or "nothing"
        verb = "gave" if action == "granted" else "took from"
        return f"{who} {verb} {entry.key}: {given}."
    if action == "unlocked":
        return f"{who} unlocked account {entry.key}."
    if action == "duty-recorded":
        when = f" on {detail['on']}" if detail.get("on") else ""
        by = f", by document {detail['document']}" if detail.get("document") else ""
        status = str(detail.get("status", "")).replace("-", " ")
        return (
            f"{who} recorded duty {detail.get('step')} ({detail.get('pack')}) on {what} for"
            f" detention {detail.get('detention')} as {status}{when}{by}."
        )
    if action == "criterion-assessed":
        finding = str(detail.get("finding", "")).replace("-", " ")
        return (
            f"{who} assessed criterion {detail.get('number')} ({detail.get('pack')}) for"
            f" {what} as {finding}."
        )
    if action == "determined":
        found = str(detail.get("determination", "")).replace("-", " ")
        return (
            f"{who} recorded that {what} was determined {found} on {detail.get('on')} by"
            f" {detail.get('by')} ({detail.get('pack')})."
        )
    extra = "; ".join(f"{k} {_listed(v)}" for k, v in detail.items())
    return f"{who}: {action} {what}" + (f" ({extra})." if extra else ".")
