"""Deadlines: every window with a known or expected closing date, against the time its
clearance usually takes. A window that will close before its clearance can finish is the loudest
alarm there is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from glienicke.domain.dates import PartialDate, first_day
from glienicke.law.evaluator import Status, Window, Windows, honest
from glienicke.law.model import Step


@dataclass(frozen=True)
class LeadTimes:
    """Typical days each step takes, by step key, with a default for any other step."""

    by_step: Mapping[str, int]
    default: int

    def of(self, step: Step) -> int:
        return int(self.by_step.get(step.key, self.default))

    def total(self, steps: Iterable[Step]) -> int:
        """Days for the steps one after another (each waits on the one before)."""
        return sum(self.of(s) for s in steps)


@dataclass(frozen=True)
class Deadline:
    person: str
    detention: str
    window: Window
    closes_on: PartialDate
    days_left: int  # from the as-of day to the first day the window may close
    lead_days: int  # what its clearance usually takes
    estimated: bool

    @property
    def alarm(self) -> bool:
        """The window may close before its clearance can finish."""
        return self.days_left < self.lead_days

    @property
    def message(self) -> str:
        days = "today" if self.days_left == 0 else _days(self.days_left, "in ")
        if self.days_left < 0:
            days = f"{_days(-self.days_left, '')} ago"
        text = f"{self.window.key} for {self.person} closes {days} ({honest(self.closes_on)})"
        if self.window.requires:
            text += f"; its clearance usually takes {_days(self.lead_days, '')}"
        if self.estimated:
            text += "; the closing date is an estimate"
        return text


def _days(count: int, prefix: str) -> str:
    return f"{prefix}{count} day{'s' if count != 1 else ''}"


def deadlines_of(windows: Windows, lead: LeadTimes) -> list[Deadline]:
    """The deadlines of one detention's windows: each open or not yet open window that has a
    closing date. A window not yet open that is expected to open on a later day (parole after a
    third of the term) is not a deadline yet: what matters about it is when it opens."""
    found = []
    for window in windows.windows:
        if window.status is Status.CLOSED or window.closes_on is None:
            continue
        opens_on = window.opens_on
        if (
            window.status is Status.NOT_YET
            and opens_on is not None
            and first_day(opens_on) > windows.as_of
        ):
            continue
        found.append(
            Deadline(
                person=windows.person,
                detention=windows.detention,
                window=window,
                closes_on=window.closes_on,
                days_left=(first_day(window.closes_on) - windows.as_of).days,
                lead_days=lead.total(window.requires),
                estimated=window.closes_estimated,
            )
        )
    return found


def ranked(deadlines: Iterable[Deadline], within: int | None = None) -> list[Deadline]:
    """Alarms first, then the soonest; only those closing within `within` days, if given."""
    kept = [d for d in deadlines if within is None or d.days_left <= within]
    return sorted(kept, key=lambda d: (not d.alarm, d.days_left, d.person, d.window.key))
