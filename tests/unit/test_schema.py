"""The shipped JSON Schema: generated from the code, and it accepts what the format allows."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from glienicke.dataset.schema import build_schema, shipped_schema


def valid_dataset() -> dict[str, Any]:
    return {
        "glienicke_dataset": 1,
        "states": [{"key": "us", "name": "United States of America"}],
        "persons": [{"key": "gorin", "name": "Mikhail N. Gorin", "nationalities": ["us"]}],
        "detentions": [
            {
                "key": "gorin-1938",
                "person": "gorin",
                "held_by": "us",
                "since": 1938,
                "stages": [
                    {"stage": "arrested", "date": "about 1938-12"},
                    {"stage": "convicted", "date": "1939-03-20T21:00"},
                ],
            }
        ],
        "clearance_steps": [
            {
                "key": "justice",
                "proposal": "gorin-1941",
                "kind": "concurrence",
                "to_office": "us-ag",
                "required": False,
            }
        ],
    }


def errors(data: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(shipped_schema())
    return [error.message for error in validator.iter_errors(data)]


def test_the_shipped_schema_is_the_generated_one():
    assert shipped_schema() == build_schema()


def test_the_shipped_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(shipped_schema())


def test_a_small_valid_dataset_passes():
    assert errors(valid_dataset()) == []


def with_change(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(valid_dataset())
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


STAGE_0 = ("detentions", 0, "stages", 0)


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        ((*STAGE_0, "stage"), "arrestd", "is not one of"),
        ((*STAGE_0, "date"), "1941-13", "is not valid under any of the given schemas"),
        ((*STAGE_0, "date"), "20 March 1941", "is not valid under any of the given schemas"),
        ((*STAGE_0, "date"), "1941-03-20T24:00", "is not valid under any of the given schemas"),
        (("persons", 0, "nickname"), "Misha", "Additional properties are not allowed"),
        (("people",), [], "Additional properties are not allowed"),
        (("glienicke_dataset",), 2, "1 was expected"),
        (("persons", 0, "name"), "", "should be non-empty"),
        (("clearance_steps", 0, "required"), "no", "is not of type 'boolean'"),
    ],
)
def test_an_invalid_dataset_fails(path, value, says):
    found = errors(with_change(path, value))
    assert found, f"{path} = {value!r} was accepted"
    assert any(says in message for message in found), found


def test_a_record_missing_a_required_field_fails():
    data = valid_dataset()
    del data["persons"][0]["name"]
    assert errors(data) == ["'name' is a required property"]
