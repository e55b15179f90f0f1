"""Fixtures of the page tests: the demo loaded, and an editor signed in to the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts
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
