"""States, persons, offices and who held them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import Problem
from glienicke.domain.fields import doc, many, must, ref, refs, required


class TreatyKind(StrEnum):
    PRISONER_TRANSFER = "prisoner-transfer"


@dataclass(kw_only=True)
class Treaty:
    """A treaty in force between this state and another (listed on either one of the two)."""

    kind: TreatyKind = required("what the treaty provides for: 'prisoner-transfer'")
    with_state: str = must("state", doc="the other state party", name="with")
    name: str | None = doc("its title or citation, e.g. 'ETS 112'")
    in_force_from: PartialDate | None = doc("when it entered into force between the two")
    in_force_until: PartialDate | None = doc("when it ceased to be in force between the two")

    def in_force_on(self, day: date) -> bool:
        """Whether it was certainly in force on the day (a loose date is taken at its latest
        start and its earliest end)."""
        if self.in_force_from is not None and self.in_force_from.latest() > day:
            return False
        return self.in_force_until is None or self.in_force_until.earliest() > day


@dataclass(kw_only=True)
class State:
    """A government, bounded in time: the USSR is not Russia."""

    key: str = required("stable key chosen by the dataset, e.g. 'us' or 'ussr'")
    name: str = required("the state's name, e.g. 'Union of Soviet Socialist Republics'")
    valid_from: PartialDate | None = doc("when this government came into being")
    valid_to: PartialDate | None = doc("when it ceased to exist")
    treaties: list[Treaty] = many("treaties in force with other states, such as prisoner transfer")
    notes: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        found = _period_problems(self.valid_from, self.valid_to, "valid_from", "valid_to")
        for index, treaty in enumerate(self.treaties):
            found += _period_problems(
                treaty.in_force_from,
                treaty.in_force_until,
                f"treaties[{index}].in_force_from",
                f"treaties[{index}].in_force_until",
            )
            if treaty.with_state == self.key:
                found.append(Problem(f"treaties[{index}].with", "a treaty needs another state"))
        return found


def transfer_treaty(
    states: Mapping[str, State], holder: str, nationalities: Iterable[str], day: date
) -> bool | None:
    """Whether a prisoner-transfer treaty was in force on the day between the holding state
    and a state the person is a national of, as far as these states' records say (None: the
    person's nationality is not on record)."""
    others = set(nationalities) - {holder}
    if not others:
        return None
    pairs = [
        (state.key, treaty.with_state)
        for state in states.values()
        for treaty in state.treaties
        if treaty.kind is TreatyKind.PRISONER_TRANSFER and treaty.in_force_on(day)
    ]
    return any({a, b} == {holder, other} for a, b in pairs for other in others)


class Relation(StrEnum):
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"


@dataclass(kw_only=True)
class FamilyLink:
    """'relation' is what the other person is to this one: a child, a spouse."""

    relation: Relation = required("spouse, child, parent or sibling")
    person: str = must("person", doc="key of the relative")


@dataclass(kw_only=True)
class Affiliation:
    organisation: str = required("e.g. 'KGB' or 'Intourist'")
    role: str | None = doc("e.g. 'career officer' or 'head of the Los Angeles office'")
    since: PartialDate | None = doc("start of the affiliation")
    until: PartialDate | None = doc("end of the affiliation")


@dataclass(kw_only=True)
class Person:
    """Anyone in play: a detainee, a relative, an official."""

    key: str = required("stable key, e.g. 'gorin'")
    name: str = required("the name as the product should show it")
    aliases: list[str] = many("other names and spelling variants, e.g. 'Rozhkovski'")
    nationalities: list[str] = refs("state", doc="keys of the states whose national this is")
    birth_year: int | None = doc("year of birth")
    family: list[FamilyLink] = many("family links to other persons")
    affiliations: list[Affiliation] = many("organisations and roles")
    notes: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        if self.birth_year is not None and not 1000 <= self.birth_year <= 9999:
            found.append(Problem("birth_year", f"{self.birth_year} is not a plausible year"))
        for index, link in enumerate(self.family):
            if link.person == self.key:
                found.append(
                    Problem(f"family[{index}].person", "a person cannot be their own relative")
                )
        for index, affiliation in enumerate(self.affiliations):
            found += _period_problems(
                affiliation.since,
                affiliation.until,
                f"affiliations[{index}].since",
                f"affiliations[{index}].until",
            )
        if len(set(self.nationalities)) != len(self.nationalities):
            found.append(Problem("nationalities", "a nationality is listed twice"))
        return found

    def known_as(self) -> list[str]:
        """The name and every alias, for matching names in documents."""
        return [self.name, *self.aliases]


@dataclass(kw_only=True)
class Office:
    """A post, e.g. 'Attorney General' or 'Ambassador to the Soviet Union'."""

    key: str = required("stable key, e.g. 'us-attorney-general'")
    title: str = required("the post's title")
    state: str | None = ref("state", doc="the state whose post this is")
    parent: str | None = ref("office", doc="the next higher office, for escalation")
    notes: str | None = doc("free text")

    def problems(self) -> list[Problem]:
        if self.parent == self.key:
            return [Problem("parent", "an office cannot be its own parent")]
        return []


@dataclass(kw_only=True)
class Tenure:
    """Who held an office when, acting or not."""

    key: str = required("stable key, e.g. 'welles-acting-secretary-1941'")
    office: str = must("office", doc="the office held")
    person: str = must("person", doc="who held it")
    start: PartialDate | None = doc("first day in office")
    end: PartialDate | None = doc("last day in office")
    acting: bool = doc("true when held in an acting capacity", default=False)
    source: str | None = doc("where this is known from")
    notes: str | None = doc("free text, e.g. what the source does not say")

    def problems(self) -> list[Problem]:
        return _period_problems(self.start, self.end, "start", "end")

    def covers(self, day: PartialDate) -> bool:
        """Whether the tenure may include the given date."""
        if self.start is not None and day.certainly_before(self.start):
            return False
        return not (self.end is not None and self.end.certainly_before(day))


def _period_problems(
    start: PartialDate | None, end: PartialDate | None, start_name: str, end_name: str
) -> list[Problem]:
    if start is not None and end is not None and end.certainly_before(start):
        return [Problem(end_name, f"{end} is before {start_name} {start}")]
    return []
