"""The policy point's decisions, on a small invented world: no read up, compartments hold,
and nothing leaks through a neighbour."""

from __future__ import annotations

from typing import Any

import pytest

from glienicke.domain.cases import Basis, Case, CaseSubject
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention
from glienicke.domain.documents import Classification, Document, DocumentKind, Event
from glienicke.domain.people import FamilyLink, Person, Relation, State
from glienicke.domain.proposals import Consideration, ConsiderationCategory, Proposal, Stance
from glienicke.security.model import Permission, Role, User
from glienicke.security.policy import WITHHELD, Marks, Viewer, admits, redacted, visible_keys

C = Classification
READ = frozenset({Permission.READ})


def viewer(clearance: Classification = C.SECRET, *groups: str, name: str = "ann") -> Viewer:
    return Viewer(name, clearance, frozenset(groups), READ)


def world() -> tuple[dict[str, list[Any]], dict[tuple[str, str], Marks]]:
    subject = lambda p, d=None: CaseSubject(person=p, basis=Basis.NATIONAL, detention=d)  # noqa: E731
    records: dict[str, list[Any]] = {
        "state": [State(key="home", name="Home")],
        "person": [
            Person(
                key="open-p",
                name="Open",
                family=[FamilyLink(relation=Relation.SPOUSE, person="hidden-p")],
            ),
            Person(key="hidden-p", name="Hidden"),
            Person(key="both-p", name="Both"),
            Person(key="official", name="Official"),
        ],
        "detention": [
            Detention(key="open-d", person="open-p", held_by="home"),
            Detention(key="hidden-d", person="hidden-p", held_by="home"),
        ],
        "case": [
            Case(
                key="open", title="Open", subjects=[subject("open-p", "open-d"), subject("both-p")]
            ),
            Case(
                key="team",
                title="Team",
                subjects=[subject("hidden-p", "hidden-d"), subject("both-p")],
            ),
            Case(key="top", title="Top"),
        ],
        "proposal": [
            Proposal(key="p-open", title="Open", counterparts=["home"], cases=["open"]),
            Proposal(key="p-team", title="Team", counterparts=["home"], cases=["team"]),
        ],
        "consideration": [
            Consideration(
                key="c-team",
                proposal="p-team",
                stance=Stance.FOR,
                category=ConsiderationCategory.HUMANITARIAN,
                argument="x",
            ),
        ],
        "document": [
            Document(
                key="d-conf",
                kind=DocumentKind.NOTE,
                title="Conf",
                classification=C.CONFIDENTIAL,
                persons=["open-p", "hidden-p"],
                cases=["open"],
            ),
            Document(key="d-ts", kind=DocumentKind.NOTE, title="TS", classification=C.TOP_SECRET),
            Document(key="d-team", kind=DocumentKind.NOTE, title="Team", cases=["team"]),
        ],
        "event": [
            Event(
                key="e-team",
                date=PartialDate(1977),
                title="t",
                source="s",
                proposals=["p-team"],
            )
        ],
    }
    marks = {
        ("case", "team"): Marks(C.CONFIDENTIAL, frozenset({"team-x"})),
        ("case", "top"): Marks(C.TOP_SECRET),
    }
    return records, marks


def test_no_read_up() -> None:
    assert admits(viewer(C.SECRET), Marks(C.SECRET))
    assert not admits(viewer(C.SECRET), Marks(C.TOP_SECRET))


def test_a_compartment_admits_its_users_and_groups_only() -> None:
    marks = Marks(C.UNCLASSIFIED, frozenset({"bea", "team-x"}))
    assert admits(viewer(C.UNCLASSIFIED, name="bea"), marks)
    assert admits(viewer(C.UNCLASSIFIED, "team-x"), marks)
    assert not admits(viewer(C.TOP_SECRET, "other"), marks)


def test_default_deny_without_the_read_permission() -> None:
    records, marks = world()
    blind = Viewer("ann", C.TOP_SECRET, frozenset({"team-x"}), frozenset())
    assert all(keys == set() for keys in visible_keys(blind, records, marks).values())


def test_an_outsider_sees_nothing_of_the_compartment_or_above_clearance() -> None:
    records, marks = world()
    seen = visible_keys(viewer(C.SECRET), records, marks)
    assert seen["case"] == {"open"}
    assert seen["proposal"] == {"p-open"}
    assert seen["consideration"] == set()
    assert seen["detention"] == {"open-d"}
    assert seen["person"] == {"open-p", "both-p", "official"}  # hidden-p is only in "team"
    assert seen["document"] == {"d-conf"}
    assert seen["event"] == set()
    assert seen["state"] == {"home"}


def test_a_member_with_enough_clearance_sees_the_compartment() -> None:
    records, marks = world()
    seen = visible_keys(viewer(C.SECRET, "team-x"), records, marks)
    assert seen["case"] == {"open", "team"}
    assert seen["consideration"] == {"c-team"} and seen["event"] == {"e-team"}
    assert "hidden-p" in seen["person"] and "d-team" in seen["document"]


def test_a_member_below_the_compartments_classification_still_sees_nothing_of_it() -> None:
    records, marks = world()
    seen = visible_keys(viewer(C.UNCLASSIFIED, "team-x"), records, marks)
    assert "team" not in seen["case"] and "d-conf" not in seen["document"]


def test_references_to_hidden_records_are_withheld_in_what_is_shown() -> None:
    records, marks = world()
    seen = visible_keys(viewer(C.SECRET), records, marks)
    document = redacted(records["document"][0], seen)
    assert document.persons == ["open-p"]
    person = redacted(records["person"][0], seen)
    assert person.family == []  # the hidden spouse is not even hinted at
    detention = Detention(key="x", person="hidden-p", held_by="home")
    assert redacted(detention, seen).person == WITHHELD
    assert records["document"][0].persons == ["open-p", "hidden-p"]  # the original is untouched


@pytest.mark.parametrize("scopes", [frozenset({Permission.READ}), frozenset()])
def test_a_token_sees_no_more_than_its_scopes(scopes: frozenset[Permission]) -> None:
    user = User(username="ann", name="Ann", roles=[Role.CASE_OFFICER], clearance=C.SECRET)
    assert Viewer.of(user, scopes).may(Permission.READ) is bool(scopes)
    assert not Viewer.of(user, scopes).may(Permission.EDIT_CASES)
    assert Viewer.of(user).may(Permission.EDIT_CASES)
