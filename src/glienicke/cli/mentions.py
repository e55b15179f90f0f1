"""`glienicke mentions list|confirm|reject`: the review queue of names that fit several persons
on file (or none), and the reviewer's word on each."""

from __future__ import annotations

from typing import Annotated

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.services import mentions

mentions_app = typer.Typer(
    help="The review queue: names in documents that fit several persons.", no_args_is_help=True
)


@mentions_app.command("list")
def list_(
    document: Annotated[str | None, typer.Option(help="only this document's mentions")] = None,
    unmatched: Annotated[
        bool, typer.Option("--unmatched", help="also the names that fit nobody on file")
    ] = False,
    limit: Annotated[int, typer.Option(help="at most this many (1 to 1000)")] = 200,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Mentions waiting for review, in the documents you may see."""
    queue = mentions.review_queue(database(), document=document, unmatched=unmatched, limit=limit)
    if fmt is OutputFormat.json:
        print_json(queue)
        return
    if not queue:
        out.print("nothing waits for review")
    for entry in queue:
        candidates = ", ".join(entry["candidates"]) or "nobody on file"
        out.print(
            f"{entry['document']} {entry['position']}: '{entry['text']}' ({entry['role']},"
            f" {entry['status']}): {candidates}",
            highlight=False,
            markup=False,
        )
        if entry["context"]:
            out.print(f"    {entry['context']}", highlight=False, markup=False)


@mentions_app.command("confirm")
def confirm(
    document: Annotated[str, typer.Argument(help="the document's key")],
    position: Annotated[int, typer.Argument(help="the mention's number, as listed")],
    person: Annotated[str, typer.Argument(help="the person meant (one of the candidates)")],
    any_person: Annotated[
        bool,
        typer.Option(
            "--any-person", help="the person meant is not a candidate, but is on file all the same"
        ),
    ] = False,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Say whom a mention means; the document is linked to that person."""
    done = mentions.confirm_mention(database(), document, position, person, any_person=any_person)
    _report(done, fmt)


@mentions_app.command("reject")
def reject(
    document: Annotated[str, typer.Argument(help="the document's key")],
    position: Annotated[int, typer.Argument(help="the mention's number, as listed")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Say that a mention means nobody on file."""
    done = mentions.reject_mention(database(), document, position)
    _report(done, fmt)


def _report(done: dict[str, object], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(done)
        return
    who = f" as {done['person']}" if done["person"] else ""
    out.print(
        f"{done['document']} {done['position']}: '{done['text']}' {done['status']}{who}",
        highlight=False,
    )
