"""Urgency: a transparent score per case and per proposal. Never a bare number: every point
comes from a named term with the fact behind it, and the weights are configuration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import ENDING, Custody, Detention, custody
from glienicke.law.deadlines import Deadline
from glienicke.law.evaluator import exclusions, history_as_of, honest
from glienicke.law.model import Exclusion


@dataclass(frozen=True)
class Weights:
    death_sentence: float
    minor: float
    health: float
    window_alarm: float  # a window closes before its clearance can finish
    window_near: float  # at most this, for a window closing within near_days
    near_days: int
    overdue_commitment: float  # each
    per_year_detained: float
    max_years: float  # time detained counts up to this many years
    determined: float = 0  # determined wrongfully detained or a hostage (a criteria pack)


@dataclass(frozen=True)
class Term:
    name: str
    points: float
    why: str


@dataclass(frozen=True)
class Urgency:
    kind: str  # 'case' or 'proposal'
    key: str
    title: str
    terms: tuple[Term, ...]

    @property
    def score(self) -> float:
        return round(sum(t.points for t in self.terms), 1)


@dataclass(frozen=True)
class Subject:
    """What urgency needs to know of one person: who, born when, held how, facing what."""

    person: str
    birth_year: int | None
    detention: Detention | None
    deadlines: tuple[Deadline, ...] = ()
    # a determination in force on the day that presses (see law/duties.py): what it found
    # ('wrongfully-detained' or 'hostage') and its words
    determined: tuple[str, str] | None = None


def urgency_of(
    kind: str,
    key: str,
    title: str,
    subjects: Iterable[Subject],
    overdue: Iterable[str],
    as_of: date,
    weights: Weights,
) -> Urgency:
    terms: list[Term] = []
    for subject in subjects:
        terms += _person_terms(subject, as_of, weights)
    late = sorted(overdue)
    if late and weights.overdue_commitment:
        terms.append(
            Term(
                "overdue commitments",
                round(weights.overdue_commitment * len(late), 1),
                f"{len(late)} overdue: {', '.join(late)}",
            )
        )
    return Urgency(kind, key, title, tuple(t for t in terms if t.points))


def _person_terms(subject: Subject, as_of: date, weights: Weights) -> list[Term]:
    terms: list[Term] = []
    who = subject.person
    detention = subject.detention
    held: Custody | None = None
    if detention is not None:
        stages = history_as_of(detention, as_of)
        if stages and stages[-1].stage in ENDING:
            return []  # no longer held: nothing presses
        if Exclusion.DEATH_SENTENCE in exclusions(detention, stages):
            terms.append(
                Term("death sentence", weights.death_sentence, f"{who} is under sentence of death")
            )
        if detention.health:
            terms.append(Term("health", weights.health, f"{who}: {detention.health}"))
        held = custody(detention, stages, as_of)
    if subject.determined is not None and weights.determined:
        found, why = subject.determined
        name = "determined a hostage" if found == "hostage" else "determined wrongfully detained"
        terms.append(Term(name, weights.determined, why))
    if subject.birth_year is not None and as_of.year - subject.birth_year < 18:
        terms.append(
            Term("minor", weights.minor, f"{who} is about {as_of.year - subject.birth_year}")
        )
    if subject.deadlines:
        nearest = min(subject.deadlines, key=lambda d: (not d.alarm, d.days_left))
        if nearest.alarm:
            terms.append(Term("window closing", weights.window_alarm, nearest.message))
        elif 0 <= nearest.days_left <= weights.near_days:
            share = 1 - nearest.days_left / max(weights.near_days, 1)
            terms.append(
                Term("window closing", round(weights.window_near * share, 1), nearest.message)
            )
    if held is not None and held.first is not None:
        years = held.days / 365.25
        counted = min(years, weights.max_years)
        terms.append(
            Term(
                "time detained",
                round(counted * weights.per_year_detained, 1),
                custody_text(who, held),
            )
        )
    return terms


def _bare(day: PartialDate | None) -> str:
    return honest(day).removeprefix("on ").removeprefix("in ")


def custody_text(who: str, held: Custody, aside: str = "") -> str:
    """How long someone has been held, in words: only the days in custody count, never those
    on bail or in an ambassador's custody (`aside`: more to say after the years)."""
    years = f"{held.days / 365.25:.1f} years"
    if held.since is not None:
        if held.since == held.first:
            return f"{who} held since {_bare(held.since)} ({years}{aside})"
        return f"{who} held again since {_bare(held.since)} ({years} in custody in all{aside})"
    if held.liberty is not None:
        how = held.liberty.stage.value.replace("-", " ")
        return f"{who} {how} since {_bare(held.liberty.date)}, after {years} in custody{aside}"
    return f"{who} held {years}{aside}"


def ranked(found: Iterable[Urgency]) -> list[Urgency]:
    return sorted(found, key=lambda u: (-u.score, u.kind, u.key))
