"""`glienicke exchange solve` as a user meets it: the Abel and Ankara scenarios, JSON for
programs, and one line for every bad option or pool."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from glienicke.dataset.pools import demo_pools
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


def test_abel_for_powers_and_pryor_from_the_command_line(cli: Cli) -> None:
    result = cli("exchange", "solve", "abel-1962")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert "Best package: proven optimal" in result.out
    assert "  ring: United States -> Soviet Union -> United States" in lines
    assert any(
        line.startswith(
            "    German Democratic Republic (for Soviet Union) releases Frederic L. Pryor to"
            " United States"
        )
        for line in lines
    )
    assert "  brings home 2 (urgency-weighted 2.4271); gives 1 (weighted 4)" in lines
    assert any(line.startswith("  Marvin Makinen (held by Soviet Union") for line in lines)


def test_ankara_as_json(cli: Cli) -> None:
    result = cli("exchange", "solve", "ankara-2024", "-f", "json", "--alternatives", "1")
    assert result.code == 0, result.err
    view = json.loads(result.out)
    best, alternative = view["packages"]
    assert best["optimal"] and best["objective"]["persons_home"] == 16
    assert len(best["items"]) == 26 and best["objective"]["persons_given"] == 10
    assert {i["released_by"] for i in best["items"]} == {
        "united-states",
        "germany",
        "poland",
        "slovenia",
        "norway",
        "russia",
        "belarus",
    }
    [krieger] = [i for i in best["items"] if i["person"] == "krieger"]
    assert {"name": "sentence of death", "points": 4.0} in krieger["terms"]
    assert alternative["objective"]["given_weighted"] > best["objective"]["given_weighted"]
    assert {x["person"] for x in view["left_out"]} == {"fogel", "vinnik"}


def test_the_caps_and_the_day_can_be_changed(cli: Cli, tmp_path: Path) -> None:
    # with chains off and rings of two, Pryor (held by a partner of the Soviet side) still
    # travels the Soviet ring; a day after the planned one leaves every clearance in time
    result = cli(
        "exchange",
        "solve",
        "abel-1962",
        "--cycle-cap",
        "2",
        "--chain-cap",
        "0",
        "--as-of",
        "1962-01-20",
        "--time-limit",
        "5",
        "-f",
        "json",
    )
    assert result.code == 0, result.err
    view = json.loads(result.out)
    assert (view["cycle_cap"], view["chain_cap"], view["as_of"]) == (2, 0, "1962-01-20")
    late = cli("exchange", "solve", "abel-1962", "--as-of", "1962-02-05", "-f", "json")
    view = json.loads(late.out)
    reasons = {x["person"]: x["reasons"] for x in view["left_out"]}
    assert reasons["abel"][0].startswith("no open mechanism: commutation by the President")
    assert "after the planned date 1962-02-10" in reasons["abel"][0]
    assert view["packages"][0]["items"] == []


def test_bad_options_are_one_line(cli: Cli) -> None:
    for args, message in (
        (
            ("--cycle-cap", "0"),
            "error: --cycle-cap: must be at least 2: a ring needs two parties (got 0)",
        ),
        (("--chain-cap", "-1"), "error: --chain-cap: must be 0 (no chains) or more (got -1)"),
        (("--as-of", "soon"), "error: --as-of: must be a date, YYYY-MM-DD (got 'soon')"),
        (("--time-limit", "0"), "error: --time-limit: must be more than 0 seconds (got 0.0)"),
    ):
        result = cli("exchange", "solve", "abel-1962", *args)
        assert result.code == 1
        assert result.err.splitlines() == [message]


def abel_text() -> str:
    return demo_pools()["abel-1962"].read_text(encoding="utf-8")


def test_bad_pools_name_the_field(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        abel_text()
        .replace(
            "only_if_gets: [abel]}\n  - {party: gdr",
            "only_if_gets: [abel, nobody]}\n  - {party: gdr",
        )
        .replace("releases: pryor, only_if_gets: [abel]", "releases: pryor, only_if_gets: [powers]")
        .replace("max: 1}", "max: 0}")
    )
    result = cli("exchange", "solve", str(bad))
    assert result.code == 1
    assert result.err.splitlines() == [
        f"error: {bad}:74: conditions[0].only_if_gets[1]: no person 'nobody' in the pool",
        f"error: {bad}:75: conditions[1].only_if_gets[0]: circular condition: 'powers' is held"
        " by 'ussr', on the same side as 'gdr', so 'gdr' would wait on its own release",
        f"error: {bad}:77: give_caps[0].max: must be at least 1; to give a party nothing, list"
        " the pair under no_deal (got 0)",
    ]


def test_an_infeasible_pool_says_which_constraints_clash(cli: Cli, tmp_path: Path) -> None:
    pool = tmp_path / "pool.yaml"
    pool.write_text(abel_text() + "  - {giver: ussr, max: 1}\nrequired: [powers, pryor]\n")
    result = cli("exchange", "solve", str(pool))
    assert result.code == 1
    assert result.err.splitlines() == [
        "error: infeasible pool: these cannot all hold: required: Francis Gary Powers;"
        " required: Frederic L. Pryor; cap: Soviet Union gives at most 1"
    ]
    missing = cli("exchange", "solve", str(tmp_path / "none.yaml"))
    assert missing.err.splitlines() == [f"error: {tmp_path / 'none.yaml'}: no such file"]


def test_the_record_from_the_command_line_and_its_pool_file(cli: Cli, tmp_path: Path) -> None:
    assert cli("demo").code == 0
    solved = cli("exchange", "solve", "--record", "--as-of", "1941-02-21")
    assert solved.code == 0, solved.err
    assert "releases Mikhail N. Gorin to Union of Soviet Socialist Republics" in solved.out
    written = tmp_path / "record.yaml"
    made = cli("exchange", "pool", "--as-of", "1964-12-01", "-o", str(written))
    assert made.code == 0, made.err
    assert "Wrote the pool of 2 persons" in made.err
    again = cli("exchange", "solve", str(written), "-f", "json")
    assert again.code == 0, again.err
    assert {i["person"] for i in json.loads(again.out)["packages"][0]["items"]} == {
        "ivanov",
        "landerman",
    }
    twice = cli("exchange", "pool", "--as-of", "1964-12-01", "-o", str(written))
    assert twice.code != 0 and "exists already" in twice.err
    both = cli("exchange", "solve", "abel-1962", "--record")
    assert both.code != 0 and "not both" in both.err


def test_a_package_drafted_from_the_command_line(cli: Cli) -> None:
    assert cli("demo").code == 0
    made = cli("exchange", "draft", "--as-of", "1964-12-01")
    assert made.code == 0, made.err
    assert "Filed draft proposal exchange-1964-12-01" in made.out
    key = made.out.split("Filed draft proposal ", 1)[1].split(":", 1)[0]
    shown = cli("proposal", "show", key)
    assert shown.code == 0, shown.err
    assert "ivanov" in shown.out and "landerman" in shown.out
    none = cli("exchange", "draft", "--as-of", "1964-12-01", "--package", "3")
    assert none.code != 0 and "not 3" in none.err
