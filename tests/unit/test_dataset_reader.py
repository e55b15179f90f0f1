"""Reading dataset text: every problem placed by file, line, record and field."""

from __future__ import annotations

import pytest

from glienicke.dataset.files import parse_text
from glienicke.dataset.reader import Dataset, ExistingKeys, read_sources
from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import StageKind
from glienicke.domain.errors import ValidationFailed


def nothing_stored(kind: str, keys: set[str]) -> set[str]:
    return set()


def read(text: str, name: str = "gorin.yaml", existing: ExistingKeys = nothing_stored) -> Dataset:
    fmt = "json" if name.endswith(".json") else "yaml"
    return read_sources([parse_text(text, name, fmt)], existing)


def problems(
    text: str, name: str = "gorin.yaml", existing: ExistingKeys = nothing_stored
) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        read(text, name, existing)
    return [(p.where, p.message) for p in caught.value.problems]


PEOPLE = """\
glienicke_dataset: 1
states:
  - {key: us, name: United States of America}
persons:
  - key: gorin
    name: Mikhail N. Gorin
"""


def gorin_detention(*stages: tuple[str, str]) -> str:
    """The YAML of detention gorin-1938; its first stage is on its 7th line."""
    head = "detentions:\n  - key: gorin-1938\n    person: gorin\n    held_by: us\n"
    head += "    since: 1938-12-12\n    stages:\n"
    return head + "".join(f"      - {{stage: {kind}, date: {when}}}\n" for kind, when in stages)


def test_a_small_valid_dataset_yields_its_records():
    dataset = read(
        PEOPLE + gorin_detention(("arrested", "1938-12-12"), ("convicted", "1939-03-20"))
    )
    assert dataset.keys("person") == {"gorin"}
    [gorin] = dataset.records("detention")
    assert gorin.since == PartialDate(1938, 12, 12)
    assert gorin.status is StageKind.CONVICTED
    assert [located.path for _, located in dataset] == ["states[0]", "persons[0]", "detentions[0]"]


def test_an_empty_file_is_an_empty_dataset():
    assert list(read("")) == []


def test_unquoted_dates_in_yaml_are_read_as_text_not_datetimes():
    source = parse_text(
        "states:\n  - {key: x, name: X, valid_from: 1941-03-20}\n", "s.yaml", "yaml"
    )
    assert source.data["states"][0]["valid_from"] == "1941-03-20"
    [state] = read_sources([source], nothing_stored).records("state")
    assert state.valid_from == PartialDate(1941, 3, 20)


def test_an_unknown_key_reference_is_placed_at_the_referring_field():
    found = problems(PEOPLE + "detentions:\n  - {key: d, person: nobody, held_by: us}\n")
    assert found == [
        (
            "gorin.yaml:8: detention 'd', person",
            "refers to person 'nobody', which is neither in the dataset nor stored",
        )
    ]


def test_references_to_stored_keys_are_accepted():
    asked: list[tuple[str, set[str]]] = []

    def stored(kind: str, keys: set[str]) -> set[str]:
        asked.append((kind, keys))
        return keys & {"ussr", "ovakimian"}

    text = "detentions:\n  - {key: d, person: ovakimian, held_by: ussr}\n"
    [detention] = read(text, existing=stored).records("detention")
    assert detention.held_by == "ussr"
    assert sorted(asked) == [("person", {"ovakimian"}), ("state", {"ussr"})]


def test_an_impossible_date_is_placed_and_explained():
    found = problems("states:\n  - key: su\n    name: USSR\n    valid_from: 1941-02-29\n")
    assert found == [
        (
            "gorin.yaml:4: state 'su', valid_from",
            "'1941-02-29' is not a valid date: day 29 does not exist in 1941-02 (it has 28 days)",
        )
    ]


def test_stages_out_of_order_are_placed_at_the_stage_date():
    found = problems(
        PEOPLE + gorin_detention(("arrested", "1941-03-20"), ("charged", "1941-03-01"))
    )
    [(where, message)] = found
    assert where == "gorin.yaml:14: detention 'gorin-1938', stages[1].date"
    assert "list stages oldest first" in message


def test_a_duplicate_key_names_both_places():
    found = problems(PEOPLE + "  - key: gorin\n    name: Gorin again\n")
    assert found == [
        (
            "gorin.yaml:7: person 'gorin', key",
            "duplicate key: person 'gorin' is also at gorin.yaml:5",
        )
    ]


def test_text_where_a_whole_number_is_wanted_is_a_wrong_type():
    found = problems(PEOPLE + "    birth_year: about 1902\n")
    assert found == [
        ("gorin.yaml:7: person 'gorin', birth_year", "expected a whole number, got 'about 1902'")
    ]


def test_an_unknown_field_suggests_the_close_name():
    found = problems("persons:\n  - key: gorin\n    name: Gorin\n    nationalitys: [ussr]\n")
    assert found == [
        (
            "gorin.yaml:4: person 'gorin', nationalitys",
            "unknown field (did you mean 'nationalities'?)",
        )
    ]


def test_an_unknown_section_lists_the_known_ones():
    [(where, message)] = problems("glienicke_dataset: 1\npeople:\n  - key: gorin\n")
    assert where == "gorin.yaml:2: people"
    assert message.startswith("unknown section; the sections are: states, persons, offices")


def test_a_missing_required_field_is_placed_at_its_record():
    assert problems("persons:\n  - key: gorin\n") == [
        ("gorin.yaml:2: person 'gorin', name", "is required")
    ]


def test_malformed_yaml_is_reported_with_line_and_column():
    found = problems("persons:\n  - key: gorin\n   name: Gorin\n")
    assert found == [("gorin.yaml:3:4", "malformed YAML: did not find expected '-' indicator")]


def test_malformed_json_is_reported_with_line_and_column():
    found = problems('{\n  "persons": [\n    {"key": "gorin",}\n  ]\n}\n', name="gorin.json")
    [(where, message)] = found
    assert where == "gorin.json:3:21"
    assert message.startswith("malformed JSON: ")


def test_json_problems_are_placed_by_line_too():
    text = '{\n  "persons": [\n    {\n      "key": "gorin",\n      "name": 1\n    }\n  ]\n}\n'
    assert problems(text, name="gorin.json") == [
        ("gorin.json:5: person 'gorin', name", "expected text, got 1")
    ]


def test_a_field_given_twice_in_a_yaml_mapping_is_refused():
    found = problems("persons:\n  - key: gorin\n    name: Gorin\n    name: Gorin again\n")
    assert found == [("gorin.yaml:4", "field 'name' is given twice")]


def test_a_field_given_twice_in_a_json_object_is_refused():
    text = '{\n  "persons": [\n    {"key": "gorin", "name": "A", "name": "B"}\n  ]\n}\n'
    assert problems(text, name="gorin.json") == [("gorin.json:3", "field 'name' is given twice")]


def test_another_dataset_format_version_is_refused():
    assert problems("glienicke_dataset: 2\n") == [
        (
            "gorin.yaml:1: glienicke_dataset",
            "this is dataset format 2; this version of Glienicke reads format 1",
        )
    ]


def test_a_boolean_version_is_refused():
    assert len(problems("glienicke_dataset: true\n")) == 1


def test_every_problem_in_a_dataset_is_listed_at_once():
    found = problems("persons:\n  - {key: a}\n  - {key: b, name: B, birth_year: x}\n")
    assert [where for where, _ in found] == [
        "gorin.yaml:2: person 'a', name",
        "gorin.yaml:3: person 'b', birth_year",
    ]
