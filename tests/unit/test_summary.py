"""Issue 15, item 15: the summary at the top of a long page, built as plain data from what the
page has worked out, on the demo's record (and, for what must never show, on records made
here)."""

from __future__ import annotations

from datetime import date

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.proposals import ClearanceStep, Proposal, ProposalStatus, StepKind
from glienicke.services import commitments, negotiation, overview, proposal_desk, summary
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from glienicke.services.negotiation import Workbench


@pytest.fixture
def demo(db: Database) -> Database:
    load_demo(db)
    return db


def _case(db: Database, key: str, day: date) -> summary.Summary:
    found = overview.case_file(db, key, day)
    offices = overview.titles(db, "office", sorted({s.to_office for s in found.steps}))
    return summary.of_case(found, day, offices)


def _proposal(db: Database, key: str, day: str | None = None) -> summary.Summary:
    bench = negotiation.workbench(db, key, day)
    as_of = date.fromisoformat(day) if day else None
    ledger = commitments.list_commitments(db, proposal=key, as_of=as_of)
    papers = proposal_desk.proposal_papers(db, key)
    return summary.of_proposal(bench, ledger, papers.offices, as_of or bench.as_of, papers.names)


def test_gorins_case_the_day_before_probation_closes(demo: Database) -> None:
    found = _case(demo, "gorin", date(1941, 2, 21))
    assert found.final is None
    first = found.urgent[0]
    assert first.alarm and first.days_left == 1 and first.on_word == "closes"
    assert first.text == "Probation on condition of departure for Mikhail N. Gorin"
    assert first.on == PartialDate.parse("about 1941-02-22")
    assert first.detail is not None and "usually takes 11 days" in first.detail
    assert first.link == "#windows-gorin-1938"
    assert [x.text for x in found.closing][:1] == [first.text]
    assert not any(x.alarm for x in found.closing)  # the alarm is said once, under urgent
    # what to do next: the answer awaited, and who must give it
    answer = found.next[0]
    assert answer.text.startswith("Secretary of State must answer the statement under")
    assert answer.link == "/proposals/gorin-1941#step-gorin-1941-state-foreign-policy-statement"


def test_a_closed_case_says_so_and_nothing_else(demo: Database) -> None:
    found = _case(demo, "gorin", date(1960, 1, 1))
    assert found.empty and found.final is not None and "closed" in found.final


def test_a_death_sentence_is_urgent(demo: Database) -> None:
    found = _case(demo, "pyk", date(1941, 2, 21))
    assert any(x.alarm and x.text == "Irena Pyk is under sentence of death" for x in found.urgent)


def test_gorins_bargain_when_put_forward_has_its_alarm_and_its_next_move(
    demo: Database,
) -> None:
    found = _proposal(demo, "gorin-1941")
    assert found.as_of == date(1941, 2, 20)
    alarm = found.urgent[0]
    assert alarm.alarm and alarm.link == "#item-release-gorin" and alarm.days_left == 2
    gorin = "Probation on condition of departure for Mikhail N. Gorin"
    assert alarm.text == f"{gorin} cannot be cleared in time"
    assert found.closing[0].text == gorin
    assert found.next and found.next[0].link == "#lifecycle"


def test_a_rejected_proposal_has_nothing_live(demo: Database) -> None:
    for day in (None, "1964-12-09"):
        found = _proposal(demo, "ivanov-1964", day)
        assert found.empty, found
        assert found.final == (
            "This proposal is rejected: no step is awaited and nothing more is to be done."
        )


def test_a_finished_proposal_with_a_step_never_answered_awaits_nothing() -> None:
    step = ClearanceStep(
        key="ask",
        proposal="p",
        kind=StepKind.CONCURRENCE,
        to_office="justice",
        requested_on=PartialDate.parse("1964-11-19"),
    )
    for status in (ProposalStatus.WITHDRAWN, ProposalStatus.IN_CLEARANCE):
        proposal = Proposal(key="p", title="P", status=status)
        bench = Workbench(proposal, [step], [], [], [], date(1964, 12, 1))
        found = summary.proposal_summary(bench, [], {"justice": "Justice"}, date(1964, 12, 1))
        if status is ProposalStatus.WITHDRAWN:
            assert found.empty and found.final is not None and "withdrawn" in found.final
        else:
            assert [x.text for x in found.next] == ["Justice must answer the concurrence"]
            assert found.next[0].link == "#step-ask"


def test_the_dashboard_summary_on_historical_days_and_today(demo: Database) -> None:
    day = summary.dashboard_summary(overview.dashboard(demo, date(1941, 2, 21)), "?as_of=x")
    texts = [x.text for x in day.urgent]
    assert texts[0] == "Probation on condition of departure for Mikhail N. Gorin"
    assert "Irena Pyk is under sentence of death" in texts
    assert day.urgent[0].link == "/cases/gorin?as_of=x"
    assert day.next[0].text.startswith("Secretary of State must answer the statement")
    december = summary.dashboard_summary(overview.dashboard(demo, date(1964, 12, 10)))
    assert [x.link for x in december.next] == [
        "/proposals/ivanov-1964#step-ivanov-1964-justice-concurrence-renewed"
    ]
    # today the renewed request is taken over by the President's decision, and the proposal
    # is rejected: nothing of it is awaited
    today = summary.dashboard_summary(overview.dashboard(demo, date(2026, 1, 1)))
    assert not any("ivanov-1964" in (x.link or "") for x in today.next + today.urgent)
    assert today.to_dict()["as_of"] == "2026-01-01"


def test_awaiting_on_leaves_out_what_an_escalation_took_over() -> None:
    def step(key: str, asked: str, escalates: str | None = None) -> ClearanceStep:
        return ClearanceStep(
            key=key,
            proposal="p",
            kind=StepKind.CONCURRENCE,
            to_office="justice",
            requested_on=PartialDate.parse(asked),
            escalates=escalates,
        )

    steps = [step("first", "1964-11-19"), step("again", "1964-12-08", "first")]
    assert [s.key for s in summary.awaiting_on(steps, date(1964, 12, 1))] == ["first"]
    assert [s.key for s in summary.awaiting_on(steps, date(1964, 12, 9))] == ["again"]
