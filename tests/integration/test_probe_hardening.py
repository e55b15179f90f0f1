"""Issue 19's findings at the HTTP edge: a NUL in a body of any content type, an oversize body
sent in chunks without a length, and forms sent from another scheme."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from glienicke.services.database import Database
from glienicke.web.hardening import nul_in_body


@pytest.fixture
def client(api: Callable[..., TestClient]) -> TestClient:
    return api(max_request_bytes=2000)


@pytest.mark.parametrize(
    "content_type",
    ["application/vnd.x+json", "application/merge-patch+json", "text/plain", "", "image/png"],
)
def test_a_nul_in_a_body_of_any_content_type_is_refused_and_nothing_is_stored(
    client: TestClient, content_type: str
) -> None:
    body = b'{"key": "eve", "name": "E\\u0000ve"}'
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/api/v1/records/persons", content=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["problems"][0]["where"] == "body.name"
    assert client.get("/api/v1/records/persons/eve").status_code == 404


def test_a_raw_nul_byte_in_a_body_of_any_content_type_is_refused(client: TestClient) -> None:
    body = b'{"key": "eve", "name": "E\x00ve"}'
    response = client.post(
        "/api/v1/records/persons", content=body, headers={"content-type": "application/x+json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["where"] == "body"
    assert client.get("/api/v1/records/persons/eve").status_code == 404


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (
            b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\na\x00b\r\n--b--\r\n',
            "body.note",
        ),
        (b'--b\r\nContent-Disposition: form-data; name="n\x00"\r\n\r\nab\r\n--b--\r\n', "body"),
        (
            b'--b\r\nContent-Disposition: form-data; name="files"; filename="a\x00.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\nhello\r\n--b--\r\n",
            "body.files",
        ),
        # A file's content is the importer's to judge (it reports a NUL in it, file by file).
        (
            b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.bin"\r\n'
            b"Content-Type: application/octet-stream\r\n\r\n\x00\x01\r\n--b--\r\n",
            None,
        ),
    ],
)
def test_where_a_multipart_body_holds_a_nul(body: bytes, where: str | None) -> None:
    assert nul_in_body(b"multipart/form-data; boundary=b", body) == where


def test_a_chunked_upload_over_the_limit_is_too_large_not_a_bad_request(
    client: TestClient,
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n'
        for _ in range(10):
            yield b"x" * 500
        yield b"\r\n--b--\r\n"

    response = client.post(
        "/api/v1/import",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.json()["error"]["code"] == "too-large"


def test_a_page_upload_sent_in_chunks_over_the_limit_is_too_large(db: Database) -> None:
    from glienicke.web.app import create_app

    client = TestClient(create_app(db, max_request_bytes=2000))

    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"x" * 500

    response = client.post(
        "/import", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert response.status_code == 413


def _login_form(db: Database, **headers: str) -> int:
    from glienicke.web.app import create_app
    from tests.integration.webclient import KEY, csrf_of

    client = TestClient(create_app(db, secret_key=KEY), base_url="https://glienicke.test")
    token = csrf_of(client.get("/login").text)
    form = {"username": "nobody", "password": "not the password", "csrf_token": token}
    return client.post("/login", data=form, headers=headers).status_code


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"origin": "https://glienicke.test"}, 401),
        ({"referer": "https://glienicke.test/login"}, 401),
        ({}, 401),
        ({"origin": "http://glienicke.test"}, 403),
        ({"referer": "http://glienicke.test/login"}, 403),
        ({"origin": "https://elsewhere.test"}, 403),
        ({"referer": "https://elsewhere.test/login"}, 403),
        ({"origin": "null"}, 403),
    ],
)
def test_a_form_from_another_scheme_or_host_is_refused(
    db: Database, headers: dict[str, str], status: int
) -> None:
    assert _login_form(db, **headers) == status
