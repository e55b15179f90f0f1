"""Issue 19, item 11: what the audit trail shows an auditor tells nothing of the entries about
records they may not see: no numbers whose gaps count them, no totals that include them, and
no export counts of what only the exporter could see."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, datasets, views
from glienicke.services.database import Database
from tests.conftest import CliResult


@pytest.fixture
def auditor(planted: Database) -> Viewer:
    views.show(planted, "case", "secret-case")  # an entry about a hidden record
    datasets.dump(planted, "json")  # the tester's export, counting hidden records
    return Viewer.of(accounts.user_named(planted, "outsider"))


def test_listed_entries_carry_no_numbers(planted: Database, auditor: Viewer) -> None:
    with acting_as("test:outsider", "tests", auditor):
        shown = [audit.entry_view(e) for e in audit.list_entries(planted, limit=1000)]
    assert shown and all("seq" not in e and len(str(e["entry"])) == 16 for e in shown)


def test_an_export_by_someone_else_shows_no_counts(planted: Database, auditor: Viewer) -> None:
    with acting_as("test:outsider", "tests", auditor):
        exports = audit.list_entries(planted, action="exported")
    assert exports and all("records" not in e.detail for e in exports)
    mine = audit.list_entries(planted, action="exported")  # the tester, who exported
    assert mine[0].detail["records"]["case"] >= 2  # secret-case and open-case at least


def test_verification_counts_only_what_the_auditor_may_see(
    planted: Database, auditor: Viewer
) -> None:
    everything = audit.verify_trail(planted)
    with acting_as("test:outsider", "tests", auditor):
        theirs = audit.verify_trail(planted)
        listed = len(audit.list_entries(planted, limit=1000))
    assert theirs.intact and theirs.head == everything.head
    assert theirs.entries == listed < everything.entries


def test_the_command_line_lists_no_numbers(
    cli: Callable[..., CliResult],
    planted: Database,
    auditor: Viewer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GLIENICKE_USER", "outsider")
    listed = json.loads(cli("audit", "list", "--format", "json", "--limit", "500").out)
    assert listed and all("seq" not in e for e in listed)
