"""The windows evaluator written for reading, not for speed: every rule in the order it is
applied, one mechanism at a time. `glienicke.law.evaluator.evaluate` gives the same answers
from tables worked out once per pack and day; the tests check that the two agree on generated
detentions, and bench/windows.py measures one against the other.

Nothing in the product calls this module.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.detention import ENDING, Detention, Stage, StageKind
from glienicke.law.evaluator import (
    CLASS_B_MONTHS,
    Facts,
    Occurrence,
    Reason,
    Status,
    Window,
    Windows,
)
from glienicke.law.model import Closing, Event, Exclusion, LawPack, Mechanism

S = StageKind


def history_as_of(detention: Detention, as_of: date) -> list[Stage]:
    """The stages that may have been reached by the as-of day, oldest first."""
    return [s for s in detention.stages if s.date.earliest() <= as_of]


def occurrences(
    detention: Detention, as_of: date, stages: list[Stage] | None = None
) -> dict[Event, Occurrence]:
    """Every event the detention's records date, as they stood on the as-of day (`stages`:
    the history as of that day, when the caller has it already)."""
    if stages is None:
        stages = history_as_of(detention, as_of)
    found: dict[Event, Occurrence] = {}
    firsts: dict[StageKind, Stage] = {}
    for stage in stages:
        firsts.setdefault(stage.stage, stage)
    first = firsts.get

    def fact(day: PartialDate | None, estimated: bool = False) -> Occurrence | None:
        if day is None:
            return None
        return Occurrence(day, day.earliest() <= as_of and not estimated, estimated)

    start = stages[0].date if stages else None
    arrest = first(S.ARRESTED)
    since = detention.since if detention.since and detention.since.earliest() <= as_of else None
    held = (arrest.date if arrest else None) or since or start
    if held is not None:
        found[Event.HELD] = Occurrence(held, True)
        found[Event.ARREST] = Occurrence(held, True)
    for event, kind in (
        (Event.CHARGE, S.CHARGED),
        (Event.TRIAL, S.ON_TRIAL),
        (Event.CONVICTION, S.CONVICTED),
    ):
        reached = first(kind)
        if reached is not None:
            found[event] = Occurrence(reached.date, True)
    sentence = detention.sentence
    sentenced = first(S.SENTENCED) or first(S.CONDEMNED_TO_DEATH)
    if sentenced is not None:
        found[Event.SENTENCING] = Occurrence(sentenced.date, True)
    elif sentence is not None and (imposed := fact(sentence.imposed_on)) and imposed.happened:
        found[Event.SENTENCING] = imposed
    if Event.SENTENCING in found:
        appeals = [s for s in stages if s.stage in (S.APPEAL_PENDING, S.APPEAL_UPHELD)]
        if not appeals:
            found[Event.FINAL_JUDGMENT] = found[Event.SENTENCING]
        elif appeals[-1].stage is S.APPEAL_UPHELD:
            found[Event.FINAL_JUDGMENT] = Occurrence(appeals[-1].date, True)
    serving = first(S.SERVING)
    service: Occurrence | None = None
    if serving is not None:
        service = Occurrence(serving.date, True)
    elif sentence is not None and sentence.service_begins_on is not None:
        service = fact(sentence.service_begins_on)
        if service is not None and not service.happened:
            service = replace(service, estimated=True)
    elif sentence is not None and sentence.grace_until is not None:
        # Service is due when the grace runs out: an estimate until a stage records it.
        grace = sentence.grace_until
        service = Occurrence(grace, False, True) if grace.latest() >= as_of else None
    if service is not None:
        found[Event.SERVICE_BEGINS] = service
        months = sentence.term_months if sentence is not None else None
        counted_from = service.date
        credit = sentence.credited_from if sentence is not None else None
        if (
            credit is not None
            and counted_from is not None
            and credit.earliest() < counted_from.earliest()
        ):
            counted_from = credit  # custody before the sentence counts against the term
        if counted_from is not None and months:
            for event, offset in (
                (Event.ONE_THIRD_SERVED, months / 3),
                (Event.SIX_MONTHS_LEFT, months - 6),
                (Event.TERM_ENDS, months),
            ):
                if offset < 0:
                    continue
                day = _add_months(counted_from, offset)
                found[event] = Occurrence(day, day.latest() <= as_of, True)
    return found


def _add_months(start: PartialDate, months: float) -> PartialDate:
    """A date some months after another, no more precise than the start was."""
    base = start.earliest() if start.qualifier is not Qualifier.BEFORE else start.latest()
    whole = int(months)
    days = round((months - whole) * 30.44)
    year, month = divmod(base.month - 1 + whole, 12)
    target_year, target_month = base.year + year, month + 1
    day = min(base.day, calendar.monthrange(target_year, target_month)[1])
    moved = date(target_year, target_month, day) + timedelta(days=days)
    if start.precision == "year":
        return PartialDate(moved.year, qualifier=Qualifier.ABOUT)
    if start.precision == "month" or start.qualifier is not Qualifier.EXACT:
        return PartialDate(moved.year, moved.month, qualifier=Qualifier.ABOUT)
    return PartialDate(moved.year, moved.month, moved.day)


def _plus_days(day: PartialDate, days: int) -> PartialDate:
    if days == 0:
        return day
    moved = day.earliest() + timedelta(days=days)
    if day.precision in ("day", "minute"):
        return PartialDate(moved.year, moved.month, moved.day, qualifier=day.qualifier)
    return PartialDate(moved.year, moved.month, qualifier=Qualifier.ABOUT)


def exclusions(
    detention: Detention, stages: list[Stage], facts: Facts | None = None
) -> set[Exclusion]:
    """The facts on record that rule mechanisms out."""
    found: set[Exclusion] = set()
    charges = detention.charges
    if any(c.violent for c in charges):
        found.add(Exclusion.VIOLENT_OFFENCE)
    if any(c.max_penalty is not None for c in charges):
        found.add(Exclusion.PUNISHABLE_BY_DEATH_OR_LIFE)
    if any(
        c.max_penalty is not None or (c.max_term_months or 0) >= CLASS_B_MONTHS for c in charges
    ):
        found.add(Exclusion.CLASS_A_OR_B_FELONY)
    if facts is not None and facts.transfer_treaty is False:
        found.add(Exclusion.NO_TRANSFER_TREATY)
    sentence = detention.sentence
    if any(s.stage is S.CONDEMNED_TO_DEATH for s in stages) or (sentence and sentence.death):
        found.add(Exclusion.DEATH_SENTENCE)
    if sentence is not None and sentence.life:
        found.add(Exclusion.LIFE_SENTENCE)
    if sentence is None or not (sentence.term_months or sentence.life or sentence.death):
        found.add(Exclusion.NO_SENTENCE)
    return found


def unknowns(detention: Detention, facts: Facts | None) -> set[Exclusion]:
    """What would rule mechanisms out but the record leaves unsaid."""
    found = set()
    if not any(c.violent is not None for c in detention.charges):
        found.add(Exclusion.VIOLENT_OFFENCE)
    if facts is None or facts.transfer_treaty is None:
        found.add(Exclusion.NO_TRANSFER_TREATY)
    return found


def evaluate(
    detention: Detention, pack: LawPack, as_of: date, facts: Facts | None = None
) -> Windows:
    """Every mechanism of the pack in force on the as-of day, for this detention as it stood
    then, described with the authority that existed then; the others are only named."""
    stages = history_as_of(detention, as_of)
    events = occurrences(detention, as_of, stages)
    ruled_out = exclusions(detention, stages, facts)
    unsaid = unknowns(detention, facts) - ruled_out
    current = stages[-1] if stages else None
    closings: dict[Closing | None, tuple[Event | None, PartialDate | None, bool]] = {}
    in_force, not_in_force = pack.on(as_of)
    return Windows(
        detention=detention.key,
        person=detention.person,
        as_of=as_of,
        pack=pack.key,
        stage=current.stage if current else None,
        windows=tuple(
            _window(m, events, ruled_out, current, as_of, closings, detention, unsaid)
            for m in in_force
        ),
        not_in_force=not_in_force,
    )


def _window(
    mechanism: Mechanism,
    events: dict[Event, Occurrence],
    ruled_out: set[Exclusion],
    current: Stage | None,
    as_of: date,
    closings: dict[Closing | None, tuple[Event | None, PartialDate | None, bool]],
    detention: Detention,
    unsaid: set[Exclusion],
) -> Window:
    opened = events.get(mechanism.opens)
    opens_on = opened.date if opened else None
    closing = closings.get(mechanism.closes)
    if closing is None:  # mechanisms often share a closing: work each out once
        closing = closings[mechanism.closes] = _closing(mechanism, events)
    closes_event, closes_on, estimated = closing
    ground: Stage | Exclusion | PartialDate | None
    held_in = detention.jurisdiction
    if current is not None and current.stage in ENDING:
        status, reason, ground = Status.CLOSED, Reason.ENDED, current
    elif (
        mechanism.jurisdiction is not None
        and held_in is not None
        and held_in != mechanism.jurisdiction
    ):
        status, reason, ground = Status.CLOSED, Reason.WRONG_JURISDICTION, None
    elif mechanism.jurisdiction is not None and held_in is None:
        status, reason, ground = Status.NOT_YET, Reason.JURISDICTION_UNKNOWN, None
    elif mechanism.excluded_if and ruled_out and ruled_out & mechanism.excluded_if:
        status, reason = Status.CLOSED, Reason.EXCLUDED
        ground = min(ruled_out & mechanism.excluded_if)
    elif (closed_by := _closed_by(mechanism, events, closes_event, closes_on, as_of)) is not None:
        status, reason, ground = Status.CLOSED, closed_by[0], closed_by[1]
    elif opened is None or not opened.happened:
        status, reason, ground = Status.NOT_YET, Reason.NOT_YET, None
    elif (
        mechanism.available_in is not None
        and current is not None
        and current.stage not in mechanism.available_in
    ):
        status, reason, ground = Status.CLOSED, Reason.WRONG_STAGE, current
    else:
        status, reason, ground = Status.OPEN, Reason.OPEN, None
    unknown = tuple(sorted(mechanism.excluded_if & unsaid)) if status is not Status.CLOSED else ()
    return Window(
        mechanism,
        status,
        opens_on,
        closes_event,
        closes_on,
        estimated,
        reason,
        ground,
        unknown,
        held_in.value if held_in is not None else None,
    )


def _closed_by(
    mechanism: Mechanism,
    events: dict[Event, Occurrence],
    closes_event: Event | None,
    closes_on: PartialDate | None,
    as_of: date,
) -> tuple[Reason, PartialDate | None] | None:
    """Why the mechanism has closed by the as-of day, if it has."""
    closing = mechanism.closes
    if closing is None:
        return None
    if closing.on is not None:
        return (Reason.CLOSED_ON_DATE, None) if as_of > closing.on else None
    if closes_event is not None and closes_on is not None:
        occurred = events[closes_event]
        if occurred.happened and closes_on.earliest() <= as_of:
            return Reason.CLOSED_BY_EVENT, occurred.date
    return None


def _closing(
    mechanism: Mechanism, events: dict[Event, Occurrence]
) -> tuple[Event | None, PartialDate | None, bool]:
    closing = mechanism.closes
    if closing is None:
        return None, None, False
    if closing.on is not None:
        return None, PartialDate.of(closing.on), False
    event = closing.event
    assert event is not None
    occurred = events.get(event)
    if occurred is None or occurred.date is None:
        return event, None, False
    return event, _plus_days(occurred.date, closing.after_days), occurred.estimated
