"""Issue 19: bad dataset files are one line of error naming the file and line, never a
traceback, and a YAML alias bomb is refused before it is expanded."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from glienicke.dataset.files import parse_text
from glienicke.domain.errors import ValidationFailed
from tests.conftest import CliResult


def laughs(levels: int, width: int = 10) -> str:
    """A 'billion laughs' YAML file: each level is `width` aliases of the one before.

    Five levels of ten stand for 100,000 strings: large enough to tell expansion from
    refusal, small enough that reading it in full (before the fix) harms nothing.
    """
    lines = ["glienicke_dataset: 1", "a0: &a0 lol"]
    for level in range(1, levels + 1):
        aliases = ", ".join(f"*a{level - 1}" for _ in range(width))
        lines.append(f"a{level}: &a{level} [{aliases}]")
    lines.append(f"persons: *a{levels}")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_at_the_first_alias() -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_text(laughs(5), "bomb.yaml", "yaml")
    [problem] = raised.value.problems
    assert problem.where == "bomb.yaml:3"
    assert "alias" in problem.message and "*a0" in problem.message


def test_a_single_alias_is_refused_too() -> None:
    text = "persons:\n  - &p {key: a, name: A}\n  - *p\n"
    with pytest.raises(ValidationFailed) as raised:
        parse_text(text, "p.yaml", "yaml")
    assert str(raised.value).startswith("p.yaml:3: YAML aliases ('*p') are not allowed")


def test_an_anchor_without_alias_is_harmless() -> None:
    source = parse_text("persons:\n  - &p {key: a, name: A}\n", "p.yaml", "yaml")
    assert source.data == {"persons": [{"key": "a", "name": "A"}]}


def test_load_refuses_an_alias_bomb_in_one_line(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs(5))
    result = cli("load", str(bomb))
    assert result.code == 1
    assert result.err.strip().splitlines() == [
        f"error: {bomb}:3: YAML aliases ('*a0') are not allowed in a dataset;"
        " write the value out in full"
    ]


BAD_FILES: list[tuple[str, bytes | None, str]] = [
    ("malformed.yaml", b"persons: [\n", r":2:1: malformed YAML"),
    ("top-list.yaml", b"- a\n- b\n", r":1: a dataset is a mapping of sections"),
    ("top-scalar.yaml", b"42\n", r":1: a dataset is a mapping of sections"),
    ("top-list.json", b"[1, 2]", r":1: a dataset is a mapping of sections"),
    ("section-map.yaml", b"persons:\n  key: x\n", r":1: persons: expected a list of records"),
    ("record-scalar.yaml", b"persons:\n  - 3\n", r":2: person persons\[0\]: expected a mapping"),
    ("not-utf8.yaml", b"persons:\n  - {key: a, name: \xff\xfe}\n", r":2: is not UTF-8 text"),
    ("nul.yaml", b"persons:\n  - \x00\n", r":2: malformed YAML: character #x0000"),
    ("empty.yaml", b"", r":1: the file is empty"),
    ("comments.yaml", b"# nothing here\n", r":1: the file is empty"),
    ("python-tag.yaml", b"a: !!python/object:os.system x\n", r":1: the tag .* is not allowed"),
    ("bad-int.yaml", b"persons:\n  - {key: a, name: A, birth_year: !!int x}\n", r":2: cannot read"),
    ("list-key.yaml", b"? [a]\n: 1\n", r":1: field names must be text"),
    ("alias.yaml", b"a: &x [1]\nb: *x\n", r":2: YAML aliases"),
    ("two-documents.yaml", b"a: 1\n---\nb: 2\n", r":2:1: malformed YAML"),
    ("deep.yaml", b"[" * 5000 + b"\n", r":1:\d+: malformed YAML"),
    ("folder.yaml", None, r": is a folder, not a dataset file"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_dataset_file_is_one_line_of_error(
    cli: Callable[..., CliResult],
    tmp_path: Path,
    name: str,
    content: bytes | None,
    expected: str,
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    result = cli("load", str(path))
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    assert re.match(rf"error: {re.escape(str(path))}{expected}", lines[0]), lines[0]
