"""`glienicke commitments`, `glienicke reliability` and `glienicke commitment fulfil|press|break|
waive|relink`: what each party undertook, whether it kept its word, and pressing it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from glienicke.cli.common import FormatOption, OutputFormat, app, database, out, print_json
from glienicke.services import commitments
from glienicke.services.law import parse_as_of

commitment_app = typer.Typer(
    help="Act on one commitment: fulfil, press, break, waive, or re-link it.",
    no_args_is_help=True,
)


class Grouping(StrEnum):
    year = "year"
    proposal = "proposal"


class Status(StrEnum):
    pending = "pending"
    fulfilled = "fulfilled"
    partly_fulfilled = "partly-fulfilled"
    broken = "broken"
    waived = "waived"


class Action(StrEnum):
    press = "press"
    reminder = "reminder"
    inquiry = "inquiry"
    note = "note"


AsOf = Annotated[
    str | None, typer.Option("--as-of", help="the day to judge on, YYYY-MM-DD (default today)")
]
Key = Annotated[str, typer.Argument(help="the commitment's key, e.g. gorin-1941-release-pyk")]
On = Annotated[str, typer.Option("--on", help="when it happened, e.g. 1941-04 or 'about 1941-04'")]
By = Annotated[str | None, typer.Option("--by", help="the person who acted (key)")]
Document = Annotated[str | None, typer.Option("--document", help="the document that records it")]
Version = Annotated[
    int | None,
    typer.Option("--expected-version", help="refuse if the commitment changed since this version"),
]


@app.command("commitments")
def list_commitments(
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only those open and past their due date")
    ] = False,
    state: Annotated[
        str | None, typer.Option("--state", help="only those this state undertook (key)")
    ] = None,
    proposal: Annotated[str | None, typer.Option("--proposal", help="only this proposal's")] = None,
    status: Annotated[
        Status | None, typer.Option("--status", help="only those with this status on the day")
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Commitments you may see, each with its outcome: kept, late, partly, broken and re-linked,
    waived, pending, overdue."""
    rows = commitments.list_commitments(
        database(),
        as_of=parse_as_of(as_of),
        overdue=overdue,
        state=state,
        proposal=proposal,
        status=None if status is None else status.value,
    )
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    if not rows:
        out.print("No commitment overdue." if overdue else "No commitment on record.")
        return
    for row in rows:
        _line(row)


def _line(row: dict[str, Any]) -> None:
    who = f" ({row['person']})" if row["person"] else ""
    out.print(
        f"{row['key']}: {row['party']}{who}, {row['outcome']['outcome']}",
        highlight=False,
        markup=False,
    )
    text = row["overdue"]["explanation"] if row.get("overdue") else row["outcome"]["explanation"]
    out.print(f"    {text}", highlight=False, markup=False)


@app.command("reliability")
def reliability(
    state: Annotated[
        str | None, typer.Argument(help="the state's key, e.g. ussr (default: every party)")
    ] = None,
    by: Annotated[Grouping, typer.Option("--by", help="count by year or by proposal")] = (
        Grouping.year
    ),
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="as it stood on this day, YYYY-MM-DD (default: as recorded)"),
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """How far a state kept its commitments: kept, late, partly, broken, over time."""
    day = None if as_of is None else parse_as_of(as_of)
    db = database()
    found = (
        commitments.reliability_of_all(db, by=by.value, as_of=day)
        if state is None
        else [commitments.reliability(db, state, by=by.value, as_of=day)]
    )
    if fmt is OutputFormat.json:
        print_json(found if state is None else found[0])
        return
    if not found:
        out.print("No commitment on record.")
    for figures in found:
        _figures(figures)


COLUMNS = ("kept", "late", "partly", "broken", "made_good", "pending", "overdue", "waived")


def _figures(figures: dict[str, Any]) -> None:
    out.print(f"[bold]{figures['party']}[/bold]: {figures['summary']}", highlight=False)
    out.print(f"  by {figures['by']}:", highlight=False)
    for period in figures["timeline"]:
        counts = ", ".join(
            f"{column.replace('_', ' ')} {period[column]}"
            for column in COLUMNS
            if period[column] is not None
        )
        out.print(f"    {period['period']}: {counts}", highlight=False, markup=False)
    out.print("  each commitment:", highlight=False)
    for found in figures["outcomes"]:
        out.print(
            f"    {found['commitment']}: {found['explanation']}", highlight=False, markup=False
        )


def _report(view: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(view)
        return
    out.print(
        f"commitment {view['key']} is {view['status']}: {view['outcome']['explanation']}",
        highlight=False,
        markup=False,
    )
    successor = view.get("successor")
    if successor:
        out.print(
            f"taken over by {successor['key']} under {successor['proposal']}, which is"
            f" {successor['status']}",
            highlight=False,
            markup=False,
        )


@commitment_app.command("fulfil")
def fulfil(
    key: Key,
    on: On,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="the document that shows it (key)")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="how we know it was done")] = None,
    partly: Annotated[bool, typer.Option("--partly", help="only part of it was done")] = False,
    expected_version: Version = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record that a commitment was fulfilled (or partly), with its evidence."""
    view = commitments.fulfil(
        database(),
        key,
        on,
        evidence=evidence,
        note=note,
        partly=partly,
        expected_version=expected_version,
    )
    _report(view, fmt)


@commitment_app.command("press")
def press(
    key: Key,
    on: On,
    by: By = None,
    note: Annotated[str | None, typer.Option("--note", help="what was said or done")] = None,
    document: Document = None,
    action: Annotated[
        Action, typer.Option("--action", help="press, reminder, inquiry or note")
    ] = Action.press,
    expected_version: Version = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record that we pressed the party on an open commitment (a follow-up)."""
    view = commitments.press(
        database(),
        key,
        on,
        by=by,
        note=note,
        document=document,
        action=action.value,
        expected_version=expected_version,
    )
    _report(view, fmt)


@commitment_app.command("break")
def break_(
    key: Key,
    on: On,
    note: Annotated[str, typer.Option("--note", help="why it is broken")],
    by: By = None,
    document: Document = None,
    expected_version: Version = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record that the party will not do what it undertook."""
    view = commitments.break_(
        database(),
        key,
        on,
        note=note,
        by=by,
        document=document,
        expected_version=expected_version,
    )
    _report(view, fmt)


@commitment_app.command("waive")
def waive(
    key: Key,
    on: On,
    note: Annotated[str, typer.Option("--note", help="why we no longer hold them to it")],
    by: By = None,
    document: Document = None,
    expected_version: Version = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record that we no longer hold the party to a commitment."""
    view = commitments.waive(
        database(),
        key,
        on,
        note=note,
        by=by,
        document=document,
        expected_version=expected_version,
    )
    _report(view, fmt)


@commitment_app.command("relink")
def relink(
    key: Key,
    on: On,
    to: Annotated[
        str | None,
        typer.Option("--to", help="the commitment of another proposal that takes it over"),
    ] = None,
    proposal: Annotated[
        str | None,
        typer.Option("--proposal", help="the proposal under which a new commitment takes it over"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="how it was taken over")] = None,
    item: Annotated[
        str | None, typer.Option("--item", help="with --proposal: the item it rests on")
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help="with --proposal: when the new one is due")
    ] = None,
    expected_version: Version = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Tie a broken commitment to the later arrangement that takes it over."""
    view = commitments.relink(
        database(),
        key,
        on,
        to=to,
        proposal=proposal,
        note=note,
        item=item,
        due=due,
        expected_version=expected_version,
    )
    _report(view, fmt)
