"""The command line: thin commands over the services, one clear line for every user error."""

from __future__ import annotations

import getpass
import sys

import typer
from pydantic import ValidationError

# Typer carries its own copy of Click; its usage errors are only importable from there.
from typer._click import exceptions as click

from glienicke.cli import assess as _assess  # noqa: F401  (registers its commands)
from glienicke.cli import law as _law  # noqa: F401  (registers its commands)
from glienicke.cli import proposal_parts as _proposal_parts  # noqa: F401  (registers its commands)
from glienicke.cli import records as _records  # noqa: F401  (registers its commands)
from glienicke.cli.accounts import token_app, user_app
from glienicke.cli.audit import audit_app
from glienicke.cli.commitments import commitment_app
from glienicke.cli.common import app
from glienicke.cli.drafts import draft_app
from glienicke.cli.duplicates import duplicates_app
from glienicke.cli.duties import criteria_app, duty_app
from glienicke.cli.exchange import exchange_app
from glienicke.cli.exports import export_app
from glienicke.cli.mentions import mentions_app
from glienicke.cli.officials import officials_app
from glienicke.cli.proposals import proposal_app
from glienicke.cli.reports import report_app
from glienicke.domain.errors import GlienickeError, ValidationFailed
from glienicke.security.actor import acting_as

app.add_typer(audit_app, name="audit")
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(officials_app, name="officials")
app.add_typer(mentions_app, name="mentions")
app.add_typer(proposal_app, name="proposal")
app.add_typer(commitment_app, name="commitment")
app.add_typer(draft_app, name="draft")
app.add_typer(duplicates_app, name="duplicates")
app.add_typer(exchange_app, name="exchange")
app.add_typer(duty_app, name="duty")
app.add_typer(criteria_app, name="criteria")
app.add_typer(export_app, name="export")
app.add_typer(report_app, name="report")

__all__ = ["app", "main"]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown"


def usage_line(error: click.UsageError) -> str:
    """A mistyped command line in one line: where, what, and how to get on."""
    where = error.ctx.command_path if error.ctx is not None else "glienicke"
    message = " ".join(error.format_message().replace("Value error, ", "").split())
    if isinstance(error, click.NoSuchOption) and error.option_name == "--as":
        rest = where.removeprefix("glienicke").strip()
        return (
            f"error: {where}: --as goes before the command: glienicke --as NAME {rest} ..."
            " (or set GLIENICKE_USER)"
        )
    return f"error: {where}: {message} (see '{where} --help')"


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line per problem on stderr and exit status 1; a
    mistyped command line (an unknown command or option, a bad choice) one line and status 2."""
    try:
        with acting_as(f"cli:{_os_user()}", "command line"):
            # --as (or GLIENICKE_USER) names the account; see cli.common.database
            status = app(args=argv, prog_name="glienicke", standalone_mode=False)
    except click.NoArgsIsHelpError as error:
        error.show()  # a bare command group: its help, as Typer would show it
        sys.exit(2)
    except click.UsageError as error:
        print(usage_line(error), file=sys.stderr)
        sys.exit(2)
    except typer.Abort:  # Ctrl-C or end of input at a prompt
        print("error: aborted", file=sys.stderr)
        sys.exit(1)
    except click.ClickException as error:
        print(f"error: {' '.join(error.format_message().split())}", file=sys.stderr)
        sys.exit(error.exit_code or 1)
    except ValidationFailed as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(1)
    except GlienickeError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except ValidationError as error:  # a GLIENICKE_* setting that cannot be read
        for bad in error.errors(include_url=False):
            name = "GLIENICKE_" + "_".join(str(p) for p in bad["loc"]).upper()
            message = str(bad["msg"]).removeprefix("Value error, ")
            print(f"error: setting {name}: {message}", file=sys.stderr)
        sys.exit(1)
    if isinstance(status, int) and status != 0:
        sys.exit(status)
