"""Law packs: the legal ways to free a person held by one state in one era, as data.

A pack lists mechanisms; each names who decides, which steps must come first, the event that
opens it and the event (or date) that closes it, the stages in which it may be used, what rules
it out, the conditions that may be attached, and its legal basis. Packs are read from files
(`law/packs/*.yaml`, and a deployment's own folder); `pack_from_plain` turns one file's data,
already checked against the JSON Schema, into these objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property
from typing import Any

from glienicke.domain.detention import Jurisdiction, StageKind
from glienicke.domain.proposals import StepPhase


class Event(StrEnum):
    """What the evaluator can date from a detention's stages and sentence."""

    HELD = "held"
    ARREST = "arrest"
    CHARGE = "charge"
    TRIAL = "trial"
    CONVICTION = "conviction"
    SENTENCING = "sentencing"
    FINAL_JUDGMENT = "final-judgment"
    SERVICE_BEGINS = "service-begins"
    ONE_THIRD_SERVED = "one-third-served"
    SIX_MONTHS_LEFT = "six-months-left"
    TERM_ENDS = "term-ends"


# How an event reads in an explanation: (before it happens, once it has happened).
EVENT_TEXT: dict[Event, tuple[str, str]] = {
    Event.HELD: ("the person is held", "the person was first held"),
    Event.ARREST: ("the person is arrested", "the arrest was made"),
    Event.CHARGE: ("charges are brought", "charges were brought"),
    Event.TRIAL: ("the trial begins", "the trial began"),
    Event.CONVICTION: ("the defendant is convicted", "the conviction came"),
    Event.SENTENCING: ("the sentence is imposed", "the sentence was imposed"),
    Event.FINAL_JUDGMENT: ("the judgment becomes final", "the judgment became final"),
    Event.SERVICE_BEGINS: ("service of the sentence begins", "service of the sentence began"),
    Event.ONE_THIRD_SERVED: ("a third of the term is served", "a third of the term was served"),
    Event.SIX_MONTHS_LEFT: (
        "fewer than six months of the term remain",
        "fewer than six months of the term remained",
    ),
    Event.TERM_ENDS: ("the term ends", "the term ended"),
}


class StepKind(StrEnum):
    RECOMMENDATION = "recommendation"
    MOTION = "motion"
    CONCURRENCE = "concurrence"
    CONSENT = "consent"
    APPROVAL = "approval"
    ADVICE = "advice"
    STATEMENT = "statement"
    REQUEST = "request"


class Exclusion(StrEnum):
    """Facts about a detention that rule a mechanism out."""

    DEATH_SENTENCE = "death-sentence"
    LIFE_SENTENCE = "life-sentence"
    NO_SENTENCE = "no-sentence"
    VIOLENT_OFFENCE = "violent-offence"
    PUNISHABLE_BY_DEATH_OR_LIFE = "punishable-by-death-or-life"
    CLASS_A_OR_B_FELONY = "class-a-or-b-felony"  # a maximum of 25 years or more, life or death
    NO_TRANSFER_TREATY = "no-transfer-treaty"


EXCLUSION_TEXT = {
    Exclusion.DEATH_SENTENCE: "the sentence is death",
    Exclusion.LIFE_SENTENCE: "the sentence is imprisonment for life",
    Exclusion.NO_SENTENCE: "no term of imprisonment has been imposed",
    Exclusion.VIOLENT_OFFENCE: "the offence is one of violence",
    Exclusion.PUNISHABLE_BY_DEATH_OR_LIFE: "the offence is punishable by death or life imprisonment",
    Exclusion.CLASS_A_OR_B_FELONY: (
        "the offence carries a statutory maximum of 25 years or more, life or death (a Class A"
        " or B felony)"
    ),
    Exclusion.NO_TRANSFER_TREATY: (
        "no prisoner-transfer treaty between the holding state and the person's state is on"
        " record as in force"
    ),
}

# What the record leaves unsaid that would rule a mechanism out, in words.
UNKNOWN_TEXT = {
    Exclusion.VIOLENT_OFFENCE: "the record does not say whether the offence was one of violence",
    Exclusion.NO_TRANSFER_TREATY: (
        "the record does not say which state the person is a national of, so whether a transfer"
        " treaty applies is not known"
    ),
}


@dataclass(frozen=True)
class Passage:
    """A piece of a mechanism's text with the days it may be said on: an authority is cited
    only once it exists (a case from its decision, a rule from its effective date), and an
    event is told only once it has happened. No date: it holds on every day."""

    text: str
    since: date | None = None
    until: date | None = None

    def holds_on(self, day: date) -> bool:
        if self.since is not None and day < self.since:
            return False
        return self.until is None or day <= self.until


Dated = tuple[Passage, ...]

# How the passages of each text field join into one text.
JOINERS = {"decider": " ", "basis": "; ", "explanation": " ", "closed_reason": " ", "note": "; "}


def text_on(passages: Iterable[Passage], day: date | None, joiner: str = " ") -> str:
    """The passages that hold on the day (every one when `day` is None), joined."""
    return joiner.join(p.text for p in passages if day is None or p.holds_on(day))


