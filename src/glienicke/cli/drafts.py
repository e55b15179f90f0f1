"""`glienicke proposal draft` and `glienicke draft clear|file|revise`: letters, telegrams and
memoranda drafted from a proposal, cleared and filed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.cli.proposals import proposal_app
from glienicke.records.drafts import DraftKind
from glienicke.services import drafts

draft_app = typer.Typer(
    help="Drafts: clear them, revise them, file them once everyone named has cleared.",
    no_args_is_help=True,
)


@proposal_app.command("draft")
def draft(
    proposal: Annotated[str, typer.Argument(help="the proposal's key, e.g. ivanov-1964")],
    kind: Annotated[
        DraftKind,
        typer.Option(help="concurrence-letter, embassy-telegram or principal-memo"),
    ],
    step: Annotated[
        str | None,
        typer.Option(help="the clearance step a concurrence letter asks (default: the open one)"),
    ] = None,
    by: Annotated[str | None, typer.Option(help="the drafter (a person's key)")] = None,
    clear_with: Annotated[
        list[str] | None,
        typer.Option("--clear-with", help="a person whose clearance it needs (repeatable)"),
    ] = None,
    on: Annotated[
        str | None, typer.Option(help="the draft's date (also decides who holds each office)")
    ] = None,
    from_office: Annotated[
        str | None, typer.Option("--from", help="the sending office, instead of the kind's own")
    ] = None,
    to_office: Annotated[
        str | None, typer.Option("--to", help="the office addressed, instead of the kind's own")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Draft a letter, telegram or memorandum from a proposal and file it as a draft."""
    document = drafts.draft_document(
        database(),
        proposal,
        kind,
        step=step,
        by=by,
        clear_with=list(clear_with or []),
        on=on,
        from_office=from_office,
        to_office=to_office,
    )
    _report(drafts.draft_view(document), fmt, body=True)


@draft_app.command("clear")
def clear(
    document: Annotated[str, typer.Argument(help="the draft's key")],
    by: Annotated[str, typer.Option(help="who cleared it (a person named when it was drafted)")],
    on: Annotated[str | None, typer.Option(help="when they cleared it")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Record that a person named when the draft was made has cleared it."""
    _report(drafts.draft_view(drafts.clear_draft(database(), document, by, on=on)), fmt)


@draft_app.command("file")
def file(
    document: Annotated[str, typer.Argument(help="the draft's key")],
    on: Annotated[str | None, typer.Option(help="the date it bears once filed")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """File a draft once everyone named has cleared it; it cannot be changed afterwards."""
    _report(drafts.draft_view(drafts.file_draft(database(), document, on=on)), fmt)


@draft_app.command("revise")
def revise(
    document: Annotated[str, typer.Argument(help="the draft's key")],
    body_file: Annotated[
        Path | None, typer.Option("--body-file", help="the new text, from this file")
    ] = None,
    title: Annotated[str | None, typer.Option(help="a new title")] = None,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Give a draft a new body (from a file) or title; a filed document is refused."""
    body = None if body_file is None else _read(body_file)
    _report(
        drafts.draft_view(drafts.revise_draft(database(), document, body=body, title=title)), fmt
    )


def _read(path: Path) -> str:
    from glienicke.domain.errors import ValidationFailed

    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationFailed.single(str(path), f"cannot read the body: {error}") from None


def _report(view: dict[str, Any], fmt: OutputFormat, *, body: bool = False) -> None:
    if fmt is OutputFormat.json:
        print_json(view)
        return
    waiting = ", ".join(view["to_clear"]) or "nobody"
    cleared = ", ".join(view["cleared_with"]) or "nobody yet"
    out.print(
        f"{view['key']}: {view['status']} {view['kind']}, {view['classification']}",
        highlight=False,
        markup=False,
    )
    out.print(f"  {view['title']}", highlight=False, markup=False)
    out.print(f"  cleared with: {cleared}; still to clear: {waiting}", highlight=False)
    if body and view["body"]:
        marking = view.get("marking")
        lines = [marking, view["body"].rstrip("\n"), marking] if marking else [view["body"]]
        for line in lines:
            out.print("", highlight=False)
            out.print(line.rstrip("\n"), highlight=False, markup=False)
