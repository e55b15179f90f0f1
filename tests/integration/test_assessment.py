"""The balance sheet on the demo cases, from the command line and the API, within what the
viewer may see; and its weights as configuration."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from glienicke.services import accounts, assessment
from glienicke.services.database import Database
from tests.conftest import CliResult

Cli = Callable[..., CliResult]

BAD_BARGAIN = "gives a career intelligence officer (Igor Ivanov, KGB) for one private citizen"


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


@pytest.fixture
def outsider(demo: Cli, db: Database) -> str:
    """A reader in the Gorin team only: the Ivanov records are compartmented away from them."""
    accounts.add_user(
        db,
        "gorin-reader",
        "Gorin Reader",
        roles=["case-officer"],
        clearance="secret",
        groups=["gorin-team"],
        password="gorin reader password",
    )
    return "gorin-reader"


@pytest.fixture(autouse=True)
def _fresh_weights() -> Iterator[None]:
    assessment._configured.cache_clear()
    yield
    assessment._configured.cache_clear()


def _assess(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("proposal", "assess", *args, "--format", "json")
    assert result.code == 0, result.err
    view: dict[str, Any] = json.loads(result.out)
    return view


def _terms(view: dict[str, Any], side: str) -> dict[str, dict[str, float]]:
    return {
        e["item"] or "whole": {t["factor"]: t["points"] for t in e["terms"]}
        for e in view[side]["entries"]
    }


def test_ivanov_flags_the_asymmetry_the_acting_attorney_general_named(demo: Cli) -> None:
    view = _assess(demo, "ivanov-1964")
    assert view["as_of"] == "1964-11-19"  # rejected: judged as it was put forward
    assert f"{BAD_BARGAIN} (Peter Landerman)" in view["flags"]
    assert any(f.startswith("gives far more than it gets") for f in view["flags"])
    assert _terms(view, "give")["expel-ivanov"] == {
        "person released": 10,
        "intelligence affiliation": 30,
        "seniority": 15,
    }
    assert _terms(view, "get") == {
        "protect-americans": {"unquantified benefit": None},
        "release-landerman": {"person freed": 10},
    }
    assert (view["give"]["total"], view["get"]["total"], view["balance"]) == (61, 10, -51)
    bad = next(c for c in view["considerations"] if c["key"] == "ivanov-bad-bargain")
    assert (bad["stance"], bad["made_by_name"], bad["document"]) == (
        "against",
        "Nicholas Katzenbach",
        "katzenbach-rusk-1964-12-01",
    )
    assert "bad bargain" in bad["argument"].lower()


def test_ivanov_reads_plainly_as_text(demo: Cli) -> None:
    result = demo("proposal", "assess", "ivanov-1964")
    assert result.code == 0, result.err
    assert "Balance: -51 (get 10 less give 61)" in result.out
    assert f"! {BAD_BARGAIN} (Peter Landerman)" in result.out
    assert "Considerations against (3)" in result.out and "A bad bargain" in result.out
    assert "GIVE (what we would do): 61" in result.out


def test_gorin_shows_a_death_sentence_and_several_persons_on_the_get_side(demo: Cli) -> None:
    view = _assess(demo, "gorin-1941")
    assert view["as_of"] == "1941-02-20"
    get = _terms(view, "get")
    assert get["release-pyk"] == {"person freed": 10, "death sentence": 40}
    freed = [k for k, terms in get.items() if "person freed" in terms]
    assert freed == [
        "release-pyk",
        "release-roszkowski",
        "release-devenis",
        "exit-habicht",
        "exit-habicht-children",
    ]
    assert get["exit-other-wives"] == {"unquantified benefit": None}
    assert "a person under sentence of death is on the get side (Irena Pyk)" in view["flags"]
    assert _terms(view, "give") == {
        "release-gorin": {"person released": 10, "deterrence already achieved": -10},
        "whole": {"precedent risk": 9, "legal novelty": 4},
    }
    assert (view["give"]["total"], view["get"]["total"], view["balance"]) == (13, 90, 77)
    assert view["verdict"].startswith("gets more than it gives on these weights: balance +77")
    first = view["comparables"][0]
    assert (first["key"], first["status"]) == ("ovakimian-1941", "completed")
    assert "concerns the same persons (Mrs. Habicht, Children of Mrs. Habicht)" in first["reasons"]
    assert [c["key"] for c in view["comparables"]] == ["ovakimian-1941", "ivanov-1964"]


def test_judged_years_later_those_already_free_count_nothing(demo: Cli) -> None:
    view = _assess(demo, "gorin-1941", "--as-of", "1950-01-01")
    get = _terms(view, "get")
    assert get["release-pyk"] == {"already free": 0}
    assert get["exit-habicht"] == {"already free": 0}
    assert "Irena Pyk is already free by 1950-01-01: that item obtains nothing" in view["flags"]
    assert view["as_of_reason"] == "the day asked"


def test_an_outsider_finds_no_ivanov_proposal_and_no_trace_of_it_among_comparables(
    demo: Cli, outsider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GLIENICKE_USER", outsider)
    refused = demo("proposal", "assess", "ivanov-1964")
    assert refused.code == 1
    assert refused.err.strip() == "error: no proposal with key 'ivanov-1964'"
    view = _assess(demo, "gorin-1941")
    assert [c["key"] for c in view["comparables"]] == ["ovakimian-1941"]
    text = demo("proposal", "assess", "gorin-1941").out + json.dumps(view)
    for trace in ("ivanov", "Ivanov", "Landerman", "KGB"):
        assert trace not in text


def test_the_api_gives_the_same_sheet_and_hides_it_from_an_outsider(
    demo: Cli, outsider: str, api: Callable[..., Any], db: Database
) -> None:
    client = api()
    response = client.get("/api/v1/proposals/ivanov-1964/assessment")
    assert response.status_code == 200
    view = response.json()
    assert view == _assess(demo, "ivanov-1964")
    later = client.get("/api/v1/proposals/gorin-1941/assessment", params={"as_of": "1950-01-01"})
    assert later.json()["as_of"] == "1950-01-01"
    bad_day = client.get("/api/v1/proposals/gorin-1941/assessment", params={"as_of": "1941-02-30"})
    assert bad_day.status_code == 422
    assert "not a calendar day" in bad_day.json()["error"]["message"]
    from glienicke.security.actor import acting_as
    from glienicke.security.policy import Viewer

    with acting_as("test:outsider", "tests", Viewer.of(accounts.user_named(db, outsider))):
        _token, plain = accounts.create_token(db, outsider, "tests")
    headers = {"Authorization": f"Bearer {plain}"}
    hidden = client.get("/api/v1/proposals/ivanov-1964/assessment", headers=headers)
    assert hidden.status_code == 404
    assert hidden.json()["error"]["message"] == "no proposal with key 'ivanov-1964'"
    gorin = client.get("/api/v1/proposals/gorin-1941/assessment", headers=headers).json()
    assert "ivanov" not in json.dumps(gorin).lower()


def test_a_deployment_sets_its_own_weights(
    demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        "glienicke_config: 1\nassessment:\n  give:\n    intelligence: 0\n"
        "  senior_roles: [resident]\n"
    )
    monkeypatch.setenv("GLIENICKE_CONFIG", str(config))
    view = _assess(demo, "ivanov-1964")
    assert _terms(view, "give")["expel-ivanov"] == {"person released": 10}
    assert view["weights"]["give.intelligence"] == 0
    assert view["balance"] == 10 - 16
    assert not any("private citizen" in f for f in view["flags"])


def test_a_bad_weight_fails_naming_the_file_the_line_and_the_setting(
    demo: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("glienicke_config: 1\nassessment:\n  get:\n    death_sentence: lots\n")
    monkeypatch.setenv("GLIENICKE_CONFIG", str(config))
    result = demo("proposal", "assess", "gorin-1941")
    assert result.code == 1
    assert (
        f"error: {config}:4: assessment.get.death_sentence: must be a number, 0 or more"
        in result.err
    )


def test_the_shipped_weights_are_valid() -> None:
    weights = assessment.read_weights(None)
    assert weights.get.death_sentence == 40 and "KGB" in weights.intelligence_services
