"""`glienicke duplicates list|link|file`: documents an import held back as probably already on
file under another key, and the records officer's word on each."""

from __future__ import annotations

from typing import Annotated

import typer

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.services import duplicates

duplicates_app = typer.Typer(
    help="Imported documents held back as probably on file already: link or file each.",
    no_args_is_help=True,
)


@duplicates_app.command("list")
def list_(fmt: FormatOption = OutputFormat.text) -> None:
    """The documents waiting for a decision, with the one on file each is probably."""
    waiting = duplicates.waiting(database())
    if fmt is OutputFormat.json:
        print_json([offer.plain() for offer in waiting])
        return
    if not waiting:
        out.print("no imported document waits for a decision", highlight=False)
    for offer in waiting:
        out.print(offer_line(offer), highlight=False)


@duplicates_app.command("link")
def link(
    key: Annotated[str, typer.Argument(help="the held-back document's key, as listed")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Keep the one on file: it stands for the imported document, which is not filed."""
    _done(duplicates.decide(database(), key, "link"), fmt)


@duplicates_app.command("file")
def file_(
    key: Annotated[str, typer.Argument(help="the held-back document's key, as listed")],
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """File the imported document under its own key after all (it is another document)."""
    _done(duplicates.decide(database(), key, "file"), fmt)


def offer_line(offer: duplicates.Offer) -> str:
    return (
        f"{offer.key} ({offer.where_shown}) is probably {offer.duplicate_of}, on file:"
        f" {offer.reason}; not filed"
    )


def _done(offer: duplicates.Offer, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(offer.plain())
    elif offer.status == duplicates.LINKED:
        out.print(f"{offer.key} linked to {offer.duplicate_of}; not filed", highlight=False)
    else:
        out.print(f"{offer.key} filed as a document of its own", highlight=False)
