"""The windows evaluator: for a detention and a day, which legal ways to release are open, not
yet open or closed, why, who decides, what must come first, and when each closes.

Pure and deterministic. The history is read as it stood on the as-of day: a stage counts once
it may have happened by then (a stage dated only "1964" counts on any day of 1964, and the
answer says the date is known only to the year). Dates the records give loosely are never
sharpened: an explanation names the precision it rests on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.detention import ENDING, Detention, Stage, StageKind
from glienicke.law.model import (
    EVENT_TEXT,
    EXCLUSION_TEXT,
    UNKNOWN_TEXT,
    Closing,
    Event,
    Exclusion,
    LawPack,
    Mechanism,
    Step,
)

S = StageKind


class Status(StrEnum):
    OPEN = "open"
    NOT_YET = "not-yet"
    CLOSED = "closed"


@dataclass(slots=True)
class Occurrence:
    """An event of a detention: when (if known), whether it had happened by the as-of day, and
    whether its date is only an estimate (a sentence's expected start, a computed term)."""

    date: PartialDate | None
    happened: bool
    estimated: bool = False


@dataclass(frozen=True)
class Facts:
    """What the evaluator needs to know beyond the detention itself, found by the caller in
    the rest of the record: whether a prisoner-transfer treaty between the holding state and
    the person's state was in force on the day (None: the record cannot say)."""

    transfer_treaty: bool | None = None


class Reason(StrEnum):
    """Why a window has its status; the explanation is written from it when asked for."""

    OPEN = "open"
    NOT_YET = "not-yet"
    ENDED = "ended"
    WRONG_JURISDICTION = "wrong-jurisdiction"
    JURISDICTION_UNKNOWN = "jurisdiction-unknown"
    EXCLUDED = "excluded"
    CLOSED_ON_DATE = "closed-on-date"
    CLOSED_BY_EVENT = "closed-by-event"
    WRONG_STAGE = "wrong-stage"


# Not frozen: a frozen dataclass pays for object.__setattr__ on every field, and the
# evaluator makes hundreds of thousands of these. Nothing changes a window once made.
@dataclass(slots=True)
class Window:
    mechanism: Mechanism
    status: Status
    opens_on: PartialDate | None
    closes: Event | None
    closes_on: PartialDate | None
    closes_estimated: bool
    reason: Reason
    # What the reason rests on: the stage reached, the exclusion, or the event's date.
    ground: Stage | Exclusion | PartialDate | None = None
    unknown: tuple[Exclusion, ...] = ()  # what would rule it out, that the record leaves unsaid
    jurisdiction: str | None = None  # the detention's, when the reason is about jurisdiction

    @property
    def key(self) -> str:
        return self.mechanism.key

    @property
    def opens(self) -> Event:
        return self.mechanism.opens

    @property
    def requires(self) -> tuple[Step, ...]:
        return self.mechanism.requires

    @property
    def explanation(self) -> str:
        """The status in words, citing the basis; dates as loosely as the records give them."""
        return explain(self)


@dataclass(frozen=True)
class Windows:
    detention: str
    person: str
    as_of: date
    pack: str
    stage: StageKind | None  # the stage reached by the as-of day
    windows: tuple[Window, ...]  # one for each mechanism in force on the as-of day
    not_in_force: tuple[str, ...] = ()  # the pack's other mechanisms, not evaluated


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


CLASS_B_MONTHS = 25 * 12  # 18 U.S.C. 3559(a): a maximum of 25 years or more is Class B


def unknowns(detention: Detention, facts: Facts | None) -> set[Exclusion]:
    """What would rule mechanisms out but the record leaves unsaid."""
    found = set()
    if not any(c.violent is not None for c in detention.charges):
        found.add(Exclusion.VIOLENT_OFFENCE)
    if facts is None or facts.transfer_treaty is None:
        found.add(Exclusion.NO_TRANSFER_TREATY)
    return found


def honest(day: PartialDate | None) -> str:
    """A date as the records give it, saying when it is known only loosely."""
    if day is None:
        return "on a date not on record"
    text = str(day)
    if day.precision in ("day", "minute") and day.qualifier is Qualifier.EXACT:
        return f"on {text}"
    loose = {"year": " (known only to the year)", "month": " (known only to the month)"}
    return f"{'in' if day.precision in loose else 'on'} {text}{loose.get(day.precision, '')}"


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


def explain(window: Window) -> str:
    m, ground, basis = window.mechanism, window.ground, window.mechanism.basis
    reason = window.reason
    caveat = "".join(f" Note: {UNKNOWN_TEXT[e]}, which would rule it out." for e in window.unknown)
    if reason is Reason.OPEN:
        return (
            f"Open: {EVENT_TEXT[m.opens][1]} {honest(window.opens_on)}"
            f"{_closing_text(window)}. {m.explanation} ({basis}){caveat}"
        )
    if reason is Reason.NOT_YET:
        expected = f", expected {honest(window.opens_on)}" if window.opens_on else ""
        return (
            f"Not yet open: it opens when {EVENT_TEXT[m.opens][0]}{expected}"
            f"{_closing_text(window)} ({basis}).{caveat}"
        )
    if reason is Reason.JURISDICTION_UNKNOWN and m.jurisdiction is not None:
        return (
            f"Cannot be judged: it is only for proceedings in {m.jurisdiction.value}"
            " jurisdiction, and the record does not say whose jurisdiction these are in"
            f" ({basis})."
        )
    if reason is Reason.WRONG_JURISDICTION and m.jurisdiction is not None:
        why = (
            f"the proceedings are in {window.jurisdiction} jurisdiction, and under {basis} it is"
            f" only for proceedings in {m.jurisdiction.value} jurisdiction"
        )
    elif reason is Reason.ENDED and isinstance(ground, Stage):
        why = f"the person is no longer held ({ground.stage.value} {honest(ground.date)})"
    elif reason is Reason.EXCLUDED and isinstance(ground, Exclusion):
        why = f"{EXCLUSION_TEXT[ground]}; under {basis}, {m.closed_reason}"
    elif reason is Reason.CLOSED_ON_DATE:
        why = f"it closed on {window.closes_on}; under {basis}, {m.closed_reason}"
    elif reason is Reason.CLOSED_BY_EVENT and window.closes is not None:
        after = m.closes.after_days if m.closes else 0
        period = f" and {after} days have passed since" if after else ""
        happened = ground if isinstance(ground, PartialDate) else None
        why = (
            f"{EVENT_TEXT[window.closes][1]} {honest(happened)}{period}; under {basis},"
            f" {m.closed_reason}"
        )
    elif isinstance(ground, Stage):
        why = (
            f"it is not available at the stage '{ground.stage.value}' reached"
            f" {honest(ground.date)} ({basis})"
        )
    else:  # pragma: no cover - every reason is handled above
        why = reason.value
    return f"Closed: {why}."


def _closing_text(window: Window) -> str:
    closing = window.mechanism.closes
    if closing is None:
        return "; it does not close while the person is held"
    if window.closes is None:
        return f"; it closes after {window.closes_on}"
    period = f" {closing.after_days} days after" if closing.after_days else " when"
    text = f"; it closes{period} {EVENT_TEXT[window.closes][0]}"
    if window.closes_on is not None:
        word = "expected" if window.closes_estimated else "due"
        text += f" ({word} {honest(window.closes_on)})"
    return text
