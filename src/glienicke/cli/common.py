"""The `glienicke` app, its shared options and output helpers, and the record commands."""

from __future__ import annotations

import getpass
import ipaddress
import json
import os
import socket
import sys
from contextlib import AbstractContextManager
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from glienicke.domain.catalog import BY_NAME
from glienicke.domain.errors import GlienickeError
from glienicke.security.actor import acting_as, become
from glienicke.security.policy import Viewer
from glienicke.security.sessions import new_secret_key, secret_key_problem
from glienicke.services import accounts, datasets, records, views
from glienicke.services.database import Database
from glienicke.services.datasets import WouldOverwrite
from glienicke.services.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, set_up_demo
from glienicke.settings import Settings, load_settings, search_folder

app = typer.Typer(
    name="glienicke",
    help=(
        "Glienicke: cases, legal windows and negotiations for nationals detained abroad.\n\n"
        "The database is SQLite in your data folder unless GLIENICKE_DATABASE_URL names another"
        " (e.g. postgresql://localhost/glienicke). Start with `glienicke demo` and"
        " `glienicke list cases`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# soft_wrap: long values stay on one line, so output can be piped and searched.
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class DumpFormat(StrEnum):
    yaml = "yaml"
    json = "json"


class ShowKind(StrEnum):
    person = "person"
    case = "case"
    proposal = "proposal"
    document = "document"


class ListKind(StrEnum):
    persons = "persons"
    cases = "cases"
    proposals = "proposals"
    documents = "documents"


FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text for people, json for programs")
]


_requested: dict[str, str | None] = {"user": None}


@app.callback()
def options(
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="GLIENICKE_USER",
            help="the account to act as (its "
            "clearance, groups and roles decide what you see and may change)",
        ),
    ] = None,
) -> None:
    """Glienicke: cases, legal windows and negotiations for nationals detained abroad."""
    _requested["user"] = as_user


def database() -> Database:
    """The configured database, with the command acting as the account named by --as."""
    settings = load_settings()
    db = Database.open(settings.database_url, settings.audit_key_bytes(), search_folder(settings))
    username = _requested["user"]
    if username is not None:
        user = accounts.user_named(db, username)
        become(f"cli:{username}", f"command line ({_os_user()})", Viewer.of(user))
    return db


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


@app.command()
def init() -> None:
    """Create the database (or bring its schema up to date) and say where it is."""
    settings = load_settings()
    db = Database.open(settings.database_url, search_index=search_folder(settings))
    out.print(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="dataset files (.yaml, .yml or .json)")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Load dataset files: all are checked first, then loaded together or not at all."""
    report = datasets.load_files(database(), files)
    _print_report(report, fmt)


@app.command()
def dump(
    fmt: Annotated[
        DumpFormat, typer.Option("--format", "-f", help="yaml or json")
    ] = DumpFormat.yaml,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write to this file")
    ] = None,
) -> None:
    """Write the whole database as a dataset (to standard output unless --output is given)."""
    text = datasets.dump(database(), fmt.value)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {output}")


@app.command()
def demo(
    fmt: FormatOption = OutputFormat.text,
    overwrite: Annotated[
        bool, typer.Option(help="put back the demo's version of records changed since")
    ] = False,
) -> None:
    """Load the demo cases (Gorin 1941, Ivanov 1964); on a database with no accounts, also the
    demo accounts. Safe to repeat: records changed since are never put back without
    --overwrite (it refuses, naming them, and changes nothing)."""
    try:
        report, made = set_up_demo(database(), overwrite=overwrite)
    except WouldOverwrite as refusal:
        raise GlienickeError(
            f"{refusal}; `glienicke demo --overwrite` puts the demo's versions back"
        ) from None
    _print_report(report, fmt)
    if made:
        _print_demo_accounts(made)


@app.command()
def show(
    kind: Annotated[ShowKind, typer.Argument(help="person, case, proposal or document")],
    key: Annotated[str, typer.Argument(help="the record's key, e.g. gorin")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Show one record with what the product derives about it."""
    view = views.show(database(), kind.value, key)
    if fmt is OutputFormat.json:
        print_json(view)
    else:
        _print_view(view)


