"""HTTP hardening: security headers everywhere, and request bodies capped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from glienicke.web.hardening import Hardening, nul_in_body


@pytest.fixture
def client(api: Callable[..., TestClient]) -> TestClient:
    return api(max_request_bytes=1000)


@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/persons/nobody", "/api/v1/openapi.json"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp and headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"


def test_a_body_over_the_limit_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post("/api/v1/dataset", json={"persons": [{"key": "x" * 2000, "name": "X"}]})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too-large"
    assert response.headers["x-frame-options"] == "DENY"


def test_a_streamed_body_without_a_length_is_capped_too() -> None:
    reached: list[int] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            reached.append(len(message["body"]))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    chunks = [{"type": "http.request", "body": b"x" * 400, "more_body": True} for _ in range(5)]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "headers": [], "method": "POST", "path": "/"}
    asyncio.run(Hardening(app, max_body_bytes=1000)(scope, receive, send))
    assert sent[0]["status"] == 413 and sum(reached) <= 1000


def test_a_nul_in_the_query_is_refused_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/audit?action=%00")
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "query.action"
    assert "NUL" in response.json()["error"]["message"]


def test_a_nul_in_the_path_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/persons/a%00b")
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "path"


def test_a_nul_in_a_json_body_is_refused_naming_the_field_and_nothing_is_stored(
    client: TestClient,
) -> None:
    response = client.post("/api/v1/records/persons", json={"key": "eve", "name": "E\u0000ve"})
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "body.name"
    assert client.get("/api/v1/records/persons/eve").status_code == 404
    # An escaped backslash before "u0000" is text, not a NUL.
    fine = client.post("/api/v1/records/persons", json={"key": "eve", "name": "E\\u0000ve"})
    assert fine.status_code == 201
    eve = fine.json()["record"]["key"]
    assert client.get(f"/api/v1/records/persons/{eve}").json()["record"]["name"] == "E\\u0000ve"


@pytest.mark.parametrize(
    ("content_type", "body", "where"),
    [
        (b"application/json", b'{"a": [1, {"b": "x\\u0000"}]}', "body.a[1].b"),
        (b"application/json", b'{"a": "x\\\\u0000"}', None),
        (b"application/json", b'{"a": "x\\\\\\u0000"}', "body.a"),
        (b"application/json", b'{"a\\u0000": 1}', "body"),
        (b"application/json", b"not json \\u0000", "body"),
        (b"application/x-www-form-urlencoded", b"note=a%00b&x=1", "body.note"),
        (b"application/x-www-form-urlencoded", b"note=ab", None),
    ],
)
def test_where_a_body_holds_a_nul(content_type: bytes, body: bytes, where: str | None) -> None:
    assert nul_in_body(content_type, body) == where
