"""The JSON API under /api/v1: records, views, writes and the one error shape."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from glienicke.services import datasets
from glienicke.services.database import Database

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


@pytest.fixture
def client(db: Database, api: Callable[..., TestClient]) -> TestClient:
    datasets.load_files(db, [SMALL])
    return api()


def test_lists_and_views(client: TestClient) -> None:
    assert [c["key"] for c in client.get("/api/v1/cases").json()] == ["alma"]
    view = client.get("/api/v1/proposals/swap-1977").json()
    assert [i["key"] for i in view["gives"]] == ["give-carl"]
    assert [i["key"] for i in view["gets"]] == ["get-alma", "get-ben"]
    assert view["clearance_steps"][0]["state"] == "awaiting answer"
    person = client.get("/api/v1/persons/carl").json()
    assert person["detentions"][0]["status"] == "sentenced"


def test_other_records_as_stored(client: TestClient) -> None:
    offices = client.get("/api/v1/records/offices").json()
    assert [o["key"] for o in offices] == ["justice", "minister"]
    stored = client.get("/api/v1/records/tenures/dora-minister").json()
    assert stored["record"]["acting"] is True and stored["version"] == 1


def test_unknown_records_get_the_one_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/persons/nobody")
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "code": "not-found",
            "message": "no person with key 'nobody'",
            "problems": [],
        }
    }


def test_recording_a_stage_and_a_refused_one(client: TestClient) -> None:
    ok = client.post(
        "/api/v1/detentions/alma-1977/stages", json={"stage": "sentenced", "date": "1977-07-01"}
    )
    assert ok.status_code == 200 and ok.json()["stages"][-1]["stage"] == "sentenced"
    refused = client.post(
        "/api/v1/detentions/alma-1977/stages", json={"stage": "paroled", "date": "1977-07-02"}
    )
    assert refused.status_code == 422
    assert "needs an earlier 'serving' stage" in refused.json()["error"]["problems"][0]["message"]
    stale = client.post(
        "/api/v1/detentions/alma-1977/stages",
        json={"stage": "appeal-pending", "date": "1977-07-03", "expected_version": 1},
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale-version"


def test_answers_fulfilments_and_follow_ups(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/proposals/swap-1977/answers",
        json={"office": "justice", "answer": "concur", "on": "1977-07-05", "by": "dora"},
    )
    assert answer.json()["answer"] == "concur"
    pressed = client.post("/api/v1/commitments/k1/follow_ups", json={"on": "1977-08-10"})
    assert pressed.json()["follow_ups"][0]["action"] == "press"
    done = client.post(
        "/api/v1/commitments/k1/fulfilment", json={"on": "1977-08-20", "evidence": "tel-2"}
    )
    assert done.json()["status"] == "fulfilled"


def test_malformed_requests_get_the_same_shape(client: TestClient) -> None:
    response = client.post("/api/v1/detentions/alma-1977/stages", json={"stage": "sentenced"})
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid-request" and body["problems"][0]["where"] == "body.date"


def test_the_dataset_round_trips_through_the_api(client: TestClient, db: Database) -> None:
    dumped = client.get("/api/v1/dataset").json()
    db.wipe()
    loaded = client.post("/api/v1/dataset", json=dumped)
    assert loaded.status_code == 200 and loaded.json()["created"]["person"] == 4
    assert client.get("/api/v1/dataset").json() == dumped


def test_a_bad_dataset_is_refused_whole(client: TestClient) -> None:
    response = client.post(
        "/api/v1/dataset",
        json={
            "persons": [
                {"key": "new", "name": "New"},
                {"key": "bad", "name": "Bad", "birth_year": "x"},
            ]
        },
    )
    assert response.status_code == 422
    assert "person 'bad', birth_year" in response.json()["error"]["problems"][0]["where"]
    assert client.get("/api/v1/persons/new").status_code == 404


def test_openapi_document_lists_the_routes(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/{kind}/{key}" in spec["paths"]
    assert "/api/v1/detentions/{key}/stages" in spec["paths"]


def test_the_api_index_names_its_lists(client: TestClient) -> None:
    index = client.get("/api/v1").json()
    assert index["openapi"] == "/api/v1/openapi.json"
    assert "/api/v1/cases" in index["lists"]


def test_adding_and_editing_any_record_with_its_version(client: TestClient) -> None:
    added = client.post("/api/v1/records/persons", json={"key": "eve", "name": "Eve"})
    assert added.status_code == 201 and added.json()["version"] == 1
    eve = added.json()["record"]["key"]  # 'eve' and an ending (issue 19)
    edited = client.put(
        f"/api/v1/records/persons/{eve}?expected_version=1", json={"key": eve, "name": "Eve X"}
    )
    assert edited.json() == {"record": {"key": eve, "name": "Eve X"}, "version": 2}
    stale = client.put(
        f"/api/v1/records/persons/{eve}?expected_version=1", json={"key": eve, "name": "Lost"}
    )
    assert stale.status_code == 409 and "version 2" in stale.json()["error"]["message"]
    assert client.get(f"/api/v1/records/persons/{eve}").json()["record"]["name"] == "Eve X"


def test_a_bad_record_is_refused_with_each_field_named(client: TestClient) -> None:
    response = client.post(
        "/api/v1/records/detentions",
        json={
            "key": "x",
            "person": "nobody",
            "held_by": "home",
            "since": "1977-13",
        },
    )
    assert response.status_code == 422
    wheres = [p["where"] for p in response.json()["error"]["problems"]]
    assert wheres == ["body.since"]
    missing = client.post("/api/v1/records/detentions", json={"key": "x", "held_by": "home"})
    assert missing.json()["error"]["problems"][0] == {
        "where": "body.person",
        "message": "is required",
    }
    dangling = client.post(
        "/api/v1/records/detentions", json={"key": "x", "person": "nobody", "held_by": "home"}
    )
    assert dangling.json()["error"]["message"] == "detention x: person: there is no person 'nobody'"


def test_a_taken_key_is_a_conflict(client: TestClient) -> None:
    response = client.post("/api/v1/records/states", json={"key": "home", "name": "Again"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "duplicate-key"


def test_case_and_proposal_actions(client: TestClient) -> None:
    subject = client.post(
        "/api/v1/cases/alma/subjects", json={"person": "carl", "basis": "foreign-national"}
    )
    assert [s["person"] for s in subject.json()["subjects"]] == ["alma", "ben", "carl"]
    item = client.post(
        "/api/v1/proposals/swap-1977/items",
        json={"key": "get-more", "side": "get", "kind": "other"},
    )
    assert item.json()["items"][-1]["key"] == "get-more"
    condition = client.post(
        "/api/v1/proposals/swap-1977/conditions",
        json={"key": "quiet", "text": "no press statement"},
    )
    assert condition.json()["conditions"][-1]["text"] == "no press statement"
    link = client.post("/api/v1/documents/tel-2/links", json={"kind": "case", "key": "alma"})
    assert link.json()["cases"] == ["alma"]
    closed = client.post(
        "/api/v1/cases/alma/close", json={"on": "1977-10-01", "outcome": "Both home"}
    )
    assert closed.json()["status"] == "closed"
    again = client.post("/api/v1/cases/alma/close", json={"on": "1977-10-02", "outcome": "x"})
    assert again.status_code == 422 and "already closed" in again.json()["error"]["message"]