@app.command("list")
def list_(
    kind: Annotated[ListKind, typer.Argument(help="persons, cases, proposals or documents")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """List the records of a kind, one line each."""
    rows = views.listing(database(), kind.value)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        rows, f"No {kind.value} yet. Load some with `glienicke load FILE` or `glienicke demo`."
    )


@app.command()
def declassify(
    kind: Annotated[ShowKind, typer.Argument(help="case, proposal or document")],
    key: Annotated[str, typer.Argument(help="the record's key")],
    to: Annotated[str, typer.Option(help="the new, lower classification")],
    on: Annotated[str, typer.Option(help="the date of the decision, e.g. 1996-05-01")],
    authority: Annotated[str, typer.Option(help="who or what authorised it")],
) -> None:
    """Lower a record's classification (needs the declassify permission; always audited)."""
    record = records.declassify(database(), kind.value, key, to, on=on, authority=authority)
    out.print(f"{kind.value} {key} is now {record.classification.value}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dataset format."""
    from glienicke.dataset.schema import render_schema

    sys.stdout.write(render_schema())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
    demo_data: Annotated[bool, typer.Option("--demo", help="load the demo cases first")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="worker processes (default GLIENICKE_WORKERS, or 1)"),
    ] = None,
) -> None:
    """Serve the web pages, and the JSON API under /api/v1 (OpenAPI at /api/v1/openapi.json)."""
    settings = load_settings()
    bind_host, bind_port = host or settings.host, port or settings.port
    secret_key = _secret_key(settings, bind_host)
    _check_port_free(bind_host, bind_port)  # before anything is loaded or printed
    db = database()
    tokens: list[tuple[str, str]] = []
    if demo_data:
        _serve_demo(db)
        tokens = _print_demo_tokens(db, bind_host, bind_port, settings.session_hours)
    try:
        _serve(db, settings, bind_host, bind_port, secret_key, workers)
    finally:
        _revoke_demo_tokens(db, tokens)


def _serve(
    db: Database,
    settings: Settings,
    bind_host: str,
    bind_port: int,
    secret_key: str | None,
    workers: int | None,
) -> None:
    import uvicorn

    from glienicke.web.app import create_app

    err.print(f"Database: {db.engine.url.render_as_string(hide_password=True)}")
    err.print(
        f"Glienicke at http://{bind_host}:{bind_port}/ (sign in there; the API is under /api/v1)"
        "  (Ctrl-C stops it)"
    )
    processes = workers or settings.workers
    if processes > 1:
        # Each worker builds the app from the settings; they must sign sessions alike.
        os.environ["GLIENICKE_SECRET_KEY"] = secret_key or new_secret_key()
        os.environ["GLIENICKE_DATABASE_URL"] = settings.database_url
        db.dispose()  # the workers open their own; the demo tokens are revoked after
        err.print(f"{processes} worker processes")
        uvicorn.run(
            "glienicke.web.app:app_from_settings",
            factory=True,
            workers=processes,
            host=bind_host,
            port=bind_port,
            log_level="warning",
        )
        return
    app = create_app(
        db,
        max_request_bytes=settings.max_request_bytes,
        secret_key=secret_key,
        session_hours=settings.session_hours,
    )
    uvicorn.run(app, host=bind_host, port=bind_port, log_level="warning")


