"""The command line as a user meets it: output, exit status, and one-line errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"
Cli = Callable[..., CliResult]


def test_init_creates_the_database_and_says_where(cli: Cli) -> None:
    result = cli("init")
    assert result.code == 0 and "Database ready" in result.out


def test_load_reports_what_it_created_and_then_that_nothing_changed(cli: Cli) -> None:
    first = cli("load", str(SMALL))
    assert first.code == 0
    assert "Created: 2 states, 4 persons" in first.out
    second = cli("load", str(SMALL), "--format", "json")
    assert json.loads(second.out)["created"] == {}
    assert "Nothing changed" in cli("load", str(SMALL)).out


def test_load_of_a_bad_file_prints_one_line_per_problem_and_fails(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "persons:\n  - key: x\n    name: X\n    birth_year: soon\n    nationalities: [y]\n"
    )
    result = cli("load", str(bad))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"error: {bad}:4: person 'x', birth_year: expected a whole number, got 'soon'"
    ]
    assert "Traceback" not in result.err


def test_load_of_malformed_yaml_names_line_and_column(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("persons:\n  - key: [x\n")
    result = cli("load", str(bad))
    assert result.code == 1 and f"{bad}:3:1: malformed YAML" in result.err


def test_dump_writes_yaml_or_json(cli: Cli, tmp_path: Path) -> None:
    cli("load", str(SMALL))
    assert cli("dump").out.startswith("glienicke_dataset: 1\nstates:\n")
    as_json = json.loads(cli("dump", "--format", "json").out)
    assert [p["key"] for p in as_json["persons"]] == ["alma", "ben", "carl", "dora"]
    target = tmp_path / "out.yaml"
    assert cli("dump", "--output", str(target)).code == 0
    assert target.read_text() == cli("dump").out


def test_list_shows_one_line_per_record(cli: Cli) -> None:
    assert "No cases yet" in cli("list", "cases").out
    cli("load", str(SMALL))
    table = cli("list", "persons").out
    assert "Alma Example" in table and "Dora Official" in table
    rows = json.loads(cli("list", "documents", "--format", "json").out)
    assert rows[0] == {
        "key": "memo-1",
        "kind": "memorandum",
        "date": "1977-07-01",
        "title": "Minister's memorandum on the exchange",
        "classification": "confidential",
    }


def test_show_gives_text_and_json(cli: Cli) -> None:
    cli("load", str(SMALL))
    text = cli("show", "person", "carl").out
    assert "Detentions" in text and "status: sentenced" in text and "term_months: 48" in text
    view = json.loads(cli("show", "case", "alma", "--format", "json").out)
    assert view["case"]["subjects"][1]["exit_restriction"] == "ben-exit"
    assert view["proposals"] == ["swap-1977"]
    assert view["events"][0]["title"] == "Talks opened"
    person = json.loads(cli("show", "person", "ben", "--format", "json").out)
    assert person["cases"] == ["alma"] and person["exit_restrictions"][0]["key"] == "ben-exit"
    document = json.loads(cli("show", "document", "memo-1", "-f", "json").out)
    assert document["document"]["from"][0]["office"] == "minister"


def test_show_of_an_unknown_key_is_one_clear_line(cli: Cli) -> None:
    result = cli("show", "person", "nobody")
    assert result.code == 1
    assert result.err == "error: no person with key 'nobody'\n"


def test_a_wrong_kind_is_a_usage_error(cli: Cli) -> None:
    result = cli("show", "planet", "mars")
    assert result.code == 2 and "planet" in result.err


def test_a_bad_database_url_is_one_clear_line(cli: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GLIENICKE_DATABASE_URL", "mysql://somewhere/db")
    result = cli("list", "cases")
    assert result.code == 1
    assert result.err.startswith("error: database 'mysql' is not supported")


def test_help_explains_every_command(cli: Cli) -> None:
    text = cli("--help").out
    for command in ("init", "load", "dump", "demo", "show", "list", "serve", "schema"):
        assert command in text
    assert "GLIENICKE_DATABASE_URL" in text


def test_schema_prints_the_dataset_schema(cli: Cli) -> None:
    schema = json.loads(cli("schema").out)
    assert schema["title"] == "Glienicke dataset"


def test_serve_refuses_to_listen_beyond_this_machine_without_a_secret_key(cli: Cli) -> None:
    result = cli("serve", "--host", "0.0.0.0")
    assert result.code == 1
    assert result.err.startswith("error: refusing to serve on 0.0.0.0 without a configured secret")
    assert "GLIENICKE_SECRET_KEY" in result.err


def test_serve_refuses_a_weak_secret_key(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLIENICKE_SECRET_KEY", "change-me")
    result = cli("serve")
    assert result.code == 1
    assert result.err.startswith("error: GLIENICKE_SECRET_KEY will not do: it has 9 characters")


def test_serve_with_a_good_key_may_listen_beyond_this_machine(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(options, app=app))
    monkeypatch.setenv("GLIENICKE_SECRET_KEY", "Qm8v2Xr7pLk4Zt1Wn6Yc3Hd9Js5Fb0Ga")
    result = cli("serve", "--host", "0.0.0.0", "--port", "8123")
    assert result.code == 0, result.err
    assert started["host"] == "0.0.0.0" and started["port"] == 8123
    assert "http://0.0.0.0:8123/" in result.err


def test_loopback_addresses_are_recognised() -> None:
    from glienicke.cli.common import is_loopback

    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost", "127.8.0.1")] == [
        True,
        True,
        True,
        True,
        True,
    ]
    assert [is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "example.org", "::")] == [
        False,
        False,
        False,
        False,
    ]
