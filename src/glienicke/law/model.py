"""Law packs: the legal ways to free a person held by one state in one era, as data.

A pack lists mechanisms; each names who decides, which steps must come first, the event that
opens it and the event (or date) that closes it, the stages in which it may be used, what rules
it out, the conditions that may be attached, and its legal basis. Packs are read from files
(`law/packs/*.yaml`, and a deployment's own folder); `pack_from_plain` turns one file's data,
already checked against the JSON Schema, into these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from glienicke.domain.detention import StageKind
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


EXCLUSION_TEXT = {
    Exclusion.DEATH_SENTENCE: "the sentence is death",
    Exclusion.LIFE_SENTENCE: "the sentence is imprisonment for life",
    Exclusion.NO_SENTENCE: "no term of imprisonment has been imposed",
    Exclusion.VIOLENT_OFFENCE: "the offence is one of violence",
}


@dataclass(frozen=True)
class Step:
    """Something that must happen before the decider acts: a recommendation, a concurrence."""

    key: str
    kind: StepKind
    by: str
    note: str | None = None
    phase: StepPhase = StepPhase.CLEARANCE


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

    def covers(self, state: str, day: date) -> bool:
        """Whether the pack governs a detention by this state that began on this day."""
        if state not in self.states:
            return False
        if self.applies_from is not None and day < self.applies_from:
            return False
        return self.applies_until is None or day <= self.applies_until


def choose_pack(packs: list[LawPack], state: str, day: date) -> LawPack | None:
    """The pack for a detention by `state` that began on `day`: of those that cover it, the
    one with the latest start (the most specific era); None when no pack covers it."""
    covering = [p for p in packs if p.covers(state, day)]
    if not covering:
        return None
    return max(covering, key=lambda p: (p.applies_from or date.min, p.key))
