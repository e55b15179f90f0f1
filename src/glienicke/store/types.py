"""Column types for domain values."""

from __future__ import annotations

from enum import Enum
from typing import Any

from sqlalchemy import Dialect, String, Text, TypeDecorator
from sqlalchemy import Enum as SAEnum

from glienicke.domain.dates import PartialDate

_READ: dict[str, PartialDate] = {}  # dates as read from the store, by their text
_READ_KEPT = 32_768  # about 10 MB at most (with their bounds); the bench has 22,000 days


class PartialDateType(TypeDecorator[PartialDate]):
    """A partial date stored as its canonical text ('about 1941-04')."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: PartialDate | None, dialect: Dialect) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> PartialDate | None:
        if value is None:
            return None
        # A partial date is an immutable value: the same text read again is the same object.
        found = _READ.get(value)
        if found is None:
            if len(_READ) >= _READ_KEPT:
                _READ.clear()
            found = _READ[value] = PartialDate.parse(value)
        return found


class KeyListType(TypeDecorator[list[str]]):
    """A short list of keys stored as one space-separated text (keys hold no spaces)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> str:
        return " ".join(value or [])

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        return str(value).split() if value else []


def enum_column(enum: type[Enum]) -> SAEnum:
    """A portable enum: a VARCHAR with a CHECK constraint, storing the value ('on-trial')."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        name=_snake(enum.__name__),
        validate_strings=True,
    )


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
