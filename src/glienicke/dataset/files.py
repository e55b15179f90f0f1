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
        return None


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
        raise ValidationFailed.single(name, f"is not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise ValidationFailed.single(name, f"cannot be read: {error.strerror}") from None
    return parse_text(text, name, "json" if path.suffix.lower() == ".json" else "yaml")


def parse_text(text: str, name: str, fmt: str) -> SourceText:
    """Parse YAML or JSON text; errors name the file, line and column."""
    if fmt == "json":
        return _parse_json(text, name)
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise ValidationFailed.single(where, f"malformed YAML: {error.problem}") from None
    except yaml.YAMLError as error:
        raise ValidationFailed.single(name, f"malformed YAML: {error}") from None
    lines: dict[str, int] = {}
    data = None if node is None else _walk(node, "", lines, _PlainLoader(""), name)
    return SourceText(name, data, lines)


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
            _walk(node, "", source.lines, _PlainLoader(""), name)
    except yaml.YAMLError:
        pass
    if duplicate is not None:  # the composer could not place it: say so without a line
        raise ValidationFailed.single(name, duplicate)
    return source


def _walk(node: yaml.Node, path: str, lines: dict[str, int], loader: Any, name: str) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise ValidationFailed.single(
                    f"{name}:{key_node.start_mark.line + 1}",
                    f"field names must be text, got {key!r}",
                )
            child = f"{path}.{key}" if path else key
            if key in out:
                raise ValidationFailed.single(
                    f"{name}:{key_node.start_mark.line + 1}", f"field '{key}' is given twice"
                )
            lines[child] = key_node.start_mark.line + 1
            out[key] = _walk(value_node, child, lines, loader, name)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _walk(item, f"{path}[{index}]", lines, loader, name)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


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