def change_days(passages: Iterable[Passage]) -> set[date]:
    """The days on which the text made of these passages may change."""
    days: set[date] = set()
    for p in passages:
        if p.since is not None:
            days.add(p.since)
        if p.until is not None and p.until < date.max:
            days.add(p.until + timedelta(days=1))
    return days


@dataclass(frozen=True)
class Step:
    """Something that must happen before the decider acts: a recommendation, a concurrence."""

    key: str
    kind: StepKind
    by: str
    note: str | None = None
    phase: StepPhase = StepPhase.CLEARANCE
    dated_note: Dated = field(default=(), compare=False)  # the note's passages, when dated

    def on(self, day: date) -> Step:
        """The step as it could be described on the day."""
        if not self.dated_note:
            return self
        return replace(self, note=text_on(self.dated_note, day, JOINERS["note"]) or None)


@dataclass(frozen=True)
class Closing:
    """What closes a mechanism: an event (with a period after it), or a fixed date."""

    event: Event | None = None
    after_days: int = 0
    on: date | None = None


@dataclass(frozen=True)
class Mechanism:
    key: str
    name: str
    decider: str
    opens: Event
    basis: str
    explanation: str
    closed_reason: str
    requires: tuple[Step, ...] = ()
    closes: Closing | None = None  # None: it never closes while the person is held
    available_in: frozenset[StageKind] | None = None  # None: in any stage while held
    excluded_if: frozenset[Exclusion] = frozenset()
    in_force_from: date | None = None
    in_force_until: date | None = None
    conditions: tuple[str, ...] = ()
    jurisdiction: Jurisdiction | None = None  # None: proceedings in any jurisdiction
    # The passages of the texts that change with the day (decider, basis, explanation,
    # closed_reason, conditions); the plain fields above hold every passage, for undated use.
    dated: tuple[tuple[str, Dated], ...] = field(default=(), compare=False)

    def in_force_on(self, day: date) -> bool:
        """Whether the law the mechanism rests on was in force on the day."""
        if self.in_force_from is not None and day < self.in_force_from:
            return False
        return self.in_force_until is None or day <= self.in_force_until

    def on(self, day: date) -> Mechanism:
        """The mechanism as it could be described on the day: only the authority that existed
        then, and only the events that had happened by then."""
        if not self.dated and not any(s.dated_note for s in self.requires):
            return self
        texts: dict[str, object] = {}
        for name, passages in self.dated:
            if name == "conditions":
                texts[name] = tuple(p.text for p in passages if p.holds_on(day))
            else:
                text = text_on(passages, day, JOINERS[name])
                texts[name] = text.rstrip(".") if name == "closed_reason" else text
        texts["requires"] = tuple(s.on(day) for s in self.requires)
        return replace(self, **texts)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LawPack:
    key: str
    name: str
    states: frozenset[str]
    summary: str
    mechanisms: tuple[Mechanism, ...]
    applies_from: date | None = None
    applies_until: date | None = None
    source: str = field(default="", compare=False)  # the file it came from
    jurisdictions: frozenset[Jurisdiction] | None = None  # None: proceedings in any

    @cached_property
    def compiled(self) -> dict[date, Any]:
        """Room for the evaluator's tables of this pack, one for each day it was asked about
        (filled and bounded by `glienicke.law.evaluator`)."""
        return {}

    @cached_property
    def _by_day(self) -> dict[date, tuple[tuple[Mechanism, ...], tuple[str, ...]]]:
        return {}

    def on(self, day: date) -> tuple[tuple[Mechanism, ...], tuple[str, ...]]:
        """The mechanisms in force on the day, as they could be described then, and the keys of
        those that were not in force (worked out once per day)."""
        cache = self._by_day
        found = cache.get(day)
        if found is None:
            if len(cache) > 4096:
                cache.clear()
            found = cache[day] = (
                tuple(m.on(day) for m in self.mechanisms if m.in_force_on(day)),
                tuple(m.key for m in self.mechanisms if not m.in_force_on(day)),
            )
        return found

    def covers(self, state: str, day: date, jurisdiction: Jurisdiction | None = None) -> bool:
        """Whether the pack governs a detention by this state for an offence of this day (in
        this jurisdiction, when the record says)."""
        if state not in self.states:
            return False
        if self.jurisdictions is not None and jurisdiction not in (None, *self.jurisdictions):
            return False
        if self.applies_from is not None and day < self.applies_from:
            return False
        return self.applies_until is None or day <= self.applies_until


def choose_pack(
    packs: list[LawPack], state: str, day: date, jurisdiction: Jurisdiction | None = None
) -> LawPack | None:
    """The pack for a detention by `state` for an offence of `day`: of those that cover it,
    the one with the latest start (the most specific era); None when no pack covers it."""
    covering = [p for p in packs if p.covers(state, day, jurisdiction)]
    if not covering:
        return None
    return max(covering, key=lambda p: (p.applies_from or date.min, p.key))
