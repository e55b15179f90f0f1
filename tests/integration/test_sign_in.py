"""Signing in at the edges: API tokens on the API, --as on the command line, demo accounts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from glienicke.services.database import Database
from glienicke.web.app import create_app
from tests.conftest import CliResult, run_cli


def test_the_api_needs_a_token_except_for_its_index(db: Database) -> None:
    client = TestClient(create_app(db))
    assert client.get("/api/v1").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    response = client.get("/api/v1/cases")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not-signed-in"


@pytest.mark.parametrize("header", ["Bearer glk_nope_nope", "Basic abc", "Bearer "])
def test_a_bad_token_is_refused_plainly(db: Database, header: str) -> None:
    response = TestClient(create_app(db)).get("/api/v1/cases", headers={"Authorization": header})
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "sign-in-refused"


def test_a_token_without_write_scope_cannot_write(
    api: Callable[..., TestClient], db: Database
) -> None:
    from glienicke.services import accounts

    _token, plain = accounts.create_token(db, "tester", "read only", ["read"])
    client = TestClient(create_app(db), headers={"Authorization": f"Bearer {plain}"})
    response = client.post("/api/v1/records/states", json={"key": "x", "name": "X"})
    assert (
        response.status_code == 403 and "may not edit cases" in response.json()["error"]["message"]
    )


def test_a_fresh_database_gets_the_demo_accounts_and_their_views_differ(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GLIENICKE_DATABASE_URL", db_url)
    monkeypatch.delenv("GLIENICKE_USER", raising=False)
    first = run_cli(capsys, "demo")
    assert first.code == 0 and "demo-negotiator" in first.err and "glienicke-demo" in first.err
    refused = run_cli(capsys, "list", "cases")
    assert refused.code == 1 and refused.err.startswith("error: sign in first")
    insider = run_cli(capsys, "--as", "demo-negotiator", "show", "proposal", "ivanov-1964")
    assert insider.code == 0 and "non-concur" in insider.out
    outsider = run_cli(capsys, "--as", "demo-officer", "show", "proposal", "ivanov-1964")
    assert outsider.code == 1 and outsider.err == "error: no proposal with key 'ivanov-1964'\n"
    cases = run_cli(capsys, "--as", "demo-officer", "list", "cases")
    assert "gorin" in cases.out and "ivanov" not in cases.out
    again = run_cli(capsys, "demo")
    # Set-up is over: again with nobody named, the demo's records officer reloads it unchanged.
    assert again.code == 0 and "Nothing changed" in again.out


def test_naming_an_unknown_account_is_one_line(cli: Callable[..., CliResult]) -> None:
    result = cli("--as", "ghost", "list", "cases")
    assert result.code == 1 and result.err == "error: no user with key 'ghost'\n"


def test_the_first_account_needs_no_sign_in_and_the_second_does(
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    import io

    monkeypatch.setenv("GLIENICKE_DATABASE_URL", db_url)
    monkeypatch.delenv("GLIENICKE_USER", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("first admin password\n"))
    first = run_cli(
        capsys,
        "user",
        "add",
        "root",
        "--name",
        "Root",
        "--role",
        "administrator",
        "--password-stdin",
    )
    assert first.code == 0
    second = run_cli(
        capsys,
        "user",
        "add",
        "eve",
        "--name",
        "Eve",
        "--role",
        "auditor",
        "--no-password",
    )
    assert second.code == 1 and "sign in first" in second.err
    by_admin = run_cli(
        capsys,
        "--as",
        "root",
        "user",
        "add",
        "eve",
        "--name",
        "Eve",
        "--role",
        "auditor",
        "--no-password",
    )
    assert by_admin.code == 0
