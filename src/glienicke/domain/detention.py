"""Detentions, their legal stages and sentences, and exit restrictions.

The current status of a detention is derived from its stage history and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from glienicke.domain.dates import PartialDate
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


@dataclass(kw_only=True)
class Charge:
    offence: str = required("the offence, e.g. 'espionage'")
    statute: str | None = doc("the statute, e.g. '50 U.S.C. 32'")


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
                found.append(Problem(name, f"{value} is before imposed_on {self.imposed_on}"))
        return found


@dataclass(kw_only=True)
class Detention:
    """A person held by a state, with the history of the legal proceedings."""

    key: str = required("stable key, e.g. 'gorin-1938'")
    person: str = must("person", doc="who is held")
    held_by: str = must("state", doc="the holding state")
    place: str | None = doc("where the person is held")
    since: PartialDate | None = doc("when the detention began")
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
        if self.sentence is not None:
            found += [Problem(f"sentence.{p.where}", p.message) for p in self.sentence.problems()]
        return found

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
        if earlier and earlier[-1].stage is S.DIED:
            found.append(
                Problem(
                    f"{where}.stage",
                    (
                        f"stage '{stage.stage.value}' cannot follow 'died' for detention {detention_key}"
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
