"""Partial dates: what the records actually say ("1941", "March 20, 9 p.m.", "about April").

A partial date knows its precision (year, month, day, minute) and a qualifier (exact, about,
before, after). It orders totally for display and sorting, and answers the honest question
"is this certainly before that?" separately, because "1941-03" is neither before nor after
"1941-03-20".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import total_ordering

from glienicke.domain.errors import InvalidValue


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    BEFORE = "before"
    AFTER = "after"


_PATTERN = re.compile(
    r"^(?:(?P<q>about|before|after)\s+)?"
    r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2})(?:T(?P<h>[0-9]{2}):(?P<min>[0-9]{2}))?)?)?$"
)

# The qualifiers under module names: reading an enum member through its class is slow, and
# the bounds of dates are worked out millions of times.
_EXACT, _BEFORE = Qualifier.EXACT, Qualifier.BEFORE
_ABOUT, _AFTER = Qualifier.ABOUT, Qualifier.AFTER
_YEAR_SLACK, _MONTH_SLACK, _DAY_SLACK = timedelta(days=366), timedelta(days=31), timedelta(days=7)

# Sorting places "before X" ahead of X, then X, then "about X", then "after X": a total order.
_QUALIFIER_RANK = {Qualifier.BEFORE: 0, Qualifier.EXACT: 1, Qualifier.ABOUT: 2, Qualifier.AFTER: 3}


@total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a year, month, day or minute, with a qualifier.

    >>> str(PartialDate.parse("about 1941-04"))
    'about 1941-04'
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    qualifier: Qualifier = Qualifier.EXACT
    # (earliest, latest), worked out once when first asked for: evaluators ask very often.
    _bounds: tuple[date, date] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise InvalidValue(f"year {self.year} is out of range (1-9999)")
        if self.month is None and self.day is not None:
            raise InvalidValue("a day needs a month")
        if self.day is None and self.hour is not None:
            raise InvalidValue("a time needs a day")
        if (self.hour is None) != (self.minute is None):
            raise InvalidValue("a time needs both hour and minute")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidValue(f"month {self.month} does not exist")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise InvalidValue(
                    f"day {self.day} does not exist in {self.year}-{self.month:02d}"
                    f" (it has {last} days)"
                )
        if self.hour is not None and not 0 <= self.hour <= 23:
            raise InvalidValue(f"hour {self.hour} does not exist")
        if self.minute is not None and not 0 <= self.minute <= 59:
            raise InvalidValue(f"minute {self.minute} does not exist")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse '1941', '1941-03', '1941-03-20', '1941-03-20T21:00', each optionally
        preceded by 'about', 'before' or 'after'.

        >>> PartialDate.parse("1941-03-20T21:00").hour
        21
        """
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and cls is PartialDate:
            # The form the store and the datasets write most: a calendar day, read without
            # the pattern (the checks are the calendar's own; anything odd takes the long way).
            y, m, d = text[:4], text[5:7], text[8:]
            if text.isascii() and y.isdigit() and m.isdigit() and d.isdigit():
                try:
                    known = date(int(y), int(m), int(d))
                except ValueError:
                    pass
                else:
                    return unchecked(known.year, known.month, known.day, _EXACT, (known, known))
        match = _PATTERN.match(text.strip())
        if match is None:
            raise InvalidValue(
                f"'{text}' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM,"
                " optionally after 'about', 'before' or 'after'"
            )
        parts = match.groupdict()

        def num(name: str) -> int | None:
            value = parts[name]
            return None if value is None else int(value)

        qualifier = Qualifier(parts["q"]) if parts["q"] else Qualifier.EXACT
        year = num("y")
        assert year is not None
        return cls(year, num("m"), num("d"), num("h"), num("min"), qualifier)

    @classmethod
    def of(cls, day: date) -> PartialDate:
        """The exact partial date of a calendar day."""
        return unchecked(day.year, day.month, day.day, Qualifier.EXACT, (day, day))

    @property
    def precision(self) -> str:
        """'year', 'month', 'day' or 'minute'."""
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day" if self.hour is None else "minute"

    def earliest(self) -> date:
        """The first calendar day this date can mean."""
        bounds = self._bounds
        return (bounds or self._work_out_bounds())[0]

    def latest(self) -> date:
        """The last calendar day this date can mean."""
        bounds = self._bounds
        return (bounds or self._work_out_bounds())[1]

    def _work_out_bounds(self) -> tuple[date, date]:
        start, end = self._span()
        qualifier = self.qualifier
        if qualifier is _BEFORE:
            bounds = (date.min, end)
        elif qualifier is _AFTER:
            bounds = (start, date.max)
        elif qualifier is _ABOUT:
            slack = self._slack()
            bounds = (
                date.min if start - date.min <= slack else start - slack,
                date.max if date.max - end <= slack else end + slack,
            )
        else:
            bounds = (start, end)
        object.__setattr__(self, "_bounds", bounds)
        return bounds

    def certainly_before(self, other: PartialDate) -> bool:
        """True only when every reading of self falls before every reading of other."""
        if self.precision == "minute" and other.precision == "minute" and self._exact_pair(other):
            return self._sort_tuple() < other._sort_tuple()
        return self.latest() < other.earliest()

    def as_date(self) -> date | None:
        """The calendar day, when the date is exact to the day or better."""
        if self.day is None or self.month is None or self.qualifier is not Qualifier.EXACT:
            return None
        return date(self.year, self.month, self.day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.hour is not None and self.minute is not None:
            text += f"T{self.hour:02d}:{self.minute:02d}"
        if self.qualifier is not Qualifier.EXACT:
            text = f"{self.qualifier.value} {text}"
        return text

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def sort_key(self) -> tuple[int, ...]:
        """A total order: by the start of the period, then coarser before finer."""
        return (*self._sort_tuple(), _QUALIFIER_RANK[self.qualifier])

    def _sort_tuple(self) -> tuple[int, ...]:
        return (
            self.year,
            self.month or 0,
            self.day or 0,
            -1 if self.hour is None else self.hour,
            -1 if self.minute is None else self.minute,
        )

    def _exact_pair(self, other: PartialDate) -> bool:
        return self.qualifier is Qualifier.EXACT and other.qualifier is Qualifier.EXACT

    def _span(self) -> tuple[date, date]:
        if self.month is None:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        if self.day is None:
            last = calendar.monthrange(self.year, self.month)[1]
            return date(self.year, self.month, 1), date(self.year, self.month, last)
        day = date(self.year, self.month, self.day)
        return day, day

    def _slack(self) -> timedelta:
        # "about" widens a date by one unit of its precision (a year, a month, a few days).
        if self.month is None:
            return _YEAR_SLACK
        return _MONTH_SLACK if self.day is None else _DAY_SLACK


_new = object.__new__
_set = object.__setattr__


def unchecked(
    year: int,
    month: int | None = None,
    day: int | None = None,
    qualifier: Qualifier = Qualifier.EXACT,
    bounds: tuple[date, date] | None = None,
) -> PartialDate:
    """A partial date from parts taken from a real calendar day, made without the checks (and,
    when given, with its earliest and latest days): for the evaluators, which make millions.

    >>> unchecked(1962, 2, 10) == PartialDate(1962, 2, 10)
    True
    """
    made: PartialDate = _new(PartialDate)
    _set(made, "year", year)
    _set(made, "month", month)
    _set(made, "day", day)
    _set(made, "hour", None)
    _set(made, "minute", None)
    _set(made, "qualifier", qualifier)
    _set(made, "_bounds", bounds)
    return made


def first_day(day: PartialDate) -> date:
    """The first day a date as recorded names: '1941-03' is 1 March, 'about 1941-02-22' the
    22nd (an estimate is taken at its word, not at its widest reading)."""
    exact = PartialDate(day.year, day.month, day.day, qualifier=Qualifier.EXACT)
    return exact.latest() if day.qualifier is Qualifier.BEFORE else exact.earliest()
