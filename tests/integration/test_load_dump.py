"""Loading datasets all-or-nothing, idempotently, and dumping them back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from glienicke.domain.errors import ValidationFailed
from glienicke.domain.people import Person
from glienicke.services import datasets
from glienicke.services.database import Database

SMALL = Path(__file__).parent.parent / "fixtures" / "small.yaml"


def test_loading_a_dataset_creates_every_record(db: Database) -> None:
    report = datasets.load_files(db, [SMALL])
    assert report.created == {
        "state": 2,
        "person": 4,
        "office": 2,
        "tenure": 1,
        "detention": 2,
        "exit_restriction": 1,
        "case": 1,
        "proposal": 1,
        "document": 2,
        "consideration": 1,
        "clearance_step": 2,
        "commitment": 1,
        "event": 1,
    }
    assert report.updated == {} and report.unchanged == {}


def test_loading_the_same_file_again_changes_nothing(db: Database) -> None:
    datasets.load_files(db, [SMALL])
    before = datasets.dump(db)
    report = datasets.load_files(db, [SMALL])
    assert not report.changed
    assert sum(report.unchanged.values()) == 21
    assert datasets.dump(db) == before


def test_a_changed_record_is_updated_and_its_version_moves_on(db: Database, tmp_path: Path) -> None:
    datasets.load_files(db, [SMALL])
    changed = tmp_path / "changed.yaml"
    changed.write_text(SMALL.read_text().replace("birth_year: 1950", "birth_year: 1951"))
    report = datasets.load_files(db, [changed])
    assert report.updated == {"person": 1}
    with db.reading() as repo:
        assert repo.get(Person, "alma").birth_year == 1951
        assert repo.version(Person, "alma") == 2


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_load_dump_is_byte_identical(db: Database, tmp_path: Path, fmt: str) -> None:
    datasets.load_files(db, [SMALL])
    datasets.load_demo(db)
    first = datasets.dump(db, fmt)
    db.wipe()
    assert datasets.dump(db, fmt).count("key:" if fmt == "yaml" else '"key"') == 0
    path = tmp_path / f"dump.{fmt}"
    path.write_text(first, encoding="utf-8")
    datasets.load_files(db, [path])
    assert datasets.dump(db, fmt) == first


def test_records_may_refer_to_records_already_stored(db: Database, tmp_path: Path) -> None:
    datasets.load_files(db, [SMALL])
    extra = tmp_path / "extra.yaml"
    extra.write_text("persons:\n  - {key: eve, name: Eve, nationalities: [home]}\n")
    assert datasets.load_files(db, [extra]).created == {"person": 1}


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"fixture no longer contains {old!r}"
    return text.replace(old, new, 1)


# Each case: how to break the fixture, and what the message must say (besides file and line).
BAD_INPUTS = {
    "unknown key": (
        lambda t: _replace(t, "person: carl, mechanism", "person: karl, mechanism"),
        ["proposal 'swap-1977'", "items[0].person", "person 'karl'"],
    ),
    "impossible date": (
        lambda t: _replace(t, "date: 1977-03-01}", "date: 1977-02-30}"),
        ["detention 'alma-1977'", "stages[1].date", "day 30 does not exist"],
    ),
    "stage out of order": (
        lambda t: _replace(
            t,
            "{stage: sentenced, date: 1977-05-20}",
            "{stage: serving, date: 1977-05-20}\n      - {stage: sentenced, date: 1977-05-21}",
        ).replace("      - {stage: convicted, date: 1977-05-02}\n", "", 1),
        ["detention 'carl-1977'", "stages[1].stage", "'serving' cannot precede"],
    ),
    "duplicate key": (
        lambda t: _replace(t, "  - key: dora\n", "  - key: carl\n"),
        ["person 'carl'", "duplicate key", "also at"],
    ),
    "wrong type": (
        lambda t: _replace(t, "birth_year: 1950", "birth_year: nineteen-fifty"),
        ["person 'alma'", "birth_year", "expected a whole number"],
    ),
    "unknown field": (
        lambda t: _replace(t, "    birth_year: 1950", "    born: 1950"),
        ["person 'alma'", "born", "unknown field"],
    ),
    "malformed YAML": (
        lambda t: _replace(t, "  - key: ben\n", "  - key: [ben\n"),
        ["malformed YAML"],
    ),
    "bad enum": (
        lambda t: _replace(t, "priority: high", "priority: urgent"),
        ["case 'alma'", "priority", "'urgent' is not one of"],
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_is_refused_with_its_place_and_the_database_is_unchanged(
    db: Database, tmp_path: Path, kind: str
) -> None:
    datasets.load_demo(db)
    before = datasets.dump(db)
    breaker, expected = BAD_INPUTS[kind]
    bad = tmp_path / "bad.yaml"
    bad.write_text(breaker(SMALL.read_text()))
    with pytest.raises(ValidationFailed) as caught:
        datasets.load_files(db, [bad])
    message = "\n".join(str(p) for p in caught.value.problems)
    assert f"{bad}:" in message, message
    for fragment in expected:
        assert fragment in message, message
    assert datasets.dump(db) == before


def test_a_changed_filed_document_is_refused_and_nothing_else_loads(
    db: Database, tmp_path: Path
) -> None:
    datasets.load_files(db, [SMALL])
    before = datasets.dump(db)
    edited = tmp_path / "edited.yaml"
    text = SMALL.read_text().replace("title: Embassy report", "title: Embassy report, amended")
    edited.write_text(text.replace("birth_year: 1950", "birth_year: 1949"))
    with pytest.raises(ValidationFailed) as caught:
        datasets.load_files(db, [edited])
    assert "document 'tel-2'" in str(caught.value)
    assert "supersedes" in str(caught.value)
    assert datasets.dump(db) == before


def test_linking_a_filed_document_by_dataset_is_not_a_change_to_it(
    db: Database, tmp_path: Path
) -> None:
    datasets.load_files(db, [SMALL])
    linked = tmp_path / "linked.yaml"
    linked.write_text(
        SMALL.read_text().replace(
            "direction: incoming\n", "direction: incoming\n    persons: [alma]\n"
        )
    )
    assert datasets.load_files(db, [linked]).updated == {"document": 1}


def test_one_bad_file_among_good_ones_loads_nothing(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"persons": [{"key": "x", "name": "X", "nationalities": ["nowhere"]}]}')
    with pytest.raises(ValidationFailed) as caught:
        datasets.load_files(db, [SMALL, bad])
    assert f"{bad}:1: person 'x', nationalities[0]" in str(caught.value)
    with db.reading() as repo:
        assert repo.count(Person) == 0


def test_a_missing_file_is_named(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="nothing.yaml: no such file"):
        datasets.load_files(db, [tmp_path / "nothing.yaml"])
