"""The commitments engine: creation on agreement, transitions that refuse and change nothing,
overdue detection, outcomes and the counterpart's reliability, down to the demo's Gorin ledger.

Every figure in days below is worked out by hand in the comment beside it."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest

from glienicke.dataset.files import parse_text
from glienicke.dataset.reader import read_sources
from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import NotFound, ValidationFailed
from glienicke.domain.proposals import (
    Commitment,
    CommitmentStatus,
    FollowUpAction,
    ItemKind,
    Proposal,
    ProposalItem,
    ProposalStatus,
    Side,
)
from glienicke.negotiation import commitments as cm
from glienicke.negotiation.commitments import OutcomeKind


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def item(
    key: str, side: Side, kind: ItemKind, person: str | None, text: str | None = None
) -> ProposalItem:
    return ProposalItem(key=key, side=side, kind=kind, person=person, description=text)


def gorin(**values: Any) -> Proposal:
    """A small Gorin arrangement: we release Gorin; Moscow frees Pyk and lets Mrs. Habicht go."""
    fields: dict[str, Any] = {
        "key": "gorin-1941",
        "title": "Gorin for Americans held in the USSR",
        "counterparts": ["ussr"],
        "status": ProposalStatus.AGREED,
        "opened_on": d("about 1941-02-20"),
        "items": [
            item("release-gorin", Side.GIVE, ItemKind.RELEASE, "gorin", "Release Gorin."),
            item("release-pyk", Side.GET, ItemKind.RELEASE, "pyk", "Free Irena Pyk."),
            item("exit-habicht", Side.GET, ItemKind.EXIT_PERMISSION, "habicht"),
        ],
    }
    fields.update(values)
    return Proposal(**fields)


def ovakimian(**values: Any) -> Proposal:
    fields: dict[str, Any] = {
        "key": "ovakimian-1941",
        "title": "Ovakimian's charges dropped; exit for Mrs. Habicht",
        "counterparts": ["ussr"],
        "status": ProposalStatus.COMPLETED,
        "opened_on": d("1941-07-01"),
        "items": [
            item("drop-ovakimian", Side.GIVE, ItemKind.DROPPED_CHARGES, "ovakimian"),
            item("exit-habicht", Side.GET, ItemKind.EXIT_PERMISSION, "habicht", "Exit visas."),
        ],
    }
    fields.update(values)
    return Proposal(**fields)


def pending(**values: Any) -> Commitment:
    fields: dict[str, Any] = {
        "key": "gorin-1941-release-devenis",
        "proposal": "gorin-1941",
        "party": "ussr",
        "person": "devenis",
        "act": ItemKind.RELEASE,
        "description": "Free Dr. Michael Devenis.",
        "due": d("about 1941-04"),
    }
    fields.update(values)
    return Commitment(**fields)


def broken_habicht(**values: Any) -> Commitment:
    fields: dict[str, Any] = {
        "key": "gorin-1941-exit-habicht",
        "proposal": "gorin-1941",
        "person": "habicht",
        "act": ItemKind.EXIT_PERMISSION,
        "description": "Let Mrs. Habicht leave.",
    }
    fields.update(values)
    habicht = pending(**fields)
    cm.break_(habicht, d("about 1941-04"), note="Moscow calls its obligations exhausted.")
    return habicht


def refused(action: Any, *args: Any, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        action(*args, **kwargs)
    return [(p.where, p.message) for p in caught.value.problems]


def unchanged(record: Commitment, action: Any, *args: Any, **kwargs: Any) -> list[str]:
    """Run a refused transition; check it changed nothing; return its messages."""
    before = copy.deepcopy(record)
    messages = [message for _, message in refused(action, record, *args, **kwargs)]
    assert record == before
    return messages


# --- creation on agreement -------------------------------------------------------------------


def test_an_agreed_proposal_gives_one_commitment_per_counterpart_item():
    made = cm.commitments_for_agreement(gorin(), d("1941-03-20"))
    assert [c.key for c in made] == ["gorin-1941-release-pyk", "gorin-1941-exit-habicht"]
    pyk, habicht = made
    assert (pyk.party, pyk.person, pyk.act, pyk.description) == (
        "ussr",
        "pyk",
        ItemKind.RELEASE,
        "Free Irena Pyk.",
    )
    assert habicht.description == "Let habicht leave."  # the item had no words of its own
    # 20 March + 30 days = 19 April (11 days left in March, then 19).
    assert pyk.due == d("1941-04-19") and habicht.due == d("1941-04-19")
    assert all(c.status is CommitmentStatus.PENDING and c.follow_ups == [] for c in made)


def test_our_own_items_become_commitments_when_home_is_given():
    made = cm.commitments_for_agreement(gorin(), d("1941-03-20"), home="us")
    assert [(c.key, c.party) for c in made] == [
        ("gorin-1941-release-gorin", "us"),
        ("gorin-1941-release-pyk", "ussr"),
        ("gorin-1941-exit-habicht", "ussr"),
    ]


def test_due_dates_given_for_all_per_item_or_none():
    made = cm.commitments_for_agreement(gorin(), d("1941-03-20"), due=d("about 1941-04"))
    assert [c.due for c in made] == [d("about 1941-04")] * 2
    made = cm.commitments_for_agreement(
        gorin(), d("1941-03-20"), due={"exit-habicht": d("1941-05")}, due_days=10
    )
    assert [c.due for c in made] == [d("1941-03-30"), d("1941-05")]
    made = cm.commitments_for_agreement(gorin(), d("1941-03-20"), due_days=None)
    assert [c.due for c in made] == [None, None]


def test_a_due_date_from_an_inexact_agreement_is_about_the_end_of_its_period_plus_days():
    # March ends on the 31st; 31 March + 30 days = 30 April.
    assert cm.due_after(d("about 1941-03"), 30) == d("about 1941-04-30")
    assert cm.due_after(d("1941-03-20T21:00"), 1) == d("1941-03-21")


def test_several_counterparts_need_the_party_of_each_item():
    three = gorin(counterparts=["ussr", "poland"])
    messages = [m for _, m in refused(cm.commitments_for_agreement, three, d("1941-03-20"))]
    assert messages == [
        "proposal gorin-1941 has several counterparts; say in `parties` which one undertook"
        " item 'release-pyk'",
        "proposal gorin-1941 has several counterparts; say in `parties` which one undertook"
        " item 'exit-habicht'",
    ]
    made = cm.commitments_for_agreement(
        three, d("1941-03-20"), parties={"release-pyk": "poland", "exit-habicht": "ussr"}
    )
    assert [c.party for c in made] == ["poland", "ussr"]


@pytest.mark.parametrize(
    ("proposal", "kwargs", "expected"),
    [
        (
            gorin(status=ProposalStatus.IN_CLEARANCE),
            {},
            (
                "status",
                "proposal gorin-1941 is in-clearance; commitments arise only from an agreed"
                " proposal (record the agreement first)",
            ),
        ),
        (
            gorin(),
            {"due": {"release-nobody": d("1941-04")}},
            ("due.release-nobody", "proposal gorin-1941 has no item 'release-nobody'"),
        ),
        (
            gorin(),
            {"parties": {"release-pyk": "poland"}},
            (
                "parties.release-pyk",
                "'poland' is not a counterpart of proposal gorin-1941 (its counterparts: ussr)",
            ),
        ),
        (gorin(), {"due_days": -1}, ("due_days", "-1 is negative; give 0 or more days")),
        (
            gorin(),
            {"due": d("1941-03-01")},
            ("items[1].due", "due 1941-03-01 is before the agreement (1941-03-20)"),
        ),
        (
            gorin(),
            {"taken": {"gorin-1941-exit-habicht"}},
            ("items[2]", "commitment 'gorin-1941-exit-habicht' already exists"),
        ),
        (
            gorin(items=[item("release-gorin", Side.GIVE, ItemKind.RELEASE, "gorin")]),
            {},
            (
                "items",
                "proposal gorin-1941 has no get-side item: the counterpart undertook nothing",
            ),
        ),
        (
            gorin(counterparts=[]),
            {},
            ("counterparts", "proposal gorin-1941 names no counterpart state"),
        ),
    ],
)
def test_creation_refuses_bad_input_and_creates_nothing(proposal, kwargs, expected):
    assert expected in refused(cm.commitments_for_agreement, proposal, d("1941-03-20"), **kwargs)


def test_an_agreement_dated_before_the_proposal_was_opened_is_refused():
    assert refused(cm.commitments_for_agreement, gorin(), d("1941-01-10")) == [
        ("agreed_on", "1941-01-10 is before proposal gorin-1941 was opened (about 1941-02-20)")
    ]


# --- fulfilment ------------------------------------------------------------------------------


def test_fulfil_records_the_date_and_the_evidence():
    devenis = pending()
    assert cm.fulfil(devenis, d("1942-05-06"), evidence="embassy-telegram-1942") is devenis
    assert (devenis.status, devenis.fulfilled_on, devenis.evidence) == (
        CommitmentStatus.FULFILLED,
        d("1942-05-06"),
        "embassy-telegram-1942",
    )


def test_a_partly_fulfilled_commitment_can_be_completed_later():
    habicht = pending(person="habicht", act=ItemKind.EXIT_PERMISSION)
    cm.fulfil(habicht, d("1941-07-15"), evidence="visa-telegram", partly=True)
    assert habicht.status is CommitmentStatus.PARTLY_FULFILLED
    cm.fulfil(habicht, d("1941-08-02"), note="The children's visas followed.")
    assert (habicht.status, habicht.fulfilled_on, habicht.evidence, habicht.evidence_note) == (
        CommitmentStatus.FULFILLED,
        d("1941-08-02"),
        "visa-telegram",  # kept: no newer document was given
        "The children's visas followed.",
    )


def test_fulfil_refuses_a_commitment_already_fulfilled():
    devenis = pending()
    cm.fulfil(devenis, d("1942-05-06"), note="Freed.")
    assert unchanged(devenis, cm.fulfil, d("1942-06-01"), note="Again?") == [
        "commitment gorin-1941-release-devenis was already fulfilled on 1942-05-06; only a"
        " pending or partly fulfilled commitment can be fulfilled"
    ]


def test_fulfil_refuses_a_broken_commitment_and_points_to_its_successor():
    habicht = broken_habicht()
    assert unchanged(habicht, cm.fulfil, d("1941-07-15"), note="Visas.") == [
        "commitment gorin-1941-exit-habicht was recorded as broken; re-link it to the"
        " arrangement under which it is now pursued; only a pending or partly fulfilled"
        " commitment can be fulfilled"
    ]
    habicht.relinked_to = "ovakimian-1941-exit-habicht"
    assert (
        "taken over by ovakimian-1941-exit-habicht; act on that one"
        in unchanged(habicht, cm.fulfil, d("1941-07-15"), note="Visas.")[0]
    )


def test_fulfil_refuses_a_waived_commitment():
    devenis = pending()
    cm.waive(devenis, d("1941-06"), note="He came home another way.")
    assert unchanged(devenis, cm.fulfil, d("1941-07"), note="Freed.") == [
        "commitment gorin-1941-release-devenis was waived; only a pending or partly fulfilled"
        " commitment can be fulfilled"
    ]


def test_fulfil_needs_evidence():
    assert unchanged(pending(), cm.fulfil, d("1942-05-06"), note="  ") == [
        "say how we know it was done: give the document that shows it, or a note"
    ]


def test_fulfil_refuses_a_date_before_the_undertaking():
    assert unchanged(
        pending(), cm.fulfil, d("1941-03-01"), note="Freed.", undertaken_on=d("1941-03-20")
    ) == ["1941-03-01 is before the commitment was undertaken (1941-03-20)"]


def test_fulfil_refuses_completion_dated_before_the_partial_fulfilment():
    habicht = pending()
    cm.fulfil(habicht, d("1941-07-15"), note="Her visa.", partly=True)
    assert unchanged(habicht, cm.fulfil, d("1941-06"), note="The rest.") == [
        "1941-06 is before the commitment was partly fulfilled (1941-07-15)"
    ]


def test_fulfilment_of_an_unknown_commitment_is_refused_by_name():
    ledger = [pending(), broken_habicht()]
    before = copy.deepcopy(ledger)
    with pytest.raises(NotFound, match="no commitment with key 'gorin-1941-release-nobody'"):
        cm.fulfil(cm.find(ledger, "gorin-1941-release-nobody"), d("1941-04"), note="Freed.")
    assert ledger == before
    assert cm.find(ledger, "gorin-1941-exit-habicht") is ledger[1]


# --- follow-ups, breach, waiver --------------------------------------------------------------


def test_press_records_each_follow_up_in_order():
    devenis = pending()
    cm.press(devenis, d("1941-03-25"), by="steinhardt", note="Raised with Vyshinsky.")
    cm.press(devenis, d("1941-09"), action=FollowUpAction.INQUIRY, document="telegram-1234")
    assert [(f.date, f.action, f.by, f.document) for f in devenis.follow_ups] == [
        (d("1941-03-25"), FollowUpAction.PRESS, "steinhardt", None),
        (d("1941-09"), FollowUpAction.INQUIRY, None, "telegram-1234"),
    ]


def test_press_refuses_a_follow_up_dated_before_the_last_one():
    devenis = pending()
    cm.press(devenis, d("1941-09"))
    assert unchanged(devenis, cm.press, d("1941-04")) == [
        "1941-04 is before the last follow-up of commitment gorin-1941-release-devenis"
        " (1941-09); its record is kept in order"
    ]


def test_press_refuses_settled_commitments():
    kept = pending()
    cm.fulfil(kept, d("1942-05-06"), note="Freed.")
    assert unchanged(kept, cm.press, d("1942-06")) == [
        "commitment gorin-1941-release-devenis was already fulfilled on 1942-05-06; there is"
        " nothing to press for"
    ]
    habicht = broken_habicht()
    habicht.relinked_to = "ovakimian-1941-exit-habicht"
    assert unchanged(habicht, cm.press, d("1941-06")) == [
        "commitment gorin-1941-exit-habicht was broken and taken over by"
        " ovakimian-1941-exit-habicht; act on that one; there is nothing to press for"
    ]


def test_press_may_follow_a_partial_fulfilment():
    habicht = pending()
    cm.fulfil(habicht, d("1941-07-15"), note="Her visa only.", partly=True)
    cm.press(habicht, d("1941-07-20"), note="The children's visas?")
    assert len(habicht.follow_ups) == 1


def test_break_records_the_breach_as_a_dated_note():
    habicht = broken_habicht()
    assert habicht.status is CommitmentStatus.BROKEN
    [breach] = habicht.follow_ups
    assert (breach.date, breach.action, breach.note) == (
        d("about 1941-04"),
        FollowUpAction.NOTE,
        "Moscow calls its obligations exhausted.",
    )
    assert cm.breach_date(habicht) == d("about 1941-04")


@pytest.mark.parametrize("action", [cm.break_, cm.waive])
def test_break_and_waive_refuse_a_commitment_that_is_not_pending(action):
    kept = pending()
    cm.fulfil(kept, d("1942-05-06"), note="Freed.")
    verb = "broken" if action is cm.break_ else "waived"
    assert unchanged(kept, action, d("1942-06"), note="No.") == [
        "commitment gorin-1941-release-devenis was already fulfilled on 1942-05-06; only a"
        f" pending commitment can be {verb}"
    ]
    part = pending()
    cm.fulfil(part, d("1941-07"), note="Some of it.", partly=True)
    assert unchanged(part, action, d("1941-08"), note="No more.") == [
        "commitment gorin-1941-release-devenis was partly fulfilled on 1941-07; that stays its"
        f" outcome, and a partly fulfilled commitment is not {verb}"
    ]


def test_break_refuses_a_commitment_already_broken_a_blank_reason_and_a_date_out_of_order():
    habicht = broken_habicht()
    assert unchanged(habicht, cm.break_, d("1941-05"), note="Again.") == [
        "commitment gorin-1941-exit-habicht was recorded as broken; re-link it to the"
        " arrangement under which it is now pursued; only a pending commitment can be broken"
    ]
    devenis = pending()
    cm.press(devenis, d("1941-09"))
    assert unchanged(devenis, cm.break_, d("1941-05"), note="") == [
        "say why the commitment is broken",
        "1941-05 is before the last follow-up of commitment gorin-1941-release-devenis"
        " (1941-09); its record is kept in order",
    ]


def test_waive_records_the_waiver():
    devenis = pending()
    cm.waive(devenis, d("1941-06"), note="He came home another way.", by="henderson")
    assert devenis.status is CommitmentStatus.WAIVED
    assert devenis.follow_ups[-1].by == "henderson"
    assert cm.outcome(devenis).kind is OutcomeKind.WAIVED


# --- re-linking ------------------------------------------------------------------------------


def test_relink_creates_a_successor_under_the_new_proposal_and_keeps_the_history():
    habicht = broken_habicht()
    successor = cm.relink(habicht, ovakimian(), d("1941-07-08"), note="Lozovski's list names her.")
    assert habicht.status is CommitmentStatus.BROKEN
    assert habicht.relinked_to == "ovakimian-1941-exit-habicht"
    assert (successor.key, successor.proposal, successor.party, successor.person) == (
        "ovakimian-1941-exit-habicht",
        "ovakimian-1941",
        "ussr",
        "habicht",
    )
    assert (successor.act, successor.description, successor.status, successor.due) == (
        ItemKind.EXIT_PERMISSION,
        "Exit visas.",
        CommitmentStatus.PENDING,
        None,
    )
    [note] = successor.follow_ups
    assert (note.date, note.action, note.note) == (
        d("1941-07-08"),
        FollowUpAction.NOTE,
        "Takes over gorin-1941-exit-habicht, broken under gorin-1941: Lozovski's list names her.",
    )
    assert habicht.problems() == [] and successor.problems() == []


def test_relink_refuses_a_pending_commitment():
    habicht = pending(key="gorin-1941-exit-habicht", person="habicht", act=ItemKind.EXIT_PERMISSION)
    assert unchanged(habicht, cm.relink, ovakimian(), d("1941-07-08")) == [
        "commitment gorin-1941-exit-habicht is pending; record it as broken first: only a"
        " broken commitment is re-linked"
    ]


def test_relink_refuses_a_fulfilled_commitment():
    kept = pending()
    cm.fulfil(kept, d("1942-05-06"), note="Freed.")
    assert unchanged(kept, cm.relink, ovakimian(), d("1942-06"), item="exit-habicht")[0] == (
        "commitment gorin-1941-release-devenis is fulfilled; only a broken commitment is re-linked"
    )


def test_relink_refuses_a_commitment_already_relinked():
    habicht = broken_habicht()
    cm.relink(habicht, ovakimian(), d("1941-07-08"))
    assert unchanged(habicht, cm.relink, ovakimian(key="later-1942"), d("1942-01")) == [
        "commitment gorin-1941-exit-habicht was already re-linked to ovakimian-1941-exit-habicht"
    ]


@pytest.mark.parametrize(
    ("proposal", "kwargs", "expected"),
    [
        (
            gorin(),
            {},
            "commitment gorin-1941-exit-habicht already belongs to proposal gorin-1941;"
            " re-link it to a different arrangement",
        ),
        (
            ovakimian(status=ProposalStatus.DRAFT),
            {},
            "proposal ovakimian-1941 is draft; a commitment is re-linked only to an agreed"
            " arrangement",
        ),
        (
            ovakimian(counterparts=["poland"]),
            {},
            "'ussr' is not a counterpart of proposal ovakimian-1941",
        ),
        (
            ovakimian(items=[]),
            {},
            "proposal ovakimian-1941 has no get-side exit-permission item for habicht; add it"
            " to the proposal first, or name an item with `item`",
        ),
        (
            ovakimian(
                items=[
                    item("exit-habicht", Side.GET, ItemKind.EXIT_PERMISSION, "habicht"),
                    item("exit-habicht-2", Side.GET, ItemKind.EXIT_PERMISSION, "habicht"),
                ]
            ),
            {},
            "proposal ovakimian-1941 has several exit-permission items for habicht"
            " (exit-habicht, exit-habicht-2); name one with `item`",
        ),
        (ovakimian(), {"item": "nothing"}, "proposal ovakimian-1941 has no item 'nothing'"),
        (
            ovakimian(),
            {"item": "drop-ovakimian"},
            "item 'drop-ovakimian' of proposal ovakimian-1941 is on the give side",
        ),
        (
            ovakimian(),
            {"taken": {"ovakimian-1941-exit-habicht"}},
            "commitment 'ovakimian-1941-exit-habicht' already exists; name another item with"
            " `item`",
        ),
        (
            ovakimian(),
            {"due": d("1941-07-01")},
            "due 1941-07-01 is before the re-linking (1941-07-08)",
        ),
    ],
)
def test_relink_refuses_and_changes_nothing(proposal, kwargs, expected):
    assert expected in unchanged(broken_habicht(), cm.relink, proposal, d("1941-07-08"), **kwargs)


def test_relink_refuses_a_date_before_the_breach_or_the_new_proposal():
    habicht = broken_habicht()
    assert unchanged(habicht, cm.relink, ovakimian(), d("1941-02")) == [
        "1941-02 is before the commitment was broken (about 1941-04)",
        "1941-02 is before proposal ovakimian-1941 was opened (1941-07-01)",
    ]


# --- lateness and outcomes -------------------------------------------------------------------


def test_lateness_is_measured_as_written_with_its_bounds():
    late = cm.lateness(d("about 1941-04"), d("1942-05-06"))
    # As written: 30 April 1941 to 6 May 1942 = 365 + 6 = 371 days. At least: 'about' April
    # may run to 31 May, and 31 May 1941 to 6 May 1942 is 340 days. At most: it may start on
    # 1 March, and 1 March 1941 to 6 May 1942 is 365 + 66 = 431 days.
    assert late == cm.Lateness(days=371, at_least=340, at_most=431)
    assert late.words() == "about a year"
    assert cm.lateness(d("about 1941-04"), d("about 1941-04")) is None  # not certainly late
    assert cm.lateness(None, d("1941-04")) is None
    assert cm.lateness(d("1941-04-01"), d("after 1941-05")) == cm.Lateness(30, 30, None)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (13, "13 days"),
        (45, "about 6 weeks"),
        (76, "about 2 months"),
        (340, "about 11 months"),
        (371, "about a year"),
        (800, "about 2 years"),
    ],
)
def test_spans_in_words(days, words):
    assert cm.in_words(days) == words


def test_outcome_of_each_kind():
    kept = pending()
    cm.fulfil(kept, d("1941-04-20"), note="Freed.")
    assert cm.outcome(kept).kind is OutcomeKind.KEPT
    late = pending()
    cm.fulfil(late, d("1942-05-06"), note="Freed.")
    found = cm.outcome(late)
    assert (found.kind, found.lateness.days if found.lateness else None) == (
        OutcomeKind.KEPT_LATE,
        371,
    )
    assert found.explanation == (
        "kept late: due about 1941-04, fulfilled 1942-05-06, about a year late (371 days after"
        " the due period ended; at least 340)"
    )
    part = pending()
    cm.fulfil(part, d("1941-04"), note="Some.", partly=True)
    assert cm.outcome(part).kind is OutcomeKind.PARTLY
    assert cm.outcome(broken_habicht()).kind is OutcomeKind.BROKEN
    assert cm.outcome(pending()).explanation == "pending: due about 1941-04"
    # As of 15 June 1941: 30 April to 15 June is 46 days.
    assert cm.outcome(pending(), as_of=date(1941, 6, 15)).explanation == (
        "pending: due about 1941-04; overdue by 46 days on 1941-06-15"
    )


def test_a_broken_commitment_taken_over_and_kept_elsewhere():
    habicht = broken_habicht()
    successor = cm.relink(habicht, ovakimian(), d("1941-07-08"))
    found = cm.outcome(habicht, [habicht, successor])
    assert found.kind is OutcomeKind.BROKEN_RELINKED
    assert found.explanation.endswith("still pending there")
    cm.fulfil(successor, d("about 1941-07-15"), note="Exit visas granted.")
    found = cm.outcome(habicht, [habicht, successor])
    assert (found.kind, found.taken_over_by, found.kept_under, found.fulfilled_on) == (
        OutcomeKind.BROKEN_THEN_KEPT,
        ("ovakimian-1941-exit-habicht",),
        "ovakimian-1941",
        d("about 1941-07-15"),
    )
    # As written, 30 April to 15 July: 31 + 30 + 15 = 76 days after it was first due. At least:
    # 31 May (the latest 'about April') to 8 July (the earliest 'about 15 July') = 30 + 8 = 38.
    # At most: 1 March to 22 July = 31 + 30 + 31 + 30 + 21 = 143.
    assert found.lateness == cm.Lateness(days=76, at_least=38, at_most=143)
    # Without the successor among the records, the link is named but cannot be followed.
    alone = cm.outcome(habicht)
    assert alone.kind is OutcomeKind.BROKEN_RELINKED
    assert "not among the records given" in alone.explanation


def test_a_circle_of_relinks_is_reported_not_followed_forever():
    one = broken_habicht(key="a")
    two = broken_habicht(key="b", proposal="ovakimian-1941")
    one.relinked_to, two.relinked_to = "b", "a"
    assert "runs in a circle back to a" in cm.outcome(one, [one, two]).explanation


# --- overdue ---------------------------------------------------------------------------------


def test_overdue_is_certain_only_past_every_reading_of_the_due_date():
    devenis = pending()
    cm.press(devenis, d("1941-03-25"), by="steinhardt")
    nothing = pending(key="no-due", due=None)
    on_time = pending(key="later", due=d("1941-12"))
    ledger = [devenis, nothing, on_time]
    assert cm.overdue(ledger, date(1941, 5, 15)) == []  # 'about April' may run to 31 May
    [found] = cm.overdue(ledger, date(1941, 6, 15))
    # 30 April to 15 June = 46 days; 31 May to 15 June = 15 days; 25 March to 15 June = 82.
    assert (found.commitment, found.days, found.at_least, found.certain) == (
        "gorin-1941-release-devenis",
        46,
        15,
        True,
    )
    assert (found.follow_ups, found.last_follow_up, found.days_since_follow_up) == (
        1,
        devenis.follow_ups[0],
        82,
    )
    assert found.explanation == (
        "due about 1941-04, 46 days ago on 1941-06-15; 1 follow-up, the last 1941-03-25 (press)"
    )
    json.dumps(found.to_dict())


def test_overdue_can_include_the_possibly_overdue_and_sorts_most_overdue_first():
    older = pending(key="older", due=d("1941-03-01"))
    vague = pending(key="vague")
    found = cm.overdue([vague, older], date(1941, 5, 15), include_possible=True)
    assert [(o.commitment, o.days, o.certain) for o in found] == [
        ("older", 75, True),  # 1 March to 15 May: 31 + 30 + 14
        ("vague", 15, False),  # 30 April to 15 May, within the 'about'
    ]
    assert found[1].explanation == (
        "due about 1941-04, 15 days ago on 1941-05-15 (within the uncertainty of the due"
        " date); never pressed"
    )


def test_overdue_as_of_a_past_day_counts_what_was_still_open_then():
    devenis = pending()
    cm.fulfil(devenis, d("1942-05-06"), note="Freed.")
    habicht = broken_habicht()
    assert [o.commitment for o in cm.overdue([devenis, habicht], date(1941, 12, 31))] == [
        "gorin-1941-release-devenis"
    ]
    assert cm.overdue([devenis, habicht], date(1942, 6, 1)) == []


def test_a_partly_fulfilled_commitment_can_be_overdue():
    part = pending()
    cm.fulfil(part, d("1941-04-10"), note="Some of it.", partly=True)
    [found] = cm.overdue([part], date(1941, 7, 1))
    assert found.status is CommitmentStatus.PARTLY_FULFILLED
    assert "partly fulfilled 1941-04-10" in found.explanation


# --- reliability -----------------------------------------------------------------------------


def test_reliability_of_a_hand_made_record():
    kept = pending(key="kept", due=d("1950-01-10"))
    cm.fulfil(kept, d("1950-01-05"), note="Done.")
    late = pending(key="late", due=d("1950-01-10"))
    cm.fulfil(late, d("1950-01-20"), note="Done.")  # 10 days late
    later = pending(key="later", due=d("1951-03-01"))
    cm.fulfil(later, d("1951-03-31"), note="Done.")  # 30 days late
    part = pending(key="part", due=d("1951-06-01"))
    cm.fulfil(part, d("1951-05-01"), note="Half.", partly=True)
    open_ = pending(key="open", due=d("1952-01-01"))
    waived = pending(key="waived", due=d("1951-01-01"))
    cm.waive(waived, d("1950-12-01"), note="Not needed.")
    someone_else = pending(key="ours", party="us", due=d("1950-01-01"))
    ledger = [kept, late, later, part, open_, waived, someone_else]

    found = cm.reliability(ledger, "ussr", as_of=date(1952, 6, 1))
    assert found.tally.to_dict() == {
        "total": 6,
        "kept": 1,
        "late": 2,
        "partly": 1,
        "broken": 0,
        "made_good": 0,
        "pending": 1,
        "overdue": 1,
        "waived": 1,
        "settled": 4,
        "on_time_rate": 0.25,  # 1 of 4 settled
        "kept_rate": 0.75,  # 3 of 4
        "mean_days_late": 20.0,  # (10 + 30) / 2
    }
    assert found.summary == (
        "ussr undertook 6 commitments (as of 1952-06-01): 1 kept on time, 2 kept late (on"
        " average about 3 weeks), 1 partly kept, 1 pending, 1 of them overdue, 1 waived; 25%"
        " kept on time and 75% kept at all, of 4 settled."
    )
    assert [(p.period, p.tally.total, p.tally.late) for p in found.timeline] == [
        ("1950", 2, 1),
        ("1951", 3, 1),
        ("1952", 1, 0),
    ]
    # A year earlier the 1951 fulfilments had not happened: they were pending then.
    earlier = cm.reliability(ledger, "ussr", as_of=date(1951, 1, 15))
    assert (earlier.tally.kept, earlier.tally.late, earlier.tally.pending) == (1, 1, 3)
    assert earlier.tally.overdue == 0
    assert set(found.explanations) >= {"on_time_rate", "kept_rate", "mean_days_late", "total"}
    json.dumps(found.to_dict())


def test_reliability_with_nothing_on_record():
    found = cm.reliability([], "poland")
    assert found.summary == "poland has no commitments on record."
    assert (found.tally.on_time_rate, found.tally.mean_days_late, found.timeline) == (
        None,
        None,
        (),
    )


# --- the demo: the Gorin ledger --------------------------------------------------------------


@pytest.fixture(scope="module")
def demo() -> dict[str, list[Any]]:
    text = resources.files("glienicke.dataset").joinpath("demo.yaml").read_text("utf-8")
    dataset = read_sources([parse_text(text, "demo.yaml", "yaml")], lambda kind, keys: set())
    return {"commitment": dataset.records("commitment"), "proposal": dataset.records("proposal")}


def test_the_demo_gorin_commitments_two_kept_one_broken_and_relinked_one_a_year_late(demo):
    ledger = demo["commitment"]
    theirs = [c for c in ledger if c.proposal == "gorin-1941" and c.party == "ussr"]
    found = {c.person: cm.outcome(c, ledger) for c in theirs}
    assert {p: o.kind for p, o in found.items()} == {
        "pyk": OutcomeKind.KEPT,
        "roszkowski": OutcomeKind.KEPT,
        "habicht": OutcomeKind.BROKEN_THEN_KEPT,
        "devenis": OutcomeKind.KEPT_LATE,
    }
    habicht = found["habicht"]
    assert (habicht.taken_over_by, habicht.kept_under, habicht.fulfilled_on) == (
        ("ovakimian-1941-exit-habicht",),
        "ovakimian-1941",
        d("about 1941-07-15"),
    )
    assert habicht.explanation == (
        "broken under gorin-1941 (about 1941-04); taken over by ovakimian-1941-exit-habicht"
        " under ovakimian-1941 and kept there about 1941-07-15, about 2 months after it was"
        " first due"
    )
    devenis = found["devenis"].lateness
    assert devenis is not None and (devenis.days, devenis.words()) == (371, "about a year")


def test_the_demo_reliability_of_the_ussr(demo):
    found = cm.reliability(demo["commitment"], "ussr", party_name="The USSR")
    assert found.summary == (
        "The USSR undertook 5 commitments: 3 kept on time, 1 kept late (on average about a"
        " year), 1 broken (later kept under another arrangement); 60% kept on time and 80%"
        " kept at all, of 5 settled."
    )
    tally = found.tally
    assert (tally.kept, tally.late, tally.broken, tally.made_good, tally.pending) == (3, 1, 1, 1, 0)
    by_proposal = cm.reliability(demo["commitment"], "ussr", by="proposal")
    assert [
        (p.period, p.tally.kept, p.tally.late, p.tally.broken) for p in by_proposal.timeline
    ] == [
        ("gorin-1941", 2, 1, 1),
        ("ovakimian-1941", 1, 0, 0),
    ]
    # At the end of 1941 Devenis was still held: pending and overdue (30 April to 31 December
    # is 245 days).
    end_1941 = cm.reliability(demo["commitment"], "ussr", as_of=date(1941, 12, 31))
    assert (end_1941.tally.kept, end_1941.tally.pending, end_1941.tally.overdue) == (3, 1, 1)
    [devenis] = cm.overdue(demo["commitment"], date(1941, 12, 31))
    assert (devenis.person, devenis.days) == ("devenis", 245)
    json.dumps(found.to_dict())


def test_the_demo_keys_follow_the_agreement_rule_and_its_history_can_be_replayed(demo):
    proposals = {p.key: p for p in demo["proposal"]}
    made = cm.commitments_for_agreement(
        proposals["gorin-1941"], d("1941-03-20"), due=d("about 1941-04")
    )
    recorded = {c.key for c in demo["commitment"]}
    assert {c.key for c in made} & recorded == {
        "gorin-1941-release-pyk",
        "gorin-1941-release-roszkowski",
        "gorin-1941-release-devenis",
        "gorin-1941-exit-habicht",
    }
    by_key = {c.key: c for c in made}
    for key in ("gorin-1941-release-pyk", "gorin-1941-release-roszkowski"):
        cm.fulfil(by_key[key], d("about 1941-04"), note="Freed on condition of leaving.")
    cm.press(by_key["gorin-1941-release-devenis"], d("after 1941-03-24"), by="steinhardt")
    habicht = cm.break_(
        by_key["gorin-1941-exit-habicht"], d("about 1941-04"), note="Obligations exhausted."
    )
    successor = cm.relink(habicht, proposals["ovakimian-1941"], d("1941-07"))
    cm.fulfil(successor, d("about 1941-07-15"), note="Exit visas granted.")
    cm.fulfil(by_key["gorin-1941-release-devenis"], d("1942-05-06"), note="Freed.")
    ledger = [by_key[k] for k in sorted(recorded & set(by_key))] + [successor]
    replayed = cm.reliability(ledger, "ussr")
    assert replayed.tally == cm.reliability(demo["commitment"], "ussr").tally
