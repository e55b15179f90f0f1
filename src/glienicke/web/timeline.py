"""A case's timeline as drawn on its page: every dated record placed on one time axis, each
in its lane, a date known only to the month or year drawn as the span it names, 'about' as a
span widened by its slack, 'before' and 'after' as a point with an arrow into the open side.

Pure: the page hands in the records, this hands back the shapes (in SVG user units) and the
same items as a list, which is what a screen reader reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.services.chronology import Item, case_items

__all__ = ["Item", "case_items", "draw"]

LANES = ("Stages", "Documents", "Clearance", "Commitments", "Events")
WIDTH = 1000
LEFT = 120  # where the axis begins, after the lane names
RIGHT = 20
LANE_HEIGHT = 34
TOP = 10
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Mark:
    """One item as drawn: a point (x1 == x2) or a span, perhaps open on one side."""

    number: int
    item: Item
    x1: float
    x2: float
    y: float
    open_left: bool
    open_right: bool
    about: bool

    @property
    def point(self) -> bool:
        return self.x2 - self.x1 < 6

    @property
    def middle(self) -> float:
        return (self.x1 + self.x2) / 2

    @property
    def anchor(self) -> str:
        return f"tl-{self.number}"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Drawing:
    marks: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    lanes: tuple[tuple[str, float], ...]
    height: float
    as_of: float | None = None
    width: int = WIDTH
    left: int = LEFT

    @property
    def axis_y(self) -> float:
        return self.height - 24


def _reach(when: PartialDate) -> tuple[date | None, date | None]:
    """The days a date may mean; None on the open side of 'before' and 'after'."""
    exact = PartialDate(when.year, when.month, when.day)
    if when.qualifier is Qualifier.BEFORE:
        return None, exact.latest()
    if when.qualifier is Qualifier.AFTER:
        return exact.earliest(), None
    return when.earliest(), when.latest()


def draw(items: list[Item], as_of: date | None = None) -> Drawing | None:
    """The drawing of these items, oldest first, with the as-of day marked when it falls
    within them; None when there is nothing to draw."""
    if not items:
        return None
    ordered = sorted(items, key=lambda i: (i.when.sort_key(), LANES.index(i.lane), i.label))
    reaches = [_reach(i.when) for i in ordered]
    known = [d for pair in reaches for d in pair if d is not None]
    first, last = min(known), max(known)
    span = max((last - first).days, 30)
    pad = max(span // 25, 5)
    start, end = first - timedelta(days=pad), last + timedelta(days=pad)
    total = (end - start).days
    scale = (WIDTH - LEFT - RIGHT) / total

    def x(day: date) -> float:
        return round(LEFT + (day - start).days * scale, 1)

    used = [lane for lane in LANES if any(i.lane == lane for i in ordered)]
    lane_y = {lane: TOP + LANE_HEIGHT * n + LANE_HEIGHT / 2 for n, lane in enumerate(used)}
    marks = []
    for number, (item, (low, high)) in enumerate(zip(ordered, reaches, strict=True), start=1):
        x1 = x(low) if low is not None else x(high) - 36  # type: ignore[arg-type]
        x2 = x(high) if high is not None else x(low) + 36  # type: ignore[arg-type]
        marks.append(
            Mark(
                number=number,
                item=item,
                x1=max(x1, LEFT - 4),
                x2=min(x2, WIDTH - 4),
                y=lane_y[item.lane],
                open_left=low is None,
                open_right=high is None,
                about=item.when.qualifier is Qualifier.ABOUT,
            )
        )
    height = TOP + LANE_HEIGHT * len(used) + 34
    return Drawing(
        marks=tuple(marks),
        ticks=tuple(Tick(x(d), label) for d, label in _ticks(start, end)),
        lanes=tuple((lane, lane_y[lane]) for lane in used),
        height=height,
        as_of=x(as_of) if as_of is not None and start <= as_of <= end else None,
    )


def _ticks(start: date, end: date) -> list[tuple[date, str]]:
    """Year ticks over a long stretch, quarters over a year or two, months over less."""
    days = (end - start).days
    if days > 4 * 366:
        step_years = max(1, round(days / 366 / 8))
        years = range(start.year + 1, end.year + 1, step_years)
        return [(date(y, 1, 1), str(y)) for y in years]
    step = 3 if days > 300 else 1
    found: list[tuple[date, str]] = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = date(year, month, 1)
        if day > end:
            break
        if (month - 1) % step == 0:
            label = f"{MONTHS[month - 1]} {year}" if month == 1 or not found else MONTHS[month - 1]
            found.append((day, label))
    return found
