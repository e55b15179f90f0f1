"""The codec: plain data (the dataset format) to domain records and back, unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from glienicke.dataset.codec import from_plain, to_plain
from glienicke.dataset.files import parse_text, render
from glienicke.domain.catalog import BY_NAME, KINDS, RecordKind
from glienicke.domain.errors import Problem
from glienicke.domain.proposals import ClearanceStep

# One small, valid record of every kind, in canonical plain form: defaults that are not empty
# or false (status 'open', weight 3, required true, ...) are written out, as to_plain writes them.
SAMPLES: dict[str, dict[str, Any]] = {
    "state": {"key": "ussr", "name": "USSR", "valid_from": "1922-12-30", "notes": "not Russia"},
    "person": {
        "key": "habicht",
        "name": "Mrs. Habicht",
        "aliases": ["Habicht"],
        "nationalities": ["ussr"],
        "birth_year": 1905,
        "family": [{"relation": "child", "person": "habicht-children"}],
        "affiliations": [{"organisation": "Amtorg", "role": "engineer", "since": "about 1938"}],
    },
    "office": {"key": "us-sec", "title": "Secretary of State", "state": "us", "parent": "us-pres"},
    "tenure": {
        "key": "welles-acting",
        "office": "us-sec",
        "person": "welles",
        "start": "1941",
        "end": "after 1941-03",
        "acting": True,
        "source": "FRUS",
    },
    "detention": {
        "key": "gorin-1938",
        "person": "gorin",
        "held_by": "us",
        "place": "Los Angeles",
        "since": "1938-12-12",
        "charges": [{"offence": "espionage", "statute": "50 U.S.C. 32"}],
        "stages": [
            {"stage": "arrested", "date": "1938-12-12"},
            {"stage": "convicted", "date": "1939-03-20T21:00", "source": "court record"},
        ],
        "sentence": {
            "term_months": 72,
            "fine_amount": 10000,
            "fine_currency": "USD",
            "imposed_on": "1939-03-20",
        },
    },
    "exit_restriction": {
        "key": "habicht-exit",
        "person": "habicht",
        "state": "ussr",
        "since": "before 1941",
        "reason": "unknown",
    },
    "case": {
        "key": "pyk",
        "title": "Irena Pyk",
        "classification": "unclassified",
        "subjects": [{"person": "pyk", "basis": "national", "detention": "pyk-1940"}],
        "priority": "high",
        "status": "closed",
        "opened_on": "1941-02",
        "closed_on": "1941-03-21",
        "outcome": "released",
    },
    "proposal": {
        "key": "gorin-1941",
        "title": "Gorin for Pyk",
        "classification": "unclassified",
        "counterparts": ["ussr"],
        "origin": "their-demarche",
        "sequencing": "simultaneous",
        "status": "draft",
        "items": [{"key": "gorin", "side": "give", "kind": "release", "mechanism": "probation"}],
        "conditions": [{"key": "leaves", "text": "leaves at once", "item": "gorin"}],
    },
    "document": {
        "key": "tel-342",
        "kind": "telegram",
        "title": "Steinhardt to Hull",
        "from": [{"text": "the Ambassador (Steinhardt)", "person": "steinhardt"}],
        "to": [{"text": "the Secretary of State"}],
        "date": "1941-03-20T21:00",
        "telegram_number": "342",
        "direction": "incoming",
        "references": [{"text": "Your 550", "number": "550", "date": "1941-03-18"}],
        "classification": "secret",
        "caveats": ["Limdis"],
        "publication": {"volume": "FRUS 1941, vol. I", "pages": "936-938"},
        "persons": ["gorin"],
    },
    "consideration": {
        "key": "precedent",
        "proposal": "gorin-1941",
        "stance": "against",
        "category": "precedent",
        "argument": "invites more arrests",
        "weight": 3,
    },
    "clearance_step": {
        "key": "justice",
        "proposal": "gorin-1941",
        "kind": "concurrence",
        "to_office": "us-ag",
        "required": True,
        "phase": "clearance",
        "requested_on": "1941-03-05",
        "answer": "decided",
        "decision": "favourable",
        "answered_on": "1941-03-10",
    },
    "commitment": {
        "key": "devenis",
        "proposal": "gorin-1941",
        "party": "ussr",
        "act": "release",
        "description": "release Devenis",
        "due": "about 1941-04",
        "status": "fulfilled",
        "fulfilled_on": "1942-05-06",
        "follow_ups": [{"date": "1941-06", "action": "press", "note": "pressed again"}],
    },
    "event": {"key": "expelled", "date": "1941-03-21", "title": "Gorin leaves", "source": "NYT"},
}


def build(kind: RecordKind, plain: Any) -> tuple[Any, list[Problem]]:
    found: list[Problem] = []
    return from_plain(kind.cls, plain, kind.section + "[0]", found), found


def test_there_is_a_sample_for_every_kind():
    assert set(SAMPLES) == {kind.name for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_record_of_every_kind_survives_the_round_trip(kind):
    record, found = build(kind, SAMPLES[kind.name])
    assert found == []
    assert record.problems() == []
    assert to_plain(record) == SAMPLES[kind.name]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_rendered_records_parse_back_to_the_same_plain_data(fmt):
    data = {kind.section: [SAMPLES[kind.name]] for kind in KINDS}
    assert parse_text(render(data, fmt), "all." + fmt, fmt).data == data


def test_an_optional_clearance_step_stays_optional_after_the_round_trip():
    plain = {**SAMPLES["clearance_step"], "required": False}
    record, _ = build(BY_NAME["clearance_step"], plain)
    assert isinstance(record, ClearanceStep)
    reloaded = from_plain(ClearanceStep, to_plain(record), "", [])
    assert reloaded is not None and reloaded.required_step is False


def test_empty_and_absent_values_are_left_out():
    record, _ = build(BY_NAME["state"], {"key": "us", "name": "US", "notes": None})
    assert to_plain(record) == {"key": "us", "name": "US"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_year", True, "expected a whole number, got true"),
        ("aliases", "Gorin", "expected a list, got 'Gorin'"),
        ("name", "  ", "must not be empty"),
        ("name", "Go\x00rin", "holds a NUL character"),
        ("family", [{"relation": "cousin", "person": "x"}], "'cousin' is not one of: spouse,"),
    ],
)
def test_wrong_values_are_problems_at_their_path(field, value, message):
    record, found = build(BY_NAME["person"], {"key": "gorin", "name": "Gorin", field: value})
    assert record is None
    [problem] = found
    assert problem.where.startswith(f"persons[0].{field}")
    assert problem.message.startswith(message)


def test_a_year_given_as_a_number_is_a_date():
    record, found = build(BY_NAME["state"], {"key": "us", "name": "US", "valid_from": 1776})
    assert found == []
    assert to_plain(record)["valid_from"] == "1776"
