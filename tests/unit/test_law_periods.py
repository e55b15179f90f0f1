"""Issue 15, item 1: every mechanism has the period its law was in force, is evaluated only
inside it, and is explained only with the authority that existed, and the events that had
happened, on the as-of day."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Sentence, Stage, StageKind
from glienicke.domain.errors import ValidationFailed
from glienicke.law.deadlines import LeadTimes, deadlines_of
from glienicke.law.evaluator import Status, evaluate
from glienicke.law.model import LawPack, Mechanism
from glienicke.services.law import BUILTIN_PACKS, read_pack, read_packs

PACKS = {p.key: p for p in read_packs([BUILTIN_PACKS])}
OLD_LAW = PACKS["us-federal-1925-1987"]
S = StageKind


def _stage(kind: StageKind, day: str) -> Stage:
    return Stage(stage=kind, date=PartialDate.parse(day))


# Gorin's detention as the demo records it, reduced to what the law reads.
GORIN = Detention(
    key="gorin-1938",
    person="gorin",
    held_by="us",
    since=PartialDate.parse("1938-12-12"),
    stages=[
        _stage(S.ARRESTED, "1938-12-12"),
        _stage(S.CHARGED, "before 1939-02-21"),
        _stage(S.ON_TRIAL, "1939-02-21"),
        _stage(S.CONVICTED, "1939-03-10"),
        _stage(S.SENTENCED, "1939-03-20"),
        _stage(S.APPEAL_PENDING, "after 1939-03-20"),
        _stage(S.ON_BAIL, "after 1939-03-20"),
        _stage(S.APPEAL_UPHELD, "1940-04-22"),
        _stage(S.APPEAL_PENDING, "after 1940-04-22"),
        _stage(S.APPEAL_UPHELD, "1941-01-13"),
    ],
    sentence=Sentence(
        term_months=72,
        imposed_on=PartialDate.parse("1939-03-20"),
        grace_until=PartialDate.parse("about 1941-02-22"),
    ),
)
LATER_LAW = {"rule35", "rule35-1966", "treaty-transfer", "compassionate-release", "early-removal"}


def test_every_built_in_mechanism_says_when_its_law_took_effect() -> None:
    missing = [
        f"{pack.key}/{m.key}"
        for pack in PACKS.values()
        for m in pack.mechanisms
        if not m.in_force_from
    ]
    assert missing == []


def test_on_21_february_1941_no_later_law_is_listed_for_gorin() -> None:
    found = evaluate(GORIN, OLD_LAW, date(1941, 2, 21))
    listed = {w.key for w in found.windows}
    assert listed.isdisjoint(LATER_LAW)
    assert set(found.not_in_force) == LATER_LAW
    assert {"probation", "pardon", "commutation", "parole"} <= listed


def test_on_21_february_1941_the_only_deadline_is_probation() -> None:
    found = evaluate(GORIN, OLD_LAW, date(1941, 2, 21))
    deadlines = deadlines_of(found, LeadTimes({}, 3))
    # parole cannot open before a third of the term is served (about 1943): not a deadline yet
    assert [d.window.key for d in deadlines] == ["probation"]
    parole = next(w for w in found.windows if w.key == "parole")
    assert parole.status is Status.NOT_YET


def test_a_mechanism_comes_in_on_its_first_day_and_goes_after_its_last() -> None:
    rule35 = next(m for m in OLD_LAW.mechanisms if m.key == "rule35")
    assert (rule35.in_force_from, rule35.in_force_until) == (date(1946, 3, 21), date(1966, 6, 30))
    assert not rule35.in_force_on(date(1946, 3, 20))
    assert rule35.in_force_on(date(1946, 3, 21)) and rule35.in_force_on(date(1966, 6, 30))
    assert not rule35.in_force_on(date(1966, 7, 1))
    keys = {w.key for w in evaluate(GORIN, OLD_LAW, date(1966, 7, 1)).windows}
    assert "rule35" not in keys and "rule35-1966" in keys


CHARGED_1962 = Detention(
    key="d",
    person="p",
    held_by="us",
    stages=[_stage(S.ARRESTED, "1962-01-10"), _stage(S.CHARGED, "1962-02-01")],
)


def _window(detention: Detention, pack: LawPack, day: str, key: str) -> str:
    found = evaluate(detention, pack, date.fromisoformat(day))
    return next(w for w in found.windows if w.key == key).explanation


def test_no_1977_case_law_in_a_1962_explanation() -> None:
    in_1962 = _window(CHARGED_1962, OLD_LAW, "1962-06-01", "dismissal")
    assert "Rinaldi" not in in_1962 and "1977" not in in_1962
    assert "48(a)" in in_1962  # the rule of 1946 is cited
    assert "Rinaldi" in _window(CHARGED_1962, OLD_LAW, "1978-01-01", "dismissal")


def test_before_1946_dismissal_rests_on_the_prosecutor_alone() -> None:
    charged = Detention(key="d", person="p", held_by="us", stages=[_stage(S.CHARGED, "1940-02-01")])
    text = _window(charged, OLD_LAW, "1940-06-01", "dismissal")
    assert "48(a)" not in text and "on his own authority" in text
    found = evaluate(charged, OLD_LAW, date(1940, 6, 1))
    assert next(w for w in found.windows if w.key == "dismissal").mechanism.decider == (
        "the U.S. Attorney"
    )


def test_on_19_november_1964_justice_has_not_yet_declined() -> None:
    trial = Detention(
        key="ivanov-1963",
        person="ivanov",
        held_by="us",
        stages=[_stage(S.ARRESTED, "1963-10"), _stage(S.ON_TRIAL, "1964")],
    )

    def note(day: date) -> str:
        found = evaluate(trial, OLD_LAW, day)
        window = next(w for w in found.windows if w.key == "suspended-sentence-expulsion")
        step = next(s for s in window.requires if s.key == "justice-concurrence")
        return step.note or ""

    assert "declined" not in note(date(1964, 11, 19))
    assert "declined" in note(date(1964, 12, 20))


YEAR = re.compile(r"\b(1[7-9]\d\d|20\d\d)\b")


def _texts(mechanism: Mechanism) -> list[str]:
    notes = [s.note or "" for s in mechanism.requires]
    return [
        mechanism.decider,
        mechanism.basis,
        mechanism.explanation,
        mechanism.closed_reason,
        *mechanism.conditions,
        *notes,
    ]


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_no_text_names_a_year_after_the_day_it_is_read_on(pack: str) -> None:
    found = []
    start = PACKS[pack].applies_from or date.min
    for year in range(1923, 2027):
        for day in (date(year, 1, 1), date(year, 7, 1)):
            if day < start:
                continue  # a pack speaks only for offences of its own era
            mechanisms, _not_in_force = PACKS[pack].on(day)
            for mechanism in mechanisms:
                for text in _texts(mechanism):
                    later = [y for y in YEAR.findall(text) if int(y) > day.year]
                    if later:
                        found.append((str(day), mechanism.key, later))
    assert found == []


def _pack_file(tmp_path: Path, mechanism: str) -> Path:
    path = tmp_path / "local.yaml"
    path.write_text(
        "glienicke_law_pack: 1\nkey: local\nname: Local\napplies: {states: [xx]}\n"
        f"summary: s\nmechanisms:\n{mechanism}",
        encoding="utf-8",
    )
    return path


def test_a_mechanism_without_its_period_is_refused_at_load(tmp_path: Path) -> None:
    path = _pack_file(
        tmp_path,
        "  - {key: m, name: M, decider: d, requires: [], opens: {event: held}, basis: b,"
        " explanation: e, closed_reason: r}\n",
    )
    with pytest.raises(ValidationFailed) as failed:
        read_pack(path)
    assert "mechanisms[0]" in str(failed.value) and "'in_force' is a required property" in str(
        failed.value
    )


def test_a_text_that_would_be_empty_on_a_day_in_force_is_refused_at_load(
    tmp_path: Path,
) -> None:
    path = _pack_file(
        tmp_path,
        "  - key: m\n    name: M\n    decider: d\n    requires: []\n    opens: {event: held}\n"
        "    in_force: {from: 1950-01-01}\n    basis: [{text: a case, from: 1960-05-01}]\n"
        "    explanation: e\n    closed_reason: r\n",
    )
    with pytest.raises(ValidationFailed) as failed:
        read_pack(path)
    assert "mechanisms[0].basis" in str(failed.value)
    assert "no passage holds on 1950-01-01" in str(failed.value)


def test_dated_passages_load_and_read_by_day(tmp_path: Path) -> None:
    path = _pack_file(
        tmp_path,
        "  - key: m\n    name: M\n    decider: d\n    requires: []\n    opens: {event: held}\n"
        "    in_force: {from: 1950-01-01}\n"
        "    basis: [{text: the act}, {text: a case, from: 1960-05-01}]\n"
        "    explanation: e\n    closed_reason: r\n"
        "    conditions: [leave, {text: never return, from: 1970-01-01}]\n",
    )
    mechanism = read_pack(path).mechanisms[0]
    assert mechanism.on(date(1955, 1, 1)).basis == "the act"
    assert mechanism.on(date(1960, 5, 1)).basis == "the act; a case"
    assert mechanism.on(date(1965, 1, 1)).conditions == ("leave",)
    assert mechanism.on(date(1970, 1, 1)).conditions == ("leave", "never return")
