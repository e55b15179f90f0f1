"""A proposal's items checked against the law: each release by a legal mechanism is looked up
in the person's windows on the planned day. A closed mechanism, or one the pack does not have,
refuses the item with the evaluator's reason; one that will close before its clearance can
finish is accepted with a flag."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from glienicke.domain.dates import PartialDate, first_day
from glienicke.domain.detention import Detention
from glienicke.domain.errors import NotFound
from glienicke.domain.proposals import Proposal, ProposalItem, Side
from glienicke.law.evaluator import Status, evaluate
from glienicke.law.model import Mechanism, choose_pack
from glienicke.services.access import Scoped
from glienicke.services.law import LawConfig, _current, facts_of, pack_for


@dataclass(frozen=True)
class ItemCheck:
    """What the law says of one item on the planned day."""

    item: str
    side: Side
    person: str | None
    mechanism: str | None
    pack: str | None
    status: str  # open, not-yet, closed, unknown-mechanism, no-mechanism, not-held
    explanation: str
    closes_on: PartialDate | None = None
    days_left: int | None = None
    lead_days: int | None = None

    @property
    def refused(self) -> bool:
        return self.status in ("closed", "unknown-mechanism")

    @property
    def alarm(self) -> bool:
        """The window will close before its clearance can finish."""
        return (
            self.days_left is not None
            and self.lead_days is not None
            and self.days_left < self.lead_days
        )

    @property
    def message(self) -> str:
        if self.refused:
            return f"item {self.item}: {self.explanation}"
        if self.alarm:
            return (
                f"item {self.item}: {self.mechanism} closes in {self.days_left} days"
                f" ({self.closes_on}), before its clearance can finish (usually"
                f" {self.lead_days} days)"
            )
        return f"item {self.item}: {self.explanation}"

    def view(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "side": self.side.value,
            "person": self.person,
            "mechanism": self.mechanism,
            "pack": self.pack,
            "status": self.status,
            "refused": self.refused,
            "alarm": self.alarm,
            "closes_on": None if self.closes_on is None else str(self.closes_on),
            "days_left": self.days_left,
            "lead_days": self.lead_days,
            "explanation": self.explanation,
            "message": self.message,
        }


def planned_day(proposal: Proposal, given: date | None) -> date:
    """The day items are judged on: the one given, else when the proposal was put forward,
    else today."""
    if given is not None:
        return given
    if proposal.opened_on is not None:
        return first_day(proposal.opened_on)
    return date.today()


def check_item(
    scoped: Scoped,
    proposal: Proposal,
    item: ProposalItem,
    config: LawConfig,
    home_state: str | None,
    as_of: date,
    held: Mapping[str, list[Detention]] | None = None,
) -> ItemCheck:
    """The law's view of one item on the day (`held`: the detentions of the items' persons,
    by person, when the caller has read them for many proposals at once)."""
    base: dict[str, Any] = {
        "item": item.key,
        "side": item.side,
        "person": item.person,
        "pack": None,
    }
    if item.mechanism is None:
        return ItemCheck(
            **base, mechanism=None, status="no-mechanism", explanation="names no legal mechanism"
        )
    detention = _detention(scoped, item.person, as_of, held)
    if detention is None:
        return _without_detention(proposal, item, config, home_state, as_of, base)
    try:
        pack = pack_for(detention, config, as_of)
    except NotFound as missing:
        return ItemCheck(
            **base, mechanism=item.mechanism, status="unknown-mechanism", explanation=str(missing)
        )
    base["pack"] = pack.key
    windows = evaluate(detention, pack, as_of, facts_of(scoped, [detention], as_of)[detention.key])
    window = next((w for w in windows.windows if w.key == item.mechanism), None)
    if window is None and item.mechanism in windows.not_in_force:
        return ItemCheck(
            **base,
            mechanism=item.mechanism,
            status="closed",
            explanation=(
                f"mechanism '{item.mechanism}' of law pack {pack.key} was not in force on"
                f" {as_of}: the law it rests on did not apply on that day"
            ),
        )
    if window is None:
        return ItemCheck(
            **base,
            mechanism=item.mechanism,
            status="unknown-mechanism",
            explanation=_unknown(item.mechanism, pack.key, pack.mechanisms),
        )
    days_left = None
    if window.status is not Status.CLOSED and window.closes_on is not None:
        days_left = (first_day(window.closes_on) - as_of).days
    return ItemCheck(
        **base,
        mechanism=item.mechanism,
        status=window.status.value,
        explanation=f"{window.explanation} (judged on {as_of}, detention {detention.key})",
        closes_on=window.closes_on,
        days_left=days_left,
        lead_days=config.lead.total(window.requires),
    )


def _detention(
    scoped: Scoped,
    person: str | None,
    as_of: date,
    held: Mapping[str, list[Detention]] | None = None,
) -> Detention | None:
    if person is None:
        return None
    if held is not None:
        return _current(list(held.get(person, [])), as_of)
    return _current(scoped.where(Detention, "person", person), as_of)


def detentions_by_person(
    scoped: Scoped, proposals: Iterable[Proposal]
) -> dict[str, list[Detention]]:
    """The detentions of every person the proposals' items name, by person, in one read."""
    people = {i.person for p in proposals for i in p.items if i.person}
    found: dict[str, list[Detention]] = {}
    for detention in scoped.where_in(Detention, "person", people):
        found.setdefault(detention.person, []).append(detention)
    return found


