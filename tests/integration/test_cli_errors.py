"""Issue 15, item 19: a mistyped command line is one line on standard error (exit status 2),
with a hint for --as given after the command; `user add` checks its arguments before it asks
for a password."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import typer

from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def _one_line(result: CliResult) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert result.out == ""
    return lines[0]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["lst", "cases"], "error: glienicke: No such command 'lst'. Did you mean 'list'?"),
        (["list", "casez"], "error: glienicke list: Invalid value for 'kind': 'casez' is not one"),
        (["list", "cases", "--format", "xml"], "'xml' is not one of 'text', 'json'."),
        (["list", "cases", "--nope"], "error: glienicke list: No such option: --nope"),
        (["show", "person"], "error: glienicke show: Missing argument 'key'."),
        (["proposal", "drat", "x"], "No such command 'drat'. Did you mean 'draft'?"),
    ],
)
def test_a_typo_or_a_bad_choice_is_one_line_and_status_2(
    cli: Cli, args: list[str], said: str
) -> None:
    result = cli(*args)
    assert result.code == 2
    line = _one_line(result)
    assert line.startswith("error: ") and said in line
    assert "╭" not in line and "Value error" not in line
    assert line.endswith("--help')")


def test_as_after_the_command_says_where_it_goes(cli: Cli) -> None:
    for args in (["list", "cases", "--as", "demo-officer"], ["list", "cases", "--as=x"]):
        result = cli(*args)
        assert result.code == 2
        assert _one_line(result) == (
            "error: glienicke list: --as goes before the command: glienicke --as NAME list ..."
            " (or set GLIENICKE_USER)"
        )


def test_help_and_a_bare_group_still_show_their_help(cli: Cli) -> None:
    assert cli("--help").code == 0
    bare = cli("proposal")
    assert bare.code == 2 and "Usage: glienicke proposal" in bare.out + bare.err


@pytest.fixture
def no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_options: object) -> str:
        raise AssertionError("asked for a password before the arguments were checked")

    monkeypatch.setattr(typer, "prompt", refuse)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--role", "nope"], "error: roles: 'nope' is not one of"),
        (["--role", "auditor", "--clearance", "ultra"], "error: clearance: 'ultra' is not one of"),
        (["--role", "auditor", "--group", "Bad Group!"], "error: groups"),
    ],
)
def test_user_add_checks_its_arguments_before_asking_for_a_password(
    cli: Cli, no_prompt: None, args: list[str], said: str
) -> None:
    result = cli("user", "add", "bob", "--name", "Bob", *args)
    assert result.code == 1
    assert _one_line(result).startswith(said)


def test_user_add_refuses_a_taken_name_before_asking(cli: Cli, no_prompt: None) -> None:
    result = cli("user", "add", "tester", "--name", "Another", "--role", "auditor")
    assert result.code == 1 and "user 'tester' already exists" in _one_line(result)


def test_user_add_refuses_one_who_may_not_add_accounts_before_asking(
    cli: Cli, no_prompt: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        cli("user", "add", "reader", "--name", "R", "--role", "auditor", "--no-password").code == 0
    )
    monkeypatch.setenv("GLIENICKE_USER", "reader")
    result = cli("user", "add", "bob", "--name", "Bob", "--role", "auditor")
    assert result.code == 1 and "may not manage users" in _one_line(result)
