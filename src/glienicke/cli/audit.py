"""`glienicke audit`: verify and list the audit trail."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from glienicke.cli.common import FormatOption, OutputFormat, database, out, print_json
from glienicke.domain.errors import GlienickeError
from glienicke.services import audit

audit_app = typer.Typer(
    help="The audit trail: every change, who made it, when and from where.",
    no_args_is_help=True,
)


@audit_app.command("verify")
def audit_verify(
    head: Annotated[
        str | None,
        typer.Option(help="a head hash recorded earlier: the chain must end at or pass through it"),
    ] = None,
) -> None:
    """Check the hash chain; name the first altered, removed or reordered entry (exit 1).
    With --head, also a tail removed or rewritten since that head was recorded."""
    result = audit.verify_trail(database(), head=head)
    if result.finding is not None:
        raise AuditBroken(f"{result.finding}; the entries before it are intact")
    sealed = " (the head the audit key sealed)" if result.sealed else ""
    out.print(
        f"Audit trail intact: {result.entries} entries (those you may see; every entry was"
        f" checked). Head hash: {result.head}{sealed}"
    )


@audit_app.command("seal")
def audit_seal() -> None:
    """Seal the head of a trail written before GLIENICKE_AUDIT_KEY was set (it must verify)."""
    result = audit.seal_trail(database())
    out.print(f"Audit trail sealed at head {result.head}; every change from now on reseals it.")


@audit_app.command("list")
def audit_list(
    kind: Annotated[str | None, typer.Option(help="only this kind of record, e.g. case")] = None,
    key: Annotated[str | None, typer.Option(help="only the record with this key")] = None,
    actor: Annotated[
        str | None, typer.Option(help="only what this actor did, e.g. cli:alice or web:bob")
    ] = None,
    action: Annotated[
        str | None, typer.Option(help="only this action, e.g. read, updated, signed-in")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="how many, newest first")] = 50,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """List the newest audit entries."""
    entries = audit.list_entries(
        database(), kind=kind, key=key, actor=actor, action=action, limit=limit
    )
    rows = [audit.entry_view(e) for e in entries]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    table = Table(show_header=True, header_style="bold")
    columns = ("entry", "at", "actor", "action", "kind", "key")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*[str(row[c]) for c in columns])
    out.print(table)


class AuditBroken(GlienickeError):
    code = "audit-broken"
