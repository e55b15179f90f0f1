"""Properties of the windows evaluator over generated stage histories, for every built-in pack:
it never raises on a valid detention, never opens a mechanism in a stage its pack excludes, and
never reopens a closed window as the days pass unless a new stage was recorded."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.detention import (
    ENDING,
    PREREQUISITES,
    Detention,
    Sentence,
    Stage,
    StageKind,
)
from glienicke.law.evaluator import Status, evaluate, history_as_of
from glienicke.law.model import LawPack, choose_pack
from glienicke.services.law import BUILTIN_PACKS, read_packs

PACKS = read_packs([BUILTIN_PACKS])
FIRST = date(1926, 1, 1)


@st.composite
def partial_dates(draw: st.DrawFn, after: date) -> PartialDate:
    day = after + timedelta(days=draw(st.integers(0, 900)))
    precision = draw(st.sampled_from(["day", "day", "day", "month", "year"]))
    qualifier = draw(st.sampled_from([Qualifier.EXACT, Qualifier.EXACT, Qualifier.ABOUT]))
    if precision == "year":
        return PartialDate(day.year, qualifier=qualifier)
    if precision == "month":
        return PartialDate(day.year, day.month, qualifier=qualifier)
    return PartialDate(day.year, day.month, day.day, qualifier=qualifier)


@st.composite
def detentions(draw: st.DrawFn) -> Detention:
    """A detention whose stages follow the order of proceedings, as the domain demands."""
    pack: LawPack = draw(st.sampled_from(PACKS))
    start = (pack.applies_from or FIRST) + timedelta(days=draw(st.integers(0, 3000)))
    state = sorted(pack.states)[0]
    stages = [Stage(stage=StageKind.ARRESTED, date=PartialDate.of(start))]
    moment = start
    for _ in range(draw(st.integers(0, 8))):
        reached = {s.stage for s in stages}
        ended = bool(reached & ENDING)  # after an ending stage only another ending may follow
        allowed = [
            k
            for k in StageKind
            if k is not StageKind.DIED
            and (not ended or k in ENDING)
            and (not PREREQUISITES.get(k) or any(p in reached for p in PREREQUISITES[k]))
        ]
        kind = draw(st.sampled_from(allowed))
        when = draw(partial_dates(moment))
        if when.earliest() < moment:
            when = PartialDate.of(moment)
        moment = max(moment, when.earliest())
        stages.append(Stage(stage=kind, date=when))
    sentence = None
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["term", "life", "death"]))
        sentence = Sentence(
            term_months=draw(st.integers(1, 400)) if kind == "term" else None,
            life=kind == "life",
            death=kind == "death",
            service_begins_on=draw(st.none() | partial_dates(start)),
            grace_until=draw(st.none() | partial_dates(start)),
        )
    detention = Detention(key="d", person="p", held_by=state, stages=stages, sentence=sentence)
    return detention


def _pack_of(detention: Detention) -> LawPack:
    pack = choose_pack(list(PACKS), detention.held_by, detention.stages[0].date.earliest())
    assert pack is not None
    return pack


@settings(max_examples=300)
@given(detentions(), st.integers(-400, 6000))
def test_never_raises_and_never_opens_in_an_excluded_stage(
    detention: Detention, offset: int
) -> None:
    assert detention.problems() == []
    as_of = detention.stages[0].date.earliest() + timedelta(days=offset)
    found = evaluate(detention, _pack_of(detention), as_of)
    pack = _pack_of(detention)
    # one window for each mechanism in force on the day, the others named as not in force
    assert [w.key for w in found.windows] == [
        m.key for m in pack.mechanisms if m.in_force_on(as_of)
    ]
    assert len(found.windows) + len(found.not_in_force) == len(pack.mechanisms)
    for window in found.windows:
        assert window.explanation
        allowed = window.mechanism.available_in
        if window.status is Status.OPEN and allowed is not None and found.stage is not None:
            assert found.stage in allowed, (window.key, found.stage)


@settings(max_examples=300)
@given(detentions(), st.integers(-400, 6000), st.integers(1, 4000))
def test_a_closed_window_stays_closed_until_a_new_stage_is_recorded(
    detention: Detention, offset: int, later: int
) -> None:
    first = detention.stages[0].date.earliest() + timedelta(days=offset)
    second = first + timedelta(days=later)
    if history_as_of(detention, first) != history_as_of(detention, second):
        return  # a new stage came in between: anything may change
    pack = _pack_of(detention)
    before = evaluate(detention, pack, first)
    after = evaluate(detention, pack, second)
    later = {w.key: w for w in after.windows}
    for old in before.windows:
        new = later.get(old.key)
        if new is None:
            continue  # the law it rests on was no longer in force
        if old.status is Status.CLOSED:
            assert new.status is Status.CLOSED, (old.key, old.explanation, new.explanation)
