"""Commitments: what each party undertook under an arrangement, and whether it did it.

Pure logic over the domain's `Commitment` records: creating them when a proposal is agreed,
the transitions a commitment may go through (fulfilled, pressed, broken, waived, re-linked to a
later arrangement), which ones are overdue on a given day, what became of each, and how far a
counterpart can be relied on, counted from its record.

Every transition checks everything first and refuses with a `ValidationFailed` that says why;
a refused transition leaves the commitment exactly as it was. A transition that is accepted
changes the record in place (as the domain's own methods do, so that a service can apply it
inside its one transaction) and returns it.

Dates are partial. Two readings are used, and every figure says which:

* *certainly*: a commitment is late, or overdue, only when every reading of the dates says so
  (`PartialDate.certainly_before` and the widest bounds of an "about" date);
* *as written*: a figure in days is measured between the dates as the record states them,
  without the widening an "about" adds: a commitment due "about 1941-04" falls due at the end of
  April, one fulfilled "1941-07" is counted from 1 July. Each such figure is shown with the
  smallest value it could take ("at least") beside it.

What the domain record does not hold is inferred, and the inference is named where it is
used: a broken or waived commitment's date is that of its last follow-up (`break_` and `waive`
record the breach or waiver as one), or failing that its due date.
"""

from __future__ import annotations

from glienicke.negotiation.commitments.creation import (
    AGREED,
    DEFAULT_DUE_DAYS,
    OPEN,
    commitment_key,
    commitments_for_agreement,
    due_after,
    find,
)
from glienicke.negotiation.commitments.dates import (
    end_as_written,
    in_words,
    start_as_written,
)
from glienicke.negotiation.commitments.outcomes import (
    OUTCOME_MEANING,
    Lateness,
    Outcome,
    OutcomeKind,
    Overdue,
    commitment_to_dict,
    follow_up_to_dict,
    lateness,
    outcome,
    overdue,
    settled_on,
    status_as_of,
)
from glienicke.negotiation.commitments.reliability import (
    EXPLANATIONS,
    Grouping,
    Period,
    Reliability,
    Tally,
    reliability,
)
from glienicke.negotiation.commitments.relinking import (
    relink,
    relink_to,
)
from glienicke.negotiation.commitments.transitions import (
    breach_date,
    break_,
    fulfil,
    press,
    waive,
)

__all__ = [
    "AGREED",
    "DEFAULT_DUE_DAYS",
    "EXPLANATIONS",
    "OPEN",
    "OUTCOME_MEANING",
    "Grouping",
    "Lateness",
    "Outcome",
    "OutcomeKind",
    "Overdue",
    "Period",
    "Reliability",
    "Tally",
    "breach_date",
    "break_",
    "commitment_key",
    "commitment_to_dict",
    "commitments_for_agreement",
    "due_after",
    "end_as_written",
    "find",
    "follow_up_to_dict",
    "fulfil",
    "in_words",
    "lateness",
    "outcome",
    "overdue",
    "press",
    "reliability",
    "relink",
    "relink_to",
    "settled_on",
    "start_as_written",
    "status_as_of",
    "waive",
]
