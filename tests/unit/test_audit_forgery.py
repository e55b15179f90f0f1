"""Issue 19: an audit entry numbered 0 or below is a forgery, however well it is hashed."""

from __future__ import annotations

import pytest

from glienicke.security.audit import GENESIS, AuditEntry, verify


def _hashed(seq: int, prev_hash: str = GENESIS) -> AuditEntry:
    entry = AuditEntry(seq, "2026-12-07T00:00:00Z", "cli:mallory", "cli", "created", "x", "k")
    entry = AuditEntry(**{**entry.__dict__, "prev_hash": prev_hash})
    return AuditEntry(**{**entry.__dict__, "hash": entry.computed_hash()})


@pytest.mark.parametrize("seq", [0, -1, -1000])
def test_an_entry_numbered_below_one_is_named_forged(seq: int) -> None:
    _count, _head, finding = verify([_hashed(seq)])
    assert finding is not None and finding.seq == seq and "forged" in finding.problem
