"""Turning what a user typed into domain values, with messages that name the field."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import InvalidValue, ValidationFailed

E = TypeVar("E", bound=Enum)


def as_date(value: str | PartialDate, field: str) -> PartialDate:
    """A partial date from text such as '1941-03-20' or 'about 1941-04'."""
    if isinstance(value, PartialDate):
        return value
    try:
        return PartialDate.parse(value)
    except InvalidValue as error:
        raise ValidationFailed.single(field, str(error)) from None


def as_optional_date(value: str | PartialDate | None, field: str) -> PartialDate | None:
    return None if value is None else as_date(value, field)


def as_enum(enum: type[E], value: str | E, field: str) -> E:
    """An enum member from its value ('on-trial'), or an error listing the choices."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(str(m.value) for m in enum)
        raise ValidationFailed.single(field, f"'{value}' is not one of: {choices}") from None


def as_text(value: str | None, field: str) -> str:
    """Non-empty text."""
    if value is None or not value.strip():
        raise ValidationFailed.single(field, "must not be empty")
    return value.strip()
