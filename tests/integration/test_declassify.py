"""Declassification: a records officer lowers a classification, with date and authority, and
the audit trail keeps both; nobody else may, and nothing is raised this way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.documents import Document
from glienicke.domain.errors import ValidationFailed
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, audit, datasets, records
from glienicke.services.access import Forbidden
from glienicke.services.database import Database
from tests.conftest import CliResult

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


@pytest.fixture
def loaded(db: Database) -> Database:
    datasets.load_files(db, [SMALL])
    return db


def test_declassifying_a_document_is_recorded_with_its_authority(loaded: Database) -> None:
    document = records.declassify(
        loaded,
        "document",
        "memo-1",
        "unclassified",
        on="1996-05-01",
        authority="Executive Order 12958",
    )
    assert document.classification.value == "unclassified"
    with loaded.reading() as repo:
        assert repo.get(Document, "memo-1").classification.value == "unclassified"
    entry = audit.list_entries(loaded, limit=1)[0]
    assert (entry.action, entry.key, entry.detail) == (
        "declassified",
        "memo-1",
        {
            "from": "confidential",
            "to": "unclassified",
            "on": "1996-05-01",
            "authority": "Executive Order 12958",
        },
    )


def test_declassifying_cannot_raise_a_classification(loaded: Database) -> None:
    with pytest.raises(ValidationFailed, match="is not lower"):
        records.declassify(loaded, "document", "memo-1", "secret", on="1996", authority="x")


def test_only_records_officers_declassify(loaded: Database) -> None:
    accounts.add_user(
        loaded,
        "ann",
        "Ann",
        roles=["case-officer"],
        clearance="top-secret",
        password="a good long password",
    )
    with (
        acting_as("t", "t", Viewer.of(accounts.user_named(loaded, "ann"))),
        pytest.raises(Forbidden, match="may not declassify"),
    ):
        records.declassify(loaded, "document", "memo-1", "unclassified", on="1996", authority="x")


def test_declassify_from_the_command_line_and_the_api(
    cli: Callable[..., CliResult], api: Callable[..., TestClient]
) -> None:
    cli("load", str(SMALL))
    result = cli(
        "declassify",
        "document",
        "memo-1",
        "--to",
        "unclassified",
        "--on",
        "1996",
        "--authority",
        "review board",
    )
    assert result.code == 0 and "memo-1 is now unclassified" in result.out
    response = api().post(
        "/api/v1/records/cases/alma/declassify",
        json={"to": "unclassified", "on": "1996", "authority": "x"},
    )
    assert response.status_code == 422 and "is not lower" in response.json()["error"]["message"]
