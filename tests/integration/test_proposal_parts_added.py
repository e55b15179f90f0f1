"""Adding an item, a condition or an argument from the command line, and a finished proposal
refusing all three with nothing changed (the pages hide those forms; the service refuses)."""

from __future__ import annotations

from collections.abc import Callable

from glienicke.services import records
from glienicke.services.database import Database
from tests.conftest import CliResult, on_file

Cli = Callable[..., CliResult]


def _proposals(db: Database) -> None:
    on_file(db, "states", {"key": "us", "name": "Us"}, {"key": "them", "name": "Them"})
    on_file(db, "persons", {"key": "held", "name": "Held Person"})
    on_file(
        db,
        "proposals",
        {"key": "open-one", "title": "Open", "counterparts": ["them"]},
        {"key": "ended", "title": "Ended", "counterparts": ["them"], "status": "rejected"},
    )


def test_adding_parts_from_the_command_line(cli: Cli, db: Database) -> None:
    _proposals(db)
    item = cli(
        "proposal",
        "item-add",
        "open-one",
        "get-held",
        "--side",
        "get",
        "--kind",
        "release",
        "--person",
        "held",
    )
    assert item.code == 0, item.err
    condition = cli(
        "proposal",
        "condition-add",
        "open-one",
        "at-once",
        "--text",
        "leaves at once",
        "--item",
        "get-held",
    )
    assert condition.code == 0, condition.err
    argument = cli(
        "proposal",
        "argument-add",
        "open-one",
        "why",
        "--stance",
        "for",
        "--category",
        "humanitarian",
        "--text",
        "a family waits",
    )
    assert argument.code == 0, argument.err
    stored, _ = records.get_versioned(db, "proposals", "open-one")
    assert [i.key for i in stored.items] == ["get-held"]
    assert [c.item for c in stored.conditions] == ["get-held"]
    assert "argument why" in argument.out or "argument why-" in argument.out


def test_a_finished_proposal_refuses_every_addition(cli: Cli, db: Database) -> None:
    _proposals(db)
    before, version = records.get_versioned(db, "proposals", "ended")
    for args in (
        ["item-add", "ended", "x", "--side", "get", "--kind", "release"],
        ["condition-add", "ended", "c", "--text", "t"],
        [
            "argument-add",
            "ended",
            "a",
            "--stance",
            "for",
            "--category",
            "humanitarian",
            "--text",
            "t",
        ],
    ):
        refused = cli("proposal", *args)
        assert refused.code != 0, args
        assert "rejected" in refused.err and "not changed any more" in refused.err, refused.err
    after, version_after = records.get_versioned(db, "proposals", "ended")
    assert (after, version_after) == (before, version)
    assert not [c for c in records.list_stored(db, "considerations") if c.proposal == "ended"]
