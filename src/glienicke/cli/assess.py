"""`glienicke proposal assess KEY`: the balance sheet of a proposal."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.cli.proposals import proposal_app
from glienicke.services import assessment
from glienicke.services.law import parse_as_of


@proposal_app.command()
def assess(
    key: Annotated[str, typer.Argument(help="key of the proposal, e.g. gorin-1941")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=(
                "the day to judge on, YYYY-MM-DD (default: today for a proposal still being"
                " worked, else the day it was put forward)"
            ),
        ),
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """The balance sheet: what it gives and gets, term by term, the balance, the arguments
    on record, comparable proposals and plain flags."""
    day = parse_as_of(as_of) if as_of else None
    view = assessment.assessment_view(assessment.assess_proposal(database(), key, day))
    if fmt is OutputFormat.json:
        print_json(view)
        return
    _print(view)


def _say(text: str, style: str = "") -> None:
    out.print(Text(text, style=style))


def _print(view: dict[str, Any]) -> None:
    _say(f"Assessment of {view['proposal']}: {view['title']} ({view['status']})", "bold")
    _say(f"as of {view['as_of']}: {view['as_of_reason']}")
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column(f"GIVE (what we would do): {view['give']['total']:g}", ratio=1)
    table.add_column(f"GET (what we would obtain): {view['get']['total']:g}", ratio=1)
    table.add_row(_column(view["give"]), _column(view["get"]))
    out.print(table)
    _say(
        f"Balance: {view['balance']:+g} (get {view['get']['total']:g} less give"
        f" {view['give']['total']:g})",
        "bold",
    )
    _say(f"Verdict: {view['verdict']}")
    if view["flags"]:
        _say("\nFlags", "bold")
        for flag in view["flags"]:
            _say(f"  ! {flag}")
    for stance, heading in (("for", "Considerations for"), ("against", "Considerations against")):
        shown = [c for c in view["considerations"] if c["stance"] == stance]
        _say(f"\n{heading} ({len(shown)})", "bold")
        for c in shown:
            who = c["made_by_name"] or "not recorded"
            where = f", {c['document']}" if c["document"] else ""
            _say(f"  [{c['weight']}] {c['category']} ({who}{where}): {c['argument']}")
    _say(f"\nComparable proposals ({len(view['comparables'])})", "bold")
    for c in view["comparables"]:
        opened = f", opened {c['opened_on']}" if c["opened_on"] else ""
        _say(f"  {c['key']} ({c['status']}{opened}; balance {c['balance']:+g}): {c['title']}")
        _say(f"    comparable: {'; '.join(c['reasons'])}")


def _column(column: dict[str, Any]) -> Text:
    text = Text()
    if not column["entries"]:
        text.append("nothing")
    for entry in column["entries"]:
        if text:
            text.append("\n")
        points = (
            "not counted"
            if entry["unquantified"] and not entry["points"]
            else f"{entry['points']:g}"
        )
        text.append(f"{entry['label']}: {points}\n", style="bold")
        for term in entry["terms"]:
            number = "  n/a" if term["points"] is None else f"{term['points']:+5g}"
            text.append(f" {number}  {term['factor']}: {term['why']}\n")
    return text
