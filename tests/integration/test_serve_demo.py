"""Issue 15, item 17: `serve --demo`'s tokens end with the run (and expire soon even if it is
killed), a busy port is refused before anything is printed, and running the demo again never
puts back a user's edits without saying so."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest

from glienicke.domain.cases import Case
from glienicke.services import accounts, views
from glienicke.services.accounts import SignInRefused
from glienicke.services.database import Database
from glienicke.services.records import change_record
from tests.conftest import CliResult, run_cli

Cli = Callable[..., CliResult]


@pytest.fixture
def fresh(db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`glienicke ...` on a database with no accounts yet, as a first run has it."""
    monkeypatch.setenv("GLIENICKE_DATABASE_URL", db_url)
    monkeypatch.delenv("GLIENICKE_USER", raising=False)
    monkeypatch.delenv("GLIENICKE_SECRET_KEY", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return lambda *args: run_cli(capsys, *args)


@pytest.fixture
def listener() -> Iterator[int]:
    """A port something already listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def _fake_server(monkeypatch: pytest.MonkeyPatch, during: Callable[[], None]) -> list[Any]:
    import uvicorn

    calls: list[Any] = []

    def run(app: Any, **options: Any) -> None:
        calls.append(options)
        during()

    monkeypatch.setattr(uvicorn, "run", run)
    return calls


def test_a_busy_port_is_refused_before_anything_is_printed_or_loaded(
    fresh: Cli, db: Database, listener: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _fake_server(monkeypatch, lambda: None)
    result = fresh("serve", "--demo", "--port", str(listener))
    assert result.code == 1 and result.out == ""
    assert result.err.strip().splitlines() == [
        f"error: port {listener} on 127.0.0.1 is taken (Address already in use): stop what uses"
        " it, or choose another with --port or GLIENICKE_PORT"
    ]
    assert calls == [] and not accounts.has_accounts(db)


def test_the_runs_tokens_work_while_it_serves_and_are_revoked_when_it_stops(
    fresh: Cli, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def during() -> None:
        seen["users"] = [accounts.user_for_token(db, t)[0].username for t in seen["tokens"]]

    calls = _fake_server(monkeypatch, during)
    original = accounts.create_token

    def spy(*args: Any, **options: Any) -> Any:
        token, plain = original(*args, **options)
        seen.setdefault("tokens", []).append(plain)
        seen.setdefault("made", []).append(token)
        return token, plain

    monkeypatch.setattr(accounts, "create_token", spy)
    result = fresh("serve", "--demo", "--port", "8765")
    assert result.code == 0, result.err
    assert len(calls) == 1 and "demo-officer" in seen["users"]
    assert "revoked when it stops, and refused after 8 hours in any case" in result.err
    assert f"Revoked the {len(seen['tokens'])} API tokens of this run." in result.err
    for plain in seen["tokens"]:
        with pytest.raises(SignInRefused):
            accounts.user_for_token(db, plain)
    assert all(t.expires_at - t.created_at == timedelta(hours=8) for t in seen["made"])


def test_a_run_stopped_by_an_interrupt_still_revokes_its_tokens(
    fresh: Cli, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    _fake_server(monkeypatch, interrupted)
    stopped = fresh("serve", "--demo", "--port", "8766")
    assert "Revoked the 7 API tokens of this run." in stopped.err
    live = [t for t in accounts.list_tokens(db) if t.revoked_at is None]
    assert live == [] and len(accounts.list_tokens(db)) == 7


def test_a_token_past_its_expiry_is_refused(
    fresh: Cli, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fresh("demo").code == 0
    _token, plain = accounts.create_token(db, "demo-officer", "short", lasts=timedelta(hours=1))
    assert accounts.user_for_token(db, plain)[0].username == "demo-officer"
    later = accounts._now() + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(accounts, "_now", lambda: later)
    with pytest.raises(SignInRefused):
        accounts.user_for_token(db, plain)


def _edit_gorin(db: Database) -> None:
    def retitle(case: Case) -> None:
        case.title = "Gorin, as the officer retitled it"

    change_record(db, Case, "gorin", retitle)


def _title(db: Database) -> str:
    return str(views.show(db, "case", "gorin")["case"]["title"])


def test_demo_again_refuses_to_put_back_an_edit_and_says_which(fresh: Cli, db: Database) -> None:
    assert fresh("demo").code == 0
    assert fresh("demo").code == 0  # nothing changed since: safe to repeat
    _edit_gorin(db)
    again = fresh("demo")
    assert again.code == 1
    (line,) = again.err.strip().splitlines()
    assert line.startswith("error: 1 record changed since the demo was loaded would be put back")
    assert "(case gorin)" in line and "glienicke demo --overwrite" in line
    assert _title(db) == "Gorin, as the officer retitled it"
    forced = fresh("demo", "--overwrite")
    assert forced.code == 0, forced.err
    assert _title(db) != "Gorin, as the officer retitled it"


def test_serve_demo_keeps_an_edit_and_says_so(
    fresh: Cli, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fresh("demo").code == 0
    _edit_gorin(db)
    _fake_server(monkeypatch, lambda: None)
    result = fresh("serve", "--demo", "--port", "8767")
    assert result.code == 0, result.err
    assert "Demo cases not reloaded: 1 record changed since the demo was loaded" in result.err
    assert "(case gorin)" in result.err and "kept as they are" in result.err
    assert _title(db) == "Gorin, as the officer retitled it"
