"""Accounts and tokens end to end: services and commands, on the configured database."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.security.model import Permission, Role
from glienicke.services import accounts, audit
from glienicke.services.database import Database
from tests.conftest import CliResult

PASSWORD = "correct horse battery"
T0 = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def ann(db: Database) -> Database:
    accounts.add_user(
        db,
        "ann",
        "Ann Officer",
        roles=["case-officer"],
        clearance="secret",
        groups=["gorin-team"],
        password=PASSWORD,
    )
    return db


def test_a_new_user_has_roles_clearance_and_groups(ann: Database) -> None:
    (user,) = accounts.list_users(ann)
    assert (user.roles, user.clearance.value, user.groups) == (
        [Role.CASE_OFFICER],
        "secret",
        ["gorin-team"],
    )
    assert audit.list_entries(ann, kind="user", limit=1)[0].action == "created"


def test_bad_accounts_are_refused_with_every_field_named(db: Database) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.add_user(db, "Bad Name", "", roles=["case-officer"], password="short")
    assert [p.where for p in caught.value.problems] == ["username", "name", "password"]
    with pytest.raises(ValidationFailed, match="'spy' is not one of"):
        accounts.add_user(db, "bob", "Bob", roles=["spy"])
    assert accounts.list_users(db) == []


def test_signing_in_with_the_right_password(ann: Database) -> None:
    assert accounts.sign_in(ann, "ann", PASSWORD, now=T0).username == "ann"


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(ann: Database) -> None:
    with pytest.raises(accounts.SignInRefused) as wrong:
        accounts.sign_in(ann, "ann", "not the password", now=T0)
    with pytest.raises(accounts.SignInRefused) as unknown:
        accounts.sign_in(ann, "nobody", PASSWORD, now=T0)
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"


def test_guessing_backs_off_and_then_locks_the_account(ann: Database) -> None:
    for _ in range(3):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(ann, "ann", "guess guess guess", now=T0)
    with pytest.raises(accounts.TryLater, match="try again in"):
        accounts.sign_in(ann, "ann", PASSWORD, now=T0)  # even the right password waits
    later = T0
    for attempt in range(7):
        later += timedelta(minutes=20)
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(ann, "ann", f"guess number {attempt:04d}", now=later)
    with pytest.raises(accounts.TryLater, match="locked"):
        accounts.sign_in(ann, "ann", PASSWORD, now=later + timedelta(days=1))
    accounts.unlock(ann, "ann")
    assert accounts.sign_in(ann, "ann", PASSWORD, now=later + timedelta(days=1))
    actions = [e.action for e in audit.list_entries(ann, kind="user", limit=20)]
    assert actions.count("sign-in-failed") == 10 and "unlocked" in actions


def test_grants_and_revocations(ann: Database) -> None:
    user = accounts.grant(
        ann, "ann", role="negotiator", group="ivanov-team", clearance="top-secret"
    )
    assert (
        user.roles == [Role.CASE_OFFICER, Role.NEGOTIATOR] and user.clearance.value == "top-secret"
    )
    user = accounts.revoke(ann, "ann", role="case-officer", group="gorin-team")
    assert user.roles == [Role.NEGOTIATOR] and user.groups == ["ivanov-team"]
    with pytest.raises(ValidationFailed, match="does not have role"):
        accounts.revoke(ann, "ann", role="auditor")
    with pytest.raises(NotFound, match="no user with key 'zed'"):
        accounts.grant(ann, "zed", role="auditor")


def test_a_token_speaks_for_its_user_within_its_scopes(ann: Database) -> None:
    token, plain = accounts.create_token(ann, "ann", "reports", ["read"])
    user, scopes = accounts.user_for_token(ann, plain)
    assert user.username == "ann" and scopes == frozenset({Permission.READ})
    with pytest.raises(ValidationFailed, match="does not hold manage-users"):
        accounts.create_token(ann, "ann", "too much", ["manage-users"])
    accounts.revoke_token(ann, token.id)
    with pytest.raises(accounts.SignInRefused, match="not valid"):
        accounts.user_for_token(ann, plain)
    with pytest.raises(accounts.SignInRefused):
        accounts.user_for_token(ann, plain.replace(token.id, "000000000000"))


def test_only_a_hash_of_the_token_is_stored(ann: Database) -> None:
    _token, plain = accounts.create_token(ann, "ann", "x")
    secret = plain.split("_", 2)[2]
    with ann.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT secret_hash FROM api_tokens").scalar()
    assert stored is not None and secret not in stored and len(stored) == 64


def test_user_and_token_commands(cli: Callable[..., CliResult], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    added = cli(
        "user",
        "add",
        "bea",
        "--name",
        "Bea Adviser",
        "--role",
        "legal-adviser",
        "--clearance",
        "confidential",
        "--password-stdin",
    )
    assert added.code == 0 and "Added bea" in added.out
    assert cli("user", "grant", "bea", "--group", "ivanov-team").code == 0
    listed = json.loads(cli("user", "list", "--format", "json").out)
    assert listed[0]["groups"] == ["ivanov-team"] and listed[0]["locked"] is False
    created = cli("token", "create", "bea", "--name", "scripts", "--scope", "read")
    plain = created.out.strip()
    assert plain.startswith("glk_") and "cannot be shown again" in created.err
    tokens = json.loads(cli("token", "list", "--format", "json").out)
    assert tokens[0]["scopes"] == ["read"] and plain not in json.dumps(tokens)
    assert cli("token", "revoke", tokens[0]["id"]).code == 0
    refused = cli("user", "add", "bea", "--name", "Again", "--role", "auditor", "--no-password")
    assert (
        refused.code == 1
        and refused.err == "error: user 'bea' already exists; choose another key\n"
    )
    short = cli("user", "passwd", "bea", "--password-stdin")
    assert short.code == 1 and "password: use at least 12 characters" in short.err
