"""`glienicke proposal item-add | item-edit | item-remove | condition-add | condition-edit |
condition-remove | argument-add | argument-edit | argument-remove`: add, change or take off what
an open proposal says, as the proposal's page and the API do. An option an edit does not give
keeps what is on record."""

from __future__ import annotations

from typing import Annotated

import typer

from glienicke.cli.common import database, out
from glienicke.cli.proposals import Key, proposal_app
from glienicke.domain.errors import ValidationFailed
from glienicke.services import proposals, records

Part = Annotated[str, typer.Argument(help="the key of the item or condition")]
Version = Annotated[
    int | None, typer.Option("--version", help="refuse if it changed since this version")
]
Text = Annotated[str | None, typer.Option()]


def _kept(given: str | None, stored: str | None) -> str | None:
    """An option given ('' clears it), or what is on record."""
    if given is None:
        return stored
    return given or None


@proposal_app.command("item-edit")
def item_edit(
    key: Key,
    item: Part,
    side: Annotated[str | None, typer.Option(help="give or get")] = None,
    kind: Annotated[str | None, typer.Option(help="release, exit-permission, ...")] = None,
    person: Annotated[str | None, typer.Option(help="whom it concerns ('' for no one)")] = None,
    mechanism: Annotated[str | None, typer.Option(help="e.g. presidium-pardon")] = None,
    description: Text = None,
    version: Version = None,
) -> None:
    """Change an item of a proposal still open."""
    db = database()
    stored = records.get_versioned(db, "proposals", key)[0].item(item)
    if stored is None:
        raise ValidationFailed.single("item", f"proposal {key} has no item '{item}'")
    proposals.edit_item(
        db,
        key,
        item,
        side or stored.side.value,
        kind or stored.kind.value,
        person=_kept(person, stored.person),
        mechanism=_kept(mechanism, stored.mechanism),
        description=_kept(description, stored.description),
        expected_version=version,
    )
    out.print(f"item {item} of {key} is changed")


@proposal_app.command("item-remove")
def item_remove(key: Key, item: Part, version: Version = None) -> None:
    """Take an item off a proposal still open."""
    proposals.remove_item(database(), key, item, expected_version=version)
    out.print(f"item {item} is taken off {key}")


@proposal_app.command("condition-edit")
def condition_edit(
    key: Key,
    condition: Part,
    text: Text = None,
    item: Annotated[str | None, typer.Option(help="the item it attaches to ('' the whole)")] = None,
    version: Version = None,
) -> None:
    """Change a condition of a proposal still open, or what it attaches to."""
    db = database()
    proposal = records.get_versioned(db, "proposals", key)[0]
    stored = next((c for c in proposal.conditions if c.key == condition), None)
    if stored is None:
        raise ValidationFailed.single("condition", f"proposal {key} has no condition '{condition}'")
    proposals.edit_condition(
        db,
        key,
        condition,
        text or stored.text,
        item=_kept(item, stored.item),
        expected_version=version,
    )
    out.print(f"condition {condition} of {key} is changed")


@proposal_app.command("condition-remove")
def condition_remove(key: Key, condition: Part, version: Version = None) -> None:
    """Take a condition off a proposal still open."""
    proposals.remove_condition(database(), key, condition, expected_version=version)
    out.print(f"condition {condition} is taken off {key}")


Argument = Annotated[str, typer.Argument(help="the key of the argument (consideration)")]


@proposal_app.command("argument-edit")
def argument_edit(
    argument: Argument,
    stance: Annotated[str | None, typer.Option(help="for or against")] = None,
    category: Annotated[str | None, typer.Option(help="humanitarian, deterrence, ...")] = None,
    text: Annotated[str | None, typer.Option(help="the argument, in your own words")] = None,
    made_by: Annotated[str | None, typer.Option(help="who made it ('' for not recorded)")] = None,
    document: Annotated[str | None, typer.Option(help="where it is on record")] = None,
    weight: Annotated[int | None, typer.Option(min=1, max=5)] = None,
    version: Version = None,
) -> None:
    """Change an argument on record about a proposal still open."""
    db = database()
    stored = records.get_versioned(db, "considerations", argument)[0]
    proposals.edit_consideration(
        db,
        argument,
        stance or stored.stance.value,
        category or stored.category.value,
        text or stored.argument,
        made_by=_kept(made_by, stored.made_by),
        document=_kept(document, stored.document),
        weight=stored.weight if weight is None else weight,
        expected_version=version,
    )
    out.print(f"argument {argument} is changed")


@proposal_app.command("argument-remove")
def argument_remove(argument: Argument, version: Version = None) -> None:
    """Take an argument about a proposal still open off the record (the audit trail keeps it)."""
    proposal = proposals.remove_consideration(database(), argument, expected_version=version)
    out.print(f"argument {argument} is taken off the record of {proposal}")


@proposal_app.command("item-add")
def item_add(
    key: Key,
    item: Part,
    side: Annotated[str, typer.Option(help="give (what we would do) or get (what we obtain)")],
    kind: Annotated[str, typer.Option(help="release, exit-permission, transfer, ...")],
    person: Annotated[str | None, typer.Option(help="whom it concerns")] = None,
    mechanism: Annotated[str | None, typer.Option(help="e.g. presidium-pardon")] = None,
    description: Text = None,
    version: Version = None,
) -> None:
    """Add what one side would do to a proposal still open."""
    proposals.add_item(
        database(),
        key,
        item,
        side,
        kind,
        person=person,
        mechanism=mechanism,
        description=description,
        expected_version=version,
    )
    out.print(f"item {item} is added to {key}")


@proposal_app.command("condition-add")
def condition_add(
    key: Key,
    condition: Part,
    text: Annotated[str, typer.Option(help="the condition, e.g. 'leaves the country at once'")],
    item: Annotated[str | None, typer.Option(help="the item it attaches to")] = None,
    version: Version = None,
) -> None:
    """Attach a condition to a proposal still open, or to one of its items."""
    proposals.add_condition(database(), key, condition, text, item=item, expected_version=version)
    out.print(f"condition {condition} is added to {key}")


@proposal_app.command("argument-add")
def argument_add(
    key: Key,
    argument: Argument,
    stance: Annotated[str, typer.Option(help="for or against")],
    category: Annotated[str, typer.Option(help="humanitarian, deterrence, reciprocity, ...")],
    text: Annotated[str, typer.Option(help="the argument, in your own words")],
    made_by: Annotated[str | None, typer.Option(help="who made it")] = None,
    document: Annotated[str | None, typer.Option(help="where it is on record")] = None,
    weight: Annotated[int, typer.Option(min=1, max=5)] = 3,
) -> None:
    """Put an argument for or against a proposal still open on record."""
    made = proposals.record_consideration(
        database(),
        argument,
        key,
        stance,
        category,
        text,
        made_by=made_by,
        document=document,
        weight=weight,
    )
    out.print(f"argument {made.key} is on record for {key}")
