"""The fast windows evaluator (verdicts worked out once per pack, day and situation) gives the
same answer as the readable one in law/reference.py, field for field and word for word, on
generated detentions: any stages in any order, dates of every precision and qualifier, charges,
sentences, jurisdictions and treaty facts, on any day, under every built-in pack."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.detention import (
    Charge,
    Detention,
    Jurisdiction,
    Penalty,
    Sentence,
    Stage,
    StageKind,
)
from glienicke.law import evaluator, reference
from glienicke.law.evaluator import Facts
from glienicke.law.model import LawPack
from glienicke.services.law import BUILTIN_PACKS, read_packs

PACKS = read_packs([BUILTIN_PACKS])
FIRST = date(1926, 1, 1)


@st.composite
def partial_dates(draw: st.DrawFn, after: date) -> PartialDate:
    day = after + timedelta(days=draw(st.integers(0, 1500)))
    precision = draw(st.sampled_from(["day", "day", "day", "minute", "month", "year"]))
    qualifier = draw(st.sampled_from(list(Qualifier) + [Qualifier.EXACT] * 4))
    if precision == "year":
        return PartialDate(day.year, qualifier=qualifier)
    if precision == "month":
        return PartialDate(day.year, day.month, qualifier=qualifier)
    if precision == "minute":
        return PartialDate(day.year, day.month, day.day, 21, 0, qualifier=qualifier)
    return PartialDate(day.year, day.month, day.day, qualifier=qualifier)


def maybe(strategy: st.SearchStrategy[PartialDate]) -> st.SearchStrategy[PartialDate | None]:
    return st.none() | strategy


@st.composite
def cases(draw: st.DrawFn) -> tuple[Detention, LawPack, date, Facts | None]:
    """Anything the record may hold, checked or not: the two evaluators must agree even on a
    history the domain would refuse."""
    pack: LawPack = draw(st.sampled_from(PACKS))
    start = (pack.applies_from or FIRST) + timedelta(days=draw(st.integers(0, 4000)))
    kinds = st.sampled_from(list(StageKind))
    stages = [
        Stage(stage=draw(kinds), date=draw(partial_dates(start)))
        for _ in range(draw(st.integers(0, 9)))
    ]
    charges = [
        Charge(
            offence="espionage",
            violent=draw(st.none() | st.booleans()),
            max_term_months=draw(st.none() | st.sampled_from([299, 300]) | st.integers(1, 600)),
            max_penalty=draw(st.none() | st.sampled_from(list(Penalty))),
        )
        for _ in range(draw(st.integers(0, 2)))
    ]
    sentence = None
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["term", "term", "life", "death", "none"]))
        sentence = Sentence(
            term_months=draw(st.sampled_from([5, 6]) | st.integers(1, 400))
            if kind == "term"
            else None,
            life=kind == "life",
            death=kind == "death",
            imposed_on=draw(maybe(partial_dates(start))),
            service_begins_on=draw(maybe(partial_dates(start))),
            grace_until=draw(maybe(partial_dates(start))),
            credited_from=draw(maybe(partial_dates(start - timedelta(days=400)))),
        )
    detention = Detention(
        key="d",
        person="p",
        held_by=sorted(pack.states)[0],
        since=draw(maybe(partial_dates(start - timedelta(days=30)))),
        jurisdiction=draw(st.none() | st.sampled_from(list(Jurisdiction))),
        charges=charges,
        stages=stages,
        sentence=sentence,
    )
    as_of = start + timedelta(days=draw(st.integers(-400, 9000)))
    facts = draw(st.none() | st.builds(Facts, st.none() | st.booleans()))
    return detention, pack, as_of, facts


@settings(max_examples=1500, deadline=None)
@given(cases())
def test_the_fast_evaluator_agrees_with_the_reference(
    case: tuple[Detention, LawPack, date, Facts | None],
) -> None:
    detention, pack, as_of, facts = case
    expected = reference.evaluate(detention, pack, as_of, facts)
    for _ in range(2):  # the second time from the tables the first one filled
        found = evaluator.evaluate(detention, pack, as_of, facts)
        assert found == expected
        assert [w.explanation for w in found.windows] == [w.explanation for w in expected.windows]
    assert evaluator.occurrences(detention, as_of) == reference.occurrences(detention, as_of)
    stages = evaluator.history_as_of(detention, as_of)
    assert evaluator.exclusions(detention, stages, facts) == reference.exclusions(
        detention, stages, facts
    )


def test_the_tables_are_bounded_and_answer_the_same_once_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the bound, a pack's tables start again: the answers do not change."""
    monkeypatch.setattr(evaluator, "_PLANS_KEPT", 2)
    monkeypatch.setattr(evaluator, "_DECISIONS_KEPT", 1)
    pack = next(p for p in PACKS if p.key == "us-federal-1925-1987")
    pack.compiled.clear()
    detention = Detention(
        key="d",
        person="p",
        held_by="us",
        stages=[
            Stage(stage=StageKind.ARRESTED, date=PartialDate(1957, 6, 21)),
            Stage(stage=StageKind.CONVICTED, date=PartialDate(1957, 10, 25)),
            Stage(stage=StageKind.SENTENCED, date=PartialDate(1957, 11, 15)),
        ],
        sentence=Sentence(term_months=360, imposed_on=PartialDate(1957, 11, 15)),
    )
    days = [date(1957, 7, 1) + timedelta(days=90 * i) for i in range(8)]
    for day in days * 2:
        assert evaluator.evaluate(detention, pack, day) == reference.evaluate(detention, pack, day)
        assert len(pack.compiled) <= 2
