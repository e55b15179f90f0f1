"""The field reference of docs/dataset-format.md, generated from the schema so it cannot drift."""

from __future__ import annotations

from typing import Any

from glienicke.dataset.schema import build_schema
from glienicke.domain.catalog import KINDS

HEADING = "## Field reference"
INTRO = (
    'One table per section, then the nested objects. "req." marks the fields the schema requires;\n'
    '"key of X" and "list of X keys" are references. Dates are partial dates.'
)


def field_reference() -> str:
    """The markdown of the field reference section, from its heading to the end."""
    schema = build_schema()
    defs: dict[str, Any] = schema["$defs"]
    top = {kind.cls.__name__ for kind in KINDS}
    parts = [HEADING, "", INTRO, ""]
    for kind in KINDS:
        name = kind.cls.__name__
        parts += [f"### `{kind.section}` ({name})", "", *_table(defs[name])]
    parts += ["### Nested objects", ""]
    for name in sorted(defs):
        if name not in top and name != "PartialDate":
            parts += [f"#### {name}", "", *_table(defs[name])]
    return "\n".join(parts).rstrip() + "\n"


def _table(definition: dict[str, Any]) -> list[str]:
    lines = []
    if "description" in definition:
        lines += [definition["description"], ""]
    lines += ["| field | type | req. | meaning |", "| --- | --- | --- | --- |"]
    required = set(definition["required"])
    for field, prop in definition["properties"].items():
        meaning = prop.get("description", "")
        ref = meaning.rsplit("(key of ", 1)
        if len(ref) == 2:
            meaning = ref[0].strip()
        if "default" in prop:
            meaning += f" (default `{str(prop['default']).lower()}`)"
        kind = _type(prop, ref[1].rstrip(")") if len(ref) == 2 else None)
        lines.append(f"| `{field}` | {kind} | {'yes' if field in required else ''} | {meaning} |")
    return [*lines, ""]


def _type(prop: dict[str, Any], target: str | None) -> str:
    if target is not None:
        noun = target.split(" ", 1)[1]
        return f"list of {noun} keys" if prop.get("type") == "array" else f"key of {noun}"
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        return "date" if name == "PartialDate" else name
    if prop.get("type") == "array":
        return f"list of {_type(prop['items'], None)}"
    if "enum" in prop:
        return ", ".join(f"`{v}`" for v in prop["enum"])
    return {"string": "text", "integer": "integer", "number": "number", "boolean": "boolean"}[
        prop["type"]
    ]
