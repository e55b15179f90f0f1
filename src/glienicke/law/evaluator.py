"""The windows evaluator: for a detention and a day, which legal ways to release are open, not
yet open or closed, why, who decides, what must come first, and when each closes.

Pure and deterministic. The history is read as it stood on the as-of day: a stage counts once
it may have happened by then (a stage dated only "1964" counts on any day of 1964, and the
answer says the date is known only to the year). Dates the records give loosely are never
sharpened: an explanation names the precision it rests on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from glienicke.domain.dates import PartialDate, Qualifier, unchecked
from glienicke.domain.detention import ENDING, Detention, Jurisdiction, Stage, StageKind
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


# A named tuple: the evaluator makes millions of these, and a tuple is made in a fraction of
# the time any class with an __init__ takes (`_window`). Nothing changes a window once made.
class Window(NamedTuple):
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


# Not frozen: a frozen dataclass pays for object.__setattr__ on every field, and the evaluator
# makes hundreds of thousands of these. Nothing changes them once made.
@dataclass(slots=True)
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


# What the evaluator knows of an event: (its date, whether it had happened by the as-of day,
# whether the date is only an estimate). A tuple, not an Occurrence: there are millions.
_Fact = tuple[PartialDate, bool, bool]

# Each event and each exclusion as one bit, so that a detention's situation is a few integers.
_EVENT_BIT = {event: 1 << i for i, event in enumerate(Event)}
_EXCLUSION_BIT = {exclusion: 1 << i for i, exclusion in enumerate(Exclusion)}
_TERM_EVENTS = (Event.ONE_THIRD_SERVED, Event.SIX_MONTHS_LEFT, Event.TERM_ENDS)
_HELD_BITS = _EVENT_BIT[Event.HELD] | _EVENT_BIT[Event.ARREST]
# Enum members under module names for the code that runs for every detention: reading one
# through its class goes through the enum's metaclass, about ten times the cost of a global.
_HELD, _ARREST, _SENTENCING = Event.HELD, Event.ARREST, Event.SENTENCING
_FINAL, _SERVICE = Event.FINAL_JUDGMENT, Event.SERVICE_BEGINS
_SENTENCING_BIT, _FINAL_BIT = _EVENT_BIT[_SENTENCING], _EVENT_BIT[_FINAL]
_SERVICE_BIT = _EVENT_BIT[_SERVICE]
_ARRESTED, _SENTENCED, _CONDEMNED = S.ARRESTED, S.SENTENCED, S.CONDEMNED_TO_DEATH
_PENDING, _UPHELD, _SERVING = S.APPEAL_PENDING, S.APPEAL_UPHELD, S.SERVING
_EXACT, _ABOUT, _BEFORE = Qualifier.EXACT, Qualifier.ABOUT, Qualifier.BEFORE
_CHARGE, _TRIAL, _CONVICTION = Event.CHARGE, Event.TRIAL, Event.CONVICTION
_CHARGE_BIT, _TRIAL_BIT = _EVENT_BIT[_CHARGE], _EVENT_BIT[_TRIAL]
_CONVICTION_BIT = _EVENT_BIT[_CONVICTION]
_CHARGED, _ON_TRIAL, _CONVICTED = S.CHARGED, S.ON_TRIAL, S.CONVICTED


def occurrences(
    detention: Detention, as_of: date, stages: list[Stage] | None = None
) -> dict[Event, Occurrence]:
    """Every event the detention's records date, as they stood on the as-of day (`stages`:
    the history as of that day, when the caller has it already)."""
    if stages is None:
        stages = history_as_of(detention, as_of)
    found, _bits = _dated(detention, as_of, stages, {s.stage: s for s in reversed(stages)})
    return {event: Occurrence(*fact) for event, fact in found.items()}


def _dated(
    detention: Detention, as_of: date, stages: list[Stage], firsts: dict[StageKind, Stage]
) -> tuple[dict[Event, _Fact], int]:
    """The events of `occurrences`, and the bits of those that had happened by the as-of day
    (`firsts`: the first stage of each kind in the history as of that day)."""
    found: dict[Event, _Fact] = {}
    bits = 0
    first = firsts.get
    arrest = first(_ARRESTED)
    held: PartialDate | None
    if arrest is not None:
        held = arrest.date
    elif (since := detention.since) is not None and since.earliest() <= as_of:
        held = since
    else:
        held = stages[0].date if stages else None
    if held is not None:
        found[_HELD] = found[_ARREST] = (held, True, False)
        bits = _HELD_BITS
    if (reached := first(_CHARGED)) is not None:
        found[_CHARGE] = (reached.date, True, False)
        bits |= _CHARGE_BIT
    if (reached := first(_ON_TRIAL)) is not None:
        found[_TRIAL] = (reached.date, True, False)
        bits |= _TRIAL_BIT
    if (reached := first(_CONVICTED)) is not None:
        found[_CONVICTION] = (reached.date, True, False)
        bits |= _CONVICTION_BIT
    sentence = detention.sentence
    sentenced = first(_SENTENCED) or first(_CONDEMNED)
    sentencing: _Fact | None = None
    if sentenced is not None:
        sentencing = (sentenced.date, True, False)
    elif (
        sentence is not None
        and (imposed := sentence.imposed_on) is not None
        and imposed.earliest() <= as_of
    ):
        sentencing = (imposed, True, False)
    if sentencing is not None:
        found[_SENTENCING] = sentencing
        final: _Fact | None = sentencing  # no appeal on record: the sentence is final
        for stage in reversed(stages):
            if stage.stage is _PENDING:
                final = None
                break
            if stage.stage is _UPHELD:
                final = (stage.date, True, False)
                break
        bits |= _SENTENCING_BIT
        if final is not None:
            found[_FINAL] = final
            bits |= _FINAL_BIT
    serving = first(_SERVING)
    service: _Fact | None = None
    if serving is not None:
        service = (serving.date, True, False)
    elif sentence is not None:
        if (begins := sentence.service_begins_on) is not None:
            began = begins.earliest() <= as_of
            service = (begins, began, not began)  # an estimate until it has begun
        elif (grace := sentence.grace_until) is not None and grace.latest() >= as_of:
            # Service is due when the grace runs out: an estimate until a stage records it.
            service = (grace, False, True)
    if service is None:
        return found, bits
    found[_SERVICE] = service
    if service[1]:
        bits |= _SERVICE_BIT
    months = sentence.term_months if sentence is not None else None
    if not months or sentence is None:
        return found, bits
    counted_from = service[0]
    credit = sentence.credited_from
    if credit is not None and credit.earliest() < counted_from.earliest():
        counted_from = credit  # custody before the sentence counts against the term
    for event, offset in zip(_TERM_EVENTS, (months / 3, months - 6, months), strict=True):
        if offset < 0:
            continue
        day = _add_months(counted_from, offset)
        happened = day.latest() <= as_of
        found[event] = (day, happened, True)
        if happened:
            bits |= _EVENT_BIT[event]
    return found, bits


def _add_months(start: PartialDate, months: float) -> PartialDate:
    """A date some months after another, no more precise than the start was."""
    base = start.earliest() if start.qualifier is not _BEFORE else start.latest()
    whole = int(months)
    days = round((months - whole) * 30.44)
    year, month = divmod(base.month - 1 + whole, 12)
    target_year, target_month = base.year + year, month + 1
    day = min(base.day, calendar.monthrange(target_year, target_month)[1])
    moved = date(target_year, target_month, day)
    if days:
        moved += timedelta(days=days)
    if start.month is None:  # known to the year
        return unchecked(moved.year, qualifier=_ABOUT)
    if start.day is None or start.qualifier is not _EXACT:
        return unchecked(moved.year, moved.month, qualifier=_ABOUT)
    return unchecked(moved.year, moved.month, moved.day, _EXACT, (moved, moved))


def _plus_days(day: PartialDate, days: int) -> PartialDate:
    if days == 0:
        return day
    moved = day.earliest() + timedelta(days=days)
    if day.day is None:  # known to the year or the month
        return unchecked(moved.year, moved.month, qualifier=_ABOUT)
    exact = day.qualifier is _EXACT
    return unchecked(
        moved.year, moved.month, moved.day, day.qualifier, (moved, moved) if exact else None
    )


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


def _marks(
    detention: Detention, facts: Facts | None, firsts: dict[StageKind, Stage]
) -> tuple[int, int]:
    """The bits of `exclusions` (what rules mechanisms out) and of `unknowns` (what would,
    but the record leaves unsaid)."""
    ruled = 0
    unsaid = _UNSAID_VIOLENCE
    for charge in detention.charges:
        if charge.violent is not None:
            unsaid = 0
            if charge.violent:
                ruled |= _VIOLENT
        if charge.max_penalty is not None:
            ruled |= _DEATH_OR_LIFE | _CLASS_A_OR_B
        elif (charge.max_term_months or 0) >= CLASS_B_MONTHS:
            ruled |= _CLASS_A_OR_B
    if facts is None or facts.transfer_treaty is None:
        unsaid |= _NO_TREATY
    elif facts.transfer_treaty is False:
        ruled |= _NO_TREATY
    sentence = detention.sentence
    if _CONDEMNED in firsts or (sentence is not None and sentence.death):
        ruled |= _DEATH
    if sentence is None:
        ruled |= _NO_SENTENCE
    else:
        if sentence.life:
            ruled |= _LIFE
        if not (sentence.term_months or sentence.life or sentence.death):
            ruled |= _NO_SENTENCE
    return ruled, unsaid


_B = _EXCLUSION_BIT
_VIOLENT, _NO_TREATY = _B[Exclusion.VIOLENT_OFFENCE], _B[Exclusion.NO_TRANSFER_TREATY]
_UNSAID_VIOLENCE = _VIOLENT
_DEATH, _LIFE = _B[Exclusion.DEATH_SENTENCE], _B[Exclusion.LIFE_SENTENCE]
_NO_SENTENCE = _B[Exclusion.NO_SENTENCE]
_DEATH_OR_LIFE = _B[Exclusion.PUNISHABLE_BY_DEATH_OR_LIFE]
_CLASS_A_OR_B = _B[Exclusion.CLASS_A_OR_B_FELONY]

# Where a window's ground comes from: a constant of the decision (None or an exclusion), the
# stage reached, or the date of the event that closed it.
_CONSTANT, _STAGE, _EVENT = 0, 1, 2

# How a closing reads for one detention: (the event, the day it closes, whether that day is
# an estimate, the day of the event itself).
_Close = tuple[Event | None, PartialDate | None, bool, PartialDate | None]
# One window's verdict, the same for every detention in the same situation: (mechanism, the
# event that opens it, its closing's slot, status, reason, constant ground, ground source,
# what would rule it out that the record leaves unsaid).
_Verdict = tuple[
    Mechanism, Event, int, Status, Reason, Exclusion | None, int, tuple[Exclusion, ...]
]
# A detention's situation: (jurisdiction, exclusion bits, unknown bits, stage reached, bits
# of the opening events that had happened, bits of the closings that had closed).
_Situation = tuple[Jurisdiction | None, int, int, StageKind | None, int, int]

_window = tuple.__new__  # a Window from its fields, without the named tuple's own __new__

_DECISIONS_KEPT = 4096  # situations remembered per pack and day (a few hundred occur)
_PLANS_KEPT = 4096  # days remembered per pack


@dataclass(slots=True)
class _Plan:
    """A pack's mechanisms in force on one day, compiled once: which event opens each, which
    closing slot closes it, and the verdicts worked out so far for each situation met.

    Slot 0 is "never closes"; a closing on a fixed date has a slot whose reading is the same
    for every detention (and whose closed bit is in `closed_on_day`); a closing by an event
    has a slot filled in for each detention from that event's date."""

    as_of: date
    in_force: tuple[Mechanism, ...]
    not_in_force: tuple[str, ...]
    rows: tuple[tuple[Mechanism, Event, int], ...]
    closings: tuple[Closing | None, ...]  # by slot
    template: list[_Close]  # each slot as it reads before any event is dated
    by_event: tuple[tuple[int, Event, int], ...]  # (slot, event, days after it)
    closed_on_day: int  # the bits of the fixed-date slots already past on the day
    opening_bits: int  # the bits of every event that opens a mechanism
    ended: tuple[_Verdict, ...]  # the verdicts once the person is no longer held
    verdicts: dict[_Situation, tuple[_Verdict, ...]]


