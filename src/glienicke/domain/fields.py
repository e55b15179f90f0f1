"""Field helpers that let one dataclass declare its dataset name, its references and its docs.

The dataset reader, the JSON Schema generator and the reference checker all read this metadata,
so a record type is declared once.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any


def ref(kind: str, *, doc: str = "", default: Any = None) -> Any:
    """A field holding the key of another record ('person', 'state', ...)."""
    return field(default=default, metadata={"ref": kind, "doc": doc})


def must(kind: str, *, doc: str = "", name: str | None = None) -> Any:
    """A field that must hold the key of another record (a detention's person); `name`: its
    name in the dataset, when not the attribute's."""
    metadata: dict[str, Any] = {"ref": kind, "doc": doc}
    if name is not None:
        metadata["name"] = name
    return field(metadata=metadata)


def refs(kind: str, *, doc: str = "") -> Any:
    """A field holding a list of keys of other records."""
    return field(default_factory=list, metadata={"ref": kind, "doc": doc})


def doc(text: str, *, default: Any = None, name: str | None = None, implied: bool = False) -> Any:
    """A plain field with a description (and, rarely, another name in the dataset).

    `implied`: the plain form leaves the field out while it has its default, as if it were
    absent (a field added later, so that records written before it read and hash the same)."""
    metadata: dict[str, Any] = {"doc": text}
    if name is not None:
        metadata["name"] = name
    if implied:
        metadata["implied"] = True
    return field(default=default, metadata=metadata)


def many(text: str, *, name: str | None = None) -> Any:
    """A list field with a description."""
    metadata: dict[str, Any] = {"doc": text}
    if name is not None:
        metadata["name"] = name
    return field(default_factory=list, metadata=metadata)


def required(text: str) -> Any:
    """A field every record must give."""
    return field(metadata={"doc": text})


KEY_LENGTH = 120  # the width of every key column
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
LARGEST_WHOLE = 2**31 - 1  # what every engine's integer column holds


def key_problem(value: object) -> str | None:
    """Why `value` cannot be a record's key ('gorin-1941'), or None if it can."""
    if not isinstance(value, str):
        return None  # the type is checked where the field is read
    if len(value) > KEY_LENGTH:
        return f"a key has at most {KEY_LENGTH} characters; this one has {len(value)}"
    if not _KEY.fullmatch(value):
        return (
            f"'{value}' is not a key: keys are letters, digits, '.', '_', ':' and '-',"
            " beginning with a letter or digit (for example 'gorin-1941')"
        )
    return None


def whole_problem(value: int) -> str | None:
    """Why a whole number cannot be stored, or None if it can."""
    if abs(value) > LARGEST_WHOLE:
        return (
            f"{value} is out of range: whole numbers run from -{LARGEST_WHOLE} to {LARGEST_WHOLE}"
        )
    return None
