"""Field helpers that let one dataclass declare its dataset name, its references and its docs.

The dataset reader, the JSON Schema generator and the reference checker all read this metadata,
so a record type is declared once.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


def ref(kind: str, *, doc: str = "", default: Any = None) -> Any:
    """A field holding the key of another record ('person', 'state', ...)."""
    return field(default=default, metadata={"ref": kind, "doc": doc})


def must(kind: str, *, doc: str = "") -> Any:
    """A field that must hold the key of another record (a detention's person)."""
    return field(metadata={"ref": kind, "doc": doc})


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
