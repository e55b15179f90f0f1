"""The policy point end to end: no read up, compartments hold, roles decide changes, and a
marker planted in what a user may not see appears in no answer to them, on any route or
command (the routes and commands are listed from the app itself, so new ones are covered)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from fastapi.testclient import TestClient

from glienicke.cli import app as cli_app
from glienicke.domain.errors import NotFound
from glienicke.security.actor import acting_as
from glienicke.security.policy import Viewer
from glienicke.services import accounts, datasets, proposals, records, views
from glienicke.services.access import Forbidden, NotSignedIn
from glienicke.services.database import Database
from glienicke.web.app import create_app
from tests.conftest import CliResult
from tests.integration.conftest import MARK


def test_the_outsider_lists_only_what_they_may_see(as_outsider: Database) -> None:
    for kind in ("persons", "cases", "proposals", "documents"):
        assert MARK not in json.dumps(views.listing(as_outsider, kind))
    assert [c["key"] for c in views.listing(as_outsider, "cases")] == ["open-case"]


def test_hidden_records_are_not_found_as_if_absent(as_outsider: Database) -> None:
    for kind, key in [
        ("case", "secret-case"),
        ("case", "team-case"),
        ("proposal", "secret-proposal"),
        ("document", "secret-doc"),
        ("person", "secret-person"),
    ]:
        with pytest.raises(NotFound) as caught:
            views.show(as_outsider, kind, key)
        assert str(caught.value) == f"no {kind} with key '{key}'"


def test_a_visible_record_withholds_its_links_to_hidden_ones(as_outsider: Database) -> None:
    document = views.show(as_outsider, "document", "open-doc")["document"]
    assert document["persons"] == ["open-person"]


def test_a_dump_holds_only_what_the_exporter_may_see(as_outsider: Database) -> None:
    assert MARK not in datasets.dump(as_outsider, "json")


def test_changing_a_hidden_record_is_refused_as_not_found(as_outsider: Database) -> None:
    with pytest.raises(NotFound):
        records.close_case(as_outsider, "team-case", "1977-01-01", "done")


def test_roles_decide_what_may_be_changed(as_outsider: Database) -> None:
    with pytest.raises(Forbidden, match="outsider may not edit proposals"):
        proposals.add_condition(as_outsider, "open-proposal", "c", "a condition")


def test_no_viewer_no_access(planted: Database) -> None:
    with acting_as("nobody", "tests"), pytest.raises(NotSignedIn):
        views.listing(planted, "cases")


def test_reading_a_classified_record_is_audited(planted: Database) -> None:
    from glienicke.services import audit

    views.show(planted, "case", "secret-case")
    entry = audit.list_entries(planted, limit=1)[0]
    assert (entry.action, entry.kind, entry.key, entry.detail) == (
        "read",
        "case",
        "secret-case",
        {"classification": "top-secret"},
    )


# --- every route and every command -----------------------------------------------------------

KEYS = [
    "secret-case",
    "team-case",
    "secret-proposal",
    "secret-doc",
    "team-doc",
    "secret-person",
    "secret-why",
    "secret-event",
    "open-doc",
    "open-case",
    "secret-promise",
]


def _fill(path: str) -> list[str]:
    """Concrete URLs for a route: every planted key in every path parameter."""
    from glienicke.domain.catalog import KINDS

    urls = [path]
    for name, values in (
        ("section", [k.section for k in KINDS]),
        ("kind", ["persons", "cases", "proposals", "documents"]),
        ("key", KEYS),
        ("person", ["secret-person", "open-person"]),
        ("state", ["home"]),
        ("fmt", ["csv", "xlsx"]),
        ("year", ["1977"]),
    ):
        urls = (
            [u.replace("{" + name + "}", v) for u in urls for v in values]
            if ("{" + name + "}" in path)
            else urls
        )
    return urls


def _page_paths(app: Any) -> list[str]:
    """The GET routes outside the OpenAPI document: the HTML pages. (FastAPI may keep an
    included router whole, under its prefix, rather than copying its routes into the app.)"""
    from fastapi.routing import APIRoute

    def walk(routes: list[Any], prefix: str, shown: bool) -> Iterator[str]:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                context = route.include_context
                yield from walk(
                    inner.routes, prefix + context.prefix, shown and context.include_in_schema
                )
            elif (
                isinstance(route, APIRoute)
                and "GET" in route.methods
                and not (shown and route.include_in_schema)
            ):
                yield prefix + route.path

    return list(walk(app.routes, "", True))


def test_no_get_route_shows_the_marker_to_the_outsider(planted: Database) -> None:
    app = create_app(planted)
    with acting_as("test:outsider", "tests", Viewer.of(accounts.user_named(planted, "outsider"))):
        _token, plain = accounts.create_token(planted, "outsider", "matrix")
    client = TestClient(app, headers={"Authorization": f"Bearer {plain}"})
    anonymous = TestClient(app)
    # The outsider signed in on the web pages too, with a session cookie.
    browser = TestClient(app)
    login = browser.get("/login").text
    token = login.split('name="csrf_token" value="')[1].split('"')[0]
    signed_in = browser.post(
        "/login",
        data={"username": "outsider", "password": "outsider password", "csrf_token": token},
    )
    assert "<h1>Dashboard" in signed_in.text
    # Every GET route in the app's own OpenAPI document, and every page outside it.
    paths = [p for p, ops in app.openapi()["paths"].items() if "get" in ops]
    pages = _page_paths(app)
    assert len(paths) >= 6 and {"/", "/login", "/reports", "/reports/yearly"} <= set(pages)
    assert "/cases/{key}/dossier" in pages and "/api/v1/reports/yearly/{year}" in paths
    checked = answered = 0
    for path in [*paths, *pages, "/api/v1/openapi.json"]:
        for url in _fill(path):
            for who in (client, anonymous, browser):
                response = who.get(url)
                assert response.status_code < 500, url
                assert MARK not in response.text, f"{url} leaked the marker"
                if "spreadsheetml" in response.headers.get("content-type", ""):
                    assert MARK not in _file_text(response.content, ".xlsx"), url
                checked += 1
                answered += response.status_code == 200 and who is client
    assert checked > 150 and answered > 20  # the outsider was really let in, where allowed


def _read_commands() -> list[list[str]]:
    group = typer.main.get_group(cli_app)
    found = []
    for name, command in group.commands.items():
        inner = getattr(command, "commands", None)
        for sub in inner or {None: command}:
            found.append([name] if sub is None else [name, sub])
    return found


def test_no_command_shows_the_marker_to_the_outsider(
    cli: Callable[..., CliResult],
    planted: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GLIENICKE_USER", "outsider")
    exported = tmp_path / "exports"
    exported.mkdir()
    export_filters = {
        "cases": [[], ["--status", "open"]],
        "persons": [[], ["--name", "person"]],
        "commitments": [[], ["--overdue", "--as-of", "1978-01-01"], ["--state", "home"]],
        "documents": [[], ["zebra 7731"], ["secret"], ["note", "--kind", "note"]],
    }
    calls = {
        **{
            ("export", name): [
                ["export", name, *extra, *target]
                for extra in filters
                for target in (
                    [],
                    ["-o", str(exported / f"{name}-{len(extra)}.csv")],
                    ["-f", "xlsx", "-o", str(exported / f"{name}-{len(extra)}.xlsx")],
                )
            ]
            for name, filters in export_filters.items()
        },
        ("list",): [
            ["list", k, "--format", "json"] for k in ("persons", "cases", "proposals", "documents")
        ],
        ("show",): [
            ["show", k, key, "--format", "json"]
            for k in ("person", "case", "proposal", "document")
            for key in KEYS
        ],
        ("dump",): [["dump", "--format", "json"]],
        ("windows",): [
            ["windows", key, "--format", "json"] for key in ("secret-person", "open-person")
        ],
        ("deadlines",): [["deadlines", "--format", "json"]],
        ("urgency",): [["urgency", "--format", "json"]],
        ("proposal", "assess"): [
            ["proposal", "assess", key, *fmt]
            for key in ("secret-proposal", "open-proposal")
            for fmt in (["--format", "json"], [])
        ],
        ("search",): [["search", "zebra 7731", "--format", "json"], ["search", "secret"]],
        ("mentions", "list"): [["mentions", "list", "--unmatched", "--format", "json"]],
        ("mentions", "confirm"): [
            ["mentions", "confirm", key, "0", "secret-person"] for key in ("secret-doc", "team-doc")
        ],
        ("mentions", "reject"): [
            ["mentions", "reject", key, "0"] for key in ("secret-doc", "team-doc")
        ],
        ("audit", "list"): [["audit", "list", "--format", "json", "--limit", "500"]],
        ("user", "list"): [["user", "list", "--format", "json"]],
        ("token", "list"): [["token", "list", "outsider", "--format", "json"]],
        **{
            ("proposal", verb): [
                ["proposal", verb, key, *extra] for key in ("secret-proposal", "open-proposal")
            ]
            for verb, extra in (
                ("show", ["--format", "json"]),
                ("plan", ["--save", "--format", "json"]),
                ("replay", ["--format", "json"]),
                ("request", ["s1", "--on", "1977-07-01"]),
                ("ask", ["--kind", "consultation", "--to", "x", "--on", "1977-07-01"]),
                ("answer", ["--office", "x", "--answer", "concur", "--on", "1977-07-02"]),
                ("escalate", ["s1", "--to", "x", "--on", "1977-07-03"]),
                ("advance", ["approved", "--on", "1977-07-04"]),
            )
        },
        ("commitments",): [
            ["commitments", "--format", "json"],
            ["commitments", "--overdue", "--as-of", "1978-01-01", "--format", "json"],
            ["commitments", "--proposal", "secret-proposal"],
            ["commitments", "--state", "home"],
        ],
        ("reliability",): [
            ["reliability", "--format", "json"],
            ["reliability", "home", "--by", "proposal", "--as-of", "1978-01-01"],
        ],
        ("commitment", "fulfil"): [
            ["commitment", "fulfil", "secret-promise", "--on", "1977-02", "--note", "x"]
        ],
        ("commitment", "press"): [["commitment", "press", "secret-promise", "--on", "1977-02"]],
        ("commitment", "break"): [
            ["commitment", "break", "secret-promise", "--on", "1977-02", "--note", "x"]
        ],
        ("commitment", "waive"): [
            ["commitment", "waive", "secret-promise", "--on", "1977-02", "--note", "x"]
        ],
        ("commitment", "relink"): [
            [
                "commitment",
                "relink",
                "secret-promise",
                "--on",
                "1977-02",
                "--proposal",
                "open-proposal",
            ]
        ],
        ("proposal", "draft"): [
            ["proposal", "draft", "secret-proposal", "--kind", kind, "--format", "json"]
            for kind in ("concurrence-letter", "embassy-telegram", "principal-memo")
        ],
        ("draft", "clear"): [
            ["draft", "clear", key, "--by", "secret-person"] for key in ("secret-doc", "team-doc")
        ],
        ("draft", "revise"): [
            ["draft", "revise", key, "--title", "x"] for key in ("secret-doc", "team-doc")
        ],
        ("draft", "file"): [["draft", "file", key] for key in ("secret-doc", "team-doc")],
        **{
            ("proposal", verb): [
                ["proposal", verb, key, *extra] for key in ("secret-proposal", "open-proposal")
            ]
            for verb, extra in (
                ("item-edit", ["i1", "--description", "x"]),
                ("item-remove", ["i1"]),
                ("condition-edit", ["c1", "--text", "x"]),
                ("condition-remove", ["c1"]),
            )
        },
        ("proposal", "argument-edit"): [["proposal", "argument-edit", "secret-why", "--text", "x"]],
        ("proposal", "argument-remove"): [["proposal", "argument-remove", "secret-why"]],
        ("exchange", "solve"): [
            ["exchange", "solve", "--record", "--as-of", "1977-07-01", "-f", "json"],
            ["exchange", "solve", "--record", "--as-of", "1977-07-01"],
        ],
        ("exchange", "pool"): [["exchange", "pool", "--as-of", "1977-07-01"]],
        ("duplicates", "list"): [
            ["duplicates", "list", "--format", "json"],
            ["duplicates", "list"],
        ],
        ("duplicates", "link"): [["duplicates", "link", key] for key in ("secret-doc", "team-doc")],
        ("duplicates", "file"): [["duplicates", "file", key] for key in ("secret-doc", "team-doc")],
        ("proposal", "item-add"): [
            ["proposal", "item-add", key, "i9", "--side", "get", "--kind", "release"]
            for key in ("secret-proposal", "open-proposal")
        ],
        ("proposal", "condition-add"): [
            ["proposal", "condition-add", key, "c9", "--text", "x"]
            for key in ("secret-proposal", "open-proposal")
        ],
        ("proposal", "argument-add"): [
            [
                "proposal",
                "argument-add",
                key,
                "a9",
                "--stance",
                "for",
                "--category",
                "humanitarian",
                "--text",
                "x",
            ]
            for key in ("secret-proposal", "open-proposal")
        ],
        ("exchange", "draft"): [["exchange", "draft", "--as-of", "1977-07-01"]],
        # issue 18: the duty packs
        ("duty", "list"): [
            ["duty", "list", key, *fmt]
            for key in ("secret-case", "team-case", "open-case")
            for fmt in (["--format", "json"], [])
        ],
        ("duty", "record"): [
            [
                "duty",
                "record",
                key,
                "demand-reasons",
                "--status",
                "discharged",
                "--date",
                "1977",
                *extra,
            ]
            for key in ("secret-case", "team-case", "open-case")
            for extra in ([], ["--document", "secret-doc"])
        ],
        ("criteria", "list"): [
            ["criteria", "list", key, "--format", "json"] for key in ("secret-person", "x")
        ],
        ("criteria", "assess"): [
            ["criteria", "assess", key, "1", "--finding", "met", "--document", "secret-doc"]
            for key in ("secret-person", "x")
        ],
        ("criteria", "determine"): [
            ["criteria", "determine", key, "--determination", "hostage", "--date", "2022"]
            for key in ("secret-person", "x")
        ],
        **{
            ("report", kind): [
                ["report", kind, key, "--as-of", "1977-07-01", "--format", "text"]
                for key in ("secret-case", "team-case", "open-case")
            ]
            for kind in ("dossier", "congress")
        },
        ("report", "yearly"): [["report", "yearly", "1977", "--format", "text"]],
    }
    writes_or_setup = {
        ("init",),
        ("declassify",),
        ("load",),
        ("demo",),
        ("schema",),
        ("serve",),
        ("import",),
        ("reindex",),
        ("officials", "load"),
        ("officials", "resolve"),
        ("audit", "verify"),
        ("user", "add"),
        ("user", "passwd"),
        ("user", "grant"),
        ("user", "revoke"),
        ("user", "unlock"),
        ("user", "link"),
        ("audit", "seal"),
        ("token", "create"),
        ("token", "revoke"),
    }
    listed = {tuple(c) for c in _read_commands()}
    assert listed <= set(calls) | writes_or_setup, "a new command needs a place in this test"
    for args_list in calls.values():
        for args in args_list:
            result = cli(*args)
            assert MARK not in result.out + result.err, args
            assert "Traceback" not in result.err
    written = sorted(exported.iterdir())
    assert len(written) >= 16  # the exports were made, to be looked in
    for path in written:
        assert MARK not in _file_text(path.read_bytes(), path.suffix), path


def _file_text(content: bytes, suffix: str) -> str:
    """What a CSV or XLSX file says, as text to look for the marker in."""
    if suffix != ".xlsx":
        return content.decode("utf-8")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(content), read_only=True)
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row
    )


def test_the_audit_trail_leaves_out_hidden_records(
    planted: Database, as_outsider: Database
) -> None:
    from glienicke.services import audit

    shown = {(e.kind, e.key) for e in audit.list_entries(planted, limit=1000)}
    assert ("case", "open-case") in shown
    assert not {("case", "secret-case"), ("case", "team-case"), ("document", "secret-doc")} & shown
    assert audit.list_entries(planted, key="secret-case") == []  # a filter confirms nothing


def test_key_by_key_visibility_agrees_with_the_whole_record(planted: Database) -> None:
    from glienicke.domain.catalog import KINDS
    from glienicke.domain.documents import Classification
    from glienicke.security.model import Permission
    from glienicke.services.access import visibility
    from glienicke.services.demo import set_up_demo
    from glienicke.services.seen import Seen

    set_up_demo(planted)
    viewers = [
        Viewer.of(accounts.user_named(planted, "outsider")),
        Viewer("insider", Classification.SECRET, frozenset({"inner-team"}), frozenset(Permission)),
        Viewer("reader", Classification.TOP_SECRET, frozenset(), frozenset({Permission.READ})),
        Viewer("blind", Classification.TOP_SECRET, frozenset(), frozenset()),
        Viewer(
            "ivanov", Classification.CONFIDENTIAL, frozenset({"ivanov-team"}), frozenset(Permission)
        ),
    ]
    with planted.reading() as repo:
        stored = {kind.name: [r.key for r in repo.all(kind.cls)] for kind in KINDS}
        for who in viewers:
            whole = visibility(repo, who)
            by_key = Seen(repo, who)
            for kind, keys in stored.items():
                for key in [*keys, "no-such-key"]:
                    assert (key in by_key[kind]) == (key in whole[kind]), (who.username, kind, key)
            assert any(whole.values()) or who.username == "blind"
