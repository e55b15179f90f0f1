"""Legal windows, deadlines and urgency on the demo cases, from the command line and the API:
the reference behaviour of DESIGN.md §4."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from glienicke.domain.dates import PartialDate
from glienicke.domain.detention import Detention, Stage, StageKind
from glienicke.services import law
from glienicke.services.database import Database
from glienicke.services.datasets import load_demo
from tests.conftest import CliResult

Cli = Callable[..., CliResult]


@pytest.fixture
def demo(cli: Cli) -> Cli:
    assert cli("demo").code == 0
    return cli


def _windows(cli: Cli, person: str, as_of: str) -> dict[str, Any]:
    result = cli("windows", person, "--as-of", as_of, "--format", "json")
    assert result.code == 0, result.err
    view: dict[str, Any] = json.loads(result.out)
    return view


def _by_key(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["key"]: m for m in view["mechanisms"]}


def test_gorin_on_21_february_1941(demo: Cli) -> None:
    view = _windows(demo, "gorin", "1941-02-21")
    assert (view["person"], view["detention"], view["as_of"], view["pack"]) == (
        "gorin",
        "gorin-1938",
        "1941-02-21",
        "us-federal-1925-1987",
    )
    mechanisms = _by_key(view)
    probation = mechanisms["probation"]
    assert probation["status"] == "open"
    assert probation["closes"]["event"] == "service-begins"
    assert probation["closes"]["date"] == "about 1941-02-22" and probation["closes"]["estimated"]
    assert "court" in probation["decider"]
    needed = {s["key"] for s in probation["requires"]}
    assert {"us-attorney-recommendation", "justice-approval"} <= needed
    assert mechanisms["pardon"]["status"] == "open"
    assert mechanisms["pardon"]["closes"]["event"] is None  # it never closes
    for field in ("decider", "requires", "conditions", "basis", "explanation"):
        assert field in probation


def test_once_service_begins_only_pardon_and_commutation_remain(db: Database) -> None:
    load_demo(db)
    gorin = law.windows_for(db, "gorin", law.parse_as_of("1941-02-21"))
    detention = _with_service_begun(db, "1941-02-24")
    config = law.law_config()
    after = law.evaluate(
        detention, law.pack_for(detention, config, gorin.as_of), _day("1941-03-01")
    )
    status = {w.key: w for w in after.windows}
    assert status["probation"].status.value == "closed"
    assert "Murray" in status["probation"].explanation
    assert "service of the sentence began on 1941-02-24" in status["probation"].explanation
    assert status["pardon"].status.value == "open"
    assert status["commutation"].status.value == "open"
    before = {w.key: w.status.value for w in gorin.windows}
    still_open = {k for k, w in status.items() if w.status.value == "open"}
    assert still_open & {k for k, v in before.items() if v == "open"} == {"pardon", "commutation"}


def test_ivanov_on_19_november_1964(demo: Cli) -> None:
    view = _windows(demo, "ivanov", "1964-11-19")
    assert view["stage"] == "on-trial"
    expulsion = _by_key(view)["suspended-sentence-expulsion"]
    assert expulsion["status"] == "not-yet"
    assert expulsion["opens"]["event"] == "conviction"
    assert expulsion["closes"]["event"] == "sentencing"
    needed = {s["key"] for s in expulsion["requires"]}
    assert {"us-attorney-recommendation", "justice-concurrence"} <= needed


def test_a_date_known_only_to_the_month_is_said_so(demo: Cli) -> None:
    view = _windows(demo, "ivanov", "1965-01-15")
    expulsion = _by_key(view)["suspended-sentence-expulsion"]
    assert expulsion["status"] == "closed"
    assert "1964-12 (known only to the month)" in expulsion["explanation"]


def test_deadlines_put_the_clearance_alarm_first(demo: Cli) -> None:
    result = demo("deadlines", "--as-of", "1941-02-21", "--format", "json")
    rows = json.loads(result.out)
    first = rows[0]
    assert (first["person"], first["mechanism"], first["alarm"]) == ("gorin", "probation", True)
    assert first["days_left"] == 1 and first["lead_days"] > 1
    assert first["message"].startswith("probation for gorin closes in 1 day")
    assert "its clearance usually takes" in first["message"]
    text = demo("deadlines", "--as-of", "1941-02-21").out
    assert text.startswith("ALARM probation for gorin closes in 1 day")
    assert (
        json.loads(demo("deadlines", "--as-of", "1941-02-21", "--within", "0", "-f", "json").out)
        == []
    )


def test_urgency_shows_its_terms(demo: Cli) -> None:
    rows = json.loads(demo("urgency", "--as-of", "1941-02-21", "--format", "json").out)
    gorin = next(r for r in rows if r["kind"] == "case" and r["key"] == "gorin")
    names = {t["name"] for t in gorin["terms"]}
    assert {"window closing", "time detained"} <= names
    assert gorin["score"] == round(sum(t["points"] for t in gorin["terms"]), 1)
    pyk = next(r for r in rows if r["kind"] == "case" and r["key"] == "pyk")
    assert "death sentence" in {t["name"] for t in pyk["terms"]}
    assert rows == sorted(rows, key=lambda r: -r["score"])


def test_the_api_answers_the_same(demo: Cli, api: Callable[..., Any]) -> None:
    client = api()
    view = client.get("/api/v1/windows/gorin", params={"as_of": "1941-02-21"}).json()
    assert _by_key(view)["probation"]["status"] == "open"
    deadlines = client.get("/api/v1/deadlines", params={"as_of": "1941-02-21"}).json()
    assert deadlines[0]["alarm"] is True
    urgency = client.get("/api/v1/urgency", params={"as_of": "1941-02-21"}).json()
    assert urgency and "terms" in urgency[0]


def test_bad_input_is_named(demo: Cli, api: Callable[..., Any]) -> None:
    wrong_day = demo("windows", "gorin", "--as-of", "1941-02-30")
    assert wrong_day.code == 1
    assert "as-of date '1941-02-30' is not a calendar day (YYYY-MM-DD)" in wrong_day.err
    nobody = demo("windows", "nobody")
    assert nobody.code == 1 and "nobody" in nobody.err
    free = demo("windows", "steinhardt")
    assert free.code == 1 and "no detention for person with key 'steinhardt'" in free.err
    client = api()
    response = client.get("/api/v1/windows/gorin", params={"as_of": "soon"})
    assert response.status_code in (400, 422)
    assert "as-of date 'soon'" in response.json()["error"]["message"]


def test_a_broken_pack_fails_at_once_naming_file_and_field(
    tmp_path: Path, demo: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "packs"
    bad.mkdir()
    (bad / "us-federal-1925-1987.yaml").write_text(
        "glienicke_law_pack: 1\nkey: us-federal-1925-1987\nname: x\napplies: {states: [us]}\n"
        "summary: x\nmechanisms:\n  - key: probation\n    name: P\n    decider: court\n"
        "    requires: []\n    opens: {event: conviktion}\n    basis: b\n    explanation: e\n"
        "    closed_reason: r\n    in_force: {from: 1925-03-04}\n"
    )
    monkeypatch.setenv("GLIENICKE_LAW_PACKS", str(bad))
    law._configured.cache_clear()
    result = demo("windows", "gorin", "--as-of", "1941-02-21")
    law._configured.cache_clear()
    assert result.code == 1
    assert f"{bad / 'us-federal-1925-1987.yaml'}:11: mechanisms[0].opens.event" in result.err
    assert "'conviktion' is not one of" in result.err


def test_a_deployment_pack_replaces_a_built_in_one(
    tmp_path: Path, demo: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "us-federal-1925-1987.yaml").write_text(
        "glienicke_law_pack: 1\nkey: us-federal-1925-1987\nname: Local\n"
        "applies: {states: [us], from: 1925-03-04}\nsummary: local rules\nmechanisms:\n"
        "  - {key: local-release, name: Local release, decider: the governor, requires: [],"
        " opens: {event: held}, in_force: {from: 1925-03-04}, basis: local law, explanation: e,"
        " closed_reason: r}\n"
    )
    monkeypatch.setenv("GLIENICKE_LAW_PACKS", str(folder))
    law._configured.cache_clear()
    view = _windows(demo, "gorin", "1941-02-21")
    law._configured.cache_clear()
    assert [m["key"] for m in view["mechanisms"]] == ["local-release"]


def _day(text: str) -> Any:
    return law.parse_as_of(text)


def _with_service_begun(db: Database, day: str) -> Detention:
    from glienicke.security.actor import acting_as  # noqa: F401  (the tester acts)
    from glienicke.services import records

    stored = records.get_versioned(db, "detentions", "gorin-1938")[0]
    assert isinstance(stored, Detention)
    kept = [s for s in stored.stages if s.date.earliest() < _day(day)]
    kept.append(Stage(stage=StageKind.SERVING, date=PartialDate.parse(day)))
    stored.stages = kept
    assert stored.problems() == []
    return stored