def _unknown(mechanism: str, pack: str, mechanisms: tuple[Mechanism, ...]) -> str:
    known = ", ".join(m.key for m in mechanisms) or "none"
    return f"mechanism '{mechanism}' is not in law pack {pack} (it has: {known})"


def _without_detention(
    proposal: Proposal,
    item: ProposalItem,
    config: LawConfig,
    home_state: str | None,
    as_of: date,
    base: dict[str, Any],
) -> ItemCheck:
    # No detention (an exit restriction, or an item for people not named): the mechanism must
    # still be one the law of the state that would act knows.
    states = [home_state] if item.side is Side.GIVE and home_state else list(proposal.counterparts)
    for state in states:
        pack = choose_pack(list(config.packs), state, as_of)
        if pack is not None and any(m.key == item.mechanism for m in pack.mechanisms):
            return ItemCheck(
                **{**base, "pack": pack.key},
                mechanism=item.mechanism,
                status="not-held",
                explanation=(
                    f"{item.mechanism} is in law pack {pack.key}; no detention of"
                    f" {item.person or 'a named person'} is on file to judge its window"
                ),
            )
    packs = [p for s in states if (p := choose_pack(list(config.packs), s, as_of))]
    if not packs:
        where = ", ".join(states) or "no state"
        explanation = f"no law pack covers {where} on {as_of}, so '{item.mechanism}' is unknown"
    else:
        explanation = _unknown(item.mechanism or "", packs[0].key, packs[0].mechanisms)
    return ItemCheck(
        **base, mechanism=item.mechanism, status="unknown-mechanism", explanation=explanation
    )


def check_items(
    scoped: Scoped,
    proposal: Proposal,
    config: LawConfig,
    home_state: str | None,
    as_of: date,
    held: Mapping[str, list[Detention]] | None = None,
) -> list[ItemCheck]:
    return [
        check_item(scoped, proposal, i, config, home_state, as_of, held) for i in proposal.items
    ]


def mechanisms_of(
    scoped: Scoped, proposal: Proposal, config: LawConfig, as_of: date
) -> dict[str, Mechanism]:
    """The mechanism each give-side item uses, from the pack of the person's detention."""
    found = {}
    for item in proposal.side(Side.GIVE):
        if item.mechanism is None:
            continue
        detention = _detention(scoped, item.person, as_of)
        if detention is None:
            continue
        try:
            pack = pack_for(detention, config, as_of)
        except NotFound:
            continue
        in_force, _not_in_force = pack.on(as_of)  # described as it could be on the day
        mechanism = next((m for m in in_force if m.key == item.mechanism), None)
        if mechanism is not None:
            found[item.key] = mechanism
    return found