def _secret_key(settings: Settings, host: str) -> str | None:
    """The configured key that signs sessions; without one, only this machine is served (with
    a key made for this run)."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key else None
    if configured is not None:
        problem = secret_key_problem(configured)
        if problem is not None:
            raise ServeRefused(f"GLIENICKE_SECRET_KEY will not do: {problem}")
        return configured
    if not is_loopback(host):
        raise ServeRefused(
            f"refusing to serve on {host} without a configured secret key: set"
            " GLIENICKE_SECRET_KEY to at least 32 random characters (for example the output of"
            " `python -c 'import secrets; print(secrets.token_urlsafe(48))'`), and put TLS in"
            " front so that session cookies are sent only over it"
        )
    return None


def _print_demo_accounts(made: bool) -> None:
    note = "" if made else ", unless changed since they were made"
    err.print(
        f"Demo accounts (password '{DEMO_PASSWORD}'{note}; sign in on the web page,"
        " or on the command line: --as NAME):"
    )
    for a in DEMO_ACCOUNTS:
        groups = f", groups {', '.join(a.groups)}" if a.groups else ""
        err.print(f"  {a.username:16} {', '.join(a.roles)}; {a.clearance}{groups}")


def _serve_demo(db: Database) -> None:
    """Load the demo for `serve --demo`; records changed since are kept, and said to be."""
    try:
        report, made = set_up_demo(db)
    except WouldOverwrite as kept:
        err.print(
            f"Demo cases not reloaded: {kept} (kept as they are; `glienicke demo --overwrite`"
            " puts the demo's versions back)."
        )
        made = False
    else:
        what = "loaded" if report.changed else "already loaded"
        err.print(f"Demo cases {what} (Gorin 1941, Ivanov 1964).")
    _print_demo_accounts(made)


def _print_demo_tokens(db: Database, host: str, port: int, hours: float) -> list[tuple[str, str]]:
    """Fresh API tokens for the demo accounts, so the API can be tried at once: revoked when
    the server stops, and refused after `hours` even if it is killed. (user, token id)s."""
    names = {a.username for a in DEMO_ACCOUNTS}
    present = [u for u in accounts.accounts_named(db, names)]
    if not present:
        return []
    made: list[tuple[str, str]] = []
    err.print(
        "API tokens for this run (send as 'Authorization: Bearer TOKEN'; revoked when it stops,"
        f" and refused after {hours:g} hours in any case):"
    )
    for username in present:
        with _as_account(db, username):
            token, plain = accounts.create_token(
                db, username, "serve --demo", lasts=timedelta(hours=hours)
            )
        made.append((username, token.id))
        err.print(f"  {username:16} {plain}")
    err.print(
        f"Try: curl -H 'Authorization: Bearer TOKEN' http://{host}:{port}/api/v1/proposals/gorin-1941"
    )
    return made


def _as_account(db: Database, username: str) -> AbstractContextManager[Any]:
    return acting_as(
        f"cli:{username}", "serve --demo", Viewer.of(accounts.user_named(db, username))
    )


def _revoke_demo_tokens(db: Database, tokens: list[tuple[str, str]]) -> None:
    """The tokens this run printed end with it (each revoked by its own account)."""
    for username, token_id in tokens:
        with _as_account(db, username):
            accounts.revoke_token(db, token_id)
    if tokens:
        err.print(f"Revoked the {len(tokens)} API tokens of this run.")


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port something else listens on, before anything is loaded or printed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ServeRefused(f"cannot listen on {host}: {error.strerror}") from None
    family, kind, proto, _name, address = found[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as error:
            raise ServeRefused(
                f"port {port} on {host} is taken ({error.strerror}): stop what uses it, or"
                " choose another with --port or GLIENICKE_PORT"
            ) from None


class ServeRefused(GlienickeError):
    code = "serve-refused"


def is_loopback(host: str) -> bool:
    """Whether an address to listen on can be reached only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _print_report(report: datasets.LoadReport, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(report.as_dict())
        return
    for outcome in ("created", "updated", "unchanged"):
        counts: dict[str, int] = getattr(report, outcome)
        if counts:
            parts = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items())
            out.print(f"{outcome.capitalize()}: {parts}")
    if not report.changed:
        out.print("Nothing changed.")


def _plural(kind: str, count: int) -> str:
    label = BY_NAME[kind].section if count != 1 else kind
    return label.replace("_", " ")


def print_table(rows: list[dict[str, Any]], empty: str) -> None:
    if not rows:
        out.print(empty)
        return
    table = Table(show_header=True, header_style="bold")
    for column in rows[0]:
        table.add_column(column)
    for row in rows:
        table.add_row(*[cell(value) for value in row.values()])
    out.print(table)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def _print_view(view: dict[str, Any]) -> None:
    for section, value in view.items():
        out.print(f"[bold]{section.replace('_', ' ').capitalize()}[/bold]")
        _print_value(value, 1)


def _print_value(value: Any, depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, dict):
        for name, inner in value.items():
            if isinstance(inner, dict | list) and inner:
                out.print(f"{pad}{name}:", highlight=False)
                _print_value(inner, depth + 1)
            else:
                out.print(f"{pad}{name}: {cell(inner)}", highlight=False, markup=False)
    elif isinstance(value, list):
        if not value:
            out.print(f"{pad}(none)")
        for item in value:
            if isinstance(item, dict):
                first, *rest = item.items() if item else [("", "")]
                out.print(f"{pad}- {first[0]}: {cell(first[1])}", highlight=False, markup=False)
                _print_value(dict(rest), depth + 1)
            else:
                out.print(f"{pad}- {cell(item)}", highlight=False, markup=False)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# The document filters, as `search` and `export documents` both take them.
KindsOption = Annotated[
    list[str] | None, typer.Option("--kind", help="only this kind (repeatable)")
]
ClassificationsOption = Annotated[
    list[str] | None, typer.Option("--classification", help="only this classification")
]
YearFromOption = Annotated[int | None, typer.Option("--from", help="from this year")]
YearToOption = Annotated[int | None, typer.Option("--to", help="up to this year")]
PersonOption = Annotated[str | None, typer.Option("--person", help="naming this person (key)")]
CaseOption = Annotated[str | None, typer.Option("--case", help="linked to this case (key)")]
ProposalOption = Annotated[
    str | None, typer.Option("--proposal", help="linked to this proposal (key)")
]
FileOption = Annotated[str | None, typer.Option("--file", help="file designation or its beginning")]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", help="only drafts (draft) or only filed documents (filed)"),
]
