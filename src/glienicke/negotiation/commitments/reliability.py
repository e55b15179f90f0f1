"""How far a party kept its commitments, counted from its record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from glienicke.domain.dates import PartialDate
from glienicke.domain.proposals import (
    Commitment,
)
from glienicke.negotiation.commitments.creation import _index
from glienicke.negotiation.commitments.dates import in_words
from glienicke.negotiation.commitments.outcomes import (
    Outcome,
    OutcomeKind,
    _outcome,
    settled_on,
)

Grouping = Literal["year", "proposal"]

# --- reliability ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Counts of outcomes. Kept, late, partly, broken, pending and waived add up to the total;
    `made_good` is among the broken, `overdue` among the pending."""

    total: int = 0
    kept: int = 0
    late: int = 0
    partly: int = 0
    broken: int = 0
    made_good: int = 0
    pending: int = 0
    overdue: int | None = None  # None when no as_of was given
    waived: int = 0
    days_late: tuple[int, ...] = ()  # as written, of each one kept late

    @property
    def settled(self) -> int:
        """Kept, late, partly or broken: the commitments that have had their outcome."""
        return self.kept + self.late + self.partly + self.broken

    @property
    def on_time_rate(self) -> float | None:
        return self.kept / self.settled if self.settled else None

    @property
    def kept_rate(self) -> float | None:
        return (self.kept + self.late) / self.settled if self.settled else None

    @property
    def mean_days_late(self) -> float | None:
        return sum(self.days_late) / len(self.days_late) if self.days_late else None

    def to_dict(self) -> dict[str, Any]:
        mean = self.mean_days_late
        return {
            "total": self.total,
            "kept": self.kept,
            "late": self.late,
            "partly": self.partly,
            "broken": self.broken,
            "made_good": self.made_good,
            "pending": self.pending,
            "overdue": self.overdue,
            "waived": self.waived,
            "settled": self.settled,
            "on_time_rate": _rate(self.on_time_rate),
            "kept_rate": _rate(self.kept_rate),
            "mean_days_late": None if mean is None else round(mean, 1),
        }


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _tally(outcomes: Iterable[Outcome], as_of: date | None) -> Tally:
    counts = {kind: 0 for kind in OutcomeKind}
    days_late: list[int] = []
    overdue_count = 0
    for found in outcomes:
        counts[found.kind] += 1
        if found.kind is OutcomeKind.KEPT_LATE and found.lateness is not None:
            days_late.append(found.lateness.days)
        if (
            found.kind is OutcomeKind.PENDING
            and as_of is not None
            and found.due is not None
            and found.due.latest() < as_of
        ):
            overdue_count += 1
    broken = (
        counts[OutcomeKind.BROKEN]
        + counts[OutcomeKind.BROKEN_THEN_KEPT]
        + counts[OutcomeKind.BROKEN_RELINKED]
    )
    return Tally(
        total=sum(counts.values()),
        kept=counts[OutcomeKind.KEPT],
        late=counts[OutcomeKind.KEPT_LATE],
        partly=counts[OutcomeKind.PARTLY],
        broken=broken,
        made_good=counts[OutcomeKind.BROKEN_THEN_KEPT],
        pending=counts[OutcomeKind.PENDING],
        overdue=overdue_count if as_of is not None else None,
        waived=counts[OutcomeKind.WAIVED],
        days_late=tuple(days_late),
    )


@dataclass(frozen=True)
class Period:
    """The tally of the commitments of one year (by due date) or of one proposal."""

    period: str
    tally: Tally

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.period, **self.tally.to_dict()}


EXPLANATIONS = {
    "total": "commitments the party undertook, under every proposal on record",
    "kept": "fulfilled, and not certainly after the due date (or with none set)",
    "late": "fulfilled, certainly after the due date",
    "partly": "partly fulfilled (the rest may still come)",
    "broken": (
        "recorded as broken; a broken commitment taken over by a later arrangement counts here,"
        " and the successor counts on its own"
    ),
    "made_good": "of the broken, those kept in the end under the arrangement that took them over",
    "pending": "not yet done (on as_of, when given: done later counts as pending then)",
    "overdue": "of the pending, those certainly past their due date on as_of",
    "waived": "no longer asked of the party; left out of the rates",
    "settled": "kept + late + partly + broken: the commitments that have had their outcome",
    "on_time_rate": "kept ÷ settled",
    "kept_rate": "(kept + late) ÷ settled",
    "mean_days_late": (
        "the mean, over those kept late, of the days from the end of the due period to the"
        " start of the fulfilment's period, the dates taken as written"
    ),
    "timeline": (
        "the same counts for each year in which commitments fell due (failing a due date, the"
        " year of their outcome), or for each proposal"
    ),
}


