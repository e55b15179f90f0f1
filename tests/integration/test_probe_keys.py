"""Issue 19, item 12: keys no column can hold and numbers no column can hold are refused by
name where they enter, on every engine, never a server error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from glienicke.domain.errors import ValidationFailed
from glienicke.services import records
from glienicke.services.database import Database

LONG = "k" * 121


@pytest.fixture
def client(db: Database, api: Callable[..., TestClient]) -> TestClient:
    client = api()
    assert (
        client.post("/api/v1/records/states", json={"key": "home", "name": "Home"}).status_code
        == 201
    )
    return client


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"key": LONG, "name": "A"}, "body.key"),
        ({"key": "a b", "name": "A"}, "body.key"),
        ({"key": "ok", "name": "A", "nationalities": [LONG]}, "body.nationalities[0]"),
        ({"key": "ok", "name": "A", "birth_year": 10**30}, "body.birth_year"),
    ],
)
def test_a_key_or_number_no_column_holds_is_refused_by_name(
    client: TestClient, body: dict[str, object], where: str
) -> None:
    answer = client.post("/api/v1/records/persons", json=body)
    assert answer.status_code == 422, answer.text
    assert [p["where"] for p in answer.json()["error"]["problems"]] == [where]
    assert client.get("/api/v1/records/persons").json() == []


def test_a_long_key_in_an_address_is_not_found(client: TestClient) -> None:
    assert client.get(f"/api/v1/persons/{LONG}").status_code == 404
    assert client.get(f"/api/v1/records/persons/{LONG}").status_code == 404


def test_a_huge_page_offset_is_refused_not_a_server_error(client: TestClient) -> None:
    assert client.get("/cases", params={"offset": 10**30}).status_code < 500


def test_a_service_refuses_a_long_key_before_it_reaches_the_database(db: Database) -> None:
    with pytest.raises(ValidationFailed) as caught:
        records.open_case(db, LONG, "A case")
    assert caught.value.problems[0].where == f"case {LONG}: key"
