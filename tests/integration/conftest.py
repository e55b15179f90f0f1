"""Fixtures of the integration tests: the demo loaded, an editor signed in to the pages, and
the planted records an outsider must not see."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from glienicke.security.actor import acting_as
from glienicke.security.model import User
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets
from glienicke.services.database import Database
from glienicke.services.demo import set_up_demo
from tests.integration.webclient import signed_in


@pytest.fixture
def demo(db: Database) -> Database:
    set_up_demo(db)
    return db


@pytest.fixture
def negotiator(demo: Database) -> Iterator[TestClient]:
    """A case officer who also negotiates ('editor'), in both compartments, cleared top
    secret, signed in to the pages."""
    with acting_as("test", "tests", Viewer.of(accounts.user_named(demo, "demo-admin"))):
        accounts.add_user(
            demo,
            "editor",
            "Case Editor",
            roles=["case-officer", "negotiator"],
            clearance="top-secret",
            groups=["gorin-team", "ivanov-team"],
            password="editor's password",
        )
    yield signed_in(demo, "editor", "editor's password")


MARK = "ZEBRA-7731"  # planted in every record an outsider must not see

PLANTED = f"""
states: [{{key: home, name: Home}}]
persons:
  - {{key: open-person, name: Open Person}}
  - {{key: secret-person, name: {MARK} person}}
cases:
  - {{key: open-case, title: An open case, subjects: [{{person: open-person, basis: national}}]}}
  - key: secret-case
    title: {MARK} case
    classification: top-secret
    subjects: [{{person: secret-person, basis: national}}]
  - key: team-case
    title: {MARK} team case
    restricted_to: [inner-team]
proposals:
  - {{key: secret-proposal, title: {MARK} proposal, counterparts: [home], cases: [secret-case]}}
  - {{key: open-proposal, title: An open proposal, counterparts: [home], cases: [open-case]}}
documents:
  - {{key: secret-doc, kind: note, title: {MARK} note, classification: secret}}
  - {{key: team-doc, kind: note, title: {MARK} team note, cases: [team-case]}}
  - {{key: open-doc, kind: note, title: An open note, persons: [open-person, secret-person]}}
considerations:
  - {{key: secret-why, proposal: secret-proposal, stance: for, category: humanitarian,
      argument: {MARK} argument}}
events:
  - {{key: secret-event, date: 1977, title: {MARK} event, source: x, cases: [secret-case]}}
commitments:
  - {{key: secret-promise, proposal: secret-proposal, party: home, person: secret-person,
      act: release, description: {MARK} promise, due: 1977-01}}
"""

# Confidential clearance, in another team, and every role that reads, audits or exports.
OUTSIDER_ROLES = ["case-officer", "auditor", "records-officer"]


@pytest.fixture
def planted(db: Database, tester_account: User, tmp_path: Any) -> Database:
    path = tmp_path / "planted.yaml"
    path.write_text(PLANTED)
    datasets.load_files(db, [path])
    accounts.add_user(
        db,
        "outsider",
        "Outsider",
        roles=OUTSIDER_ROLES,
        clearance="confidential",
        groups=["other-team"],
        password="outsider password",
    )
    return db


@pytest.fixture
def as_outsider(planted: Database) -> Iterator[Database]:
    user = accounts.user_named(planted, "outsider")
    with acting_as("test:outsider", "tests", Viewer.of(user)):
        yield planted
