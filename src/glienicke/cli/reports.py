"""`glienicke report dossier|congress|yearly`: a case's dossier, its report to Congress, and
the yearly statistics, as PDF or plain text, with only what the user may see (each audited)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from glienicke.cli.common import database, err
from glienicke.domain.errors import InvalidValue
from glienicke.reports.model import Report
from glienicke.services import law, reports

report_app = typer.Typer(
    help="Reports from the record: dossier, report to Congress, yearly statistics.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    pdf = "pdf"
    text = "text"


FormatOpt = Annotated[
    ReportFormat | None,
    typer.Option("--format", "-f", help="pdf or text (default: pdf for a .pdf file, else text)"),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="write to this file (default: text to standard output)"),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="the day the report is made as of, YYYY-MM-DD")
]
CaseArg = Annotated[str, typer.Argument(help="key of the case, e.g. gorin")]


def _write(report: Report, fmt: ReportFormat | None, output: Path | None) -> None:
    chosen = fmt or (ReportFormat.pdf if output and output.suffix.lower() == ".pdf" else None)
    chosen = chosen or ReportFormat.text
    if chosen is ReportFormat.pdf and output is None:
        raise InvalidValue("--output: a PDF needs a file to go to (-o FILE.pdf)")
    body = reports.export(database(), report, chosen.value)
    if output is None:
        sys.stdout.write(body.decode("utf-8"))
        return
    output.write_bytes(body)
    err.print(f"Wrote {output} ({report.classification.value.replace('-', ' ')})", highlight=False)


@report_app.command("dossier")
def dossier(
    case: CaseArg, as_of: AsOfOpt = None, fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """A case's dossier on a day: persons, detentions, windows with their basis, alarms,
    urgency, proposals with balance sheets and clearance, commitments, timeline, documents."""
    day = law.parse_as_of(as_of)
    _write(reports.case_dossier(database(), case, day), fmt, output)


@report_app.command("congress")
def congress(
    case: CaseArg, as_of: AsOfOpt = None, fmt: FormatOpt = None, output: OutputOpt = None
) -> None:
    """A case's facts and proceedings for Congress (22 U.S.C. 1732): detention history,
    demands made and answers, steps taken, proposals and their clearance, commitments."""
    day = law.parse_as_of(as_of)
    _write(reports.congress_report(database(), case, day), fmt, output)


@report_app.command("yearly")
def yearly(
    year: Annotated[int, typer.Argument(help="the year, e.g. 1941")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """The year's statistics: cases by status, holding state and category, releases by
    means, time held (tables; charts in the PDF)."""
    _write(reports.yearly_statistics(database(), year), fmt, output)
