"""The JSON Schema of the dataset format, generated from the domain's record classes.

The package ships the generated file (`dataset.schema.json`); a test regenerates it and fails if
the two differ, so the published schema cannot drift from the code.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from enum import Enum
from importlib import resources
from typing import Any

from glienicke.dataset.codec import fields_of, unwrap_optional
from glienicke.dataset.reader import FORMAT_FIELD, FORMAT_VERSION
from glienicke.domain.catalog import KINDS
from glienicke.domain.dates import PartialDate

SCHEMA_FILE = "dataset.schema.json"
DATE_PATTERN = (
    r"^((about|before|after) )?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])"
    r"(T([01]\d|2[0-3]):[0-5]\d)?)?)?$"
)
KEY_DOC = "stable key of the record, chosen by the dataset"


def build_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a Glienicke dataset."""
    defs: dict[str, Any] = {
        "PartialDate": {
            "description": "YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM, optionally after"
            " 'about', 'before' or 'after'",
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
        }
    }
    properties: dict[str, Any] = {
        FORMAT_FIELD: {"const": FORMAT_VERSION, "description": "the dataset format's version"},
    }
    for kind in KINDS:
        _object(kind.cls, defs)
        properties[kind.section] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{kind.cls.__name__}"},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Glienicke dataset",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "$defs": dict(sorted(defs.items())),
    }


def shipped_schema() -> dict[str, Any]:
    """The schema file that ships with the package."""
    text = resources.files("glienicke.dataset").joinpath(SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def render_schema() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # reserve the name first, so that a type that contains itself stops here
        props: dict[str, Any] = {}
        required = []
        for spec in fields_of(cls):
            prop = _type(spec.hint, defs)
            description = spec.doc or (KEY_DOC if spec.name == "key" else "")
            if spec.ref:
                label = spec.ref.replace("_", " ")
                article = "an" if label[0] in "aeiou" else "a"
                description = f"{description} (key of {article} {label})".strip()
            if description:
                prop = {**prop, "description": description}
            if spec.default is not None:
                # a plain true-or-false field defaults to false; one that may be left out
                # (true, false or not known) has no default
                default = spec.default.value if isinstance(spec.default, Enum) else spec.default
                prop = {**prop, "default": default}
            props[spec.name] = prop
            if spec.required:
                required.append(spec.name)
        doc = (cls.__doc__ or "").strip().splitlines()
        defs[name] = {
            "type": "object",
            **({"description": doc[0]} if doc and not doc[0].startswith(name + "(") else {}),
            "additionalProperties": False,
            "required": required,
            "properties": props,
        }
    return {"$ref": f"#/$defs/{name}"}


def _type(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    hint, _ = unwrap_optional(hint)
    if typing.get_origin(hint) is list:
        (inner,) = typing.get_args(hint)
        return {"type": "array", "items": _type(inner, defs)}
    if hint is PartialDate:
        return {"$ref": "#/$defs/PartialDate"}
    if dataclasses.is_dataclass(hint):
        return _object(typing.cast(type[Any], hint), defs)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"type": "string", "enum": [m.value for m in hint]}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return {"type": "string", "minLength": 1}
    raise TypeError(f"no schema for {hint!r}")
