"""The audit trail's hash chain: pure functions, no storage.

Each entry's hash covers its content and the hash of the entry before it, so editing, removing
or reordering any stored entry breaks the chain at that entry. Entries are numbered from 1 with
no gaps; the number is the table's primary key, so two writers can never both append entry n.
The number itself is not hashed: order is carried by the chain, which is what lets `verify`
tell a reordered entry (intact, but not following its predecessor) from an altered one.

Without a key an attacker with write access could rewrite the whole chain from some entry on,
or cut entries off its end; `verify` prints the head hash so that it can be recorded elsewhere
and compared later. With a key (a secret the database never holds), every append also seals
the head: an HMAC of its number and hash. Whoever cannot compute that HMAC can neither rewrite
the chain nor shorten it without the seal giving them away.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One thing that happened: who, when, from where, what, to which record."""

    seq: int
    at: str  # ISO 8601, UTC
    actor: str
    origin: str
    action: str
    kind: str
    key: str
    detail: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""

    def content(self) -> str:
        """The canonical text the hash covers."""
        return json.dumps(
            [
                self.at,
                self.actor,
                self.origin,
                self.action,
                self.kind,
                self.key,
                self.detail,
                self.prev_hash,
            ],
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def computed_hash(self) -> str:
        return hashlib.sha256(self.content().encode()).hexdigest()


def chain(entry: AuditEntry, previous: AuditEntry | None) -> AuditEntry:
    """The entry, numbered and hashed to follow `previous` (or to start the chain)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS if previous is None else previous.hash
    linked = AuditEntry(
        seq,
        entry.at,
        entry.actor,
        entry.origin,
        entry.action,
        entry.kind,
        entry.key,
        entry.detail,
        prev_hash,
    )
    return AuditEntry(**{**linked.__dict__, "hash": linked.computed_hash()})


@dataclass(frozen=True)
class Finding:
    """The first place where the stored chain is not what was written."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"audit entry {self.seq}: {self.problem}"


def verify(entries: Iterable[AuditEntry]) -> tuple[int, str, Finding | None]:
    """Check entries in stored order: (how many were read, the last good hash, first finding)."""
    expected_seq, prev_hash, count = 1, GENESIS, 0
    for entry in entries:
        count += 1
        if entry.seq < 1:
            return count, prev_hash, Finding(entry.seq, "forged (entries are numbered from 1)")
        if entry.seq > expected_seq:
            gap = "it is" if entry.seq == expected_seq + 1 else f"entries up to {entry.seq - 1} are"
            return count, prev_hash, Finding(expected_seq, f"removed ({gap} missing)")
        if entry.seq < expected_seq:
            return count, prev_hash, Finding(entry.seq, "reordered (it appears out of sequence)")
        if entry.hash != entry.computed_hash():
            return (
                count,
                prev_hash,
                Finding(entry.seq, "altered (its content does not match its hash)"),
            )
        if entry.prev_hash != prev_hash:
            return (
                count,
                prev_hash,
                Finding(
                    entry.seq, "reordered or replaced (it does not follow the entry before it)"
                ),
            )
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    return count, prev_hash, None


@dataclass(frozen=True)
class Seal:
    """The head of the chain as a keyed writer last left it."""

    seq: int
    hash: str
    mac: str


def seal(key: bytes, head: AuditEntry) -> Seal:
    """The seal of `head` under `key`."""
    return Seal(head.seq, head.hash, _mac(key, head.seq, head.hash))


def check_seal(key: bytes, stored: Seal | None, last_seq: int, last_hash: str) -> str | None:
    """What is wrong with the stored seal, given the chain's last entry (number 0 and the
    genesis hash for an empty chain), or None when the seal vouches for that head."""
    if stored is None:
        if last_seq == 0:
            return None
        return (
            "the chain carries no keyed seal: it was written without the audit key, or the"
            " seal was removed"
        )
    if not hmac.compare_digest(stored.mac, _mac(key, stored.seq, stored.hash)):
        return "the keyed seal does not match: it was forged, or the audit key has changed"
    if stored.seq > last_seq:
        return (
            f"the keyed seal vouches for {stored.seq} entries but the chain ends at"
            f" {last_seq}: entries were removed from its end"
        )
    if stored.seq < last_seq:
        return (
            f"entries after {stored.seq} were added without the audit key (the keyed seal"
            " ends there)"
        )
    if not hmac.compare_digest(stored.hash, last_hash):
        return "the chain's last entry is not the one the keyed seal vouches for: it was rewritten"
    return None


def _mac(key: bytes, seq: int, head_hash: str) -> str:
    return hmac.new(key, f"{seq}:{head_hash}".encode(), hashlib.sha256).hexdigest()