@dataclass(frozen=True)
class Reliability:
    """How far a party kept its commitments, counted from its record."""

    party: str
    as_of: date | None
    by: Grouping
    tally: Tally
    timeline: tuple[Period, ...]
    outcomes: tuple[Outcome, ...]
    summary: str

    @property
    def explanations(self) -> dict[str, str]:
        return dict(EXPLANATIONS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "party": self.party,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "by": self.by,
            "summary": self.summary,
            **self.tally.to_dict(),
            "timeline": [p.to_dict() for p in self.timeline],
            "outcomes": [o.to_dict() for o in self.outcomes],
            "explanations": self.explanations,
        }


def reliability(
    commitments: Iterable[Commitment],
    party: str,
    *,
    as_of: date | None = None,
    by: Grouping = "year",
    party_name: str | None = None,
) -> Reliability:
    """The party's record of keeping its commitments, as recorded or as it stood on `as_of`.

    `commitments` may hold every party's: the party's own are counted, the rest serve to follow
    re-linked commitments. Each commitment counts once, under its own proposal (see
    `EXPLANATIONS`). The timeline groups them by the year they fell due, or by proposal.
    """
    everything = list(commitments)
    index = _index(everything)
    own = sorted((c for c in everything if c.party == party), key=_order)
    outcomes = tuple(_outcome(c, index, as_of) for c in own)
    tally = _tally(outcomes, as_of)
    groups: dict[str, list[Outcome]] = {}
    anchors: dict[str, tuple[int, ...]] = {}
    for commitment, found in zip(own, outcomes, strict=True):
        name = _period(commitment, by)
        groups.setdefault(name, []).append(found)
        anchor = _anchor(commitment)
        if name not in anchors or anchor < anchors[name]:
            anchors[name] = anchor
    if by == "year":
        names = sorted(groups, key=lambda n: (not n.isdigit(), n))
    else:
        names = sorted(groups, key=lambda n: (anchors[n], n))
    timeline = tuple(Period(n, _tally(groups[n], as_of)) for n in names)
    return Reliability(
        party=party,
        as_of=as_of,
        by=by,
        tally=tally,
        timeline=timeline,
        outcomes=outcomes,
        summary=_summary(party_name or party, tally, as_of),
    )


def _anchor_date(commitment: Commitment) -> PartialDate | None:
    return commitment.due or settled_on(commitment)


def _anchor(commitment: Commitment) -> tuple[int, ...]:
    when = _anchor_date(commitment)
    return (1,) if when is None else (0, *when.sort_key())


def _order(commitment: Commitment) -> tuple[tuple[int, ...], str]:
    return _anchor(commitment), commitment.key


def _period(commitment: Commitment, by: Grouping) -> str:
    if by == "proposal":
        return commitment.proposal
    when = _anchor_date(commitment)
    return "undated" if when is None else str(when.year)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{round(value * 100)}%"


def _summary(name: str, tally: Tally, as_of: date | None) -> str:
    plural = "" if tally.total == 1 else "s"
    when = f" (as of {as_of.isoformat()})" if as_of is not None else ""
    if tally.total == 0:
        return f"{name} has no commitments on record{when}."
    parts = [f"{tally.kept} kept on time"]
    mean = tally.mean_days_late
    if tally.late:
        parts.append(
            f"{tally.late} kept late" + (f" (on average {in_words(mean)})" if mean else "")
        )
    if tally.partly:
        parts.append(f"{tally.partly} partly kept")
    if tally.broken:
        text = f"{tally.broken} broken"
        if tally.made_good:
            them = "" if tally.broken == 1 else f"{tally.made_good} of them "
            text += f" ({them}later kept under another arrangement)"
        parts.append(text)
    if tally.pending:
        text = f"{tally.pending} pending"
        if tally.overdue:
            text += f", {tally.overdue} of them overdue"
        parts.append(text)
    if tally.waived:
        parts.append(f"{tally.waived} waived")
    line = f"{name} undertook {tally.total} commitment{plural}{when}: {', '.join(parts)}"
    if not tally.settled:
        return line + "; none has had its outcome yet."
    return (
        f"{line}; {_percent(tally.on_time_rate)} kept on time and {_percent(tally.kept_rate)}"
        f" kept at all, of {tally.settled} settled."
    )
