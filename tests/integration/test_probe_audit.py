"""Issue 19: forged audit entries numbered 0 or below are found by `audit verify`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from glienicke.services import audit, datasets
from glienicke.services.database import Database
from tests.conftest import CliResult

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


def _forge(db: Database, seq: int) -> None:
    """Copy entry 1 (hash and all) to number `seq`: intact on its own, placed before 1."""
    with db.engine.begin() as connection:
        names = list(connection.execute(text("SELECT * FROM audit_entries")).keys())
        kept = ", ".join(c for c in names if c != "seq")
        connection.execute(
            text(
                f"INSERT INTO audit_entries (seq, {kept}) SELECT {seq}, {kept}"
                " FROM audit_entries WHERE seq = 1"
            )
        )


@pytest.mark.parametrize("seq", [0, -5])
def test_a_forged_entry_numbered_below_one_fails_verification(
    db: Database, cli: Callable[..., CliResult], seq: int
) -> None:
    datasets.load_files(db, [SMALL])
    _forge(db, seq)
    finding = audit.verify_trail(db).finding
    assert finding is not None and finding.seq == seq and "forged" in finding.problem
    result = cli("audit", "verify")
    assert result.code == 1 and result.err.startswith(f"error: audit entry {seq}: forged")


def test_verify_head_finds_a_removed_tail(db: Database, cli: Callable[..., CliResult]) -> None:
    datasets.load_files(db, [SMALL])
    earlier = audit.verify_trail(db).head
    assert cli("audit", "verify", "--head", earlier).code == 0
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE persons SET name = 'Alma X' WHERE key = 'alma'"))
    datasets.load_files(db, [SMALL])  # puts alma's name back: more entries
    head = audit.verify_trail(db).head
    assert head != earlier
    assert cli("audit", "verify", "--head", earlier).code == 0  # the chain passes through it
    with db.engine.begin() as connection:
        top = connection.execute(text("SELECT max(seq) FROM audit_entries")).scalar_one()
        connection.execute(text("DELETE FROM audit_entries WHERE seq = :top"), {"top": top})
    assert audit.verify_trail(db).intact  # a truncated tail: intact without the head
    result = cli("audit", "verify", "--head", head)
    assert result.code == 1 and "is not in the chain" in result.err
