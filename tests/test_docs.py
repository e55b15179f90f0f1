"""Conventions as tests: every command and setting is documented in the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from glienicke.cli import app
from glienicke.settings import Settings

README_PATH = Path(__file__).resolve().parent.parent / "README.md"
README = README_PATH.read_text(encoding="utf-8")


def _commands() -> list[tuple[str, Any]]:
    """Every command as typed, sub-commands included: ('audit verify', command)."""
    found = []
    for name, command in typer.main.get_group(app).commands.items():
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [(f"{name} {sub}", inner) for sub, inner in subcommands.items()]
        else:
            found.append((name, command))
    return found


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name, _ in _commands() if f"`glienicke {name}" not in README]
    assert missing == []


def test_every_command_has_help() -> None:
    assert [name for name, command in _commands() if not command.help] == []


def test_every_setting_is_in_the_readme() -> None:
    missing = [name for name in Settings.model_fields if f"GLIENICKE_{name.upper()}" not in README]
    assert missing == []


def test_the_readme_keeps_exactly_two_setup_commands() -> None:
    setup = README.split("## Set up", 1)[1].split("##", 1)[0]
    block = setup.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == [
        "uv run glienicke serve --demo",
        "uv run pytest",
    ]


def test_the_dataset_field_reference_matches_the_schema() -> None:
    from glienicke.dataset.reference import HEADING, field_reference

    doc = (README_PATH.parent / "docs" / "dataset-format.md").read_text(encoding="utf-8")
    assert doc.split(HEADING, 1)[0] + field_reference() == doc, (
        "docs/dataset-format.md is out of date: regenerate its field reference with"
        " glienicke.dataset.reference.field_reference()"
    )
