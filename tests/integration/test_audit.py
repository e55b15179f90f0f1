"""The audit trail in the database: written with every change, verified, tamper-evident."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from glienicke.domain.errors import ValidationFailed
from glienicke.domain.people import Person
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import audit, datasets, records
from glienicke.services.database import Database
from tests.conftest import TESTER, CliResult

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


@pytest.fixture
def audited(db: Database) -> Database:
    with acting_as("cli:ann", "command line", Viewer.of(TESTER)):
        datasets.load_files(db, [SMALL])
        records.record_stage(db, "alma-1977", "sentenced", "1977-07-01")
    return db


def _sql(db: Database, statement: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(statement))


def test_every_change_is_recorded_with_who_and_what(audited: Database) -> None:
    newest = audit.list_entries(audited, limit=1)[0]
    assert (newest.actor, newest.origin, newest.action, newest.kind, newest.key) == (
        "cli:ann",
        "command line",
        "updated",
        "detention",
        "alma-1977",
    )
    assert newest.detail["version"] == 2 and newest.detail["fields"] == ["stages"]
    created = audit.list_entries(audited, kind="person", limit=10)
    assert sorted(e.key for e in created) == ["alma", "ben", "carl", "dora"]


def test_an_unchanged_reload_and_a_refused_change_record_nothing(audited: Database) -> None:
    datasets.load_files(audited, [SMALL])  # puts alma-1977's stages back: one entry
    before = audit.verify_trail(audited).entries
    datasets.load_files(audited, [SMALL])
    with pytest.raises(ValidationFailed):
        records.add_record(audited, Person(key="x", name="X", nationalities=["nowhere"]))
    assert audit.verify_trail(audited).entries == before


def test_an_intact_trail_verifies(audited: Database) -> None:
    result = audit.verify_trail(audited)
    assert result.intact and result.entries == 22 and len(result.head) == 64


TAMPERING: dict[str, tuple[str, int, str]] = {
    "edited": ("UPDATE audit_entries SET actor = 'cli:mallory' WHERE seq = 5", 5, "altered"),
    "edited detail": ("UPDATE audit_entries SET detail = '{}' WHERE seq = 7", 7, "altered"),
    "deleted": ("DELETE FROM audit_entries WHERE seq = 4", 4, "removed"),
    "reordered": (
        "UPDATE audit_entries SET seq = CASE seq WHEN 3 THEN 1003 WHEN 6 THEN 3 END"
        " WHERE seq IN (3, 6); UPDATE audit_entries SET seq = 6 WHERE seq = 1003",
        3,
        "reordered",
    ),
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_in_the_database_is_found_and_named(audited: Database, how: str) -> None:
    statements, seq, word = TAMPERING[how]
    for statement in statements.split("; "):
        _sql(audited, statement)
    finding = audit.verify_trail(audited).finding
    assert finding is not None and finding.seq == seq and word in finding.problem


def test_audit_verify_from_the_command_line(cli: Callable[..., CliResult]) -> None:
    cli("load", str(SMALL))
    ok = cli("audit", "verify")
    assert ok.code == 0 and "Audit trail intact: 22 entries" in ok.out  # the tester's account, too
    listed = cli("audit", "list", "--kind", "case", "--format", "json")
    entries = json.loads(listed.out)
    assert [e["key"] for e in entries] == ["alma"] and entries[0]["actor"].startswith("cli:")


def test_audit_verify_fails_loudly_on_tampering(cli: Callable[..., CliResult], db_url: str) -> None:
    cli("load", str(SMALL))
    database = Database.open(db_url)
    _sql(database, "UPDATE audit_entries SET record_key = 'bob' WHERE seq = 2")
    database.dispose()
    result = cli("audit", "verify")
    assert result.code == 1
    assert result.err.startswith("error: audit entry 2: altered")


def test_api_changes_are_recorded_with_the_user_and_address(
    db: Database, api: Callable[..., Any]
) -> None:
    api().post("/api/v1/records/states", json={"key": "x", "name": "X"})
    entry = audit.list_entries(db, limit=1)[0]
    assert (entry.actor, entry.origin, entry.key) == ("api:tester", "testclient", "x")


def test_a_read_that_loses_the_race_for_the_next_entry_is_done_again(audited: Database) -> None:
    """Two readers of classified records at once: the one whose audit entry comes second
    reads again instead of being refused, and the chain stays whole."""
    before = audit.verify_trail(audited).entries
    tries: list[int] = []

    def read(repo: Any) -> str:
        tries.append(1)
        repo.audit.record("read", "case", "alma", {"classification": "secret"})
        if len(tries) == 1:
            # another reader's entry is committed first, taking the number this one chose
            with audited.transaction() as other:
                assert other.audit is not None
                other.audit.record("read", "case", "alma", {"classification": "secret"})
        return "read"

    assert audited.again_on_conflict(read) == "read"
    assert len(tries) == 2
    trail = audit.verify_trail(audited)
    assert trail.entries == before + 2 and trail.intact
