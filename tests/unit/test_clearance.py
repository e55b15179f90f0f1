"""Clearance plans from mechanisms, and the moves of one step: request, answer, escalate."""

from __future__ import annotations

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.errors import ValidationFailed
from glienicke.domain.proposals import (
    DECIDER,
    Answer,
    ClearanceStep,
    ItemKind,
    Proposal,
    ProposalItem,
    Side,
    StepKind,
    StepPhase,
)
from glienicke.domain.proposals import ProposalStatus as S
from glienicke.law import model as law
from glienicke.negotiation import requests
from glienicke.negotiation.clearance import OfficeMap, StepState, plan, progress

D = PartialDate.parse
PROBATION = law.Mechanism(
    key="probation",
    name="Probation on condition of departure",
    decider="the trial court",
    opens=law.Event.CONVICTION,
    basis="Probation Act",
    explanation="x",
    closed_reason="y",
    requires=(
        law.Step("statement", law.StepKind.STATEMENT, "the Department of State"),
        law.Step("recommend", law.StepKind.RECOMMENDATION, "the U.S. Attorney", None, StepPhase.EXECUTION),
    ),
)  # fmt: skip
PARDON = law.Mechanism(
    key="pardon", name="Pardon", decider="the President", opens=law.Event.CHARGE, basis="art. II",
    explanation="x", closed_reason="y",
    requires=(law.Step("advice", law.StepKind.ADVICE, "the Attorney General"),),
)  # fmt: skip
OFFICES = OfficeMap(
    home_office="state", offices={"statement": "state", "advice": "justice"}, deciders={}
)


def _proposal(*items: tuple[str, str]) -> Proposal:
    return Proposal(
        key="p",
        title="A swap",
        counterparts=["other"],
        items=[
            ProposalItem(key=key, side=Side.GIVE, kind=ItemKind.RELEASE, person=person)
            for key, person in items
        ],
    )


def test_a_plan_lists_the_mechanisms_steps_then_the_deciders_act() -> None:
    offices = OfficeMap("state", {"statement": "state"}, {}, {"recommend": "usa", DECIDER: "court"})
    planned = plan(_proposal(("free-a", "a")), {"free-a": PROBATION}, offices, {"statement": 3})
    assert [(p.key, p.kind, p.phase, p.to_office, p.from_office, p.lead_days) for p in planned] == [
        ("p-statement", StepKind.STATEMENT, StepPhase.CLEARANCE, "state", None, 3),
        ("p-recommend", StepKind.RECOMMENDATION, StepPhase.EXECUTION, "usa", "state", 7),
        ("p-probation-order", StepKind.ORDER, StepPhase.EXECUTION, "court", "state", 0),
    ]
    assert planned[2].requirement == DECIDER


def test_a_presidents_act_is_a_decision_and_advice_a_consultation() -> None:
    offices = OfficeMap("state", {"advice": "justice"}, {"pardon": "president"})
    planned = plan(_proposal(("free-a", "a")), {"free-a": PARDON}, offices)
    assert [(p.key, p.kind) for p in planned] == [
        ("p-advice", StepKind.CONSULTATION),
        ("p-pardon-decision", StepKind.DECISION),
    ]


def test_two_items_needing_the_same_step_get_keys_of_their_own() -> None:
    planned = plan(
        _proposal(("free-a", "a"), ("free-b", "b")), {"free-a": PARDON, "free-b": PARDON}, OFFICES
    )
    assert [p.key for p in planned] == [
        "p-free-a-advice", "p-free-a-pardon-decision", "p-free-b-advice", "p-free-b-pardon-decision",
    ]  # fmt: skip


def test_a_step_with_no_office_cannot_be_put_on_record() -> None:
    planned = plan(_proposal(("free-a", "a")), {"free-a": PROBATION}, OFFICES)
    assert planned[1].to_office is None
    with pytest.raises(ValidationFailed, match="--office recommend=OFFICE"):
        planned[1].as_step("p")


def test_progress_matches_steps_on_record_and_keeps_the_unplanned_ones() -> None:
    planned = plan(_proposal(("free-a", "a")), {"free-a": PARDON}, OFFICES)
    advice = ClearanceStep(
        key="asked-justice", proposal="p", kind=StepKind.CONSULTATION, to_office="justice",
        item="free-a", requirement="advice", requested_on=D("1977-07-01"),
    )  # fmt: skip
    extra = ClearanceStep(key="chat", proposal="p", kind=StepKind.CONSULTATION, to_office="x")
    entries = progress(planned, [advice, extra])
    assert [(e.planned.key if e.planned else None, e.state) for e in entries] == [
        ("p-advice", StepState.AWAITING),
        ("p-pardon-decision", None),
        (None, StepState.UNREQUESTED),
    ]


# --- one step's moves -------------------------------------------------------------------------


def _step(key: str, **given: object) -> ClearanceStep:
    fields: dict[str, object] = {
        "key": key, "proposal": "p", "kind": StepKind.CONCURRENCE, "to_office": "justice",
    }  # fmt: skip
    fields.update(given)
    return ClearanceStep(**fields)  # type: ignore[arg-type]


def test_a_step_is_requested_once() -> None:
    step = _step("s1")
    requests.apply_request(step, S.DRAFT, D("1977-07-01"), [])
    assert step.requested_on == D("1977-07-01")
    with pytest.raises(ValidationFailed, match="already requested on 1977-07-01; escalate"):
        requests.apply_request(step, S.IN_CLEARANCE, D("1977-07-02"), [])


