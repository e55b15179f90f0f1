"""Partial dates as written, and spans of days in words."""

from __future__ import annotations

from datetime import date

from glienicke.domain.dates import PartialDate

# --- partial dates, as written -----------------------------------------------------------------


def _as_written(day: PartialDate) -> PartialDate:
    return PartialDate(day.year, day.month, day.day)


def start_as_written(day: PartialDate) -> date:
    """The first day of the period a date names, without the widening of a qualifier:
    '1941-07' and 'about 1941-07' both give 1 July 1941."""
    return _as_written(day).earliest()


def end_as_written(day: PartialDate) -> date:
    """The last day of the period a date names, without the widening of a qualifier:
    a commitment due 'about 1941-04' falls due at the end of April."""
    return _as_written(day).latest()


def in_words(days: float) -> str:
    """A span of days in plain words: '5 days', 'about 6 weeks', 'about 11 months',
    'about a year'."""
    whole = round(days)
    if whole < 14:
        return f"{whole} day{'' if whole == 1 else 's'}"
    if whole < 60:
        return f"about {round(whole / 7)} weeks"
    months = round(whole / 30.44)
    if months < 12:
        return f"about {months} months"
    years = round(whole / 365.25)
    return "about a year" if years == 1 else f"about {years} years"


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _bounded(day: date) -> bool:
    return day not in (date.min, date.max)
