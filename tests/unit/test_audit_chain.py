"""The audit hash chain, without a database."""

from __future__ import annotations

from dataclasses import replace

from glienicke.security.audit import GENESIS, AuditEntry, chain, verify


def _entries(count: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for index in range(count):
        draft = AuditEntry(
            0,
            f"2026-11-22T10:00:0{index}",
            "cli:ann",
            "command line",
            "created",
            "person",
            f"p{index}",
            {"version": 1},
        )
        entries.append(chain(draft, entries[-1] if entries else None))
    return entries


def test_a_fresh_chain_verifies_and_reports_its_head() -> None:
    entries = _entries(4)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS
    assert verify(entries) == (4, entries[-1].hash, None)


def test_an_empty_chain_is_intact() -> None:
    assert verify([]) == (0, GENESIS, None)


def test_an_altered_entry_is_named() -> None:
    entries = _entries(5)
    entries[2] = replace(entries[2], actor="cli:mallory")
    finding = verify(entries)[2]
    assert finding is not None and finding.seq == 3 and "altered" in finding.problem


def test_an_altered_detail_is_named() -> None:
    entries = _entries(3)
    entries[1] = replace(entries[1], detail={"version": 2})
    finding = verify(entries)[2]
    assert finding is not None and finding.seq == 2 and "altered" in finding.problem


def test_a_removed_entry_is_named() -> None:
    entries = _entries(5)
    del entries[1]
    finding = verify(entries)[2]
    assert finding is not None and finding.seq == 2 and "removed" in finding.problem


def test_a_removed_last_entry_cannot_be_seen_without_the_recorded_head() -> None:
    entries = _entries(3)
    _count, head, finding = verify(entries[:2])
    assert finding is None and head != entries[-1].hash  # hence: keep the head hash elsewhere


def test_swapped_entries_are_named_as_reordered() -> None:
    entries = _entries(5)
    second, fourth = entries[1], entries[3]
    entries[1], entries[3] = replace(fourth, seq=2), replace(second, seq=4)
    finding = verify(entries)[2]
    assert finding is not None and finding.seq == 2 and "reordered" in finding.problem


def test_a_renumbered_deletion_is_caught_by_the_chain() -> None:
    entries = _entries(4)
    entries = [entries[0], replace(entries[2], seq=2), replace(entries[3], seq=3)]
    finding = verify(entries)[2]
    assert finding is not None and finding.seq == 2
