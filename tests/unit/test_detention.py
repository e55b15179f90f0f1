"""Detention stages: the order of proceedings, the derived status, and sentences."""

from __future__ import annotations

from typing import Any

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Sentence, Stage, StageKind, stage_problems
from glienicke.domain.errors import ValidationFailed

S = StageKind


def stage(kind: str, when: str) -> Stage:
    return Stage(stage=StageKind(kind), date=PartialDate.parse(when))


def history(*pairs: tuple[str, str]) -> list[Stage]:
    return [stage(kind, when) for kind, when in pairs]


def detention(*pairs: tuple[str, str], key: str = "gorin-1938") -> Detention:
    return Detention(key=key, person="gorin", held_by="us", stages=history(*pairs))


GORIN = (
    ("arrested", "1938-12-12"),
    ("convicted", "1939-03-20"),
    ("sentenced", "1939-03-20"),
    ("appeal-pending", "1939-04"),
    ("on-bail", "1939-05"),
    ("appeal-upheld", "1940-01"),
    ("on-probation", "1941-03-20"),
    ("expelled", "1941-03-21"),
)


def messages(stages: list[Stage], key: str = "gorin-1938") -> list[str]:
    return [p.message for p in stage_problems(stages, key)]


def test_a_gorin_like_history_has_no_problems():
    assert stage_problems(history(*GORIN), "gorin-1938") == []
    assert detention(*GORIN).problems() == []


def test_serving_cannot_precede_conviction():
    stages = history(("arrested", "1941-01"), ("serving", "1941-02"), ("convicted", "1941-03"))
    problems = stage_problems(stages, "smith-1941")
    assert [p.where for p in problems] == ["stages[1].stage"]
    assert "'serving' cannot precede 'convicted'" in problems[0].message
    assert "smith-1941" in problems[0].message


def test_a_stage_without_its_prerequisite_names_the_missing_stage():
    [message] = messages(history(("arrested", "1941-01"), ("sentenced", "1941-02")))
    assert "'sentenced' needs an earlier 'convicted' stage" in message
    assert "gorin-1938" in message


def test_a_stage_with_several_possible_prerequisites_names_them_all():
    [message] = messages(history(("paroled", "1941-02")))
    assert "needs an earlier 'serving' stage" in message
    [message] = messages(history(("commuted", "1941-02")))
    assert "'sentenced' or 'condemned-to-death'" in message


def test_stages_listed_out_of_date_order_are_refused():
    problems = stage_problems(
        history(("arrested", "1941-03-20"), ("charged", "1941-03-01")), "gorin-1938"
    )
    assert [p.where for p in problems] == ["stages[1].date"]
    assert "list stages oldest first" in problems[0].message


def test_stages_whose_partial_dates_overlap_are_not_out_of_order():
    assert messages(history(("arrested", "1941-03-20"), ("charged", "1941-03"))) == []


def test_nothing_may_follow_died():
    [message] = messages(
        history(("arrested", "1941-01"), ("died", "1941-02"), ("released", "1941-03"))
    )
    assert "cannot follow 'died'" in message
    assert "gorin-1938" in message


def test_a_detention_without_stages_has_no_status_and_is_held():
    held = detention()
    assert held.status is None
    assert held.is_held


def test_status_is_derived_from_the_last_stage():
    held = detention(("arrested", "1941-01"), ("charged", "1941-02"))
    before = held.status
    held.record_stage(stage("on-trial", "1941-03"))
    assert (before, held.status) == (S.CHARGED, S.ON_TRIAL)
    assert held.is_held


@pytest.mark.parametrize("ending", ["released", "expelled"])
def test_a_released_or_expelled_person_is_no_longer_held(ending):
    assert not detention(("arrested", "1941-01"), (ending, "1941-02")).is_held


def test_reached_finds_the_first_stage_of_a_kind():
    gorin = detention(*GORIN)
    reached = gorin.reached(S.CONVICTED)
    assert reached is not None and str(reached.date) == "1939-03-20"
    assert gorin.reached(S.PARDONED) is None


def test_record_stage_appends_an_allowed_stage():
    held = detention(("arrested", "1941-01"))
    held.record_stage(stage("charged", "1941-02"))
    assert [s.stage for s in held.stages] == [S.ARRESTED, S.CHARGED]


@pytest.mark.parametrize(
    ("kind", "when", "where", "says"),
    [
        ("serving", "1941-02", "stages[1].stage", "needs an earlier 'convicted' or 'sentenced'"),
        ("charged", "1940-12", "stages[1].date", "list stages oldest first"),
    ],
)
def test_record_stage_refuses_a_stage_and_leaves_the_history_unchanged(kind, when, where, says):
    held = detention(("arrested", "1941-01"))
    before = list(held.stages)
    with pytest.raises(ValidationFailed) as caught:
        held.record_stage(stage(kind, when))
    [problem] = caught.value.problems
    assert (problem.where, says in problem.message) == (where, True)
    assert held.stages == before


def test_record_stage_refuses_anything_after_died():
    held = detention(("arrested", "1941-01"), ("died", "1941-02"))
    with pytest.raises(ValidationFailed, match="cannot follow 'died'"):
        held.record_stage(stage("released", "1941-03"))
    assert held.status is S.DIED


# --- sentences -------------------------------------------------------------------------------


def sentence(**values: Any) -> Sentence:
    for name in ("imposed_on", "service_begins_on", "grace_until"):
        if name in values:
            values[name] = PartialDate.parse(values[name])
    return Sentence(**values)


def where_and_what(found: Sentence) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in found.problems()]


def test_a_plain_term_with_a_fine_has_no_problems():
    assert sentence(term_months=72, fine_amount=5000, fine_currency="USD").problems() == []


@pytest.mark.parametrize("months", [0, -6])
def test_a_term_must_be_a_positive_number_of_months(months):
    assert where_and_what(sentence(term_months=months)) == [
        ("term_months", "must be a positive number of months")
    ]


@pytest.mark.parametrize(
    "values", [{"term_months": 12, "life": True}, {"life": True, "death": True}]
)
def test_only_one_of_term_life_and_death_may_be_given(values):
    assert where_and_what(sentence(**values)) == [
        ("term_months", "give only one of term_months, life and death")
    ]


def test_a_fine_needs_its_currency_and_a_currency_its_fine():
    assert [w for w, _ in where_and_what(sentence(fine_amount=100))] == ["fine_currency"]
    assert [w for w, _ in where_and_what(sentence(fine_currency="USD"))] == ["fine_currency"]


def test_a_fine_cannot_be_negative():
    found = where_and_what(sentence(fine_amount=-1, fine_currency="USD"))
    assert found == [("fine_amount", "a fine cannot be negative")]


@pytest.mark.parametrize("name", ["service_begins_on", "grace_until"])
def test_service_and_grace_cannot_begin_before_the_sentence_is_imposed(name):
    found = where_and_what(sentence(imposed_on="1939-03-20", **{name: "1939-02"}))
    assert found == [
        (
            name,
            "1939-02 is before imposed_on 1939-03-20; custody before the sentence that counts"
            " against the term goes in credited_from",
        )
    ]


def test_sentence_problems_are_placed_under_sentence_in_the_detention():
    held = detention(*GORIN)
    held.sentence = sentence(term_months=-1)
    assert [p.where for p in held.problems()] == ["sentence.term_months"]
