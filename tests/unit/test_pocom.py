"""Reading POCOM folders: an invented fixture in POCOM's structure, and the real data if present."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from glienicke.domain.dates import PartialDate, Qualifier
from glienicke.domain.errors import InvalidValue
from glienicke.records.pocom import Officials, read_pocom, territory_name

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pocom"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pocom"


@pytest.fixture(scope="module")
def officials() -> Officials:
    return read_pocom(FIXTURE)


def tenure(officials: Officials, key: str):
    return next(t for t in officials.tenures if t.key == key)


def person(officials: Officials, key: str):
    return next(p for p in officials.persons if p.key == key)


def test_a_malformed_file_is_named_with_its_line_and_the_rest_loads(officials):
    broken = [p for p in officials.problems if p.startswith("people/d/dunmore-septimus.xml:")]
    assert len(broken) == 1
    assert "not well-formed XML" in broken[0]
    assert broken[0].startswith("people/d/dunmore-septimus.xml:8:")
    assert {p.key for p in officials.persons} == {
        "abbot-harriet-jane",
        "brandt-oskar-emil",
        "corvin-mabel",
        "ellery-tobias",
    }
    assert len(officials.tenures) == 9


def test_person_names_aliases_and_birth_year(officials):
    abbot = person(officials, "abbot-harriet-jane")
    assert abbot.name == "Harriet Jane Abbot"
    assert abbot.aliases == ["Harriet J. Abbot", "Abbot, Harriet Jane"]
    assert abbot.birth_year == 1881
    assert person(officials, "brandt-oskar-emil").name == "Oskar Emil Brandt, Jr."
    assert person(officials, "ellery-tobias").name == "Tobias Ellery III"
    corvin = person(officials, "corvin-mabel")
    assert corvin.aliases == ["Mabel Corvin-Hale", "M. Corvin", "Corvin, Mabel"]
    assert corvin.birth_year is None  # "ca. 1870" is not four digits


def test_offices_are_keyed_by_position_and_by_territory(officials):
    titles = {o.key: o.title for o in officials.offices}
    assert titles == {
        "us-keeper-of-records": "Keeper of the Records of State",
        "us-secretary": "Secretary of State",
        "us-chief-of-mission-freedonia": "Chief of Mission to Freedonia",
    }


def test_principal_tenure_dates_keys_and_source(officials):
    first = tenure(officials, "kr-1920-abbo")
    assert (first.office, first.person) == ("us-keeper-of-records", "abbot-harriet-jane")
    assert (first.start, first.end) == (PartialDate(1920, 1, 5), PartialDate(1924, 6, 30))
    assert first.source == "POCOM (Office of the Historian)"
    assert not first.acting


def test_start_falls_back_to_the_appointment_and_old_person_ids_resolve(officials):
    brandt = tenure(officials, "kr-1924-bran")
    assert brandt.person == "brandt-oskar-emil"  # the record names the former id brandt-oskar-e
    assert brandt.start == PartialDate(1924, 7, 1)
    assert brandt.end == PartialDate(1928, 2)
    assert "appointment date" in (brandt.notes or "")
    assert "Resigned 1928-02" in (brandt.notes or "")


def test_bad_dates_are_problems_and_left_empty(officials):
    corvin = tenure(officials, "kr-1928-corv")
    assert corvin.start == PartialDate(1928, 2, 15)  # the appointment: 1928-02-30 does not exist
    assert corvin.end is None
    where = "positions-principals/keeper-of-records.xml:68:"
    assert any(p.startswith(where) and "day 30 does not exist" in p for p in officials.problems)
    assert f"{where} ended date 'spring 1931' is not a date; left empty" in officials.problems


def test_records_without_or_with_unknown_persons_are_skipped_and_reported(officials):
    keys = {t.key for t in officials.tenures}
    assert "kr-1928-anon" not in keys
    assert "kr-1934-nobo" not in keys
    assert any(
        p.startswith("positions-principals/keeper-of-records.xml:51:") and "no person-id" in p
        for p in officials.problems
    )
    assert any("unknown person 'nobody-at-all'" in p for p in officials.problems)


def test_an_appointment_never_taken_up_gives_no_tenure(officials):
    assert "kr-1931-elle" not in {t.key for t in officials.tenures}


def test_a_duplicate_id_gets_a_suffix_and_a_problem(officials):
    again = tenure(officials, "kr-1920-abbo-2")
    assert again.start == PartialDate(1933, 1, 9)
    assert any("'kr-1920-abbo' is used twice" in p for p in officials.problems)


def test_secretary_ad_interim_is_acting_service_as_secretary(officials):
    ellery = tenure(officials, "inte-1925-elle")
    assert ellery.office == "us-secretary"
    assert ellery.acting


def test_chief_of_mission_notes_carry_role_and_note_inline_markup_included(officials):
    corvin = tenure(officials, "fd-1921-corv-01")
    assert corvin.office == "us-chief-of-mission-freedonia"
    assert corvin.notes == (
        "Ambassador Extraordinary and Plenipotentiary. Commissioned to the Grand Duchy of"
        " Freedonia. Ended: Left post on 1923-03-04."
    )
    assert not corvin.acting
    assert tenure(officials, "fd-1923-elle-01").acting  # chargé d'affaires ad interim


def test_open_chief_periods_are_bounded_by_the_neighbouring_starts(officials):
    ellery = tenure(officials, "fd-1923-elle-01")
    assert ellery.end == PartialDate(1925, 6, qualifier=Qualifier.BEFORE)
    assert "No end recorded" in (ellery.notes or "")
    brandt = tenure(officials, "fd--bran-01")
    assert brandt.start == PartialDate(1923, 3, 5, qualifier=Qualifier.AFTER)
    assert tenure(officials, "fd-1925-abbo-01").end is None  # the last chief: still open


def test_a_missing_folder_or_one_without_people_is_refused(tmp_path):
    with pytest.raises(InvalidValue, match="no officials data at .*expected people/"):
        read_pocom(tmp_path / "nowhere")
    (tmp_path / "missions-countries").mkdir()
    with pytest.raises(InvalidValue, match="expected people/, positions-principals/"):
        read_pocom(tmp_path)


def test_missing_subfolders_are_problems_not_errors(tmp_path):
    shutil.copytree(FIXTURE / "people", tmp_path / "people")
    found = read_pocom(tmp_path)
    assert len(found.persons) == 4
    assert found.tenures == []
    assert "missions-countries/: folder missing; nothing read from it" in found.problems


@pytest.mark.parametrize(
    ("territory", "name"),
    [
        ("russia", "Russia"),
        ("new-zealand", "New Zealand"),
        ("trinidad-and-tobago", "Trinidad and Tobago"),
        ("united-kingdom", "the United Kingdom"),
        ("congo-democratic-republic", "the Democratic Republic of the Congo"),
        ("vietnam-south", "South Vietnam"),
    ],
)
def test_territory_names_read_well(territory, name):
    assert territory_name(territory) == name


@pytest.fixture(scope="module")
def real() -> Officials:
    if not (REAL / "people").is_dir():
        pytest.skip(f"no POCOM data at {REAL}")
    return read_pocom(REAL)


def test_the_real_folder_reads_whole_and_quickly():
    if not (REAL / "people").is_dir():
        pytest.skip(f"no POCOM data at {REAL}")
    began = time.perf_counter()
    found = read_pocom(REAL)
    assert time.perf_counter() - began < 30  # about a second; generous for slow machines
    assert len(found.persons) > 4000
    assert len(found.offices) > 250
    assert not [p for p in found.problems if "not well-formed" in p]


def test_steinhardt_is_named_with_his_altname_as_an_alias(real):
    steinhardt = next(p for p in real.persons if p.key == "steinhardt-laurence-adolph")
    assert steinhardt.name == "Laurence Adolph Steinhardt"
    assert "Laurence A. Steinhardt" in steinhardt.aliases
    assert steinhardt.birth_year == 1892


def test_a_person_id_used_twice_keeps_the_first_file(tmp_path):
    shutil.copytree(FIXTURE / "people", tmp_path / "people")
    twin = tmp_path / "people" / "z" / "abbot-twin.xml"
    twin.parent.mkdir()
    twin.write_text(
        (FIXTURE / "people" / "a" / "abbot-harriet-jane.xml")
        .read_text(encoding="utf-8")
        .replace("<forename>Harriet Jane</forename>", "<forename>Hattie</forename>"),
        encoding="utf-8",
    )
    found = read_pocom(tmp_path)
    abbots = [p for p in found.persons if p.key == "abbot-harriet-jane"]
    assert [p.name for p in abbots] == ["Harriet Jane Abbot"]
    assert any(
        p.startswith("people/z/abbot-twin.xml:") and "used twice" in p for p in found.problems
    )
