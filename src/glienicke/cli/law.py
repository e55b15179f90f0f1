"""`glienicke windows|deadlines|urgency`: the legal windows, what closes soonest, what presses."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from glienicke.cli.common import FormatOption, OutputFormat, app, database, err, out, print_json
from glienicke.services import law

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="the day to judge on, YYYY-MM-DD (default today)")
]


@app.command()
def windows(
    person: Annotated[str, typer.Argument(help="key of the person held, e.g. gorin")],
    as_of: AsOf = None,
    detention: Annotated[
        str | None, typer.Option(help="which detention (default: the latest under way)")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Every legal way to release a person: open, not yet open or closed, and why."""
    found = law.windows_for(database(), person, law.parse_as_of(as_of), detention)
    view = law.windows_view(found)
    if fmt is OutputFormat.json:
        print_json(view)
        return
    stage = view["stage"] or "no stage recorded"
    out.print(
        f"[bold]{person}[/bold], detention {view['detention']}, as of {view['as_of']}"
        f" ({stage}); law pack {view['pack']}"
    )
    for m in view["mechanisms"]:
        colour = {"open": "green", "not-yet": "yellow", "closed": "red"}[m["status"]]
        out.print(f"\n[{colour}]{m['status']:8}[/{colour}] [bold]{m['key']}[/bold]: {m['name']}")
        out.print(f"  decided by {m['decider']}", highlight=False)
        for step in m["requires"]:
            out.print(f"  needs {step['kind']} of {step['by']} ({step['key']})", highlight=False)
        out.print(f"  {m['explanation']}", highlight=False)
    if view["not_in_force"]:
        out.print(
            f"\nNot in force on {view['as_of']}, so not evaluated: {', '.join(view['not_in_force'])}",
            highlight=False,
        )


@app.command()
def deadlines(
    within: Annotated[
        int | None, typer.Option(min=0, help="only windows closing within this many days")
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Windows closing on a known or expected date; those closing before their clearance can
    finish first."""
    report = law.deadline_report(database(), law.parse_as_of(as_of), within)
    rows = [law.deadline_view(d) for d in report.deadlines]
    left_out = [f"{o.person} ({o.detention}): {o.why}" for o in report.left_out]
    if fmt is OutputFormat.json:
        print_json(rows)
        for line in left_out:  # the rows stay a list; who is left out goes beside them
            err.print(f"Left out: {line}", highlight=False)
        return
    if not rows:
        out.print("No window closes on a known date.")
    for row in rows:
        mark = "[bold red]ALARM[/bold red] " if row["alarm"] else ""
        out.print(f"{mark}{row['message']}", highlight=False)
    for line in left_out:
        out.print(f"Left out: {line}", highlight=False)


@app.command()
def urgency(as_of: AsOf = None, fmt: FormatOption = OutputFormat.text) -> None:
    """Open cases and proposals, the most urgent first, each score with its terms."""
    found = law.urgency(database(), law.parse_as_of(as_of))
    rows = [law.urgency_view(u) for u in found]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("score", "case or proposal", "terms"):
        table.add_column(column)
    for row in rows:
        terms = "\n".join(f"{t['points']:g} {t['name']}: {t['why']}" for t in row["terms"])
        table.add_row(f"{row['score']:g}", f"{row['kind']} {row['key']}", terms or "no term")
    out.print(table)
