"""The assessment's weights and factor lists: configuration, read and checked in one place.

A deployment sets them in the `assessment:` section of its configuration file. Every problem is
reported with the setting's place (`assessment.get.death_sentence`), all of them at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from glienicke.domain.errors import Problem, ValidationFailed


@dataclass(frozen=True)
class GetWeights:
    """Points for what we would obtain."""

    person_freed: float  # each named person released, let leave or transferred
    death_sentence: float  # a person under sentence of death
    minor: float  # a person under 18 on the day judged
    health: float  # a known threat to the person's health
    per_year_detained: float  # each year held ...
    max_years: float  # ... counted up to this many


@dataclass(frozen=True)
class GiveWeights:
    """Points for what we would give up; deterrence already achieved is taken off."""

    person_released: float  # each named person we let go
    intelligence: float  # whoever we release belongs to an intelligence service
    seniority: float  # ... in a senior role there
    deterrence_achieved: float  # taken off: the conviction was upheld, or notice served
    precedent_risk: float  # per point of weight of each precedent argument against
    legal_novelty: float  # each item by a mechanism the deployment marks novel
    legal_novelty_argued: float  # per point of weight of each legal-propriety argument against


@dataclass(frozen=True)
class AssessmentWeights:
    get: GetWeights
    give: GiveWeights
    intelligence_services: tuple[str, ...]  # organisations that are intelligence services
    senior_roles: tuple[str, ...]  # words in a role that make it senior
    novel_mechanisms: tuple[str, ...]  # mechanism keys whose use would be new law or practice
    gives_far_more_below: float  # a balance below this is flagged
    comparables: int  # how many comparable proposals to show


def weights_from_plain(data: Any, where: str = "assessment") -> AssessmentWeights:
    """The weights from the configuration's `assessment` mapping, or every problem with it."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise ValidationFailed.single(where, "must be a mapping")
    get = _numbers(GetWeights, data.get("get"), f"{where}.get", problems)
    give = _numbers(GiveWeights, data.get("give"), f"{where}.give", problems)
    lists = {
        name: _words(data.get(name), f"{where}.{name}", problems)
        for name in ("intelligence_services", "senior_roles", "novel_mechanisms")
    }
    threshold: Any = data.get("gives_far_more_below")
    if not _is_number(threshold):
        problems.append(Problem(f"{where}.gives_far_more_below", "must be a number"))
    shown: Any = data.get("comparables")
    if not isinstance(shown, int) or isinstance(shown, bool) or shown < 0:
        problems.append(Problem(f"{where}.comparables", "must be a whole number, 0 or more"))
    if problems or get is None or give is None:
        raise ValidationFailed(problems)
    return AssessmentWeights(
        get=get,
        give=give,
        intelligence_services=lists["intelligence_services"],
        senior_roles=lists["senior_roles"],
        novel_mechanisms=lists["novel_mechanisms"],
        gives_far_more_below=float(threshold),
        comparables=int(shown),
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _numbers(cls: Any, data: Any, where: str, problems: list[Problem]) -> Any:
    if not isinstance(data, Mapping):
        problems.append(Problem(where, "must be a mapping of weights"))
        return None
    names = [f.name for f in fields(cls)]
    for name in sorted(set(data) - set(names)):
        problems.append(Problem(f"{where}.{name}", f"unknown weight (known: {', '.join(names)})"))
    values = {}
    for name in names:
        value: Any = data.get(name)
        if not _is_number(value) or value < 0:
            problems.append(Problem(f"{where}.{name}", "must be a number, 0 or more"))
        else:
            values[name] = float(value)
    return cls(**values) if len(values) == len(names) else None


def _words(data: Any, where: str, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(data, list):
        problems.append(Problem(where, "must be a list of names"))
        return ()
    found = []
    for index, value in enumerate(data):
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"{where}[{index}]", "must be a name, not empty"))
        else:
            found.append(value.strip())
    return tuple(found)


def weight_names(weights: AssessmentWeights) -> dict[str, float]:
    """Every weight by its configuration name ('get.death_sentence'), for showing them."""
    named = {f"get.{f.name}": getattr(weights.get, f.name) for f in fields(GetWeights)}
    named |= {f"give.{f.name}": getattr(weights.give, f.name) for f in fields(GiveWeights)}
    return named