def test_clearance_is_asked_before_approval_and_execution_from_clearance_on() -> None:
    late = requests.check_request(_step("s1"), S.APPROVED, D("1977-07-01"), [])
    assert "clearance steps are asked before approval" in late[0].message
    early = _step("s2", phase=StepPhase.EXECUTION)
    assert requests.check_request(early, S.IN_CLEARANCE, D("1977-07-01"), []) == []
    assert requests.check_request(early, S.DRAFT, D("1977-07-01"), []) != []


def test_the_decider_waits_for_approval_and_for_the_items_other_steps() -> None:
    planned = plan(_proposal(("free-a", "a")), {"free-a": PARDON}, OFFICES)
    advice = _step("p-advice", kind=StepKind.CONSULTATION, item="free-a", requirement="advice",
                   requested_on=D("1977-07-01"))  # fmt: skip
    decider = _step("p-pardon-decision", kind=StepKind.DECISION, to_office="president",
                    item="free-a", requirement=DECIDER, phase=StepPhase.EXECUTION)  # fmt: skip
    entries = progress(planned, [advice, decider])
    problems = requests.check_request(decider, S.IN_CLEARANCE, D("1977-07-05"), entries)
    assert [p.message for p in problems] == [
        "the deciding office is asked to act only on an approved proposal (it is in-clearance)",
        "p-pardon-decision (decision of president) must wait: p-advice (consultation of justice)"
        " awaits an answer (asked 1977-07-01)",
    ]
    advice.record_answer(Answer.CONCUR, on=D("1977-07-03"))
    entries = progress(planned, [advice, decider])
    assert requests.check_request(decider, S.APPROVED, D("1977-07-05"), entries) == []


def test_only_the_office_asked_can_answer() -> None:
    asked = _step("s1", requested_on=D("1977-07-01"))
    other = _step("s2", to_office="minister", requested_on=D("1977-07-01"))
    assert requests.answerable([asked, other], "justice") is asked
    with pytest.raises(ValidationFailed, match="president was not asked anything"):
        requests.answerable([asked, other], "president")
    with pytest.raises(ValidationFailed, match="minister was not asked in s1"):
        requests.answerable([asked, other], "minister", "s1")
    with pytest.raises(ValidationFailed, match="asked in several steps"):
        requests.answerable([asked, _step("s3", requested_on=D("1977-07-02"))], "justice")


def test_an_answer_needs_a_request_and_the_right_kind() -> None:
    unasked = _step("s1")
    with pytest.raises(ValidationFailed, match="has not been requested: request it first"):
        requests.apply_answer(unasked, [unasked], Answer.CONCUR, on=D("1977-07-02"))
    asked = _step("s2", requested_on=D("1977-07-01"))
    with pytest.raises(ValidationFailed, match="not a decision"):
        requests.apply_answer(asked, [asked], Answer.DECIDED, on=D("1977-07-02"))
    decision = _step("s3", kind=StepKind.DECISION, requested_on=D("1977-07-01"))
    with pytest.raises(ValidationFailed, match="answer 'decided'"):
        requests.apply_answer(decision, [decision], Answer.CONCUR, on=D("1977-07-02"))
    assert asked.answer is None and decision.answer is None


def test_an_escalated_step_takes_no_answer() -> None:
    first = _step("s1", requested_on=D("1977-07-01"))
    renewed = _step("s2", requested_on=D("1977-07-05"), escalates="s1")
    with pytest.raises(ValidationFailed, match="was escalated"):
        requests.apply_answer(first, [first, renewed], Answer.CONCUR, on=D("1977-07-06"))


def test_escalation_asks_again_or_higher_as_a_new_step() -> None:
    first = _step("s1", requested_on=D("1977-07-01"), item="free-a", requirement="advice")
    first.record_answer(Answer.NON_CONCUR, on=D("1977-07-03"))
    again = requests.escalate(
        first, [first], S.IN_CLEARANCE, to_office="justice", on=D("1977-07-05")
    )
    assert (again.key, again.escalates, again.answer, again.requirement) == (
        "s1-renewed", "s1", None, "advice",
    )  # fmt: skip
    higher = requests.escalate(
        again, [first, again], S.IN_CLEARANCE, to_office="president", on=D("1977-07-06"),
        kind=StepKind.DECISION,
    )  # fmt: skip
    assert (higher.key, higher.kind, higher.escalates) == (
        "p-president-decision",
        StepKind.DECISION,
        "s1-renewed",
    )
    with pytest.raises(ValidationFailed, match="already escalated by s1-renewed"):
        requests.escalate(first, [first, again], S.IN_CLEARANCE, to_office="x", on=D("1977-07-07"))
    with pytest.raises(ValidationFailed, match="is before the step escalated"):
        requests.escalate(again, [first, again], S.IN_CLEARANCE, to_office="x", on=D("1977-07-01"))


def test_a_favourable_answer_is_not_escalated() -> None:
    done = _step("s1", requested_on=D("1977-07-01"))
    done.record_answer(Answer.CONCUR, on=D("1977-07-02"))
    with pytest.raises(ValidationFailed, match="answered favourably: nothing to escalate"):
        requests.escalate(done, [done], S.IN_CLEARANCE, to_office="x", on=D("1977-07-03"))
