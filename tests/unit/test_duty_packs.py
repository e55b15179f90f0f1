"""Duty packs: the shipped files load, a bad file is refused with every problem at its place,
a deployment's pack replaces a built-in one, a pack applies only from the day it took effect,
and the duties' clocks and alarms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from glienicke.domain.errors import ValidationFailed
from glienicke.law.duties import (
    DutyRecord,
    DutyStatus,
    PackKind,
    judge_duties,
)
from glienicke.services.duties import (
    BUILTIN_DUTY_PACKS,
    read_duty_pack,
    read_duty_packs,
    read_duty_settings,
)

US_1732 = BUILTIN_DUTY_PACKS / "us-1732.yaml"
LEVINSON = BUILTIN_DUTY_PACKS / "us-levinson.yaml"


def test_the_shipped_packs_load() -> None:
    duties = read_duty_pack(US_1732)
    assert duties.kind is PackKind.DUTIES and duties.home_state == "us"
    assert [s.key for s in duties.steps] == [
        "demand-reasons",
        "demand-release",
        "use-means",
        "report-to-congress",
    ]
    assert duties.in_force_from == date(1868, 7, 27)
    assert [s.after for s in duties.steps] == [
        None,
        "demand-reasons",
        "demand-release",
        "demand-reasons",
    ]
    criteria = read_duty_pack(LEVINSON)
    assert criteria.kind is PackKind.CRITERIA
    assert [c.number for c in criteria.criteria] == list(range(1, 12))
    assert criteria.in_force_from == date(2020, 12, 27)
    assert criteria.referral and "Special Presidential Envoy" in criteria.referral


def test_a_pack_applies_only_from_the_day_it_took_effect() -> None:
    criteria = read_duty_pack(LEVINSON)
    # the 1941 and 1964 detentions: the record shows them only before the Act
    assert not criteria.applies(date(1964, 12, 1), date(1964, 12, 31), date(2026, 1, 1))
    assert "2020-12-27" in criteria.why_not(date(2026, 1, 1))
    assert not criteria.applies(date(2022, 1, 1), None, date(2020, 1, 1))  # before it was law
    assert criteria.applies(date(2022, 1, 1), date(2022, 3, 1), date(2022, 6, 1))
    # held since before the Act, with a stage recorded after it
    assert criteria.applies(date(2018, 12, 28), date(2021, 5, 1), date(2022, 6, 1))
    assert read_duty_pack(US_1732).applies(date(1941, 2, 21), None, date(1941, 3, 1))
    assert not read_duty_pack(US_1732).applies(None, None, date(1860, 1, 1))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


GOOD = """\
glienicke_duty_pack: 1
key: {key}
name: A test pack
kind: duties
home_state: us
basis: a statute
summary: what it asks
explanation: how it is tracked
in_force:
  from: "1900-01-01"
steps:
  - key: first
    number: 1
    name: The first step
    explanation: do it
