"""Columns a row keeps beside its record, worked out from the record whenever it is stored, so
that questions about a day can be asked in SQL of dates the record keeps as partial text
('about 1941-04'). Each is conservative for the question it serves: the services still judge
every row a query returns in Python, and a query on these columns leaves out only rows that
judgement would leave out too.

- a document's `year` (search filters and facets by year) and `date_order` (the registry's
  newest first);
- a detention's `ended_from`: when its last stage ends it (released, exchanged, died...), the
  latest first possible day of any of its stages; from that day on every stage has been reached
  whatever the as-of day, so the detention is over. None while its last stage does not end it;
- a case's `closed_from`: the first day of its closing date, when it is closed;
- a commitment's `due_last`: the last day its due date can mean;
- a clearance step's `requested_first` and `answered_first`: the first days of those dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from glienicke.domain.cases import Case, CaseStatus
from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import ENDING, Detention
from glienicke.domain.documents import Document
from glienicke.domain.proposals import ClearanceStep, Commitment


def ended_from(detention: Detention) -> date | None:
    """The day from which a detention is over on any as-of day (see the module's text)."""
    if not detention.stages or detention.stages[-1].stage not in ENDING:
        return None
    return max(s.date.earliest() for s in detention.stages)


def _first(day: PartialDate | None) -> date | None:
    return None if day is None else first_day(day)


def _document(d: Document) -> dict[str, Any]:
    if d.date is None:
        return {"year": None, "date_order": None}
    return {"year": d.date.year, "date_order": date_order(d.date)}


def date_order(day: PartialDate) -> str:
    """A text that sorts as partial dates do (PartialDate.sort_key): by the start of the period,
    coarser before finer, 'before' ahead of exact ahead of 'about' ahead of 'after'. The date as
    written does not ('about 1941-04' would sort after every date of 1941 that is not
    qualified, '1941-04' after '1941-04-30' only by accident of its length)."""
    year, month, day_, hour, minute, rank = day.sort_key()
    return f"{year:04d}-{month:02d}-{day_:02d}T{hour + 1:02d}:{minute + 1:02d}/{rank}"


def _detention(d: Detention) -> dict[str, Any]:
    return {"ended_from": ended_from(d)}


def _case(c: Case) -> dict[str, Any]:
    return {"closed_from": _first(c.closed_on) if c.status is CaseStatus.CLOSED else None}


def _commitment(c: Commitment) -> dict[str, Any]:
    return {"due_last": None if c.due is None else c.due.latest()}


def _step(s: ClearanceStep) -> dict[str, Any]:
    return {"requested_first": _first(s.requested_on), "answered_first": _first(s.answered_on)}


DERIVED: dict[type[Any], Callable[[Any], dict[str, Any]]] = {
    Document: _document,
    Detention: _detention,
    Case: _case,
    Commitment: _commitment,
    ClearanceStep: _step,
}


def derived(record: Any) -> dict[str, Any]:
    """The derived columns of a record's row, by column name (none for most kinds)."""
    found = DERIVED.get(type(record))
    return {} if found is None else found(record)