def _plan(pack: LawPack, as_of: date) -> _Plan:
    plans: dict[date, _Plan] = pack.compiled
    found = plans.get(as_of)
    if found is not None:
        return found
    if len(plans) >= _PLANS_KEPT:
        plans.clear()
    in_force, not_in_force = pack.on(as_of)
    closings: list[Closing | None] = [None]
    template: list[_Close] = [(None, None, False, None)]
    by_event: list[tuple[int, Event, int]] = []
    closed_on_day = 0
    rows = []
    for mechanism in in_force:
        closing = mechanism.closes
        if closing in closings:
            slot = closings.index(closing)
        else:
            slot = len(closings)
            closings.append(closing)
            assert closing is not None
            if closing.on is not None:
                template.append((None, PartialDate.of(closing.on), False, None))
                if as_of > closing.on:
                    closed_on_day |= 1 << slot
            else:
                assert closing.event is not None
                template.append((closing.event, None, False, None))
                by_event.append((slot, closing.event, closing.after_days))
        rows.append((mechanism, mechanism.opens, slot))
    plan = _Plan(
        as_of=as_of,
        in_force=in_force,
        not_in_force=not_in_force,
        rows=tuple(rows),
        closings=tuple(closings),
        template=template,
        by_event=tuple(by_event),
        closed_on_day=closed_on_day,
        opening_bits=sum({_EVENT_BIT[m.opens] for m in in_force}),
        ended=tuple(
            (m, opens, slot, Status.CLOSED, Reason.ENDED, None, _STAGE, ())
            for m, opens, slot in rows
        ),
        verdicts={},
    )
    plans[as_of] = plan
    return plan


