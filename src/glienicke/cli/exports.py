"""`glienicke export ...`: the case, person and commitment lists and document searches as CSV
or XLSX, everything the account may see, written a batch of rows at a time."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from glienicke.cli.common import (
    CaseOption,
    ClassificationsOption,
    FileOption,
    KindsOption,
    PersonOption,
    ProposalOption,
    StatusOption,
    YearFromOption,
    YearToOption,
    database,
    err,
)
from glienicke.domain.errors import GlienickeError
from glienicke.services import exports
from glienicke.services import search as searching
from glienicke.services.law import parse_as_of

export_app = typer.Typer(
    help="Write a list as CSV or XLSX: everything you may see, with the list's filters.",
    no_args_is_help=True,
)


class SheetFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class Unwritable(GlienickeError):
    code = "unwritable"


FormatOpt = Annotated[
    SheetFormat, typer.Option("--format", "-f", help="csv (UTF-8) or xlsx (a workbook)")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="the file to write (csv: standard output if omitted)"),
]


@export_app.command("cases")
def export_cases(
    status: Annotated[str | None, typer.Option(help="open or closed")] = None,
    priority: Annotated[str | None, typer.Option(help="low, normal, high or critical")] = None,
    officer: Annotated[str | None, typer.Option(help="the case officer, as recorded")] = None,
    fmt: FormatOpt = SheetFormat.csv,
    output: OutputOpt = None,
) -> None:
    """The cases you may see, by key, with their subjects."""
    _check_target(fmt, output)
    found = exports.cases(database(), fmt.value, status=status, priority=priority, officer=officer)
    _write(found, fmt, output)


@export_app.command("persons")
def export_persons(
    name: Annotated[str, typer.Option(help="only those whose name or key holds this")] = "",
    fmt: FormatOpt = SheetFormat.csv,
    output: OutputOpt = None,
) -> None:
    """The persons you may see, by name."""
    _check_target(fmt, output)
    _write(exports.persons(database(), fmt.value, name=name), fmt, output)


@export_app.command("commitments")
def export_commitments(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only those open and past their due date")
    ] = False,
    state: Annotated[str | None, typer.Option(help="only those this state undertook")] = None,
    proposal: Annotated[str | None, typer.Option(help="only this proposal's")] = None,
    status: Annotated[
        str | None, typer.Option(help="only those with this status on the day")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the day to judge on, YYYY-MM-DD (default today)")
    ] = None,
    fmt: FormatOpt = SheetFormat.csv,
    output: OutputOpt = None,
) -> None:
    """The commitments you may see, by proposal and key, each with its outcome on the day."""
    _check_target(fmt, output)
    found = exports.commitments(
        database(),
        fmt.value,
        as_of=None if as_of is None else parse_as_of(as_of),
        overdue=overdue,
        state=state,
        proposal=proposal,
        status=status,
    )
    _write(found, fmt, output)


@export_app.command("documents")
def export_documents(
    query: Annotated[
        str, typer.Argument(help='words, "a phrase", prefix*, -excluded; none: the registry')
    ] = "",
    kind: KindsOption = None,
    classification: ClassificationsOption = None,
    year_from: YearFromOption = None,
    year_to: YearToOption = None,
    person: PersonOption = None,
    case: CaseOption = None,
    proposal: ProposalOption = None,
    file: FileOption = None,
    status: StatusOption = None,
    fmt: FormatOpt = SheetFormat.csv,
    output: OutputOpt = None,
) -> None:
    """Every document you may see that matches (best first), or the registry (newest first)."""
    _check_target(fmt, output)
    filters = searching.filters_from(
        kind=kind,
        classification=classification,
        year_from=year_from,
        year_to=year_to,
        person=person,
        case=case,
        proposal=proposal,
        file=file,
        status=status,
    )
    _write(exports.documents(database(), fmt.value, query, filters), fmt, output)


def _check_target(fmt: SheetFormat, output: Path | None) -> None:
    """Refuse, before anything is read, an XLSX without a file or a file that cannot be
    written."""
    if output is None:
        if fmt is SheetFormat.xlsx:
            raise Unwritable("an XLSX export needs a file: give --output FILE (-o FILE)")
        return
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        raise Unwritable(f"cannot write {output}: it is a folder")
    if not folder.is_dir():
        raise Unwritable(f"cannot write {output}: there is no folder {folder}")
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise Unwritable(f"cannot write {output}: permission denied")


def _write(found: exports.Export, fmt: SheetFormat, output: Path | None) -> None:
    """Write the export to standard output, or to a temporary file beside `output` that
    takes its place once the last row is written (a failed export leaves no half file)."""
    if output is None:
        for piece in found.chunks(fmt.value):
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise Unwritable(f"cannot write {output}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as target:
            for piece in found.chunks(fmt.value):
                target.write(piece)
        os.replace(partial, output)
    except OSError as error:
        raise Unwritable(f"cannot write {output}: {error.strerror}") from error
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    err.print(f"wrote {found.count} {found.name} to {output}", highlight=False)