"""


def test_a_schema_error_names_the_file_line_and_field(tmp_path: Path) -> None:
    bad = (
        GOOD.format(key="bad")
        .replace("kind: duties", "kind: chores")
        .replace("    number: 1", "    number: one")
    )
    path = _write(tmp_path, "bad", bad)
    with pytest.raises(ValidationFailed) as caught:
        read_duty_pack(path)
    problems = [str(p).rsplit("/", 1)[-1] for p in caught.value.problems]
    assert any(p.startswith("bad.yaml:4: kind:") and "chores" in p for p in problems), problems
    assert any(p.startswith("bad.yaml:13: steps[0].number:") for p in problems), problems


def test_a_consistency_error_names_its_field(tmp_path: Path) -> None:
    text = (
        GOOD.format(key="other")
        + "  - key: second\n    number: 3\n    name: n\n    explanation: e\n    after: later\n"
    ).replace('from: "1900-01-01"', 'from: "1900-02-30"')
    path = _write(tmp_path, "wrong", text)
    with pytest.raises(ValidationFailed) as caught:
        read_duty_pack(path)
    messages = {p.where.split(": ", 1)[1]: p.message for p in caught.value.problems}
    assert "must equal the file's name" in messages["key"]
    assert "not a calendar date" in messages["in_force.from"]
    assert "the steps count 1, 2, 3" in messages["steps[1].number"]
    assert "'later' is not a step listed before this one" in messages["steps[1].after"]
    assert "/wrong.yaml:2: key:" in str(caught.value.problems[0])


def test_a_pack_of_one_kind_may_not_carry_the_other_kinds_list(tmp_path: Path) -> None:
    text = GOOD.format(key="mixed") + "criteria:\n  - {number: 1, key: c, text: t}\n"
    with pytest.raises(ValidationFailed, match="a pack of kind 'duties' has no criteria"):
        read_duty_pack(_write(tmp_path, "mixed", text))


def test_a_deployments_pack_replaces_the_built_in_one(tmp_path: Path) -> None:
    _write(tmp_path / "ours", "us-1732", GOOD.format(key="us-1732"))
    packs = {p.key: p for p in read_duty_packs([BUILTIN_DUTY_PACKS, tmp_path / "ours"])}
    assert [s.key for s in packs["us-1732"].steps] == ["first"]
    assert "us-levinson" in packs
    with pytest.raises(ValidationFailed, match="the duty packs folder does not exist"):
        read_duty_packs([tmp_path / "missing"])


def test_the_alarm_days_are_configuration() -> None:
    home, steps, default = read_duty_settings(None)
    assert home == "us" and steps["demand-reasons"] == 7 and default == 30


# --- clocks and alarms ----------------------------------------------------------------------

DAYS = {"demand-reasons": 7, "demand-release": 14, "use-means": 30, "report-to-congress": 60}


def _judge(records: dict[str, DutyRecord], as_of: date, ended: date | None = None) -> dict:
    pack = read_duty_pack(US_1732)
    lines = judge_duties(pack, records, date(1964, 12, 1), as_of, DAYS, 30, ended)
    return {line.step.key: line for line in lines}


def test_the_first_duty_counts_from_the_start_of_the_detention() -> None:
    lines = _judge({}, date(1964, 12, 8))
    assert lines["demand-reasons"].days_outstanding == 7 and not lines["demand-reasons"].alarm
    lines = _judge({}, date(1964, 12, 9))
    assert lines["demand-reasons"].alarm and "overdue" in lines["demand-reasons"].why
    assert lines["demand-release"].waiting_on == "demand-reasons"


def test_a_later_duty_counts_from_the_day_the_one_before_was_discharged() -> None:
    done = {
        "demand-reasons": DutyRecord("demand-reasons", DutyStatus.DISCHARGED, date(1964, 12, 3))
    }
    lines = _judge(done, date(1964, 12, 20))
    assert lines["demand-reasons"].status is DutyStatus.DISCHARGED
    assert lines["demand-release"].since == date(1964, 12, 3) and lines["demand-release"].alarm
    assert lines["report-to-congress"].since == date(1964, 12, 3)
    assert not lines["report-to-congress"].alarm
    assert lines["use-means"].waiting_on == "demand-release"


def test_a_duty_set_aside_passes_its_clock_to_the_one_before() -> None:
    records = {
        "demand-reasons": DutyRecord("demand-reasons", DutyStatus.DISCHARGED, date(1964, 12, 3)),
        "demand-release": DutyRecord(
            "demand-release", DutyStatus.NOT_APPLICABLE, date(1964, 12, 5)
        ),
    }
    assert _judge(records, date(1964, 12, 20))["use-means"].since == date(1964, 12, 3)


def test_a_record_dated_after_the_day_does_not_count_yet() -> None:
    done = {
        "demand-reasons": DutyRecord("demand-reasons", DutyStatus.DISCHARGED, date(1964, 12, 30))
    }
    lines = _judge(done, date(1964, 12, 10))
    assert (
        lines["demand-reasons"].status is DutyStatus.OUTSTANDING and lines["demand-reasons"].alarm
    )


def test_a_record_dated_after_the_day_shows_neither_its_document_nor_its_note() -> None:
    later = DutyRecord(
        "demand-reasons", DutyStatus.DISCHARGED, date(1964, 12, 30), "telegram-9", "asked"
    )
    before = _judge({"demand-reasons": later}, date(1964, 12, 10))["demand-reasons"]
    assert before.document is None and before.note is None
    after = _judge({"demand-reasons": later}, date(1964, 12, 31))["demand-reasons"]
    assert after.document == "telegram-9" and after.note == "asked"


def test_no_alarm_once_the_detention_has_ended() -> None:
    lines = _judge({}, date(1965, 3, 1), ended=date(1965, 1, 1))
    assert not lines["demand-reasons"].alarm and "ended" in lines["demand-reasons"].why
    early = judge_duties(
        read_duty_pack(US_1732), {}, date(1964, 12, 1), date(1964, 11, 1), DAYS, 30
    )
    assert "not yet due" in early[0].why and early[0].days_outstanding == 0