def _decide(plan: _Plan, situation: _Situation) -> tuple[_Verdict, ...]:
    """Each window's verdict for a detention in this situation, rule by rule in the order the
    law applies them (the first that speaks decides)."""
    held_in, ruled_bits, unsaid_bits, reached, happened, closed = situation
    ruled = {e for e in Exclusion if ruled_bits & _EXCLUSION_BIT[e]}
    unsaid = {e for e in Exclusion if unsaid_bits & _EXCLUSION_BIT[e]} - ruled
    found: list[_Verdict] = []
    for m, opens, slot in plan.rows:
        ground: Exclusion | None = None
        source = _CONSTANT
        status, reason = Status.CLOSED, Reason.WRONG_JURISDICTION
        if reached is not None and reached in ENDING:
            reason, source = Reason.ENDED, _STAGE
        elif m.jurisdiction is not None and held_in is not None and held_in != m.jurisdiction:
            pass
        elif m.jurisdiction is not None and held_in is None:
            status, reason = Status.NOT_YET, Reason.JURISDICTION_UNKNOWN
        elif m.excluded_if and ruled and ruled & m.excluded_if:
            reason, ground = Reason.EXCLUDED, min(ruled & m.excluded_if)
        elif closed & (1 << slot):
            closing = plan.closings[slot]
            assert closing is not None
            if closing.on is not None:
                reason = Reason.CLOSED_ON_DATE
            else:
                reason, source = Reason.CLOSED_BY_EVENT, _EVENT
        elif not happened & _EVENT_BIT[opens]:
            status, reason = Status.NOT_YET, Reason.NOT_YET
        elif m.available_in is not None and reached is not None and reached not in m.available_in:
            reason, source = Reason.WRONG_STAGE, _STAGE
        else:
            status, reason = Status.OPEN, Reason.OPEN
        unknown = tuple(sorted(m.excluded_if & unsaid)) if status is not Status.CLOSED else ()
        found.append((m, opens, slot, status, reason, ground, source, unknown))
    verdicts = plan.verdicts
    if len(verdicts) >= _DECISIONS_KEPT:
        verdicts.clear()
    decided = verdicts[situation] = tuple(found)
    return decided


