"""Re-linking a broken commitment to one already on record under a later arrangement (the way the
demo's Habicht commitment points to ovakimian-1941-exit-habicht), and every refusal of it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUp,
    FollowUpAction,
    ItemKind,
    Proposal,
    ProposalStatus,
)
from glienicke.negotiation import commitments as cm
from glienicke.negotiation.commitments import OutcomeKind


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def proposal(key: str, **values: Any) -> Proposal:
    fields: dict[str, Any] = {
        "key": key,
        "title": key,
        "counterparts": ["ussr"],
        "status": ProposalStatus.AGREED,
        "opened_on": d("1941-07-01"),
    }
    fields.update(values)
    return Proposal(**fields)


def commitment(key: str, proposal_key: str, **values: Any) -> Commitment:
    fields: dict[str, Any] = {
        "key": key,
        "proposal": proposal_key,
        "party": "ussr",
        "person": "habicht",
        "act": ItemKind.EXIT_PERMISSION,
        "description": "Let Mrs. Habicht leave.",
        "due": d("about 1941-04"),
    }
    fields.update(values)
    return Commitment(**fields)


def broken() -> Commitment:
    found = commitment("gorin-1941-exit-habicht", "gorin-1941")
    cm.break_(found, d("about 1941-04"), note="Moscow calls its obligations exhausted.")
    return found


def successor(**values: Any) -> Commitment:
    return commitment("ovakimian-1941-exit-habicht", "ovakimian-1941", due=None, **values)


OVAKIMIAN = proposal("ovakimian-1941")


def messages(old: Commitment, new: Commitment, on: str, **kwargs: Any) -> list[str]:
    """Run a refused re-linking; check that neither record changed; return its messages."""
    before = copy.deepcopy((old, new))
    with pytest.raises(ValidationFailed) as caught:
        cm.relink_to(old, new, kwargs.pop("into", OVAKIMIAN), d(on), **kwargs)
    assert (old, new) == before
    return [p.message for p in caught.value.problems]


def test_a_broken_commitment_points_to_its_successor_which_notes_the_take_over() -> None:
    old, new = broken(), successor()
    returned = cm.relink_to(old, new, OVAKIMIAN, d("1941-07-08"), note="Lozovski's list.")
    assert returned is new and old.relinked_to == "ovakimian-1941-exit-habicht"
    assert old.status is CommitmentStatus.BROKEN
    [told] = new.follow_ups
    assert (told.date, told.action, told.note) == (
        d("1941-07-08"),
        FollowUpAction.NOTE,
        "Takes over gorin-1941-exit-habicht, broken under gorin-1941: Lozovski's list.",
    )


def test_the_note_takes_its_place_among_the_successors_follow_ups_by_date() -> None:
    pressed = [
        FollowUp(date=d("1941-07-02")),
        FollowUp(date=d("1941-07-20")),
    ]
    new = successor(follow_ups=list(pressed))
    cm.relink_to(broken(), new, OVAKIMIAN, d("1941-07-10"))
    assert [str(f.date) for f in new.follow_ups] == ["1941-07-02", "1941-07-10", "1941-07-20"]


def test_a_successor_already_kept_makes_the_broken_one_broken_then_kept() -> None:
    old = broken()
    new = successor()
    cm.fulfil(new, d("about 1941-07-15"), note="Exit visas granted.")
    cm.relink_to(old, new, OVAKIMIAN, d("1941-08-01"))
    found = cm.outcome(old, [old, new])
    assert (found.kind, found.kept_under) == (OutcomeKind.BROKEN_THEN_KEPT, "ovakimian-1941")


def test_relinking_a_commitment_that_is_not_broken_is_refused() -> None:
    pending = commitment("gorin-1941-exit-habicht", "gorin-1941")
    assert messages(pending, successor(), "1941-07-08") == [
        "commitment gorin-1941-exit-habicht is pending; record it as broken first: only a"
        " broken commitment is re-linked"
    ]


def test_relinking_to_a_commitment_of_the_same_proposal_is_refused() -> None:
    same = commitment("gorin-1941-exit-habicht-2", "gorin-1941", due=None)
    found = messages(broken(), same, "1941-07-08", into=proposal("gorin-1941"))
    assert (
        "commitment gorin-1941-exit-habicht already belongs to proposal gorin-1941; re-link it"
        " to a different arrangement"
    ) in found


def test_relinking_to_itself_or_twice_is_refused() -> None:
    old = broken()
    assert "a commitment cannot be re-linked to itself" in messages(
        old, old, "1941-07-08", into=proposal("gorin-1941")
    )
    cm.relink_to(old, successor(), OVAKIMIAN, d("1941-07-08"))
    assert messages(old, successor(), "1941-07-09") == [
        "commitment gorin-1941-exit-habicht was already re-linked to ovakimian-1941-exit-habicht"
    ]


def test_another_partys_or_another_persons_commitment_cannot_take_it_over() -> None:
    assert messages(broken(), successor(party="poland"), "1941-07-08") == [
        "commitment ovakimian-1941-exit-habicht is poland's, not ussr's; only the same party's"
        " commitment can take this one over"
    ]
    assert messages(broken(), successor(person="pyk"), "1941-07-08") == [
        "commitment ovakimian-1941-exit-habicht concerns pyk, not habicht"
    ]


def test_an_arrangement_not_agreed_or_dates_out_of_order_are_refused() -> None:
    draft = proposal("ovakimian-1941", status=ProposalStatus.DRAFT)
    assert messages(broken(), successor(), "1941-07-08", into=draft) == [
        "proposal ovakimian-1941 is draft; a commitment is re-linked only to an agreed arrangement"
    ]
    assert messages(broken(), successor(), "1941-02-01") == [
        "1941-02-01 is before the commitment was broken (about 1941-04)",
        "1941-02-01 is before proposal ovakimian-1941 was opened (1941-07-01)",
    ]


def test_the_proposal_given_must_be_the_successors() -> None:
    assert messages(broken(), successor(), "1941-07-08", into=proposal("other-1941")) == [
        "commitment ovakimian-1941-exit-habicht belongs to proposal ovakimian-1941, not other-1941"
    ]


def test_a_circle_of_re_linkings_is_refused() -> None:
    old = broken()
    # The successor was itself broken and taken over, by way of a third, by the old one.
    new = successor()
    cm.break_(new, d("1941-08-01"), note="Not done.")
    third = commitment("later-1942-exit-habicht", "later-1942", due=None)
    cm.break_(third, d("1942-01-01"), note="Not done.")
    new.relinked_to, third.relinked_to = third.key, old.key
    found = messages(old, new, "1942-02-01", commitments=[old, new, third])
    assert found == [
        "commitment ovakimian-1941-exit-habicht is itself taken over, by way of"
        " ovakimian-1941-exit-habicht -> later-1942-exit-habicht, by gorin-1941-exit-habicht;"
        " re-linking would run in a circle"
    ]
