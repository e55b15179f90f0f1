"""`glienicke officials load|resolve`: officials and their tenures, to resolve offices by date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.domain.dates import PartialDate
from glienicke.services import officials

officials_app = typer.Typer(help="Officials and their tenures (POCOM data).", no_args_is_help=True)


@officials_app.command("load")
def load(
    path: Annotated[
        Path, typer.Argument(help="the POCOM folder (people/, positions-principals/, ...)")
    ],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Load the Office of the Historian's POCOM data into persons, offices and tenures."""
    report = officials.load_officials(database(), path)
    if fmt is OutputFormat.json:
        print_json(report)
        return
    for kind, counts in report["loaded"].items():
        out.print(f"{kind}: " + ", ".join(f"{n} {o}" for o, n in counts.items()), highlight=False)
    for problem in report["problems"]:
        out.print(f"  skipped: {problem}", highlight=False)


@officials_app.command("resolve")
def resolve(
    phrase: Annotated[str, typer.Argument(help="e.g. 'Ambassador to the Soviet Union'")],
    on: Annotated[str, typer.Option(help="the day, YYYY-MM-DD")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Who held the office a phrase names on a day."""
    view = officials.resolve_office(database(), phrase, PartialDate.parse(on))
    if fmt is OutputFormat.json:
        print_json(view)
        return
    out.print(f"{view['title']} ({view['office']}) on {view['on']}:", highlight=False)
    for h in view["holders"] or [{"name": "nobody on file", "start": None, "end": None}]:
        out.print(f"  {h['name']}  {h['start'] or '?'} to {h['end'] or '?'}", highlight=False)