def evaluate(
    detention: Detention, pack: LawPack, as_of: date, facts: Facts | None = None
) -> Windows:
    """Every mechanism of the pack in force on the as-of day, for this detention as it stood
    then, described with the authority that existed then; the others are only named.

    The rules themselves are applied once per situation (`_decide`); a detention only has its
    events dated and its situation read. `glienicke.law.reference` applies them one window at a
    time, for reading, and gives the same answers."""
    plan = _plan(pack, as_of)
    stages = [s for s in detention.stages if s.date.earliest() <= as_of]
    firsts = {s.stage: s for s in reversed(stages)}
    found, happened = _dated(detention, as_of, stages, firsts)
    closes = plan.template.copy()
    closed = plan.closed_on_day
    for slot, event, after in plan.by_event:
        fact = found.get(event)
        if fact is not None:
            day = fact[0]
            on = day if after == 0 else _plus_days(day, after)
            closes[slot] = (event, on, fact[2], day)
            if fact[1] and on.earliest() <= as_of:
                closed |= 1 << slot
    current = stages[-1] if stages else None
    reached = current.stage if current is not None else None
    held_in = detention.jurisdiction
    if reached is not None and reached in ENDING:
        decided = plan.ended
    else:
        ruled, unsaid = _marks(detention, facts, firsts)
        situation = (held_in, ruled, unsaid, reached, happened & plan.opening_bits, closed)
        decided = plan.verdicts.get(situation) or _decide(plan, situation)
    jurisdiction = held_in.value if held_in is not None else None
    get = found.get
    return Windows(
        detention.key,
        detention.person,
        as_of,
        pack.key,
        reached,
        tuple(
            [
                _window(
                    Window,
                    (
                        m,
                        status,
                        fact[0] if (fact := get(opens)) is not None else None,
                        (close := closes[slot])[0],
                        close[1],
                        close[2],
                        reason,
                        ground
                        if source == _CONSTANT
                        else current
                        if source == _STAGE
                        else close[3],
                        unknown,
                        jurisdiction,
                    ),
                )
                for m, opens, slot, status, reason, ground, source, unknown in decided
            ]
        ),
        plan.not_in_force,
    )


def honest(day: PartialDate | None) -> str:
    """A date as the records give it, saying when it is known only loosely."""
    if day is None:
        return "on a date not on record"
    text = str(day)
    if day.precision in ("day", "minute") and day.qualifier is Qualifier.EXACT:
        return f"on {text}"
    loose = {"year": " (known only to the year)", "month": " (known only to the month)"}
    return f"{'in' if day.precision in loose else 'on'} {text}{loose.get(day.precision, '')}"


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
