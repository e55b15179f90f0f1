"""Issue 19's sign-in findings: failures counted atomically under parallel attempts, tokens
refused during a lockout and after a new password, and no telling unknown users from wrong
passwords."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher, extract_parameters
from fastapi.testclient import TestClient

from glienicke.security import model, passwords
from glienicke.security.model import LOCK_AFTER, User
from glienicke.services import accounts
from glienicke.services.accounts import SignInRefused, TryLater
from glienicke.services.database import Database
from glienicke.web.app import create_app
from tests.conftest import CliResult
from tests.integration.webclient import KEY, csrf_of

PARALLEL = 40
RIGHT = "tester's password"


def _failures(db: Database, username: str = "tester") -> int:
    return accounts.user_named(db, username).failed_logins


def _at_once(attempt: Callable[[], None]) -> list[BaseException | None]:
    """Run `attempt` in PARALLEL threads released together; what each raised (or None)."""
    barrier = threading.Barrier(PARALLEL)
    outcomes: list[BaseException | None] = [None] * PARALLEL

    def run(index: int) -> None:
        barrier.wait()
        try:
            attempt()
        except BaseException as error:  # each thread's outcome is what the test reads
            outcomes[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_wrong_passwords_lock_the_account(
    db: Database, tester_account: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the back-off (which would stop most of them first), only the lockout decides.
    monkeypatch.setattr(model, "BACKOFF_FROM", 10**6)
    outcomes = _at_once(lambda: accounts.sign_in(db, "tester", "wrong password!"))
    kinds = [type(o).__name__ for o in outcomes]
    assert kinds.count("SignInRefused") == LOCK_AFTER, kinds
    assert kinds.count("TryLater") == PARALLEL - LOCK_AFTER, kinds
    assert _failures(db) == LOCK_AFTER
    with pytest.raises(TryLater, match="locked"):
        accounts.sign_in(db, "tester", RIGHT)


def test_parallel_wrong_passwords_are_held_by_the_back_off(
    db: Database, tester_account: User
) -> None:
    outcomes = _at_once(lambda: accounts.sign_in(db, "tester", "wrong password!"))
    refused = [o for o in outcomes if isinstance(o, SignInRefused)]
    waited = [o for o in outcomes if isinstance(o, TryLater)]
    assert len(refused) + len(waited) == PARALLEL, outcomes
    # Each password checked was counted; from the third failure on the rest had to wait.
    assert len(refused) == _failures(db) == model.BACKOFF_FROM


def _sign_in_later(db: Database, password: str, minutes: int) -> None:
    accounts.sign_in(db, "tester", password, now=datetime.now(UTC) + timedelta(minutes=minutes))


def _lock_by_failures(db: Database) -> None:
    for attempt in range(LOCK_AFTER):
        with pytest.raises(SignInRefused):
            _sign_in_later(db, "wrong password!", 20 * attempt)


def test_a_locked_account_s_tokens_are_refused_until_it_is_unlocked(
    db: Database, tester_account: User
) -> None:
    _token, plain = accounts.create_token(db, "tester", "script")
    _lock_by_failures(db)
    client = TestClient(create_app(db), headers={"Authorization": f"Bearer {plain}"})
    refused = client.get("/api/v1/cases")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "sign-in-refused"
    accounts.unlock(db, "tester")
    assert client.get("/api/v1/cases").status_code == 200


def test_a_new_password_ends_the_tokens_unless_kept(db: Database, tester_account: User) -> None:
    _first, ended = accounts.create_token(db, "tester", "ended")
    accounts.set_password(db, "tester", "another long password")
    with pytest.raises(SignInRefused):
        accounts.user_for_token(db, ended)
    assert all(t.revoked_at is not None for t in accounts.list_tokens(db, "tester"))
    _second, kept = accounts.create_token(db, "tester", "kept")
    accounts.set_password(db, "tester", "yet another long password", keep_tokens=True)
    assert accounts.user_for_token(db, kept)[0].username == "tester"


def test_the_command_line_keeps_tokens_only_when_told(
    cli: Callable[..., CliResult], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first, plain = accounts.create_token(db, "tester", "script")
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("another long password\nyet another long password\n")
    )
    kept = cli("user", "passwd", "tester", "--password-stdin", "--keep-tokens")
    assert kept.code == 0, kept.err
    assert "tokens kept" in kept.out
    assert accounts.user_for_token(db, plain)[0].username == "tester"
    ended = cli("user", "passwd", "tester", "--password-stdin")
    assert ended.code == 0, ended.err
    assert "1 API token revoked" in ended.out
    with pytest.raises(SignInRefused):
        accounts.user_for_token(db, plain)


def test_an_unknown_user_and_a_wrong_password_answer_alike(
    db: Database, tester_account: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            checked.append(str(hash))
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "_hasher", Counting())
    answers = []
    for username in ("tester", "nobody-here"):
        client = TestClient(create_app(db, secret_key=KEY))
        token = csrf_of(client.get("/login").text)
        form = {"username": username, "password": "wrong password!", "csrf_token": token}
        answer = client.post("/login", data=form)
        page = answer.text.replace(username, "NAME").replace(token, "TOKEN")
        answers.append((answer.status_code, page, sorted(answer.headers.keys())))
    assert answers[0] == answers[1]
    assert answers[0][0] == 401
    # Both were checked against an Argon2 hash: the user's, or a dummy of the same cost.
    assert len(checked) == 2
    assert extract_parameters(checked[0]) == extract_parameters(checked[1])
