"""Office phrases as documents write them, resolved to offices and to holders on a date."""

from __future__ import annotations

from pathlib import Path

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.people import Office, Tenure
from glienicke.records.offices import OfficeMatch, holders_on, match_office
from glienicke.records.pocom import Officials, read_pocom

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pocom"

OFFICES = [
    Office(key="us-secretary-of-state", title="Secretary of State"),
    Office(key="us-under-secretary-of-state", title="Under Secretary of State"),
    Office(key="us-attorney-general", title="Attorney General"),
    Office(key="us-ambassador-ussr", title="U.S. Ambassador to the Soviet Union"),
    Office(key="ussr-ambassador-us", title="Soviet Ambassador to the United States"),
    Office(key="us-chief-of-mission-germany", title="Chief of Mission to Germany"),
    Office(key="us-minister-romania", title="Minister to Rumania"),
]


def office_of(phrase: str, offices=OFFICES) -> str | None:
    found = match_office(phrase, offices)
    return None if found is None else found.office


@pytest.mark.parametrize(
    ("phrase", "office", "acting"),
    [
        ("Secretary of State", "us-secretary-of-state", False),
        ("the Secretary of State", "us-secretary-of-state", False),
        ("Acting Secretary of State", "us-secretary-of-state", True),
        ("The Acting Secretary of State", "us-secretary-of-state", True),
        ("Secretary of State ad interim", "us-secretary-of-state", True),
        ("the Under Secretary of State", "us-under-secretary-of-state", False),
        ("the Undersecretary of State", "us-under-secretary-of-state", False),
        ("Attorney General", "us-attorney-general", False),
        ("the Acting Attorney General", "us-attorney-general", True),
        ("ATTORNEY-GENERAL.", "us-attorney-general", False),
    ],
)
def test_principal_offices_match_their_titles(phrase, office, acting):
    assert match_office(phrase, OFFICES) == OfficeMatch(office, acting, phrase)


@pytest.mark.parametrize(
    "phrase",
    [
        "the Ambassador in the Soviet Union",
        "Ambassador to the Soviet Union",
        "Ambassador to the USSR",
        "the American Ambassador at Moscow",
        "Ambassador to the U.S.S.R.",
        "the Ambassador to the Union of Soviet Socialist Republics",
        "the Embassy in the Soviet Union",
        "The Ambassador in the Soviet Union (Steinhardt)",
        "U.S. Ambassador to the Soviet Union",
    ],
)
def test_the_soviet_mission_under_its_many_names(phrase):
    assert office_of(phrase) == "us-ambassador-ussr"


def test_ranks_and_country_names_of_the_day_reach_the_same_mission():
    assert office_of("the Ambassador in the Federal Republic of Germany") == (
        "us-chief-of-mission-germany"
    )
    assert office_of("the Embassy in Bonn") == "us-chief-of-mission-germany"
    assert office_of("the Minister in Romania") == "us-minister-romania"
    assert office_of("the Legation in Rumania") == "us-minister-romania"


def test_a_charge_ad_interim_is_acting_head_of_the_mission():
    found = match_office("the Chargé d'Affaires ad interim in the Soviet Union", OFFICES)
    assert found == OfficeMatch(
        "us-ambassador-ussr", True, "the Chargé d'Affaires ad interim in the Soviet Union"
    )


def test_a_foreign_ambassador_is_not_a_us_chief_of_mission():
    assert office_of("Soviet Ambassador to the United States") == "ussr-ambassador-us"
    assert office_of("Ambassador to the United States") is None


@pytest.mark.parametrize(
    "phrase",
    ["Postmaster General", "the Ambassador in Ruritania", "Secretary", "", "the", "Acting"],
)
def test_unknown_phrases_match_nothing(phrase):
    assert match_office(phrase, OFFICES) is None


def test_an_exact_title_beats_a_mission_match_and_ties_go_to_the_first_listed():
    pocom = Office(key="us-chief-of-mission-russia", title="Chief of Mission to Russia")
    mine = Office(key="us-ambassador-ussr", title="Ambassador to the Soviet Union")
    assert office_of("Ambassador to the Soviet Union", [pocom, mine]) == "us-ambassador-ussr"
    assert office_of("Ambassador in the Soviet Union", [pocom, mine]) == pocom.key
    assert office_of("Ambassador in the Soviet Union", [mine, pocom]) == mine.key
    again = Office(key="us-secretary", title="Secretary of State")
    assert office_of("Secretary of State", [again, *OFFICES]) == "us-secretary"


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


TENURES = [
    Tenure(
        key="hull",
        office="us-secretary-of-state",
        person="hull",
        start=d("1933-03-04"),
        end=d("1944-11-30"),
    ),
    Tenure(
        key="welles-acting",
        office="us-secretary-of-state",
        person="welles",
        start=d("1941-03"),
        end=d("1941-03"),
        acting=True,
    ),
    Tenure(
        key="early",
        office="us-secretary-of-state",
        person="someone",
        start=None,
        end=d("1933-03-03"),
    ),
    Tenure(
        key="welles",
        office="us-under-secretary-of-state",
        person="welles",
        start=d("1937-05-21"),
        end=d("1943-09-30"),
    ),
]


def test_holders_on_a_day_are_the_tenures_that_may_include_it_in_start_order():
    found = holders_on("us-secretary-of-state", d("1941-03-21"), TENURES)
    assert [t.key for t in found] == ["hull", "welles-acting"]
    assert [t.key for t in holders_on("us-secretary-of-state", d("1941-04-02"), TENURES)] == [
        "hull"
    ]


def test_holders_on_includes_an_unknown_start_first_and_nothing_of_other_offices():
    found = holders_on("us-secretary-of-state", d("1933"), TENURES)
    assert [t.key for t in found] == ["early", "hull"]
    assert holders_on("us-attorney-general", d("1941-03-21"), TENURES) == []


@pytest.fixture(scope="module")
def real() -> Officials:
    if not (REAL / "people").is_dir():
        pytest.skip(f"no POCOM data at {REAL}")
    return read_pocom(REAL)


def names_on(real: Officials, phrase: str, day: str) -> list[list[str]]:
    found = match_office(phrase, real.offices)
    assert found is not None, phrase
    persons = {p.key: p for p in real.persons}
    return [persons[t.person].known_as() for t in holders_on(found.office, d(day), real.tenures)]


def test_the_ambassador_to_the_soviet_union_in_march_1941_was_steinhardt(real):
    found = match_office("Ambassador to the Soviet Union", real.offices)
    assert found == OfficeMatch("us-chief-of-mission-russia", False, found.phrase)
    holders = names_on(real, "Ambassador to the Soviet Union", "1941-03-21")
    assert len(holders) == 1
    assert holders[0][0] in ("Laurence A. Steinhardt", "Laurence Adolph Steinhardt")
    assert "Laurence A. Steinhardt" in holders[0]


def test_the_under_secretary_of_state_in_march_1941_was_welles(real):
    holders = names_on(real, "the Under Secretary of State", "1941-03-21")
    assert len(holders) == 1
    assert "Sumner Welles" in holders[0]


def test_real_chiefs_of_mission_resolve_by_rank_and_old_country_names(real):
    assert names_on(real, "the Minister in Rumania (Gunther)", "1941-03-21")[0][0] == (
        "Franklin Mott Gunther"
    )
    assert names_on(real, "the Embassy in Moscow", "1942-01-15") == []  # between ambassadors
    assert match_office("Attorney General", real.offices) is None  # not a State post
