"""Reading and writing dataset files (YAML or JSON), keeping the line of every value."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from glienicke.domain.errors import ValidationFailed

MAX_FILE_BYTES = 64 * 1024 * 1024


# libyaml's parser when PyYAML was built with it (as its wheels are): ten times faster.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _PlainLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so '1941-03' and '1941-03-20' read alike."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceText:
    """A parsed dataset file: its plain data and the line of each path ('persons[2].name')."""

    name: str
    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, where: str) -> int | None:
        """The line of a path, or of the nearest enclosing path that has one."""
        path = where
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("")  # the document itself


def read_file(path: Path) -> SourceText:
    """Read and parse a dataset file; a malformed one raises with its place."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationFailed.single(
                name, f"file is {size} bytes; the limit is {MAX_FILE_BYTES}"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValidationFailed.single(name, "no such file") from None
    except IsADirectoryError:
        raise ValidationFailed.single(name, "is a folder, not a dataset file") from None
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ValidationFailed.single(
            f"{name}:{line}", f"is not UTF-8 text (byte {error.start})"
        ) from None
    except OSError as error:
        raise ValidationFailed.single(name, f"cannot be read: {error.strerror}") from None
    return parse_text(text, name, "json" if path.suffix.lower() == ".json" else "yaml")


def parse_text(text: str, name: str, fmt: str) -> SourceText:
    """Parse YAML or JSON text; errors name the file, line and column."""
    if fmt == "json":
        return _parse_json(text, name)
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
        lines: dict[str, int] = {}
        walker = _Walker(name, text)
        data = None if node is None else walker.walk(node, "", lines)
    except yaml.MarkedYAMLError as error:
        raise _yaml_problem(error, name, text) from None
    except yaml.YAMLError as error:
        raise _yaml_problem(error, name, text) from None
    except RecursionError:
        raise ValidationFailed.single(name, "malformed YAML: nested too deeply") from None
    return SourceText(name, data, lines)


def _yaml_problem(error: yaml.YAMLError, name: str, text: str) -> ValidationFailed:
    """One line naming the file and line: the parser's own message, without its context."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = error.problem or error.context or "cannot be read"
        return ValidationFailed.single(where, f"malformed YAML: {problem}")
    if isinstance(error, yaml.reader.ReaderError):
        line = text[: max(error.position, 0)].count("\n") + 1
        return ValidationFailed.single(
            f"{name}:{line}",
            f"malformed YAML: character #x{error.character:04x} is not allowed"
            if isinstance(error.character, int)
            else f"malformed YAML: {error.reason}",
        )
    return ValidationFailed.single(name, f"malformed YAML: {' '.join(str(error).split())}")


class _DuplicateField(Exception):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateField(f"field '{key}' is given twice")
        out[key] = value
    return out


def _parse_json(text: str, name: str) -> SourceText:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
        duplicate = None
    except RecursionError:
        raise ValidationFailed.single(name, "malformed JSON: nested too deeply") from None
    except json.JSONDecodeError as error:
        raise ValidationFailed.single(
            f"{name}:{error.lineno}:{error.colno}", f"malformed JSON: {error.msg}"
        ) from None
    except _DuplicateField as error:
        data, duplicate = None, str(error)
    source = SourceText(name, data)
    # JSON is (nearly) YAML: the YAML composer gives line numbers, and places a duplicate.
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
        if node is not None:
            _Walker(name, text).walk(node, "", source.lines)
    except (yaml.YAMLError, RecursionError):
        pass
    if duplicate is not None:  # the composer could not place it: say so without a line
        raise ValidationFailed.single(name, duplicate)
    return source


class _Walker:
    """From composed YAML nodes to plain data, noting the line of every path.

    An alias (`*name`) is refused: it would let a few hundred bytes stand for gigabytes of
    data (a 'billion laughs'), and no dataset needs one; the file says each value in full.
    """

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.loader: Any = _PlainLoader("")
        self.seen: set[int] = set()

    def walk(self, node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
        self._once(node)
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                self._once(key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ValidationFailed.single(
                        f"{self.name}:{key_node.start_mark.line + 1}",
                        "field names must be text, got a list or mapping",
                    )
                key = self._scalar(key_node)
                if not isinstance(key, str):
                    raise ValidationFailed.single(
                        f"{self.name}:{key_node.start_mark.line + 1}",
                        f"field names must be text, got {key!r}",
                    )
                child = f"{path}.{key}" if path else key
                if key in out:
                    raise ValidationFailed.single(
                        f"{self.name}:{key_node.start_mark.line + 1}",
                        f"field '{key}' is given twice",
                    )
                lines[child] = key_node.start_mark.line + 1
                out[key] = self.walk(value_node, child, lines)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [
                self.walk(item, f"{path}[{index}]", lines) for index, item in enumerate(node.value)
            ]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        where = f"{self.name}:{node.start_mark.line + 1}"
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            if "could not determine a constructor" in str(error.problem):
                raise ValidationFailed.single(
                    where, f"the tag '{node.tag}' is not allowed in a dataset"
                ) from None
            raise ValidationFailed.single(
                where, f"cannot read {node.value!r} as '{node.tag}': {error.problem}"
            ) from None
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            raise ValidationFailed.single(
                where, f"cannot read {node.value!r} as '{node.tag}'"
            ) from None

    def _once(self, node: yaml.Node) -> None:
        """Refuse a node met a second time: the composer shares a node only for an alias."""
        if id(node) in self.seen:
            line, alias = self._first_alias()
            raise ValidationFailed.single(
                f"{self.name}:{line}",
                f"YAML aliases ('*{alias}') are not allowed in a dataset; write the value out"
                " in full",
            )
        self.seen.add(id(node))

    def _first_alias(self) -> tuple[int, str]:
        try:
            for event in yaml.parse(self.text, Loader=_PlainLoader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    return line, str(event.anchor)
        except yaml.YAMLError:
            pass
        return 1, "..."


def render(data: Any, fmt: str) -> str:
    """Canonical text: the same data always gives the same bytes."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return str(
            yaml.dump(
                data,
                Dumper=_Dumper,
                sort_keys=False,
                allow_unicode=True,
                default_flow_style=False,
                width=100,
            )
        )
    raise ValidationFailed.single("format", f"'{fmt}' is not a dataset format; use yaml or json")
