"""Detentions, their legal stages and sentences, and exit restrictions.

The current status of a detention is derived from its stage history and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.errors import Problem, ValidationFailed
from glienicke.domain.fields import doc, many, must, required


class StageKind(StrEnum):
    ARRESTED = "arrested"
    CHARGED = "charged"
    ON_TRIAL = "on-trial"
    CONVICTED = "convicted"
    SENTENCED = "sentenced"
    APPEAL_PENDING = "appeal-pending"
    APPEAL_UPHELD = "appeal-upheld"
    APPEAL_REVERSED = "appeal-reversed"
    SERVING = "serving"
    CONDEMNED_TO_DEATH = "condemned-to-death"
    ON_BAIL = "on-bail"
    RELEASED_TO_AMBASSADOR = "released-to-ambassador"  # into the custody of his state's envoy
    ON_PROBATION = "on-probation"
    PAROLED = "paroled"
    PARDONED = "pardoned"
    COMMUTED = "commuted"
    CHARGES_DROPPED = "charges-dropped"
    RELEASED = "released"
    EXPELLED = "expelled"
    EXCHANGED = "exchanged"
    DEPARTED = "departed"
    DIED = "died"


S = StageKind

# A stage may only follow one of the stages listed for it (any of them, recorded earlier).
# The rule is deliberately loose where records are often incomplete: a Soviet sentence of death
# may be on file with no record of the charge.
PREREQUISITES: dict[StageKind, tuple[StageKind, ...]] = {
    S.ON_TRIAL: (S.ARRESTED, S.CHARGED),
    S.SENTENCED: (S.CONVICTED,),
    S.APPEAL_PENDING: (S.CONVICTED,),
    S.APPEAL_UPHELD: (S.APPEAL_PENDING,),
    S.APPEAL_REVERSED: (S.APPEAL_PENDING,),
    S.SERVING: (S.CONVICTED, S.SENTENCED),
    S.CONDEMNED_TO_DEATH: (S.CONVICTED, S.SENTENCED),
    S.ON_PROBATION: (S.CONVICTED,),
    S.PAROLED: (S.SERVING,),
    S.COMMUTED: (S.SENTENCED, S.CONDEMNED_TO_DEATH),
    S.CHARGES_DROPPED: (S.CHARGED,),
}

# After these, the person is no longer held by that state; a new detention is a new record.
ENDING = frozenset(
    {S.RELEASED, S.EXPELLED, S.EXCHANGED, S.DEPARTED, S.DIED, S.PARDONED, S.CHARGES_DROPPED}
)
# Stages in which the person is still under the proceedings but not in custody.
AT_LIBERTY = frozenset({S.ON_BAIL, S.RELEASED_TO_AMBASSADOR, S.ON_PROBATION, S.PAROLED})
# Stages that put the person (back) in custody.
IN_CUSTODY = frozenset({S.ARRESTED, S.SERVING, S.CONDEMNED_TO_DEATH})


class Penalty(StrEnum):
    """The gravest punishment the law allows for an offence, beyond a term of years."""

    LIFE = "life"
    DEATH = "death"


class Jurisdiction(StrEnum):
    """Whose jurisdiction the proceedings are in: the federation's or a state's (a Land's)."""

    FEDERAL = "federal"
    STATE = "state"


@dataclass(kw_only=True)
class Charge:
    offence: str = required("the offence, e.g. 'espionage'")
    statute: str | None = doc("the statute, e.g. '50 U.S.C. 32'")
    committed_on: PartialDate | None = doc(
        "when the offence was committed (the law of that day governs it)"
    )
    violent: bool | None = doc(
        "true for an offence of violence (such as conspiring to kill), false for one without;"
        " left out when the record does not say"
    )
    max_term_months: int | None = doc(
        "the statutory maximum term of imprisonment for the offence, in months"
    )
    max_penalty: Penalty | None = doc(
        "'life' or 'death' when the statute allows that punishment for the offence"
    )

    def problems(self) -> list[Problem]:
        if self.max_term_months is not None and self.max_term_months <= 0:
            return [Problem("max_term_months", "must be a positive number of months")]
        return []


@dataclass(kw_only=True)
class Stage:
    stage: StageKind = required("the legal stage reached")
    date: PartialDate = required("when it was reached")
    note: str | None = doc("free text, e.g. the court or the term")
    source: str | None = doc("where this is known from (a document key or a citation)")


@dataclass(kw_only=True)
class Sentence:
    term_months: int | None = doc("length of a term of imprisonment, in months")
    life: bool = doc("imprisonment for life", default=False)
    death: bool = doc("sentence of death", default=False)
    fine_amount: int | None = doc("fine, in whole units of the currency")
    fine_currency: str | None = doc("ISO 4217 code of the fine's currency, e.g. 'USD'")
    imposed_on: PartialDate | None = doc("when the sentence was imposed")
    service_begins_on: PartialDate | None = doc("when service of the sentence begins or began")
    grace_until: PartialDate | None = doc("last day of grace before service must begin")
    credited_from: PartialDate | None = doc(
        "first day of custody before the sentence that counts against the term (credit for"
        " time served), e.g. the day of arrest"
    )
    note: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.term_months is not None and self.term_months <= 0:
            found.append(Problem("term_months", "must be a positive number of months"))
        if sum([self.term_months is not None, self.life, self.death]) > 1:
            found.append(Problem("term_months", "give only one of term_months, life and death"))
        if self.fine_amount is not None and self.fine_amount < 0:
            found.append(Problem("fine_amount", "a fine cannot be negative"))
        if (self.fine_amount is None) != (self.fine_currency is None):
            found.append(Problem("fine_currency", "give both fine_amount and fine_currency"))
        for name in ("service_begins_on", "grace_until"):
            value = getattr(self, name)
            if value is not None and self.imposed_on and value.certainly_before(self.imposed_on):
                found.append(
                    Problem(
                        name,
                        f"{value} is before imposed_on {self.imposed_on}; custody before the"
                        " sentence that counts against the term goes in credited_from",
                    )
                )
        credit, start = self.credited_from, self.service_begins_on
        if credit is not None and start is not None and start.certainly_before(credit):
            found.append(
                Problem(
                    "credited_from",
                    f"{credit} is after service_begins_on {start}: credit is for custody before"
                    " service began",
                )
            )
        return found


@dataclass(kw_only=True)
class Detention:
    """A person held by a state, with the history of the legal proceedings."""

    key: str = required("stable key, e.g. 'gorin-1938'")
    person: str = must("person", doc="who is held")
    held_by: str = must("state", doc="the holding state")
    place: str | None = doc("where the person is held")
    since: PartialDate | None = doc("when the detention began")
    jurisdiction: Jurisdiction | None = doc(
        "whether the proceedings, and so the sentence, are in federal or state (Land) jurisdiction"
    )
    charges: list[Charge] = many("charges, with their statutes")
    stages: list[Stage] = many("the legal stages, oldest first")
    sentence: Sentence | None = doc("the sentence, once imposed")
    health: str | None = doc("a known threat to the person's health, e.g. 'tuberculosis'")
    notes: str | None = doc("free text")

    @property
    def status(self) -> StageKind | None:
        """The latest stage reached, or None before any is recorded."""
        return self.stages[-1].stage if self.stages else None

    @property
    def is_held(self) -> bool:
        return self.status not in ENDING

    def reached(self, kind: StageKind) -> Stage | None:
        """The first recorded stage of this kind."""
        return next((s for s in self.stages if s.stage is kind), None)

    def problems(self) -> list[Problem]:
        found = stage_problems(self.stages, self.key)
        for index, charge in enumerate(self.charges):
            found += [Problem(f"charges[{index}].{p.where}", p.message) for p in charge.problems()]
        if self.sentence is not None:
            found += [Problem(f"sentence.{p.where}", p.message) for p in self.sentence.problems()]
        first = self.stages[0] if self.stages else None
        if self.since is not None and first is not None and first.date.certainly_before(self.since):
            found.append(
                Problem(
                    "since",
                    f"{self.since} is after the first stage ('{first.stage.value}' on"
                    f" {first.date}) of detention {self.key}: 'since' is when the person was"
                    " first held",
                )
            )
        return found

    def offence_date(self) -> PartialDate | None:
        """When the earliest dated offence charged was committed, if the record says."""
        dated = [c.committed_on for c in self.charges if c.committed_on is not None]
        return min(dated, key=lambda d: d.earliest()) if dated else None

    def record_stage(self, stage: Stage) -> None:
        """Append a stage, refusing one the history does not allow."""
        problems = stage_problems([*self.stages, stage], self.key)
        if problems:
            raise ValidationFailed(problems)
        self.stages.append(stage)


def stage_problems(stages: list[Stage], detention_key: str) -> list[Problem]:
    """Every way the sequence breaks the order of proceedings."""
    found: list[Problem] = []
    for index, stage in enumerate(stages):
        where = f"stages[{index}]"
        earlier = stages[:index]
        if earlier and stage.date.certainly_before(earlier[-1].date):
            found.append(
                Problem(
                    f"{where}.date",
                    (
                        f"stage '{stage.stage.value}' on {stage.date} is dated before the stage"
                        f" listed ahead of it ('{earlier[-1].stage.value}' on {earlier[-1].date});"
                        " list stages oldest first"
                    ),
                )
            )
        ended = next((s for s in reversed(earlier) if s.stage in ENDING), None)
        if ended is not None and (ended.stage is S.DIED or stage.stage not in ENDING):
            found.append(
                Problem(
                    f"{where}.stage",
                    (
                        f"stage '{stage.stage.value}' cannot follow '{ended.stage.value}'"
                        f" ({ended.date}) for detention {detention_key}: the detention ended"
                        " there; a new detention is a new record"
                    ),
                )
            )
        needed = PREREQUISITES.get(stage.stage)
        if needed and not any(s.stage in needed for s in earlier):
            later = next((s for s in stages[index + 1 :] if s.stage in needed), None)
            names = " or ".join(f"'{k.value}'" for k in needed)
            if later is not None:
                message = (
                    f"stage '{stage.stage.value}' cannot precede '{later.stage.value}'"
                    f" for detention {detention_key}"
                )
            else:
                message = (
                    f"stage '{stage.stage.value}' needs an earlier {names} stage"
                    f" for detention {detention_key}"
                )
            found.append(Problem(f"{where}.stage", message))
    return found


@dataclass(kw_only=True)
class ExitRestriction:
    """A person refused permission to leave a state, such as the Soviet wives of Americans."""

    key: str = required("stable key, e.g. 'habicht-exit'")
    person: str = must("person", doc="who is refused exit")
    state: str = must("state", doc="the state refusing exit")
    since: PartialDate | None = doc("since when exit has been refused")
    lifted_on: PartialDate | None = doc("when exit was permitted")
    reason: str | None = doc("why exit is refused, as far as known")
    notes: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        if self.since and self.lifted_on and self.lifted_on.certainly_before(self.since):
            return [Problem("lifted_on", f"{self.lifted_on} is before since {self.since}")]
        return []


@dataclass(frozen=True)
class Custody:
    """How long a person has actually been held, as of a day: custody stops while the person
    is on bail, in an ambassador's custody, on probation or on parole, and at the end."""

    days: int  # every day in custody, all periods together
    since: PartialDate | None  # when the current period of custody began; None: not in custody
    first: PartialDate | None  # when the person was first held
    liberty: Stage | None  # the stage that let the person out, when not in custody now


def custody(detention: Detention, stages: list[Stage], as_of: date) -> Custody:
    """The custody periods of a detention from its history as of a day (`stages`, oldest
    first): held from 'since' (or the first stage), out from a stage at liberty or an ending,
    back in on arrest, service or a death sentence."""
    start: PartialDate | None = detention.since
    if start is None and stages and stages[0].stage not in AT_LIBERTY | ENDING:
        start = stages[0].date
    first, days, liberty = start, 0, None
    for stage in stages:
        if start is None and stage.stage in IN_CUSTODY:
            start, liberty = stage.date, None
            first = first or start
        elif start is not None and (stage.stage in AT_LIBERTY or stage.stage in ENDING):
            days += max(0, (first_day(stage.date) - first_day(start)).days)
            start, liberty = None, stage
    if start is not None:
        days += max(0, (as_of - first_day(start)).days)
    return Custody(days, start, first, liberty)
